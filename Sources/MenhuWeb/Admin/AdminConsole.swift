import Foundation
import Hummingbird
import MenhuCore
import MenhuStore

/// The admin console at `/admin`: server-rendered, in Simplified Chinese.
public struct AdminConsole: Sendable {
    let env: WebEnvironment
    let layout: AdminLayout

    public init(env: WebEnvironment) {
        self.env = env
        // What a GET route allows is declared with the route and depends on nothing else, so the
        // table is read once from routes whose pages have no layout yet.
        let declared = Self.endpoints(env: env, layout: AdminLayout(renderer: env.renderer, access: [:]))
        var access: [String: AdminAccess] = [:]
        for e in declared where e.method == .get { access[e.path] = e.access }
        layout = AdminLayout(renderer: env.renderer, access: access)
    }

    /// Every guarded admin route, from every part of the console. The access-control
    /// matrix test reads this list.
    public var endpoints: [AdminEndpoint] { Self.endpoints(env: env, layout: layout) }

    static func endpoints(env: WebEnvironment, layout: AdminLayout) -> [AdminEndpoint] {
        HomePages(env: env, layout: layout).endpoints + PlatformPages(env: env, layout: layout).endpoints
            + AccountPages(env: env, layout: layout).endpoints + ColumnPages(env: env, layout: layout).endpoints
            + HealthPages(env: env, layout: layout).endpoints + SpotCheckPages(env: env, layout: layout).endpoints
            + InspectionPages(env: env, layout: layout).endpoints
            + LetterPages(env: env, layout: layout).endpoints
            + LetterPages(env: env, layout: layout).faqEndpoints
            + DisclosurePages(env: env, layout: layout).endpoints
            + SurveyPages(env: env, layout: layout).endpoints
            + InterviewPages(env: env, layout: layout).endpoints
            + YearReportPages(env: env, layout: layout).endpoints
            + ArticlePages(env: env, layout: layout).endpoints + InformationFlowPages(env: env, layout: layout).endpoints
            + FilePages(env: env, layout: layout).endpoints + DictionaryPages(env: env, layout: layout).endpoints
            + DesignPages(env: env, layout: layout).endpoints + CalendarPages(env: env, layout: layout).endpoints
    }

    func register(on router: Router<MenhuRequestContext>) {
        router.get(RouterPath(AdminURL.staticFile(.route).pattern)) { _, context in
            let file = context.parameters.get("file") ?? ""
            guard let data = env.renderer.staticFile(theme: "admin", file: file) else {
                return Reply.text("Not Found", contentType: "text/plain; charset=utf-8", status: .notFound)
            }
            return StaticFiles.response(data: data, fileName: file)
        }
        router.get(RouterPath(AdminURL.login.pattern)) { request, _ in loginPage(request, message: nil, username: "") }
        router.post(RouterPath(AdminURL.login.pattern)) { request, context in try await login(request, context) }
        let guarded = router.group().add(middleware: AdminSessionMiddleware(env: env, layout: layout))
            .group(context: AdminContext.self)
            .add(middleware: PasswordChangeMiddleware())
            .add(middleware: AdminFormMiddleware(layout: layout))
        for endpoint in endpoints {
            let hasSite = endpoint.path.contains(":site")
            guarded.group().add(middleware: AdminAccessMiddleware(env: env, layout: layout, access: endpoint.access, hasSite: hasSite))
                .on(RouterPath(endpoint.path), method: endpoint.method) { request, context in
                    try await run(endpoint, request, context)
                }
        }
    }

    /// Runs a guarded endpoint's handler; known errors answer in the console's layout
    /// (ErrorAnswer), anything else is a bug for the edge.
    func run(_ endpoint: AdminEndpoint, _ request: Request, _ context: AdminContext) async throws -> Response {
        do {
            return try await endpoint.handler(AdminRequest(request: request, context: context))
        } catch {
            guard let answer = ErrorAnswer.of(error), !(error is StoreError) else { throw error }
            return layout.message(context.signedIn, status: answer.status, title: answer.title, text: answer.text)
        }
    }

