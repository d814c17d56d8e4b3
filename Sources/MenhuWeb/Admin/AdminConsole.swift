import Foundation
import Hummingbird
import MenhuCore
import MenhuStore

/// The admin console at `/admin`: server-rendered, in Simplified Chinese.
public struct AdminConsole: Sendable {
    let env: WebEnvironment

    public init(env: WebEnvironment) { self.env = env }

    /// Every guarded admin route, from every part of the console. The access-control
    /// matrix test reads this list.
    public var endpoints: [AdminEndpoint] {
        home + PlatformPages(env: env).endpoints + AccountPages(env: env).endpoints + ColumnPages(env: env).endpoints
            + ArticlePages(env: env).endpoints + InformationFlowPages(env: env).endpoints
            + FilePages(env: env).endpoints + DictionaryPages(env: env).endpoints + DesignPages(env: env).endpoints
            + CalendarPages(env: env).endpoints
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
        let guarded = router.group().add(middleware: AdminSessionMiddleware(console: self))
            .group(context: AdminContext.self)
            .add(middleware: PasswordChangeMiddleware())
            .add(middleware: AdminFormMiddleware(console: self))
        for endpoint in endpoints {
            let hasSite = endpoint.path.contains(":site")
            guarded.group().add(middleware: AdminAccessMiddleware(console: self, access: endpoint.access, hasSite: hasSite))
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
            return message(context.signedIn, status: answer.status, title: answer.title, text: answer.text)
        }
    }

    // MARK: Pages every signed-in person has

    var home: [AdminEndpoint] {
        [
            AdminEndpoint(.get, .dashboard, .signedIn) { r in try await dashboard(r) },
            AdminEndpoint(.get, .roles, .signedIn) { r in roles(r) },
            AdminEndpoint(.get, .basis, .signedIn) { r in basis(r) },
            AdminEndpoint(.get, .password, .signedIn) { r in passwordPage(r, errors: FieldErrors(), status: .ok) },
            AdminEndpoint(.post, .password, .signedIn) { r in try await changePassword(r) },
            AdminEndpoint(.post, .logout, .signedIn) { r in try await logout(r) },
        ]
    }

    func dashboard(_ r: AdminRequest) async throws -> Response {
        let grants = r.signedIn.grants
        let now = env.clock.now()
        let me = Participant(actor: r.actor, grants: grants)
        let (board, inbox) = try await env.database.read { db in
            (
                try await DashboardQuery.read(grants: grants, now: now, on: db),
                AccessPolicy.doesContentWork(grants) ? try await InboxQuery.read(for: me, now: now, publishing: env.publishing, on: db) : nil
            )
        }
        let links = ConsoleLinks(console: self, grants: grants)
        let codes = board.sites.byID().mapValues(\.code)
        let siteNames = board.sites.byID().mapValues(\.name)
        let passwordAge = Int(now.timeIntervalSince(r.signedIn.account.passwordChangedAt) / 86_400)
        let view = DashboardView(
            passwordDays: max(0, env.service.policy.expiryDays - passwordAge),
            roles: grants.map {
                .init(role: $0.role.label, scope: AccountPages.scope($0, siteNames: siteNames, columnNames: board.grantColumnNames))
            },
            emergencies: board.emergencies.map { w in
                .init(
                    title: w.workingTitle, reason: w.emergencyReason, url: AdminURL.article(site: codes[w.siteID] ?? "", id: w.id).path,
                    at: w.publishedAt.map(ChinaTime.minute) ?? "")
            },
            liveFindings: board.sites.compactMap { site in
                board.blockingFindings[site.id].map { .init(name: site.name, count: $0, url: AdminURL.liveFindings(site: site.code).path) }
            },
            siteLinks: board.sites.compactMap { DashboardView.SiteLinks(site: $0, links: links) },
            stats: board.totals,
            work: inbox.map { i in
                let returned = i.mine.filter(\.isReturned).count
                return .init(
                    waiting: i.waiting.count, returned: returned, drafts: i.mine.filter { $0.stage == .draft }.count - returned,
                    reposts: i.reposts.count, lateReposts: i.reposts.filter { $0.isLate(now: now) }.count)
            },
            timeliness: board.timeliness.map { t in
                .init(
                    site: siteNames[t.siteID] ?? "", total: t.total, late: t.late, hasLate: t.late > 0,
                    url: AdminURL.timeliness(site: codes[t.siteID] ?? "").path)
            },
            operations: board.operations.map(Self.operations))
        return page(r, .dashboard, title: "工作台", view)
    }

