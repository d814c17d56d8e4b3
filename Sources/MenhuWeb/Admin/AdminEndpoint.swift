import Foundation
import HTTPTypes
import Hummingbird
import MenhuCore
import MenhuStore

/// Who may call an admin route. O2, O5: checked on every route, from the role definitions.
public enum AdminAccess: Sendable, Equatable {
    /// Anyone signed in (their own password, the dashboard).
    case signedIn
    /// A platform-wide permission.
    case platform(Permission)
    /// A permission on the site named in the path.
    case site(Permission)
    /// A permission held anywhere; the page shows only what it covers.
    case anywhere(Permission)
    /// One of these permissions held anywhere; the page shows only what each covers.
    case anyOf([Permission])
    /// One of these permissions on the site in the path or on one of its columns; the
    /// page and the service check the column.
    case withinSite([Permission])

    /// Whether `grants` pass this check for `siteID` (the path's site, if any).
    public func allows(_ grants: [RoleGrant], siteID: String?) -> Bool {
        switch self {
        case .signedIn: return true
        case .platform(let p): return AccessPolicy.allows(grants, p, on: .platform)
        case .site(let p): return siteID.map { AccessPolicy.allows(grants, p, on: .site($0)) } ?? false
        case .anywhere(let p): return AccessPolicy.allows(grants, p, on: .anywhere)
        case .anyOf(let ps): return ps.contains { AccessPolicy.allows(grants, $0, on: .anywhere) }
        case .withinSite(let ps):
            return siteID.map { id in ps.contains { AccessPolicy.holdsWithin(grants, $0, site: id) } } ?? false
        }
    }
}

/// What a guarded handler receives: the request and its admin context (the signed-in person,
/// the checked form, the path's site).
struct AdminRequest: Sendable {
    let request: Request
    let context: AdminContext

    var signedIn: SignedIn { context.signedIn }
    /// The site named in the path, if the route has one (found and access-checked already).
    var site: Site? { context.site }
    /// The submitted form on POST routes (CSRF already checked).
    var form: [String: String] { context.form }
    /// Files of a `multipart/form-data` POST.
    var files: [UploadedFile] { context.files }

    var actor: Actor { signedIn.actor(context.clientAddress) }
    func parameter(_ name: String) -> String { context.parameters.get(name) ?? "" }
}

/// What a handler of a route under `/admin/sites/:site` receives: the site is never absent (the
/// access middleware answered 404 before the handler otherwise). Everything else as `AdminRequest`.
@dynamicMemberLookup
struct SiteAdminRequest: Sendable {
    let admin: AdminRequest
    let site: Site

    subscript<T>(dynamicMember path: KeyPath<AdminRequest, T>) -> T { admin[keyPath: path] }
    func parameter(_ name: String) -> String { admin.parameter(name) }
}

/// One admin route: method, path, who may call it, and the handler.
public struct AdminEndpoint: Sendable {
    public let method: HTTPRequest.Method
    let url: AdminURL
    /// The route: the path with `:site`, `:id`, `:grant` placeholders.
    public var path: String { url.pattern }
    public let access: AdminAccess
    let handler: @Sendable (AdminRequest) async throws -> Response

    init(
        _ method: HTTPRequest.Method, _ url: AdminURL, _ access: AdminAccess,
        _ handler: @escaping @Sendable (AdminRequest) async throws -> Response
    ) {
        self.method = method; self.url = url; self.access = access; self.handler = handler
    }

    /// A route of one site (`:site` in the path): its handler gets the site, never optional.
    static func site(
        _ method: HTTPRequest.Method, _ url: AdminURL, _ access: AdminAccess,
        _ handler: @escaping @Sendable (SiteAdminRequest) async throws -> Response
    ) -> AdminEndpoint {
        precondition(url.pattern.contains(":site"), "a site route names :site in its path")
        return AdminEndpoint(method, url, access) { r in
            // The access middleware found the site before any handler runs.
            guard let site = r.site else { throw ServiceError.notFound("网站不存在") }
            return try await handler(SiteAdminRequest(admin: r, site: site))
        }
    }
}

/// Cookie names and session handling of the admin console.
enum AdminSession {
    static let cookie = "menhu_session"
    static let loginCSRFCookie = "menhu_login"

    /// SHA-256 of a session token, as stored.
    static func hash(_ token: String) -> String {
        Digest.hex(token)
    }

    /// 32 random bytes, in hex (the login form's CSRF token; sessions are opened by PlatformService).
    static func randomToken() -> String { RecordID.random(bytes: 32) }

    /// Whether cookies must be `Secure` for this request.
    static func secure(_ request: Request, env: WebEnvironment) -> Bool {
        env.secureCookies || request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased() == "https"
    }

    static func cookie(_ name: String, _ value: String, maxAge: Int?, secure: Bool) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/admin", secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// The signed-in person for a request, or nil.
    static func load(_ request: Request, env: WebEnvironment) async throws -> SignedIn? {
        guard let token = request.cookies[cookie]?.value, token.count >= 20, token.count <= 100 else { return nil }
        let now = env.clock.now()
        return try await env.database.read { db in
            guard let session = try await SessionRecords.find(tokenHash: hash(token), now: now, on: db),
                let account = try await AccountRecords.find(id: session.accountID, on: db),
                account.status == .active,
                // O6: a session opened before the password last changed ends with it (also one whose
                // login checked the old password while the change was being made).
                session.createdAt >= account.passwordChangedAt
            else { return nil }
            let grants = try await AccountRecords.grants(of: account.id, on: db)
            let mustChange =
                account.mustChangePassword
                || env.service.policy.isExpired(changedAt: account.passwordChangedAt, now: now)
            return SignedIn(account: account, grants: grants, session: session, mustChangePassword: mustChange)
        }
    }
}
