import Foundation

/// What a person can do to a letter in the back office. I2, I3, I4, I6.
public enum LetterAction: String, Sendable, CaseIterable, Codable {
    /// 受理.
    case accept
    /// 不予受理, with a reason.
    case reject
    /// 转办 to the 主办 department (and 协办 ones).
    case transfer
    /// 签收 by the 主办 department.
    case sign
    /// 退回: the department says the letter is not theirs, with a reason, within the limit.
    case sendBack
    /// 改派: the manager sends the letter to other departments, with a reason.
    case reassign
    /// 答复.
    case answer
    /// 审核通过 (I3: the platform's first review of the reply).
    case approveReply
    /// 审核退回, with a reason: the department answers again.
    case returnReply
    /// 公开 (I4: only after review; only when the writer chose 公开 and the channel publishes).
    case publish
    /// 不公开: finished without publishing (with a reason when the writer chose 公开).
    case withhold
    /// 办结 of a published letter.
    case close
    /// 申请延期, with a reason (once per letter).
    case requestExtension
    /// 批准延期 by the head of the 主办 department; the writer is told.
    case approveExtension
    /// 不批准延期 by the head of the 主办 department.
    case declineExtension
    /// 并件 into another letter on the same matter.
    case merge
    /// 催办: remind the department.
    case urge
    /// 督办: escalate, with a reason; the department answers within the escalation days.
    case supervise
    /// 重办: reopen once after the writer was 不满意 through the department's fault.
    case reopen

    /// The Chinese name.
    public var label: String {
        switch self {
        case .accept: "受理"
        case .reject: "不予受理"
        case .transfer: "转办"
        case .sign: "签收"
        case .sendBack: "退回"
        case .reassign: "改派"
        case .answer: "答复"
        case .approveReply: "审核通过"
        case .returnReply: "审核退回"
        case .publish: "公开"
        case .withhold: "不公开"
        case .close: "办结"
        case .requestExtension: "申请延期"
        case .approveExtension: "批准延期"
        case .declineExtension: "不批准延期"
        case .merge: "并件"
        case .urge: "催办"
        case .supervise: "督办"
        case .reopen: "重办"
        }
    }

    /// The audit event's action name (`letter.accept`).
    public var eventName: String { "letter." + rawValue }
}

/// Who may take an action on a letter.
public enum LetterAuthority: Sendable, Equatable {
    /// The site's letter managers (`manageLetters`: site admins, platform admins).
    case manager
    /// Those who answer letters (`answerLetters`) in the 主办 department.
    case leadDepartment
    /// The head of the 主办 department (`approveLetterExtension`).
    case leadDepartmentHead

    /// The Chinese description.
    public var label: String {
        switch self {
        case .manager: "本网站留言管理员（网站管理员、平台管理员）"
        case .leadDepartment: "主办部门的留言办理人员"
        case .leadDepartmentHead: "主办部门负责人"
        }
    }

    /// The permission the authority needs.
    public var permission: Permission {
        switch self {
        case .manager: .manageLetters
        case .leadDepartment: .answerLetters
        case .leadDepartmentHead: .approveLetterExtension
        }
    }
}

/// A condition a letter action checks beyond state and authority.
public enum LetterGuard: String, Sendable, CaseIterable {
    /// A reason is required.
    case reasonRequired
    /// The reply text is required.
    case replyRequired
    /// At least the 主办 department is named (or the channel has owner departments).
    case departmentsRequired
    /// The letter to merge into is named and is another letter.
    case mergeTargetRequired
    /// 退回 only within the transfer limit counted from the transfer.
    case withinReturnLimit
    /// 延期 only once per letter.
    case extensionOnce
    /// An extension request waits for its decision.
    case extensionPending
    /// The person who asked for the extension may not approve it.
    case notExtensionRequester
    /// No extension request waits (a request blocks the reply until decided).
    case noPendingExtension
    /// I4: published only when the writer chose 公开 and the channel publishes replies.
    case writerChosePublic
    /// 不公开 of a letter whose writer chose 公开 needs a reason.
    case reasonIfPublicChosen
    /// The writer rated the reply 不满意.
    case unsatisfiedRating
    /// 重办 only once per letter.
    case reopenOnce

