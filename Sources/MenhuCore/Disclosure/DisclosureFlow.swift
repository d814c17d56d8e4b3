import Foundation

/// What a handler (or the applicant) may do to a request. I7.
public enum DisclosureAction: String, Sendable, CaseIterable, Codable {
    /// 告知补正 (第三十条).
    case requestCorrection
    /// 申请人补正 (the applicant, from the public look-up).
    case correct
    /// 逾期未补正，视为放弃.
    case closeUncorrected
    /// 征求第三方或其他机关意见 (第三十二条、第三十三条).
    case startConsultation
    /// 意见已收回.
    case endConsultation
    /// 申请延期答复 (第三十三条第二款).
    case askExtension
    /// 同意延期 (政府信息公开工作机构负责人).
    case approveExtension
    /// 不同意延期.
    case refuseExtension
    /// 发出收费通知.
    case notifyFee
    /// 确认已缴费.
    case confirmFee
    /// 逾期未缴费，视为放弃.
    case closeUnpaid
    /// 答复.
    case answer
    /// 申请人撤回.
    case withdraw
    /// 归档.
    case archive

    public var label: String {
        switch self {
        case .requestCorrection: "告知补正"
        case .correct: "提交补正"
        case .closeUncorrected: "逾期未补正，视为放弃"
        case .startConsultation: "征求意见"
        case .endConsultation: "意见已收回"
        case .askExtension: "申请延期答复"
        case .approveExtension: "同意延期"
        case .refuseExtension: "不同意延期"
        case .notifyFee: "发出收费通知"
        case .confirmFee: "确认已缴费"
        case .closeUnpaid: "逾期未缴费，视为放弃"
        case .answer: "答复"
        case .withdraw: "申请人撤回"
        case .archive: "归档"
        }
    }

    /// The document the action issues, if any.
    public var document: DisclosureDocumentKind? {
        switch self {
        case .requestCorrection: .correctionNotice
        case .startConsultation: .consultationLetter
        case .approveExtension: .extensionNotice
        case .notifyFee: .feeNotice
        case .answer: .reply
        case .closeUncorrected, .closeUnpaid, .withdraw: .closureNotice
        case .correct, .endConsultation, .askExtension, .refuseExtension, .confirmFee, .archive: nil
        }
    }
}

/// Why an action was refused: in Chinese, naming the article; `forbidden` when it is a matter of permission.
public struct DisclosureRefusal: Error, Sendable, Equatable {
    public let message: String
    public let forbidden: Bool

    public init(_ message: String, forbidden: Bool = false) { self.message = message; self.forbidden = forbidden }
}

/// Who acts: their account and what they hold on the request's site.
public struct DisclosureActor: Sendable, Equatable {
    public var accountID: String?
    public var name: String
    /// `handleDisclosure` on the site.
    public var handles: Bool
    /// `approveDisclosureExtension` on the site.
    public var approves: Bool

    public init(accountID: String?, name: String, handles: Bool, approves: Bool) {
        self.accountID = accountID; self.name = name; self.handles = handles; self.approves = approves
    }

    /// The applicant, acting from the public look-up.
    public static func applicant(_ name: String) -> DisclosureActor { DisclosureActor(accountID: nil, name: name, handles: false, approves: false) }
}

/// What goes with an action: the words, the working days, the reply, the fee.
public struct DisclosureInput: Sendable, Equatable {
    public var text: String
    public var days: Int?
    public var reply: DisclosureReply?
    public var fee: DisclosureFee?

    public init(text: String = "", days: Int? = nil, reply: DisclosureReply? = nil, fee: DisclosureFee? = nil) {
        self.text = text; self.days = days; self.reply = reply; self.fee = fee
    }
}

/// The rules of the request's clock and states as one pure function (DESIGN: workflow as data,
/// decided in Core). 登记 → (补正) → 办理 → (征求意见, 延期, 收费) → 答复 → 归档; 视为放弃 and 撤回 end it. I7.
public enum DisclosureFlow {
    /// Longest note of an action (补正事项, 征求意见对象, 延期理由).
    public static let noteLimit = 1000

