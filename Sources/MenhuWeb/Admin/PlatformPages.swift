import Foundation
import Hummingbird
import MenhuCore
import MenhuStore

/// Sites (S1, S2), units and departments (O1, O4), and the audit log.
struct PlatformPages: Sendable {
    let env: WebEnvironment
    let layout: AdminLayout

    var endpoints: [AdminEndpoint] {
        [
            AdminEndpoint(.get, .sites, .platform(.manageSites)) { r in try await sites(r) },
            AdminEndpoint(.get, .newSite, .platform(.manageSites)) { r in
                try await siteForm(r, values: ["kind": "subsite"], errors: FieldErrors(), editing: nil)
            },
            AdminEndpoint(.post, .sites, .platform(.manageSites)) { r in try await createSite(r) },
            AdminEndpoint.site(.get, .editSite(.route), .platform(.manageSites)) { r in
                try await siteForm(r.admin, values: Self.values(of: r.site), errors: FieldErrors(), editing: r.site)
            },
            AdminEndpoint.site(.post, .editSite(.route), .platform(.manageSites)) { r in try await updateSite(r) },
            AdminEndpoint(.get, .departments, .platform(.manageDepartments)) { r in
                try await departments(r, values: [:], errors: FieldErrors(), status: .ok)
            },
            AdminEndpoint(.post, .departments, .platform(.manageDepartments)) { r in try await createDepartment(r) },
            AdminEndpoint(.post, .renameDepartment(.route), .platform(.manageDepartments)) { r in
                do {
                    _ = try await env.service.renameDepartment(id: r.parameter("id"), to: r.form["name"] ?? "", by: r.actor)
                    return Reply.redirect(AdminURL.departments.notice("department-renamed"))
                } catch let errors as FieldErrors {
                    return try await departments(r, values: [:], errors: errors, status: .unprocessableContent)
                }
            },
            AdminEndpoint(.get, .audit, .anywhere(.viewAuditLog)) { r in try await audit(r) },
        ]
    }

    // MARK: Sites

    func sites(_ r: AdminRequest) async throws -> Response {
        let sites = try await env.database.read { db in try await SiteRecords.all(on: db) }
        let rows = sites.map { s in
            SitesView.Row(
                code: s.code, name: s.name, kind: s.kind.label, domains: s.domains.joined(separator: "、"),
                siteIDCode: s.siteIDCode, sponsor: s.sponsor, organizer: s.organizer)
        }
        return layout.page(r, .sites, title: "网站管理", SitesView(rows: rows))
    }

    static func values(of s: Site) -> [String: String] {
        [
            "code": s.code, "name": s.name, "kind": s.kind.rawValue, "sponsor": s.sponsor, "organizer": s.organizer,
            "siteIDCode": s.siteIDCode, "icpFiling": s.icpFiling, "publicSecurityFiling": s.publicSecurityFiling,
            "domains": s.domains.joined(separator: "\n"), "personInCharge": s.personInCharge,
            "contactPhone": s.contactPhone, "contactEmail": s.contactEmail, "address": s.address,
            "indexScheme": s.identity.indexScheme, "language": s.identity.language.rawValue, "variantOf": s.identity.variantOf ?? "",
        ]
    }

