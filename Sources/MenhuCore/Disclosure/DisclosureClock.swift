import Foundation

/// The legal clock of a request, computed from its steps on the working-day calendar (条例第三十条
/// 至第三十三条, 国办函〔2020〕109号). The day received is day 0 and is not counted. I7.
/// - 20 working days to answer, from the day received — or from the day a corrected request came
///   (补正 restarts the clock);
/// - a 补正 notice once, within 7 working days of receipt; the applicant's correction period
///   (15 working days unless the office sets another) pauses the clock;
/// - a third party's or another organ's opinion (15 working days for a third party) and the time a
///   fee notice waits to be paid (20 working days) are not counted;
/// - one extension of at most 20 working days, approved by the 负责人.
public struct DisclosureClock: Sendable, Equatable {
    /// 答复期限 (条例第三十三条第一款).
    public static let replyDays = 20
    /// 补正 notice within 7 working days of receipt (第三十条).
    public static let correctionNoticeDays = 7
    /// 延长答复期限 at most 20 working days (第三十三条第二款).
    public static let maxExtensionDays = 20
    /// 第三方 answers within 15 working days (第三十二条).
    public static let consultationDays = 15
    /// 缴费 within 20 working days of the notice (国办函〔2020〕109号).
    public static let feeDays = 20

    /// What stops the clock.
    public enum Pause: String, Sendable, Equatable {
        case correction, consultation, fee

        public var label: String {
            switch self {
            case .correction: "申请人补正期间"
            case .consultation: "征求第三方或其他机关意见期间"
            case .fee: "等待申请人缴费期间"
            }
        }
    }

    /// 起算日: the day received, or the day the corrected request came.
    public var start: CalendarDay
    /// Working days not counted (consultations and fee waits after `start`, finished).
    public var excludedDays: Int
    /// The extension approved, in working days (0 when none).
    public var extensionDays: Int
    /// 答复期限: nil while the clock stands still.
    public var due: CalendarDay?
    /// The pause running now, with the day it began and its own deadline.
    public var pause: (kind: Pause, since: CalendarDay, until: CalendarDay)?
    /// The last day a 补正 notice may go out.
    public var correctionNoticeBy: CalendarDay

    public static func == (a: DisclosureClock, b: DisclosureClock) -> Bool {
        a.start == b.start && a.excludedDays == b.excludedDays && a.extensionDays == b.extensionDays && a.due == b.due
            && a.pause?.kind == b.pause?.kind && a.pause?.since == b.pause?.since && a.pause?.until == b.pause?.until
            && a.correctionNoticeBy == b.correctionNoticeBy
    }

    public init(_ request: DisclosureRequest, calendar: WorkingCalendar, correctionDays: Int = 15) {
        let received = request.receivedOn
        var start = received, excluded = 0, extensionDays = 0
        var pause: (kind: Pause, since: CalendarDay, until: CalendarDay)?
        for step in request.steps {
            let day = step.day
            switch step.kind {
            case .correctionRequested:
                pause = (.correction, day, calendar.dueDate(receivedOn: day, workingDays: step.days ?? correctionDays))
            case .corrected:
                // 第三十条: the answer period runs again from the day the corrected request came.
                start = day; excluded = 0; pause = nil
            case .consultationStarted:
                pause = (.consultation, day, calendar.dueDate(receivedOn: day, workingDays: Self.consultationDays))
            case .feeNotified:
                pause = (.fee, day, calendar.dueDate(receivedOn: day, workingDays: Self.feeDays))
            case .consultationEnded, .feePaid:
                if let p = pause, p.since >= start { excluded += calendar.workingDays(after: p.since, through: day) }
                pause = nil
            case .extensionApproved:
                extensionDays = min(step.days ?? Self.maxExtensionDays, Self.maxExtensionDays)
            case .registered, .extensionAsked, .extensionRefused, .answered, .closed, .archived:
                break
            }
        }
        self.start = start; self.excludedDays = excluded; self.extensionDays = extensionDays; self.pause = pause
        self.correctionNoticeBy = calendar.dueDate(receivedOn: received, workingDays: Self.correctionNoticeDays)
        let open = request.state.isOpen
        self.due = open && pause == nil ? calendar.dueDate(receivedOn: start, workingDays: Self.replyDays + extensionDays + excluded) : nil
    }

