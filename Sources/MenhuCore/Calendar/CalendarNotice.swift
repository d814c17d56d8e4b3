import Foundation

/// 放假通知: one year's holiday arrangement as the 国务院办公厅 notice gives it — the days off, the
/// 调休 make-up working days and the document it comes from. Added by the platform admin, it replaces
/// the built-in days of its year (I2, I7: deadlines count on it).
public struct CalendarNotice: Sendable, Equatable, Identifiable {
    /// A day the notice names, with the festival it belongs to.
    public struct NamedDay: Sendable, Hashable {
        public let day: CalendarDay
        /// 春节, 国庆节…; may be empty.
        public let festival: String

        public init(day: CalendarDay, festival: String = "") { self.day = day; self.festival = festival }
    }

    public var id: String
    /// The year the notice arranges (its 元旦 may begin in December of the year before).
    public var year: Int
    /// 放假: the days off, weekends inside a holiday included.
    public var daysOff: [NamedDay]
    /// 调休上班: Saturdays and Sundays that are working days.
    public var makeUpDays: [NamedDay]
    /// 文号, e.g. 国办发明电〔2024〕12号.
    public var documentNumber: String
    /// 标题, e.g. 国务院办公厅关于2025年部分节假日安排的通知.
    public var documentTitle: String

    public init(
        id: String = RecordID.make(), year: Int, daysOff: [NamedDay], makeUpDays: [NamedDay], documentNumber: String,
        documentTitle: String = ""
    ) {
        self.id = id; self.year = year; self.daysOff = daysOff; self.makeUpDays = makeUpDays
        self.documentNumber = documentNumber; self.documentTitle = documentTitle
    }

    /// The notice's days as the calendar holds them.
    public var days: [WorkingCalendar.SpecialDay] {
        daysOff.map { .init(day: $0.day, kind: .dayOff, festival: $0.festival) }
            + makeUpDays.map { .init(day: $0.day, kind: .makeUpWorkday, festival: $0.festival) }
    }

    /// The years a notice may arrange.
    public static let years = 2000...2100

    /// Reads the notice form: `year`, `daysOff` and `makeUpDays` (one day or range a line, see
    /// `parseDays`), `documentNumber`, `documentTitle`; every problem is reported with its field.
    public static func read(_ fields: [String: String]) throws -> CalendarNotice {
        var form = FormReader(fields)
        let yearText = form.required("year", label: "年份", maxLength: 4)
        let year = Int(yearText).flatMap { years.contains($0) ? $0 : nil }
        if !yearText.isEmpty && year == nil { form.errors.add("year", "年份应为 \(years.lowerBound)–\(years.upperBound) 之间的四位数字") }
        let daysOff = parse(&form, "daysOff", label: "放假日期")
        let makeUpDays = parse(&form, "makeUpDays", label: "调休上班日期", required: false)
        let number = form.limited("documentNumber", label: "文号", maxLength: 60)
        let title = form.limited("documentTitle", label: "通知标题", maxLength: 200)
        if number.isEmpty && title.isEmpty { form.errors.add("documentNumber", "请填写通知的文号或标题") }
        let notice = CalendarNotice(year: year ?? 0, daysOff: daysOff, makeUpDays: makeUpDays, documentNumber: number, documentTitle: title)
        if year != nil { notice.check(&form.errors) }
        try form.errors.throwIfAny()
        return notice
    }

    private static func parse(_ form: inout FormReader, _ field: String, label: String, required: Bool = true) -> [NamedDay] {
        let text = form.optional(field)
        if text.isEmpty {
            if required { form.errors.add(field, "请填写\(label)") }
            return []
        }
        switch parseDays(text) {
        case .success(let days): return days
        case .failure(let problem):
            form.errors.add(field, "\(label)：\(problem.message)")
            return []
        }
    }

    /// A line of a day list that could not be read.
    public struct DayListProblem: Error, Equatable {
        public let message: String
    }

    /// Reads a list of days, one day or range a line, each with an optional festival:
    /// `2027-01-01 元旦`, `2027-02-05至2027-02-12 春节` (also `~` or `—` between the days).
    public static func parseDays(_ text: String) -> Result<[NamedDay], DayListProblem> {
        var days: [NamedDay] = []
        for raw in text.split(whereSeparator: \.isNewline) {
            var line = String(raw).trimmed
            if line.isEmpty { continue }
            for mark in ["至", "~", "～", "—"] {
                line = line.replacingOccurrences(of: " \(mark) ", with: mark).replacingOccurrences(of: " \(mark)", with: mark)
                    .replacingOccurrences(of: "\(mark) ", with: mark)
            }
            let words = line.split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\u{3000}" })
            let festival = words.count > 1 ? String(words[1]).trimmed : ""
            if festival.count > 50 { return .failure(.init(message: "节日名称“\(festival)”太长")) }
            let ends = words[0].split(whereSeparator: { "至~～—".contains($0) }).map { String($0).trimmed }
            guard (1...2).contains(ends.count), let first = CalendarDay(ends[0]), let last = CalendarDay(ends[ends.count - 1]) else {
                return .failure(.init(message: "“\(line)”应为 YYYY-MM-DD 格式的日期，或“YYYY-MM-DD至YYYY-MM-DD”，后面可跟节日名称"))
            }
            guard first <= last, first.days(to: last) < 31 else { return .failure(.init(message: "“\(line)”的起止日期不对")) }
            for offset in 0...first.days(to: last) { days.append(NamedDay(day: first.adding(days: offset), festival: festival)) }
        }
        return .success(days)
    }

    /// I2, I7: the rules a notice keeps, so that deadlines count on a calendar that can be: its days lie in its year (or in the December before, for 元旦), none
    /// is named twice or both off and worked, a make-up working day is a Saturday or Sunday, and at
    /// least one day is off.
    public func check(_ errors: inout FieldErrors) {
        func outside(_ d: CalendarDay) -> Bool { !(d.year == year || (d.year == year - 1 && d.month == 12)) }
        if daysOff.isEmpty && errors.message(for: "daysOff") == nil { errors.add("daysOff", "请填写放假日期") }
        if let bad = daysOff.first(where: { outside($0.day) }) {
            errors.add("daysOff", "\(bad.day) 不在 \(year) 年（\(year) 年通知只能安排本年和上一年 12 月的日期）")
        }
        if let bad = makeUpDays.first(where: { outside($0.day) }) {
            errors.add("makeUpDays", "\(bad.day) 不在 \(year) 年（\(year) 年通知只能安排本年和上一年 12 月的日期）")
        }
        if let bad = makeUpDays.first(where: { !$0.day.isWeekend }) {
            errors.add("makeUpDays", "\(bad.day) 本来就是工作日：调休上班日应为周六或周日")
        }
        let off = Set(daysOff.map(\.day))
        if let both = makeUpDays.first(where: { off.contains($0.day) }) {
            errors.add("makeUpDays", "\(both.day) 不能既放假又调休上班")
        } else if let twice = Self.repeated(daysOff) ?? Self.repeated(makeUpDays) {
            errors.add(daysOff.contains(twice) ? "daysOff" : "makeUpDays", "\(twice.day) 重复出现")
        }
    }

    private static func repeated(_ days: [NamedDay]) -> NamedDay? {
        var seen = Set<CalendarDay>()
        return days.first { !seen.insert($0.day).inserted }
    }
}
