import Foundation
import SQLKit

/// The versioned schema. Each migration runs once, in a transaction, and is recorded
/// in `schema_migrations`. On PostgreSQL an advisory lock keeps several instances
/// starting at once from migrating together.
public enum Schema {
    /// One step of the schema's history. Statements must be valid on SQLite and PostgreSQL.
    struct Migration {
        let version: Int
        let name: String
        let statements: [String]
        /// Statements for one engine only (full-text search differs), after the shared ones.
        var sqlite: [String] = []
        var postgres: [String] = []
    }

    /// Every migration in order, one file each (`Schema/MigrationNN.swift`).
    static let migrations: [Migration] = [
        v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, v16, v17, v18, v19, v20, v21, v22, v23, v24, v25, v26, v27,
    ]

    /// The newest schema version this build knows.
    public static var latestVersion: Int { migrations.last?.version ?? 0 }
}

extension Database {
    /// Applies every migration not yet applied; returns the versions applied now.
    @discardableResult
    public func migrate(now: Date = Date()) async throws -> [Int] {
        let engine = self.engine
        return try await write { db in
            if engine == .postgres {
                try await db.raw("SELECT pg_advisory_xact_lock(730531)").run()
            }
            try await db.raw(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)"
            ).run()
            let applied = Set(
                try await db.raw("SELECT version FROM schema_migrations").all().map {
                    try $0.decode(column: "version", as: Int.self)
                })
            var done: [Int] = []
            for migration in Schema.migrations where !applied.contains(migration.version) {
                for statement in migration.statements + (engine == .postgres ? migration.postgres : migration.sqlite) {
                    try await db.raw(SQLQueryString(statement)).run()
                }
                try await db.insert(into: "schema_migrations").columns("version", "name", "applied_at")
                    .values(SQLBind(migration.version), SQLBind(migration.name), SQLBind(now.storedMillis)).run()
                done.append(migration.version)
            }
            return done
        }
    }

    /// The applied schema version, 0 for an empty database.
    public func schemaVersion() async throws -> Int {
        try await read { db in
            do {
                let row = try await db.raw("SELECT MAX(version) AS v FROM schema_migrations").first()
                return try row?.decode(column: "v", as: Int?.self) ?? 0
            } catch {
                return 0
            }
        }
    }

    /// A stored setting, e.g. whether the demo was seeded.
    public func setting(_ key: String) async throws -> String? {
        try await read { db in try await db.setting(key) }
    }
}

extension SQLDatabase {
    /// A stored setting, read inside a transaction.
    public func setting(_ key: String) async throws -> String? {
        try await select().column("value").from("settings").where("key", .equal, key).first()
            .map { try $0.decode(column: "value", as: String.self) }
    }

    /// Sets a stored setting inside a transaction.
    public func setSetting(_ key: String, _ value: String) async throws {
        try await delete(from: "settings").where("key", .equal, key).run()
        try await insert(into: "settings").columns("key", "value").values(SQLBind(key), SQLBind(value)).run()
    }
}
