import Foundation
import MenhuCore
import SQLKit

/// Someone acting in the publishing flow: who, from where, with which roles.
public struct Participant: Sendable {
    public var actor: Actor
    public var grants: [RoleGrant]

    public init(actor: Actor, grants: [RoleGrant]) { self.actor = actor; self.grants = grants }

    public var accountID: String { actor.accountID ?? "" }
    public var workflowActor: WorkflowActor { WorkflowActor(accountID: accountID, grants: grants) }
}

extension Participant {
    /// Every active account as a participant, by username (demo data, benchmarks, tests).
    public static func all(address: String, on db: any SQLDatabase) async throws -> [String: Participant] {
        var people: [String: Participant] = [:]
        for account in try await AccountRecords.all(on: db) where account.status == .active {
            people[account.username] = Participant(
                actor: Actor(accountID: account.id, name: account.displayName, address: address),
                grants: try await AccountRecords.grants(of: account.id, on: db))
        }
        return people
    }
}

/// Three-step publishing (三审): saving revisions, approving them, publishing, withdrawing and
/// archiving, each in one transaction with its events and registry entries. The rules come
/// from `Workflow` in MenhuCore; this type only loads, decides and writes.
public struct PublishingService: Sendable {
    public let database: Database
    public let clock: any WallClock
    /// The content gate: the blocking findings for a revision's content on a site (P3, P10, P16, X4).
    /// Given the content, its site and the word lists that apply (platform's and site's).
    public typealias ContentGate = @Sendable (ArticleContent, GateFacts) -> GateVerdict
    public let gate: ContentGate?

    public init(database: Database, clock: any WallClock, gate: ContentGate? = nil) {
        self.database = database; self.clock = clock; self.gate = gate
    }

    // MARK: Writing

    /// Creates an item with its first revision, as a draft.
    public func create(siteID: String, content: ArticleContent, scheduledFor: Date?, by p: Participant) async throws -> ArticleWork {
        let now = clock.now()
        try Self.checkSchedule(scheduledFor, now: now)
        return try await database.write { db in
            let tree = ColumnTree(try await ColumnRecords.all(siteID: siteID, on: db))
            try Self.checkColumns(content, tree: tree, siteID: siteID, participant: p)
            let id = try await Self.insertDraft(
                siteID: siteID, content: content, scheduledFor: scheduledFor,
                authorID: p.accountID, authorName: p.actor.name, now: now, on: db)
            try await AuditRecords.append(
                p.actor.event(
                    "article.create", "article", id, siteID: siteID,
                    summary: "新建稿件“\(content.title)”（第 1 版）", requirement: "P1", at: now), on: db)
            try await AutosaveRecords.remove(accountID: p.accountID, siteID: siteID, articleID: nil, on: db)
            return try await PublishingRecords.work(id: id, on: db)!
        }
    }

    /// Inserts an item and its first revision as a draft; returns the item's id.
    static func insertDraft(
        siteID: String, content: ArticleContent, scheduledFor: Date?, authorID: String, authorName: String,
        now: Date, on db: any SQLDatabase
    ) async throws -> String {
        let id = RecordID.make()
        let revision = Revision(articleID: id, number: 1, content: content, authorID: authorID, authorName: authorName, createdAt: now)
        try await db.insert(
            ArticleRow(
                draft: id, siteID: siteID, content: content, revisionID: revision.id, scheduledFor: scheduledFor, createdBy: authorID,
                now: now)
        ).run()
        try await PublishingRecords.insert(revision, on: db)
        return id
    }

