import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import MenhuCore
import MenhuStore
import Prometheus
import ServiceLifecycle

/// Builds the Hummingbird application: public sites, the admin console, health and metrics.
public enum MenhuApplication {
    /// The router with every route and middleware.
    public static func router(env: WebEnvironment, metrics: PrometheusCollectorRegistry? = nil) -> Router<MenhuRequestContext> {
        // Every page answers HEAD as its GET would, without the body (link checkers ask with HEAD).
        let router = Router(context: MenhuRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: PageCacheMiddleware(cache: env.pageCache))
        router.add(middleware: ErrorPagesMiddleware(logger: env.logger))
        router.add(middleware: ForwardedForMiddleware(trusted: env.trustedProxies))
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: PageCacheSyncMiddleware(cache: env.pageCache, database: env.database, logger: env.logger))

        router.get("/healthz") { _, _ in
            await env.database.isReachable()
                ? Reply.text("ok\n", contentType: "text/plain; charset=utf-8")
                : Reply.text("database unreachable\n", contentType: "text/plain; charset=utf-8", status: .serviceUnavailable)
        }
        if let metrics {
            // X1: the figures are for the operators' Prometheus: loopback, or the bearer token.
            router.get("/metrics") { request, context in
                guard MetricsAccess.allows(request, peer: context.remoteAddress?.ipAddress, token: env.metricsToken) else {
                    return Reply.text("Forbidden\n", contentType: "text/plain; charset=utf-8", status: .forbidden)
                }
                return Reply.text(metrics.emitToString(), contentType: "text/plain; version=0.0.4; charset=utf-8")
            }
        }
        PushAPI(env: env).register(on: router)
        FilePages.register(on: router, env: env)
        AdminConsole(env: env).register(on: router)
        PublicSite(env: env).register(on: router)
        return router
    }

    static let serverName = "Menhu"

    /// Who may read `/metrics`.
    enum MetricsAccess {
        /// A client on this machine that no proxy forwarded, or anyone with the configured token.
        static func allows(_ request: Request, peer: String?, token: String?) -> Bool {
            if let token, !token.isEmpty, let sent = request.headers[.authorization], sent.hasPrefix("Bearer "),
                constantTimeEqual(String(sent.dropFirst(7)), token)
            {
                return true
            }
            guard let peer, peer == "::1" || peer.hasPrefix("127.") || peer.hasPrefix("::ffff:127.") else { return false }
            return request.headers[HTTPField.Name("X-Forwarded-For")!] == nil && request.headers[HTTPField.Name("Forwarded")!] == nil
                && request.headers[HTTPField.Name(UntrustedForwarding.marker)!] == nil
        }
    }

    /// HTTP/1.1, with kept pages answered on the connection (PageCacheChannelHandler) and the
    /// header and idle timeouts watched on every connection.
    public static func server(env: WebEnvironment) -> HTTPServerBuilder {
        let cache = env.pageCache
        let timeouts = env.connectionTimeouts, trusted = env.trustedProxies
        return HTTPServerBuilder { responder in
            MenhuHTTP1Channel(responder: responder, timeouts: timeouts, trustedProxies: trusted) {
                [PageCacheChannelHandler(cache: cache, serverName: serverName)]
            }
        }
    }

    /// The application listening on `host:port`.
    /// The application, running `services` (scheduled jobs) beside the HTTP server and
    /// stopping them gracefully with it.
    public static func build(
        env: WebEnvironment, host: String, port: Int, metrics: PrometheusCollectorRegistry? = nil,
        services: [any Service] = []
    ) -> some ApplicationProtocol {
        var app = Application(
            router: router(env: env, metrics: metrics), server: server(env: env),
            configuration: .init(address: .hostname(host, port: port), serverName: serverName),
            logger: env.logger)
        app.addServices(services)
        return app
    }
}

/// Turns errors into pages: 4xx with a Chinese message; anything unexpected is logged
/// and answered with a plain 500 page (a 500 is a bug).
/// After a request that may have changed something (not GET or HEAD), applies the recorded
/// page changes to this instance's cache at once, so the person who published sees the page;
/// other instances follow within half a second (PageCacheSync).
struct PageCacheSyncMiddleware<Context: RequestContext>: RouterMiddleware {
    let cache: PageCache
    let database: Database
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let response = try await next(request, context)
        if request.method != .get && request.method != .head {
            do { try await cache.sync(database) } catch { logger.error("页面缓存同步失败：\(error)") }
        }
        return response
    }
}

/// The edge of the public side and the API: every error leaves through `ErrorAnswer` — JSON under
/// `/api/` (the push API never answers HTML), a plain Chinese page elsewhere. Unexpected errors are
/// logged and answered 500 (a 500 is a bug); a database that cannot be reached is logged too.
struct ErrorPagesMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let answer: ErrorAnswer
            if let known = ErrorAnswer.of(error) {
                answer = known
                if error is StoreError { logger.error("store: \(error)") }
            } else {
                logger.error("unexpected error on \(request.method) \(request.uri.path): \(error)")
                answer = .unexpected
            }
            if request.uri.path.hasPrefix("/api/") { return answer.json }
            return Reply.html(Self.page(title: answer.title, text: answer.text), status: answer.status)
        }
    }

    static func page(title: String, text: String) -> String {
        """
        <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTMLText.escape(title))</title></head><body><main><h1>\(HTMLText.escape(title))</h1>
        <p>\(HTMLText.escape(text))</p><p><a href="/">返回首页</a></p></main></body></html>
        """
    }
}
