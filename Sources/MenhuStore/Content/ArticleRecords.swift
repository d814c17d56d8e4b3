import Foundation
import MenhuCore
import SQLKit

/// Articles as the public side reads them.
public enum ArticleRecords {
    /// The columns a list shows: everything but the body.
    static let listColumns = ["id", "site_id", "column_id", "title", "subtitle", "summary", "source", "author",
                              "status", "published_at", "created_at"]

    static func decode(_ row: any SQLRow, withBody: Bool) throws -> Article {
        let r = RowReader(row)
        return Article(
            id: try r.string("id"), siteID: try r.string("site_id"), columnID: try r.string("column_id"),
            title: try r.string("title"), subtitle: try r.string("subtitle"), summary: try r.string("summary"),
            bodyHTML: withBody ? try r.string("body_html") : "", source: try r.string("source"),
            author: try r.string("author"), status: try r.enumValue("status", Article.Status.self),
            publishedAt: try r.optionalDate("published_at"), createdAt: try r.date("created_at"))
    }

    public static func insert(_ a: Article, on db: any SQLDatabase) async throws {
        try await db.insert(into: "articles")
            .columns("id", "site_id", "column_id", "title", "subtitle", "summary", "body_html", "source", "author",
                     "status", "published_at", "created_at")
            .values(SQLBind(a.id), SQLBind(a.siteID), SQLBind(a.columnID), SQLBind(a.title), SQLBind(a.subtitle),
                    SQLBind(a.summary), SQLBind(a.bodyHTML), SQLBind(a.source), SQLBind(a.author),
                    SQLBind(a.status.rawValue), SQLBind(a.publishedAt.storedMillis), SQLBind(a.createdAt.storedMillis))
            .run()
    }

    /// A published article with its body.
    public static func findPublished(id: String, siteID: String, on db: any SQLDatabase) async throws -> Article? {
        try await db.select().column("*").from("articles").where("id", .equal, id).where("site_id", .equal, siteID)
            .where("status", .equal, Article.Status.published.rawValue).first().map { try decode($0, withBody: true) }
    }

    /// Published articles of the given columns, newest first.
    public static func published(columnIDs: [String], limit: Int, offset: Int = 0, on db: any SQLDatabase) async throws -> [Article] {
        guard !columnIDs.isEmpty else { return [] }
        return try await db.select().columns(listColumns.map { SQLColumn($0) }).from("articles")
            .where("column_id", .in, columnIDs).where("status", .equal, Article.Status.published.rawValue)
            .orderBy("published_at", .descending).orderBy("id")
            .limit(limit).offset(offset).all().map { try decode($0, withBody: false) }
    }

    /// How many published articles the given columns have.
    public static func countPublished(columnIDs: [String], on db: any SQLDatabase) async throws -> Int {
        guard !columnIDs.isEmpty else { return 0 }
        guard let row = try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("articles")
            .where("column_id", .in, columnIDs).where("status", .equal, Article.Status.published.rawValue).first()
        else { return 0 }
        return try row.decode(column: "n", as: Int.self)
    }

    /// How many articles exist in all (for the dashboard and the demo check).
    public static func countAll(on db: any SQLDatabase) async throws -> Int {
        try await db.count("SELECT COUNT(*) AS n FROM articles")
    }
}
