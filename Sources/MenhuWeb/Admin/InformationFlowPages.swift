import Foundation
import Hummingbird
import MenhuCore
import MenhuStore

/// Business systems (P9), office submissions (P13, P14) and repost tasks (P8) in the console.
struct InformationFlowPages: Sendable {
    let env: WebEnvironment
    let layout: AdminLayout
    var flow: InformationFlowService { InformationFlowService(database: env.database, clock: env.clock) }

    var endpoints: [AdminEndpoint] {
        let integrations = AdminAccess.site(.manageIntegrations)
        let submitters = AdminAccess.withinSite([.editContent, .handleSubmissions, .submitToOffice])
        let reposters = AdminAccess.withinSite([.editContent, .manageIntegrations])
        return [
            AdminEndpoint.site(.get, .push(site: .route), integrations) { r in try await systems(r, token: nil, errors: FieldErrors()) },
            AdminEndpoint.site(.post, .push(site: .route), integrations) { r in
                let columns = FormBody.checked("column_", in: r.form)
                do {
                    let (system, token) = try await flow.registerSystem(
                        siteID: r.site.id, name: r.form["name"] ?? "",
                        columnIDs: columns, by: r.actor)
                    return try await systems(r, token: (system.name, token), errors: FieldErrors())
                } catch let errors as FieldErrors {
                    return try await systems(r, token: nil, errors: errors, status: .unprocessableContent)
                }
            },
            AdminEndpoint.site(.post, .revokePush(site: .route, id: .route), integrations) { r in
                try await flow.revokeSystem(id: r.parameter("id"), siteID: r.site.id, by: r.actor)
                return Reply.redirect(AdminURL.push(site: r.site.code).notice("push-revoked"))
            },
            AdminEndpoint.site(.get, .submissions(site: .route), submitters) { r in
                try await submissions(
                    r, values: ["workDate": CalendarDay(env.clock.now()).description, "form": "文字"],
                    errors: FieldErrors(), status: .ok)
            },
            AdminEndpoint.site(.post, .submissions(site: .route), .withinSite([.editContent, .submitToOffice])) { r in
                do {
                    _ = try await flow.submit(siteID: r.site.id, r.form, by: r.actor)
                    return Reply.redirect(AdminURL.submissions(site: r.site.code).notice("submission-sent"))
                } catch let errors as FieldErrors {
                    return try await submissions(r, values: r.form, errors: errors, status: .unprocessableContent)
                }
            },
            AdminEndpoint.site(.post, .decideSubmission(site: .route, id: .route), .site(.handleSubmissions)) { r in
                let adopt = r.form["decision"] == "adopt"
                do {
                    let s = try await flow.decide(
                        submissionID: r.parameter("id"), siteID: r.site.id, adopt: adopt,
                        columnID: r.form["columnID"], reason: r.form["reason"] ?? "", assigneeID: r.form["assigneeID"],
                        by: Participant(actor: r.actor, grants: r.signedIn.grants))
                    if s.articleID != nil {
                        return Reply.redirect(AdminURL.submissions(site: r.site.code).notice("submission-adopted"))
                    }
                    return Reply.redirect(AdminURL.submissions(site: r.site.code).notice("submission-declined"))
                } catch let errors as FieldErrors {
                    return layout.message(
                        r.signedIn, status: .unprocessableContent, title: "无法处理",
                        text: errors.problems.map(\.message).joined(separator: "；"))
                }
            },
            AdminEndpoint.site(.get, .reposts(site: .route), reposters) { r in try await reposts(r, errors: FieldErrors(), status: .ok) },
            AdminEndpoint.site(.post, .reposts(site: .route), reposters) { r in
                do {
                    _ = try await flow.addTask(
                        siteID: r.site.id, sourceName: r.form["sourceName"] ?? "", title: r.form["title"] ?? "",
                        link: (r.form["link"] ?? "").trimmed, by: r.actor)
                    return Reply.redirect(AdminURL.reposts(site: r.site.code).notice("repost-added"))
                } catch let errors as FieldErrors {
                    return try await reposts(r, errors: errors, status: .unprocessableContent)
                }
            },
            AdminEndpoint.site(.post, .repostFeeds(site: .route), integrations) { r in
                do {
                    _ = try await flow.addFeed(siteID: r.site.id, name: r.form["feedName"] ?? "", url: r.form["url"] ?? "", by: r.actor)
                    return Reply.redirect(AdminURL.reposts(site: r.site.code).notice("feed-added"))
                } catch let errors as FieldErrors {
                    return try await reposts(r, errors: errors, status: .unprocessableContent)
                }
            },
            AdminEndpoint.site(.post, .startRepost(site: .route, id: .route), .withinSite([.editContent])) { r in
                let id = try await flow.startRepost(
                    taskID: r.parameter("id"), siteID: r.site.id, columnID: r.form["columnID"] ?? "",
                    by: Participant(actor: r.actor, grants: r.signedIn.grants))
                return Reply.redirect(AdminURL.editArticle(site: r.site.code, id: id).path)
            },
            AdminEndpoint.site(.post, .dismissRepost(site: .route, id: .route), integrations) { r in
                do {
                    try await flow.dismissTask(taskID: r.parameter("id"), siteID: r.site.id, reason: r.form["reason"] ?? "", by: r.actor)
                } catch let errors as FieldErrors {
                    return layout.message(
                        r.signedIn, status: .unprocessableContent, title: "无法处理",
                        text: errors.problems.map(\.message).joined(separator: "；"))
                }
                return Reply.redirect(AdminURL.reposts(site: r.site.code).notice("repost-dismissed"))
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
        let view = PushSystemsView(
            site: SiteRef(site),
            systems: systems.map { s in
                .init(
                    id: s.id, name: s.name, columns: s.columnIDs.compactMap { names[$0]?.name }.joined(separator: "、"),
                    created: ChinaTime.minute(s.createdAt), revoked: s.revokedAt.map(ChinaTime.minute))
            },
            columns: ColumnTree(columns).entries.filter { !$0.column.isArchived }.map { e in
                .init(id: e.column.id, name: String(repeating: "　", count: e.depth) + e.column.name, slug: e.column.slug)
            },
            issued: token.map { .init(name: $0.0, token: $0.1) })
        return layout.page(r, .pushSystems, title: "业务系统推送", view, form: FormState(r.form, errors), status: status)
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
        let (list, tallies, structure) = try await env.database.read { db in
            (
                try await InformationFlowService.submissions(siteID: site.id, limit: 200, on: db),
                try await InformationFlowService.tallies(siteID: site.id, month: month, on: db),
                try await SiteStructureQuery.read(siteID: site.id, on: db)
            )
        }
        let names = structure.departmentsByID, columns = structure.columns
        let answering = Self.siteDepartments(site, columns: columns, departments: structure.departments)
        let byDepartment = Dictionary(uniqueKeysWithValues: tallies.map { ($0.departmentID, $0) })
        let grants = r.signedIn.grants
        let canDecide = AccessPolicy.allows(grants, .handleSubmissions, on: .site(site.id))
        let below = SubmissionTally.below(tallies, departments: answering.map(\.id)).compactMap { names[$0]?.fullName(among: names) }
        // The site's editors, for the office to give an adopted submission to (P13).
        let editors = try await env.database.read { db in
            let grants = try await AccountRecords.allGrants(on: db)
            return try await AccountRecords.all(on: db).filter { a in
                a.status == .active && AccessPolicy.holdsWithin(grants.filter { $0.accountID == a.id }, .editContent, site: site.id)
            }
        }.map { ColumnChoice(id: $0.id, name: $0.displayName + "（" + $0.username + "）") }
        let usable = ColumnTree(columns).entries.filter { !$0.column.isArchived }
        let view = SubmissionsView(
            site: SiteRef(site), month: String(format: "%04d-%02d", month.year, month.month),
            canSubmit: AccessPolicy.holdsWithin(grants, .editContent, site: site.id)
                || AccessPolicy.holdsWithin(grants, .submitToOffice, site: site.id),
            canDecide: canDecide,
            forms: Submission.forms.map { .init(value: $0, label: $0, selected: values["form"] == $0) },
            departments: answering.map { d in .init(id: d.id, name: d.fullName(among: names), selected: values["departmentID"] == d.id) },
            tallies: answering.map { d in
                let t = byDepartment[d.id]
                return .init(
                    name: d.fullName(among: names), submitted: t?.submitted ?? 0, adopted: t?.adopted ?? 0,
                    below: (t?.submitted ?? 0) < SubmissionTally.monthlyMinimum)
            },
            below: below.joined(separator: "、").nonEmpty, minimum: SubmissionTally.monthlyMinimum,
            items: list.map { s in
                .init(
                    id: s.id, title: s.title, department: names[s.departmentID]?.fullName(among: names) ?? "",
                    submitter: s.submitterName, at: ChinaTime.minute(s.submittedAt), workDate: s.workDate.description,
                    source: s.source, form: s.form, requirements: s.requirements, content: String(s.content.prefix(300)),
                    status: s.status.label, pending: s.status == .pending, reason: s.declineReason.nonEmpty,
                    decidedBy: s.decidedBy ?? "", articleURL: s.articleID.map { AdminURL.article(site: site.code, id: $0).path },
                    columns: canDecide && s.status == .pending
                        ? usable.map { .init(id: $0.column.id, name: String(repeating: "　", count: $0.depth) + $0.column.name) } : [],
                    editors: canDecide && s.status == .pending ? editors : [])
            })
        return layout.page(r, .submissions, title: "处室报送", view, form: FormState(values, errors), status: status)
    }

    // MARK: Repost tasks

    func reposts(_ r: SiteAdminRequest, errors: FieldErrors, status: HTTPResponse.Status) async throws -> Response {
        let site = r.site
        let now = env.clock.now()
        let (tasks, feeds, columns) = try await env.database.read { db in
            (
                try await InformationFlowService.tasks(siteID: site.id, on: db), try await InformationFlowService.feeds(siteID: site.id, on: db),
                try await ColumnRecords.all(siteID: site.id, on: db)
            )
        }
        let grants = r.signedIn.grants
        let tree = ColumnTree(columns)
        let choices = RepostTaskRow.columns(tree, site: site, grants: grants)
        let view = RepostsView(
            site: SiteRef(site), canManage: AccessPolicy.allows(grants, .manageIntegrations, on: .site(site.id)),
            feeds: feeds.map { f in
                .init(name: f.name, url: f.url, checked: f.checkedAt.map(ChinaTime.minute) ?? "尚未读取", error: f.lastError.nonEmpty)
            },
            tasks: tasks.map { RepostTaskRow($0, site: site, columns: choices, now: now) },
            summary: .init(total: tasks.count, open: tasks.filter { $0.status == .open }.count, late: tasks.filter { $0.isLate(now: now) }.count))
        return layout.page(r, .reposts, title: "转载任务", view, form: FormState(r.form, errors), status: status)
    }
}

/// A column to choose (by id), indented by its depth where the form shows the tree.
struct ColumnChoice { let id: String, name: String }

/// push-systems.mustache: the business systems that push items (P4), and a new token shown once.
struct PushSystemsView {
    struct System { let id: String, name: String, columns: String, created: String, revoked: String? }
    struct Column { let id: String, name: String, slug: String }
    struct Issued { let name: String, token: String }
    let site: SiteRef
    let systems: [System]
    let columns: [Column]
    let issued: Issued?
}

/// submissions.mustache: 处室报送, the month's tallies and the office's decisions (P14).
struct SubmissionsView {
    struct Tally { let name: String, submitted: Int, adopted: Int, below: Bool }
    struct Item {
        let id: String, title: String, department: String, submitter: String, at: String, workDate: String
        let source: String, form: String, requirements: String, content: String, status: String, pending: Bool
        let reason: String?
        let decidedBy: String
        let articleURL: String?
        /// Where the office may adopt it to (only while it waits for a decision).
        let columns: [ColumnChoice]
        /// Who may be given the draft to edit (the site's editors; only while it waits).
        let editors: [ColumnChoice]
    }
    let site: SiteRef
    let month: String
    let canSubmit: Bool, canDecide: Bool
    let forms: [Choice]
    let departments: [RecordChoice]
    let tallies: [Tally]
    /// Departments below the monthly minimum.
    let below: String?
    let minimum: Int
    let items: [Item]
}

/// reposts.mustache: 转载任务 with their 12-hour deadlines, and the feeds they come from.
struct RepostsView {
    struct Feed { let name: String, url: String, checked: String, error: String? }
    struct Summary { let total: Int, open: Int, late: Int }
    let site: SiteRef
    let canManage: Bool
    let feeds: [Feed]
    let tasks: [RepostTaskRow]
    let summary: Summary
}

/// A repost task (转载任务) as the 转载任务 page and 我的待办 show it. P8: within 12 hours; 转载
/// always starts a draft with the original's author and address filled in, or goes on with it.
struct RepostTaskRow {
    let id: String, title: String, link: String, source: String, found: String, due: String, status: String
    let site: SiteRef
    let open: Bool, late: Bool
    let countdown: String?, closed: String?, note: String?
    /// The item it became, once started.
    let articleURL: String?
    /// Open with a draft started: where to go on editing it (继续编辑).
    let draftURL: String?
    /// Open without a draft, and the viewer may write: 转载 into one of `columns`.
    let startable: Bool
    /// Open without a draft, and the viewer may not write on this site: an editor does it.
    let waitsForEditor: Bool
    let columns: [ColumnChoice]

    /// `columns`: where the viewer may write on the task's site (none: they cannot start it).
    init(_ t: RepostTask, site: Site, columns: [ColumnChoice], now: Date) {
        id = t.id; title = t.title; link = t.link; source = t.sourceName; found = ChinaTime.minute(t.foundAt)
        due = ChinaTime.minute(t.dueAt); status = t.status.label; self.site = SiteRef(site)
        open = t.status == .open; late = t.isLate(now: now)
        countdown = t.status == .open ? t.countdown(now: now).nonEmpty : nil
        closed = t.closedAt.map(ChinaTime.minute); note = t.note.nonEmpty
        articleURL = t.articleID.map { AdminURL.article(site: site.code, id: $0).path }
        draftURL = open && !columns.isEmpty ? t.articleID.map { AdminURL.editArticle(site: site.code, id: $0).path } : nil
        startable = open && t.articleID == nil && !columns.isEmpty
        waitsForEditor = open && t.articleID == nil && columns.isEmpty
        self.columns = columns
    }

    /// The columns of `site` the person may repost into.
    static func columns(_ tree: ColumnTree, site: Site, grants: [RoleGrant]) -> [ColumnChoice] {
        ArticlePages.columns(tree, siteID: site.id, grants: grants, .editContent).filter { !$0.isArchived }
            .map { ColumnChoice(id: $0.id, name: $0.name) }
    }
}
