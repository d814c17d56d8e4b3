import Hummingbird
import MenhuCore
import MenhuStore
import NIOCore

/// The logged-in person behind an admin request.
public struct SignedIn: Sendable {
    public let account: Account
    public let grants: [RoleGrant]
    public let session: SessionRecord
    /// O6: initial or expired password: only the change form is open.
    public let mustChangePassword: Bool

    /// The actor recorded on changes this person makes.
    func actor(_ address: String) -> Actor {
        Actor(accountID: account.id, name: "\(account.displayName)（\(account.username)）", address: address)
    }
}

/// Per-request state: the client's address and, on admin routes, who is signed in.
public struct MenhuRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// Set by the admin guard once the session is checked.
    public var signedIn: SignedIn?
    /// The client's address as reported by a trusted reverse proxy (X-Forwarded-For).
    public var forwardedAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        signedIn = nil
        forwardedAddress = nil
    }

    /// The address recorded in the audit log and used for login throttling.
    public var clientAddress: String {
        forwardedAddress ?? remoteAddress?.ipAddress ?? "unknown"
    }
}

/// The context of every guarded admin route: the signed-in person is never absent (the session
/// middleware answers before a route is reached otherwise), and the form is read and its CSRF
/// token checked once, before the handler.
public struct AdminContext: ChildRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    public let forwardedAddress: String?
    public let signedIn: SignedIn
    /// The submitted form on POST routes (CSRF already checked).
    public var form: [String: String] = [:]
    /// Files of a `multipart/form-data` POST.
    var files: [UploadedFile] = []
    /// The site named in the path (`:site`), once the access middleware has found it.
    public var site: Site?

    public init(context: MenhuRequestContext) throws {
        guard let signedIn = context.signedIn else { throw HTTPError(.unauthorized, message: "请先登录") }
        coreContext = context.coreContext
        remoteAddress = context.remoteAddress
        forwardedAddress = context.forwardedAddress
        self.signedIn = signedIn
    }

    /// The address recorded in the audit log.
    public var clientAddress: String { forwardedAddress ?? remoteAddress?.ipAddress ?? "unknown" }
}
