import Foundation
import MenhuCore
import MenhuStore
import SQLKit

/// The database engines the suite runs on: SQLite always; PostgreSQL when
/// `MENHU_TEST_POSTGRES_URL` names a server (`.ci/run` starts one). With `CI=true`
/// and no server, the PostgreSQL runs fail rather than being skipped silently.
public enum TestEngine: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }

    /// The engines to test on this machine.
    public static var available: [TestEngine] {
        let env = ProcessInfo.processInfo.environment
        if env["MENHU_TEST_POSTGRES_URL"] != nil || env["CI"] == "true" { return [.sqlite, .postgres] }
        return [.sqlite]
    }
}

/// A fresh, migrated database for one test, removed afterwards.
public enum TestDatabase {
    /// Runs `body` with a new empty database on `engine`.
    public static func with<T>(_ engine: TestEngine, _ body: (Database) async throws -> T) async throws -> T {
        switch engine {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("menhu-test-\(RecordID.make())")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let database = try Database(.sqlite(path: dir.appendingPathComponent("test.sqlite").path))
            do {
                try await database.migrate()
                let result = try await body(database)
                await database.shutdown()
                return result
            } catch {
                await database.shutdown()
                throw error
            }
        case .postgres:
            // Each test database holds up to 8 connections (a second instance's pool as many
            // again), the admin one 1: at most 8 at a time stay well within the server's limit.
            await OpenPostgresDatabases.shared.acquire()
            defer { Task { await OpenPostgresDatabases.shared.release() } }
            guard let adminURL = ProcessInfo.processInfo.environment["MENHU_TEST_POSTGRES_URL"],
                var parts = URLComponents(string: adminURL)
            else {
                throw TestSetupError("MENHU_TEST_POSTGRES_URL 未设置：PostgreSQL 测试需要一个服务器（见 .ci/run）")
            }
            let name = "menhu_test_\(RecordID.make().suffix(16))"
            let admin = try Database(.postgres(url: adminURL))
            do {
                // PostgreSQL refuses concurrent CREATE DATABASE from one template: one at a time.
                try await DatabaseCreation.shared.run {
                    try await admin.read { db in try await db.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
                }
            } catch {
                await admin.shutdown()
                throw error
            }
            parts.path = "/" + name
            let database = try Database(.postgres(url: parts.string!))
            func drop() async {
                await database.shutdown()
                try? await admin.read { db in try await db.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run() }
                await admin.shutdown()
            }
            do {
                try await database.migrate()
                let result = try await body(database)
                await drop()
                return result
            } catch {
                await drop()
                throw error
            }
        }
    }
}

/// The test environment is not set up.
public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A fixed instant for tests: 2026-03-02 10:00 Beijing time (a Monday).
public let testNow = Date(timeIntervalSince1970: 1_772_416_800)

/// Serialises database creation within the test process.
/// How many PostgreSQL test databases are open at once (the suite runs its tests in parallel;
/// "too many clients already" failed runs once it grew past the server's max_connections).
actor OpenPostgresDatabases {
    static let shared = OpenPostgresDatabases()
    static let limit = 8
    private var open = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if open < Self.limit {
            open += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { open -= 1 } else { waiting.removeFirst().resume() }
    }
}

actor DatabaseCreation {
    static let shared = DatabaseCreation()
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func run(_ body: @Sendable () async throws -> Void) async throws {
        if busy { await withCheckedContinuation { waiting.append($0) } } else { busy = true }
        defer { if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() } }
        try await body()
    }
}
