import Foundation
import MenhuCore
import SQLKit

/// Queries on items, revisions, approvals and the registry.
public enum PublishingRecords {
    static let workColumns = [
        "id", "site_id", "column_id", "working_title", "stage", "status", "importance", "bureau_notice", "version",
        "current_revision_id", "live_revision_id", "scheduled_for", "published_at", "updated_at", "event_date",
        "index_number", "withdrawn_at", "withdraw_reason", "archived_at", "emergency_by", "emergency_reason",
        "returned_by", "return_reason", "created_by", "created_at", "changed_at", "gate_override_digest", "gate_override_by",
        "gate_override_reason",
    ]

    static func decodeWork(_ row: any SQLRow) throws -> ArticleWork {
        let r = RowReader(row)
        var work = ArticleWork(
            id: try r.string("id"), siteID: try r.string("site_id"), columnID: try r.string("column_id"),
            workingTitle: try r.string("working_title"), stage: try r.enumValue("stage", Stage.self),
            status: try r.enumValue("status", Article.Status.self), importance: try r.enumValue("importance", Importance.self),
            bureauNotice: try r.bool("bureau_notice"), version: try r.int("version"),
            currentRevisionID: try r.optionalString("current_revision_id") ?? "",
            liveRevisionID: try r.optionalString("live_revision_id"), scheduledFor: try r.optionalDate("scheduled_for"),
            publishedAt: try r.optionalDate("published_at"), updatedAt: try r.optionalDate("updated_at"),
            eventDate: try r.optionalString("event_date").flatMap(CalendarDay.init),
            indexNumber: try r.optionalString("index_number") ?? "", withdrawnAt: try r.optionalDate("withdrawn_at"),
            withdrawReason: try r.optionalString("withdraw_reason") ?? "", archivedAt: try r.optionalDate("archived_at"),
            emergencyBy: try r.optionalString("emergency_by"), emergencyReason: try r.optionalString("emergency_reason") ?? "",
            returnedBy: try r.optionalString("returned_by") ?? "", returnReason: try r.optionalString("return_reason") ?? "",
            createdBy: try r.optionalString("created_by"), createdAt: try r.date("created_at"),
            changedAt: try r.optionalDate("changed_at") ?? r.date("created_at"))
        work.gateOverrideDigest = try r.optionalString("gate_override_digest")
        work.gateOverrideBy = try r.optionalString("gate_override_by") ?? ""
        work.gateOverrideReason = try r.optionalString("gate_override_reason") ?? ""
        return work
    }

    /// One item's working state; `lock` takes a row lock on PostgreSQL (inside a write).
    public static func work(id: String, lock: Bool = false, on db: any SQLDatabase) async throws -> ArticleWork? {
        var query = db.select().columns(workColumns.map { SQLColumn($0) }).from("articles").where("id", .equal, id)
        if lock { query = query.for(.update) }
        return try await query.first().map(decodeWork)
    }

    /// Filters for the work lists.
    public struct WorkFilter: Sendable {
        public var siteID: String?
        public var columnIDs: [String]?
        public var stages: [Stage]?
        public var statuses: [Article.Status]?
        public var createdBy: String?
        public var emergencyOnly = false
        public var words = ""
        public init(
            siteID: String? = nil, columnIDs: [String]? = nil, stages: [Stage]? = nil,
            statuses: [Article.Status]? = nil, createdBy: String? = nil
        ) {
            self.siteID = siteID; self.columnIDs = columnIDs; self.stages = stages; self.statuses = statuses
            self.createdBy = createdBy
        }
    }

