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

    /// Asks for `kind` over `scope`; a request still waiting for the same covers this one.
    @discardableResult
    public static func request(_ kind: String, scope: String, by actor: String, at now: Date, on db: any SQLDatabase) async throws -> String {
        if let waiting = try await db.select(BackgroundTaskRow.self).where("kind", .equal, kind)
            .where("scope", .equal, scope).where("started_at", .is, SQLLiteral.null).first(decoding: BackgroundTaskRow.self)
        {
            return waiting.id
        }
        let id = RecordID.make()
        try await db.insert(BackgroundTaskRow(id: id, kind: kind, scope: scope, requestedBy: actor, requestedAt: now.storedMillis)).run()
        return id
    }

    /// Asks for a task that must exist once whoever asks (the day's inspection): true when this
    /// call made it, false when it was already there.
    @discardableResult
    public static func schedule(id: String, kind: String, scope: String, by actor: String, at now: Date, on db: any SQLDatabase) async throws
        -> Bool
    {
        try await db.insert(BackgroundTaskRow(id: id, kind: kind, scope: scope, requestedBy: actor, requestedAt: now.storedMillis))
            .ignoringConflicts(with: "id").returning("id").first() != nil
    }

    /// Claims the oldest task waiting (or abandoned) for `instance`; nil when there is none or
    /// another instance took it first.
    public static func claim(kinds: [String], instance: String, at now: Date, on db: any SQLDatabase) async throws -> BackgroundTask? {
        guard !kinds.isEmpty else { return nil }
        let stale = now.addingTimeInterval(-staleAfter).storedMillis
        let oldest = db.select(BackgroundTaskRow.self)
            .where("finished_at", .is, SQLLiteral.null).where("kind", .in, SQLBind.group(kinds))
            .where { $0.where("started_at", .is, SQLLiteral.null).orWhere("started_at", .lessThan, SQLBind(stale)) }
            .orderBy("requested_at").limit(1)
        guard var row = try await oldest.first(decoding: BackgroundTaskRow.self) else { return nil }
        // Claimed only if no other instance claimed it since it was read.
        let previous = row.startedAt
        row.startedAt = now.storedMillis
        row.claimedBy = instance
        var update = try db.update(row).where("finished_at", .is, SQLLiteral.null)
        if let previous {
            update = update.where("started_at", .equal, SQLBind(previous))
        } else {
            update = update.where("started_at", .is, SQLLiteral.null)
        }
        guard try await update.returning("id").first() != nil else { return nil }
        return row.model()
    }

    /// Keeps a running task's claim fresh, so a long one (the daily inspection of a big platform)
    /// is not taken for dead and claimed again; false when another instance has taken it over.
    @discardableResult
    public static func renew(_ id: String, instance: String, at now: Date, on db: any SQLDatabase) async throws -> Bool {
        try await db.update("background_tasks").set("started_at", to: SQLBind(now.storedMillis)).where("id", .equal, id)
            .where("claimed_by", .equal, instance).where("finished_at", .is, SQLLiteral.null).returning("id").first() != nil
    }

    public static func finish(_ id: String, result: String, failed: Bool, at now: Date, on db: any SQLDatabase) async throws {
        try await db.update("background_tasks").set("finished_at", to: SQLBind(now.storedMillis)).set("result", to: SQLBind(result))
            .set("failed", to: SQLBind(failed ? 1 : 0)).where("id", .equal, id).run()
    }

    /// The newest tasks of every kind, newest first.
    public static func newest(limit: Int, on db: any SQLDatabase) async throws -> [BackgroundTask] {
        try await db.select(BackgroundTaskRow.self).orderBy("requested_at", .descending).limit(limit)
            .all(decoding: BackgroundTaskRow.self).map { $0.model() }
    }

    /// The first task of `kind` ever asked for (the platform's first inspection).
    public static func first(_ kind: String, on db: any SQLDatabase) async throws -> BackgroundTask? {
        try await db.select(BackgroundTaskRow.self).where("kind", .equal, kind).orderBy("requested_at").limit(1)
            .first(decoding: BackgroundTaskRow.self)?.model()
    }

    /// The newest tasks of `kind` for `scopes`, newest first.
    public static func recent(_ kind: String, scopes: [String], limit: Int = 5, on db: any SQLDatabase) async throws -> [BackgroundTask] {
        try await db.select(BackgroundTaskRow.self).where("kind", .equal, kind).where("scope", .in, SQLBind.group(scopes))
            .orderBy("requested_at", .descending).limit(limit).all(decoding: BackgroundTaskRow.self).map { $0.model() }
    }
}