    // MARK: Login, logout, password (O6)

    func loginPage(_ request: Request, message: String?, username: String, status: HTTPResponse.Status = .ok) -> Response {
        let token = AdminSession.randomToken()
        let next = request.uri.queryParameters["next"].map(String.init) ?? ""
        let view = LoginView(
            csrf: token, username: username, next: safeNext(next), error: message,
            wrongCredentials: status == .unauthorized, demo: env.isDemo)
        var response = Reply.html(env.renderer.admin(.login, view), status: status)
        response.setCookie(
            AdminSession.cookie(
                AdminSession.loginCSRFCookie, token, maxAge: 3600,
                secure: AdminSession.secure(request, env: env)))
        return response
    }

    /// Only local admin paths are followed after login.
    func safeNext(_ next: String) -> String {
        let decoded = next.removingPercentEncoding ?? next
        guard decoded.hasPrefix("/admin"), !decoded.hasPrefix("//"), !decoded.contains("\\"),
            !decoded.contains("\n"), !decoded.contains("\r")
        else { return AdminURL.dashboard.path }
        return decoded
    }

    func login(_ request: Request, _ context: MenhuRequestContext) async throws -> Response {
        let form = try await FormBody.read(request)
        let username = (form["username"] ?? "").trimmed
        guard let cookie = request.cookies[AdminSession.loginCSRFCookie]?.value, let sent = form["_csrf"],
            constantTimeEqual(cookie, sent)
        else {
            return loginPage(request, message: "页面已过期，请重新登录。", username: username, status: .forbidden)
        }
        let password = form["password"] ?? ""
        let now = env.clock.now()
        guard !username.isEmpty, !password.isEmpty, username.count <= 64, password.count <= 200 else {
            return loginPage(request, message: "请输入用户名和密码。", username: username, status: .badRequest)
        }
        let address = PlatformService.addressKey(context.clientAddress)
        guard await env.loginThrottle.begin(address, now: now) else {
            return loginPage(request, message: "本网络地址登录失败次数过多，请 5 分钟后再试。", username: username, status: .tooManyRequests)
        }
        // Known and unknown names get the same answers; the wait applies to this name from this
        // address only, so nobody elsewhere can lock the person out (O6).
        let outcome: PlatformService.LoginOutcome
        do { outcome = try await env.service.login(username: username, password: password, address: context.clientAddress) } catch {
            await env.loginThrottle.end(address, failed: false, now: now)
            throw error
        }
        if case .accepted = outcome {
            await env.loginThrottle.end(address, failed: false, now: now)
        } else {
            await env.loginThrottle.end(address, failed: true, now: now)
        }
        switch outcome {
        case .rejected(let retryAt):
            let wait = retryAt.map { "请 \(LoginBackoff.describe(until: $0, now: now))后再试。" } ?? ""
            return loginPage(request, message: "用户名或密码不正确。" + wait, username: username, status: .unauthorized)
        case .throttled(let until):
            return loginPage(
                request,
                message: "此用户名在本网络地址登录失败次数较多，请 \(LoginBackoff.describe(until: until, now: now))后再试。"
                    + "忘记密码请联系网站管理员重置。", username: username, status: .tooManyRequests)
        case .accepted(let account, let mustChange):
            let token = try await env.service.openSession(for: account, address: context.clientAddress, checkedAt: now)
            let target = mustChange ? AdminURL.password.path : safeNext(form["next"] ?? AdminURL.dashboard.path)
            var response = Reply.redirect(target)
            let secure = AdminSession.secure(request, env: env)
            response.setCookie(AdminSession.cookie(AdminSession.cookie, token, maxAge: Int(env.service.sessionLifetime), secure: secure))
            response.setCookie(AdminSession.cookie(AdminSession.loginCSRFCookie, "", maxAge: 0, secure: secure))
            return response
        }
    }

}
