import Foundation
import Testing

@testable import MenhuCore

/// The national veto checklist's boundary cases (inspection-peers §5.1–5.2): thresholds are
/// inclusive and days are Asia/Shanghai days.
@Suite struct VetoChecklistTests {
    /// 2026-12-02 12:00 in China.
    static let now = ChinaTime.start(of: CalendarDay("2026-12-02")!).addingTimeInterval(12 * 3600)

    /// `perDay` probes on each of the 7 days up to `now`, the first `failures` of them failing.
    func week(perDay: Int, failures: Int, durationMillis: Int = 300) -> [SiteProbe] {
        let start = ChinaTime.start(of: CalendarDay("2026-11-26")!)
        var probes: [SiteProbe] = []
        for day in 0..<7 {
            for k in 0..<perDay {
                // Today's probes are all before noon.
                let at = start.addingTimeInterval(Double(day) * 86_400 + Double(k) * (day == 6 ? 1_500 : 3_600))
                probes.append(SiteProbe(at: at, status: 200, durationMillis: durationMillis))
            }
        }
        for i in 0..<failures { probes[i * 3].status = 503 }
        return probes
    }

    @Test func sevenFailuresIn140ProbesAreAVetoAndSixAreNot() {
        #expect(AvailabilityRule.evaluate(week(perDay: 20, failures: 7), now: Self.now).verdict == .veto)
        let six = AvailabilityRule.evaluate(week(perDay: 20, failures: 6), now: Self.now)
        #expect(six.verdict == .atRisk, "one more failure would cross 5 %")
        #expect(six.value == "近 7 天监测 140 次，失败 6 次（4.29%）")
        #expect(AvailabilityRule.evaluate(week(perDay: 24, failures: 9), now: Self.now).verdict == .veto)
        #expect(AvailabilityRule.evaluate(week(perDay: 24, failures: 2), now: Self.now).verdict == .pass)
    }

    @Test func aPageLoadedInExactly15SecondsFailed() {
        #expect(SiteProbe(at: Self.now, status: 200, durationMillis: 15_000).failed)
        #expect(!SiteProbe(at: Self.now, status: 200, durationMillis: 14_999).failed)
        #expect(SiteProbe(at: Self.now, status: 500, durationMillis: 20).failed)
        #expect(SiteProbe(at: Self.now, status: nil, durationMillis: 20, error: "无法连接").failed)
    }

    @Test func aDayWithTooFewProbesIsNeverAPass() {
        var probes = week(perDay: 20, failures: 0)
        probes.remove(at: 30)  // 2026-11-27 keeps 19
        let result = AvailabilityRule.evaluate(probes, now: Self.now)
        #expect(result.verdict == .noData && result.findings.first == "2026-11-27 仅监测 19 次，不足每日 20 次")
        #expect(AvailabilityRule.evaluate([], now: Self.now).verdict == .noData)
    }

    @Test func probesEitherSideOfMidnightFallOnDifferentChinaDays() {
        let midnight = ChinaTime.start(of: CalendarDay("2026-12-01")!)
        #expect(ChinaTime.day(midnight.addingTimeInterval(-1)) == "2026-11-30")
        #expect(ChinaTime.day(midnight.addingTimeInterval(1)) == "2026-12-01")
        // 20 probes on the 30th end at 23:59:59; the 1st gets only the one at 00:00:01 and more later.
        var probes = week(perDay: 20, failures: 0).filter { ChinaTime.day($0.at) != "2026-12-01" }
        probes.append(SiteProbe(at: midnight.addingTimeInterval(1), status: 200, durationMillis: 100))
        let result = AvailabilityRule.evaluate(probes, now: Self.now)
        #expect(result.findings.contains("2026-12-01 仅监测 1 次，不足每日 20 次"))
    }

    func column(_ name: String, kind: ColumnKind, parent: String? = nil, rule: UpdateRule = .none) -> Column {
        Column(
            siteID: "s",
            settings: ColumnSettings(
                name: name, slug: "c\(name.unicodeScalars.count)", kind: kind, parentID: parent, ownerDepartmentID: nil, updateRule: rule),
            createdAt: Self.now.addingTimeInterval(-400 * 86_400))
    }

    func rule(_ columns: [Column], _ latest: [String: Date], homepage: [String] = []) -> FreshnessRule {
        FreshnessRule(
            tree: ColumnTree(columns), activity: latest.mapValues { ColumnActivity(count: 1, latest: $0) }, homepageColumnIDs: homepage,
            ownerName: { _ in "市政府办公室" }, now: Self.now)
    }

    @Test func fiveStaleColumnsAreAVetoAndFourAreNot() {
        let old = Self.now.addingTimeInterval(-15 * 86_400), fresh = Self.now.addingTimeInterval(-86_400)
        let news = (1...5).map { column("动态\($0)", kind: .news) }
        var latest = Dictionary(uniqueKeysWithValues: news.map { ($0.id, old) })
        #expect(rule(news, latest).columns().verdict == .veto)
        latest[news[0].id] = fresh
        let four = rule(news, latest).columns()
        #expect(four.verdict != .veto && four.value.hasPrefix("不更新栏目 4 个"))
        #expect(four.findings.first?.contains("（市政府办公室）") == true, "each finding names the owner")
    }