    /// The Chinese description shown with the table.
    public var label: String {
        switch self {
        case .reasonRequired: "须填写理由"
        case .replyRequired: "须填写答复内容"
        case .departmentsRequired: "须选择主办部门（可加协办部门）"
        case .mergeTargetRequired: "须指明并入的留言"
        case .withinReturnLimit: "须在转办后的转办时限内退回"
        case .extensionOnce: "每件留言只能申请一次延期"
        case .extensionPending: "仅限有待审批的延期申请"
        case .notExtensionRequester: "申请人不能审批自己的延期申请"
        case .noPendingExtension: "延期申请审批前不能答复"
        case .writerChosePublic: "留言人选择公开且本渠道公开答复"
        case .reasonIfPublicChosen: "留言人选择公开的，不公开须说明理由"
        case .unsatisfiedRating: "留言人评价为不满意"
        case .reopenOnce: "每件留言只能重办一次"
        }
    }
}

/// Where a letter action leads.
public enum LetterOutcome: Sendable, Equatable {
    case state(LetterState)
    /// The state does not change (催办、督办、延期).
    case unchanged

    /// The Chinese description.
    public var label: String {
        switch self {
        case .state(let s): s.label
        case .unchanged: "状态不变"
        }
    }
}

/// One row of the letter flow table.
public struct LetterTransition: Sendable {
    public let action: LetterAction
    /// The states the action is possible from.
    public let from: Set<LetterState>
    public let outcome: LetterOutcome
    public let authority: LetterAuthority
    public let guards: [LetterGuard]
    public let basis: [String]
}

/// What an action needs besides the letter: a reason, the reply, departments, the letter to merge into.
public struct LetterInput: Sendable, Equatable {
    public var reason: String
    /// The reply text (答复).
    public var text: String
    /// 主办 first, then 协办 (转办、改派).
    public var departmentIDs: [String]
    /// 并件: the letter this one joins.
    public var mergeInto: String?

    public init(reason: String = "", text: String = "", departmentIDs: [String] = [], mergeInto: String? = nil) {
        self.reason = reason; self.text = text; self.departmentIDs = departmentIDs; self.mergeInto = mergeInto
    }
}

/// The person acting on a letter: their account, their department with its units above, their grants.
public struct LetterActor: Sendable {
    public var accountID: String
    public var name: String
    /// The person's department and every unit above it (a unit's staff answer for the unit).
    public var departmentIDs: Set<String>
    public var grants: [RoleGrant]

    public init(accountID: String, name: String, departmentIDs: Set<String>, grants: [RoleGrant]) {
        self.accountID = accountID; self.name = name; self.departmentIDs = departmentIDs; self.grants = grants
    }
}

/// What the flow needs around a letter: its channel's deadlines, the calendar and the time.
public struct LetterContext: Sendable {
    public var channel: LetterChannel
    public var calendar: WorkingCalendar
    public var now: Date

    public init(channel: LetterChannel, calendar: WorkingCalendar, now: Date) {
        self.channel = channel; self.calendar = calendar; self.now = now
    }
}

/// What follows from an allowed action: the letter as it becomes, and what to record.
public struct LetterDecision: Sendable, Equatable {
    public var action: LetterAction
    public var from: LetterState
    /// The letter after the action (state, times, deadlines; `version` is the store's to bump).
    public var letter: Letter
    /// One sentence for the history and the audit log, in Chinese.
    public var summary: String
    /// The writer is told (延期 approved, 不予受理, 答复 reviewed…).
    public var notifiesWriter: Bool
    /// The requirement the action carries out.
    public var requirement: String
}

/// Why a letter action was refused, with a message for people.
public enum LetterRefusal: Error, Sendable, Equatable {
    case wrongState(String)
    case noPermission(String)
    case reasonRequired(String)
    /// A once-only action was already used (延期、重办).
    case alreadyUsed(String)
    /// Something the action needs is missing or not allowed (reply text, departments, public choice).
    case notAllowed(String)

