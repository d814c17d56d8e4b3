import Foundation
import MenhuCore

/// A row of `accounts`.
struct AccountRow: TableRow {
    static let table = "accounts"

    var id: String
    var username: String
    var displayName: String
    var departmentID: String?
    var passwordHash: String
    var mustChangePassword: Int
    var passwordChangedAt: Int
    var failedLogins: Int
    /// Unused since migration 15 (no account lockout, `LoginBackoff` instead): always NULL.
    var lockedUntil: Int?
    var status: String
    var closedAt: Int?
    var closedReason: String?
    var createdAt: Int
    var email: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, username, displayName = "display_name", departmentID = "department_id", email
        case passwordHash = "password_hash", mustChangePassword = "must_change_password"
        case passwordChangedAt = "password_changed_at", failedLogins = "failed_logins", lockedUntil = "locked_until"
        case status, closedAt = "closed_at", closedReason = "closed_reason", createdAt = "created_at"
    }
}

extension AccountRow {
    init(_ a: Account) {
        self.init(
            id: a.id, username: a.username, displayName: a.displayName, departmentID: a.departmentID,
            passwordHash: a.passwordHash, mustChangePassword: a.mustChangePassword ? 1 : 0,
            passwordChangedAt: a.passwordChangedAt.storedMillis, failedLogins: a.failedLogins, lockedUntil: nil,
            status: a.status.rawValue, closedAt: a.closedAt.storedMillis, closedReason: a.closedReason,
            createdAt: a.createdAt.storedMillis, email: a.email)
    }

    func model() throws -> Account {
        Account(
            id: id, username: username, displayName: displayName, departmentID: departmentID, passwordHash: passwordHash,
            mustChangePassword: mustChangePassword != 0, passwordChangedAt: Date(storedMillis: passwordChangedAt),
            failedLogins: failedLogins, status: try Account.Status(stored: status), closedAt: closedAt.storedDate,
            closedReason: closedReason, createdAt: Date(storedMillis: createdAt), email: email)
    }
}

/// A row of `role_grants`.
struct RoleGrantRow: TableRow {
    static let table = "role_grants"

    var id: String
    var accountID: String
    var role: String
    var siteID: String?
    var columnID: String?
    var createdAt: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, accountID = "account_id", role, siteID = "site_id", columnID = "column_id", createdAt = "created_at"
    }
}

extension RoleGrantRow {
    init(_ g: RoleGrant, createdAt: Date) {
        self.init(
            id: g.id, accountID: g.accountID, role: g.role.rawValue, siteID: g.siteID, columnID: g.columnID,
            createdAt: createdAt.storedMillis)
    }

    func model() throws -> RoleGrant {
        RoleGrant(id: id, accountID: accountID, role: try Role(stored: role), siteID: siteID, columnID: columnID)
    }
}

/// A row of `sessions`.
struct SessionRow: TableRow {
    static let table = "sessions"
    static let key: [CodingKeys] = [.tokenHash]

    var tokenHash: String
    var accountID: String
    var csrfToken: String
    var createdAt: Int
    var expiresAt: Int
    var address: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case tokenHash = "token_hash", accountID = "account_id", csrfToken = "csrf_token", createdAt = "created_at"
        case expiresAt = "expires_at", address
    }
}

extension SessionRow {
    init(_ s: SessionRecord) {
        self.init(
            tokenHash: s.tokenHash, accountID: s.accountID, csrfToken: s.csrfToken, createdAt: s.createdAt.storedMillis,
            expiresAt: s.expiresAt.storedMillis, address: s.address)
    }

    func model() -> SessionRecord {
        SessionRecord(
            tokenHash: tokenHash, accountID: accountID, csrfToken: csrfToken, createdAt: Date(storedMillis: createdAt),
            expiresAt: Date(storedMillis: expiresAt), address: address)
    }
}

/// A row of `login_backoff`.
struct LoginBackoffRow: TableRow {
    static let table = "login_backoff"
    static let key: [CodingKeys] = [.key]

    var key: String
    var failures: Int
    var lastFailureAt: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case key, failures, lastFailureAt = "last_failure_at"
    }
}
