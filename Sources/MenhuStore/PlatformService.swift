import Foundation
import Logging
import MenhuCore
import SQLKit

/// Errors an operation reports to the person who asked for it, in Chinese.
public enum ServiceError: Error, Equatable, CustomStringConvertible {
    /// The thing asked for does not exist.
    case notFound(String)
    /// The request contradicts what is stored (e.g. a duplicate username).
    case conflict(String)
    /// The request is not allowed in this state.
    case refused(String)

    public var description: String {
        switch self {
        case .notFound(let m), .conflict(let m), .refused(let m): m
        }
    }
}

/// The platform's operations: the domain decides, the store writes the change and its
/// audit event in one transaction. Used by the web console and the command line alike.
public struct PlatformService: Sendable {
    public let database: Database
    public let clock: any WallClock
    public let hasher: PasswordHasher
    public let policy: PasswordPolicy
    /// O6, X1: how failed logins slow further tries of a name from an address.
    public var backoff = LoginBackoff()
    /// How long a login session lasts.
    public var sessionLifetime: TimeInterval = 8 * 3600

    public init(
        database: Database, clock: any WallClock = SystemWallClock(), hasher: PasswordHasher = .standard,
        policy: PasswordPolicy = PasswordPolicy()
    ) {
        self.database = database; self.clock = clock; self.hasher = hasher; self.policy = policy
    }

    // MARK: Sites (S1, S2)

    /// Creates a site from the site form.
    public func createSite(_ fields: [String: String], by actor: Actor) async throws -> Site {
        let identity = try await readSite(fields, excluding: nil)
        let now = clock.now()
        return try await database.write { db in
            try await Self.siteClashes(code: identity.code, domains: identity.domains, excluding: nil, on: db).throwIfAny()
            let site = Site(identity: identity, createdAt: now)
            try await SiteRecords.insert(site, on: db)
            try await AuditRecords.append(
                actor.event(
                    "site.create", "site", site.id, siteID: site.id,
                    summary: "新建网站“\(site.name)”（\(site.code)）", requirement: "S1", at: now), on: db)
            return site
        }
    }

    /// Edits a site's identity fields; the audit event lists what changed (S4 filings build on it).
    public func updateSite(code: String, _ fields: [String: String], by actor: Actor) async throws -> Site {
        let existing = try await database.read { db in try await SiteRecords.find(code: code, on: db) }
        let identity = try await readSite(fields, excluding: existing?.id)
        let now = clock.now()
        return try await database.write { db in
            guard var site = try await SiteRecords.find(code: code, on: db) else { throw ServiceError.notFound("网站不存在") }
            try await Self.siteClashes(code: identity.code, domains: identity.domains, excluding: site.id, on: db).throwIfAny()
            let before = site
            site.identity = identity
            let changes = Self.describeChanges(before, site)
            try await SiteRecords.update(site, on: db)
            try await AuditRecords.append(
                actor.event(
                    "site.update", "site", site.id, siteID: site.id,
                    summary: "修改网站“\(site.name)”：\(changes.isEmpty ? "无变化" : changes)", requirement: "S2", at: now), on: db)
            return site
        }
    }

    /// Reads the site form; when it has errors, clashes of code and domains are reported
    /// with them, so the person sees every problem at once.
    func readSite(_ fields: [String: String], excluding siteID: String?) async throws -> SiteIdentity {
        do {
            let identity = try SiteIdentity.read(fields)
            // W4: a foreign-language version belongs to a Chinese site of the platform.
            if let original = identity.variantOf {
                let problem = try await database.read { db -> String? in
                    guard let site = try await SiteRecords.find(id: original, on: db) else { return "所选中文网站不存在" }
                    if site.id == siteID { return "网站不能是它自己的外文版" }
                    return site.identity.language == .chinese ? nil : "请选择中文网站，而不是另一个外文版"
                }
                if let problem { throw FieldErrors.single("variantOf", problem) }
            }
            return identity
        } catch var errors as FieldErrors {
            let code = (fields["code"] ?? "").trimmed.lowercased()
            let domains = SiteIdentity.parseDomains(fields["domains"] ?? "")
            let clashes = try await database.read { db in
                try await Self.siteClashes(code: code, domains: domains, excluding: siteID, on: db)
            }
            for p in clashes.problems where errors.message(for: p.field) == nil { errors.add(p.field, p.message) }
            throw errors
        }
    }

