import Foundation
import MenhuCore
import Testing

/// `YYYY-MM-DD`, which the tests know to be valid.
func day(_ text: String) -> CalendarDay { CalendarDay(text)! }

/// `YYYY-MM-DD HH:MM` in Asia/Shanghai.
func chinaTime(_ text: String) -> Date {
    let parts = text.split(separator: " ")
    let d = day(String(parts[0]))
    let hm = parts[1].split(separator: ":").map { Int($0)! }
    return ChinaTime.calendar.date(from: DateComponents(year: d.year, month: d.month, day: d.day, hour: hm[0], minute: hm[1]))!
}

/// The days of the 2024, 2025 and 2026 notices, as their texts give them (2024 国办发明电〔2023〕7号 and
/// 2025 国办发明电〔2024〕12号 as read for ../shared/research/interaction-peers.md §4.3; 2026 from the notice
/// of 2025-11-04 as Xinhua published it): the weekdays off and the weekend days worked.
enum Notices {
    static let weekdaysOff: [String] = [
        // 2024
        "2024-01-01", "2024-02-12", "2024-02-13", "2024-02-14", "2024-02-15", "2024-02-16", "2024-04-04", "2024-04-05",
        "2024-05-01", "2024-05-02", "2024-05-03", "2024-06-10", "2024-09-16", "2024-09-17", "2024-10-01", "2024-10-02",
        "2024-10-03", "2024-10-04", "2024-10-07",
        // 2025
        "2025-01-01", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-02-03", "2025-02-04", "2025-04-04",
        "2025-05-01", "2025-05-02", "2025-05-05", "2025-06-02", "2025-10-01", "2025-10-02", "2025-10-03", "2025-10-06",
        "2025-10-07", "2025-10-08",
        // 2026
        "2026-01-01", "2026-01-02", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-23",
        "2026-04-06", "2026-05-01", "2026-05-04", "2026-05-05", "2026-06-19", "2026-09-25", "2026-10-01", "2026-10-02",
        "2026-10-05", "2026-10-06", "2026-10-07",
    ]
    static let makeUpDays: [String] = [
        "2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29", "2024-10-12",
        "2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
        "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10",
    ]
}

@Suite struct WorkingCalendarTests {
    let calendar = WorkingCalendar.builtIn

    /// The worked examples of interaction-peers.md §4.3, computed there by hand from the notices.
    @Test(arguments: [
        ("2024-09-27", 20, "2024-10-30"),  // 依申请公开 over National Day 2024
        ("2024-10-30", 20, "2024-11-27"),  // …then its extension
        ("2025-01-24", 7, "2025-02-10"),  // 补正 over Spring Festival 2025
        ("2025-09-26", 15, "2025-10-23"),  // 第三方 opinion
        ("2025-09-30", 3, "2025-10-11"),  // 留言 转办: due on a make-up Saturday
        ("2025-09-30", 5, "2025-10-14"),  // 留言 答复
        ("2025-09-30", 1, "2025-10-09"),  // 找错
        ("2025-10-11", 1, "2025-10-13"),  // 找错 received on a make-up Saturday
        ("2025-01-24", 5, "2025-02-07"),  // 留言 答复 over Spring Festival
        ("2025-01-20", 20, "2025-02-21"),  // 依申请公开 over Spring Festival 2025
        ("2024-02-02", 20, "2024-03-06"),  // 依申请公开 over Spring Festival 2024
        ("2024-04-26", 20, "2024-05-27"),  // 依申请公开 over May Day 2024
    ])
    func researchWorkedExamplesHold(received: String, days: Int, due: String) {
        #expect(calendar.dueDate(receivedOn: day(received), workingDays: days) == day(due))
    }