    /// P9: publishes an item a business system pushed, with its upstream edit, review and
    /// sign-off recorded as approvals of the exact revision, and registered (P6).
    public func publishPushed(_ content: ArticleContent, upstream: UpstreamRecord, system: PushSystem) async throws -> (ArticleWork, RegistryEntry?) {
        let now = clock.now()
        let systemAccount = "push:\(system.id)"
        let suffix = "（\(system.name)）"
        return try await database.write { db in
            // P3, P10, P16, X4: nothing blocking goes live from a business system either.
            if let gate {
                let verdict = gate(content, try await GateRecords.facts(for: content, siteID: system.siteID, on: db))
                let blocking = verdict.blocking + verdict.overridable
                if !blocking.isEmpty { throw ServiceError.refused("内容检查未通过，不能发布：" + blocking.joined(separator: "；")) }
            }
            let id = try await Self.insertDraft(
                siteID: system.siteID, content: content, scheduledFor: nil, authorID: systemAccount,
                authorName: upstream.editor.trimmed + suffix, now: now, on: db)
            guard let work = try await PublishingRecords.work(id: id, on: db),
                let revision = try await PublishingRecords.revision(id: work.currentRevisionID, on: db)
            else {
                throw ServiceError.notFound("稿件不存在")
            }
            let names: [ApprovalStep: String?] = [
                .review: upstream.reviewer, .signOff: upstream.signer, .leader: upstream.leader,
                .group: upstream.group,
            ]
            for step in ApprovalStep.chain(importance: content.importance, bureauNotice: false) {
                guard let name = names[step] ?? nil else { continue }
                try await PublishingRecords.insert(
                    Approval(
                        articleID: id, revisionID: revision.id, step: step, digest: revision.digest,
                        accountID: systemAccount, accountName: name.trimmed + suffix, at: now), on: db)
            }
            var decision = WorkflowDecision(action: .approve, stage: .live, status: .published)
            decision.goesLive = true
            decision.registry = .publish
            let actor = Actor(accountID: nil, name: "业务系统：\(system.name)", address: "api")
            try await self.apply(
                decision, work: work, reason: upstream.reference.map { "上游编号 \($0)" } ?? "", by: actor,
                now: now, on: db, audit: "业务系统“\(system.name)”推送并发布“\(content.title)”（上游已审核签发，依据 P9）")
            let entry = try await PublishingRecords.registry(of: id, on: db).last
            return (try await PublishingRecords.work(id: id, on: db)!, entry)
        }
    }

    /// Saves a new revision. Every approval of the old text is voided and the item goes back
    /// to draft; a live item stays live with its old text until the new one is approved (P15).
    public func edit(
        articleID: String, expectedVersion: Int, content: ArticleContent, scheduledFor: Date?,
        by p: Participant
    ) async throws -> ArticleWork {
        let now = clock.now()
        try Self.checkSchedule(scheduledFor, now: now)
        return try await database.write { db in
            let (work, item, tree) = try await self.load(articleID, expectedVersion: expectedVersion, on: db)
            _ = try Self.decided(.edit, item: item, participant: p, reason: "", now: now)
            try Self.checkColumns(content, tree: tree, siteID: work.siteID, participant: p)
            let previous = try await PublishingRecords.revision(id: work.currentRevisionID, on: db)
            if let previous, previous.content == content, work.scheduledFor == scheduledFor {
                throw ServiceError.refused("内容没有变化，未生成新版本。")
            }
            let revision = Revision(
                articleID: articleID, number: (previous?.number ?? 0) + 1, content: content,
                authorID: p.accountID, authorName: p.actor.name, createdAt: now)
            try await PublishingRecords.insert(revision, on: db)
            try await PublishingRecords.voidApprovals(of: articleID, keeping: work.liveRevisionID, at: now, on: db)
            var row = try await Self.row(of: work, on: db)
            row.currentRevisionID = revision.id
            row.workingTitle = content.title
            row.stage = Stage.draft.rawValue
            row.importance = content.importance.rawValue
            row.bureauNotice = content.isBureauNotice ? 1 : 0
            row.scheduledFor = scheduledFor.storedMillis
            row.returnedBy = nil
            row.returnReason = nil
            if work.liveRevisionID == nil {
                row.columnID = content.columnID
                row.title = content.title
                row.eventDate = content.eventDate?.description
            }
            Self.bump(&row, work: work, now: now)
            try await db.update(row).run()
            let voided = work.stage == .draft ? "" : "，此前各环节的审核意见对新版本无效，须重新提交审核"
            try await AuditRecords.append(
                p.actor.event(
                    "article.edit", "article", articleID, siteID: work.siteID,
                    summary: "修改稿件“\(content.title)”，生成第 \(revision.number) 版\(voided)", requirement: "P1", at: now), on: db)
            try await AutosaveRecords.remove(accountID: p.accountID, siteID: work.siteID, articleID: articleID, on: db)
            return try await PublishingRecords.work(id: articleID, on: db)!
        }
    }

