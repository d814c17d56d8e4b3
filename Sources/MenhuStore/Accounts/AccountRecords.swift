import Foundation
import MenhuCore
import SQLKit

/// Accounts and their role grants.
public enum AccountRecords {
    static func decode(_ row: any SQLRow) throws -> Account {
        let r = RowReader(row)
        return Account(
            id: try r.string("id"), username: try r.string("username"), displayName: try r.string("display_name"),
            departmentID: try r.optionalString("department_id"), passwordHash: try r.string("password_hash"),
            mustChangePassword: try r.bool("must_change_password"), passwordChangedAt: try r.date("password_changed_at"),
            failedLogins: try r.int("failed_logins"),
            status: try r.enumValue("status", Account.Status.self), closedAt: try r.optionalDate("closed_at"),
            closedReason: try r.optionalString("closed_reason"), createdAt: try r.date("created_at"))
    }

    /// Every account, active first, then by username.
    public static func all(on db: any SQLDatabase) async throws -> [Account] {
        try await db.select().column("*").from("accounts").orderBy("status").orderBy("username").all().map(decode)
    }

    /// How many accounts exist, closed ones included.
    public static func count(on db: any SQLDatabase) async throws -> Int {
        try await db.count("SELECT COUNT(*) AS n FROM accounts")
    }

    public static func find(id: String, on db: any SQLDatabase) async throws -> Account? {
        try await db.select().column("*").from("accounts").where("id", .equal, id).first().map(decode)
    }

    public static func find(username: String, on db: any SQLDatabase) async throws -> Account? {
        try await db.select().column("*").from("accounts").where("username", .equal, username).first().map(decode)
    }

    public static func insert(_ a: Account, on db: any SQLDatabase) async throws {
        try await db.insert(into: "accounts")
            .columns(
                "id", "username", "display_name", "department_id", "password_hash", "must_change_password",
                "password_changed_at", "failed_logins", "status", "closed_at", "closed_reason",
                "created_at"
            )
            .values(
                SQLBind(a.id), SQLBind(a.username), SQLBind(a.displayName), SQLBind(a.departmentID),
                SQLBind(a.passwordHash), SQLBind(a.mustChangePassword ? 1 : 0), SQLBind(a.passwordChangedAt.storedMillis),
                SQLBind(a.failedLogins), SQLBind(a.status.rawValue),
                SQLBind(a.closedAt.storedMillis), SQLBind(a.closedReason), SQLBind(a.createdAt.storedMillis)
            )
            .run()
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

    /// Writes every mutable field of the account.
    public static func update(_ a: Account, on db: any SQLDatabase) async throws {
        try await db.update("accounts")
            .set("display_name", to: SQLBind(a.displayName)).set("department_id", to: SQLBind(a.departmentID))
            .set("password_hash", to: SQLBind(a.passwordHash))
            .set("must_change_password", to: SQLBind(a.mustChangePassword ? 1 : 0))
            .set("password_changed_at", to: SQLBind(a.passwordChangedAt.storedMillis))
            .set("failed_logins", to: SQLBind(a.failedLogins))
            .set("status", to: SQLBind(a.status.rawValue)).set("closed_at", to: SQLBind(a.closedAt.storedMillis))
            .set("closed_reason", to: SQLBind(a.closedReason))
            .where("id", .equal, a.id)
            .run()
    }

    static func decodeGrant(_ row: any SQLRow) throws -> RoleGrant {
        let r = RowReader(row)
        return RoleGrant(
            id: try r.string("id"), accountID: try r.string("account_id"),
            role: try r.enumValue("role", Role.self), siteID: try r.optionalString("site_id"),
            columnID: try r.optionalString("column_id"))
    }

    /// The grants of one account.
    public static func grants(of accountID: String, on db: any SQLDatabase) async throws -> [RoleGrant] {
        try await db.select().column("*").from("role_grants").where("account_id", .equal, accountID)
            .orderBy("created_at").all().map(decodeGrant)
    }

    /// Every grant on the platform.
    public static func allGrants(on db: any SQLDatabase) async throws -> [RoleGrant] {
        try await db.select().column("*").from("role_grants").orderBy("created_at").all().map(decodeGrant)
    }

    public static func insertGrant(_ g: RoleGrant, at: Date, on db: any SQLDatabase) async throws {
        try await db.insert(into: "role_grants").columns("id", "account_id", "role", "site_id", "column_id", "created_at")
            .values(
                SQLBind(g.id), SQLBind(g.accountID), SQLBind(g.role.rawValue), SQLBind(g.siteID), SQLBind(g.columnID),
                SQLBind(at.storedMillis)
            )
            .run()
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
        try await db.insert(into: "sessions").columns("token_hash", "account_id", "csrf_token", "created_at", "expires_at", "address")
            .values(
                SQLBind(s.tokenHash), SQLBind(s.accountID), SQLBind(s.csrfToken), SQLBind(s.createdAt.storedMillis),
                SQLBind(s.expiresAt.storedMillis), SQLBind(s.address)
            )
            .run()
    }

    /// The unexpired session with this token hash.
    public static func find(tokenHash: String, now: Date, on db: any SQLDatabase) async throws -> SessionRecord? {
        guard
            let row = try await db.select().column("*").from("sessions").where("token_hash", .equal, tokenHash)
                .where("expires_at", .greaterThan, SQLBind(now.storedMillis)).first()
        else { return nil }
        let r = RowReader(row)
        return SessionRecord(
            tokenHash: try r.string("token_hash"), accountID: try r.string("account_id"),
            csrfToken: try r.string("csrf_token"), createdAt: try r.date("created_at"),
            expiresAt: try r.date("expires_at"), address: try r.string("address"))
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
        try await db.insert(into: "login_backoff").columns("key", "failures", "last_failure_at").values(SQLBind(key), SQLBind(0), SQLBind(0))
            .ignoringConflicts(with: ["key"]).run()
        try await db.update("login_backoff").set("key", to: SQLColumn("key")).where("key", .equal, key).run()
    }

    public static func find(_ key: String, on db: any SQLDatabase) async throws -> Failures? {
        guard let row = try await db.select().column("*").from("login_backoff").where("key", .equal, key).first() else { return nil }
        let r = RowReader(row)
        return Failures(count: try r.int("failures"), last: try r.date("last_failure_at"))
    }

    /// Records `count` failures with the last at `now`.
    public static func record(_ key: String, count: Int, at now: Date, on db: any SQLDatabase) async throws {
        try await db.insert(into: "login_backoff").columns("key", "failures", "last_failure_at")
            .values(SQLBind(key), SQLBind(count), SQLBind(now.storedMillis))
            .onConflict(with: ["key"]) { $0.set(excludedValueOf: "failures").set(excludedValueOf: "last_failure_at") }
            .run()
    }

    public static func clear(_ key: String, on db: any SQLDatabase) async throws {
        try await db.delete(from: "login_backoff").where("key", .equal, key).run()
    }

    /// Forgets failures older than `before`.
    public static func prune(before: Date, on db: any SQLDatabase) async throws {
        try await db.delete(from: "login_backoff").where("last_failure_at", .lessThan, SQLBind(before.storedMillis)).run()
    }
}
