import Foundation
import Hummingbird
import MenhuCore
import MenhuStore

/// The column tree of a site and the content-assurance table (内容保障责任分解表). O1, F1, S5.
struct ColumnPages: Sendable {
    let env: WebEnvironment
    let layout: AdminLayout

    var endpoints: [AdminEndpoint] {
        [
            AdminEndpoint.site(.get, .columns(site: .route), .site(.manageColumns)) { r in try await tree(r) },
            AdminEndpoint.site(.get, .newColumn(site: .route), .site(.manageColumns)) { r in
                try await form(
                    r,
                    values: [
                        "updateRule": "weekly", "inNavigation": "on", "parentID": r.request.uri.queryParameters["parent"].map(String.init) ?? "",
                    ],
                    errors: FieldErrors(), editing: nil, status: .ok)
            },
            AdminEndpoint.site(.post, .columns(site: .route), .site(.manageColumns)) { r in try await create(r) },
            AdminEndpoint.site(.get, .editColumn(site: .route, id: .route), .site(.manageColumns)) { r in
                let column = try await find(r)
                return try await form(r, values: Self.values(of: column), errors: FieldErrors(), editing: column, status: .ok)
            },
            AdminEndpoint.site(.post, .editColumn(site: .route, id: .route), .site(.manageColumns)) { r in try await update(r) },
            AdminEndpoint.site(.post, .archiveColumn(site: .route, id: .route), .site(.manageColumns)) { r in
                _ = try await env.service.setColumnArchived(id: r.parameter("id"), siteID: r.site.id, archived: true, by: r.actor)
                return Reply.redirect(AdminURL.columns(site: r.site.code).notice("column-archived"))
            },
            AdminEndpoint.site(.post, .restoreColumn(site: .route, id: .route), .site(.manageColumns)) { r in
                _ = try await env.service.setColumnArchived(id: r.parameter("id"), siteID: r.site.id, archived: false, by: r.actor)
                return Reply.redirect(AdminURL.columns(site: r.site.code).notice("column-restored"))
            },
            AdminEndpoint.site(.get, .assurance(site: .route), .site(.viewAssuranceTable)) { r in try await assurance(r) },
            AdminEndpoint.site(.get, .assuranceCSV(site: .route), .site(.viewAssuranceTable)) { r in try await assuranceCSV(r) },
        ]
    }

    func find(_ r: SiteAdminRequest) async throws -> Column {
        let id = r.parameter("id")
        guard let column = try await env.database.read({ db in try await ColumnRecords.find(id: id, on: db) }),
            column.siteID == r.site.id
        else { throw ServiceError.notFound("栏目不存在") }
        return column
    }

    /// One row of the content-assurance table.
    struct AssuranceRow {
        let column: Column
        let depth: Int
        let path: String
        let owner: String
        let articles: Int
        let latest: Date?
    }

    func assuranceRows(_ site: Site) async throws -> [AssuranceRow] {
        let (structure, activity) = try await env.database.read { db in
            (try await SiteStructureQuery.read(siteID: site.id, on: db), try await ColumnRecords.activity(siteID: site.id, on: db))
        }
        let names = structure.departmentsByID, tree = structure.tree
        return tree.entries.map { e in
            let path = tree.path(of: e.column.id).reversed().compactMap { tree.column($0)?.name }.joined(separator: " > ")
            let owner = e.column.ownerDepartmentID.flatMap { names[$0] }?.fullName(among: names) ?? "（未指定）"
            let a = tree.activity(of: e.column.id, in: activity)
            return AssuranceRow(column: e.column, depth: e.depth, path: path, owner: owner, articles: a.count, latest: a.latest)
        }
    }

    func tree(_ r: SiteAdminRequest) async throws -> Response {
        let site = r.site
        let rows = try await assuranceRows(site).map { row in
            ColumnsView.Row(
                id: row.column.id, name: row.column.name, slug: row.column.slug,
                prefix: String(repeating: "　　", count: row.depth) + (row.depth > 0 ? "└ " : ""),
                kind: row.column.kind.label, owner: row.owner, rule: row.column.updateRule.label,
                articles: row.articles, latest: row.latest.map(ChinaTime.day) ?? "—",
                archived: row.column.isArchived, archivedAt: row.column.archivedAt.map(ChinaTime.day) ?? "",
                publicURL: "/sites/\(site.code)/\(row.column.slug)/")
        }
        return layout.page(r, .columns, title: "栏目管理：\(site.name)", ColumnsView(rows: rows, site: SiteRef(site)))
    }

    static func values(of c: Column) -> [String: String] {
        [
            "name": c.name, "slug": c.slug, "kind": c.kind.rawValue, "parentID": c.parentID ?? "",
            "ownerDepartmentID": c.ownerDepartmentID ?? "", "updateRule": c.updateRule.kind,
            "fixedDates": c.updateRule.fixedDatesText, "contentRequirements": c.contentRequirements,
            "qualityRequirements": c.qualityRequirements, "summary": c.summary,
            "inNavigation": c.inNavigation ? "on" : "", "sortOrder": String(c.sortOrder),
        ]
    }

