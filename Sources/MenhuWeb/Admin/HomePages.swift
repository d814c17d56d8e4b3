import Foundation
import Hummingbird
import MenhuCore
import MenhuStore

/// The pages every signed-in person has: 工作台, 角色与权限, 规则依据, 修改密码 and 退出 (O6).
struct HomePages: Sendable {
    let env: WebEnvironment
    let layout: AdminLayout

    var endpoints: [AdminEndpoint] {
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
        let links = layout.links(grants)
        let codes = board.sites.byID().mapValues(\.code)
        let siteNames = board.sites.byID().mapValues(\.name)
        let passwordAge = Int(now.timeIntervalSince(r.signedIn.account.passwordChangedAt) / 86_400)
        var view = DashboardView(
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
            vetoAlerts: board.sites.compactMap { site in
                board.vetoAlerts[site.id].map {
                    .init(name: site.name, url: AdminURL.health(site: site.code).path, titles: $0.joined(separator: "；"))
                }
            },
            inspection: board.sites.compactMap { site in
                board.selfInspection[site.id].map { p in
                    .init(
                        name: site.name,
                        tasks: p.tasks.map {
                            .init(open: $0.open, overdue: $0.overdue, hasOverdue: $0.overdue > 0, url: AdminURL.rectifications(site: site.code).path)
                        }, reading: p.reading.map(\.coverage),
                        unread: (p.reading?.open ?? 0) > 0, readingURL: AdminURL.reading(site: site.code).path)
                }
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
        view.letters = try await LetterPages(env: env, layout: layout).summary(r, now: now)
        let managed = board.sites.filter { AccessPolicy.allows(grants, .manageInteraction, on: .site($0.id)) }
        let interaction = try await env.database.read { db in
            try await InteractionWork.read(siteIDs: managed.map(\.id), today: CalendarDay(now), on: db)
        }
        view.interaction = managed.compactMap { site in
            interaction[site.id].map {
                .init(
                    name: site.name, questions: $0.questionsToReview, questionsURL: AdminURL.interviews(site: site.code).path,
                    results: $0.resultsToPublish, resultsURL: AdminURL.surveys(site: site.code).path)
            }
        }
        return layout.page(r, .dashboard, title: "工作台", view)
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
        return layout.page(r, .basis, title: "规则依据", view)
    }

    func roles(_ r: AdminRequest) -> Response {
        let rows = RoleDefinition.all.map { d in
            RolesView.Row(
                label: d.label, summary: d.summary, scopes: d.scopes.map(\.label).joined(separator: "、"),
                permissions: Permission.allCases.filter(d.permissions.contains).map(\.label).joined(separator: "、"),
                basis: "依据 " + d.basis.joined(separator: "、"))
        }
        return layout.page(r, .roles, title: "角色与权限", RolesView(rows: rows))
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
        return layout.page(r, .password, title: "修改密码", view, form: FormState([:], errors), status: status)
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

}
