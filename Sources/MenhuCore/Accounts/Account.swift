import Foundation

/// A person's back-office account (账号). O4, O6.
public struct Account: Sendable, Equatable, Identifiable {
    /// Whether the account can be used.
    public enum Status: String, Sendable {
        case active
        /// Closed on the day the person left (O4); kept for the record.
        case closed

        public var label: String { self == .active ? "在用" : "已注销" }
    }

    public var id: String
    /// Login name: lowercase letters, digits, `.`, `_`, `-`.
    public var username: String
    /// The person's name as shown in the UI and the registry.
    public var displayName: String
    /// I2: where the person's reminders are e-mailed (when the platform has an SMTP relay); may be empty.
    public var email: String
    /// The unit or department the person works in (O4 staff record).
    public var departmentID: String?
    /// Bcrypt hash of the password; never shown (O6).
    public var passwordHash: String
    /// O6: the password is an initial one and must be changed at next login.
    public var mustChangePassword: Bool
    public var passwordChangedAt: Date
    /// O6: failed logins since the last successful one, from any address (shown to admins:
    /// an account under attack is visible; it never locks the account, see `LoginBackoff`).
    public var failedLogins: Int
    public var status: Status
    public var closedAt: Date?
    public var closedReason: String?
    public var createdAt: Date

    public init(
        id: String = RecordID.make(), username: String, displayName: String, departmentID: String?,
        passwordHash: String, mustChangePassword: Bool, passwordChangedAt: Date, failedLogins: Int = 0,
        status: Status = .active, closedAt: Date? = nil, closedReason: String? = nil,
        createdAt: Date, email: String = ""
    ) {
        self.id = id; self.username = username; self.displayName = displayName; self.departmentID = departmentID; self.email = email
        self.passwordHash = passwordHash; self.mustChangePassword = mustChangePassword
        self.passwordChangedAt = passwordChangedAt; self.failedLogins = failedLogins
        self.status = status; self.closedAt = closedAt; self.closedReason = closedReason; self.createdAt = createdAt
    }

    /// A work e-mail address as typed: trimmed and lowercased; "" clears it; nil when it is not one.
    public static func readEmail(_ text: String) -> String? {
        let email = text.trimmed.lowercased()
        if email.isEmpty { return "" }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count <= 100, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
            email.unicodeScalars.allSatisfy({ $0.isASCII && !$0.properties.isWhitespace && !"<>\"(),;:[]\\".unicodeScalars.contains($0) })
        else { return nil }
        return email
    }

    /// Usernames: 3–32 characters, starting with a lowercase letter.
    public static func isValidUsername(_ name: String) -> Bool {
        guard (3...32).contains(name.count), let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0) }
    }
}

/// O6: the rules passwords follow and their expiry.
public struct PasswordPolicy: Sendable, Equatable {
    /// Minimum length.
    public var minimumLength = 10
    /// Days after which a password must be changed (default 90).
    public var expiryDays = 90

    public init() {}

    /// Problems with a new password, in Chinese; empty when acceptable.
    ///
    /// O6: at least `minimumLength` characters with three of: upper case, lower case,
    /// digits, symbols; not containing the username; different from the current one.
    public func problems(newPassword: String, username: String, isSameAsCurrent: Bool) -> [String] {
        var result: [String] = []
        if newPassword.count < minimumLength { result.append("密码至少 \(minimumLength) 位") }
        if newPassword.count > 72 { result.append("密码不能超过 72 位") }
        var classes = 0
        if newPassword.contains(where: { $0.isASCII && $0.isUppercase }) { classes += 1 }
        if newPassword.contains(where: { $0.isASCII && $0.isLowercase }) { classes += 1 }
        if newPassword.contains(where: { $0.isASCII && $0.isNumber }) { classes += 1 }
        if newPassword.contains(where: { !($0.isASCII && ($0.isLetter || $0.isNumber)) }) { classes += 1 }
        if classes < 3 { result.append("密码须包含大写字母、小写字母、数字、符号中的至少三类") }
        if !username.isEmpty && newPassword.lowercased().contains(username.lowercased()) {
            result.append("密码不能包含用户名")
        }
        if isSameAsCurrent { result.append("新密码不能与当前密码相同") }
        return result
    }

    /// True when the password was set more than `expiryDays` ago.
    public func isExpired(changedAt: Date, now: Date) -> Bool {
        now.timeIntervalSince(changedAt) > Double(expiryDays) * 86_400
    }
}

/// The outcome of a login attempt, decided after checking the password. O6.
public enum LoginDecision: Sendable, Equatable {
    /// Logged in; `mustChangePassword` sends the person to the change form first.
    case accepted(mustChangePassword: Bool)
    /// Wrong name or password (the message never says which).
    case rejected
    /// The account is closed (O4); answered like a wrong password.
    case closed

    /// Applies the policy to an attempt on `account` whose password check gave `passwordMatches`.
    public static func decide(account: Account, passwordMatches: Bool, policy: PasswordPolicy, now: Date) -> LoginDecision {
        if account.status == .closed { return .closed }
        guard passwordMatches else { return .rejected }
        let expired = policy.isExpired(changedAt: account.passwordChangedAt, now: now)
        return .accepted(mustChangePassword: account.mustChangePassword || expired)
    }
}

/// O6, X1: password guessing is slowed for one username from one network address, so that
/// guessing stays slow while nobody elsewhere can lock a person out (a lockout of the account
/// itself would let anyone shut out the admin with five wrong guesses). The same rule applies
/// to names that have no account, so the answers never tell which names exist.
public struct LoginBackoff: Sendable, Equatable {
    /// Failures allowed before the first wait.
    public var freeFailures = 3
    /// The wait after the first counted failure; it doubles with each further one.
    public var firstWait: TimeInterval = 30
    /// The longest wait (so about a hundred guesses a day from one address, at most).
    public var longestWait: TimeInterval = 15 * 60
    /// Failures older than this are forgotten.
    public var memory: TimeInterval = 24 * 3600

    public init() {}

    /// How long to wait after `failures` failures in a row.
    public func wait(afterFailures failures: Int) -> TimeInterval {
        guard failures >= freeFailures else { return 0 }
        let doublings = Double(min(failures - freeFailures, 30))
        return min(firstWait * pow(2, doublings), longestWait)
    }

    /// Failures still counted at `now` from `failures` recorded with the last at `lastFailure`.
    public func counted(_ failures: Int, lastFailure: Date, now: Date) -> Int {
        now.timeIntervalSince(lastFailure) > memory ? 0 : failures
    }

    /// When the next attempt may be made, or nil when it may be made now.
    public func nextAttempt(failures: Int, lastFailure: Date, now: Date) -> Date? {
        let counted = counted(failures, lastFailure: lastFailure, now: now)
        let at = lastFailure.addingTimeInterval(wait(afterFailures: counted))
        return at > now ? at : nil
    }

    /// "30 秒" or "4 分钟": how long until `until`, to the nearest second, for the login page.
    public static func describe(until: Date, now: Date) -> String {
        let seconds = max(1, Int(until.timeIntervalSince(now).rounded()))
        return seconds < 120 ? "\(seconds) 秒" : "\((seconds + 59) / 60) 分钟"
    }
}
