import Foundation
import MenhuChecks
import MenhuCore
import MenhuStore

// The views of the item pages: the list, the form, the item with its workflow, the diff, the
// timeliness report, 我的待办 and the workflow table.

/// An item in a list (the site's list, 我的待办, the item page's status line).
struct ArticleRow {
    let id: String, title: String, url: String, column: String, stage: String, status: String, state: String
    let importance: String, important: Bool
    let changed: String, published: String?
    /// X2: published in an emergency, not yet reviewed afterwards.
    let emergency: Bool
    /// Sent back to its writer, with a reason.
    let returned: Bool
    /// P8: days from the event to publication, and whether over the limit.
    let lag: Int?, late: Bool
    let site: String
    /// Why it is in this list (a return's or an emergency's reason).
    let reason: String?
}

/// articles.mustache: one site's items, filtered.
struct ArticlesView {
    let site: SiteRef
    let rows: [ArticleRow]
    let hasRows: Bool
    let canWrite: Bool
    let stages: [Choice], statuses: [Choice]
    let q: String, emergency: Bool, page: Int
    let previousURL: String?, nextURL: String?
    /// The site's other pages the person may open.
    let timeliness: Bool, submissions: Bool, reposts: Bool

    init(
        site: SiteRef, rows: [ArticleRow], canWrite: Bool, stages: [Choice], statuses: [Choice], q: String, emergency: Bool,
        page: Int, previousURL: String?, nextURL: String?, timeliness: Bool, submissions: Bool, reposts: Bool
    ) {
        self.site = site; self.rows = rows; hasRows = !rows.isEmpty; self.canWrite = canWrite
        self.stages = stages; self.statuses = statuses; self.q = q; self.emergency = emergency; self.page = page
        self.previousURL = previousURL; self.nextURL = nextURL
        self.timeliness = timeliness; self.submissions = submissions; self.reposts = reposts
    }
}

/// article-form.mustache: a new item or a new revision of one.
struct ArticleFormView {
    struct ColumnOption { let id: String, name: String, selected: Bool, extra: Bool }
    struct DepartmentOption { let id: String, name: String, lead: Bool, joint: Bool }
    /// An importance with the approval steps it needs (P2).
    struct ImportanceOption { let value: String, label: String, selected: Bool, steps: String }
    /// One element of a 办事指南 (W5): its form field, label, hint, value and error.
    struct GuideField { let name: String, label: String, hint: String, value: String, error: String?, long: Bool }
    let site: SiteRef
    let columns: [ColumnOption]
    /// The ten elements, shown for an item of a 办事服务 column (`isGuide`; guide.js shows them
    /// when such a column is chosen: `serviceColumns`).
    let guide: [GuideField]
    let isGuide: Bool
    let serviceColumns: String
    let departments: [DepartmentOption]
    let importances: [ImportanceOption]
    let repost: Bool, bureauNotice: Bool, invalid: Bool
    let action: String
    let editing: Bool
    let articleID: String?
    let backURL: String
    let importURL: String?
    /// What saving a new revision of an item in the flow or live will do.
    let warning: String?
    /// After a Word import.
    let imported: String?
    /// Where the editor keeps what is typed (编辑器自动保存).
    let autosaveURL: String
    /// 预览: the form's content as the public page, in a new tab.
    let previewURL: String
    /// Text typed earlier and not saved as a version, offered back.
    let autosave: Autosave?
    /// The form shows that text again (`?restore=1`).
    let restored: Bool

    /// What the person typed and did not save: when, and where to take it back or throw it away.
    struct Autosave {
        let savedAt: String, restoreURL: String, discardURL: String, articleID: String?
        /// The item has had a new version since (restoring and saving then meets the version check).
        let olderVersion: Bool
    }
}