    public var message: String {
        switch self {
        case .wrongState(let m), .noPermission(let m), .reasonRequired(let m), .alreadyUsed(let m), .notAllowed(let m): m
        }
    }
}

/// The letter flow as data (DESIGN: workflow as data), like `Workflow` for publishing: the admin
/// console shows `table` as the documentation of the process; `decide` is the only place that applies it.
/// 待受理 → 受理/不予受理 → 转办 → 签收 → 答复 → 答复审核 → 公开/不公开 → 办结, with 退回/改派, 延期,
/// 并件, 催办, 督办 and 重办 beside it. I2, I3, I4, I6.
public enum LetterFlow {
    static let handled: Set<LetterState> = [.signed, .handling]
    static let withDepartment: Set<LetterState> = [.transferred, .signed, .handling]

    public static let table: [LetterTransition] = [
        LetterTransition(
            action: .accept, from: [.submitted], outcome: .state(.accepted), authority: .manager, guards: [], basis: ["I2", "I4"]),
        LetterTransition(
            action: .reject, from: [.submitted, .accepted], outcome: .state(.rejected), authority: .manager,
            guards: [.reasonRequired], basis: ["I2"]),
        LetterTransition(
            action: .transfer, from: [.accepted], outcome: .state(.transferred), authority: .manager, guards: [.departmentsRequired],
            basis: ["I2", "I3"]),
        LetterTransition(
            action: .sign, from: [.transferred], outcome: .state(.signed), authority: .leadDepartment, guards: [], basis: ["I2"]),
        LetterTransition(
            action: .sendBack, from: [.transferred, .signed], outcome: .state(.accepted), authority: .leadDepartment,
            guards: [.reasonRequired, .withinReturnLimit], basis: ["I2"]),
        LetterTransition(
            action: .reassign, from: withDepartment, outcome: .state(.transferred), authority: .manager,
            guards: [.reasonRequired, .departmentsRequired], basis: ["I2"]),
        LetterTransition(
            action: .answer, from: handled, outcome: .state(.answered), authority: .leadDepartment,
            guards: [.replyRequired, .noPendingExtension], basis: ["I2"]),
        LetterTransition(
            action: .approveReply, from: [.answered], outcome: .state(.approved), authority: .manager, guards: [], basis: ["I3", "I4"]),
        LetterTransition(
            action: .returnReply, from: [.answered], outcome: .state(.handling), authority: .manager, guards: [.reasonRequired],
            basis: ["I3"]),
        LetterTransition(
            action: .publish, from: [.approved], outcome: .state(.published), authority: .manager, guards: [.writerChosePublic],
            basis: ["I4", "I6"]),
        LetterTransition(
            action: .withhold, from: [.approved], outcome: .state(.closed), authority: .manager, guards: [.reasonIfPublicChosen],
            basis: ["I4"]),
        LetterTransition(
            action: .close, from: [.published], outcome: .state(.closed), authority: .manager, guards: [], basis: ["I6"]),
        LetterTransition(
            action: .requestExtension, from: handled, outcome: .unchanged, authority: .leadDepartment,
            guards: [.reasonRequired, .extensionOnce], basis: ["I2"]),
        LetterTransition(
            action: .approveExtension, from: handled, outcome: .unchanged, authority: .leadDepartmentHead,
            guards: [.extensionPending, .notExtensionRequester], basis: ["I2"]),
        LetterTransition(
            action: .declineExtension, from: handled, outcome: .unchanged, authority: .leadDepartmentHead,
            guards: [.extensionPending, .notExtensionRequester, .reasonRequired], basis: ["I2"]),
        LetterTransition(
            action: .merge, from: [.submitted, .accepted], outcome: .state(.merged), authority: .manager,
            guards: [.mergeTargetRequired], basis: ["I2"]),
        LetterTransition(
            action: .urge, from: withDepartment.union([.answered]), outcome: .unchanged, authority: .manager, guards: [],
            basis: ["I3"]),
        LetterTransition(
            action: .supervise, from: withDepartment, outcome: .unchanged, authority: .manager, guards: [.reasonRequired],
            basis: ["I2", "I3"]),
        LetterTransition(
            action: .reopen, from: [.published, .closed], outcome: .state(.handling), authority: .manager,
            guards: [.unsatisfiedRating, .reopenOnce, .reasonRequired], basis: ["I2"]),
    ]

