import Foundation
import Hummingbird
import MenhuCore
import MenhuStore

/// Business systems (P9), office submissions (P13, P14) and repost tasks (P8) in the console.
struct InformationFlowPages: Sendable {
    let env: WebEnvironment
    var console: AdminConsole { AdminConsole(env: env) }
    var flow: InformationFlowService { InformationFlowService(database: env.database, clock: env.clock) }

    var endpoints: [AdminEndpoint] {
        let integrations = AdminAccess.site(.manageIntegrations)
        let submitters = AdminAccess.withinSite([.editContent, .handleSubmissions])
        let reposters = AdminAccess.withinSite([.editContent, .manageIntegrations])
        return [
            AdminEndpoint.site(.get, "/admin/sites/:site/push", integrations) { r in try await systems(r, token: nil, errors: FieldErrors()) },
            AdminEndpoint.site(.post, "/admin/sites/:site/push", integrations) { r in
                let columns = FormBody.checked("column_", in: r.form)
                do {
                    let (system, token) = try await flow.registerSystem(siteID: r.site.id, name: r.form["name"] ?? "",
                                                                         columnIDs: columns, by: r.actor)
                    return try await systems(r, token: (system.name, token), errors: FieldErrors())
                } catch let errors as FieldErrors {
                    return try await systems(r, token: nil, errors: errors, status: .unprocessableContent)
                }
            },
            AdminEndpoint.site(.post, "/admin/sites/:site/push/:id/revoke", integrations) { r in
                try await flow.revokeSystem(id: r.parameter("id"), siteID: r.site.id, by: r.actor)
                return Reply.redirect("/admin/sites/\(r.site.code)/push?notice=push-revoked")
            },
            AdminEndpoint.site(.get, "/admin/sites/:site/submissions", submitters) { r in
                try await submissions(r, values: ["workDate": CalendarDay(env.clock.now()).description, "form": "文字"],
                                      errors: FieldErrors(), status: .ok)
            },
            AdminEndpoint.site(.post, "/admin/sites/:site/submissions", .withinSite([.editContent])) { r in
                do {
                    _ = try await flow.submit(siteID: r.site.id, r.form, by: r.actor)
                    return Reply.redirect("/admin/sites/\(r.site.code)/submissions?notice=submission-sent")
                } catch let errors as FieldErrors {
                    return try await submissions(r, values: r.form, errors: errors, status: .unprocessableContent)
                }
            },
            AdminEndpoint.site(.post, "/admin/sites/:site/submissions/:id/decide", .site(.handleSubmissions)) { r in
                let adopt = r.form["decision"] == "adopt"
                do {
                    let s = try await flow.decide(submissionID: r.parameter("id"), siteID: r.site.id, adopt: adopt,
                                                  columnID: r.form["columnID"], reason: r.form["reason"] ?? "",
                                                  by: Participant(actor: r.actor, grants: r.signedIn.grants))
                    if let article = s.articleID {
                        return Reply.redirect("/admin/sites/\(r.site.code)/articles/\(article)?notice=submission-adopted")
                    }
                    return Reply.redirect("/admin/sites/\(r.site.code)/submissions?notice=submission-declined")
                } catch let errors as FieldErrors {
                    return console.message(r.signedIn, status: .unprocessableContent, title: "无法处理",
                                           text: errors.problems.map(\.message).joined(separator: "；"))
                }
            },
            AdminEndpoint.site(.get, "/admin/sites/:site/reposts", reposters) { r in try await reposts(r, errors: FieldErrors(), status: .ok) },
            AdminEndpoint.site(.post, "/admin/sites/:site/reposts", reposters) { r in
                do {
                    _ = try await flow.addTask(siteID: r.site.id, sourceName: r.form["sourceName"] ?? "", title: r.form["title"] ?? "",
                                               link: (r.form["link"] ?? "").trimmed, by: r.actor)
                    return Reply.redirect("/admin/sites/\(r.site.code)/reposts?notice=repost-added")
                } catch let errors as FieldErrors {
                    return try await reposts(r, errors: errors, status: .unprocessableContent)
                }
            },
            AdminEndpoint.site(.post, "/admin/sites/:site/reposts/feeds", integrations) { r in
                do {
                    _ = try await flow.addFeed(siteID: r.site.id, name: r.form["feedName"] ?? "", url: r.form["url"] ?? "", by: r.actor)
                    return Reply.redirect("/admin/sites/\(r.site.code)/reposts?notice=feed-added")
                } catch let errors as FieldErrors {
                    return try await reposts(r, errors: errors, status: .unprocessableContent)
                }
            },
            AdminEndpoint.site(.post, "/admin/sites/:site/reposts/:id/start", .withinSite([.editContent])) { r in
                let id = try await flow.startRepost(taskID: r.parameter("id"), siteID: r.site.id, columnID: r.form["columnID"] ?? "",
                                                    by: Participant(actor: r.actor, grants: r.signedIn.grants))
                return Reply.redirect("/admin/sites/\(r.site.code)/articles/\(id)/edit")
            },
            AdminEndpoint.site(.post, "/admin/sites/:site/reposts/:id/dismiss", integrations) { r in
                do {
                    try await flow.dismissTask(taskID: r.parameter("id"), siteID: r.site.id, reason: r.form["reason"] ?? "", by: r.actor)
                } catch let errors as FieldErrors {
                    return console.message(r.signedIn, status: .unprocessableContent, title: "无法处理",
                                           text: errors.problems.map(\.message).joined(separator: "；"))
                }
                return Reply.redirect("/admin/sites/\(r.site.code)/reposts?notice=repost-dismissed")
            },
        ]
    }