    /// S1, S2: a site code and domains belong to one site only.
    static func siteClashes(code: String, domains: [String], excluding siteID: String?, on db: any SQLDatabase) async throws -> FieldErrors {
        var errors = FieldErrors()
        if !code.isEmpty, let other = try await SiteRecords.find(code: code, on: db), other.id != siteID {
            errors.add("code", "网站代码“\(code)”已被“\(other.name)”使用")
        }
        let taken = try await SiteRecords.domainConflicts(domains, excluding: siteID, on: db)
        if !taken.isEmpty { errors.add("domains", "域名已被其他网站使用：\(taken.joined(separator: "、"))") }
        return errors
    }

    static func describeChanges(_ a: Site, _ b: Site) -> String {
        var parts: [String] = []
        func note(_ label: String, _ x: String, _ y: String) { if x != y { parts.append("\(label)由“\(x)”改为“\(y)”") } }
        note("网站代码", a.code, b.code); note("名称", a.name, b.name); note("主办单位", a.sponsor, b.sponsor)
        note("承办单位", a.organizer, b.organizer); note("网站标识码", a.siteIDCode, b.siteIDCode)
        note("ICP 备案号", a.icpFiling, b.icpFiling); note("公安机关备案号", a.publicSecurityFiling, b.publicSecurityFiling)
        note("域名", a.domains.joined(separator: ","), b.domains.joined(separator: ","))
        note("负责人", a.personInCharge, b.personInCharge); note("联系电话", a.contactPhone, b.contactPhone)
        note("电子邮箱", a.contactEmail, b.contactEmail); note("地址", a.address, b.address)
        note("语言", a.identity.language.label, b.identity.language.label)
        return parts.joined(separator: "；")
    }

    // MARK: Units and departments (O1, O4)

    /// Creates a unit (no parent) or a department inside a unit.
    public func createDepartment(name rawName: String, parentID: String?, siteID: String?, by actor: Actor) async throws -> Department {
        let name = try FormReader.requiredText(rawName, field: "name", label: "名称", maxLength: 50)
        let now = clock.now()
        return try await database.write { db in
            let all = try await DepartmentRecords.all(on: db)
            var errors = FieldErrors()
            if let parentID {
                guard let parent = all.first(where: { $0.id == parentID }) else { throw ServiceError.notFound("上级单位不存在") }
                if !parent.isUnit { errors.add("parentID", "处室只能设在单位之下") }
            }
            if all.contains(where: { $0.name == name && $0.parentID == parentID }) {
                errors.add("name", "已有同名的\(parentID == nil ? "单位" : "处室")")
            }
            if let siteID, try await SiteRecords.find(id: siteID, on: db) == nil { errors.add("siteID", "网站不存在") }
            try errors.throwIfAny()
            let department = Department(name: name, parentID: parentID, siteID: siteID, createdAt: now)
            try await DepartmentRecords.insert(department, on: db)
            try await AuditRecords.append(
                actor.event(
                    "department.create", "department", department.id, siteID: siteID,
                    summary: "新建\(parentID == nil ? "单位" : "处室")“\(name)”", requirement: "O4", at: now), on: db)
            return department
        }
    }

    /// Renames a unit or department (e.g. after an institutional reform); logged (O4).
    public func renameDepartment(id: String, to rawName: String, by actor: Actor) async throws -> Department {
        let name = try FormReader.requiredText(rawName, field: "name", label: "名称", maxLength: 50)
        let now = clock.now()
        return try await database.write { db in
            let all = try await DepartmentRecords.all(on: db)
            guard var department = all.first(where: { $0.id == id }) else { throw ServiceError.notFound("单位或处室不存在") }
            if all.contains(where: { $0.id != id && $0.name == name && $0.parentID == department.parentID }) {
                var e = FieldErrors(); e.add("name", "已有同名的\(department.isUnit ? "单位" : "处室")"); throw e
            }
            let old = department.name
            department.name = name
            try await DepartmentRecords.rename(id: id, to: name, on: db)
            try await AuditRecords.append(
                actor.event(
                    "department.rename", "department", id, siteID: department.siteID,
                    summary: "“\(old)”更名为“\(name)”", requirement: "O4", at: now), on: db)
            return department
        }
    }

