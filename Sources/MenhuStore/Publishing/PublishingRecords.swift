import Foundation
import MenhuCore
import SQLKit

/// Queries on items, revisions, approvals and the registry.
public enum PublishingRecords {
    /// One item's row, to change and write back; `lock` takes a row lock on PostgreSQL (inside a write).
    static func row(id: String, lock: Bool = false, leavingOut leftOut: Set<ArticleRow.CodingKeys> = [], on db: any SQLDatabase) async throws
        -> ArticleRow?
    {
        var query = db.select(ArticleRow.self, leavingOut: leftOut).where("id", .equal, id)
        if lock { query = query.for(.update) }
        return try await query.first(decoding: ArticleRow.self)
    }

    /// One item's working state; `lock` takes a row lock on PostgreSQL (inside a write).
    public static func work(id: String, lock: Bool = false, on db: any SQLDatabase) async throws -> ArticleWork? {
        try await row(id: id, lock: lock, leavingOut: [.bodyHTML], on: db)?.work()
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
        var q = db.select(ArticleRow.self, leavingOut: [.bodyHTML])
        if let s = f.siteID { q = q.where("site_id", .equal, s) }
        if let c = f.columnIDs { q = q.where("column_id", .in, c.isEmpty ? [""] : c) }
        if let s = f.stages { q = q.where("stage", .in, s.map(\.rawValue)) }
        if let s = f.statuses { q = q.where("status", .in, s.map(\.rawValue)) }
        if let c = f.createdBy { q = q.where("created_by", .equal, c) }
        if f.emergencyOnly { q = q.where("emergency_by", .isNot, SQLLiteral.null) }
        if !f.words.isEmpty { q = q.where("working_title", .like, "%\(f.words)%") }
        return try await q.orderBy("changed_at", .descending).orderBy("id").limit(limit).offset(offset).all(decoding: ArticleRow.self).map {
            try $0.work()
        }
    }

    public static func revision(id: String, on db: any SQLDatabase) async throws -> Revision? {
        try await db.select(RevisionRow.self).where("id", .equal, id).first(decoding: RevisionRow.self)?.model()
    }

    /// Every revision of an item, newest first.
    public static func revisions(of articleID: String, on db: any SQLDatabase) async throws -> [Revision] {
        try await db.select(RevisionRow.self).where("article_id", .equal, articleID)
            .orderBy("number", .descending).all(decoding: RevisionRow.self).map { try $0.model() }
    }

    static func insert(_ r: Revision, on db: any SQLDatabase) async throws {
        try await db.insert(RevisionRow(r)).run()
    }

    /// Accounts that saved any revision of the item (O3: they may not approve it).
    static func contributors(of articleID: String, on db: any SQLDatabase) async throws -> Set<String> {
        Set(
            try await db.select().column("author_id").from("revisions").where("article_id", .equal, articleID).all()
                .compactMap { try $0.decode(column: "author_id", as: String?.self) })
    }

    /// Every approval ever given on the item, oldest first (voided ones included).
    public static func approvals(of articleID: String, on db: any SQLDatabase) async throws -> [Approval] {
        try await db.select(ApprovalRow.self).where("article_id", .equal, articleID)
            .orderBy("at").orderBy("id").all(decoding: ApprovalRow.self).map { try $0.model() }
    }

    static func insert(_ a: Approval, on db: any SQLDatabase) async throws {
        try await db.insert(ApprovalRow(a)).run()
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

    /// The registry entries about one item, oldest first.
    public static func registry(of articleID: String, on db: any SQLDatabase) async throws -> [RegistryEntry] {
        try await db.select(RegistryEntryRow.self).where("article_id", .equal, articleID)
            .orderBy("sequence").all(decoding: RegistryEntryRow.self).map { try $0.model() }
    }

    /// Walks the whole registry in order, in batches, feeding `verifier`.
    public static func verifyRegistry(on db: any SQLDatabase) async throws -> RegistryVerifier {
        var verifier = RegistryVerifier()
        var after = 0
        while verifier.firstBroken == nil {
            let batch = try await db.select(RegistryEntryRow.self).where("sequence", .greaterThan, after)
                .orderBy("sequence").limit(1000).all(decoding: RegistryEntryRow.self).map { try $0.model() }
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
        let last = try await db.select(RegistryEntryRow.self).orderBy("sequence", .descending).limit(1).first(decoding: RegistryEntryRow.self)
        let e = make((last?.sequence ?? 0) + 1, last?.hash ?? RegistryEntry.genesis)
        try await db.insert(RegistryEntryRow(e)).run()
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
        guard var stored = try await Self.row(id: article.id, on: db) else { throw ServiceError.notFound("稿件不存在") }
        stored.currentRevisionID = revision.id
        stored.liveRevisionID = revision.id
        stored.createdBy = author.0
        stored.eventDate = content.eventDate?.description
        stored.indexNumber = indexNumber
        try await db.update(stored).run()
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
