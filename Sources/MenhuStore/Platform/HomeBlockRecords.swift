import Foundation
import MenhuCore
import SQLKit

/// The configured blocks of a site's homepage, in order. W1.
public enum HomeBlockRecords {
    /// The site's configured blocks in order (empty: the site shows `HomeBlock.defaults`).
    public static func all(siteID: String, on db: any SQLDatabase) async throws -> [HomeBlock] {
        try await db.select(HomeBlockRow.self).where("site_id", .equal, siteID)
            .orderBy("position").orderBy("id").all(decoding: HomeBlockRow.self).map { try $0.model() }
    }

    public static func insert(_ block: HomeBlock, on db: any SQLDatabase) async throws {
        try await db.insert(HomeBlockRow(block)).run()
        try await homeChanged(block.siteID, on: db)
    }

    public static func update(_ block: HomeBlock, on db: any SQLDatabase) async throws {
        try await db.update(HomeBlockRow(block)).where("site_id", .equal, block.siteID).run()
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
