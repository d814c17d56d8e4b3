import Foundation
import MenhuCore
import SQLKit

/// Accounts and their role grants.
public enum AccountRecords {
    /// Every account, active first, then by username.
    public static func all(on db: any SQLDatabase) async throws -> [Account] {
        try await db.select(AccountRow.self).orderBy("status").orderBy("username").all(decoding: AccountRow.self).map { try $0.model() }
    }

    /// How many accounts exist, closed ones included.
    public static func count(on db: any SQLDatabase) async throws -> Int {
        try await db.count("SELECT COUNT(*) AS n FROM accounts")
    }

    public static func find(id: String, on db: any SQLDatabase) async throws -> Account? {
        try await db.select(AccountRow.self).where("id", .equal, id).first(decoding: AccountRow.self)?.model()
    }

    public static func find(username: String, on db: any SQLDatabase) async throws -> Account? {
        try await db.select(AccountRow.self).where("username", .equal, username).first(decoding: AccountRow.self)?.model()
    }

    public static func insert(_ a: Account, on db: any SQLDatabase) async throws {
        try await db.insert(AccountRow(a)).run()
    }

    /// Sets the failures since the last login, without touching the rest of the row.
    public static func setFailedLogins(_ count: Int, username: String, on db: any SQLDatabase) async throws {
        try await db.update("accounts").set("failed_logins", to: SQLBind(count)).where("username", .equal, username).run()
    }

    /// Counts one failed login of an active account (for a name without one, the same statement changes nothing).
    public static func countFailedLogin(username: String, on db: any SQLDatabase) async throws {
        try await db.update("accounts").set("failed_logins", to: SQLRaw("failed_logins + 1"))
            .where("username", .equal, username).where("status", .equal, Account.Status.active.rawValue).run()
    }

    /// Writes the account as read and changed by the caller (every field; the id names the row).
    public static func update(_ a: Account, on db: any SQLDatabase) async throws {
        try await db.update(AccountRow(a)).run()
    }

    /// The grants of one account.
    public static func grants(of accountID: String, on db: any SQLDatabase) async throws -> [RoleGrant] {
        try await db.select(RoleGrantRow.self).where("account_id", .equal, accountID)
            .orderBy("created_at").all(decoding: RoleGrantRow.self).map { try $0.model() }
    }

    /// Every grant on the platform.
    public static func allGrants(on db: any SQLDatabase) async throws -> [RoleGrant] {
        try await db.select(RoleGrantRow.self).orderBy("created_at").all(decoding: RoleGrantRow.self).map { try $0.model() }
    }

    public static func insertGrant(_ g: RoleGrant, at: Date, on db: any SQLDatabase) async throws {
        try await db.insert(RoleGrantRow(g, createdAt: at)).run()
    }

    public static func deleteGrant(id: String, on db: any SQLDatabase) async throws {
        try await db.delete(from: "role_grants").where("id", .equal, id).run()
    }
}

/// A logged-in session: the cookie holds a random token, the database its SHA-256.
public struct SessionRecord: Sendable, Equatable {
    public var tokenHash: String
    public var accountID: String
    /// The CSRF token every form of this session must carry.
    public var csrfToken: String
    public var createdAt: Date
    public var expiresAt: Date
    public var address: String

    public init(tokenHash: String, accountID: String, csrfToken: String, createdAt: Date, expiresAt: Date, address: String) {
        self.tokenHash = tokenHash; self.accountID = accountID; self.csrfToken = csrfToken
        self.createdAt = createdAt; self.expiresAt = expiresAt; self.address = address
    }
}

/// Sessions, shared by every instance on one database.
public enum SessionRecords {
    public static func insert(_ s: SessionRecord, on db: any SQLDatabase) async throws {
        try await db.insert(SessionRow(s)).run()
    }

    /// The unexpired session with this token hash.
    public static func find(tokenHash: String, now: Date, on db: any SQLDatabase) async throws -> SessionRecord? {
        try await db.select(SessionRow.self).where("token_hash", .equal, tokenHash)
            .where("expires_at", .greaterThan, SQLBind(now.storedMillis)).first(decoding: SessionRow.self)?.model()
    }

    public static func delete(tokenHash: String, on db: any SQLDatabase) async throws {
        try await db.delete(from: "sessions").where("token_hash", .equal, tokenHash).run()
    }

    /// Ends every session of an account (closing, password reset).
    public static func deleteAll(accountID: String, on db: any SQLDatabase) async throws {
        try await db.delete(from: "sessions").where("account_id", .equal, accountID).run()
    }

    /// Dates a session from now (the one that changed the password stays valid after it).
    public static func restamp(tokenHash: String, at now: Date, on db: any SQLDatabase) async throws {
        try await db.update("sessions").set("created_at", to: SQLBind(now.storedMillis)).where("token_hash", .equal, tokenHash).run()
    }

    /// Ends every session of an account but the one with `kept` (a password change: the person
    /// who changed it stays signed in here, and everywhere else is signed out).
    public static func deleteAll(accountID: String, except kept: String, on db: any SQLDatabase) async throws {
        try await db.delete(from: "sessions").where("account_id", .equal, accountID).where("token_hash", .notEqual, kept).run()
    }

    /// Removes expired sessions.
    public static func purgeExpired(now: Date, on db: any SQLDatabase) async throws {
        try await db.delete(from: "sessions").where("expires_at", .lessThanOrEqual, SQLBind(now.storedMillis)).run()
    }
}

/// O6, X1: failed logins per (username, address), for `LoginBackoff`. Keys are digests, so the
/// table holds neither names nor addresses.
public enum LoginBackoffRecords {
    public struct Failures: Sendable, Equatable {
        public var count: Int
        public var last: Date
    }

    /// The key of a username tried from an address.
    public static func key(username: String, address: String) -> String {
        Digest.hex(username.lowercased() + "\n" + address)
    }

    /// Holds the key's row until the transaction ends (PostgreSQL locks it; SQLite's writer is
    /// alone anyway), so two attempts at once are counted one after the other.
    /// The row is made first (with no failures), so that there is a row to hold even for the
    /// first attempts, which may come at once.
    public static func hold(_ key: String, on db: any SQLDatabase) async throws {
        try await db.insert(LoginBackoffRow(key: key, failures: 0, lastFailureAt: 0)).ignoringConflicts(with: ["key"]).run()
        try await db.update("login_backoff").set("key", to: SQLColumn("key")).where("key", .equal, key).run()
    }

    public static func find(_ key: String, on db: any SQLDatabase) async throws -> Failures? {
        try await db.select(LoginBackoffRow.self).where("key", .equal, key).first(decoding: LoginBackoffRow.self)
            .map { Failures(count: $0.failures, last: Date(storedMillis: $0.lastFailureAt)) }
    }

    /// Records `count` failures with the last at `now`.
    public static func record(_ key: String, count: Int, at now: Date, on db: any SQLDatabase) async throws {
        let row = LoginBackoffRow(key: key, failures: count, lastFailureAt: now.storedMillis)
        try await db.insert(row).onConflict(with: ["key"]) { try $0.set(excludedContentOf: row, with: LoginBackoffRow.encoder) }.run()
    }

    public static func clear(_ key: String, on db: any SQLDatabase) async throws {
        try await db.delete(from: "login_backoff").where("key", .equal, key).run()
    }

    /// Forgets failures older than `before`.
    public static func prune(before: Date, on db: any SQLDatabase) async throws {
        try await db.delete(from: "login_backoff").where("last_failure_at", .lessThan, SQLBind(before.storedMillis)).run()
    }
}
