import Foundation
import MenhuCore
import SQLKit

/// The columns of sites.
public enum ColumnRecords {
    static func decode(_ row: any SQLRow) throws -> Column {
        let r = RowReader(row)
        let ruleText = try r.string("update_rule")
        guard let rule = UpdateRule(storageValue: ruleText) else { throw StoreError.corrupt("update_rule = \(ruleText)") }
        let settings = ColumnSettings(
            name: try r.string("name"), slug: try r.string("slug"), kind: try r.enumValue("kind", ColumnKind.self),
            parentID: try r.optionalString("parent_id"), ownerDepartmentID: try r.optionalString("owner_department_id"),
            updateRule: rule, contentRequirements: try r.string("content_requirements"),
            qualityRequirements: try r.string("quality_requirements"), summary: try r.string("summary"),
            inNavigation: try r.bool("in_navigation"), sortOrder: try r.int("sort_order"))
        return Column(
            id: try r.string("id"), siteID: try r.string("site_id"), settings: settings,
            archivedAt: try r.optionalDate("archived_at"), createdAt: try r.date("created_at"))
    }

    /// Every column of a site (archived ones included).
    public static func all(siteID: String, on db: any SQLDatabase) async throws -> [Column] {
        try await db.select().column("*").from("site_columns").where("site_id", .equal, siteID)
            .orderBy("sort_order").orderBy("name").all().map(decode)
    }

    public static func find(id: String, on db: any SQLDatabase) async throws -> Column? {
        try await db.select().column("*").from("site_columns").where("id", .equal, id).first().map(decode)
    }

    public static func find(siteID: String, slug: String, on db: any SQLDatabase) async throws -> Column? {
        try await db.select().column("*").from("site_columns").where("site_id", .equal, siteID)
            .where("slug", .equal, slug).first().map(decode)
    }

    public static func insert(_ c: Column, on db: any SQLDatabase) async throws {
        try await db.insert(into: "site_columns")
            .columns(
                "id", "site_id", "parent_id", "name", "slug", "kind", "owner_department_id", "update_rule",
                "content_requirements", "quality_requirements", "summary", "in_navigation", "sort_order",
                "archived_at", "created_at"
            )
            .values(
                SQLBind(c.id), SQLBind(c.siteID), SQLBind(c.parentID), SQLBind(c.name), SQLBind(c.slug),
                SQLBind(c.kind.rawValue), SQLBind(c.ownerDepartmentID), SQLBind(c.updateRule.storageValue),
                SQLBind(c.contentRequirements), SQLBind(c.qualityRequirements), SQLBind(c.summary),
                SQLBind(c.inNavigation ? 1 : 0), SQLBind(c.sortOrder), SQLBind(c.archivedAt.storedMillis),
                SQLBind(c.createdAt.storedMillis)
            )
            .run()
        try await PageChangeRecords.siteChanged(c.siteID, on: db)
    }

    public static func update(_ c: Column, on db: any SQLDatabase) async throws {
        try await db.update("site_columns")
            .set("parent_id", to: SQLBind(c.parentID)).set("name", to: SQLBind(c.name)).set("slug", to: SQLBind(c.slug))
            .set("kind", to: SQLBind(c.kind.rawValue)).set("owner_department_id", to: SQLBind(c.ownerDepartmentID))
            .set("update_rule", to: SQLBind(c.updateRule.storageValue))
            .set("content_requirements", to: SQLBind(c.contentRequirements))
            .set("quality_requirements", to: SQLBind(c.qualityRequirements)).set("summary", to: SQLBind(c.summary))
            .set("in_navigation", to: SQLBind(c.inNavigation ? 1 : 0)).set("sort_order", to: SQLBind(c.sortOrder))
            .set("archived_at", to: SQLBind(c.archivedAt.storedMillis))
            .where("id", .equal, c.id)
            .run()
        try await PageChangeRecords.siteChanged(c.siteID, on: db)
    }

    /// Published-article counts and the newest publication per column of a site.
    public static func activity(siteID: String, on db: any SQLDatabase) async throws -> [String: (count: Int, latest: Date?)] {
        let rows = try await db.raw(
            """
            SELECT column_id, COUNT(*) AS n, MAX(published_at) AS latest FROM articles
            WHERE site_id = \(bind: siteID) AND status = 'published' GROUP BY column_id
            """
        ).all()
        var result: [String: (count: Int, latest: Date?)] = [:]
        for row in rows {
            let r = RowReader(row)
            result[try r.string("column_id")] = (try r.int("n"), try r.optionalDate("latest"))
        }
        return result
    }
}
