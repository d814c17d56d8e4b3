import Foundation
import Hummingbird
import MenhuCore
import MenhuStore

/// Sites (S1, S2), units and departments (O1, O4), and the audit log.
struct PlatformPages: Sendable {
    let env: WebEnvironment
    var console: AdminConsole { AdminConsole(env: env) }

    var endpoints: [AdminEndpoint] {
        [
            AdminEndpoint(.get, "/admin/sites", .platform(.manageSites)) { r in try await sites(r) },
            AdminEndpoint(.get, "/admin/sites/new", .platform(.manageSites)) { r in try await siteForm(r, values: ["kind": "subsite"], errors: FieldErrors(), editing: nil) },
            AdminEndpoint(.post, "/admin/sites", .platform(.manageSites)) { r in try await createSite(r) },
            AdminEndpoint.site(.get, "/admin/sites/:site/edit", .platform(.manageSites)) { r in
                try await siteForm(r.admin, values: Self.values(of: r.site), errors: FieldErrors(), editing: r.site)
            },
            AdminEndpoint.site(.post, "/admin/sites/:site/edit", .platform(.manageSites)) { r in try await updateSite(r) },
            AdminEndpoint(.get, "/admin/departments", .platform(.manageDepartments)) { r in
                try await departments(r, values: [:], errors: FieldErrors(), status: .ok)
            },
            AdminEndpoint(.post, "/admin/departments", .platform(.manageDepartments)) { r in try await createDepartment(r) },
            AdminEndpoint(.post, "/admin/departments/:id/rename", .platform(.manageDepartments)) { r in
                do {
                    _ = try await env.service.renameDepartment(id: r.parameter("id"), to: r.form["name"] ?? "", by: r.actor)
                    return Reply.redirect("/admin/departments?notice=department-renamed")
                } catch let errors as FieldErrors {
                    return try await departments(r, values: [:], errors: errors, status: .unprocessableContent)
                }
            },
            AdminEndpoint(.get, "/admin/audit", .anywhere(.viewAuditLog)) { r in try await audit(r) },
        ]
    }

    // MARK: Sites

    func sites(_ r: AdminRequest) async throws -> Response {
        let sites = try await env.database.read { db in try await SiteRecords.all(on: db) }
        let rows: [[String: Any]] = sites.map { s in
            ["code": s.code, "name": s.name, "kind": s.kind.label, "domains": s.domains.joined(separator: "、"),
             "siteIDCode": s.siteIDCode, "sponsor": s.sponsor, "organizer": s.organizer]
        }
        return console.page(r, .sites, title: "网站管理", ["rows": rows])
    }

    static func values(of s: Site) -> [String: String] {
        ["code": s.code, "name": s.name, "kind": s.kind.rawValue, "sponsor": s.sponsor, "organizer": s.organizer,
         "siteIDCode": s.siteIDCode, "icpFiling": s.icpFiling, "publicSecurityFiling": s.publicSecurityFiling,
         "domains": s.domains.joined(separator: "\n"), "personInCharge": s.personInCharge,
         "contactPhone": s.contactPhone, "contactEmail": s.contactEmail, "address": s.address,
         "indexScheme": s.identity.indexScheme, "language": s.identity.language.rawValue, "variantOf": s.identity.variantOf ?? ""]
    }

    func siteForm(_ r: AdminRequest, values: [String: String], errors: FieldErrors, editing: Site?,
                  status: HTTPResponse.Status = .ok) async throws -> Response {
        let sites = try await env.database.read { db in try await SiteRecords.all(on: db) }
        var context = console.formContext(values, errors)
        context["languages"] = SiteLanguage.allCases.map { ["value": $0.rawValue, "label": $0.label, "selected": (values["language"] ?? "zh-CN") == $0.rawValue] }
        context["originals"] = sites.filter { $0.identity.language == .chinese && $0.id != editing?.id }.map {
            ["id": $0.id, "name": $0.name, "selected": values["variantOf"] == $0.id]
        }
        context["editing"] = editing != nil
        context["action"] = editing.map { "/admin/sites/\($0.code)/edit" } ?? "/admin/sites"
        context["kinds"] = Site.Kind.allCases.map { ["value": $0.rawValue, "label": $0.label, "selected": values["kind"] == $0.rawValue] }
        return console.page(r, .siteForm, title: editing.map { "编辑网站：\($0.name)" } ?? "新建网站", context, status: status)
    }

    func createSite(_ r: AdminRequest) async throws -> Response {
        do {
            _ = try await env.service.createSite(r.form, by: r.actor)
            return Reply.redirect("/admin/sites?notice=site-created")
        } catch let errors as FieldErrors {
            return try await siteForm(r, values: r.form, errors: errors, editing: nil, status: .unprocessableContent)
        }
    }

    func updateSite(_ r: SiteAdminRequest) async throws -> Response {
        do {
            _ = try await env.service.updateSite(code: r.site.code, r.form, by: r.actor)
            return Reply.redirect("/admin/sites?notice=site-saved")
        } catch let errors as FieldErrors {
            return try await siteForm(r.admin, values: r.form, errors: errors, editing: r.site, status: .unprocessableContent)
        }
    }

    // MARK: Units and departments

