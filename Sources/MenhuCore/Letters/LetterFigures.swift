import Foundation

/// 留言办理情况 by department for a month, as the public pages show them (I2, I6): 收到, 办结,
/// 按期办结率, 平均办理工作日, 满意率. Letters refused (不予受理) or merged (并件) are not handled
/// letters and are left out; a letter counts in the month it was received.
public struct LetterFigures: Sendable, Equatable {
    /// One department's figures (or the total, with `departmentID` nil).
    public struct Row: Sendable, Equatable {
        /// 主办部门; nil for the letters not yet transferred (or the total).
        public var departmentID: String?
        /// 收到.
        public var received = 0
        /// 办结: the reply passed the platform's review.
        public var finished = 0
        /// 按期办结: finished, and answered within the reply deadline.
        public var onTime = 0
        /// The working days from receipt to reply, summed over the finished letters.
        public var workingDays = 0
        /// Rated by the writer, and of those 满意 or 基本满意.
        public var rated = 0
        public var satisfied = 0

        public init(departmentID: String?) { self.departmentID = departmentID }

        /// 按期办结率, as a share of the finished letters; nil with none.
        public var onTimeRate: Double? { finished == 0 ? nil : Double(onTime) / Double(finished) }
        /// 平均办理工作日; nil with none finished.
        public var averageWorkingDays: Double? { finished == 0 ? nil : Double(workingDays) / Double(finished) }
        /// 满意率, as a share of the rated letters; nil with none rated.
        public var satisfactionRate: Double? { rated == 0 ? nil : Double(satisfied) / Double(rated) }

        mutating func add(_ letter: Letter, deadlines: LetterDeadlines?, calendar: WorkingCalendar) {
            received += 1
            guard letter.state.showsReply, let reply = letter.reply else { return }
            finished += 1
            workingDays += calendar.workingDays(after: CalendarDay(letter.receivedAt), through: CalendarDay(reply.at))
            if let deadlines, let from = letter.replyFrom {
                let due = calendar.due(receivedAt: from, workingDays: letter.replyLength ?? deadlines.reply)
                if reply.at <= due { onTime += 1 }
            }
            if let rating = letter.rating {
                rated += 1
                if rating.satisfaction != .unsatisfied { satisfied += 1 }
            }
        }
    }

    /// By 主办部门, the departments with the most letters first; the letters not yet transferred last.
    public var rows: [Row]
    public var total: Row

    /// The figures of `letters` (those received in the period), with each channel's deadlines.
    public init(_ letters: [Letter], deadlines: [String: LetterDeadlines], calendar: WorkingCalendar) {
        var byDepartment: [String?: Row] = [:]
        var total = Row(departmentID: nil)
        for letter in letters where letter.state != .rejected && letter.state != .merged {
            let key = letter.leadDepartmentID
            byDepartment[key, default: Row(departmentID: key)].add(letter, deadlines: deadlines[letter.channelID], calendar: calendar)
            total.add(letter, deadlines: deadlines[letter.channelID], calendar: calendar)
        }
        rows = byDepartment.values.sorted { a, b in
            if (a.departmentID == nil) != (b.departmentID == nil) { return b.departmentID == nil }
            return (a.received, b.departmentID ?? "") > (b.received, a.departmentID ?? "")
        }
        self.total = total
    }

    /// A share as the pages print it: "92.3%", or "—".
    public static func percent(_ share: Double?) -> String {
        guard let share else { return "—" }
        return String(format: "%.1f%%", share * 100)
    }

    /// Working days as printed: "3.4", or "—".
    public static func days(_ value: Double?) -> String {
        guard let value else { return "—" }
        return String(format: "%.1f", value)
    }
}