    /// F1: each column's own contract — a weekly column updated 8 days ago is overdue, a daily one
    /// updated today is due tomorrow, a 动态 column updated 10 days ago has 4 days to the veto line,
    /// a blank one comes first.
    @Test func eachColumnsContractSaysWhenItIsDueAndHowFarTheVetoLineIs() {
        let weekly = column("业务工作", kind: .other, rule: .weekly), daily = column("今日要闻", kind: .news, rule: .daily)
        let news = column("工作动态", kind: .news, rule: .monthly), blank = column("空白栏目", kind: .other, rule: .monthly)
        let contracts = rule(
            [weekly, daily, news, blank],
            [
                weekly.id: Self.now.addingTimeInterval(-8 * 86_400), daily.id: Self.now.addingTimeInterval(-60),
                news.id: Self.now.addingTimeInterval(-10 * 86_400),
            ]
        ).contracts()
        let byName = Dictionary(uniqueKeysWithValues: contracts.map { ($0.column.name, $0) })
        #expect(contracts.first?.column.name == "空白栏目" && byName["空白栏目"]?.state == .blank)
        #expect(byName["业务工作"]?.state == .overdue && byName["业务工作"]?.daysToVeto == nil)
        #expect(byName["今日要闻"]?.state == .onTime && byName["今日要闻"]?.daysToVeto == 14)
        #expect(byName["工作动态"]?.state == .onTime && byName["工作动态"]?.daysToVeto == 4)
        #expect(contracts.last?.column.name == "今日要闻", "the furthest from its line last")
    }

    @Test func onlyTopLevelNoticeColumnsAreTimedAtSixMonths() {
        let top = column("通知公告", kind: .notice)
        let sub = column("公示", kind: .notice, parent: top.id)
        let seven = Self.now.addingTimeInterval(-213 * 86_400)
        let result = rule([top, sub], [top.id: seven, sub.id: seven]).columns()
        #expect(result.value.hasPrefix("不更新栏目 1 个"))
        #expect(result.findings.first?.hasPrefix("「通知公告」") == true)
    }

    @Test func blankColumnsCountAndTopicsAndArchivedColumnsDoNot() {
        let blanks = (1...5).map { column("空白\($0)", kind: .other) }
        #expect(rule(blanks, [:]).columns().verdict == .veto)
        let topic = column("专题", kind: .topic)
        var archived = column("旧栏目", kind: .other)
        archived.archivedAt = Self.now
        let inTopic = (1...4).map { column("专题子栏目\($0)", kind: .news, parent: topic.id) }
        let result = rule(Array(blanks.prefix(4)) + [topic, archived] + inTopic, [:]).columns()
        #expect(result.value.hasSuffix("空白栏目 4 个") && result.verdict == .atRisk)
    }

    @Test func theHomepageIsStaleAfterTwoWeeksOfNothingNew() {
        let news = column("要闻", kind: .news)
        let justInside = Self.now.addingTimeInterval(-14 * 86_400 + 60), justOutside = Self.now.addingTimeInterval(-14 * 86_400 - 60)
        #expect(rule([news], [news.id: justInside], homepage: [news.id]).homepage().verdict == .atRisk)
        #expect(rule([news], [news.id: justOutside], homepage: [news.id]).homepage().verdict == .veto)
        #expect(rule([news], [:], homepage: [news.id]).homepage().verdict == .veto, "never updated")
        // A navigation-only homepage passes while a second-level page is updated.
        let other = column("通知", kind: .notice)
        #expect(rule([news, other], [news.id: justOutside, other.id: Self.now.addingTimeInterval(-3_600)]).homepage().verdict == .pass)
        // A scheduled item not yet live is no update.
        #expect(rule([news], [news.id: Self.now.addingTimeInterval(3_600)], homepage: [news.id]).homepage().verdict == .veto)
    }

    @Test func noConsultationChannelOrALetterUnansweredForThreeMonthsIsAVeto() {
        #expect(InteractionRule.evaluate(consultationChannels: 0, unansweredOverTwoMonths: 0, unansweredOverThreeMonths: 0).verdict == .veto)
        #expect(InteractionRule.evaluate(consultationChannels: 1, unansweredOverTwoMonths: 1, unansweredOverThreeMonths: 1).verdict == .veto)
        #expect(InteractionRule.evaluate(consultationChannels: 1, unansweredOverTwoMonths: 2, unansweredOverThreeMonths: 0).verdict == .atRisk)
        #expect(InteractionRule.evaluate(consultationChannels: 1, unansweredOverTwoMonths: 0, unansweredOverThreeMonths: 0).verdict == .pass)
    }
    @Test func aFakedPublicationDateOrABlockedLivePageIsAVeto() {
        let created = Self.now.addingTimeInterval(-86_400)
        let honest = BackdatedItem(
            articleID: "a", title: "如实", shown: created.addingTimeInterval(600), created: created, registered: created.addingTimeInterval(600))
        #expect(!honest.isBackdated)
        #expect(SeriousProblemRule.evaluate(blocking: [], backdated: [honest]).verdict == .pass)
        // Shown before the item existed, shown at another time than the registry's, or never registered.
        let early = BackdatedItem(
            articleID: "b", title: "提前", shown: created.addingTimeInterval(-30 * 86_400), created: created,
            registered: created.addingTimeInterval(-30 * 86_400))
        let moved = BackdatedItem(
            articleID: "c", title: "改期", shown: created.addingTimeInterval(60), created: created, registered: created.addingTimeInterval(3_600))
        let unregistered = BackdatedItem(articleID: "d", title: "未登记", shown: created.addingTimeInterval(60), created: created, registered: nil)
        #expect(early.isBackdated && moved.isBackdated && unregistered.isBackdated)
        let faked = SeriousProblemRule.evaluate(blocking: [], backdated: [moved])
        #expect(faked.verdict == .veto && faked.findings.first?.hasPrefix("伪造发稿日期：「改期」显示发布于") == true)
        #expect(SeriousProblemRule.evaluate(blocking: ["「通知」含有密级标志“绝密”"], backdated: []).verdict == .veto)
    }
}