    /// The row of an action.
    public static func transition(_ action: LetterAction) -> LetterTransition {
        table.first { $0.action == action }!
    }

    /// Longest reason and reply.
    public static let reasonLimit = 1000
    public static let replyLimit = 5000

    /// Decides whether `actor` may take `action` on `letter` now, and what the letter becomes.
    public static func decide(
        _ action: LetterAction, on letter: Letter, by actor: LetterActor, input: LetterInput = LetterInput(), context: LetterContext
    ) -> Result<LetterDecision, LetterRefusal> {
        let row = transition(action)
        guard row.from.contains(letter.state) else {
            return .failure(.wrongState("留言当前为“\(letter.state.label)”，不能\(action.label)。"))
        }
        if let refusal = authorityRefusal(row, letter: letter, actor: actor) { return .failure(refusal) }
        var input = input
        input.reason = input.reason.trimmed
        input.text = input.text.trimmed
        if input.departmentIDs.isEmpty && (action == .transfer) { input.departmentIDs = context.channel.ownerDepartmentIDs }
        input.departmentIDs = unique(input.departmentIDs.map(\.trimmed).filter { !$0.isEmpty })
        for check in row.guards {
            if let refusal = refusal(check, of: row, letter: letter, actor: actor, input: input, context: context) {
                return .failure(refusal)
            }
        }
        return .success(outcome(of: row, letter: letter, actor: actor, input: input, context: context))
    }

    /// Why `actor` lacks the authority of `row` on `letter`, or nil.
    static func authorityRefusal(_ row: LetterTransition, letter: Letter, actor: LetterActor) -> LetterRefusal? {
        let action = row.action
        switch row.authority {
        case .manager:
            if !AccessPolicy.allows(actor.grants, .manageLetters, on: .site(letter.siteID)) {
                return .noPermission("您没有本网站的“\(Permission.manageLetters.label)”权限，不能\(action.label)。")
            }
        case .leadDepartment, .leadDepartmentHead:
            let permission = row.authority.permission
            if !AccessPolicy.holdsWithin(actor.grants, permission, site: letter.siteID) {
                return .noPermission("您没有本网站的“\(permission.label)”权限，不能\(action.label)。")
            }
            guard let lead = letter.leadDepartmentID, actor.departmentIDs.contains(lead) else {
                return .noPermission("这件留言不是转给您所在部门主办的，不能\(action.label)。")
            }
        }
        return nil
    }