    /// Items matching a filter, most recently changed first.
    public static func works(_ f: WorkFilter, limit: Int = 200, offset: Int = 0, on db: any SQLDatabase) async throws -> [ArticleWork] {
        var q = db.select().columns(workColumns.map { SQLColumn($0) }).from("articles")
        if let s = f.siteID { q = q.where("site_id", .equal, s) }
        if let c = f.columnIDs { q = q.where("column_id", .in, c.isEmpty ? [""] : c) }
        if let s = f.stages { q = q.where("stage", .in, s.map(\.rawValue)) }
        if let s = f.statuses { q = q.where("status", .in, s.map(\.rawValue)) }
        if let c = f.createdBy { q = q.where("created_by", .equal, c) }
        if f.emergencyOnly { q = q.where("emergency_by", .isNot, SQLLiteral.null) }
        if !f.words.isEmpty { q = q.where("working_title", .like, "%\(f.words)%") }
        return try await q.orderBy("changed_at", .descending).orderBy("id").limit(limit).offset(offset).all().map(decodeWork)
    }

    static func decodeRevision(_ row: any SQLRow) throws -> Revision {
        let r = RowReader(row)
        let content = try ArticleContent.decode(try r.string("content_json"))
        let revision = Revision(
            id: try r.string("id"), articleID: try r.string("article_id"), number: try r.int("number"),
            content: content, authorID: try r.optionalString("author_id") ?? "",
            authorName: try r.string("author_name"), createdAt: try r.date("created_at"))
        return revision
    }

    public static func revision(id: String, on db: any SQLDatabase) async throws -> Revision? {
        try await db.select().column("*").from("revisions").where("id", .equal, id).first().map(decodeRevision)
    }

    /// Every revision of an item, newest first.
    public static func revisions(of articleID: String, on db: any SQLDatabase) async throws -> [Revision] {
        try await db.select().column("*").from("revisions").where("article_id", .equal, articleID)
            .orderBy("number", .descending).all().map(decodeRevision)
    }

    static func insert(_ r: Revision, on db: any SQLDatabase) async throws {
        try await db.insert(into: "revisions")
            .columns("id", "article_id", "number", "content_json", "digest", "author_id", "author_name", "created_at")
            .values(
                SQLBind(r.id), SQLBind(r.articleID), SQLBind(r.number),
                SQLBind(String(decoding: r.content.canonicalJSON, as: UTF8.self)), SQLBind(r.digest),
                SQLBind(r.authorID), SQLBind(r.authorName), SQLBind(r.createdAt.storedMillis)
            )
            .run()
    }

    /// Accounts that saved any revision of the item (O3: they may not approve it).
    static func contributors(of articleID: String, on db: any SQLDatabase) async throws -> Set<String> {
        Set(
            try await db.select().column("author_id").from("revisions").where("article_id", .equal, articleID).all()
                .compactMap { try $0.decode(column: "author_id", as: String?.self) })
    }

    static func decodeApproval(_ row: any SQLRow) throws -> Approval {
        let r = RowReader(row)
        return Approval(
            id: try r.string("id"), articleID: try r.string("article_id"), revisionID: try r.string("revision_id"),
            step: try r.enumValue("step", ApprovalStep.self), digest: try r.string("digest"),
            accountID: try r.string("account_id"), accountName: try r.string("account_name"),
            at: try r.date("at"), voidedAt: try r.optionalDate("voided_at"))
    }

    /// Every approval ever given on the item, oldest first (voided ones included).
    public static func approvals(of articleID: String, on db: any SQLDatabase) async throws -> [Approval] {
        try await db.select().column("*").from("approvals").where("article_id", .equal, articleID)
            .orderBy("at").orderBy("id").all().map(decodeApproval)
    }

    static func insert(_ a: Approval, on db: any SQLDatabase) async throws {
        try await db.insert(into: "approvals")
            .columns("id", "article_id", "revision_id", "step", "digest", "account_id", "account_name", "at", "voided_at")
            .values(
                SQLBind(a.id), SQLBind(a.articleID), SQLBind(a.revisionID), SQLBind(a.step.rawValue), SQLBind(a.digest),
                SQLBind(a.accountID), SQLBind(a.accountName), SQLBind(a.at.storedMillis), SQLBind(a.voidedAt.storedMillis)
            )
            .run()
    }