    // MARK: Accounts (O4, O6)

    /// What creating an account produced: the account and its one-time initial password.
    public struct NewAccount: Sendable {
        public let account: Account
        public let initialPassword: String
    }

    /// Creates an account with an initial password that must be changed at first login (O6).
    /// A role may be granted at once; the creation is logged (O4).
    public func createAccount(
        username rawUsername: String, displayName rawName: String, departmentID: String?,
        initialPassword given: String? = nil, grant: (role: Role, siteID: String?, columnID: String?)? = nil,
        by actor: Actor
    ) async throws -> NewAccount {
        let username = rawUsername.trimmed.lowercased()
        let displayName = rawName.trimmed.isEmpty ? username : rawName.trimmed
        var errors = FieldErrors()
        if !Account.isValidUsername(username) {
            errors.add("username", "用户名为 3–32 位小写字母、数字或 . _ -，以字母开头")
        }
        if displayName.count > 50 { errors.add("displayName", "姓名不能超过 50 个字") }
        let password = given ?? PasswordHasher.makeInitialPassword()
        if given != nil {
            for p in policy.problems(newPassword: password, username: username, isSameAsCurrent: false) {
                errors.add("password", p)
            }
        }
        try errors.throwIfAny()
        let hash = try await hasher.hash(password)
        let now = clock.now()
        let account = try await database.write { db in
            if try await AccountRecords.find(username: username, on: db) != nil {
                var e = FieldErrors(); e.add("username", "用户名“\(username)”已存在"); throw e
            }
            if let departmentID, try await DepartmentRecords.find(id: departmentID, on: db) == nil {
                var e = FieldErrors(); e.add("departmentID", "所属单位或处室不存在"); throw e
            }
            let account = Account(
                username: username, displayName: displayName, departmentID: departmentID,
                passwordHash: hash, mustChangePassword: true, passwordChangedAt: now, createdAt: now)
            try await AccountRecords.insert(account, on: db)
            try await AuditRecords.append(
                actor.event(
                    "account.create", "account", account.id,
                    summary: "开通账号 \(username)（\(displayName)），发放初始密码", requirement: "O4", at: now), on: db)
            if let grant {
                try await Self.addGrant(
                    RoleGrant(
                        accountID: account.id, role: grant.role, siteID: grant.siteID,
                        columnID: grant.columnID), account: account, by: actor, at: now, on: db)
            }
            return account
        }
        return NewAccount(account: account, initialPassword: password)
    }

    /// Closes an account on the day the person leaves, with a reason (O4). Sessions end at once.
    public func closeAccount(id: String, reason rawReason: String, by actor: Actor) async throws -> Account {
        let reason = try FormReader.requiredText(rawReason, field: "reason", label: "注销原因", maxLength: 200)
        let now = clock.now()
        return try await database.write { db in
            guard var account = try await AccountRecords.find(id: id, on: db) else { throw ServiceError.notFound("账号不存在") }
            guard account.status == .active else { throw ServiceError.refused("账号已于此前注销") }
            if account.id == actor.accountID { throw ServiceError.refused("不能注销自己的账号") }
            account.status = .closed; account.closedAt = now; account.closedReason = reason
            try await AccountRecords.update(account, on: db)
            try await SessionRecords.deleteAll(accountID: account.id, on: db)
            try await AuditRecords.append(
                actor.event(
                    "account.close", "account", account.id,
                    summary: "注销账号 \(account.username)（\(account.displayName)），原因：\(reason)", requirement: "O4", at: now), on: db)
            return account
        }
    }

