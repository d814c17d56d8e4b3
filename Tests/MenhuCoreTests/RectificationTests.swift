import Foundation
import Testing

@testable import MenhuCore

/// 整改 and 值班读网 (M1, M2): a finding opens a task, the re-check closes it, a dismissal runs out,
/// and a reader's mark holds for the revision read.
@Suite struct RectificationTests {
    static let now = ChinaTime.start(of: CalendarDay("2026-12-03")!).addingTimeInterval(3 * 3600)

    func finding(_ subject: String, title: String = "链接失效") -> RectificationFinding {
        RectificationFinding(source: .link, subject: subject, departmentID: "d1", title: title, detail: "HTTP 404")
    }

    func task(_ subject: String, _ state: Rectification.State, until: Date? = nil) -> Rectification {
        Rectification(
            id: "t-\(subject)", siteID: "s", source: .link, subject: subject, departmentID: "d1", title: "链接失效", detail: "HTTP 404",
            openedAt: Self.now.addingTimeInterval(-86_400), dueAt: Self.now, state: state, dismissedUntil: until)
    }

    @Test func aNewFindingOpensATaskAndAGoneOneIsClosedByTheRecheck() {
        let changes = RectificationRule.reconcile(
            existing: [task("a", .open), task("b", .open)], found: [finding("b"), finding("c"), finding("c")], sources: [.link], now: Self.now)
        #expect(changes == [.open(finding("c")), .close(id: "t-a")])
    }

    @Test func aFixedTaskFoundAgainReopensAndAStillFoundOneFollowsTheFinding() {
        let changes = RectificationRule.reconcile(
            existing: [task("a", .fixed), task("b", .open)], found: [finding("a"), finding("b", title: "链接仍失效")], sources: [.link], now: Self.now)
        #expect(changes == [.reopen(id: "t-a", finding("a")), .update(id: "t-b", finding("b", title: "链接仍失效"))])
    }

    @Test func aDismissalHoldsUntilItsDayThenTheTaskReopensIfStillFound() {
        let before = RectificationRule.reconcile(
            existing: [task("a", .dismissed, until: Self.now.addingTimeInterval(60))], found: [finding("a")], sources: [.link], now: Self.now)
        #expect(before.isEmpty)
        let after = RectificationRule.reconcile(
            existing: [task("a", .dismissed, until: Self.now)], found: [finding("a")], sources: [.link], now: Self.now)
        #expect(after == [.reopen(id: "t-a", finding("a"))])
        // A dismissed task whose finding is gone simply stays dismissed.
        #expect(RectificationRule.reconcile(existing: [task("a", .dismissed, until: Self.now)], found: [], sources: [.link], now: Self.now).isEmpty)
    }

    @Test func tasksOfSourcesNotInspectedAreLeftAlone() {
        #expect(RectificationRule.reconcile(existing: [task("a", .open)], found: [], sources: [.reading], now: Self.now).isEmpty)
    }

    @Test func theDeadlineCountsWorkingDaysOverAWeekend() throws {
        // Opened on Thursday 2026-12-03: a broken link has 5 working days, to Thursday 12-10 inclusive.
        let calendar = WorkingCalendar.builtIn
        let due = RectificationRule.due(.link, openedOn: try #require(CalendarDay("2026-12-03")), calendar: calendar)
        #expect(ChinaTime.day(due.addingTimeInterval(-1)) == "2026-12-10")
        let reading = RectificationRule.due(.reading, openedOn: try #require(CalendarDay("2026-12-04")), calendar: calendar)
        #expect(ChinaTime.day(reading.addingTimeInterval(-1)) == "2026-12-07", "Friday's error is due on Monday")
    }

    @Test func aDismissalNeedsAReasonAndALaterDayWithinAYear() throws {
        let today = try #require(CalendarDay("2026-12-03"))
        #expect(throws: FieldErrors.self) { try RectificationRule.dismissal(["reason": "", "until": "2026-12-20"], today: today) }
        #expect(throws: FieldErrors.self) { try RectificationRule.dismissal(["reason": "外部网站改版中", "until": "2026-12-03"], today: today) }
        #expect(throws: FieldErrors.self) { try RectificationRule.dismissal(["reason": "外部网站改版中", "until": "2028-01-01"], today: today) }
        let ok = try RectificationRule.dismissal(["reason": "外部网站改版中", "until": "2026-12-20"], today: today)
        #expect(ok.reason == "外部网站改版中" && ChinaTime.day(ok.until.addingTimeInterval(-1)) == "2026-12-20")
    }

    func item(_ id: String, revision: String = "r2", read: DutyRead? = nil, withdrawn: Bool = false, minutes: Double = 0) -> ReadingItem {
        ReadingItem(
            articleID: id, title: id, columnID: "c", at: Self.now.addingTimeInterval(minutes * 60), revisionID: revision, withdrawn: withdrawn,
            lastRead: read)
    }

    func read(_ id: String, revision: String, _ verdict: ReadingVerdict = .correct) -> DutyRead {
        DutyRead(articleID: id, revisionID: revision, readerName: "值班员", verdict: verdict, note: "", at: Self.now)
    }

    @Test func aMarkHoldsForTheRevisionReadAndAnEditPutsTheItemBack() {
        #expect(item("a").state == .unread)
        #expect(item("a", read: read("a", revision: "r2")).state == .correct)
        #expect(item("a", read: read("a", revision: "r1")).state == .changed, "edited after it was read")
        #expect(item("a", read: read("a", revision: "r2", .wrong)).state == .wrong)
        #expect(item("a", withdrawn: true).state == .withdrawn)
    }

    @Test func coverageCountsWhatCanBeReadAndUnreadAtMidnightIsFlagged() throws {
        var items = (0..<36).map { item("i\($0)", read: read("i\($0)", revision: "r2")) }
        items.append(item("late", minutes: 20 * 60 + 58))
        items.append(item("gone", withdrawn: true))
        let during = ReadingDay(day: try #require(CalendarDay("2026-12-03")), items: items, now: Self.now)
        #expect(during.coverage == "已读 36 / 37（97.3%）" && during.unreadAtMidnight == 0)
        #expect(during.items.first?.articleID == "late", "what is still to read comes first")
        let after = ReadingDay(day: try #require(CalendarDay("2026-12-03")), items: items, now: Self.now.addingTimeInterval(86_400))
        #expect(after.isOver && after.unreadAtMidnight == 1)
    }

    @Test func aWrongMarkNeedsANoteAndAMarkMustBeForTheLiveRevision() throws {
        let a = item("a")
        #expect(throws: FieldErrors.self) { try ReadingDay.mark(["verdict": "wrong", "note": ""], item: a) }
        #expect(throws: FieldErrors.self) { try ReadingDay.mark(["verdict": "maybe"], item: a) }
        #expect(throws: FieldErrors.self) { try ReadingDay.mark(["verdict": "correct", "revisionID": "r1"], item: a) }
        #expect(throws: FieldErrors.self) { try ReadingDay.mark(["verdict": "correct"], item: item("b", withdrawn: true)) }
        let wrong = try ReadingDay.mark(["verdict": "wrong", "note": "第二段日期有误", "revisionID": "r2"], item: a)
        #expect(wrong == (.wrong, "第二段日期有误"))
    }
}
