import Foundation
import MenhuCore
import SQLKit

/// Work requested now and done in the background by whichever instance claims it first
/// (stateless instances share one database): re-checking live pages after a word list changed,
/// later the inspection and the reports.
public struct BackgroundTask: Sendable, Equatable {
    public enum State: Sendable, Equatable { case waiting, running, done, failed }

    public var id: String
    /// What to do: a kind's stored name, e.g. `recheck` (MenhuJobs.TaskKind).
    public var kind: String
    /// What to do it for: a site id, or `*` for every site.
    public var scope: String
    public var requestedBy: String
    public var requestedAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?
    /// What came of it, for people.
    public var result: String
    public var failed: Bool

    public var state: State {
        if finishedAt != nil { return failed ? .failed : .done }
        return startedAt == nil ? .waiting : .running
    }
}

public enum BackgroundTaskRecords {
    /// A task claimed this long ago and not finished is taken to have died with its instance.
    public static let staleAfter: TimeInterval = 600

    static func decode(_ row: any SQLRow) throws -> BackgroundTask {
        let r = RowReader(row)
        return BackgroundTask(
            id: try r.string("id"), kind: try r.string("kind"), scope: try r.string("scope"),
            requestedBy: try r.string("requested_by"), requestedAt: try r.date("requested_at"),
            startedAt: try r.optionalDate("started_at"), finishedAt: try r.optionalDate("finished_at"),
            result: try r.string("result"), failed: try r.bool("failed"))
    }

    /// Asks for `kind` over `scope`; a request still waiting for the same covers this one.
    @discardableResult
    public static func request(_ kind: String, scope: String, by actor: String, at now: Date, on db: any SQLDatabase) async throws -> String {
        if let waiting = try await db.select().column("id").from("background_tasks").where("kind", .equal, kind)
            .where("scope", .equal, scope).where("started_at", .is, SQLLiteral.null).first()
        {
            return try waiting.decode(column: "id", as: String.self)
        }
        let id = RecordID.make()
        try await db.insert(into: "background_tasks").columns("id", "kind", "scope", "requested_by", "requested_at")
            .values(SQLBind(id), SQLBind(kind), SQLBind(scope), SQLBind(actor), SQLBind(now.storedMillis)).run()
        return id
    }

    /// Claims the oldest task waiting (or abandoned) for `instance`; nil when there is none or
    /// another instance took it first.
    public static func claim(kinds: [String], instance: String, at now: Date, on db: any SQLDatabase) async throws -> BackgroundTask? {
        guard !kinds.isEmpty else { return nil }
        let stale = now.addingTimeInterval(-staleAfter).storedMillis
        let oldest = db.select().column("*").from("background_tasks")
            .where("finished_at", .is, SQLLiteral.null).where("kind", .in, SQLBind.group(kinds))
            .where { $0.where("started_at", .is, SQLLiteral.null).orWhere("started_at", .lessThan, SQLBind(stale)) }
            .orderBy("requested_at").limit(1)
        guard let row = try await oldest.first() else { return nil }
        var task = try decode(row)
        var update = db.update("background_tasks").set("started_at", to: SQLBind(now.storedMillis)).set("claimed_by", to: SQLBind(instance))
            .where("id", .equal, task.id).where("finished_at", .is, SQLLiteral.null)
        if let previous = task.startedAt {
            update = update.where("started_at", .equal, SQLBind(previous.storedMillis))
        } else {
            update = update.where("started_at", .is, SQLLiteral.null)
        }
        guard try await update.returning("id").first() != nil else { return nil }
        task.startedAt = now
        return task
    }

    public static func finish(_ id: String, result: String, failed: Bool, at now: Date, on db: any SQLDatabase) async throws {
        try await db.update("background_tasks").set("finished_at", to: SQLBind(now.storedMillis)).set("result", to: SQLBind(result))
            .set("failed", to: SQLBind(failed ? 1 : 0)).where("id", .equal, id).run()
    }

    /// The newest tasks of every kind, newest first.
    public static func newest(limit: Int, on db: any SQLDatabase) async throws -> [BackgroundTask] {
        try await db.select().column("*").from("background_tasks").orderBy("requested_at", .descending).limit(limit).all().map(decode)
    }

    /// The newest tasks of `kind` for `scopes`, newest first.
    public static func recent(_ kind: String, scopes: [String], limit: Int = 5, on db: any SQLDatabase) async throws -> [BackgroundTask] {
        try await db.select().column("*").from("background_tasks").where("kind", .equal, kind).where("scope", .in, SQLBind.group(scopes))
            .orderBy("requested_at", .descending).limit(limit).all().map(decode)
    }
}