    /// Takes a workflow action (submit, approve, send back, publish urgently, withdraw, archive…).
    public func act(
        _ action: WorkflowAction, articleID: String, expectedVersion: Int, reason: String = "",
        by p: Participant
    ) async throws -> ArticleWork {
        precondition(action != .edit, "edits go through edit(…)")
        let now = clock.now()
        return try await database.write { db in
            let (work, item, _) = try await self.load(articleID, expectedVersion: expectedVersion, on: db)
            let decision = try Self.decided(action, item: item, participant: p, reason: reason, now: now)
            try await self.apply(decision, work: work, reason: reason.trimmed, by: p.actor, now: now, on: db)
            return try await PublishingRecords.work(id: articleID, on: db)!
        }
    }

    /// Publishes every scheduled item whose time has come; returns their sites. Run by the
    /// scheduler about every 15 s, so items go live within the 60 s the regulations allow.
    public func publishDue() async throws -> [String] {
        let now = clock.now()
        let due = try await database.read { db in
            try await db.select().column("id").from("articles").where("stage", .equal, Stage.scheduled.rawValue)
                .where("scheduled_for", .lessThanOrEqual, now.storedMillis).limit(100).all()
                .map { try $0.decode(column: "id", as: String.self) }
        }
        var sites: [String] = []
        for id in due {
            let site: String? = try await database.write { db in
                guard let work = try await PublishingRecords.work(id: id, lock: true, on: db), work.stage == .scheduled,
                    let at = work.scheduledFor, at <= now
                else { return nil }
                var decision = WorkflowDecision(action: .approve, stage: .live, status: .published)
                decision.goesLive = true
                decision.registry = .publish
                try await self.apply(
                    decision, work: work, reason: "", by: Actor(accountID: nil, name: "定时发布", address: "scheduler"),
                    now: now, on: db)
                return work.siteID
            }
            if let site { sites.append(site) }
        }
        return sites
    }

    // MARK: Loading and deciding

    /// What the workflow needs for an item, read in the current transaction.
    /// With `checkingContent: false` the content gate is left out: for callers that run the checks
    /// themselves (the item page) or only ask whose step it is (the inbox).
    public func workflowItem(
        _ work: ArticleWork, tree: ColumnTree, checkingContent: Bool = true,
        on db: any SQLDatabase
    ) async throws -> WorkflowItem {
        let revision = try await PublishingRecords.revision(id: work.currentRevisionID, on: db)
        let approvals = try await PublishingRecords.approvals(of: work.id, on: db)
            .filter { $0.voidedAt == nil && $0.digest == revision?.digest }
        var item = WorkflowItem(
            stage: work.stage, status: work.status, importance: work.importance, bureauNotice: work.bureauNotice,
            target: .column(siteID: work.siteID, path: tree.path(of: work.columnID)),
            contributorIDs: try await PublishingRecords.contributors(of: work.id, on: db),
            approvals: approvals, scheduledFor: work.scheduledFor, emergencyPublisherID: work.emergencyBy)
        if checkingContent, let gate, let revision, work.stage == .draft || work.stage.step != nil {
            let verdict = gate(revision.content, try await GateRecords.facts(for: revision.content, siteID: work.siteID, on: db))
            item.applyGate(verdict, overrideDigest: work.gateOverrideDigest, revisionDigest: revision.digest)
        }
        return item
    }

