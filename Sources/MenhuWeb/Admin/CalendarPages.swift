import Foundation
import HTTPTypes
import Hummingbird
import MenhuCore
import MenhuStore

/// 工作日历: the working-day calendar letter deadlines count on (I2, I3). The platform admin sees a
/// year as a calendar, where its days come from, and adds the year's 放假通知 when the State Council
/// publishes it; the working hours in which half days are counted are set here too.
struct CalendarPages: Sendable {
    let env: WebEnvironment
    let layout: AdminLayout
    var service: CalendarService { CalendarService(database: env.database, clock: env.clock) }

    var endpoints: [AdminEndpoint] {
        let access = AdminAccess.platform(.manageCalendar)
        return [
            AdminEndpoint(.get, .calendar, access) { r in try await page(r, values: [:], errors: FieldErrors(), status: .ok) },
            AdminEndpoint(.post, .calendar, access) { r in
                do {
                    let record = try await service.addNotice(r.form, by: r.actor)
                    return Reply.redirect(AdminURL.calendar.path + "?year=\(record.notice.year)&notice=calendar-notice")
                } catch let errors as FieldErrors {
                    return try await page(r, values: r.form, errors: errors, status: .unprocessableContent)
                }
            },
            AdminEndpoint(.post, .workingHours, access) { r in
                do {
                    _ = try await service.setWorkingHours(r.form["workingHours"] ?? "", by: r.actor)
                    return Reply.redirect(AdminURL.calendar.notice("working-hours"))
                } catch let errors as FieldErrors {
                    return try await page(r, values: r.form, errors: errors, status: .unprocessableContent)
                }
            },
        ]
    }

    func page(_ r: AdminRequest, values: [String: String], errors: FieldErrors, status: HTTPResponse.Status) async throws -> Response {
        let today = CalendarDay(env.clock.now())
        // The year asked for, else the one the form named, if either is a year a notice may arrange.
        let year =
            [r.request.uri.queryParameters["year"].map(String.init), values["year"]].lazy.compactMap { $0.flatMap { Int($0) } }
            .first { CalendarNotice.years.contains($0) } ?? today.year
        let (notices, calendar) = try await env.database.read { db in
            let notices = try await CalendarRecords.all(on: db)
            return (notices, try await CalendarRecords.effectiveCalendar(notices: notices, on: db))
        }
        let view = CalendarView(year: year, calendar: calendar, notices: notices, today: today)
        var shown = values
        if shown["year"] == nil { shown["year"] = String(max(year, today.year)) }
        if shown["workingHours"] == nil { shown["workingHours"] = calendar.workingHours.description }
        return layout.page(r, .calendar, title: "工作日历", view, form: FormState(shown, errors), status: status)
    }
}

/// calendar.mustache: one year as twelve months, its source, the stored notices and the forms.
struct CalendarView {
    struct Day {
        /// Empty for the blanks before the 1st and after the last day.
        let number: String
        /// `workday`, `weekend`, `holiday`, `makeup`, `blank`: the cell's style.
        let kind: String
        /// What the day is, for the tooltip and screen readers (国庆节放假, 调休上班).
        let label: String
        /// 休 or 班, on the days a notice names.
        let mark: String?
        let today: Bool
    }
    struct Week { let days: [Day] }
    struct Month { let name: String, weeks: [Week] }
    /// A festival's days off and make-up days, in words.
    struct Festival { let name: String, off: String, work: String? }
    struct Notice { let year: Int, document: String, daysOff: Int, makeUpDays: Int, added: String, url: String }

    let year: Int, previousYear: Int, nextYear: Int
    let previousURL: String, nextURL: String
    /// Where the year's days come from.
    let source: String
    /// The year has no notice and no built-in data: deadlines count weekends only.
    let uncovered: Bool
    let months: [Month]
    let festivals: [Festival]
    let hasFestivals: Bool
    let notices: [Notice]
    let hasNotices: Bool
    let workingHours: String