    /// Our own cases around the 2026 notice (元旦, 春节, 劳动节, 中秋节, 国庆节 and its make-up Sunday).
    @Test(arguments: [
        ("2025-12-31", 1, "2026-01-04"),  // over 元旦 into the make-up Sunday of the next year
        ("2026-02-13", 1, "2026-02-14"),  // the make-up Saturday before Spring Festival
        ("2026-02-13", 5, "2026-02-27"),  // 2-14, then 2-24…2-27 after the nine days off
        ("2026-02-27", 1, "2026-02-28"),  // the make-up Saturday after it
        ("2026-04-30", 2, "2026-05-07"),  // May Day 5-1…5-5
        ("2026-09-18", 1, "2026-09-20"),  // a make-up Sunday
        ("2026-09-24", 1, "2026-09-28"),  // Mid-Autumn 9-25…9-27
        ("2026-09-30", 3, "2026-10-10"),  // National Day, due on the make-up Saturday
        ("2024-09-13", 1, "2024-09-14"),  // the make-up Saturday before Mid-Autumn 2024
        ("2024-10-11", 1, "2024-10-12"),  // the make-up Saturday after National Day 2024
        ("2024-04-03", 3, "2024-04-09"),  // Qingming 2024 and its make-up Sunday 4-7
    ])
    func holidaysOf2026AndMakeUpDaysCount(received: String, days: Int, due: String) {
        #expect(calendar.dueDate(receivedOn: day(received), workingDays: days) == day(due))
    }

