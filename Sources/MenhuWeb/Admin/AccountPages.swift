import Foundation
import Hummingbird
import MenhuCore
import MenhuStore
import SQLKit

/// Accounts: create with an initial password, close with a reason, reset, grant roles. O2, O4, O6.
struct AccountPages: Sendable {
    let env: WebEnvironment
    let layout: AdminLayout

    var endpoints: [AdminEndpoint] {
        [
            AdminEndpoint(.get, .accounts, .platform(.manageAccounts)) { r in try await list(r) },
            AdminEndpoint(.get, .newAccount, .platform(.manageAccounts)) { r in
                try await newForm(r, values: [:], errors: FieldErrors(), status: .ok)
            },
            AdminEndpoint(.post, .accounts, .platform(.manageAccounts)) { r in try await create(r) },
            AdminEndpoint(.get, .account(.route), .platform(.manageAccounts)) { r in
                try await show(r, errors: FieldErrors(), status: .ok)
            },
            AdminEndpoint(.post, .closeAccount(.route), .platform(.manageAccounts)) { r in try await close(r) },
            AdminEndpoint(.post, .resetPassword(.route), .platform(.manageAccounts)) { r in try await reset(r) },
            AdminEndpoint(.post, .accountEmail(.route), .platform(.manageAccounts)) { r in try await setEmail(r) },
            AdminEndpoint(.post, .grants(account: .route), .platform(.manageAccounts)) { r in try await grant(r) },
            AdminEndpoint(.post, .revokeGrant(account: .route, grant: .route), .platform(.manageAccounts)) { r in
                try await env.service.revokeGrant(id: r.parameter("grant"), accountID: r.parameter("id"), by: r.actor)
                return Reply.redirect(AdminURL.account(r.parameter("id")).notice("grant-removed"))
            },
        ]
    }

    func list(_ r: AdminRequest) async throws -> Response {
        let list = try await env.database.read { db in try await AccountQuery.list(on: db) }
        let (accounts, grants, departments, sites, columnNames) = (list.accounts, list.grants, list.departments, list.sites, list.columnNames)
        let byID = departments.byID()
        let siteNames = sites.byID().mapValues(\.name)
        let rows = accounts.map { a in
            let roles = grants.filter { $0.accountID == a.id }.map { g in
                "\(g.role.label)（\(Self.scope(g, siteNames: siteNames, columnNames: columnNames))）"
            }
            return AccountsView.Row(
                id: a.id, username: a.username, name: a.displayName,
                department: a.departmentID.flatMap { byID[$0]?.fullName(among: byID) } ?? "",
                roles: roles.joined(separator: "、"), status: a.status.label, closed: a.status == .closed,
                failures: a.status == .active && a.failedLogins > 0 ? a.failedLogins : nil,
                mustChange: a.mustChangePassword && a.status == .active)
        }
        return layout.page(r, .accounts, title: "账号管理", AccountsView(rows: rows))
    }

    /// Options for the department, role and site selects.
    func choices(_ values: [String: String]) async throws -> AccountChoices {
        let (departments, sites) = try await env.database.read { db in
            (try await DepartmentRecords.all(on: db), try await SiteRecords.all(on: db))
        }
        let byID = departments.byID()
        return AccountChoices(
            departments: departments.map { d in .init(id: d.id, name: d.fullName(among: byID), selected: values["departmentID"] == d.id) },
            roles: RoleDefinition.all.map { .init(value: $0.role.rawValue, label: $0.label, selected: values["role"] == $0.role.rawValue) },
            sites: sites.map { .init(code: $0.code, name: $0.name, selected: values["site"] == $0.code) })
    }

    func newForm(_ r: AdminRequest, values: [String: String], errors: FieldErrors, status: HTTPResponse.Status) async throws -> Response {
        layout.page(r, .accountNew, title: "开通账号", try await choices(values), form: FormState(values, errors), status: status)
    }

    /// Reads the role and scope fields; a site is needed for site-scoped roles.
    func readGrant(_ form: [String: String]) async throws -> (role: Role, siteID: String?, columnID: String?)? {
        let roleText = (form["role"] ?? "").trimmed
        if roleText.isEmpty { return nil }
        var errors = FieldErrors()
        guard let role = Role(rawValue: roleText) else { errors.add("role", "角色不存在"); throw errors }
        let code = (form["site"] ?? "").trimmed
        var siteID: String? = nil
        if !code.isEmpty {
            guard let site = try await env.database.read({ db in try await SiteRecords.find(code: code, on: db) }) else {
                errors.add("site", "网站不存在"); throw errors
            }
            siteID = site.id
        }
        let slug = (form["column"] ?? "").trimmed.lowercased()
        var columnID: String? = nil
        if !slug.isEmpty {
            guard let siteID else { errors.add("column", "按栏目授权须先选择网站"); throw errors }
            guard let column = try await env.database.read({ db in try await ColumnRecords.find(siteID: siteID, slug: slug, on: db) }) else {
                errors.add("column", "该网站没有路径为“\(slug)”的栏目"); throw errors
            }
            columnID = column.id
        }
        let grant = RoleGrant(accountID: "", role: role, siteID: siteID, columnID: columnID)
        do { try grant.validate() } catch let e as FieldErrors {
            for p in e.problems { errors.add(columnID == nil ? "site" : "column", p.message) }
            throw errors
        }
        return (role, siteID, columnID)
    }

    func create(_ r: AdminRequest) async throws -> Response {
        do {
            let grant = try await readGrant(r.form)
            let department = (r.form["departmentID"] ?? "").trimmed
            let made = try await env.service.createAccount(
                username: r.form["username"] ?? "", displayName: r.form["displayName"] ?? "",
                departmentID: department.isEmpty ? nil : department, initialPassword: nil,
                grant: grant.map { ($0.role, $0.siteID, $0.columnID) }, by: r.actor)
            return issued(r, made, created: true)
        } catch let errors as FieldErrors {
            return try await newForm(r, values: r.form, errors: errors, status: .unprocessableContent)
        }
    }