    init(year: Int, calendar: WorkingCalendar, notices: [CalendarNoticeRecord], today: CalendarDay) {
        self.year = year; previousYear = year - 1; nextYear = year + 1
        previousURL = AdminURL.calendar.path + "?year=\(year - 1)"
        nextURL = AdminURL.calendar.path + "?year=\(year + 1)"
        switch calendar.source(ofYear: year) {
        case .builtIn: source = "内置数据（据国务院办公厅历年放假通知，来自 chinese-calendar）"
        case .notice(_, let document): source = "平台管理员录入的放假通知：\(document)"
        case nil: source = "尚未录入 \(year) 年放假通知"
        }
        uncovered = !calendar.covers(year: year)
        months = (1...12).map { Self.month(year: year, month: $0, calendar: calendar, today: today) }
        festivals = Self.festivals(calendar.specialDays(ofYear: year))
        hasFestivals = !festivals.isEmpty
        self.notices = notices.reversed().map { n in
            Notice(
                year: n.notice.year, document: [n.notice.documentNumber, n.notice.documentTitle].filter { !$0.isEmpty }.joined(separator: " "),
                daysOff: n.notice.daysOff.count, makeUpDays: n.notice.makeUpDays.count,
                added: "\(ChinaTime.minute(n.addedAt)) \(n.addedByName)", url: AdminURL.calendar.path + "?year=\(n.notice.year)")
        }
        hasNotices = !notices.isEmpty
        workingHours = calendar.workingHours.description
    }

    /// A month as weeks from Monday to Sunday.
    static func month(year: Int, month: Int, calendar: WorkingCalendar, today: CalendarDay) -> Month {
        let first = CalendarDay(String(format: "%04d-%02d-01", year, month))!
        let next = CalendarDay(month == 12 ? String(format: "%04d-01-01", year + 1) : String(format: "%04d-%02d-01", year, month + 1))!
        var cells = Array(repeating: Day(number: "", kind: "blank", label: "", mark: nil, today: false), count: first.weekday - 1)
        var day = first
        while day < next {
            let kind = calendar.kind(of: day)
            let style: String
            let mark: String?
            switch kind {
            case .workday: (style, mark) = ("workday", nil)
            case .weekend: (style, mark) = ("weekend", nil)
            case .holiday: (style, mark) = ("holiday", "休")
            case .makeUpWorkday: (style, mark) = ("makeup", "班")
            }
            cells.append(Day(number: String(day.day), kind: style, label: "\(month)月\(day.day)日 \(kind.label)", mark: mark, today: day == today))
            day = day.adding(days: 1)
        }
        while cells.count % 7 != 0 { cells.append(Day(number: "", kind: "blank", label: "", mark: nil, today: false)) }
        let weeks = stride(from: 0, to: cells.count, by: 7).map { Week(days: Array(cells[$0..<$0 + 7])) }
        return Month(name: "\(month)月", weeks: weeks)
    }

    /// The year's festivals in the order they come: 春节 2月15日至2月23日放假；2月14日、2月28日上班.
    static func festivals(_ days: [WorkingCalendar.SpecialDay]) -> [Festival] {
        var order: [String] = []
        var off: [String: [CalendarDay]] = [:], work: [String: [CalendarDay]] = [:]
        for d in days.sorted(by: { $0.day < $1.day }) {
            let name = d.festival.isEmpty ? "其他" : d.festival
            if !order.contains(name) { order.append(name) }
            switch d.kind {
            case .dayOff: off[name, default: []].append(d.day)
            case .makeUpWorkday: work[name, default: []].append(d.day)
            }
        }
        let spoken = { (d: CalendarDay) in "\(d.month)月\(d.day)日" }
        return order.map { name in
            let days = off[name] ?? []
            let span = days.first.map { first in days.count > 1 ? "\(spoken(first))至\(spoken(days.last!))" : spoken(first) } ?? ""
            return Festival(
                name: name, off: days.isEmpty ? "" : "\(span)放假，共 \(days.count) 天",
                work: work[name].map { $0.map(spoken).joined(separator: "、") + "上班" })
        }
    }
}
