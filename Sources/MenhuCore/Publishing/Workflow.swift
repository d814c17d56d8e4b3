import Foundation

/// Where the working revision of an item stands in the publishing flow.
public enum Stage: String, Sendable, CaseIterable, Codable {
    /// 草稿: being written or returned to the editor.
    case draft
    /// 待内容审核.
    case review
    /// 待签发 (column owner or department head).
    case signOff
    /// 待分管领导审核 (important and major items).
    case leader
    /// 待领导小组审定 (major items).
    case group
    /// 待办公室发布 (whole-bureau notices, P5).
    case release
    /// 定时待发: fully approved, goes live at its time.
    case scheduled
    /// The working revision is the live one.
    case live

    public var label: String {
        switch self {
        case .draft: "草稿"
        case .review: "待审核"
        case .signOff: "待签发"
        case .leader: "待分管领导审核"
        case .group: "待领导小组审定"
        case .release: "待办公室发布"
        case .scheduled: "定时待发"
        case .live: "已发布"
        }
    }

    /// The approval step waiting at this stage, if any.
    public var step: ApprovalStep? { ApprovalStep.allCases.first { $0.stage == self } }
}

/// One approval step of the flow. Each records the digest of the revision it approved.
public enum ApprovalStep: String, Sendable, CaseIterable, Codable {
    /// P1: 内容审核.
    case review
    /// P1, P2: 签发 by the column owner (栏目责任人) or department head.
    case signOff
    /// P2: 分管领导 for important and major items.
    case leader
    /// P2: 领导小组 for major items.
    case group
    /// P5: whole-bureau notices are released by the office publisher.
    case release

    public var label: String {
        switch self {
        case .review: "内容审核"
        case .signOff: "签发"
        case .leader: "分管领导审核"
        case .group: "领导小组审定"
        case .release: "办公室发布"
        }
    }

    /// Who may act at this step.
    public var permission: Permission {
        switch self {
        case .review: .reviewContent
        case .signOff: .signContent
        case .leader: .approveImportant
        case .group: .approveMajor
        case .release: .publishNotices
        }
    }

    public var stage: Stage {
        switch self {
        case .review: .review
        case .signOff: .signOff
        case .leader: .leader
        case .group: .group
        case .release: .release
        }
    }

    /// The requirement each step carries out.
    public var basis: String {
        switch self {
        case .review, .signOff: "P1"
        case .leader, .group: "P2"
        case .release: "P5"
        }
    }

    /// P1, P2, P5: the steps an item passes, in order, for its importance and kind.
    public static func chain(importance: Importance, bureauNotice: Bool) -> [ApprovalStep] {
        var steps: [ApprovalStep] = [.review, .signOff]
        if importance >= .important { steps.append(.leader) }
        if importance == .major { steps.append(.group) }
        if bureauNotice { steps.append(.release) }
        return steps
    }
}

/// What a person can do to an item.
public enum WorkflowAction: String, Sendable, CaseIterable, Codable {
    /// Save a new revision (any edit voids the approvals of the old one).
    case edit
    /// Hand the draft to the first approval step.
    case submit
    /// Approve the revision at the current step.
    case approve
    /// P1: return to the editor with a reason.
    case sendBack
    /// Take a fully approved item off the schedule, back to draft.
    case cancelSchedule
    /// 紧急发布: a site admin publishes at once, with a reason; review follows.
    case emergencyPublish
    /// 事后审核: a different person completes the review of an emergency publication.
    case confirmEmergency
    /// P3: the signer lets through a document kind the gate holds (请示、报告、函), with a reason.
    case overrideGate
    /// X2: 撤稿, take the item off the public site at once.
    case withdraw
    /// S5: 归档, keep the page with an archive banner.
    case archive

    public var label: String {
        switch self {
        case .edit: "修改"
        case .submit: "提交审核"
        case .approve: "通过"
        case .sendBack: "退回修改"
        case .cancelSchedule: "撤销定时发布"
        case .emergencyPublish: "紧急发布"
        case .confirmEmergency: "事后审核"
        case .overrideGate: "签发人放行"
        case .withdraw: "撤稿"
        case .archive: "归档"
        }
    }
}