    /// Why a guard refuses, or nil when it passes.
    static func refusal(
        _ check: LetterGuard, of row: LetterTransition, letter: Letter, actor: LetterActor, input: LetterInput, context: LetterContext
    ) -> LetterRefusal? {
        let action = row.action
        switch check {
        case .reasonRequired:
            if input.reason.isEmpty { return .reasonRequired("请填写\(action.label)理由。") }
            if input.reason.count > reasonLimit { return .reasonRequired("理由不能超过 \(reasonLimit) 个字。") }
        case .replyRequired:
            if input.text.isEmpty { return .notAllowed("请填写答复内容。") }
            if input.text.count > replyLimit { return .notAllowed("答复内容不能超过 \(replyLimit) 个字。") }
        case .departmentsRequired:
            if input.departmentIDs.isEmpty { return .notAllowed("请选择主办部门。") }
            if action == .reassign && input.departmentIDs.first == letter.leadDepartmentID {
                return .notAllowed("改派须选择另一个主办部门。")
            }
        case .mergeTargetRequired:
            guard let target = input.mergeInto?.trimmed, !target.isEmpty else { return .notAllowed("请指明要并入的留言。") }
            if target == letter.id || target == letter.number { return .notAllowed("留言不能并入它自己。") }
        case .withinReturnLimit:
            guard let at = letter.transferredAt else { return .wrongState("这件留言还没有转办。") }
            let limit = context.calendar.due(receivedAt: at, workingDays: context.channel.deadlines.transfer)
            if context.now > limit {
                return .notAllowed("已超过退回时限（转办后 \(context.channel.deadlines.transfer) 个工作日，至 \(CalendarDay(limit))），不能再退回；请按时办理，或请留言管理员改派。")
            }
        case .extensionOnce:
            if letter.extensionRequest != nil {
                return .alreadyUsed("这件留言已申请过延期（\(letter.extensionRequest!.status.label)），每件留言只能申请一次。")
            }
        case .extensionPending:
            if letter.extensionRequest?.status != .requested { return .wrongState("这件留言没有待审批的延期申请。") }
        case .notExtensionRequester:
            if letter.extensionRequest?.requestedByID == actor.accountID {
                return .noPermission("延期申请须由部门负责人另行审批，申请人不能审批自己的申请。")
            }
        case .noPendingExtension:
            if letter.extensionRequest?.status == .requested { return .wrongState("延期申请尚待部门负责人审批，审批后再答复。") }
        case .writerChosePublic:
            if !letter.wantsPublic { return .notAllowed("留言人选择了不公开，不能公开这件留言。") }
            if !context.channel.publishesReplies { return .notAllowed("“\(context.channel.name)”渠道不公开答复。") }
        case .reasonIfPublicChosen:
            if letter.wantsPublic && context.channel.publishesReplies && input.reason.isEmpty {
                return .reasonRequired("留言人选择了公开，不公开须填写理由。")
            }
            if input.reason.count > reasonLimit { return .reasonRequired("理由不能超过 \(reasonLimit) 个字。") }
        case .unsatisfiedRating:
            if letter.rating?.satisfaction != .unsatisfied { return .wrongState("只有留言人评价为“不满意”的留言才能重办。") }
        case .reopenOnce:
            if letter.reopenedAt != nil { return .alreadyUsed("这件留言已重办过一次，不能再次重办。") }
        }
        return nil
    }

