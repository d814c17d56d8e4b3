import Foundation
import MenhuCore
import SQLKit

/// The configured blocks of a site's homepage, in order. W1.
public enum HomeBlockRecords {
    static func decode(_ row: any SQLRow) throws -> HomeBlock {
        let r = RowReader(row)
        let links = try r.string("links").split(separator: "\n").compactMap { line -> HomeBlock.Link? in
            let parts = line.split(separator: "\t", maxSplits: 1)
            return parts.count == 2 ? HomeBlock.Link(name: String(parts[0]), url: String(parts[1])) : nil
        }
        let settings = HomeBlockSettings(
            kind: try r.enumValue("kind", HomeBlock.Kind.self), title: try r.string("title"),
            columnID: try r.optionalString("column_id"), count: try r.int("item_count"), links: links)
        return HomeBlock(id: try r.string("id"), siteID: try r.string("site_id"), position: try r.int("position"), settings: settings)
    }

    /// The site's configured blocks in order (empty: the site shows `HomeBlock.defaults`).
    public static func all(siteID: String, on db: any SQLDatabase) async throws -> [HomeBlock] {
        try await db.select().column("*").from("home_blocks").where("site_id", .equal, siteID)
            .orderBy("position").orderBy("id").all().map(decode)
    }

    static func linksText(_ links: [HomeBlock.Link]) -> String {
        links.map { "\($0.name)\t\($0.url)" }.joined(separator: "\n")
    }

    public static func insert(_ block: HomeBlock, on db: any SQLDatabase) async throws {
        let s = block.settings
        try await db.insert(into: "home_blocks")
            .columns("id", "site_id", "position", "kind", "title", "column_id", "item_count", "links")
            .values(
                SQLBind(block.id), SQLBind(block.siteID), SQLBind(block.position), SQLBind(s.kind.rawValue), SQLBind(s.title),
                SQLBind(s.columnID), SQLBind(s.count), SQLBind(linksText(s.links))
            )
            .run()
        try await homeChanged(block.siteID, on: db)
    }

    public static func update(_ block: HomeBlock, on db: any SQLDatabase) async throws {
        let s = block.settings
        try await db.update("home_blocks")
            .set("position", to: SQLBind(block.position)).set("kind", to: SQLBind(s.kind.rawValue)).set("title", to: SQLBind(s.title))
            .set("column_id", to: SQLBind(s.columnID)).set("item_count", to: SQLBind(s.count))
            .set("links", to: SQLBind(linksText(s.links)))
            .where("id", .equal, block.id).where("site_id", .equal, block.siteID).run()
        try await homeChanged(block.siteID, on: db)
    }

    public static func remove(id: String, siteID: String, on db: any SQLDatabase) async throws {
        try await db.delete(from: "home_blocks").where("id", .equal, id).where("site_id", .equal, siteID).run()
        try await homeChanged(siteID, on: db)
    }

    /// The homepage of the site is shown differently: drop it from every instance's cache.
    static func homeChanged(_ siteID: String, on db: any SQLDatabase) async throws {
        try await PageChangeRecords.record(siteID: siteID, tags: [.home(siteID)], on: db)
    }
}