/// A condition a transition checks beyond the permission.
public enum WorkflowGuard: String, Sendable, CaseIterable {
    /// O3: whoever wrote the text, or approved it at another step, may not act.
    case separationOfDuties
    /// P1, X2: a reason is required.
    case reasonRequired
    /// The item is live by emergency publication and waits for its review.
    case emergencyPending
    /// The emergency publisher may not review their own emergency publication.
    case notEmergencyPublisher
    /// P3, P10, P16, X4: the content gate found nothing that blocks.
    case contentGate
    /// The revision has gate findings the signer may let through, not yet let through.
    case overridablePending

    public var label: String {
        switch self {
        case .separationOfDuties: "撰稿、审核、签发、领导审核须为不同的人（依据 O3）"
        case .reasonRequired: "须填写理由"
        case .emergencyPending: "仅限尚未完成事后审核的紧急发布"
        case .notEmergencyPublisher: "紧急发布人不能自己完成事后审核"
        case .contentGate: "内容检查没有须修改的问题（密级标识、个人信息、规范表述等）；请示、报告、函须经签发人放行"
        case .overridablePending: "仅限内容检查发现请示、报告、函等公文且尚未放行的版本"
        }
    }
}

/// Who must hold what for a transition.
public enum WorkflowAuthority: Sendable, Equatable {
    case permission(Permission)
    /// The permission of the step the item waits at.
    case currentStep

    public var label: String {
        switch self {
        case .permission(let p): p.label
        case .currentStep: "当前步骤的审核权限"
        }
    }
}

/// Where a transition leads.
public enum WorkflowOutcome: Sendable, Equatable {
    case stage(Stage)
    /// The next step of the item's chain, or live/scheduled after the last.
    case nextStep
    /// Live at once (emergency).
    case liveNow
    case status(Article.Status)
    /// The emergency flag is cleared; nothing else moves.
    case emergencyReviewed
    /// The signer's override is recorded for this revision; nothing else moves.
    case gateOverridden

    public var label: String {
        switch self {
        case .stage(let s): s.label
        case .nextStep: "下一审核步骤；最后一步通过后发布（或定时发布）"
        case .liveNow: "立即发布，标记为待事后审核"
        case .status(let s): s.label
        case .emergencyReviewed: "完成事后审核，取消标记"
        case .gateOverridden: "记录放行理由（仅对当前版本有效）"
        }
    }
}

extension Article.Status {
    public var label: String {
        switch self {
        case .draft: "未发布"
        case .published: "已发布"
        case .withdrawn: "已撤稿"
        case .archived: "已归档"
        }
    }
}

/// One row of the workflow table.
public struct WorkflowTransition: Sendable {
    public let action: WorkflowAction
    /// Stages of the working revision from which the action is possible.
    public let stages: Set<Stage>
    /// Public states of the item from which the action is possible.
    public let statuses: Set<Article.Status>
    public let authority: WorkflowAuthority
    public let guards: [WorkflowGuard]
    public let outcome: WorkflowOutcome
    /// Whether the action voids the approvals of the working revision.
    public let voidsApprovals: Bool
    public let basis: [String]
}

/// The publishing flow as data (DESIGN: workflow as data). The admin console shows this
/// table as the documentation of the process; `decide` is the only place that applies it.
public enum Workflow {
    static let approvalStages: Set<Stage> = [.review, .signOff, .leader, .group, .release]
    static let notArchived: Set<Article.Status> = [.draft, .published, .withdrawn]

