import Foundation
import MenhuCore
import SQLKit

/// What changed on the public sites, written in the transaction that changed it, so that every
/// instance's page cache drops exactly the pages it affects (several instances share one
/// PostgreSQL). Tags (PageTag) name what a page shows: an item, a column (its lists and feeds,
/// and the homepage blocks of it), a sitemap, or everything of a site (navigation, identity,
/// theme).
public enum PageChangeRecords {
    public struct Change: Sendable, Equatable {
        public var id: String
        /// Wall-clock milliseconds of the writer.
        public var at: Int
        public var siteID: String
        public var tags: [PageTag]
    }

    public static func record(siteID: String, tags: [PageTag], on db: any SQLDatabase) async throws {
        try await db.insert(
            PageChangeRow(id: RecordID.make(), at: Date().storedMillis, siteID: siteID, tags: tags.map(\.description).joined(separator: " "))
        ).run()
    }

    /// Everything of a site changes (its columns, identity or theme).
    public static func siteChanged(_ siteID: String, on db: any SQLDatabase) async throws {
        try await record(siteID: siteID, tags: [.site(siteID)], on: db)
    }

    /// An item went live, changed, left or was archived: its page, the lists of its columns and
    /// the columns above them, and the sitemap.
    public static func itemChanged(_ articleID: String, siteID: String, columnIDs: [String], on db: any SQLDatabase) async throws {
        let tree = ColumnTree(try await ColumnRecords.all(siteID: siteID, on: db))
        var columns = Set<String>()
        for id in columnIDs { columns.formUnion(tree.path(of: id)) }
        try await record(siteID: siteID, tags: [.article(articleID), .sitemap(siteID)] + columns.sorted().map { .column($0) }, on: db)
    }

    /// Changes written at or after `since` (milliseconds).
    public static func since(_ since: Int, on db: any SQLDatabase) async throws -> [Change] {
        try await db.select(PageChangeRow.self).where("at", .greaterThanOrEqual, since).orderBy("at").all(decoding: PageChangeRow.self).map {
            Change(id: $0.id, at: $0.at, siteID: $0.siteID, tags: $0.tags.split(separator: " ").compactMap(PageTag.init))
        }
    }

    /// Forgets changes older than a day.
    public static func prune(before: Int, on db: any SQLDatabase) async throws {
        try await db.delete(from: "page_changes").where("at", .lessThan, before).run()
    }
}