    /// The letter after `row`'s action, once every check has passed.
    static func outcome(
        of row: LetterTransition, letter: Letter, actor: LetterActor, input: LetterInput, context: LetterContext
    ) -> LetterDecision {
        let now = context.now
        let deadlines = context.channel.deadlines
        var l = letter
        var summary = row.action.label
        var notifies = false
        if case .state(let s) = row.outcome { l.state = s }
        let reason = input.reason.isEmpty ? "" : "：\(input.reason)"
        switch row.action {
        case .accept:
            l.acceptedAt = now
            summary = "受理留言"
        case .reject:
            l.reason = input.reason
            l.closedAt = now
            summary = "不予受理" + reason
            notifies = true
        case .transfer, .reassign:
            l.leadDepartmentID = input.departmentIDs.first
            l.assistingDepartmentIDs = Array(input.departmentIDs.dropFirst())
            l.transferredAt = now
            l.signedAt = nil
            l.replyFrom = now
            l.replyLength = deadlines.reply
            if row.action == .reassign { l.reason = input.reason }
            summary = row.action == .transfer ? "转办" : "改派" + reason
        case .sign:
            l.signedAt = now
            summary = "签收"
        case .sendBack:
            l.reason = input.reason
            l.leadDepartmentID = nil
            l.assistingDepartmentIDs = []
            l.transferredAt = nil
            l.signedAt = nil
            l.replyFrom = nil
            l.replyLength = nil
            summary = "退回（非本部门职责）" + reason
        case .answer:
            l.reply = LetterReply(
                text: input.text, departmentID: letter.leadDepartmentID ?? "", byID: actor.accountID, byName: actor.name, at: now)
            summary = "答复"
        case .approveReply:
            l.approvedAt = now
            summary = "答复审核通过"
            notifies = true
        case .returnReply:
            l.reason = input.reason
            summary = "答复审核退回" + reason
        case .publish:
            l.publishedAt = now
            summary = "公开留言及答复"
        case .withhold:
            l.closedAt = now
            if !input.reason.isEmpty { l.reason = input.reason }
            summary = "不公开并办结" + reason
        case .close:
            l.closedAt = now
            summary = "办结"
        case .requestExtension:
            l.extensionRequest = LetterExtension(
                status: .requested, reason: input.reason, length: deadlines.extensionLength, requestedByID: actor.accountID, requestedAt: now)
            summary = "申请延期 \(deadlines.extensionLength) 个工作日" + reason
        case .approveExtension:
            var request = l.extensionRequest!
            request.status = .approved
            request.decidedByID = actor.accountID
            request.decidedAt = now
            l.extensionRequest = request
            let base = l.replyLength ?? deadlines.reply
            l.replyLength = WorkingDays(halfDays: base.halfDays + request.length.halfDays)
            summary = "批准延期 \(request.length) 个工作日"
            notifies = true
        case .declineExtension:
            var request = l.extensionRequest!
            request.status = .declined
            request.decidedByID = actor.accountID
            request.decidedAt = now
            l.extensionRequest = request
            summary = "不批准延期" + reason
        case .merge:
            l.mergedInto = input.mergeInto?.trimmed
            l.closedAt = now
            summary = "并件，并入留言 \(input.mergeInto?.trimmed ?? "")"
            notifies = true
        case .urge:
            l.urgeCount += 1
            summary = "催办（第 \(l.urgeCount) 次）"
        case .supervise:
            l.supervisedAt = now
            l.reason = input.reason
            summary = "督办，须在 \(deadlines.escalation) 个工作日内答复" + reason
        case .reopen:
            l.reopenedAt = now
            l.reason = input.reason
            l.replyFrom = now
            l.replyLength = deadlines.reply
            l.signedAt = l.signedAt ?? now
            l.approvedAt = nil
            l.publishedAt = nil
            l.closedAt = nil
            l.rating = nil
            summary = "重办（留言人不满意）" + reason
        }
        l.changedAt = now
        let deadline = LetterDeadline.current(of: l, deadlines: deadlines, calendar: context.calendar)
        l.dueAt = deadline?.due
        l.dueStep = deadline?.step
        return LetterDecision(
            action: row.action, from: letter.state, letter: l, summary: summary, notifiesWriter: notifies,
            requirement: row.basis.first ?? "I2")
    }

    /// The actions `actor` may take on `letter` now (what the page offers; the server decides again).
    public static func available(on letter: Letter, by actor: LetterActor, context: LetterContext) -> [LetterAction] {
        let sample = LetterInput(reason: "-", text: "-", departmentIDs: ["-"], mergeInto: "-")
        return LetterAction.allCases.filter { action in
            if case .success = decide(action, on: letter, by: actor, input: sample, context: context) { return true }
            return false
        }
    }

    /// The writer's rating of the reviewed reply: once per reply, 不满意 with a reason. I2.
    public static func rate(
        _ letter: Letter, _ satisfaction: LetterSatisfaction, reason: String, now: Date
    ) -> Result<Letter, LetterRefusal> {
        guard letter.state.showsReply else { return .failure(.wrongState("留言尚未答复，答复经审核后才能评价。")) }
        if letter.rating != nil { return .failure(.alreadyUsed("您已评价过这次答复。")) }
        let reason = reason.trimmed
        if satisfaction == .unsatisfied && reason.isEmpty { return .failure(.reasonRequired("选择“不满意”时请写明理由。")) }
        if reason.count > 500 { return .failure(.reasonRequired("评价理由不能超过 500 个字。")) }
        var l = letter
        l.rating = LetterRating(satisfaction: satisfaction, reason: reason, at: now)
        l.changedAt = now
        return .success(l)
    }

    private static func unique(_ ids: [String]) -> [String] {
        var seen: Set<String> = []
        return ids.filter { seen.insert($0).inserted }
    }
}
