import Foundation

/// The source of "now" for every rule that depends on time (DESIGN: time is injected).
public protocol WallClock: Sendable {
    /// The current instant.
    func now() -> Date
}

/// The real clock.
public struct SystemWallClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that tests move by hand.
public final class ManualClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    public init(_ start: Date) { current = start }

    public func now() -> Date { lock.withLock { current } }

    /// Sets the clock to `date` (the demo writes its history on a clock set back in time).
    public func set(_ date: Date) { lock.withLock { current = date } }

    /// Moves the clock forward by `seconds`.
    public func advance(by seconds: TimeInterval) {
        lock.withLock { current = current.addingTimeInterval(seconds) }
    }
}

/// Formatting of instants for people: dates are stored in UTC and shown in Asia/Shanghai.
public enum ChinaTime {
    /// The Asia/Shanghai time zone (UTC+8, no daylight saving).
    public static let zone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!

    /// A Gregorian calendar in Asia/Shanghai.
    public static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    /// `YYYY-MM-DD HH:MM`, the format of the national PubDate meta tag.
    public static func minute(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!)
    }

    /// The instant of `YYYY-MM-DD HH:MM` in China (a `T` between, as a browser's date-time field
    /// sends it, is taken too; `:SS` after it when `allowingSeconds`), or nil.
    public static func parseMinute(_ text: String, allowingSeconds: Bool = false) -> Date? {
        let t = Array(text.trimmed.unicodeScalars)
        guard t.count == 16 || (allowingSeconds && t.count == 19) else { return nil }
        func number(_ range: ClosedRange<Int>) -> Int? { Int(String(String.UnicodeScalarView(t[range]))) }
        guard let day = CalendarDay(String(String.UnicodeScalarView(t[0...9]))), t[10] == " " || t[10] == "T", t[13] == ":",
            let hour = number(11...12), let minute = number(14...15), (0...23).contains(hour), (0...59).contains(minute)
        else { return nil }
        var seconds = 0
        if t.count == 19 {
            guard t[16] == ":", let s = number(17...18), (0...59).contains(s) else { return nil }
            seconds = s
        }
        return start(of: day).addingTimeInterval(TimeInterval(hour * 3600 + minute * 60 + seconds))
    }

    /// Midnight at the start of `day` in China.
    public static func start(of day: CalendarDay) -> Date {
        calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
    }

    /// `YYYY-MM-DD`.
    public static func day(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    /// `YYYY-MM-DD HH:MM:SS`.
    public static func second(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }
}