    /// Voids the approvals of every revision of the item but the live one (whose approvals
    /// stay its record until another revision replaces it).
    static func voidApprovals(of articleID: String, keeping liveRevisionID: String?, at: Date, on db: any SQLDatabase) async throws {
        var q = db.update("approvals").set("voided_at", to: SQLBind(at.storedMillis))
            .where("article_id", .equal, articleID).where("voided_at", .is, SQLLiteral.null)
        if let liveRevisionID { q = q.where("revision_id", .notEqual, liveRevisionID) }
        try await q.run()
    }

    // MARK: The registry

    static func decodeEntry(_ row: any SQLRow) throws -> RegistryEntry {
        let r = RowReader(row)
        var e = RegistryEntry(
            sequence: try r.int("sequence"), id: try r.string("id"), action: try r.enumValue("action", RegistryAction.self),
            at: try r.date("at"), siteID: try r.string("site_id"), columnID: try r.string("column_id"),
            articleID: try r.string("article_id"), url: try r.string("url"), title: try r.string("title"),
            revisionDigest: try r.string("revision_digest"), author: try r.string("author"), reviewer: try r.string("reviewer"),
            signer: try r.string("signer"), leader: try r.string("leader"), group: try r.string("group_name"),
            actor: try r.string("actor"), note: try r.string("note"), previousHash: try r.string("previous_hash"))
        e.hash = try r.string("hash")
        return e
    }

    /// The registry entries about one item, oldest first.
    public static func registry(of articleID: String, on db: any SQLDatabase) async throws -> [RegistryEntry] {
        try await db.select().column("*").from("registry_entries").where("article_id", .equal, articleID)
            .orderBy("sequence").all().map(decodeEntry)
    }

    /// Walks the whole registry in order, in batches, feeding `verifier`.
    public static func verifyRegistry(on db: any SQLDatabase) async throws -> RegistryVerifier {
        var verifier = RegistryVerifier()
        var after = 0
        while verifier.firstBroken == nil {
            let batch = try await db.select().column("*").from("registry_entries").where("sequence", .greaterThan, after)
                .orderBy("sequence").limit(1000).all().map(decodeEntry)
            if batch.isEmpty { break }
            for entry in batch { verifier.check(entry) }
            after = batch.last!.sequence
        }
        return verifier
    }

    /// Appends the next entry of the chain. On PostgreSQL a transaction-scoped advisory lock
    /// keeps appends from several instances in one order.
    static func appendRegistry(_ make: (Int, String) -> RegistryEntry, engine: Database.Engine, on db: any SQLDatabase) async throws -> RegistryEntry
    {
        if engine == .postgres { try await db.raw("SELECT pg_advisory_xact_lock(730532)").run() }
        let last = try await db.select().columns("sequence", "hash").from("registry_entries")
            .orderBy("sequence", .descending).limit(1).first()
        let sequence = try last.map { try $0.decode(column: "sequence", as: Int.self) } ?? 0
        let previous = try last.map { try $0.decode(column: "hash", as: String.self) } ?? RegistryEntry.genesis
        let e = make(sequence + 1, previous)
        try await db.insert(into: "registry_entries")
            .columns(
                "sequence", "id", "action", "at", "site_id", "column_id", "article_id", "url", "title", "revision_digest",
                "author", "reviewer", "signer", "leader", "group_name", "actor", "note", "previous_hash", "hash"
            )
            .values(
                SQLBind(e.sequence), SQLBind(e.id), SQLBind(e.action.rawValue), SQLBind(e.at.storedMillis), SQLBind(e.siteID),
                SQLBind(e.columnID), SQLBind(e.articleID), SQLBind(e.url), SQLBind(e.title), SQLBind(e.revisionDigest),
                SQLBind(e.author), SQLBind(e.reviewer), SQLBind(e.signer), SQLBind(e.leader), SQLBind(e.group),
                SQLBind(e.actor), SQLBind(e.note), SQLBind(e.previousHash), SQLBind(e.hash)
            )
            .run()
        return e
    }
}