    /// I2: sets where the person's reminders are e-mailed ("" for none).
    public func setEmail(id: String, email text: String, by actor: Actor) async throws -> Account {
        guard let email = Account.readEmail(text) else { throw FieldErrors.single("email", "电子邮箱格式不正确，如 zhangsan@jiangyuan.gov.cn") }
        let now = clock.now()
        return try await database.write { db in
            guard var account = try await AccountRecords.find(id: id, on: db) else { throw ServiceError.notFound("账号不存在") }
            account.email = email
            try await AccountRecords.update(account, on: db)
            try await AuditRecords.append(
                actor.event(
                    "account.email", "account", account.id,
                    summary: email.isEmpty ? "清除账号 \(account.username) 的提醒邮箱" : "设置账号 \(account.username) 的提醒邮箱为 \(email)",
                    requirement: "I2", at: now), on: db)
            return account
        }
    }

    /// Issues a new initial password (O6): the old one stops working, sessions end, and
    /// the person must change it at next login. Every session of the account ends.
    public func resetPassword(id: String, by actor: Actor) async throws -> NewAccount {
        let password = PasswordHasher.makeInitialPassword()
        let hash = try await hasher.hash(password)
        let now = clock.now()
        let account = try await database.write { db in
            guard var account = try await AccountRecords.find(id: id, on: db) else { throw ServiceError.notFound("账号不存在") }
            guard account.status == .active else { throw ServiceError.refused("已注销的账号不能重置密码") }
            account.passwordHash = hash; account.mustChangePassword = true; account.passwordChangedAt = now
            account.failedLogins = 0
            try await AccountRecords.update(account, on: db)
            try await SessionRecords.deleteAll(accountID: account.id, on: db)
            try await AuditRecords.append(
                actor.event(
                    "account.reset", "account", account.id,
                    summary: "重置账号 \(account.username) 的密码，发放新的初始密码", requirement: "O6", at: now), on: db)
            return account
        }
        return NewAccount(account: account, initialPassword: password)
    }

    /// Changes the person's own password after checking the current one (O6).
    /// O6: changes one's own password. Every other session of the account ends (one opened with
    /// the old or the initial password elsewhere must not outlive it); `session` stays.
    public func changePassword(
        accountID: String, current: String, new: String, confirm: String, address: String,
        keepingSession session: String
    ) async throws {
        guard let account = try await database.read({ db in try await AccountRecords.find(id: accountID, on: db) }) else {
            throw ServiceError.notFound("账号不存在")
        }
        var errors = FieldErrors()
        if try await !hasher.verify(current, hash: account.passwordHash) { errors.add("current", "当前密码不正确") }
        if new != confirm { errors.add("confirm", "两次输入的新密码不一致") }
        for p in policy.problems(newPassword: new, username: account.username, isSameAsCurrent: new == current) {
            errors.add("new", p)
        }
        try errors.throwIfAny()
        let hash = try await hasher.hash(new)
        let now = clock.now()
        try await database.write { db in
            guard var fresh = try await AccountRecords.find(id: accountID, on: db) else { throw ServiceError.notFound("账号不存在") }
            fresh.passwordHash = hash; fresh.mustChangePassword = false; fresh.passwordChangedAt = now
            try await AccountRecords.update(fresh, on: db)
            try await SessionRecords.deleteAll(accountID: fresh.id, except: session, on: db)
            try await SessionRecords.restamp(tokenHash: session, at: now, on: db)
            try await AuditRecords.append(
                AuditEvent(
                    at: now, actorID: fresh.id, actorName: fresh.displayName,
                    action: "account.password", targetType: "account", targetID: fresh.id,
                    summary: "\(fresh.username) 修改了自己的密码，其他登录会话已全部结束", requirement: "O6", address: address), on: db)
        }
    }

    /// Grants a role at a scope (O2, O5).
    public func grantRole(accountID: String, role: Role, siteID: String?, columnID: String?, by actor: Actor) async throws {
        let now = clock.now()
        try await database.write { db in
            guard let account = try await AccountRecords.find(id: accountID, on: db) else { throw ServiceError.notFound("账号不存在") }
            guard account.status == .active else { throw ServiceError.refused("已注销的账号不能授权") }
            try await Self.addGrant(
                RoleGrant(accountID: accountID, role: role, siteID: siteID, columnID: columnID),
                account: account, by: actor, at: now, on: db)
        }
    }