    public static let table: [WorkflowTransition] = [
        WorkflowTransition(
            action: .edit, stages: Set(Stage.allCases), statuses: notArchived,
            authority: .permission(.editContent), guards: [], outcome: .stage(.draft),
            voidsApprovals: true, basis: ["P1", "P15"]),
        WorkflowTransition(
            action: .submit, stages: [.draft], statuses: notArchived,
            authority: .permission(.editContent), guards: [.contentGate], outcome: .nextStep,
            voidsApprovals: false, basis: ["P1"]),
        WorkflowTransition(
            action: .approve, stages: approvalStages, statuses: notArchived,
            authority: .currentStep, guards: [.separationOfDuties, .contentGate], outcome: .nextStep,
            voidsApprovals: false, basis: ["P1", "P2", "P5", "O3"]),
        WorkflowTransition(
            action: .sendBack, stages: approvalStages, statuses: notArchived,
            authority: .currentStep, guards: [.reasonRequired], outcome: .stage(.draft),
            voidsApprovals: true, basis: ["P1"]),
        WorkflowTransition(
            action: .cancelSchedule, stages: [.scheduled], statuses: notArchived,
            authority: .permission(.signContent), guards: [], outcome: .stage(.draft),
            voidsApprovals: true, basis: ["P1"]),
        WorkflowTransition(
            action: .emergencyPublish, stages: [.draft, .review, .signOff, .leader, .group, .release, .scheduled],
            statuses: notArchived, authority: .permission(.emergencyPublish), guards: [.reasonRequired],
            outcome: .liveNow, voidsApprovals: false, basis: ["X2"]),
        WorkflowTransition(
            action: .confirmEmergency, stages: [.live], statuses: [.published],
            authority: .permission(.reviewContent),
            guards: [.emergencyPending, .notEmergencyPublisher, .separationOfDuties],
            outcome: .emergencyReviewed, voidsApprovals: false, basis: ["P1", "O3"]),
        WorkflowTransition(
            action: .overrideGate, stages: [.draft, .review, .signOff], statuses: notArchived,
            authority: .permission(.signContent), guards: [.overridablePending, .reasonRequired],
            outcome: .gateOverridden, voidsApprovals: false, basis: ["P3"]),
        WorkflowTransition(
            action: .withdraw, stages: Set(Stage.allCases), statuses: [.published, .archived],
            authority: .permission(.withdrawContent), guards: [.reasonRequired],
            outcome: .status(.withdrawn), voidsApprovals: false, basis: ["X2"]),
        WorkflowTransition(
            action: .archive, stages: Set(Stage.allCases), statuses: [.published],
            authority: .permission(.archiveContent), guards: [], outcome: .status(.archived),
            voidsApprovals: false, basis: ["S5"]),
    ]

    /// The row for an action.
    public static func transition(_ action: WorkflowAction) -> WorkflowTransition {
        table.first { $0.action == action }!
    }

    /// Decides whether `actor` may take `action` on `item` now, and what follows. O3, P1, P2, P5.
    public static func decide(
        _ action: WorkflowAction, on item: WorkflowItem, by actor: WorkflowActor, reason: String = "", now: Date
    ) -> Result<WorkflowDecision, WorkflowRefusal> {
        let row = transition(action)
        guard row.stages.contains(item.stage), row.statuses.contains(item.status) else {
            return .failure(.wrongState("稿件当前状态为“\(item.stage.label)·\(item.status.label)”，不能\(action.label)。"))
        }
        let permission: Permission
        switch row.authority {
        case .permission(let p): permission = p
        case .currentStep:
            guard let step = item.stage.step else { return .failure(.wrongState("稿件不在审核环节。")) }
            permission = step.permission
        }
        guard AccessPolicy.allows(actor.grants, permission, on: item.target) else {
            return .failure(.noPermission("您没有本栏目的“\(permission.label)”权限，不能\(action.label)。"))
        }
        let reason = reason.trimmed
        if let refusal = row.guards.lazy.compactMap({ refusal($0, of: row, on: item, by: actor, reason: reason) }).first {
            return .failure(refusal)
        }
        return .success(outcome(of: row, on: item, now: now))
    }