    // MARK: Business systems

    func systems(_ r: SiteAdminRequest, token: (String, String)?, errors: FieldErrors, status: HTTPResponse.Status = .ok) async throws -> Response {
        let site = r.site
        let (systems, columns) = try await env.database.read { db in
            (try await InformationFlowService.systems(siteID: site.id, on: db), try await ColumnRecords.all(siteID: site.id, on: db))
        }
        let names = columns.byID()
        var context = console.formContext(r.form, errors)
        context["site"] = ["name": site.name, "code": site.code]
        context["systems"] = systems.map { s -> [String: Any] in
            ["id": s.id, "name": s.name, "columns": s.columnIDs.compactMap { names[$0]?.name }.joined(separator: "、"),
             "created": ChinaTime.minute(s.createdAt), "revoked": s.revokedAt.map(ChinaTime.minute) ?? ""]
        }
        context["columns"] = ColumnTree(columns).entries.filter { !$0.column.isArchived }.map { e -> [String: Any] in
            ["id": e.column.id, "name": String(repeating: "　", count: e.depth) + e.column.name, "slug": e.column.slug]
        }
        if let (name, token) = token { context["issued"] = ["name": name, "token": token] }
        return console.page(r, .pushSystems, title: "业务系统推送", context, status: status)
    }

    // MARK: Office submissions

    /// Departments that answer for the site: owners of its columns and those attached to it.
    static func siteDepartments(_ site: Site, columns: [Column], departments: [Department]) -> [Department] {
        let owners = Set(columns.compactMap(\.ownerDepartmentID))
        return departments.filter { owners.contains($0.id) || $0.siteID == site.id }
    }

