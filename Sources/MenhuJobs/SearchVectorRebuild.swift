import Foundation
import MenhuCore
import MenhuStore

/// The rebuild of the search index's older PostgreSQL vectors (重建站内搜索索引): vectors written
/// before trigrams (migration 13) and before pairs and key blocks (migration 14) are rewritten in
/// the background, and queries use the new lexemes once it is done.
public enum SearchVectorRebuild {
    /// The background task: rebuilds every older vector and says in how many batches.
    static func run(in context: JobContext) async throws -> String {
        "已重建站内搜索索引（\(try await SearchIndex.rebuildAllVectors(in: context.database)) 批）"
    }

    /// Asks for the rebuild when a PostgreSQL index still holds older vectors (`menhu serve` at start).
    public static func requestIfPending(in database: Database, at now: Date) async throws {
        guard database.engine == .postgres, try await database.setting(SearchIndex.vectorTask) == "pending" else { return }
        try await database.write { db in
            _ = try await BackgroundTaskRecords.request(TaskKind.searchVectors.name, scope: "*", by: "系统", at: now, on: db)
        }
    }
}
