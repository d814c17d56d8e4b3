import Foundation

/// 办理环节: a step of a letter that runs on a deadline. I2, I3.
public enum LetterStep: String, Sendable, CaseIterable, Codable {
    /// I2: 受理转办, from the day received (day 0).
    case transfer
    /// 签收, from the transfer.
    case sign
    /// I2: 答复, from the transfer (or 重办), lengthened by an approved extension.
    case reply
    /// I2: 督办答复, from the escalation; counts when earlier than the reply deadline.
    case escalation
    /// I3: 答复审核 (the platform's first review), 0.5 working day from the reply, in working hours.
    case review

    /// The Chinese name.
    public var label: String {
        switch self {
        case .transfer: "受理转办"
        case .sign: "签收"
        case .reply: "答复"
        case .escalation: "督办答复"
        case .review: "答复审核"
        }
    }

    /// The requirement the step's deadline comes from.
    public var basis: String {
        switch self {
        case .transfer, .reply, .escalation: "I2"
        case .sign: "I2"
        case .review: "I3"
        }
    }
}

/// The deadline of one step: from when, how many working days, and when it ends. I2, I3.
public struct LetterDeadline: Sendable, Equatable {
    public var step: LetterStep
    /// When the step started (its day is day 0).
    public var from: Date
    public var length: WorkingDays
    /// When the step ends: close of work on the due day for whole days; in working hours for halves.
    public var due: Date

    public init(step: LetterStep, from: Date, length: WorkingDays, due: Date) {
        self.step = step; self.from = from; self.length = length; self.due = due
    }

    /// The Asia/Shanghai day the deadline ends on.
    public var dueDay: CalendarDay { CalendarDay(due) }

    /// How the deadline was counted, day by day, for the letter's page.
    public func explanation(on calendar: WorkingCalendar) -> DeadlineExplanation {
        calendar.explain(receivedAt: from, workingDays: length)
    }

    static func make(_ step: LetterStep, from: Date, length: WorkingDays, on calendar: WorkingCalendar) -> LetterDeadline {
        LetterDeadline(step: step, from: from, length: length, due: calendar.due(receivedAt: from, workingDays: length))
    }

    /// I2, I3: the deadline of the step `letter` is in now, or nil when no step is running (a refused,
    /// merged, approved or finished letter). Waiting for 受理/转办 counts from the day received; waiting
    /// for 签收 from the transfer; being handled from `replyFrom` over `replyLength` (or the escalation's
    /// deadline when earlier); waiting for review from the reply, 0.5 working day in working hours.
    public static func current(of letter: Letter, deadlines: LetterDeadlines, calendar: WorkingCalendar) -> LetterDeadline? {
        guard letter.state.hasDeadline else { return nil }
        switch letter.state {
        case .submitted, .accepted:
            return make(.transfer, from: letter.receivedAt, length: deadlines.transfer, on: calendar)
        case .transferred:
            guard let at = letter.transferredAt else { return nil }
            return make(.sign, from: at, length: deadlines.sign, on: calendar)
        case .signed, .handling:
            guard let from = letter.replyFrom else { return nil }
            let reply = make(.reply, from: from, length: letter.replyLength ?? deadlines.reply, on: calendar)
            if let escalated = letter.supervisedAt {
                let escalation = make(.escalation, from: escalated, length: deadlines.escalation, on: calendar)
                if escalation.due < reply.due { return escalation }
            }
            return reply
        case .answered:
            guard let at = letter.reply?.at else { return nil }
            return make(.review, from: at, length: deadlines.review, on: calendar)
        case .rejected, .approved, .published, .closed, .merged:
            return nil
        }
    }

    /// Every step's deadline that has started, in order, for the letter's history (met or not).
    public static func started(of letter: Letter, deadlines: LetterDeadlines, calendar: WorkingCalendar) -> [LetterDeadline] {
        var result = [make(.transfer, from: letter.receivedAt, length: deadlines.transfer, on: calendar)]
        if let at = letter.transferredAt { result.append(make(.sign, from: at, length: deadlines.sign, on: calendar)) }
        if let from = letter.replyFrom {
            result.append(make(.reply, from: from, length: letter.replyLength ?? deadlines.reply, on: calendar))
        }
        if let at = letter.supervisedAt { result.append(make(.escalation, from: at, length: deadlines.escalation, on: calendar)) }
        if let at = letter.reply?.at { result.append(make(.review, from: at, length: deadlines.review, on: calendar)) }
        return result
    }
}

/// 时效: how a running deadline stands at an instant. I2.
public enum LetterTimeliness: String, Sendable, CaseIterable, Codable {
    /// No step is running.
    case none
    /// 未到期: due on a later day.
    case onTime
    /// 今日到期: due later today (Asia/Shanghai).
    case dueToday
    /// 已超期: the due instant has passed.
    case overdue

    /// The Chinese name.
    public var label: String {
        switch self {
        case .none: "无时限"
        case .onTime: "未到期"
        case .dueToday: "今日到期"
        case .overdue: "已超期"
        }
    }

    /// How a deadline ending at `due` stands at `now`.
    public static func of(due: Date?, at now: Date) -> LetterTimeliness {
        guard let due else { return .none }
        if now > due { return .overdue }
        return CalendarDay(now) == CalendarDay(due) ? .dueToday : .onTime
    }

    /// The instants bounding "due today" at `now`: from now to the end of the Asia/Shanghai day.
    public static func endOfDay(_ now: Date) -> Date {
        CalendarDay(now).adding(days: 1).start
    }
}

/// 单项否决 watch (国办秘函〔2019〕19号 互动回应差): a valid 政务咨询 letter left unanswered for more than
/// 3 months fails the site; more than 2 months is the warning. Months are calendar months in Asia/Shanghai.
public enum VetoWatch: String, Sendable, CaseIterable, Codable {
    /// Nothing to watch (not a consultation, answered, refused, or younger than 2 months).
    case clear
    /// 预警 (red on the site admin's dashboard): unanswered for more than 2 months.
    case warning
    /// 否决线: unanswered for more than 3 months.
    case veto

    /// The Chinese name.
    public var label: String {
        switch self {
        case .clear: "正常"
        case .warning: "超过 2 个月未答复"
        case .veto: "超过 3 个月未答复（单项否决）"
        }
    }

    /// How `letter` stands at `now`.
    public static func of(_ letter: Letter, at now: Date) -> VetoWatch {
        of(kind: letter.channelKind, state: letter.state, receivedAt: letter.receivedAt, at: now)
    }

    /// How a letter of channel `kind` in `state`, received at `received`, stands at `now`.
    public static func of(kind: ChannelKind, state: LetterState, receivedAt received: Date, at now: Date) -> VetoWatch {
        guard kind.isWatchedForVeto, state.isUnanswered else { return .clear }
        return of(receivedAt: received, at: now)
    }

    /// How an unanswered consultation received at `received` stands at `now`.
    public static func of(receivedAt received: Date, at now: Date) -> VetoWatch {
        if now > monthsAfter(received, 3) { return .veto }
        if now > monthsAfter(received, 2) { return .warning }
        return .clear
    }

    /// The instant `months` calendar months after `date`, in Asia/Shanghai.
    public static func monthsAfter(_ date: Date, _ months: Int) -> Date {
        ChinaTime.calendar.date(byAdding: .month, value: months, to: date)!
    }

    /// The received-before instants for counting at `now`: letters received before `warning` are red,
    /// before `veto` past the line.
    public static func thresholds(at now: Date) -> (warning: Date, veto: Date) {
        (monthsAfter(now, -2), monthsAfter(now, -3))
    }
}