extension PublishingRecords {
    /// Records the history of an item that is already published (demo data, imports): its
    /// first revision, its review and sign-off an hour before publication, its registry entry.
    public static func seedPublished(
        _ article: Article, content: ArticleContent, url: String, indexNumber: String?, author: (String, String),
        reviewer: (String, String), signer: (String, String), engine: Database.Engine,
        on db: any SQLDatabase
    ) async throws {
        let published = article.publishedAt ?? article.createdAt
        let revision = Revision(
            articleID: article.id, number: 1, content: content, authorID: author.0,
            authorName: author.1, createdAt: published.addingTimeInterval(-7200))
        try await insert(revision, on: db)
        for (step, who, offset) in [(ApprovalStep.review, reviewer, -3600.0), (.signOff, signer, -1800.0)] {
            try await insert(
                Approval(
                    articleID: article.id, revisionID: revision.id, step: step, digest: revision.digest,
                    accountID: who.0, accountName: who.1, at: published.addingTimeInterval(offset)), on: db)
        }
        try await db.update("articles").set("current_revision_id", to: SQLBind(revision.id))
            .set("live_revision_id", to: SQLBind(revision.id)).set("created_by", to: SQLBind(author.0))
            .set("event_date", to: SQLBind(content.eventDate?.description)).set("index_number", to: SQLBind(indexNumber))
            .where("id", .equal, article.id).run()
        try await SearchIndex.put(
            .init(
                articleID: article.id, siteID: article.siteID, content: content, publishedAt: published,
                archived: article.status == .archived),
            engine: engine, on: db)
        _ = try await appendRegistry(
            { sequence, previous in
                RegistryEntry(
                    sequence: sequence, action: .publish, at: published, siteID: article.siteID, columnID: article.columnID,
                    articleID: article.id, url: url, title: content.title, revisionDigest: revision.digest,
                    author: author.1, reviewer: reviewer.1, signer: signer.1, leader: "", group: "", actor: signer.1,
                    note: "", previousHash: previous)
            }, engine: engine, on: db)
    }
}

extension PublishingRecords {
    /// P8: items of a site first published in [from, to) that carry an event date, with their
    /// column: what the timeliness report counts per department.
    public static func timeliness(siteID: String, from: Date, to: Date, on db: any SQLDatabase)
        async throws -> [TimelinessReport.Item]
    {
        try await db.select().columns("id", "title", "column_id", "event_date", "published_at").from("articles")
            .where("site_id", .equal, siteID).where("event_date", .isNot, SQLLiteral.null)
            .where("published_at", .greaterThanOrEqual, from.storedMillis).where("published_at", .lessThan, to.storedMillis)
            .where("status", .in, [Article.Status.published.rawValue, Article.Status.archived.rawValue, Article.Status.withdrawn.rawValue])
            .orderBy("published_at", .descending).all().compactMap { row in
                let r = RowReader(row)
                guard let day = CalendarDay(try r.optionalString("event_date") ?? "") else { return nil }
                return TimelinessReport.Item(
                    id: try r.string("id"), title: try r.string("title"), columnID: try r.string("column_id"),
                    eventDate: day, publishedAt: try r.date("published_at"))
            }
    }
}

extension PublishingRecords {
    /// P12: another item of the same column with the same title published within `days`.
    public static func duplicateTitle(
        _ title: String, columnID: String, excluding id: String?, since: Date,
        on db: any SQLDatabase
    ) async throws -> (id: String, publishedAt: Date)? {
        var q = db.select().columns("id", "published_at").from("articles").where("column_id", .equal, columnID)
            .where("title", .equal, title.trimmed).where("published_at", .greaterThanOrEqual, since.storedMillis)
            .where("status", .in, [Article.Status.published.rawValue, Article.Status.archived.rawValue])
        if let id { q = q.where("id", .notEqual, id) }
        return try await q.limit(1).first().map {
            (try $0.decode(column: "id", as: String.self), Date(storedMillis: try $0.decode(column: "published_at", as: Int.self)))
        }
    }
}
