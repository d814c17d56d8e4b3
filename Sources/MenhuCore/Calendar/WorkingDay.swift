import Foundation

extension CalendarDay {
    /// A day from its parts, which the caller has checked.
    init(checkedYear year: Int, month: Int, day: Int) {
        self.year = year; self.month = month; self.day = day
    }

    /// Days since 1970-01-01, by arithmetic on the proleptic Gregorian calendar (no Foundation
    /// calendar, so counting thousands of deadlines stays cheap).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day `dayNumber` days after 1970-01-01.
    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        self.init(
            checkedYear: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: dayOfYear - (153 * monthIndex + 2) / 5 + 1)
    }

    /// The first day of the day's month.
    public var firstOfMonth: CalendarDay { CalendarDay(checkedYear: year, month: month, day: 1) }

    /// The first day of the month `months` months after this day's (before, when negative).
    public func firstOfMonth(adding months: Int) -> CalendarDay {
        let index = year * 12 + (month - 1) + months
        let y = index >= 0 ? index / 12 : (index - 11) / 12
        return CalendarDay(checkedYear: y, month: index - y * 12 + 1, day: 1)
    }

    /// The day `days` days later (earlier when negative).
    public func adding(days: Int) -> CalendarDay { CalendarDay(dayNumber: dayNumber + days) }

    /// The day of the week, ISO numbering: 1 Monday … 7 Sunday.
    public var weekday: Int { ((dayNumber % 7) + 7 + 3) % 7 + 1 }

    /// Saturday or Sunday (休息日 unless a notice makes it a working day).
    public var isWeekend: Bool { weekday >= 6 }

    /// `MM-DD`, or `YYYY-MM-DD` when the day is not in `year`: how an explanation lists days.
    func short(within year: Int) -> String {
        self.year == year ? String(format: "%02d-%02d", month, day) : description
    }
}

/// A length of time in working days, counted in halves (I3: the platform's first review of a
/// reply within 0.5 working day).
public struct WorkingDays: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The length in half days.
    public let halfDays: Int

    /// A whole number of working days (not negative).
    public init(_ days: Int) { self.init(halfDays: days * 2) }

    /// A length of `halfDays` half days (not negative).
    public init(halfDays: Int) {
        precondition(halfDays >= 0, "a length of working days is not negative")
        self.halfDays = halfDays
    }

    /// Reads `5`, `0.5` or `1.5`: a positive multiple of half a day, at most 9999 days.
    public init?(_ text: String) {
        let parts = text.trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].count <= 4, parts[0].allSatisfy(\.isASCII),
            let whole = Int(parts[0]), whole >= 0
        else { return nil }
        var half = 0
        if parts.count == 2 {
            let fraction = parts[1]
            guard let first = fraction.first, first == "0" || first == "5", fraction.dropFirst().allSatisfy({ $0 == "0" }) else { return nil }
            half = first == "5" ? 1 : 0
        }
        guard whole * 2 + half > 0 else { return nil }
        halfDays = whole * 2 + half
    }

    /// True when there is no half day.
    public var isWhole: Bool { halfDays % 2 == 0 }

    /// The whole days in the length (1 for 1.5).
    public var wholeDays: Int { halfDays / 2 }

    /// `5` or `1.5`.
    public var description: String { isWhole ? "\(wholeDays)" : "\(wholeDays).5" }

    public static func < (a: WorkingDays, b: WorkingDays) -> Bool { a.halfDays < b.halfDays }
}

/// 工作时间: the hours of a working day, set per platform (default 9:00–12:00, 13:30–17:30). I3:
/// half working days are counted in these hours.
public struct WorkingHours: Sendable, Hashable, CustomStringConvertible {
    /// One stretch of work, in minutes after midnight (start before end).
    public struct Period: Sendable, Hashable, CustomStringConvertible {
        public let start: Int
        public let end: Int

        /// A period from `start` to `end` minutes after midnight.
        public init?(start: Int, end: Int) {
            guard 0 <= start, start < end, end <= 24 * 60 else { return nil }
            self.start = start; self.end = end
        }

        /// `09:00-12:00`.
        public var description: String { "\(Self.clock(start))-\(Self.clock(end))" }

        /// `HH:MM` of a minute of the day.
        static func clock(_ minute: Int) -> String { String(format: "%02d:%02d", minute / 60, minute % 60) }
    }

    /// The periods of the day in order, not overlapping.
    public let periods: [Period]

    /// 9:00–12:00 and 13:30–17:30, the usual hours of government offices.
    public static let standard = WorkingHours(checked: [Period(start: 9 * 60, end: 12 * 60)!, Period(start: 13 * 60 + 30, end: 17 * 60 + 30)!])

    init(checked periods: [Period]) { self.periods = periods }

    /// The periods, in order and apart; nil when there is none or two overlap.
    public init?(periods: [Period]) {
        guard !periods.isEmpty, zip(periods, periods.dropFirst()).allSatisfy({ $0.end < $1.start }) else { return nil }
        self.periods = periods
    }

    /// Reads `09:00-12:00,13:30-17:30` (also with `、`, `，`, `；` between periods and `–`, `—`, `~`, `至`
    /// inside one); nil when it is not a valid list of periods in order.
    public init?(_ text: String) {
        let separators: Set<Character> = [",", "，", "、", ";", "；", " "]
        var periods: [Period] = []
        for item in text.split(whereSeparator: { separators.contains($0) }) {
            let ends = item.split(whereSeparator: { "-–—~～至".contains($0) })
            guard ends.count == 2, let start = Self.minute(ends[0]), let end = Self.minute(ends[1]),
                let period = Period(start: start, end: end)
            else { return nil }
            periods.append(period)
        }
        self.init(periods: periods)
    }

    /// Minutes after midnight of `H:MM` or `HH:MM` (24:00 allowed).
    static func minute(_ text: Substring) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) }), let h = Int(parts[0]), let m = Int(parts[1]),
            (0...24).contains(h), (0..<60).contains(m), h * 60 + m <= 24 * 60
        else { return nil }
        return h * 60 + m
    }

    /// Working minutes in one working day (420 by default).
    public var minutesPerDay: Int { periods.reduce(0) { $0 + $1.end - $1.start } }

    /// The minute work stops: a whole-day deadline ends then on its last day.
    public var closing: Int { periods.last!.end }

    /// `09:00-12:00,13:30-17:30`: how the setting is stored and typed.
    public var description: String { periods.map(\.description).joined(separator: ",") }
}