    /// Why a guard of `row` refuses `actor` now, or nil when it passes.
    static func refusal(
        _ check: WorkflowGuard, of row: WorkflowTransition, on item: WorkflowItem, by actor: WorkflowActor, reason: String
    ) -> WorkflowRefusal? {
        let action = row.action
        switch check {
        case .reasonRequired:
            if reason.isEmpty { return .reasonRequired("请填写\(action.label)理由（依据 \(row.basis.joined(separator: "、"))）。") }
            if reason.count > 1000 { return .reasonRequired("理由不能超过 1000 个字。") }
        case .separationOfDuties:
            let currentStep = action == .confirmEmergency ? ApprovalStep.review : item.stage.step
            if item.contributorIDs.contains(actor.accountID) {
                return .ownWork("您撰写或修改过这篇稿件，不能\(action == .confirmEmergency ? "审核" : (currentStep?.label ?? action.label))自己的稿件（依据 O3）。")
            }
            if let other = item.approvals.first(where: { $0.accountID == actor.accountID && $0.step != currentStep }) {
                return .ownWork("您已在“\(other.step.label)”环节审核过这一版本，同一版本的每个环节须由不同的人完成（依据 O3）。")
            }
        case .emergencyPending:
            if item.emergencyPublisherID == nil { return .wrongState("这篇稿件没有待事后审核的紧急发布。") }
        case .contentGate:
            if !item.gateBlocks.isEmpty {
                let shown = item.gateBlocks.prefix(5).joined(separator: "；")
                return
                    (.contentBlocked(
                        "内容检查发现 \(item.gateBlocks.count) 处必须修改的问题：\(shown)\(item.gateBlocks.count > 5 ? "……" : "")。请修改后再提交；确需立即发布的，由网站管理员紧急发布并说明理由。"
                    ))
            }
            if !item.gateOverridable.isEmpty && !item.gateOverridden {
                return .contentBlocked("内容检查：\(item.gateOverridable.joined(separator: "；"))。须由栏目签发人填写理由放行后才能继续（依据 P3）。")
            }
        case .overridablePending:
            if item.gateOverridable.isEmpty || item.gateOverridden {
                return .wrongState("这一版本没有需要放行的内容检查结果。")
            }
        case .notEmergencyPublisher:
            if item.emergencyPublisherID == actor.accountID {
                return .ownWork("紧急发布人不能自己完成事后审核，须由另一位审核人员完成（依据 O3）。")
            }
        }
        return nil
    }

    /// What taking `row`'s action on `item` changes, once every check has passed.
    static func outcome(of row: WorkflowTransition, on item: WorkflowItem, now: Date) -> WorkflowDecision {
        let action = row.action
        var decision = WorkflowDecision(action: action, stage: item.stage, status: item.status)
        decision.voidsApprovals = row.voidsApprovals
        switch row.outcome {
        case .stage(let s): decision.stage = s
        case .status(let s):
            decision.status = s
            decision.registry = s == .withdrawn ? .withdraw : .archive
        case .emergencyReviewed:
            decision.clearsEmergency = true
            decision.records = .review
        case .gateOverridden:
            decision.overridesGate = true
        case .liveNow:
            decision.stage = .live
            decision.status = .published
            decision.goesLive = true
            decision.setsEmergency = true
            decision.registry = .publish
        case .nextStep:
            let chain = ApprovalStep.chain(importance: item.importance, bureauNotice: item.bureauNotice)
            let next: ApprovalStep?
            if action == .submit {
                next = chain.first
            } else {
                let current = item.stage.step!
                decision.records = current
                let index = chain.firstIndex(of: current) ?? chain.count - 1
                next = index + 1 < chain.count ? chain[index + 1] : nil
            }
            if let next {
                decision.stage = next.stage
            } else if let at = item.scheduledFor, at > now {
                decision.stage = .scheduled
            } else {
                decision.stage = .live
                decision.status = .published
                decision.goesLive = true
                decision.registry = .publish
            }
        }
        return decision
    }

    /// The actions `actor` may take now, for offering only what the server would accept.
    public static func available(on item: WorkflowItem, by actor: WorkflowActor, now: Date) -> [WorkflowAction] {
        WorkflowAction.allCases.filter { action in
            if case .failure(let refusal) = decide(action, on: item, by: actor, reason: "-", now: now) {
                _ = refusal
                return false
            }
            return true
        }
    }

    /// What is still missing for a scheduled or approved item: the steps of its chain
    /// whose approval does not match the revision's digest. Empty means a full chain.
    public static func missingSteps(
        importance: Importance, bureauNotice: Bool, digest: String,
        approvals: [Approval]
    ) -> [ApprovalStep] {
        ApprovalStep.chain(importance: importance, bureauNotice: bureauNotice).filter { step in
            !approvals.contains { $0.step == step && $0.digest == digest && $0.voidedAt == nil }
        }
    }
}