    @Test func theNoticesOf2024To2026AreInTheData() {
        for text in Notices.weekdaysOff {
            #expect(!calendar.isWorkingDay(day(text)), "\(text) is a day off")
            if case .holiday = calendar.kind(of: day(text)) {} else { Issue.record("\(text) should be a holiday") }
        }
        for text in Notices.makeUpDays {
            #expect(day(text).isWeekend)
            #expect(calendar.isWorkingDay(day(text)), "\(text) is a make-up working day")
        }
        // Every other weekday of those years is a working day, every other weekend day is not.
        let off = Set(Notices.weekdaysOff.map(day)), worked = Set(Notices.makeUpDays.map(day))
        var d = day("2024-01-01")
        while d <= day("2026-12-31") {
            if !off.contains(d) && !worked.contains(d) { #expect(calendar.isWorkingDay(d) == !d.isWeekend, "\(d)") }
            d = d.adding(days: 1)
        }
        #expect(calendar.kind(of: day("2025-10-06")) == .holiday("中秋节"))
        #expect(calendar.kind(of: day("2025-10-11")) == .makeUpWorkday("国庆节"))
        #expect(calendar.kind(of: day("2026-02-14")) == .makeUpWorkday("春节"))
    }

    @Test func builtInDataCoversEveryYearFrom2004() {
        #expect(calendar.coveredYears == Array(2004...2026))
        #expect(calendar.source(ofYear: 2025) == .builtIn && calendar.source(ofYear: 2027) == nil)
        for year in calendar.coveredYears {
            let days = calendar.specialDays(ofYear: year)
            #expect(days.contains { $0.kind == .dayOff && $0.festival == "春节" }, "\(year) has Spring Festival")
            #expect(days.filter { $0.kind == .makeUpWorkday }.allSatisfy { $0.day.isWeekend })
        }
        // 2015's one-off holiday and 2020's longer Spring Festival (国办发明电〔2020〕1号).
        #expect(calendar.kind(of: day("2015-09-03")) == .holiday("中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日"))
        #expect(calendar.kind(of: day("2020-02-01")) == .holiday("春节"))
        // 元旦 2024 began on 2023-12-30: it belongs to the 2024 notice.
        #expect(calendar.specialDays(ofYear: 2024).first?.day == day("2023-12-30"))
    }

    /// Day 0 is the day received, whatever it is: a holiday or a make-up day received on does not count.
    @Test func aDayReceivedOnAHolidayOrAMakeUpDayIsDayZero() {
        #expect(calendar.dueDate(receivedOn: day("2025-10-03"), workingDays: 1) == day("2025-10-09"))
        #expect(calendar.dueDate(receivedOn: day("2024-02-12"), workingDays: 1) == day("2024-02-18"))
        #expect(calendar.dueDate(receivedOn: day("2024-02-04"), workingDays: 1) == day("2024-02-05"))
        #expect(calendar.dueDate(receivedOn: day("2025-10-11"), workingDays: 5) == day("2025-10-17"))
        // Saturday and Sunday before a Monday: the same date as the Friday (Alaveteli's convention too).
        #expect(calendar.dueDate(receivedOn: day("2025-03-08"), workingDays: 1) == day("2025-03-10"))
        #expect(calendar.dueDate(receivedOn: day("2025-03-07"), workingDays: 1) == day("2025-03-10"))
        #expect(calendar.dueDate(receivedOn: day("2025-03-07"), workingDays: 0) == day("2025-03-07"))
    }

    @Test func aWholeDayDeadlineEndsWhenWorkStopsOnItsLastDay() {
        #expect(calendar.due(receivedAt: chinaTime("2025-09-30 10:00"), workingDays: WorkingDays(5)) == chinaTime("2025-10-14 17:30"))
        #expect(calendar.due(receivedAt: chinaTime("2025-09-30 23:59"), workingDays: WorkingDays(1)) == chinaTime("2025-10-09 17:30"))
    }

    /// I3: 0.5 working day is 3.5 of the default 7 working hours, counted from receipt.
    @Test(arguments: [
        ("2025-09-30 10:00", 1, "2025-09-30 15:00"),  // 10–12, 13:30–15:00
        ("2025-09-30 08:00", 1, "2025-09-30 14:00"),  // before work: from 9:00, 9–12 and half an hour after lunch
        ("2025-09-30 12:30", 1, "2025-09-30 17:00"),  // at lunch: from 13:30
        ("2025-09-30 16:00", 1, "2025-10-09 11:00"),  // 1.5 h that day, 2 h after National Day
        ("2025-10-05 12:00", 1, "2025-10-09 14:00"),  // on a holiday: from the next working day's start
        ("2025-10-11 16:00", 1, "2025-10-13 11:00"),  // on a make-up Saturday: its hours count
        ("2025-09-29 10:00", 3, "2025-09-30 15:00"),  // 1.5 days = 10.5 h
        ("2025-09-30 18:00", 1, "2025-10-09 14:00"),  // after work: from 9:00 on the next working day
    ])
    func halfDaysAreCountedInWorkingHours(received: String, halfDays: Int, due: String) {
        #expect(calendar.due(receivedAt: chinaTime(received), workingDays: WorkingDays(halfDays: halfDays)) == chinaTime(due))
    }

    @Test func halfDaysUseThePlatformsWorkingHours() throws {
        var own = calendar
        own.workingHours = try #require(WorkingHours("8:30-12:00，14:00-18:00"))
        #expect(own.workingHours.minutesPerDay == 450)
        // 3 h 45 min: 8:30–12:00 and 14:00–14:15.
        #expect(own.due(receivedAt: chinaTime("2025-09-30 08:30"), workingDays: WorkingDays(halfDays: 1)) == chinaTime("2025-09-30 14:15"))
        #expect(own.due(receivedAt: chinaTime("2025-09-30 08:30"), workingDays: WorkingDays(1)) == chinaTime("2025-10-09 18:00"))
    }

    @Test func theExplanationListsEachDayCounted() {
        let five = calendar.explain(receivedOn: day("2025-09-30"), workingDays: 5)
        #expect(five.counted.map(\.day) == ["2025-10-09", "2025-10-10", "2025-10-11", "2025-10-13", "2025-10-14"].map(day))
        #expect(five.counted.map(\.isMakeUp) == [false, false, true, false, false])
        #expect(five.holidays.count == 8 && five.due == day("2025-10-14"))
        #expect(five.text == "收到 2025-09-30；放假 10-01至10-08（国庆节、中秋节）；工作日 10-09、10-10、10-11（调休上班）、10-13、10-14；到期 10-14")
        // Another year is written in full.
        let newYear = calendar.explain(receivedOn: day("2025-12-31"), workingDays: 1)
        #expect(newYear.text == "收到 2025-12-31；放假 2026-01-01至2026-01-03（元旦）；工作日 2026-01-04（调休上班）；到期 2026-01-04")
        let half = calendar.explain(receivedAt: chinaTime("2025-09-30 16:00"), workingDays: WorkingDays(halfDays: 1))
        #expect(half.text == "收到 2025-09-30 16:00；放假 10-01至10-08（国庆节、中秋节）；0.5 个工作日按 3.5 小时工作时间计：09-30 16:00–17:30，10-09 09:00–11:00；到期 10-09 11:00")
        #expect(half.dueAt == chinaTime("2025-10-09 11:00"))
    }

    @Test func aYearWithoutANoticeIsCountedByWeekendsAndSaysSo() {
        let explanation = calendar.explain(receivedOn: day("2026-12-30"), workingDays: 5)
        #expect(explanation.due == day("2027-01-06"))
        #expect(explanation.uncoveredYears == [2027])
        #expect(explanation.text.hasSuffix("（2027 年的放假安排尚未录入，只按周末计算）"))
    }

    /// A notice for a year replaces everything built in for that year, and nothing else.
    @Test func aNoticeReplacesItsYear() throws {
        let notice = CalendarNotice(
            year: 2025, daysOff: ["2025-10-01", "2025-10-02", "2025-10-03"].map { .init(day: day($0), festival: "国庆节") },
            makeUpDays: [.init(day: day("2025-09-28"), festival: "国庆节")], documentNumber: "测试〔2025〕1号")
        let changed = WorkingCalendar(notices: [notice])
        #expect(changed.dueDate(receivedOn: day("2025-09-30"), workingDays: 1) == day("2025-10-06"))
        #expect(changed.isWorkingDay(day("2025-01-28")), "the built-in Spring Festival of 2025 is gone")
        #expect(!changed.isWorkingDay(day("2025-10-11")), "so is the make-up Saturday")
        #expect(changed.source(ofYear: 2025) == .notice(id: notice.id, document: "测试〔2025〕1号"))
        #expect(changed.dueDate(receivedOn: day("2024-09-27"), workingDays: 20) == day("2024-10-30"), "2024 is untouched")
        // A later notice for the year replaces the earlier one.
        let later = CalendarNotice(year: 2025, daysOff: [.init(day: day("2025-10-01"))], makeUpDays: [], documentNumber: "测试〔2025〕2号")
        #expect(WorkingCalendar(notices: [notice, later]).dueDate(receivedOn: day("2025-09-30"), workingDays: 1) == day("2025-10-02"))
        // A year not built in: 2027.
        let next = CalendarNotice(year: 2027, daysOff: [.init(day: day("2027-01-01"), festival: "元旦")], makeUpDays: [], documentNumber: "测试〔2026〕9号")
        let extended = WorkingCalendar(notices: [next])
        #expect(extended.covers(year: 2027) && extended.dueDate(receivedOn: day("2026-12-31"), workingDays: 1) == day("2027-01-04"))
        #expect(extended.explain(receivedOn: day("2026-12-30"), workingDays: 5).uncoveredYears.isEmpty)
    }

    @Test func theNoticeFormIsReadAndChecked() throws {
        let notice = try CalendarNotice.read([
            "year": "2027", "daysOff": "2027-01-01 元旦\n2027-02-05 至 2027-02-11 春节", "makeUpDays": "2027-02-13 春节",
            "documentNumber": "国办发明电〔2026〕1号", "documentTitle": "",
        ])
        #expect(notice.year == 2027 && notice.daysOff.count == 8 && notice.daysOff[1] == .init(day: day("2027-02-05"), festival: "春节"))
        #expect(notice.makeUpDays == [.init(day: day("2027-02-13"), festival: "春节")])
        func problems(_ fields: [String: String]) -> FieldErrors? {
            var all = ["year": "2027", "daysOff": "2027-01-01 元旦", "makeUpDays": "", "documentNumber": "国办发明电〔2026〕1号"]
            all.merge(fields) { _, new in new }
            do { _ = try CalendarNotice.read(all) } catch let errors as FieldErrors { return errors } catch { return nil }
            return nil
        }
        #expect(problems([:]) == nil)
        #expect(problems(["makeUpDays": "2027-02-15"])?.message(for: "makeUpDays")?.contains("周六或周日") == true)  // a Monday
        #expect(problems(["daysOff": "2028-01-03"])?.message(for: "daysOff")?.contains("不在 2027 年") == true)
        #expect(problems(["daysOff": "2026-12-31 元旦"]) == nil, "元旦 may begin in December of the year before")
        #expect(problems(["daysOff": "2027-01-01\n2027-01-01"])?.message(for: "daysOff")?.contains("重复") == true)
        #expect(problems(["makeUpDays": "2027-01-02"]) == nil)
        #expect(problems(["daysOff": "2027-01-02", "makeUpDays": "2027-01-02"])?.message(for: "makeUpDays")?.contains("既放假又调休上班") == true)
        #expect(problems(["daysOff": "2027-13-01"])?.message(for: "daysOff") != nil)
        #expect(problems(["daysOff": ""])?.message(for: "daysOff") == "请填写放假日期")
        #expect(problems(["documentNumber": ""])?.message(for: "documentNumber") == "请填写通知的文号或标题")
        #expect(problems(["year": "27"])?.message(for: "year") != nil)
    }

    @Test func workingDaysAreWholeOrHalf() {
        #expect(WorkingDays("5") == WorkingDays(5) && WorkingDays("0.5") == WorkingDays(halfDays: 1))
        #expect(WorkingDays("1.5")?.description == "1.5" && WorkingDays("2.0") == WorkingDays(2) && WorkingDays(" 3 ") == WorkingDays(3))
        for bad in ["0", "0.0", "-1", "0.25", "1.", ".5", "abc", "10000", "1e2", "２"] { #expect(WorkingDays(bad) == nil, "\(bad)") }
        #expect(WorkingHours("09:00-12:00,13:30-17:30") == .standard && WorkingHours.standard.description == "09:00-12:00,13:30-17:30")
        #expect(WorkingHours.standard.minutesPerDay == 420)
        for bad in ["", "12:00-09:00", "09:00-12:00,11:00-17:30", "13:30-17:30,09:00-12:00", "9-12", "25:00-26:00"] {
            #expect(WorkingHours(bad) == nil, "\(bad)")
        }
    }

    /// The day arithmetic agrees with Foundation's Gregorian calendar in Asia/Shanghai.
    @Test func dayArithmeticAgreesWithFoundation() {
        var d = day("1999-12-25")
        var date = d.start
        for _ in 0..<(366 * 12) {
            #expect(CalendarDay(date) == d)
            #expect(d.weekday == (ChinaTime.calendar.component(.weekday, from: date) + 5) % 7 + 1)
            d = d.adding(days: 1)
            date = ChinaTime.calendar.date(byAdding: .day, value: 1, to: date)!
        }
        #expect(day("2024-03-01").adding(days: -1) == day("2024-02-29"))
    }

    /// `menhu workdays add|explain` asks its question through `DeadlineQuestion`.
    @Test func theCommandLineQuestionIsCheckedAndAnswered() throws {
        let question = try DeadlineQuestion(from: "2025-09-30", days: "3")
        #expect(question.dueDate(in: calendar) == day("2025-10-11"))
        #expect(question.explanation(in: calendar).text.contains("10-11（调休上班）"))
        // A half day without a time counts from the start of work that day; with one, from then.
        #expect(try DeadlineQuestion(from: "2025-09-30", days: "0.5").dueDate(in: calendar) == day("2025-09-30"))
        #expect(try DeadlineQuestion(from: "2025-09-30", days: "0.5", at: "16:00").dueDate(in: calendar) == day("2025-10-09"))
        #expect(try DeadlineQuestion(from: "2025-09-30", days: "1.5", at: "10:00").dueDate(in: calendar) == day("2025-10-09"))
        func problem(_ from: String, _ days: String, _ at: String? = nil) -> String? {
            do { _ = try DeadlineQuestion(from: from, days: days, at: at) } catch { return error.description }
            return nil
        }
        #expect(problem("2025-02-30", "1")?.contains("YYYY-MM-DD") == true)
        #expect(problem("30/09/2025", "1")?.contains("YYYY-MM-DD") == true)
        #expect(problem("1850-01-01", "1")?.contains("2000–2100") == true)
        #expect(problem("2025-09-30", "0.3")?.contains("0.5") == true)
        #expect(problem("2025-09-30", "-2")?.contains("正整数") == true)
        #expect(problem("2025-09-30", "1", "25:00")?.contains("HH:MM") == true)
    }
}