    static func addGrant(_ grant: RoleGrant, account: Account, by actor: Actor, at now: Date, on db: any SQLDatabase) async throws {
        try grant.validate()
        var place = "全平台"
        if let siteID = grant.siteID {
            guard let site = try await SiteRecords.find(id: siteID, on: db) else { throw ServiceError.notFound("网站不存在") }
            place = site.name
            if let columnID = grant.columnID {
                guard let column = try await ColumnRecords.find(id: columnID, on: db), column.siteID == siteID else {
                    throw ServiceError.notFound("栏目不存在")
                }
                place += "／\(column.name)"
            }
        }
        let existing = try await AccountRecords.grants(of: account.id, on: db)
        if existing.contains(where: { $0.role == grant.role && $0.siteID == grant.siteID && $0.columnID == grant.columnID }) {
            throw ServiceError.conflict("该账号已有此授权")
        }
        try await AccountRecords.insertGrant(grant, at: now, on: db)
        try await AuditRecords.append(
            actor.event(
                "grant.add", "account", account.id, siteID: grant.siteID,
                summary: "授予 \(account.username)“\(grant.role.label)”角色（\(place)）", requirement: "O2", at: now), on: db)
    }

    /// Withdraws a grant (O5).
    public func revokeGrant(id: String, accountID: String, by actor: Actor) async throws {
        let now = clock.now()
        try await database.write { db in
            guard let account = try await AccountRecords.find(id: accountID, on: db) else { throw ServiceError.notFound("账号不存在") }
            guard let grant = try await AccountRecords.grants(of: accountID, on: db).first(where: { $0.id == id }) else {
                throw ServiceError.notFound("授权不存在")
            }
            if grant.role == .platformAdmin && account.id == actor.accountID {
                throw ServiceError.refused("不能撤销自己的平台管理员角色")
            }
            try await AccountRecords.deleteGrant(id: id, on: db)
            try await AuditRecords.append(
                actor.event(
                    "grant.remove", "account", account.id, siteID: grant.siteID,
                    summary: "撤销 \(account.username) 的“\(grant.role.label)”角色", requirement: "O5", at: now), on: db)
        }
    }

    // MARK: Login and sessions (O6)

    /// The result of a login attempt as the login page needs it. Known and unknown names get
    /// the same outcomes (O6: credentials are never probed through the login page).
    public enum LoginOutcome: Sendable, Equatable {
        case accepted(Account, mustChangePassword: Bool)
        /// Wrong name or password; never says which. `retryAt`: this name may be tried again from
        /// this address only then (the back-off began).
        case rejected(retryAt: Date?)
        /// Too many failures of this name from this address: not checked until `until`.
        case throttled(until: Date)
    }