    func load(_ id: String, expectedVersion: Int, on db: any SQLDatabase) async throws -> (ArticleWork, WorkflowItem, ColumnTree) {
        guard let work = try await PublishingRecords.work(id: id, lock: true, on: db) else {
            throw ServiceError.notFound("稿件不存在")
        }
        guard work.version == expectedVersion else {
            throw ServiceError.conflict("这篇稿件刚被其他人处理过（现为“\(work.stage.label)”），您看到的已不是最新状态。请刷新页面查看最新情况后再操作。")
        }
        let tree = ColumnTree(try await ColumnRecords.all(siteID: work.siteID, on: db))
        return (work, try await workflowItem(work, tree: tree, on: db), tree)
    }

    static func decided(
        _ action: WorkflowAction, item: WorkflowItem, participant p: Participant, reason: String,
        now: Date
    ) throws -> WorkflowDecision {
        switch Workflow.decide(action, on: item, by: p.workflowActor, reason: reason, now: now) {
        case .success(let d): return d
        case .failure(let refusal): throw refusal
        }
    }

    static func checkColumns(_ content: ArticleContent, tree: ColumnTree, siteID: String, participant p: Participant) throws {
        for columnID in content.allColumnIDs {
            guard tree.entries.contains(where: { $0.column.id == columnID }) else {
                throw ServiceError.notFound("栏目不在本网站")
            }
            guard AccessPolicy.allows(p.grants, .editContent, on: .column(siteID: siteID, path: tree.path(of: columnID))) else {
                throw ServiceError.refused("您没有栏目“\(tree.entries.first { $0.column.id == columnID }?.column.name ?? "")”的编辑权限（依据 O5）。")
            }
        }
    }

    static func checkSchedule(_ at: Date?, now: Date) throws {
        guard let at else { return }
        if at <= now { throw FieldErrors.single("scheduledFor", "定时发布时间须晚于现在") }
        if at > now.addingTimeInterval(366 * 86_400) { throw FieldErrors.single("scheduledFor", "定时发布时间不能超过一年") }
    }

    /// The row of an item whose working state was read (and locked) in this transaction, to change and write back.
    static func row(of work: ArticleWork, on db: any SQLDatabase) async throws -> ArticleRow {
        guard let row = try await PublishingRecords.row(id: work.id, on: db) else { throw ServiceError.notFound("稿件不存在") }
        return row
    }

    /// Every change counts as a new version of the item (what `expectedVersion` checks).
    static func bump(_ row: inout ArticleRow, work: ArticleWork, now: Date) {
        row.version = work.version + 1
        row.changedAt = now.storedMillis
    }

    // MARK: Applying a decision

    /// Writes a decision in the current transaction: its approval, the item's new state, the public
    /// side (search and page cache), its registry entry and its audit event.
    func apply(
        _ d: WorkflowDecision, work: ArticleWork, reason: String, by actor: Actor, now: Date,
        on db: any SQLDatabase, audit: String? = nil
    ) async throws {
        guard let revision = try await PublishingRecords.revision(id: work.currentRevisionID, on: db) else {
            throw ServiceError.refused("这篇稿件没有可处理的版本。")
        }
        if let step = d.records {
            try await PublishingRecords.insert(
                Approval(
                    articleID: work.id, revisionID: revision.id, step: step, digest: revision.digest,
                    accountID: actor.accountID ?? "", accountName: actor.name, at: now), on: db)
        }
        if d.voidsApprovals { try await PublishingRecords.voidApprovals(of: work.id, keeping: work.liveRevisionID, at: now, on: db) }
        var row = try await Self.row(of: work, on: db)
        Self.setState(d, of: &row, revision: revision, reason: reason, by: actor, now: now)
        // The page's site and column matter only when it goes live or is registered.
        let placed = d.goesLive || d.registry != nil
        let site = placed ? try await SiteRecords.find(id: work.siteID, on: db) : nil
        let column = placed ? try await ColumnRecords.find(id: d.goesLive ? revision.content.columnID : work.columnID, on: db) : nil
        if d.goesLive {
            try await goLive(&row, work: work, revision: revision, site: site, column: column, now: now, on: db)
        }
        Self.bump(&row, work: work, now: now)
        try await db.update(row).run()
        try await followPublicPage(d, work: work, revision: revision, now: now, on: db)
        if let registryAction = d.registry {
            try await register(
                registryAction, d, work: work, revision: revision, site: site, column: column, reason: reason, by: actor, now: now,
                on: db)
        }
        try await AuditRecords.append(
            actor.event(
                "article.\(d.action.rawValue)", "article", work.id, siteID: work.siteID,
                summary: audit ?? Self.describe(d, title: revision.content.title, number: revision.number, reason: reason),
                requirement: audit == nil ? Workflow.transition(d.action).basis.first : "P9", at: now), on: db)
    }