/// article.mustache: one item, where it stands, what the person may do, and its record.
struct ArticleDetailView {
    struct Step { let label: String, basis: String, current: Bool, by: String?, at: String?, digest: String? }
    struct Action {
        let action: String, label: String, needsReason: Bool, danger: Bool, basis: String
        /// The question asked before a step that cannot be undone (publishing, withdrawing).
        let confirm: String?
        /// A workflow step offered on the page, labelled for where the item is in its chain.
        init(_ action: WorkflowAction, stage: Stage, chain: [ApprovalStep], scheduledFor: Date?, now: Date) {
            let row = Workflow.transition(action)
            var label = action.label
            if action == .approve, let step = stage.step {
                let index = chain.firstIndex(of: step) ?? 0
                label =
                    step.label + "通过"
                    + (index == chain.count - 1
                        ? (scheduledFor.map { $0 > now ? "（定时于 \(ChinaTime.minute($0)) 发布）" : "并发布" } ?? "并发布") : "")
            }
            // Steps that cannot be undone are asked about first (confirm.js; the page works without it).
            let publishes = label.hasSuffix("并发布") || action == .emergencyPublish
            let confirm: String? =
                publishes
                ? "确定\(label)吗？发布后网站上立即可见，并登记备案。"
                : action == .withdraw ? "确定撤稿吗？原网址将显示“信息已撤下”，撤稿登记备案，不能恢复。" : nil
            self.init(
                action: action.rawValue, label: label, needsReason: row.guards.contains(.reasonRequired),
                danger: [.sendBack, .withdraw, .emergencyPublish].contains(action), basis: row.basis.joined(separator: "、"),
                confirm: confirm)
        }

        init(action: String, label: String, needsReason: Bool, danger: Bool, basis: String, confirm: String?) {
            self.action = action; self.label = label; self.needsReason = needsReason; self.danger = danger; self.basis = basis
            self.confirm = confirm
        }
    }
    struct Field { let label: String, value: String }
    struct RevisionRow {
        let number: Int, author: String, at: String, digest: String, live: Bool, current: Bool, hasPrevious: Bool, diffURL: String
    }
    struct ApprovalRow { let step: String, by: String, at: String, digest: String, revision: Int, voided: Bool }
    struct RegistryRow {
        let sequence: Int, action: String, at: String, url: String, digest: String
        let author: String, reviewer: String, signer: String, leader: String, group: String, actor: String
        let note: String?
        let hash: String
    }
    struct Event { let at: String, who: String, what: String }
    struct FindingRow {
        let block: Bool, severity: String, message: String, matched: String, suggestion: String, requirement: String, source: String?

        init(_ f: Finding) {
            self.init(
                block: f.severity == .block, severity: f.severity.label, message: f.message, matched: f.matched,
                suggestion: f.suggestion ?? "", requirement: f.requirement, source: f.source?.nonEmpty)
        }

        init(
            block: Bool, severity: String, message: String, matched: String, suggestion: String, requirement: String, source: String?
        ) {
            self.block = block; self.severity = severity; self.message = message; self.matched = matched
            self.suggestion = suggestion; self.requirement = requirement; self.source = source
        }
    }
    struct Returned { let by: String, reason: String }
    struct Reason { let reason: String }
    struct Withdrawn { let at: String, reason: String }
    struct Lag { let days: Int, late: Bool, limit: Int }
    struct Override { let by: String, reason: String }

    let site: SiteRef
    let work: ArticleRow
    let version: Int, revisionNumber: Int, digest: String, digestShort: String
    let fields: [Field]
    let bodyHTML: String
    let steps: [Step]
    let actions: [Action]
    let hasActions: Bool
    let canEdit: Bool
    let editURL: String, actURL: String
    let revisions: [RevisionRow]
    let approvalLog: [ApprovalRow]
    let hasApprovals: Bool
    let registry: [RegistryRow]
    let hasRegistry: Bool
    let events: [Event]
    let publicURL: String?
    let returned: Returned?
    let emergency: Reason?
    let scheduledFor: String?
    let withdrawn: Withdrawn?
    let lag: Lag?
    /// P15: a newer revision is in the flow while the live one stays on the site.
    let pendingReplacement: Bool
    /// Why nothing is offered, when nothing is.
    let why: String?
    let findings: [FindingRow]
    let hasFindings: Bool
    let blockingFindings: Int
    let hasBlockingFindings: Bool
    let hasOverridableFindings: Bool
    let override: Override?

