import Foundation
import MenhuCore
import SQLKit

/// Articles as the public side reads them.
public enum ArticleRecords {
    public static func insert(_ a: Article, on db: any SQLDatabase) async throws {
        try await db.insert(ArticleRow(a)).run()
        try await db.insert(ArticleColumnRow(articleID: a.id, columnID: a.columnID)).run()
    }

    /// Statuses the public side shows: published and archived (S5: archived pages stay).
    static let visible = [Article.Status.published.rawValue, Article.Status.archived.rawValue]

    /// An article that has been public (published, archived or withdrawn) with its body; the
    /// public side answers 410 for withdrawn ones.
    public static func findPublic(id: String, siteID: String, on db: any SQLDatabase) async throws -> Article? {
        try await db.select(ArticleRow.self).where("id", .equal, id).where("site_id", .equal, siteID)
            .where("status", .in, visible + [Article.Status.withdrawn.rawValue]).first(decoding: ArticleRow.self)?.article()
    }

    /// Published articles of the given columns, newest first (with their bodies when asked: picture news).
    public static func published(
        columnIDs: [String], limit: Int, offset: Int = 0, withBody: Bool = false,
        on db: any SQLDatabase
    ) async throws -> [Article] {
        guard !columnIDs.isEmpty else { return [] }
        return try await db.select(ArticleRow.self, leavingOut: withBody ? [] : [.bodyHTML])
            .where("id", .in, SQLSubquery.select { $0.column("article_id").from("article_columns").where("column_id", .in, columnIDs) })
            .where("status", .in, visible)
            .orderBy("published_at", .descending).orderBy("id")
            .limit(limit).offset(offset).all(decoding: ArticleRow.self).map { try $0.article() }
    }

    /// 上一篇/下一篇 (W1): the items of `article`'s own column just above (newer) and just below
    /// (older) it in the public order: publication time, newest first, then id.
    public static func neighbours(of article: Article, columnID: String, on db: any SQLDatabase) async throws -> (
        previous: Article?, next: Article?
    ) {
        guard let at = article.publishedAt?.storedMillis else { return (nil, nil) }
        func one(newer: Bool) async throws -> Article? {
            try await db.select(ArticleRow.self, leavingOut: [.bodyHTML])
                .where("column_id", .equal, columnID).where("status", .in, visible).where("id", .notEqual, article.id)
                .where { group in
                    group.where("published_at", newer ? .greaterThan : .lessThan, at)
                        .orWhere { $0.where("published_at", .equal, at).where("id", newer ? .lessThan : .greaterThan, article.id) }
                }
                .orderBy("published_at", newer ? .ascending : .descending).orderBy("id", newer ? .descending : .ascending)
                .limit(1).first(decoding: ArticleRow.self)?.article()
        }
        return (try await one(newer: true), try await one(newer: false))
    }

    /// Every public item of a site with its body, newest first, and the columns it is listed in
    /// (its own and any it was also placed in): what `menhu export` writes.
    public static func allPublic(siteID: String, on db: any SQLDatabase) async throws -> [(article: Article, columnIDs: [String])] {
        let articles = try await db.select(ArticleRow.self).where("site_id", .equal, siteID).where("status", .in, visible)
            .orderBy("published_at", .descending).orderBy("id").all(decoding: ArticleRow.self).map { try $0.article() }
        var listed: [String: [String]] = [:]
        let rows = try await db.select(ArticleColumnRow.self)
            .where(
                "article_id", .in,
                SQLSubquery.select { $0.column("id").from("articles").where("site_id", .equal, siteID).where("status", .in, visible) }
            )
            .all(decoding: ArticleColumnRow.self)
        for row in rows { listed[row.articleID, default: []].append(row.columnID) }
        return articles.map { ($0, listed[$0.id] ?? [$0.columnID]) }
    }

    /// Every public item of a site for its sitemap: id, column, last change; newest first.
    public static func sitemap(siteID: String, limit: Int, on db: any SQLDatabase) async throws -> [(id: String, columnID: String, changed: Date)] {
        try await db.select().columns("id", "column_id", "published_at", "updated_at").from("articles")
            .where("site_id", .equal, siteID).where("status", .in, visible)
            .orderBy("published_at", .descending).limit(limit).all().map { row in
                let r = RowReader(row)
                return (try r.string("id"), try r.string("column_id"), try r.optionalDate("updated_at") ?? r.date("published_at"))
            }
    }

    /// How many published articles the given columns have.
    public static func countPublished(columnIDs: [String], on db: any SQLDatabase) async throws -> Int {
        guard !columnIDs.isEmpty else { return 0 }
        guard
            let row = try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("articles")
                .where("id", .in, SQLSubquery.select { $0.column("article_id").from("article_columns").where("column_id", .in, columnIDs) })
                .where("status", .in, visible).first()
        else { return 0 }
        return try row.decode(column: "n", as: Int.self)
    }

    /// How many articles exist in all (for the dashboard and the demo check).
    public static func countAll(on db: any SQLDatabase) async throws -> Int {
        try await db.count("SELECT COUNT(*) AS n FROM articles")
    }
}

/// A public item (published or archived) with its live content: what the 政府信息公开 catalogue
/// lists and what the content gate re-checks.
public struct LiveItem: Sendable {
    public var id: String
    public var columnID: String
    public var indexNumber: String
    public var publishedAt: Date
    public var content: ArticleContent
}

extension ArticleRecords {
    /// A site's public items with their live content, newest first; only those in `columnIDs`
    /// (any of their columns) when given.
    public static func live(siteID: String, columnIDs: [String]? = nil, on db: any SQLDatabase) async throws -> [LiveItem] {
        if let columnIDs, columnIDs.isEmpty { return [] }
        var query = db.select()
            .column(SQLAlias(SQLColumn("id", table: "articles"), as: SQLIdentifier("id")))
            .column(SQLAlias(SQLColumn("column_id", table: "articles"), as: SQLIdentifier("column_id")))
            .column(SQLColumn("index_number", table: "articles")).column(SQLColumn("published_at", table: "articles"))
            .column(SQLColumn("content_json", table: "revisions"))
            .from("articles").join("revisions", on: SQLColumn("live_revision_id", table: "articles"), .equal, SQLColumn("id", table: "revisions"))
            .where(SQLColumn("site_id", table: "articles"), .equal, SQLBind(siteID))
            .where(SQLColumn("status", table: "articles"), .in, SQLBind.group(visible))
        if let columnIDs {
            query = query.where(
                SQLColumn("id", table: "articles"), .in,
                SQLSubquery.select { $0.column("article_id").from("article_columns").where("column_id", .in, columnIDs) })
        }
        // Sorted here, not by the database: sorting by SQL would carry every body through its sorter.
        let rows = try await query.all().map { row in
            let r = RowReader(row)
            return (
                id: try r.string("id"), columnID: try r.string("column_id"), indexNumber: try r.optionalString("index_number") ?? "",
                publishedAt: try r.date("published_at"), json: try r.string("content_json")
            )
        }
        .sorted { $0.publishedAt > $1.publishedAt }
        // Decoding is most of the work for a big site: on every core.
        return try await Parallel.map(rows, minimumChunk: 500) { row in
            LiveItem(
                id: row.id, columnID: row.columnID, indexNumber: row.indexNumber, publishedAt: row.publishedAt,
                content: try ArticleContent.decode(row.json))
        }
    }
}