    /// The item's new stage and status, with what the action records on the item: who sent it
    /// back and why, when it was withdrawn or archived, an urgent publication, a gate override.
    static func setState(_ d: WorkflowDecision, of row: inout ArticleRow, revision: Revision, reason: String, by actor: Actor, now: Date) {
        row.stage = d.stage.rawValue
        row.status = d.status.rawValue
        switch d.action {
        case .sendBack:
            row.returnedBy = actor.name
            row.returnReason = reason
        case .submit:
            row.returnedBy = nil
            row.returnReason = nil
        case .withdraw:
            row.withdrawnAt = now.storedMillis
            row.withdrawReason = reason
        case .archive:
            row.archivedAt = now.storedMillis
        case .cancelSchedule:
            row.scheduledFor = nil
        default: break
        }
        if d.setsEmergency {
            row.emergencyBy = actor.accountID
            row.emergencyReason = reason
        }
        if d.clearsEmergency { row.emergencyBy = nil }
        if d.overridesGate {
            row.gateOverrideDigest = revision.digest
            row.gateOverrideBy = actor.name
            row.gateOverrideReason = reason
        }
    }

    /// The revision goes live: its content becomes the public page's, published now unless it was
    /// before, with its 索引号 if its column is numbered, in all its columns.
    func goLive(
        _ row: inout ArticleRow, work: ArticleWork, revision: Revision, site: Site?, column: Column?, now: Date,
        on db: any SQLDatabase
    ) async throws {
        let c = revision.content
        row.liveRevisionID = revision.id
        row.columnID = c.columnID
        row.title = c.title
        row.subtitle = c.subtitle
        row.summary = c.summary
        row.bodyHTML = c.bodyHTML
        row.source = c.source
        row.author = c.author
        row.eventDate = c.eventDate?.description
        // The server sets the publication time; nothing can backdate it (veto: 伪造发稿日期).
        row.publishedAt = (work.publishedAt ?? now).storedMillis
        row.updatedAt = now.storedMillis
        row.withdrawnAt = nil
        row.archivedAt = nil
        row.scheduledFor = nil
        // 索引号 for everything the disclosure catalogue lists.
        if work.indexNumber.isEmpty, let column, DisclosureCatalogueRule.belongs(c, columnKind: column.kind), let site {
            let number = try await Self.nextIndexNumber(
                site: site, column: column, topic: c.topic, now: now,
                engine: database.engine, on: db)
            row.indexNumber = number
        }
        try await db.delete(from: "article_columns").where("article_id", .equal, work.id).run()
        for columnID in c.allColumnIDs {
            try await db.insert(ArticleColumnRow(articleID: work.id, columnID: columnID)).run()
        }
    }

    /// 站内搜索 and every instance's page cache follow the public page in the same transaction.
    func followPublicPage(_ d: WorkflowDecision, work: ArticleWork, revision: Revision, now: Date, on db: any SQLDatabase) async throws {
        if d.goesLive || d.action == .withdraw || d.action == .archive {
            let live = d.goesLive ? revision.content.allColumnIDs : []
            try await PageChangeRecords.itemChanged(work.id, siteID: work.siteID, columnIDs: Array(Set(live + [work.columnID])), on: db)
        }
        if d.goesLive {
            try await SearchIndex.put(
                .init(
                    articleID: work.id, siteID: work.siteID, content: revision.content,
                    publishedAt: work.publishedAt ?? now), engine: database.engine, on: db)
        } else if d.action == .withdraw {
            try await SearchIndex.remove(articleID: work.id, engine: database.engine, on: db)
        } else if d.action == .archive {
            try await SearchIndex.markArchived(articleID: work.id, on: db)
        }
    }