    /// Decides `action` on `request` today (`now`), on `calendar`: the changed request, or why not.
    public static func decide(
        _ action: DisclosureAction, on request: DisclosureRequest, by actor: DisclosureActor, input: DisclosureInput, calendar: WorkingCalendar,
        correctionDays: Int, now: Date
    ) -> Result<DisclosureRequest, DisclosureRefusal> {
        let today = CalendarDay(now)
        let clock = DisclosureClock(request, calendar: calendar, correctionDays: correctionDays)
        let note = LetterSubmission.normalisedBody(input.text)
        var changed = request
        func step(_ kind: DisclosureStep.Kind, days: Int? = nil) {
            changed.steps.append(DisclosureStep(kind: kind, at: now, actorID: actor.accountID, actorName: actor.name, note: note, days: days))
        }
        func refuse(_ message: String, forbidden: Bool = false) -> Result<DisclosureRequest, DisclosureRefusal> {
            .failure(DisclosureRefusal(message, forbidden: forbidden))
        }
        let working: Set<DisclosureState> = [.registered, .handling]
        if action == .correct {
            guard actor.accountID == nil || actor.handles else { return refuse("只有申请人可以提交补正。", forbidden: true) }
        } else if action == .approveExtension || action == .refuseExtension {
            guard actor.approves else { return refuse("审批延期须由政府信息公开工作机构负责人办理（条例第三十三条第二款）。", forbidden: true) }
        } else if !actor.handles {
            return refuse("您没有本网站的“依申请公开办理”权限。", forbidden: true)
        }
        if note.count > noteLimit { return refuse("说明不能超过 \(noteLimit) 个字，现为 \(note.count) 个字。") }
        let state = request.state
        switch action {
        case .requestCorrection:
            guard working.contains(state) else { return refuse("“\(state.label)”的申请不能告知补正。") }
            guard !request.has(.correctionRequested) else {
                return refuse("补正只能告知一次：《中华人民共和国政府信息公开条例》第三十条要求一次性告知需要补正的事项。")
            }
            guard today <= clock.correctionNoticeBy else {
                return refuse("已超过收到申请之日起 7 个工作日（\(clock.correctionNoticeBy.chineseDate)），不能再告知补正（《中华人民共和国政府信息公开条例》第三十条）。")
            }
            guard !note.isEmpty else { return refuse("请写明需要补正的事项。") }
            let days = input.days ?? correctionDays
            guard (1...60).contains(days) else { return refuse("补正期限应为 1 至 60 个工作日。") }
            step(.correctionRequested, days: days)
            changed.state = .awaitingCorrection
        case .correct:
            guard state == .awaitingCorrection else { return refuse("这件申请现在不需要补正。") }
            guard let pause = clock.pause, today <= pause.until else {
                return refuse("补正期限（\(clock.pause?.until.chineseDate ?? "")）已过。如有正当理由，请与政府信息公开工作机构联系。")
            }
            guard note.count >= 10 else { return refuse("请补充说明所需信息（至少 10 个字）。") }
            step(.corrected)
            changed.ask.description = note
            changed.state = .handling
        case .closeUncorrected:
            guard state == .awaitingCorrection, let pause = clock.pause else { return refuse("只有待补正的申请可以视为放弃。") }
            guard today > pause.until else { return refuse("补正期限至 \(pause.until.chineseDate)，期限届满前不能视为放弃。") }
            step(.closed)
            changed.closedBecause = .noCorrection
            changed.state = .closed
        case .startConsultation:
            guard working.contains(state) else { return refuse("“\(state.label)”的申请不能征求意见。") }
            guard !note.isEmpty else { return refuse("请写明征求意见的对象（第三方或其他机关）和事项。") }
            step(.consultationStarted)
            changed.state = .consulting
        case .endConsultation:
            guard state == .consulting else { return refuse("这件申请没有正在征求的意见。") }
            step(.consultationEnded)
            changed.state = .handling
        case .askExtension:
            guard working.contains(state) || state == .consulting else { return refuse("“\(state.label)”的申请不能申请延期。") }
            guard !request.has(.extensionApproved) else { return refuse("答复期限只能延长一次（《中华人民共和国政府信息公开条例》第三十三条第二款）。") }
            if let asked = request.last(.extensionAsked), !request.steps.contains(where: { $0.kind == .extensionRefused && $0.at >= asked.at }) {
                return refuse("已申请延期，正在等待负责人审批。")
            }
            let days = input.days ?? DisclosureClock.maxExtensionDays
            guard (1...DisclosureClock.maxExtensionDays).contains(days) else { return refuse("延长的期限最长不超过 20 个工作日（《中华人民共和国政府信息公开条例》第三十三条第二款）。") }
            guard !note.isEmpty else { return refuse("请写明需要延期的理由。") }
            if let due = clock.due, today > due { return refuse("答复期限（\(due.chineseDate)）已过，不能再申请延期。") }
            step(.extensionAsked, days: days)
        case .approveExtension, .refuseExtension:
            guard state.isOpen, let asked = request.last(.extensionAsked),
                !request.steps.contains(where: { ($0.kind == .extensionApproved || $0.kind == .extensionRefused) && $0.at >= asked.at })
            else { return refuse("没有待审批的延期申请。") }
            guard asked.actorID != actor.accountID else { return refuse("延期申请须由申请延期者以外的负责人审批。", forbidden: true) }
            if action == .approveExtension {
                if let due = clock.due, today > due { return refuse("答复期限（\(due.chineseDate)）已过，不能再同意延期。") }
                step(.extensionApproved, days: asked.days)
            } else {
                guard !note.isEmpty else { return refuse("请写明不同意延期的理由。") }
                step(.extensionRefused)
            }
        case .notifyFee:
            guard working.contains(state) else { return refuse("“\(state.label)”的申请不能发出收费通知。") }
            guard request.fee == nil else { return refuse("这件申请已发出过收费通知，同一申请不重复收费（国办函〔2020〕109号）。") }
            guard let fee = input.fee, fee.mode != .off else { return refuse("本网站未开启信息处理费，不能发出收费通知。") }
            guard fee.amount > 0 else { return refuse("按\(fee.mode.label)，这件申请不收费（\(fee.basis)）。") }
            changed.fee = DisclosureFeeNotice(fee: fee, at: now)
            step(.feeNotified)
            changed.state = .awaitingFee
        case .confirmFee:
            guard state == .awaitingFee else { return refuse("这件申请没有待缴的费用。") }
            changed.fee?.paidAt = now
            step(.feePaid)
            changed.state = .handling
        case .closeUnpaid:
            guard state == .awaitingFee, let pause = clock.pause else { return refuse("只有待缴费的申请可以视为放弃。") }
            guard today > pause.until else { return refuse("缴费期限至 \(pause.until.chineseDate)，期限届满前不能视为放弃。") }
            step(.closed)
            changed.closedBecause = .unpaidFee
            changed.state = .closed
        case .answer:
            guard working.contains(state) else {
                return refuse(state.isPaused ? "“\(state.label)”，请先结束这一期间再答复。" : "“\(state.label)”的申请不能再答复。")
            }
            guard let reply = input.reply else { return refuse("请填写答复。") }
            changed.reply = reply
            step(.answered)
            changed.state = .answered
        case .withdraw:
            guard state.isOpen else { return refuse("“\(state.label)”的申请不能撤回。") }
            guard !note.isEmpty else { return refuse("请写明申请人撤回的方式和时间。") }
            step(.closed)
            changed.closedBecause = .withdrawn
            changed.state = .closed
        case .archive:
            guard state == .answered || state == .closed else { return refuse("答复或终止后才能归档。") }
            step(.archived)
            changed.state = .archived
        }
        changed.version = request.version + 1
        changed.changedAt = now
        return .success(changed)
    }