/// What the workflow needs to know about an item and its working revision.
public struct WorkflowItem: Sendable {
    public var stage: Stage
    public var status: Article.Status
    public var importance: Importance
    public var bureauNotice: Bool
    /// The column and its ancestors, for column-scoped grants.
    public var target: AccessTarget
    /// Accounts that wrote or edited any revision of the item.
    public var contributorIDs: Set<String>
    /// Valid approvals of the working revision.
    public var approvals: [Approval]
    public var scheduledFor: Date?
    /// Set while an emergency publication waits for its review.
    public var emergencyPublisherID: String?
    /// What the content gate found that blocks (messages); empty when nothing does.
    public var gateBlocks: [String] = []
    /// Blocking findings the signer may let through (请示、报告、函).
    public var gateOverridable: [String] = []
    /// Whether the signer let this revision through.
    public var gateOverridden = false

    /// Takes the content gate's verdict on the working revision. The gate matters only while the
    /// revision is still in the flow; `overrideDigest` is the revision the signer let through.
    public mutating func applyGate(_ verdict: GateVerdict, overrideDigest: String?, revisionDigest: String) {
        guard stage == .draft || stage.step != nil else { return }
        gateBlocks = verdict.blocking
        gateOverridable = verdict.overridable
        gateOverridden = overrideDigest == revisionDigest
    }

    public init(
        stage: Stage, status: Article.Status, importance: Importance, bureauNotice: Bool, target: AccessTarget,
        contributorIDs: Set<String>, approvals: [Approval], scheduledFor: Date? = nil,
        emergencyPublisherID: String? = nil
    ) {
        self.stage = stage; self.status = status; self.importance = importance; self.bureauNotice = bureauNotice
        self.target = target; self.contributorIDs = contributorIDs; self.approvals = approvals
        self.scheduledFor = scheduledFor; self.emergencyPublisherID = emergencyPublisherID
    }
}

/// The person acting.
public struct WorkflowActor: Sendable {
    public var accountID: String
    public var grants: [RoleGrant]

    public init(accountID: String, grants: [RoleGrant]) { self.accountID = accountID; self.grants = grants }
}

/// What follows from an allowed action.
public struct WorkflowDecision: Sendable, Equatable {
    public var action: WorkflowAction
    public var stage: Stage
    public var status: Article.Status
    /// The approval to record, signed with the working revision's digest.
    public var records: ApprovalStep?
    public var voidsApprovals = false
    /// The working revision becomes the live one now; the server sets the time.
    public var goesLive = false
    public var setsEmergency = false
    public var clearsEmergency = false
    /// P3: the signer's reason lets this revision past the overridable gate findings.
    public var overridesGate = false
    /// P6: the registry entry to append.
    public var registry: RegistryAction?

    public init(action: WorkflowAction, stage: Stage, status: Article.Status) {
        self.action = action; self.stage = stage; self.status = status
    }
}

/// Why an action was refused, with a message for people.
public enum WorkflowRefusal: Error, Sendable, Equatable {
    case wrongState(String)
    case noPermission(String)
    case ownWork(String)
    case reasonRequired(String)
    /// The content gate found something that must be fixed first.
    case contentBlocked(String)

    public var message: String {
        switch self {
        case .wrongState(let m), .noPermission(let m), .ownWork(let m), .reasonRequired(let m), .contentBlocked(let m): m
        }
    }
}

/// An approval of one revision at one step, signed with the revision's digest.
public struct Approval: Sendable, Equatable, Identifiable {
    public var id: String
    public var articleID: String
    public var revisionID: String
    public var step: ApprovalStep
    /// SHA-256 of the revision approved.
    public var digest: String
    public var accountID: String
    public var accountName: String
    public var at: Date
    /// Set when a later edit or a return voided the approval.
    public var voidedAt: Date?

    public init(
        id: String = RecordID.make(), articleID: String, revisionID: String, step: ApprovalStep, digest: String,
        accountID: String, accountName: String, at: Date, voidedAt: Date? = nil
    ) {
        self.id = id; self.articleID = articleID; self.revisionID = revisionID; self.step = step; self.digest = digest
        self.accountID = accountID; self.accountName = accountName; self.at = at; self.voidedAt = voidedAt
    }
}

/// What the content gate says about a revision: findings that block outright, and those the
/// signer may let through with a reason.
public struct GateVerdict: Sendable, Equatable {
    public var blocking: [String]
    public var overridable: [String]

    public init(blocking: [String] = [], overridable: [String] = []) { self.blocking = blocking; self.overridable = overridable }
}