    func siteForm(
        _ r: AdminRequest, values: [String: String], errors: FieldErrors, editing: Site?,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let sites = try await env.database.read { db in try await SiteRecords.all(on: db) }
        let view = SiteFormView(
            languages: SiteLanguage.allCases.map {
                .init(value: $0.rawValue, label: $0.label, selected: (values["language"] ?? "zh-CN") == $0.rawValue)
            },
            originals: sites.filter { $0.identity.language == .chinese && $0.id != editing?.id }.map {
                .init(id: $0.id, name: $0.name, selected: values["variantOf"] == $0.id)
            },
            editing: editing != nil, action: editing.map { AdminURL.editSite($0.code).path } ?? AdminURL.sites.path,
            kinds: Site.Kind.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: values["kind"] == $0.rawValue) })
        return layout.page(
            r, .siteForm, title: editing.map { "编辑网站：\($0.name)" } ?? "新建网站", view,
            form: FormState(values, errors), status: status)
    }

    func createSite(_ r: AdminRequest) async throws -> Response {
        do {
            _ = try await env.service.createSite(r.form, by: r.actor)
            return Reply.redirect(AdminURL.sites.notice("site-created"))
        } catch let errors as FieldErrors {
            return try await siteForm(r, values: r.form, errors: errors, editing: nil, status: .unprocessableContent)
        }
    }

    func updateSite(_ r: SiteAdminRequest) async throws -> Response {
        do {
            _ = try await env.service.updateSite(code: r.site.code, r.form, by: r.actor)
            return Reply.redirect(AdminURL.sites.notice("site-saved"))
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
        var rows: [DepartmentsView.Row] = []
        for unit in departments where unit.isUnit {
            for d in [unit] + departments.filter({ $0.parentID == unit.id }) {
                let staff = accounts.filter { $0.departmentID == d.id && $0.status == .active }
                rows.append(
                    .init(
                        id: d.id, name: d.name, isUnit: d.isUnit, site: d.siteID.flatMap { siteNames[$0] } ?? "",
                        staff: staff.map(\.displayName).joined(separator: "、"), staffCount: staff.count))
            }
        }
        let view = DepartmentsView(
            rows: rows,
            units: departments.filter(\.isUnit).map { .init(id: $0.id, name: $0.name, selected: values["parentID"] == $0.id) },
            sites: sites.map { .init(id: $0.id, name: $0.name, selected: values["siteID"] == $0.id) })
        return layout.page(r, .departments, title: "单位与处室", view, form: FormState(values, errors), status: status)
    }

    func createDepartment(_ r: AdminRequest) async throws -> Response {
        let parent = (r.form["parentID"] ?? "").trimmed
        let site = (r.form["siteID"] ?? "").trimmed
        do {
            _ = try await env.service.createDepartment(
                name: r.form["name"] ?? "", parentID: parent.isEmpty ? nil : parent,
                siteID: site.isEmpty ? nil : site, by: r.actor)
            return Reply.redirect(AdminURL.departments.notice("department-created"))
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
        let rows = events.map { e in
            AuditView.Row(
                at: ChinaTime.second(e.at), actor: e.actorName, actionLabel: AuditEvent.label(of: e.action), summary: e.summary,
                site: e.siteID.flatMap { siteNames[$0] } ?? "", requirement: e.requirement.map { "依据 " + $0 } ?? "", address: e.address)
        }
        let keep = ["site", "action", "q", "from", "to"].compactMap { name -> String? in
            let v = value(name)
            return v.isEmpty ? nil : "\(name)=\(v.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        }.joined(separator: "&")
        let link = { (n: Int) in AdminURL.audit.path + (keep.isEmpty ? "" : keep + "&") + "page=\(n)" }
        let view = AuditView(
            rows: rows, total: total, scopeAll: visible == nil, pageNumber: page.number, totalPages: page.totalPages,
            siteOptions: sites.map { .init(code: $0.code, name: $0.name, selected: $0.code == value("site")) },
            actionOptions: AuditEvent.actionLabels.sorted { $0.value < $1.value }.map {
                .init(value: $0.key, label: $0.value, selected: $0.key == value("action"))
            },
            prevURL: page.hasPrevious ? link(page.number - 1) : nil, nextURL: page.hasNext ? link(page.number + 1) : nil)
        return layout.page(
            r, .audit, title: "操作日志", view,
            form: FormState(["q": value("q"), "from": value("from"), "to": value("to")], problems: problems),
            status: problems.isEmpty ? .ok : .badRequest)
    }
}

/// sites.mustache: every site of the platform.
struct SitesView {
    struct Row { let code: String, name: String, kind: String, domains: String, siteIDCode: String, sponsor: String, organizer: String }
    let rows: [Row]
}

/// A site, unit or other record to choose in a `<select>`.
struct RecordChoice { let id: String, name: String, selected: Bool }

/// site-form.mustache: a new site or one being edited (S2).
struct SiteFormView {
    let languages: [Choice]
    /// The Chinese sites an English version may belong to.
    let originals: [RecordChoice]
    let editing: Bool
    let action: String
    let kinds: [Choice]
}

/// departments.mustache: units with their 处室 and staff.
struct DepartmentsView {
    struct Row { let id: String, name: String, isUnit: Bool, site: String, staff: String, staffCount: Int }
    let rows: [Row]
    let units: [RecordChoice], sites: [RecordChoice]
}

/// audit.mustache: 操作日志, filtered.
struct AuditView {
    struct Row { let at: String, actor: String, actionLabel: String, summary: String, site: String, requirement: String, address: String }
    struct SiteOption { let code: String, name: String, selected: Bool }
    let rows: [Row]
    let total: Int
    /// The person sees every site's events.
    let scopeAll: Bool
    let pageNumber: Int, totalPages: Int
    let siteOptions: [SiteOption]
    let actionOptions: [Choice]
    let prevURL: String?, nextURL: String?
}