    func form(_ r: SiteAdminRequest, values: [String: String], errors: FieldErrors, editing: Column?, status: HTTPResponse.Status) async throws
        -> Response
    {
        let site = r.site
        let structure = try await env.database.read { db in try await SiteStructureQuery.read(siteID: site.id, on: db) }
        let tree = structure.tree, departments = structure.departments, byID = structure.departmentsByID
        let excluded = editing.map { e in Set(tree.entries.filter { tree.path(of: $0.column.id).contains(e.id) }.map(\.column.id)) } ?? []
        let view = ColumnFormView(
            site: SiteRef(site), editing: editing != nil,
            action: editing.map { AdminURL.editColumn(site: site.code, id: $0.id).path } ?? AdminURL.columns(site: site.code).path,
            parents: tree.entries.filter { !excluded.contains($0.column.id) && !$0.column.isArchived && $0.depth < 3 }.map { e in
                .init(id: e.column.id, name: String(repeating: "　", count: e.depth) + e.column.name, selected: values["parentID"] == e.column.id)
            },
            departments: departments.map { d in
                .init(id: d.id, name: d.fullName(among: byID), selected: values["ownerDepartmentID"] == d.id)
            },
            kinds: ColumnKind.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: values["kind"] == $0.rawValue) },
            rules: UpdateRule.kinds.map { .init(value: $0.value, label: $0.label, selected: values["updateRule"] == $0.value) },
            inNavigation: values["inNavigation"] == "on")
        return layout.page(
            r, .columnForm, title: editing.map { "编辑栏目：\($0.name)" } ?? "新建栏目", view,
            form: FormState(values, errors), status: status)
    }

    func create(_ r: SiteAdminRequest) async throws -> Response {
        do {
            _ = try await env.service.createColumn(siteID: r.site.id, r.form, by: r.actor)
            return Reply.redirect(AdminURL.columns(site: r.site.code).notice("column-created"))
        } catch let errors as FieldErrors {
            return try await form(r, values: r.form, errors: errors, editing: nil, status: .unprocessableContent)
        }
    }

    func update(_ r: SiteAdminRequest) async throws -> Response {
        let column = try await find(r)
        do {
            _ = try await env.service.updateColumn(id: column.id, siteID: r.site.id, r.form, by: r.actor)
            return Reply.redirect(AdminURL.columns(site: r.site.code).notice("column-saved"))
        } catch let errors as FieldErrors {
            return try await form(r, values: r.form, errors: errors, editing: column, status: .unprocessableContent)
        }
    }

    // MARK: The content-assurance table (O1)

    func assurance(_ r: SiteAdminRequest) async throws -> Response {
        let site = r.site
        let rows = try await assuranceRows(site).map { row in
            AssuranceView.Row(
                path: row.path, owner: row.owner, rule: row.column.updateRule.label,
                content: row.column.contentRequirements, quality: row.column.qualityRequirements,
                kind: row.column.kind.label, archived: row.column.isArchived,
                latest: row.latest.map(ChinaTime.day) ?? "—")
        }
        return layout.page(r, .assurance, title: "内容保障责任分解表：\(site.name)", AssuranceView(rows: rows, site: SiteRef(site)))
    }

    func assuranceCSV(_ r: SiteAdminRequest) async throws -> Response {
        let site = r.site
        var lines = [["栏目", "栏目类型", "责任单位（处室）", "更新频率", "内容要求", "质量要求", "状态", "最近更新"]]
        for row in try await assuranceRows(site) {
            lines.append([
                row.path, row.column.kind.label, row.owner, row.column.updateRule.label,
                row.column.contentRequirements, row.column.qualityRequirements,
                row.column.isArchived ? "已归档" : "正常", row.latest.map(ChinaTime.day) ?? "",
            ])
        }
        return CSV.download(
            lines, name: "内容保障责任分解表-\(site.code)-\(ChinaTime.day(env.clock.now())).csv", asciiName: "assurance-\(site.code).csv")
    }
}

/// CSV quoting (RFC 4180), with formula characters neutralised for spreadsheet safety.
enum CSV {
    /// A spreadsheet download of `lines`, named `name` (Chinese allowed; `asciiName` for old browsers).
    static func download(_ lines: [[String]], name: String, asciiName: String) -> Response {
        // A UTF-8 byte-order mark lets spreadsheet programs read the Chinese correctly.
        let csv = "\u{FEFF}" + lines.map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? asciiName
        return Reply.text(
            csv, contentType: "text/csv; charset=utf-8",
            headers: [.contentDisposition: "attachment; filename=\"\(asciiName)\"; filename*=UTF-8''\(encoded)"])
    }

    static func field(_ value: String) -> String {
        // Scalars, not Characters: "\r\n" is one Character equal to neither "\r" nor "\n".
        var v = value
        if let first = v.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { v = "'" + v }
        if v.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return v
    }
}

/// columns.mustache: the column tree with what each holds.
struct ColumnsView {
    struct Row {
        let id: String, name: String, slug: String, prefix: String, kind: String, owner: String, rule: String
        let articles: Int, latest: String, archived: Bool, archivedAt: String, publicURL: String
    }
    let rows: [Row]
    let site: SiteRef
}

/// column-form.mustache: a new column or one being edited.
struct ColumnFormView {
    /// A column or department to choose.
    struct Option { let id: String, name: String, selected: Bool }
    let site: SiteRef
    let editing: Bool
    let action: String
    let parents: [Option], departments: [Option]
    let kinds: [Choice], rules: [Choice]
    let inNavigation: Bool
}

/// assurance.mustache: O1, the content-assurance table (内容保障责任分解表).
struct AssuranceView {
    struct Row {
        let path: String, owner: String, rule: String, content: String, quality: String, kind: String
        let archived: Bool, latest: String
    }
    let rows: [Row]
    let site: SiteRef
}