    /// P6: the registry entry of the live revision (the one going live, else the one that was),
    /// naming whoever approved exactly that text.
    func register(
        _ registryAction: RegistryAction, _ d: WorkflowDecision, work: ArticleWork, revision: Revision, site: Site?, column: Column?,
        reason: String, by actor: Actor, now: Date, on db: any SQLDatabase
    ) async throws {
        let liveRevision =
            d.goesLive
            ? revision
            : try await work.liveRevisionID.asyncMap { try await PublishingRecords.revision(id: $0, on: db) } ?? revision
        let approvals = try await PublishingRecords.approvals(of: work.id, on: db)
            .filter { $0.digest == liveRevision.digest && $0.voidedAt == nil }
        func name(_ step: ApprovalStep) -> String { approvals.last { $0.step == step }?.accountName ?? "" }
        let path = column.map { "/\($0.slug)/\(work.id).html" } ?? "/\(work.id).html"
        let url = (site?.identity.domains.first).map { "http://\($0)\(path)" } ?? path
        var note = reason
        if d.setsEmergency { note = "紧急发布：\(reason)" }
        _ = try await PublishingRecords.appendRegistry(
            { sequence, previous in
                RegistryEntry(
                    sequence: sequence, action: registryAction, at: now, siteID: work.siteID,
                    columnID: liveRevision.content.columnID, articleID: work.id, url: url,
                    title: liveRevision.content.title, revisionDigest: liveRevision.digest,
                    author: liveRevision.authorName, reviewer: name(.review), signer: name(.signOff),
                    leader: name(.leader), group: name(.group), actor: actor.name, note: note,
                    previousHash: previous)
            }, engine: database.engine, on: db)
    }

    static func describe(_ d: WorkflowDecision, title: String, number: Int, reason: String) -> String {
        var text = "“\(title)”第 \(number) 版："
        switch d.action {
        case .approve: text += "\(d.records?.label ?? "审核")通过"
        case .sendBack: text += "退回修改，理由：\(reason)"
        case .emergencyPublish: text += "紧急发布，理由：\(reason)"
        case .withdraw: text += "撤稿，理由：\(reason)"
        case .overrideGate: text += "签发人放行内容检查结果，理由：\(reason)"
        default: text += d.action.label
        }
        if d.goesLive {
            text += "，已发布"
        } else if d.stage == .scheduled {
            text += "，等待定时发布"
        } else if d.action != .withdraw && d.action != .archive {
            text += "，转入“\(d.stage.label)”"
        }
        return text
    }

    /// 索引号 for information-disclosure items, from the site's scheme: the serial counts the
    /// site's numbered items first published this year (a lock on PostgreSQL keeps two
    /// instances from taking the same serial).
    static func nextIndexNumber(
        site: Site, column: Column, topic: String, now: Date, engine: Database.Engine,
        on db: any SQLDatabase
    ) async throws -> String {
        if engine == .postgres { try await db.raw("SELECT pg_advisory_xact_lock(730533)").run() }
        let year = CalendarDay(now).year
        let yearStart = CalendarDay("\(year)-01-01")!.start
        let used =
            try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("articles")
            .where("site_id", .equal, site.id).where("index_number", .isNot, SQLLiteral.null).where("index_number", .notEqual, "")
            .where("published_at", .greaterThanOrEqual, yearStart.storedMillis).first()
            .map { try $0.decode(column: "n", as: Int.self) } ?? 0
        return IndexNumber.make(
            scheme: site.identity.indexScheme, code: site.siteIDCode, year: year, serial: used + 1,
            column: column.slug, topic: topic)
    }
}

extension Optional {
    /// `map` with an async transform.
    public func asyncMap<U>(_ transform: (Wrapped) async throws -> U?) async rethrows -> U? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