    /// O6: the initial password is shown once, here, and never again.
    func issued(_ r: AdminRequest, _ made: PlatformService.NewAccount, created: Bool) -> Response {
        layout.page(
            r, .passwordIssued, title: created ? "账号已开通" : "密码已重置",
            PasswordIssuedView(
                created: created, username: made.account.username, name: made.account.displayName,
                password: made.initialPassword, id: made.account.id))
    }

    func show(_ r: AdminRequest, errors: FieldErrors, status: HTTPResponse.Status) async throws -> Response {
        let id = r.parameter("id")
        guard let found = try await env.database.read({ db in try await AccountQuery.detail(id: id, on: db) }) else {
            throw ServiceError.notFound("账号不存在")
        }
        let (account, grants, sites, departments, events, columnNames) =
            (found.account, found.grants, found.sites, found.departments, found.history, found.columnNames)
        let siteNames = sites.byID().mapValues(\.name)
        let names = departments.byID()
        let view = AccountView(
            account: .init(
                id: account.id, username: account.username, name: account.displayName,
                department: account.departmentID.flatMap { names[$0]?.fullName(among: names) } ?? "",
                status: account.status.label, active: account.status == .active,
                createdAt: ChinaTime.minute(account.createdAt), passwordChangedAt: ChinaTime.minute(account.passwordChangedAt),
                closedAt: account.closedAt.map(ChinaTime.minute) ?? "", closedReason: account.closedReason ?? "",
                // A closed account has no password left to change.
                mustChange: account.mustChangePassword && account.status == .active,
                failures: account.status == .active && account.failedLogins > 0 ? account.failedLogins : nil,
                email: r.form["email"] ?? account.email),
            grants: grants.map { g in .init(id: g.id, role: g.role.label, scope: Self.scope(g, siteNames: siteNames, columnNames: columnNames)) },
            history: events.map { .init(at: ChinaTime.second($0.at), actor: $0.actorName, summary: $0.summary, address: $0.address) })
        return layout.page(
            r, .account, title: "账号：\(account.username)", Layers(view, try await choices(r.form)),
            form: FormState(r.form, errors), status: status)
    }

    /// Where a grant applies, for people: 全平台, a site, or site／column.
    static func scope(_ g: RoleGrant, siteNames: [String: String], columnNames: [String: String]) -> String {
        (g.siteID.flatMap { siteNames[$0] } ?? "全平台") + (g.columnID.flatMap { columnNames[$0] }.map { "／\($0)" } ?? "")
    }

    /// I2: where the person's reminders are e-mailed.
    func setEmail(_ r: AdminRequest) async throws -> Response {
        do {
            _ = try await env.service.setEmail(id: r.parameter("id"), email: r.form["email"] ?? "", by: r.actor)
            return Reply.redirect(AdminURL.account(r.parameter("id")).notice("email-saved"))
        } catch let errors as FieldErrors {
            return try await show(r, errors: errors, status: .unprocessableContent)
        }
    }

    func close(_ r: AdminRequest) async throws -> Response {
        do {
            _ = try await env.service.closeAccount(id: r.parameter("id"), reason: r.form["reason"] ?? "", by: r.actor)
            return Reply.redirect(AdminURL.account(r.parameter("id")).notice("account-closed"))
        } catch let errors as FieldErrors {
            return try await show(r, errors: errors, status: .unprocessableContent)
        }
    }

    func reset(_ r: AdminRequest) async throws -> Response {
        let made = try await env.service.resetPassword(id: r.parameter("id"), by: r.actor)
        return issued(r, made, created: false)
    }

    func grant(_ r: AdminRequest) async throws -> Response {
        do {
            guard let grant = try await readGrant(r.form) else {
                var e = FieldErrors(); e.add("role", "请选择角色"); throw e
            }
            try await env.service.grantRole(
                accountID: r.parameter("id"), role: grant.role, siteID: grant.siteID,
                columnID: grant.columnID, by: r.actor)
            return Reply.redirect(AdminURL.account(r.parameter("id")).notice("grant-added"))
        } catch let errors as FieldErrors {
            return try await show(r, errors: errors, status: .unprocessableContent)
        }
    }
}

/// accounts.mustache: every account.
struct AccountsView {
    struct Row {
        let id: String, username: String, name: String, department: String, roles: String, status: String
        let closed: Bool
        /// Failed logins since the last one that worked, when there were any.
        let failures: Int?
        let mustChange: Bool
    }
    let rows: [Row]
}

/// The department, role and site selects of the account forms.
struct AccountChoices {
    struct Department { let id: String, name: String, selected: Bool }
    struct SiteChoice { let code: String, name: String, selected: Bool }
    let departments: [Department]
    let roles: [Choice]
    let sites: [SiteChoice]
}

/// account.mustache: one account with its grants and history.
struct AccountView {
    struct Facts {
        let id: String, username: String, name: String, department: String, status: String, active: Bool
        let createdAt: String, passwordChangedAt: String, closedAt: String, closedReason: String
        let mustChange: Bool
        let failures: Int?
        /// I2: where reminders are e-mailed.
        let email: String
    }
    struct Grant { let id: String, role: String, scope: String }
    struct Change { let at: String, actor: String, summary: String, address: String }
    let account: Facts
    let grants: [Grant]
    let history: [Change]
}

/// password-issued.mustache: O6, an initial password shown once.
struct PasswordIssuedView { let created: Bool, username: String, name: String, password: String, id: String }