    func submissions(_ r: SiteAdminRequest, values: [String: String], errors: FieldErrors, status: HTTPResponse.Status) async throws -> Response {
        let site = r.site
        let today = CalendarDay(env.clock.now())
        let month = r.request.uri.queryParameters["month"].flatMap { CalendarDay(String($0) + "-01") } ?? today
        let (list, tallies, columns, departments) = try await env.database.read { db in
            (try await InformationFlowService.submissions(siteID: site.id, limit: 200, on: db),
             try await InformationFlowService.tallies(siteID: site.id, month: month, on: db),
             try await ColumnRecords.all(siteID: site.id, on: db), try await DepartmentRecords.all(on: db))
        }
        let names = departments.byID()
        let answering = Self.siteDepartments(site, columns: columns, departments: departments)
        let byDepartment = Dictionary(uniqueKeysWithValues: tallies.map { ($0.departmentID, $0) })
        let grants = r.signedIn.grants
        let canDecide = AccessPolicy.allows(grants, .handleSubmissions, on: .site(site.id))
        var context = console.formContext(values, errors)
        context["site"] = ["name": site.name, "code": site.code]
        context["month"] = String(format: "%04d-%02d", month.year, month.month)
        context["canSubmit"] = AccessPolicy.holdsWithin(grants, .editContent, site: site.id)
        context["canDecide"] = canDecide
        context["forms"] = Submission.forms.map { ["value": $0, "selected": values["form"] == $0] }
        context["departments"] = answering.map { d -> [String: Any] in
            ["id": d.id, "name": d.fullName(among: names), "selected": values["departmentID"] == d.id]
        }
        context["tallies"] = answering.map { d -> [String: Any] in
            let t = byDepartment[d.id]
            return ["name": d.fullName(among: names), "submitted": t?.submitted ?? 0, "adopted": t?.adopted ?? 0,
                    "below": (t?.submitted ?? 0) < SubmissionTally.monthlyMinimum]
        }
        let below = SubmissionTally.below(tallies, departments: answering.map(\.id)).compactMap { names[$0]?.fullName(among: names) }
        context["below"] = below.joined(separator: "、")
        context["minimum"] = SubmissionTally.monthlyMinimum
        let usable = ColumnTree(columns).entries.filter { !$0.column.isArchived }
        context["items"] = list.map { s -> [String: Any] in
            var row: [String: Any] = [
                "id": s.id, "title": s.title, "department": names[s.departmentID]?.fullName(among: names) ?? "",
                "submitter": s.submitterName, "at": ChinaTime.minute(s.submittedAt), "workDate": s.workDate.description,
                "source": s.source, "form": s.form, "requirements": s.requirements, "content": String(s.content.prefix(300)),
                "status": s.status.label, "pending": s.status == .pending, "reason": s.declineReason,
                "decidedBy": s.decidedBy ?? "",
            ]
            if let a = s.articleID { row["articleURL"] = "/admin/sites/\(site.code)/articles/\(a)" }
            if canDecide && s.status == .pending {
                row["columns"] = usable.map { ["id": $0.column.id, "name": String(repeating: "　", count: $0.depth) + $0.column.name] }
            }
            return row
        }
        return console.page(r, .submissions, title: "处室报送", context, status: status)
    }

    // MARK: Repost tasks

    func reposts(_ r: SiteAdminRequest, errors: FieldErrors, status: HTTPResponse.Status) async throws -> Response {
        let site = r.site
        let now = env.clock.now()
        let (tasks, feeds, columns) = try await env.database.read { db in
            (try await InformationFlowService.tasks(siteID: site.id, on: db), try await InformationFlowService.feeds(siteID: site.id, on: db),
             try await ColumnRecords.all(siteID: site.id, on: db))
        }
        let grants = r.signedIn.grants
        let tree = ColumnTree(columns)
        let writable = ArticlePages.columns(tree, siteID: site.id, grants: grants, .editContent).filter { !$0.isArchived }
        var context = console.formContext(r.form, errors)
        context["site"] = ["name": site.name, "code": site.code]
        context["canManage"] = AccessPolicy.allows(grants, .manageIntegrations, on: .site(site.id))
        context["canWrite"] = !writable.isEmpty
        context["columns"] = writable.map { ["id": $0.id, "name": $0.name] }
        context["feeds"] = feeds.map { f -> [String: Any] in
            ["name": f.name, "url": f.url, "checked": f.checkedAt.map(ChinaTime.minute) ?? "尚未读取", "error": f.lastError]
        }
        context["tasks"] = tasks.map { t -> [String: Any] in
            var row: [String: Any] = [
                "id": t.id, "title": t.title, "link": t.link, "source": t.sourceName, "found": ChinaTime.minute(t.foundAt),
                "due": ChinaTime.minute(t.dueAt), "status": t.status.label, "open": t.status == .open && t.articleID == nil,
                "late": t.isLate(now: now), "countdown": t.status == .open ? t.countdown(now: now) : "",
                "closed": t.closedAt.map(ChinaTime.minute) ?? "", "note": t.note,
            ]
            if let a = t.articleID { row["articleURL"] = "/admin/sites/\(site.code)/articles/\(a)" }
            return row
        }
        let late = tasks.filter { $0.isLate(now: now) }.count
        context["summary"] = ["total": tasks.count, "open": tasks.filter { $0.status == .open }.count, "late": late]
        return console.page(r, .reposts, title: "转载任务", context, status: status)
    }
}
