import Foundation
import MenhuCore
import SQLKit

/// The columns of sites.
public enum ColumnRecords {
    /// Every column of a site (archived ones included).
    public static func all(siteID: String, on db: any SQLDatabase) async throws -> [Column] {
        try await db.select(ColumnRow.self).where("site_id", .equal, siteID)
            .orderBy("sort_order").orderBy("name").all(decoding: ColumnRow.self).map { try $0.model() }
    }

    public static func find(id: String, on db: any SQLDatabase) async throws -> Column? {
        try await db.select(ColumnRow.self).where("id", .equal, id).first(decoding: ColumnRow.self)?.model()
    }

    public static func find(siteID: String, slug: String, on db: any SQLDatabase) async throws -> Column? {
        try await db.select(ColumnRow.self).where("site_id", .equal, siteID)
            .where("slug", .equal, slug).first(decoding: ColumnRow.self)?.model()
    }

    public static func insert(_ c: Column, on db: any SQLDatabase) async throws {
        try await db.insert(ColumnRow(c)).run()
        try await PageChangeRecords.siteChanged(c.siteID, on: db)
    }

    public static func update(_ c: Column, on db: any SQLDatabase) async throws {
        try await db.update(ColumnRow(c)).run()
        try await PageChangeRecords.siteChanged(c.siteID, on: db)
    }

    /// Published-article counts and the newest publication per column of a site.
    public static func activity(siteID: String, on db: any SQLDatabase) async throws -> [String: ColumnActivity] {
        let rows = try await db.raw(
            """
            SELECT column_id, COUNT(*) AS n, MAX(published_at) AS latest FROM articles
            WHERE site_id = \(bind: siteID) AND status = 'published' GROUP BY column_id
            """
        ).all()
        var result: [String: ColumnActivity] = [:]
        for row in rows {
            let r = RowReader(row)
            result[try r.string("column_id")] = ColumnActivity(count: try r.int("n"), latest: try r.optionalDate("latest"))
        }
        return result
    }
}