    func departments(_ r: AdminRequest, values: [String: String], errors: FieldErrors, status: HTTPResponse.Status) async throws -> Response {
        let (departments, sites, accounts) = try await env.database.read { db in
            (try await DepartmentRecords.all(on: db), try await SiteRecords.all(on: db), try await AccountRecords.all(on: db))
        }
        let siteNames = sites.byID().mapValues(\.name)
        var rows: [[String: Any]] = []
        for unit in departments where unit.isUnit {
            for d in [unit] + departments.filter({ $0.parentID == unit.id }) {
                let staff = accounts.filter { $0.departmentID == d.id && $0.status == .active }
                rows.append(["id": d.id, "name": d.name, "isUnit": d.isUnit, "site": d.siteID.flatMap { siteNames[$0] } ?? "",
                             "staff": staff.map(\.displayName).joined(separator: "、"), "staffCount": staff.count])
            }
        }
        var context = console.formContext(values, errors)
        context["rows"] = rows
        context["units"] = departments.filter(\.isUnit).map { ["id": $0.id, "name": $0.name, "selected": values["parentID"] == $0.id] }
        context["sites"] = sites.map { ["id": $0.id, "name": $0.name, "selected": values["siteID"] == $0.id] }
        return console.page(r, .departments, title: "单位与处室", context, status: status)
    }

    func createDepartment(_ r: AdminRequest) async throws -> Response {
        let parent = (r.form["parentID"] ?? "").trimmed
        let site = (r.form["siteID"] ?? "").trimmed
        do {
            _ = try await env.service.createDepartment(name: r.form["name"] ?? "", parentID: parent.isEmpty ? nil : parent,
                                                       siteID: site.isEmpty ? nil : site, by: r.actor)
            return Reply.redirect("/admin/departments?notice=department-created")
        } catch let errors as FieldErrors {
            return try await departments(r, values: r.form, errors: errors, status: .unprocessableContent)
        }
    }

    // MARK: Audit log

    func audit(_ r: AdminRequest) async throws -> Response {
        let visible = AccessPolicy.sites(r.signedIn.grants, with: .viewAuditLog)
        let query = r.request.uri.queryParameters
        let value = { (name: String) in query[Substring(name)].map { String($0).trimmed } ?? "" }
        let sites = try await env.database.read { db in try await SiteRecords.all(on: db) }
            .filter { visible == nil || visible!.contains($0.id) }
        var filter = AuditRecords.Filter()
        var problems: [String] = []
        if !value("site").isEmpty {
            if let site = sites.first(where: { $0.code == value("site") }) { filter.siteID = site.id } else { problems.append("网站不存在或无权查看") }
        }
        if AuditEvent.actionLabels[value("action")] != nil { filter.action = value("action") }
        if !value("q").isEmpty { filter.text = String(value("q").prefix(50)) }
        let day = { (text: String) -> Date? in
            let parts = text.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3 else { return nil }
            return ChinaTime.calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
        }
        if !value("from").isEmpty { if let d = day(value("from")) { filter.from = d } else { problems.append("起始日期格式应为 YYYY-MM-DD") } }
        if !value("to").isEmpty {
            if let d = day(value("to")) { filter.until = d.addingTimeInterval(86_400) } else { problems.append("结束日期格式应为 YYYY-MM-DD") }
        }
        let requested = r.request.pageNumber
        let size = 50
        let (events, total) = try await env.database.read { [filter] db in
            try await AuditRecords.recent(siteIDs: visible, filter: filter, limit: size, offset: (requested - 1) * size, on: db)
        }
        let page = Page(requested: requested, size: size, totalItems: total)
        let siteNames = sites.byID().mapValues(\.name)
        let rows: [[String: String]] = events.map { e in
            ["at": ChinaTime.second(e.at), "actor": e.actorName, "actionLabel": AuditEvent.label(of: e.action), "summary": e.summary,
             "site": e.siteID.flatMap { siteNames[$0] } ?? "", "requirement": e.requirement ?? "", "address": e.address]
        }
        let keep = ["site", "action", "q", "from", "to"].compactMap { name -> String? in
            let v = value(name)
            return v.isEmpty ? nil : "\(name)=\(v.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        }.joined(separator: "&")
        let link = { (n: Int) in "/admin/audit?" + (keep.isEmpty ? "" : keep + "&") + "page=\(n)" }
        var context: [String: Any] = [
            "rows": rows, "total": total, "scopeAll": visible == nil, "pageNumber": page.number, "totalPages": page.totalPages,
            "values": ["q": value("q"), "from": value("from"), "to": value("to")],
            "siteOptions": sites.map { ["code": $0.code, "name": $0.name, "selected": $0.code == value("site")] },
            "actionOptions": AuditEvent.actionLabels.sorted { $0.value < $1.value }.map {
                ["value": $0.key, "label": $0.value, "selected": $0.key == value("action")]
            },
            "errorList": problems, "hasErrors": !problems.isEmpty,
        ]
        if page.hasPrevious { context["prevURL"] = link(page.number - 1) }
        if page.hasNext { context["nextURL"] = link(page.number + 1) }
        return console.page(r, .audit, title: "操作日志", context, status: problems.isEmpty ? .ok : .badRequest)
    }
}
