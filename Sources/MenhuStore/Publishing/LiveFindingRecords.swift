import Foundation
import MenhuCore
import SQLKit

/// What the content gate says about a page that is already public, re-checked whenever the
/// word lists change (P10): the site admin's list of live pages to look at.
public struct LiveFinding: Sendable, Equatable {
    public var articleID: String
    public var siteID: String
    public var title: String
    public var columnID: String
    public var blocking: Int
    public var warnings: Int
    /// The first findings, for people.
    public var summary: String
    public var checkedAt: Date
}

public enum LiveFindingRecords {
    /// Replaces a site's results.
    public static func replace(
        siteID: String, with results: [(articleID: String, blocking: Int, warnings: Int, summary: String)],
        at now: Date, on db: any SQLDatabase
    ) async throws {
        try await db.delete(from: "live_findings").where("site_id", .equal, siteID).run()
        for r in results where r.blocking + r.warnings > 0 {
            try await db.insert(
                LiveFindingRow(
                    articleID: r.articleID, siteID: siteID, blocking: r.blocking, warnings: r.warnings, summary: r.summary,
                    checkedAt: now.storedMillis)
            ).run()
        }
        try await db.setSetting("live-check:\(siteID)", String(now.storedMillis))
    }

    /// A site's live pages with findings, blocking ones first (an item withdrawn since is no longer live).
    public static func list(siteID: String, on db: any SQLDatabase) async throws -> [LiveFinding] {
        try await db.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("live_findings"))).column(SQLColumn("title", table: "articles"))
            .column(SQLColumn("column_id", table: "articles"))
            .from("live_findings").join("articles", on: SQLColumn("article_id", table: "live_findings"), .equal, SQLColumn("id", table: "articles"))
            .where(SQLColumn("site_id", table: "live_findings"), .equal, SQLBind(siteID))
            .where(SQLColumn("status", table: "articles"), .in, SQLBind.group([Article.Status.published.rawValue, Article.Status.archived.rawValue]))
            .orderBy("blocking", .descending).orderBy("warnings", .descending)
            .limit(500).all().map { row in
                let f = try row.decode(model: LiveFindingRow.self)
                return LiveFinding(
                    articleID: f.articleID, siteID: f.siteID, title: try row.decode(column: "title", as: String.self),
                    columnID: try row.decode(column: "column_id", as: String.self), blocking: f.blocking, warnings: f.warnings,
                    summary: f.summary, checkedAt: Date(storedMillis: f.checkedAt))
            }
    }

    /// 伪造发稿日期 (M1): a site's live items whose shown publication time is before the item was
    /// created, or is no publication the text registry recorded; one indexed look-up per item.
    public static func backdated(siteID: String, limit: Int = 100, on db: any SQLDatabase) async throws -> [BackdatedItem] {
        let live = [Article.Status.published.rawValue, Article.Status.archived.rawValue]
        let publish = RegistryAction.publish.rawValue
        let query: SQLQueryString = """
            SELECT a.id, a.title, a.published_at, a.created_at,
              (SELECT MIN(r.at) FROM registry_entries r WHERE r.article_id = a.id AND r.action = \(bind: publish)) AS registered
            FROM articles a
            WHERE a.site_id = \(bind: siteID) AND a.status IN (\(binds: live)) AND a.published_at IS NOT NULL
              AND (a.published_at < a.created_at OR NOT EXISTS (
                SELECT 1 FROM registry_entries r WHERE r.article_id = a.id AND r.action = \(bind: publish) AND r.at = a.published_at))
            ORDER BY a.published_at DESC LIMIT \(literal: limit)
            """
        return try await db.raw(query).all().map { row in
            let r = RowReader(row)
            return BackdatedItem(
                articleID: try r.string("id"), title: try r.string("title"), shown: try r.date("published_at"), created: try r.date("created_at"),
                registered: try r.optionalDate("registered"))
        }
    }

    /// How many live pages of a site have blocking findings.
    public static func blockingCount(siteID: String, on db: any SQLDatabase) async throws -> Int {
        try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("live_findings")
            .join("articles", on: SQLColumn("article_id", table: "live_findings"), .equal, SQLColumn("id", table: "articles"))
            .where(SQLColumn("site_id", table: "live_findings"), .equal, SQLBind(siteID))
            .where(SQLColumn("blocking", table: "live_findings"), .greaterThan, SQLBind(0))
            .where(SQLColumn("status", table: "articles"), .in, SQLBind.group([Article.Status.published.rawValue, Article.Status.archived.rawValue]))
            .first()
            .map { try $0.decode(column: "n", as: Int.self) } ?? 0
    }
}