    /// The operator's part of the 工作台: background tasks by what people call them.
    static func operations(_ o: OperationsOverview) -> DashboardView.Operations {
        return DashboardView.Operations(
            unfinished: o.unfinished, failedThisWeek: o.failedThisWeek, scheduled: o.scheduled,
            tasks: o.tasks.map { t in
                let state: String =
                    switch t.state {
                    case .waiting: "排队中"
                    case .running: "进行中"
                    case .done: "已完成"
                    case .failed: "失败"
                    }
                return .init(
                    label: BackgroundTaskKind.label(t.kind), state: state, failed: t.state == .failed,
                    at: ChinaTime.minute(t.finishedAt ?? t.startedAt ?? t.requestedAt), result: t.result.nonEmpty)
            },
            feeds: o.failingFeeds.map { .init(name: $0.name, error: $0.lastError) })
    }

    /// 规则依据: every rule the console cites, with the regulation and article it comes from.
    func basis(_ r: AdminRequest) -> Response {
        let groups: [(String, String)] = [
            ("S", "网站"), ("O", "人员、角色与账号"), ("P", "信息发布"), ("F", "栏目更新"), ("I", "互动交流"),
            ("M", "监测与巡查"), ("A", "考核与报告"), ("X", "安全与运维"), ("W", "公众网站"),
        ]
        let view = BasisView(
            groups: groups.map { letter, name in
                BasisView.Group(
                    name: name,
                    rules: RuleBasis.all.filter { $0.id.hasPrefix(letter) }.map {
                        .init(id: $0.id, gist: $0.gist, sources: $0.sources.joined(separator: "；"))
                    })
            })
        return page(r, .basis, title: "规则依据", view)
    }

