import Foundation

/// 期限说明: how a deadline was counted — the day received, each working day counted (make-up days
/// marked), the holidays passed over and the due date — shown on the deadline's page and by
/// `menhu workdays explain` (issue 15: every deadline can be explained).
public struct DeadlineExplanation: Sendable, Equatable {
    /// A stretch of working time on one day, in seconds after midnight (half-day deadlines, I3).
    public struct Hours: Sendable, Equatable {
        public let start: Int
        public let end: Int
    }

    /// One working day the deadline counted.
    public struct CountedDay: Sendable, Equatable {
        public let day: CalendarDay
        /// A workday, or a make-up working day (调休上班) with its festival.
        public let kind: WorkingCalendar.DayKind
        /// For a half-day deadline, the working time used that day; empty when the whole day counts.
        public var hours: [Hours]

        /// Whether the day is a Saturday or Sunday worked (调休上班).
        public var isMakeUp: Bool {
            if case .makeUpWorkday = kind { return true }
            return false
        }
    }

    /// A day off (放假) the count passed over.
    public struct Holiday: Sendable, Equatable {
        public let day: CalendarDay
        public let festival: String
    }

    /// The day received: day 0, which does not count.
    public let receivedOn: CalendarDay
    /// The moment received, when it was given (a half-day deadline counts from it).
    public internal(set) var receivedAt: Date?
    public let workingDays: WorkingDays
    /// The working days counted, in order.
    public let counted: [CountedDay]
    /// The days off between the day received and the due date.
    public let holidays: [Holiday]
    /// The last day of the deadline.
    public let due: CalendarDay
    /// When the deadline ends: work stopping on the due date, or the end of the half day's hours.
    public let dueAt: Date
    /// The working hours half days were counted in.
    public let workingHours: WorkingHours
    /// Years on the way whose holiday notice the calendar lacks (counted by weekends only).
    public let uncoveredYears: [Int]

    /// `收到 2025-09-30；放假 10-01至10-08（国庆节、中秋节）；工作日 10-09、10-10、10-11（调休上班）、10-13、10-14；到期 10-14`,
    /// and for a half day the hours: `收到 2025-09-30 10:00；0.5 个工作日按 3.5 小时工作时间计：09-30 10:00–12:00、13:30–15:00；到期 09-30 15:00`.
    public var text: String {
        let year = receivedOn.year
        let halfDay = !workingDays.isWhole
        var parts: [String] = []
        parts.append("收到 \(receivedOn)" + (halfDay ? receivedAt.map { " " + Self.clock($0) } ?? "" : ""))
        if !holidays.isEmpty { parts.append("放假 " + Self.ranges(holidays, within: year)) }
        if halfDay {
            let hours = Double(workingDays.halfDays * workingHours.minutesPerDay) / 120
            let days = counted.map { c in
                c.day.short(within: year) + (c.isMakeUp ? "（调休上班）" : "") + " "
                    + c.hours.map { "\(Self.clock(second: $0.start))–\(Self.clock(second: $0.end))" }.joined(separator: "、")
            }
            parts.append("\(workingDays) 个工作日按 \(Self.number(hours)) 小时工作时间计：" + days.joined(separator: "，"))
            parts.append("到期 \(due.short(within: year)) \(Self.clock(dueAt))")
        } else {
            if !counted.isEmpty {
                parts.append("工作日 " + counted.map { $0.day.short(within: year) + ($0.isMakeUp ? "（调休上班）" : "") }.joined(separator: "、"))
            }
            parts.append("到期 \(due.short(within: year))")
        }
        var text = parts.joined(separator: "；")
        if !uncoveredYears.isEmpty {
            text += "（" + uncoveredYears.map(String.init).joined(separator: "、") + " 年的放假安排尚未录入，只按周末计算）"
        }
        return text
    }

    /// Runs of consecutive days off, each with its festivals: `10-01至10-08（国庆节、中秋节）`.
    static func ranges(_ holidays: [Holiday], within year: Int) -> String {
        var runs: [(first: CalendarDay, last: CalendarDay, festivals: [String])] = []
        for h in holidays {
            if let run = runs.last, run.last.adding(days: 1) == h.day {
                runs[runs.count - 1].last = h.day
                if !h.festival.isEmpty && !run.festivals.contains(h.festival) { runs[runs.count - 1].festivals.append(h.festival) }
            } else {
                runs.append((h.day, h.day, h.festival.isEmpty ? [] : [h.festival]))
            }
        }
        return runs.map { run in
            let days = run.first == run.last ? run.first.short(within: year) : "\(run.first.short(within: year))至\(run.last.short(within: year))"
            return days + (run.festivals.isEmpty ? "" : "（\(run.festivals.joined(separator: "、"))）")
        }.joined(separator: "、")
    }

    /// `HH:MM` of an instant in China.
    static func clock(_ date: Date) -> String { String(ChinaTime.minute(date).suffix(5)) }

    /// `HH:MM` of a second of the day.
    static func clock(second: Int) -> String { WorkingHours.Period.clock(second / 60) }

    /// `3.5` or `7`.
    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%g", value)
    }
}