    /// The actions `actor` may take now (each is still decided again when taken).
    public static func available(
        on request: DisclosureRequest, by actor: DisclosureActor, input: DisclosureInput = DisclosureInput(text: "（检查）"),
        calendar: WorkingCalendar, correctionDays: Int, feeMode: DisclosureFeeMode, now: Date
    ) -> [DisclosureAction] {
        DisclosureAction.allCases.filter { action in
            guard action != .correct, action != .answer else {
                return action == .answer && actor.handles && [.registered, .handling].contains(request.state)
            }
            var probe = input
            probe.days = nil
            if action == .notifyFee {
                guard feeMode != .off else { return false }
                probe.fee = DisclosureFee(mode: feeMode, amount: 1, basis: "")
            }
            if case .success = decide(action, on: request, by: actor, input: probe, calendar: calendar, correctionDays: correctionDays, now: now) {
                return true
            }
            return false
        }
    }

    /// The row of table 三 a finished request counts in; nil while it is open.
    public static func resultRow(of request: DisclosureRequest) -> DisclosureResultRow? {
        if let reply = request.reply { return reply.resultRow }
        switch request.closedBecause {
        case .noCorrection: return .closed(.noCorrection)
        case .unpaidFee: return .closed(.unpaidFee)
        case .withdrawn: return .other
        case nil: return nil
        }
    }
}
