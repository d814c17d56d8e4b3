import Foundation

/// "When is N working days after this day?" as `menhu workdays add|explain` is asked it: the day
/// received, the number of working days (a whole number or a half, 0.5, 1.5) and, for half days,
/// the time received. Checked here so that the command only prints.
public struct DeadlineQuestion: Sendable, Equatable {
    /// Input that is not a question, with its message in Chinese.
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// Day 0.
    public let receivedOn: CalendarDay
    /// The moment received: the given time of the day, else its start (so a half day is counted
    /// from when work starts that day).
    public let receivedAt: Date
    public let workingDays: WorkingDays

    /// Reads `--from YYYY-MM-DD`, `--days N` and the optional `--at HH:MM`.
    public init(from: String, days: String, at: String? = nil) throws(Problem) {
        guard let day = CalendarDay(from.trimmed) else { throw Problem(description: "收到日期应为 YYYY-MM-DD 格式的有效日期，而不是“\(from)”") }
        let years = CalendarNotice.years
        guard years.contains(day.year) else { throw Problem(description: "收到日期应在 \(years.lowerBound)–\(years.upperBound) 年之间，而不是“\(from)”") }
        guard let amount = WorkingDays(days) else {
            throw Problem(description: "工作日数应为正整数或半天（如 5、0.5、1.5），最多 9999，而不是“\(days)”")
        }
        var minute = 0
        if let at {
            guard let m = WorkingHours.minute(Substring(at.trimmed)), m < 24 * 60 else {
                throw Problem(description: "收到时间应为 HH:MM（00:00–23:59），而不是“\(at)”")
            }
            minute = m
        }
        receivedOn = day
        receivedAt = WorkingCalendar.instant(day.dayNumber, second: minute * 60)
        workingDays = amount
    }

    /// The due date on `calendar` (I2, I3, I7).
    public func dueDate(in calendar: WorkingCalendar) -> CalendarDay {
        workingDays.isWhole
            ? calendar.dueDate(receivedOn: receivedOn, workingDays: workingDays.wholeDays)
            : CalendarDay(calendar.due(receivedAt: receivedAt, workingDays: workingDays))
    }

    /// The days counted on `calendar`.
    public func explanation(in calendar: WorkingCalendar) -> DeadlineExplanation {
        calendar.explain(receivedAt: receivedAt, workingDays: workingDays)
    }
}