    func roles(_ r: AdminRequest) -> Response {
        let rows = RoleDefinition.all.map { d in
            RolesView.Row(
                label: d.label, summary: d.summary, scopes: d.scopes.map(\.label).joined(separator: "、"),
                permissions: Permission.allCases.filter(d.permissions.contains).map(\.label).joined(separator: "、"),
                basis: "依据 " + d.basis.joined(separator: "、"))
        }
        return page(r, .roles, title: "角色与权限", RolesView(rows: rows))
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

    func logout(_ r: AdminRequest) async throws -> Response {
        try await env.service.endSession(tokenHash: r.signedIn.session.tokenHash, by: r.actor)
        var response = Reply.redirect(AdminURL.login.path)
        response.setCookie(AdminSession.cookie(AdminSession.cookie, "", maxAge: 0, secure: AdminSession.secure(r.request, env: env)))
        return response
    }

    func passwordPage(_ r: AdminRequest, errors: FieldErrors, status: HTTPResponse.Status) -> Response {
        let view = PasswordView(
            forced: r.signedIn.mustChangePassword, initial: r.signedIn.account.mustChangePassword,
            minimumLength: env.service.policy.minimumLength, expiryDays: env.service.policy.expiryDays)
        return page(r, .password, title: "修改密码", view, form: FormState([:], errors), status: status)
    }

    func changePassword(_ r: AdminRequest) async throws -> Response {
        do {
            try await env.service.changePassword(
                accountID: r.signedIn.account.id, current: r.form["current"] ?? "",
                new: r.form["new"] ?? "", confirm: r.form["confirm"] ?? "",
                address: r.context.clientAddress, keepingSession: r.signedIn.session.tokenHash)
        } catch let errors as FieldErrors {
            return passwordPage(r, errors: errors, status: .unprocessableContent)
        }
        return Reply.redirect(AdminURL.dashboard.notice("password"))
    }

    // MARK: Rendering

    /// Renders an admin page inside the console layout: the page's view over the form being shown
    /// again (if any) over the frame.
    func page(
        _ r: AdminRequest, _ template: AdminTemplate, title: String, _ view: Any, form: FormState? = nil,
        scripts: [String] = [], status: HTTPResponse.Status = .ok
    ) -> Response {
        var frame = frame(r.signedIn, title: title, path: r.request.uri.path, site: r.site)
        frame.notice = r.request.uri.queryParameters["notice"].map(String.init).flatMap { Self.notices[$0] }
        frame.scripts = scripts
        let layers = form.map { Layers(view, $0, frame) } ?? Layers(view, frame)
        return Reply.html(env.renderer.admin(template, layers), status: status)
    }

    /// A page of one site's part of the console.
    func page(
        _ r: SiteAdminRequest, _ template: AdminTemplate, title: String, _ view: Any, form: FormState? = nil,
        scripts: [String] = [], status: HTTPResponse.Status = .ok
    ) -> Response {
        page(r.admin, template, title: title, view, form: form, scripts: scripts, status: status)
    }

    /// A message page (errors, refusals).
    func message(_ signedIn: SignedIn?, status: HTTPResponse.Status, title: String, text: String) -> Response {
        let frame =
            signedIn.map { self.frame($0, title: title) }
            ?? AdminFrame(pageTitle: title, csrf: nil, menu: [], siteMenuTitle: nil, siteMenu: [], user: nil)
        return Reply.html(env.renderer.admin(.message, Layers(MessageView(heading: title, text: text), frame)), status: status)
    }

    /// The console frame: the person, the CSRF token and the menu: only what their roles may open
    /// (the endpoint table decides, as it does for the request itself).
    func frame(_ s: SignedIn, title: String, path: String = "", site: Site? = nil) -> AdminFrame {
        let links = ConsoleLinks(console: self, grants: s.grants)
        var menu: [(String, AdminURL)] = [("工作台", .dashboard)]
        if !s.mustChangePassword {
            if AccessPolicy.doesContentWork(s.grants) { menu.append(("我的待办", .inbox)) }
            for (label, url): (String, AdminURL) in [
                ("网站管理", .sites), ("单位与处室", .departments), ("账号管理", .accounts), ("平台词库", .dictionary(site: nil)), ("工作日历", .calendar),
                ("操作日志", .audit), ("角色与权限", .roles), ("发布流程", .workflow), ("规则依据", .basis),
            ] where links.opens(url) {
                menu.append((label, url))
            }
        }
        menu.append(("修改密码", .password))
        var siteMenu: [(String, AdminURL)] = []
        if let site, !s.mustChangePassword {
            siteMenu = ConsoleLinks.siteMenu.map { ($0.label, $0.url(site.code)) }.filter { links.opens($0.1, site: site) }
        }
        let current = (menu + siteMenu).map(\.1.path).filter { $0 == path || ($0 != AdminURL.dashboard.path && path.hasPrefix($0 + "/")) }
            .max { $0.count < $1.count }
        let link = { (item: (String, AdminURL)) in
            AdminFrame.MenuLink(label: item.0, url: item.1.path, current: item.1.path == current)
        }
        return AdminFrame(
            pageTitle: title, csrf: s.session.csrfToken, menu: menu.map(link), siteMenuTitle: site?.name,
            siteMenu: siteMenu.map(link), user: .init(name: s.account.displayName, username: s.account.username))
    }

    static let notices: [String: String] = [
        "password": "密码已修改。", "site-created": "网站已创建。", "site-saved": "网站信息已保存。",
        "department-created": "已新建。", "department-renamed": "已更名。", "account-closed": "账号已注销，其登录会话已全部失效。",
        "grant-added": "已授权。", "grant-removed": "已撤销授权。", "column-created": "栏目已创建。",
        "column-saved": "栏目已保存。", "column-archived": "栏目已归档，页面保留并标注“已归档”。",
        "column-restored": "栏目已恢复更新。",
        "block-saved": "首页区块已保存，首页随即更新。", "block-removed": "首页区块已删除。", "block-moved": "已调整顺序。",
        "theme-draft": "已保存为草稿，请预览后发布；公众看到的页面尚未改变。", "theme-published": "主题已发布，全站页面随即更新。",
        "theme-discarded": "已放弃草稿。", "direct-links-saved": "已保存，本站页面随即更新。",
        "article-saved": "稿件已保存为新版本。", "article-submit": "已提交审核。", "article-approve": "已通过，转入下一环节。",
        "article-live": "已发布，网站上立即可见。", "article-sendBack": "已退回修改，理由已告知撰稿人。",
        "article-cancelSchedule": "已撤销定时发布，稿件退回草稿。", "article-emergencyPublish": "已紧急发布，待另一位审核人员完成事后审核。",
        "article-confirmEmergency": "已完成事后审核。", "article-withdraw": "已撤稿，原网址返回“信息已撤下”（410）。",
        "article-archive": "已归档，页面保留并标注“已归档”。", "article-overrideGate": "已放行，理由已记录；本版本修改后须重新放行。",
        "file-uploaded": "已上传。", "dictionary-added": "已添加，立即生效。", "dictionary-exists": "词库中已有这个词。",
        "dictionary-removed": "已删除。", "dictionary-imported": "已导入。", "recheck-requested": "已安排复查，后台完成后本页结果随之更新。", "push-revoked": "令牌已停用，该系统不能再推送。",
        "submission-sent": "已报送办公室。",
        "submission-adopted": "已采用，报送内容已转为稿件，进入所选信息员的“我的待办”，由其编辑后提交审核。", "submission-declined": "已退回报送处室。",
        "calendar-notice": "放假通知已录入，本年的期限按它计算。", "working-hours": "工作时间已保存。",
        "repost-added": "已登记转载任务，请在 12 小时内完成。", "feed-added": "已登记订阅来源。", "repost-dismissed": "已标记为无需转载。",
    ]
}