    /// The deadline without the extension (what the extension must be asked before).
    public func dueWithoutExtension(calendar: WorkingCalendar) -> CalendarDay {
        calendar.dueDate(receivedOn: start, workingDays: Self.replyDays + excludedDays)
    }

    /// How the deadline is made, in Chinese, for the handler and the applicant.
    public var explanation: String {
        var parts = ["自 \(start.chineseDate) 起算 \(Self.replyDays) 个工作日"]
        if extensionDays > 0 { parts.append("延期 \(extensionDays) 个工作日") }
        if excludedDays > 0 { parts.append("征求意见和缴费期间 \(excludedDays) 个工作日不计入") }
        if let pause {
            return parts.joined(separator: "，") + "；现为\(pause.kind.label)（\(pause.since.chineseDate) 起，至 \(pause.until.chineseDate)），期限暂停计算。"
        }
        return parts.joined(separator: "，") + (due.map { "，答复期限 \($0.chineseDate)。" } ?? "。")
    }
}

/// 信息处理费 (国办函〔2020〕109号): by item or by volume where the office enables it, never both.
public enum DisclosureFeeMode: String, Sendable, CaseIterable, Codable {
    /// 不收费.
    case off
    /// 按件计收: 同一申请人一个自然月内累计申请的件数.
    case perItem
    /// 按量计收: 同一申请件提供信息的页数.
    case perVolume

    public var label: String {
        switch self {
        case .off: "不收取信息处理费"
        case .perItem: "按件计收"
        case .perVolume: "按量计收"
        }
    }
}

/// The fee of one request, in yuan, and how it was computed.
public struct DisclosureFee: Sendable, Equatable, Codable {
    public var mode: DisclosureFeeMode
    public var amount: Int
    /// 计费依据, e.g. "本月第 12 件：11—30 件 100 元/件".
    public var basis: String

    /// 按件计收: the `nth` request of one applicant in a calendar month. Up to 10 free; 11–30 100 元
    /// each; above 30, every 10 more raise it by 100 元 (31–40 200 元, 41–50 300 元…).
    public static func perItem(nth: Int) -> DisclosureFee {
        if nth <= 10 { return DisclosureFee(mode: .perItem, amount: 0, basis: "本月第 \(nth) 件：10 件以下（含 10 件）不收费") }
        if nth <= 30 { return DisclosureFee(mode: .perItem, amount: 100, basis: "本月第 \(nth) 件：11—30 件 100 元/件") }
        let band = (nth - 31) / 10
        let amount = 200 + band * 100
        let low = 31 + band * 10
        return DisclosureFee(mode: .perItem, amount: amount, basis: "本月第 \(nth) 件：\(low)—\(low + 9) 件 \(amount) 元/件")
    }

    /// 按量计收: 30 pages free; pages 31–100 at 10 元, 101–200 at 20 元, above 200 at 40 元 each
    /// (each band for its own pages).
    public static func perVolume(pages: Int) -> DisclosureFee {
        let bands: [(from: Int, to: Int, price: Int)] = [(31, 100, 10), (101, 200, 20), (201, Int.max, 40)]
        var amount = 0
        var parts: [String] = []
        for band in bands where pages >= band.from {
            let counted = min(pages, band.to) - band.from + 1
            amount += counted * band.price
            parts.append("\(counted) 页×\(band.price) 元")
        }
        let basis = pages <= 30 ? "共 \(pages) 页：30 页以下（含 30 页）不收费" : "共 \(pages) 页：前 30 页不收费，" + parts.joined(separator: " + ")
        return DisclosureFee(mode: .perVolume, amount: amount, basis: basis)
    }
}

/// 收费通知: the fee asked, once per request; paid or not.
public struct DisclosureFeeNotice: Sendable, Equatable, Codable {
    public var fee: DisclosureFee
    public var at: Date
    public var paidAt: Date?

    public init(fee: DisclosureFee, at: Date, paidAt: Date? = nil) { self.fee = fee; self.at = at; self.paidAt = paidAt }
}
