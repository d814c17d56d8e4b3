import Foundation
import MenhuCore
import SQLKit

extension PlatformService {
    /// Adds a block at the end of the site's homepage (or saves `id`'s). The first change to a
    /// site that still shows the default blocks writes those first, so nothing on the page moves
    /// unasked.
    public func saveHomeBlock(siteID: String, id: String?, _ fields: [String: String], by actor: Actor) async throws -> HomeBlock {
        let now = clock.now()
        return try await database.write { db in
            let columns = try await ColumnRecords.all(siteID: siteID, on: db)
            let settings = try HomeBlockSettings.read(fields, columns: columns)
            var blocks = try await Self.configuredBlocks(siteID: siteID, columns: columns, on: db)
            let block: HomeBlock
            if let id {
                guard var existing = blocks.first(where: { $0.id == id }) else { throw ServiceError.notFound("首页区块不存在") }
                existing.settings = settings
                try await HomeBlockRecords.update(existing, on: db)
                block = existing
            } else {
                block = HomeBlock(siteID: siteID, position: (blocks.map(\.position).max() ?? -1) + 1, settings: settings)
                try await HomeBlockRecords.insert(block, on: db)
                blocks.append(block)
            }
            try await AuditRecords.append(
                actor.event(
                    id == nil ? "home.add" : "home.update", "site", siteID, siteID: siteID,
                    summary: "\(id == nil ? "添加" : "修改")首页区块“\(settings.title)”（\(settings.kind.label)）", requirement: "W1", at: now), on: db)
            return block
        }
    }

    /// Removes a block, or moves it one place up (`by: -1`) or down (`by: 1`).
    public func changeHomeBlock(siteID: String, id: String, move: Int?, by actor: Actor) async throws {
        let now = clock.now()
        try await database.write { db in
            let columns = try await ColumnRecords.all(siteID: siteID, on: db)
            var blocks = try await Self.configuredBlocks(siteID: siteID, columns: columns, on: db)
            guard let index = blocks.firstIndex(where: { $0.id == id }) else { throw ServiceError.notFound("首页区块不存在") }
            let title = blocks[index].settings.title
            if let move {
                let other = index + move
                guard blocks.indices.contains(other) else { return }
                blocks.swapAt(index, other)
                for (n, var block) in blocks.enumerated() where block.position != n {
                    block.position = n
                    try await HomeBlockRecords.update(block, on: db)
                }
            } else {
                try await HomeBlockRecords.remove(id: id, siteID: siteID, on: db)
            }
            try await AuditRecords.append(
                actor.event(
                    move == nil ? "home.remove" : "home.move", "site", siteID, siteID: siteID,
                    summary: move == nil ? "删除首页区块“\(title)”" : "首页区块“\(title)”\(move! < 0 ? "上移" : "下移")",
                    requirement: "W1", at: now), on: db)
        }
    }

    /// The site's stored blocks; when it has none, the defaults are stored first (with new ids).
    static func configuredBlocks(siteID: String, columns: [Column], on db: any SQLDatabase) async throws -> [HomeBlock] {
        let stored = try await HomeBlockRecords.all(siteID: siteID, on: db)
        guard stored.isEmpty else { return stored }
        var blocks: [HomeBlock] = []
        for block in HomeBlock.defaults(siteID: siteID, columns: columns) {
            let saved = HomeBlock(siteID: siteID, position: block.position, settings: block.settings)
            try await HomeBlockRecords.insert(saved, on: db)
            blocks.append(saved)
        }
        return blocks
    }
}
