import Foundation
import HTTPTypes
import Hummingbird

/// Security headers on every response: a strict Content-Security-Policy (no inline
/// scripts), no framing, no MIME sniffing, a conservative referrer policy.
enum SecurityHeaders {
    static let policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
        + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
}

struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var policy: String { SecurityHeaders.policy }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = Self.policy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "strict-origin-when-cross-origin"
        response.headers[HTTPField.Name("Permissions-Policy")!] = "camera=(), microphone=(), geolocation=()"
        return response
    }
}

/// Behind nginx or another reverse proxy every connection comes from the proxy: when it
/// is one of `trusted`, the client is the nearest untrusted address in X-Forwarded-For.
struct ForwardedForMiddleware: RouterMiddleware {
    typealias Context = MenhuRequestContext
    let trusted: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !trusted.isEmpty, let peer = context.remoteAddress?.ipAddress, trusted.contains(peer),
            let header = request.headers[HTTPField.Name("X-Forwarded-For")!]
        else {
            return try await next(request, context)
        }
        let hops = header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var context = context
        if let client = hops.reversed().first(where: { !trusted.contains($0) }), client.count <= 45,
            client.allSatisfy({ $0.isHexDigit || $0 == "." || $0 == ":" })
        {
            context.forwardedAddress = client
        }
        return try await next(request, context)
    }
}
