import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit
import ServiceLifecycle

/// Where the data lives: an SQLite file (the default) or a PostgreSQL server.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    /// A path means SQLite; a `postgres://` or `postgresql://` URL means PostgreSQL.
    public init(_ text: String) {
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(url: text)
        } else if text.hasPrefix("sqlite://") {
            self = .sqlite(path: String(text.dropFirst("sqlite://".count)))
        } else {
            self = .sqlite(path: text)
        }
    }

    /// A description without the password.
    public var description: String {
        switch self {
        case .sqlite(let path): return "SQLite \(path)"
        case .postgres(let url):
            guard var parts = URLComponents(string: url) else { return "PostgreSQL" }
            if parts.password != nil { parts.password = "***" }
            return "PostgreSQL \(parts.string ?? "")"
        }
    }
}

/// Errors of the storage layer.
public enum StoreError: Error, CustomStringConvertible {
    /// The database could not be reached or opened.
    case unavailable(String)
    /// A row held a value this version cannot read.
    case corrupt(String)

    public var description: String {
        switch self {
        case .unavailable(let m): "数据库不可用：\(m)"
        case .corrupt(let m): "数据无法读取：\(m)"
        }
    }
}

/// One connection to either engine.
protocol DatabaseConnection: Sendable {
    var sql: any SQLDatabase { get }
    var isClosed: Bool { get }
    func close() async
}

struct SQLiteDatabaseConnection: DatabaseConnection {
    let connection: SQLiteConnection
    var sql: any SQLDatabase { connection.sql() }
    var isClosed: Bool { connection.isClosed }
    func close() async { try? await connection.close() }
}

struct PostgresDatabaseConnection: DatabaseConnection {
    let connection: PostgresConnection
    var sql: any SQLDatabase { connection.sql() }
    var isClosed: Bool { connection.isClosed }
    func close() async { try? await connection.close() }
}

/// A small pool of open connections; callers wait when all are in use.
actor ConnectionPool {
    private let open: @Sendable () async throws -> any DatabaseConnection
    private let limit: Int
    private var idle: [any DatabaseConnection] = []
    private var count = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var closed = false

    init(limit: Int, open: @escaping @Sendable () async throws -> any DatabaseConnection) {
        self.limit = limit
        self.open = open
    }

    func acquire() async throws -> any DatabaseConnection {
        while true {
            if closed { throw StoreError.unavailable("连接池已关闭") }
            if let connection = idle.popLast() {
                if connection.isClosed { count -= 1; continue }
                return connection
            }
            if count < limit {
                count += 1
                do {
                    return try await open()
                } catch {
                    count -= 1
                    resumeOne()
                    throw StoreError.unavailable(String(reflecting: error))
                }
            }
            await withCheckedContinuation { waiters.append($0) }
        }
    }

    func release(_ connection: any DatabaseConnection) async {
        if closed || connection.isClosed {
            count -= 1
            if !connection.isClosed { await connection.close() }
        } else {
            idle.append(connection)
        }
        resumeOne()
    }

    private func resumeOne() {
        if !waiters.isEmpty { waiters.removeFirst().resume() }
    }

    func shutdown() async {
        closed = true
        let all = idle
        idle = []
        count -= all.count
        for c in all { await c.close() }
        for w in waiters { w.resume() }
        waiters = []
    }
}

/// Serialises writers on SQLite, which allows one writer at a time.
actor WriteGate {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func enter() async {
        if busy { await withCheckedContinuation { waiters.append($0) } } else { busy = true }
    }

    func leave() {
        if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() }
    }
}

/// The database: reads on any pooled connection, writes as transactions.
///
/// One schema and one set of queries serve SQLite and PostgreSQL alike; several
/// stateless Menhu instances may share one PostgreSQL database.
public final class Database: Sendable {
    /// Which engine this is.
    public enum Engine: String, Sendable { case sqlite, postgres }

    public let location: DatabaseLocation
    public let engine: Engine
    private let pool: ConnectionPool
    private let writeGate: WriteGate?
    let logger: Logger

    /// Opens (and for SQLite creates) the database. Nothing is migrated yet: call `migrate()`.
    public init(_ location: DatabaseLocation, logger: Logger = Logger(label: "menhu.store")) throws {
        self.location = location
        self.logger = logger
        switch location {
        case .sqlite(let path):
            engine = .sqlite
            writeGate = WriteGate()
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            if !FileManager.default.fileExists(atPath: directory) {
                throw StoreError.unavailable("目录不存在：\(directory)")
            }
            pool = ConnectionPool(limit: 4) {
                let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
                let db = connection.sql()
                for pragma in [
                    "PRAGMA journal_mode=WAL", "PRAGMA busy_timeout=10000",
                    "PRAGMA foreign_keys=ON", "PRAGMA synchronous=NORMAL",
                    // Reads from the file mapped into memory rather than a read call per page (the
                    // inspection and the exports read every live item).
                    "PRAGMA mmap_size=1073741824",
                ] {
                    try await db.raw(SQLQueryString(pragma)).run()
                }
                return SQLiteDatabaseConnection(connection: connection)
            }
        case .postgres(let url):
            engine = .postgres
            writeGate = nil
            let configuration: SQLPostgresConfiguration
            do { configuration = try SQLPostgresConfiguration(url: url) } catch {
                throw StoreError.unavailable("PostgreSQL 地址无法解析")
            }
            let core = configuration.coreConfiguration
            pool = ConnectionPool(limit: 8) {
                let connection = try await PostgresConnection.connect(
                    configuration: core, id: Int.random(in: 1...Int.max), logger: logger)
                return PostgresDatabaseConnection(connection: connection)
            }
        }
    }

    /// Runs `body` on a pooled connection, outside any transaction.
    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let connection = try await pool.acquire()
        do {
            let result = try await body(connection.sql)
            await pool.release(connection)
            return result
        } catch {
            await pool.release(connection)
            throw error
        }
    }

    /// Runs `body` in one transaction: all of it is written, or none of it.
    public func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        if let writeGate { await writeGate.enter() }
        let connection: any DatabaseConnection
        do { connection = try await pool.acquire() } catch {
            await writeGate?.leave()
            throw error
        }
        let db = connection.sql
        do {
            try await db.raw(engine == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN").run()
            let result = try await body(db)
            try await db.raw("COMMIT").run()
            await pool.release(connection)
            await writeGate?.leave()
            return result
        } catch {
            try? await db.raw("ROLLBACK").run()
            await pool.release(connection)
            await writeGate?.leave()
            throw error
        }
    }

    /// True when a trivial query answers (for `/healthz`).
    public func isReachable() async -> Bool {
        do {
            return try await read { db in try await db.raw("SELECT 1 AS one").first() != nil }
        } catch {
            return false
        }
    }

    /// Closes every connection.
    public func shutdown() async {
        await pool.shutdown()
    }
}

/// The database as a service of the process (`menhu serve`): open while the group runs, closed
/// at its graceful shutdown. A group shuts its services down in reverse order, so the database
/// goes before the services that use it and closes after them.
extension Database: Service {
    /// Waits for graceful shutdown (or cancellation), then closes every connection.
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }
}
