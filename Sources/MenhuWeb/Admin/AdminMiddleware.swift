import Foundation
import Hummingbird
import MenhuCore
import MenhuStore

// The admin console's guard, one middleware per job (DESIGN: how a request flows): the
// session, the forced password change, the form and its CSRF token (read once), and access
// from the endpoint table. Each answers in the console's own pages.

/// O6: the person behind the session cookie; without one, GETs go to the login page.
struct AdminSessionMiddleware: RouterMiddleware {
    typealias Context = MenhuRequestContext
    let env: WebEnvironment
    let layout: AdminLayout

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let signedIn = try await AdminSession.load(request, env: env) else {
            if request.method == .get || request.method == .head {
                let next = request.uri.path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? AdminURL.dashboard.path
                return Reply.redirect(AdminURL.login.path + "?next=\(next)")
            }
            return layout.message(nil, status: .unauthorized, title: "请先登录", text: "登录已失效，请重新登录后再提交。")
        }
        var context = context
        context.signedIn = signedIn
        return try await next(request, context)
    }
}

/// O6: an initial or expired password opens only the change form (and logging out).
struct PasswordChangeMiddleware: RouterMiddleware {
    typealias Context = AdminContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if context.signedIn.mustChangePassword && path != AdminURL.password.path && path != AdminURL.logout.path {
            return Reply.redirect(AdminURL.password.path)
        }
        return try await next(request, context)
    }
}

/// A POST's form (url-encoded or multipart with files), read once, and its CSRF token checked
/// against the session's before anything else looks at it.
struct AdminFormMiddleware: RouterMiddleware {
    typealias Context = AdminContext
    let layout: AdminLayout

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post else { return try await next(request, context) }
        var context = context
        let signedIn = context.signedIn
        if let boundary = Multipart.boundary(request.headers[.contentType] ?? "") {
            var request = request
            let body: ByteBuffer
            switch await BodyReader.collect(&request, upTo: Multipart.limit) {
            case .success(let collected): body = collected
            case .failure(.tooLarge):
                return layout.message(signedIn, status: .contentTooLarge, title: "文件过大", text: "上传的内容超过 20 MB。")
            case .failure(.malformed):
                return layout.message(signedIn, status: .badRequest, title: "无法读取上传内容", text: "上传的内容格式不正确，请重新上传。")
            }
            guard let parsed = Multipart.parse(Data(buffer: body), boundary: boundary) else {
                return layout.message(signedIn, status: .badRequest, title: "无法读取上传内容", text: "上传的表单格式不正确，请重新选择文件上传。")
            }
            (context.form, context.files) = parsed
        } else {
            context.form = try await FormBody.read(request)
        }
        guard let token = context.form["_csrf"], constantTimeEqual(token, signedIn.session.csrfToken) else {
            return layout.message(
                signedIn, status: .forbidden, title: "页面已过期",
                text: "表单校验码不正确，可能页面已过期。请返回刷新页面后重新提交。")
        }
        return try await next(request, context)
    }
}

/// O2, O5: the endpoint's access rule, checked for the person's grants on the path's site
/// (which must exist: 404 otherwise, before any handler runs).
struct AdminAccessMiddleware: RouterMiddleware {
    typealias Context = AdminContext
    let env: WebEnvironment
    let layout: AdminLayout
    let access: AdminAccess
    let hasSite: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let signedIn = context.signedIn
        if signedIn.grants.isEmpty && access != .signedIn {
            return layout.message(
                signedIn, status: .forbidden, title: "没有后台权限",
                text: "您的账号尚未被授予任何角色，不能使用后台功能。如需权限，请联系平台管理员。（依据 O5）")
        }
        var context = context
        if hasSite {
            let code = context.parameters.get("site") ?? ""
            let site =
                SiteIdentity.isValidCode(code)
                ? try await env.database.read { db in try await SiteRecords.find(code: code, on: db) } : nil
            guard let site else {
                return layout.message(signedIn, status: .notFound, title: "网站不存在", text: "找不到代码为“\(code)”的网站。")
            }
            context.site = site
        }
        guard access.allows(signedIn.grants, siteID: context.site?.id) else {
            return layout.message(
                signedIn, status: .forbidden, title: "没有权限",
                text: "您的角色没有这项操作的权限。后台每项操作都按角色授权检查。（依据 O2、O5）")
        }
        return try await next(request, context)
    }
}