    init(_ d: ArticleDetail, item: WorkflowItem, work: ArticleWork, site: Site, findings: [Finding], me: WorkflowActor, now: Date) {
        let current = d.current
        let base = AdminURL.article(site: site.code, id: work.id).path
        let names = d.departments.byID()
        let offered = Workflow.available(on: item, by: me, now: now)
        let available = offered.filter { $0 != .edit }
        let chain = ApprovalStep.chain(importance: current.content.importance, bureauNotice: current.content.isBureauNotice)
        self.site = SiteRef(site)
        self.work = ArticlePages.row(work, site: site, tree: d.tree)
        version = work.version; revisionNumber = current.number; digest = current.digest; digestShort = String(current.digest.prefix(12))
        let described = current.content.describedFields(
            columnName: { d.tree.column($0)?.name ?? "（已删除栏目）" },
            departmentName: { names[$0]?.fullName(among: names) ?? "" })
        fields = described.filter { !$0.1.isEmpty && $0.0 != "正文" }.map { Field(label: $0.0, value: $0.1) }
        bodyHTML = current.content.bodyHTML
        steps = chain.map { step in
            let approval = item.approvals.last { $0.step == step }
            return Step(
                label: step.label, basis: step.basis, current: work.stage == step.stage, by: approval?.accountName,
                at: approval.map { ChinaTime.minute($0.at) }, digest: approval.map { String($0.digest.prefix(12)) })
        }
        actions = available.map { Action($0, stage: work.stage, chain: chain, scheduledFor: work.scheduledFor, now: now) }
        hasActions = !actions.isEmpty
        canEdit = offered.contains(.edit)
        editURL = base + "/edit"; actURL = base + "/act"
        revisions = d.revisions.map { rev in
            RevisionRow(
                number: rev.number, author: rev.authorName, at: ChinaTime.minute(rev.createdAt), digest: String(rev.digest.prefix(12)),
                live: rev.id == work.liveRevisionID, current: rev.id == current.id, hasPrevious: rev.number > 1,
                diffURL: base + "/diff?from=\(rev.number - 1)&to=\(rev.number)")
        }
        approvalLog = d.approvals.reversed().map { a in
            ApprovalRow(
                step: a.step.label, by: a.accountName, at: ChinaTime.minute(a.at), digest: String(a.digest.prefix(12)),
                revision: d.revisions.first { $0.id == a.revisionID }?.number ?? 0, voided: a.voidedAt != nil)
        }
        hasApprovals = !d.approvals.isEmpty
        registry = d.registry.map { e in
            RegistryRow(
                sequence: e.sequence, action: e.action.label, at: ChinaTime.minute(e.at), url: e.url,
                digest: String(e.revisionDigest.prefix(12)), author: e.author, reviewer: e.reviewer, signer: e.signer,
                leader: e.leader, group: e.group, actor: e.actor, note: e.note.nonEmpty, hash: String(e.hash.prefix(12)))
        }
        hasRegistry = !d.registry.isEmpty
        events = d.events.map { Event(at: ChinaTime.minute($0.at), who: $0.actorName, what: $0.summary) }
        publicURL = work.status == .draft ? nil : "/sites/\(site.code)/\(d.tree.column(work.columnID)?.slug ?? "")/\(work.id).html"
        returned = work.isReturned ? Returned(by: work.returnedBy, reason: work.returnReason) : nil
        emergency = work.emergencyBy != nil ? Reason(reason: work.emergencyReason) : nil
        scheduledFor = work.scheduledFor.map(ChinaTime.minute)
        withdrawn = work.status == .withdrawn ? Withdrawn(at: work.withdrawnAt.map(ChinaTime.minute) ?? "", reason: work.withdrawReason) : nil
        lag = work.lagDays.map { Lag(days: $0, late: Timeliness.isLate(lagDays: $0), limit: Timeliness.limitDays) }
        pendingReplacement = work.liveRevisionID != nil && work.liveRevisionID != current.id
        why = available.isEmpty && !canEdit ? ArticlePages.whyNothing(item, me: me) : nil
        self.findings = findings.map(FindingRow.init)
        hasFindings = !findings.isEmpty
        blockingFindings = findings.filter { $0.severity == .block && !$0.overridable }.count
        hasBlockingFindings = blockingFindings > 0  // Mustache treats 0 as present
        hasOverridableFindings = findings.contains(where: \.overridable)
        override = work.gateOverrideDigest == current.digest ? Override(by: work.gateOverrideBy, reason: work.gateOverrideReason) : nil
    }
}

