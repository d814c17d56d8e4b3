import Foundation

/// A day of the year, e.g. 1 January or 10 July.
public struct MonthDay: Sendable, Hashable, Comparable {
    public var month: Int
    public var day: Int

    public init?(month: Int, day: Int) {
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        let maxDay = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard day <= maxDay else { return nil }
        self.month = month; self.day = day
    }

    /// Parses `MM-DD` or `M-D`, also with `月`/`日` or `/`.
    public init?(parsing text: String) {
        let cleaned = text.trimmed.replacingOccurrences(of: "月", with: "-").replacingOccurrences(of: "日", with: "")
            .replacingOccurrences(of: "/", with: "-")
        let parts = cleaned.split(separator: "-")
        guard parts.count == 2, let m = Int(parts[0]), let d = Int(parts[1]) else { return nil }
        self.init(month: m, day: d)
    }

    /// `MM-DD`.
    public var text: String { String(format: "%02d-%02d", month, day) }
    /// `1月10日`.
    public var label: String { "\(month)月\(day)日" }

    public static func < (a: MonthDay, b: MonthDay) -> Bool { (a.month, a.day) < (b.month, b.day) }
}

/// F1: how often a column must be updated (更新频率).
public enum UpdateRule: Sendable, Hashable {
    /// At least once a day (homepage news, 要闻动态).
    case daily
    /// At least once a week (business columns).
    case weekly
    /// At least once a month.
    case monthly
    /// On fixed days of the year, e.g. query data on 10 January and 10 July.
    case fixedDates([MonthDay])
    /// No update requirement (static pages, archived topics).
    case none

    /// The form's kind names.
    public static let kinds: [(value: String, label: String)] = [
        ("daily", "每日更新"), ("weekly", "每周更新"), ("monthly", "每月更新"),
        ("fixed", "固定日期更新"), ("none", "不要求定期更新"),
    ]

    /// The value stored in the database: `daily`, `weekly`, `monthly`, `fixed:01-10,07-10` or `none`.
    public var storageValue: String {
        switch self {
        case .daily: "daily"
        case .weekly: "weekly"
        case .monthly: "monthly"
        case .none: "none"
        case .fixedDates(let days): "fixed:" + days.map(\.text).joined(separator: ",")
        }
    }

    /// The form kind: `daily`, `weekly`, `monthly`, `fixed` or `none`.
    public var kind: String {
        if case .fixedDates = self { return "fixed" }
        return storageValue
    }

    /// The fixed dates as typed in the form (`01-10, 07-10`), empty for other rules.
    public var fixedDatesText: String {
        if case .fixedDates(let days) = self { return days.map(\.text).joined(separator: ", ") }
        return ""
    }

    /// Reads a stored value.
    public init?(storageValue: String) {
        switch storageValue {
        case "daily": self = .daily
        case "weekly": self = .weekly
        case "monthly": self = .monthly
        case "none": self = .none
        default:
            guard storageValue.hasPrefix("fixed:") else { return nil }
            guard let days = UpdateRule.parseDays(String(storageValue.dropFirst(6))) else { return nil }
            self = .fixedDates(days)
        }
    }

    /// Reads the form's kind and fixed-date text; nil with a reason when invalid.
    public static func fromForm(kind: String, fixedDates: String) -> Result<UpdateRule, FieldErrors> {
        var errors = FieldErrors()
        switch kind {
        case "daily": return .success(.daily)
        case "weekly": return .success(.weekly)
        case "monthly": return .success(.monthly)
        case "none": return .success(.none)
        case "fixed":
            if let days = parseDays(fixedDates) { return .success(.fixedDates(days)) }
            errors.add("fixedDates", "固定更新日期格式应为“月-日”，多个日期用逗号分隔，如 01-10, 07-10")
        default:
            errors.add("updateRule", "请选择更新频率")
        }
        return .failure(errors)
    }

    private static func parseDays(_ text: String) -> [MonthDay]? {
        let items = text.split(whereSeparator: { $0 == "," || $0 == "，" || $0 == "、" || $0 == " " })
        guard !items.isEmpty, items.count <= 24 else { return nil }
        var days: [MonthDay] = []
        for item in items {
            guard let day = MonthDay(parsing: String(item)) else { return nil }
            days.append(day)
        }
        return Array(Set(days)).sorted()
    }

    /// The Chinese description used in the content-assurance table.
    public var label: String {
        switch self {
        case .daily: "每日更新"
        case .weekly: "每周更新"
        case .monthly: "每月更新"
        case .none: "不要求定期更新"
        case .fixedDates(let days): "每年" + days.map(\.label).joined(separator: "、") + "更新"
        }
    }

    /// F1: the latest instant by which the next update is due after an update at `last`,
    /// or nil when the column has no requirement. Days end at midnight in Asia/Shanghai.
    public func nextDue(after last: Date) -> Date? {
        let cal = ChinaTime.calendar
        let startOfDay = cal.startOfDay(for: last)
        switch self {
        case .none: return nil
        case .daily: return cal.date(byAdding: .day, value: 2, to: startOfDay)
        case .weekly: return cal.date(byAdding: .day, value: 8, to: startOfDay)
        case .monthly:
            return cal.date(byAdding: .month, value: 1, to: startOfDay).flatMap { cal.date(byAdding: .day, value: 1, to: $0) }
        case .fixedDates(let days):
            let year = cal.component(.year, from: last)
            for y in [year, year + 1] {
                for d in days {
                    guard let date = cal.date(from: DateComponents(year: y, month: d.month, day: d.day)) else { continue }
                    if date > startOfDay { return cal.date(byAdding: .day, value: 1, to: date) }
                }
            }
            return nil
        }
    }
}