    /// Checks a login. Failures are counted per username and address (`LoginBackoff`): they slow
    /// guessing from that address and never lock the account for anyone else.
    ///
    /// The attempt is counted *before* the password is checked, in a transaction that holds the
    /// count's row, so parallel tries cannot slip past the back-off; a success takes it back.
    /// Known and unknown names do the same work (the same statements, the same hash check, an
    /// audit event either way), so neither answers nor timing tell which names exist.
    public func login(username rawUsername: String, password: String, address: String) async throws -> LoginOutcome {
        let username = rawUsername.trimmed.lowercased()
        let now = clock.now()
        let key = LoginBackoffRecords.key(username: username, address: Self.addressKey(address))
        enum Reserved { case waiting(Date), counted(Account?, failures: Int) }
        let reserved: Reserved = try await database.write { db in
            try await LoginBackoffRecords.hold(key, on: db)
            let previous = try await LoginBackoffRecords.find(key, on: db)
            let account = try await AccountRecords.find(username: username, on: db)
            let counted = previous.map { backoff.counted($0.count, lastFailure: $0.last, now: now) } ?? 0
            if let previous, let until = backoff.nextAttempt(failures: counted, lastFailure: previous.last, now: now) {
                return .waiting(until)
            }
            try await LoginBackoffRecords.record(key, count: counted + 1, at: now, on: db)
            if counted == 0 { try await LoginBackoffRecords.prune(before: now.addingTimeInterval(-backoff.memory), on: db) }
            return .counted(account, failures: counted + 1)
        }
        let account: Account?, failures: Int
        switch reserved {
        case .waiting(let until): return .throttled(until: until)
        case .counted(let found, let counted): (account, failures) = (found, counted)
        }
        let matches: Bool
        if let account, account.status == .active {
            matches = try await hasher.verify(password, hash: account.passwordHash)
        } else {
            // Spend the same time as a real check so names cannot be probed by timing.
            _ = try? await hasher.verify(password, hash: Self.decoyHash)
            matches = false
        }
        let decision = account.map { LoginDecision.decide(account: $0, passwordMatches: matches, policy: policy, now: now) } ?? .rejected
        let retryAt = backoff.nextAttempt(failures: failures, lastFailure: now, now: now)
        return try await database.write { db in
            let fresh = try await AccountRecords.find(username: username, on: db)
            // The password checked must still be the account's: a change meanwhile wins.
            if case .accepted(let mustChange) = decision, let fresh, fresh.passwordHash == account?.passwordHash, fresh.status == .active {
                try await AccountRecords.setFailedLogins(0, username: username, on: db)
                try await LoginBackoffRecords.clear(key, on: db)
                try await AuditRecords.append(
                    AuditEvent(
                        at: now, actorID: fresh.id, actorName: fresh.displayName, action: "login.success",
                        targetType: "account", targetID: fresh.id, summary: "\(fresh.username) 登录", requirement: "O6", address: address), on: db)
                return .accepted(fresh, mustChangePassword: mustChange)
            }
            try await AccountRecords.countFailedLogin(username: username, on: db)
            let who = fresh.map { $0.status == .closed ? "已注销账号 \($0.username)" : $0.username } ?? "不存在的用户名“\(String(username.prefix(64)))”"
            let wait = retryAt.map { "，该地址须等待至 \(ChinaTime.minute($0)) 再试" } ?? ""
            try await AuditRecords.append(
                AuditEvent(
                    at: now, actorID: fresh?.id, actorName: fresh?.displayName ?? "（未知）",
                    action: "login.failure", targetType: "account", targetID: fresh?.id ?? "",
                    summary: "\(who) 在 \(address) 登录失败（该地址连续第 \(failures) 次\(wait)）", requirement: "O6", address: address), on: db)
            return .rejected(retryAt: retryAt)
        }
    }

    /// O6: opens a session for `account`, just signed in with the password checked at
    /// `checkedAt` (a session from before a password change is refused); returns the token for the
    /// cookie. Only its hash is stored.
    public func openSession(for account: Account, address: String, checkedAt: Date) async throws -> String {
        let token = RecordID.random(bytes: 32)
        let session = SessionRecord(
            tokenHash: Digest.hex(token), accountID: account.id, csrfToken: RecordID.random(bytes: 32),
            createdAt: checkedAt, expiresAt: checkedAt.addingTimeInterval(sessionLifetime), address: address)
        try await database.write { db in
            try await SessionRecords.purgeExpired(now: checkedAt, on: db)
            try await SessionRecords.insert(session, on: db)
        }
        return token
    }

    /// Signs a session out, with its event.
    public func endSession(tokenHash: String, by actor: Actor) async throws {
        let now = clock.now()
        try await database.write { db in
            try await SessionRecords.delete(tokenHash: tokenHash, on: db)
            try await AuditRecords.append(
                actor.event(
                    "logout", "account", actor.accountID ?? "", summary: "\(actor.name) 退出登录",
                    requirement: "O6", at: now), on: db)
        }
    }

    /// The part of a client address failures are counted by: the whole IPv4 address, or the
    /// /64 network of an IPv6 one (one subscriber holds a whole /64 and can rotate within it).
    public static func addressKey(_ address: String) -> String {
        var v6 = in6_addr()
        guard address.contains(":"), inet_pton(AF_INET6, address, &v6) == 1 else { return address }
        let bytes = withUnsafeBytes(of: v6) { Array($0.prefix(8)) }
        if bytes.prefix(8).allSatisfy({ $0 == 0 }) { return address }  // ::1, ::ffff:a.b.c.d
        return bytes.map { String(format: "%02x", $0) }.joined() + "::/64"
    }

    /// A valid bcrypt hash of a random string, for timing-equal rejections.
    static let decoyHash = "$2b$12$C6UzMDM.H6dfI/f/IKcEeO5j6dXz8B0sVnvYk6FaFpXWnF6dN7l2a"
}