/// article-diff.mustache: what changed between two revisions, field by field.
struct ArticleDiffView {
    struct Piece { let kind: String, text: String, changed: Bool }
    struct Line { let kind: String, sign: String, pieces: [Piece] }
    struct Row { let label: String, lines: [Line] }
    struct Number { let n: Int, isFrom: Bool, isTo: Bool }
    let site: SiteRef
    let backURL: String, title: String
    let from: Int, to: Int
    let rows: [Row]
    let same: Bool
    let numbers: [Number]
}

/// timeliness.mustache: P8, the site's timeliness per department and its late items.
struct TimelinessView {
    struct Row { let department: String, count: Int, late: Int, average: String, hasLate: Bool }
    struct Late { let title: String, url: String, lag: Int, department: String, event: String, published: String }
    let site: SiteRef
    let from: String, to: String
    let rows: [Row]
    let hasRows: Bool
    let late: [Late]
    let hasLate: Bool
    let limit: Int, total: Int

    init(site: SiteRef, from: String, to: String, rows: [Row], late: [Late], limit: Int, total: Int) {
        self.site = site; self.from = from; self.to = to; self.rows = rows; hasRows = !rows.isEmpty
        self.late = late; hasLate = !late.isEmpty; self.limit = limit; self.total = total
    }
}

/// inbox.mustache: 我的待办.
struct InboxView {
    struct SiteEntry { let name: String, code: String, write: Bool }
    let waiting: [ArticleRow], returned: [ArticleRow], sent: [ArticleRow], emergencies: [ArticleRow]
    let hasWaiting: Bool, hasReturned: Bool, hasSent: Bool, hasEmergencies: Bool
    /// P8: repost tasks open on the sites where the person writes.
    let reposts: [RepostTaskRow]
    let hasReposts: Bool
    let writeSites: [SiteEntry]
    /// The person writes somewhere (and so has lists of their own items).
    let writes: Bool

    init(
        waiting: [ArticleRow], returned: [ArticleRow], sent: [ArticleRow], emergencies: [ArticleRow], reposts: [RepostTaskRow],
        writeSites: [SiteEntry], writes: Bool
    ) {
        self.waiting = waiting; self.returned = returned; self.sent = sent; self.emergencies = emergencies
        hasWaiting = !waiting.isEmpty; hasReturned = !returned.isEmpty; hasSent = !sent.isEmpty; hasEmergencies = !emergencies.isEmpty
        self.reposts = reposts; hasReposts = !reposts.isEmpty
        self.writeSites = writeSites; self.writes = writes
    }
}

/// workflow.mustache: the workflow table as the documentation of the process.
struct WorkflowView {
    struct Row { let action: String, from: String, statuses: String, who: String, guards: String, outcome: String, voids: Bool, basis: String }
    /// The steps an importance needs (P2).
    struct Chain { let importance: String, steps: String }
    let rows: [Row]
    let chains: [Chain]
}
