import Foundation
import Hummingbird
import MenhuCore
import MenhuStore

/// How a site looks (W1, W2): the blocks of its homepage, and its theme — its own templates,
/// main colour, logo and banner, kept as a draft that is previewed before it is published.
struct DesignPages: Sendable {
    let env: WebEnvironment
    let layout: AdminLayout

    var endpoints: [AdminEndpoint] {
        let access = AdminAccess.site(.manageDesign)
        return [
            AdminEndpoint.site(.get, .homeBlocks(site: .route), access) { r in
                try await blocks(r, values: ["kind": "latest", "count": "8"], errors: FieldErrors(), status: .ok)
            },
            AdminEndpoint.site(.post, .homeBlocks(site: .route), access) { r in try await saveBlock(r, id: nil) },
            AdminEndpoint.site(.get, .editHomeBlock(site: .route, id: .route), access) { r in try await editBlock(r) },
            AdminEndpoint.site(.post, .editHomeBlock(site: .route, id: .route), access) { r in try await saveBlock(r, id: r.parameter("id")) },
            AdminEndpoint.site(.post, .moveHomeBlockUp(site: .route, id: .route), access) { r in try await changeBlock(r, move: -1) },
            AdminEndpoint.site(.post, .moveHomeBlockDown(site: .route, id: .route), access) { r in try await changeBlock(r, move: 1) },
            AdminEndpoint.site(.post, .removeHomeBlock(site: .route, id: .route), access) { r in try await changeBlock(r, move: nil) },
            AdminEndpoint.site(.get, .theme(site: .route), access) { r in try await theme(r, values: nil, errors: FieldErrors(), status: .ok) },
            AdminEndpoint.site(.post, .theme(site: .route), access) { r in try await saveLook(r) },
            AdminEndpoint.site(.get, .themeTemplate(site: .route, name: .route), access) { r in
                try await template(r, text: nil, errors: FieldErrors(), status: .ok)
            },
            AdminEndpoint.site(.post, .themeTemplate(site: .route, name: .route), access) { r in try await saveTemplate(r) },
            AdminEndpoint.site(.post, .publishTheme(site: .route), access) { r in try await publishOrDiscard(r, publish: true) },
            AdminEndpoint.site(.post, .discardTheme(site: .route), access) { r in try await publishOrDiscard(r, publish: false) },
            AdminEndpoint.site(.post, .directLinks(site: .route), access) { r in try await saveDirectLinks(r) },
            AdminEndpoint.site(.post, .imageRule(site: .route), access) { r in try await saveImageRule(r) },
            AdminEndpoint.site(.get, .themePreview(site: .route), access) { r in try await preview(r) },
            AdminEndpoint.site(.get, .themePreviewCSS(site: .route), access) { r in try await previewStyle(r) },
        ]
    }

    // MARK: Homepage blocks

    /// The blocks and the block form (`editingID`: the block the form edits, else a new one).
    func blocks(
        _ r: SiteAdminRequest, values: [String: String], errors: FieldErrors, status: HTTPResponse.Status,
        editingID: String? = nil
    ) async throws -> Response {
        let site = r.site
        let (stored, columns) = try await env.database.read { db in
            (try await HomeBlockRecords.all(siteID: site.id, on: db), try await ColumnRecords.all(siteID: site.id, on: db))
        }
        let tree = ColumnTree(columns)
        let shown = stored.isEmpty ? HomeBlock.defaults(siteID: site.id, columns: columns) : stored
        let rows = shown.enumerated().map { n, block in
            let s = block.settings
            var what = s.kind.label
            if let id = s.columnID { what += "：" + (tree.column(id).map { $0.isArchived ? "\($0.name)（已归档，不显示）" : $0.name } ?? "栏目已不存在") }
            if s.kind == .links { what += "：\(s.links.count) 个链接" }
            if s.kind.needsColumn || s.kind == .topics { what += "，\(s.count) 条" }
            return HomeBlocksView.Row(
                id: block.id, title: s.title, what: what, first: n == 0, last: n == shown.count - 1,
                configured: !stored.isEmpty)
        }
        let view = HomeBlocksView(
            site: SiteRef(site), isDefault: stored.isEmpty, rows: rows,
            kinds: HomeBlock.Kind.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: values["kind"] == $0.rawValue) },
            columns: tree.entries.filter { !$0.column.isArchived }.map { e in
                .init(id: e.column.id, name: String(repeating: "　", count: e.depth) + e.column.name, selected: values["columnID"] == e.column.id)
            },
            editing: editingID != nil,
            action: editingID.map { AdminURL.editHomeBlock(site: site.code, id: $0).path } ?? AdminURL.homeBlocks(site: site.code).path)
        return layout.page(r, .homeBlocks, title: "首页区块：\(site.name)", view, form: FormState(values, errors), status: status)
    }

    func editBlock(_ r: SiteAdminRequest) async throws -> Response {
        let site = r.site
        let stored = try await env.database.read { db in try await HomeBlockRecords.all(siteID: site.id, on: db) }
        guard let block = stored.first(where: { $0.id == r.parameter("id") }) else { throw ServiceError.notFound("首页区块不存在") }
        let s = block.settings
        return try await blocks(
            r,
            values: [
                "kind": s.kind.rawValue, "title": s.title, "columnID": s.columnID ?? "",
                "count": String(s.count), "links": s.linksText,
            ],
            errors: FieldErrors(), status: .ok, editingID: block.id)
    }

    func saveBlock(_ r: SiteAdminRequest, id: String?) async throws -> Response {
        do {
            _ = try await env.service.saveHomeBlock(siteID: r.site.id, id: id, r.form, by: r.actor)
            return Reply.redirect(AdminURL.homeBlocks(site: r.site.code).notice("block-saved"))
        } catch let errors as FieldErrors {
            return try await blocks(r, values: r.form, errors: errors, status: .unprocessableContent, editingID: id)
        }
    }

    func changeBlock(_ r: SiteAdminRequest, move: Int?) async throws -> Response {
        try await env.service.changeHomeBlock(siteID: r.site.id, id: r.parameter("id"), move: move, by: r.actor)
        return Reply.redirect(AdminURL.homeBlocks(site: r.site.code).notice(move == nil ? "block-removed" : "block-moved"))
    }

    // MARK: Theme

    func theme(_ r: SiteAdminRequest, values: [String: String]?, errors: FieldErrors, status: HTTPResponse.Status) async throws -> Response {
        let site = r.site
        let (state, files, direct, imageRule) = try await env.database.read { db in
            (
                try await ThemeOverrideRecords.state(siteID: site.id, on: db), try await FileRecords.list(siteID: site.id, limit: 200, on: db),
                try await LeaveNoticeRecords.directDomains(siteID: site.id, on: db), try await ImageRuleRecords.rule(siteID: site.id, on: db)
            )
        }
        let look = state.preview
        // What the person sent back with an error, the stored values for the other form.
        let stored = [
            "colour": look.primaryColour ?? "", "logo": look.logoURL ?? "", "banner": look.bannerURL ?? "",
            "directHosts": direct.joined(separator: "\n"), "imageRule": imageRule?.text ?? "",
        ]
        let values = stored.merging(values ?? [:]) { _, sent in sent }
        let images = files.filter(\.kind.isImage)
        let options = { (key: String) in
            images.map { f in ThemeView.Image(url: f.path, name: "\(f.name)（\(f.caption)）", selected: values[key] == f.path) }
        }
        let view = ThemeView(
            site: .init(code: site.code, name: site.name, theme: site.theme), hasDraft: state.hasDraft,
            logoOptions: options("logo"), bannerOptions: options("banner"), hasImages: !images.isEmpty,
            templates: env.renderer.templateNames(theme: site.theme).map { name in
                .init(
                    name: name, label: Self.templateLabels[name] ?? name, overridden: state.live.templates[name] != nil,
                    drafted: state.drafted.contains(ThemeOverrides.templatePrefix + name),
                    url: AdminURL.themeTemplate(site: site.code, name: name).path)
            },
            previewURL: AdminURL.themePreview(site: site.code).path, directLinksURL: AdminURL.directLinks(site: site.code).path,
            imageRuleURL: AdminURL.imageRule(site: site.code).path, bureauImageRule: ImageSizeRule.bureau.text)
        return layout.page(r, .theme, title: "主题与外观：\(site.name)", view, form: FormState(values, errors), status: status)
    }

    static let templateLabels: [String: String] = [
        "layout": "页面框架（页头、导航）", "footer": "页脚（网站标识）", "home": "首页", "column": "栏目列表页", "article": "正文页",
        "topic": "专题页", "notfound": "404 与撤稿提示页", "search": "搜索结果页", "sitemap": "网站地图", "sitemap-branch": "网站地图（子栏目）",
        "disclosure": "政府信息公开目录", "services": "办事服务目录", "pagination": "分页",
        "disclosure-request": "依申请公开（申请表、查询与文书）", "interaction": "互动交流（留言、查询与统计）",
        "survey": "征集调查", "interview": "在线访谈",
    ]

    func saveLook(_ r: SiteAdminRequest) async throws -> Response {
        let site = r.site
        var errors = FieldErrors()
        let colourText = (r.form["colour"] ?? "").trimmed
        var colour = ""
        if !colourText.isEmpty {
            if let problem = ThemeOverrides.colourProblem(colourText) {
                errors.add("colour", problem)
            } else {
                colour = ThemeOverrides.normalisedColour(colourText)!
            }
        }
        let images = try await env.database.read { db in try await FileRecords.list(siteID: site.id, limit: 200, on: db) }
            .filter(\.kind.isImage).map(\.path)
        var pictures: [String: String] = [:]
        for key in ["logo", "banner"] {
            let chosen = (r.form[key] ?? "").trimmed
            if chosen.isEmpty { pictures[key] = ""; continue }
            if images.contains(chosen) && ThemeOverrides.isPlatformPicture(chosen) {
                pictures[key] = chosen
            } else {
                errors.add(key, "请从本站已上传的图片中选择（依据 W2：页面不引用外部资源）")
            }
        }
        guard errors.isEmpty else { return try await theme(r, values: r.form, errors: errors, status: .unprocessableContent) }
        try await env.themes.draftLook(siteID: site.id, colour: colour, logo: pictures["logo"] ?? "", banner: pictures["banner"] ?? "", by: r.actor)
        return Reply.redirect(AdminURL.theme(site: site.code).notice("theme-draft"))
    }

    /// W2: the domains whose links open without the leaving notice (written at once: no draft).
    func saveDirectLinks(_ r: SiteAdminRequest) async throws -> Response {
        try await saveSetting(r, field: "directHosts", notice: "direct-links-saved") { text in
            try await env.service.setDirectDomains(siteID: r.site.id, text, by: r.actor)
        }
    }

    /// P12: the picture size editors are advised of on upload (written at once: no draft).
    func saveImageRule(_ r: SiteAdminRequest) async throws -> Response {
        try await saveSetting(r, field: "imageRule", notice: "image-rule-saved") { text in
            try await env.service.setImageRule(siteID: r.site.id, text, by: r.actor)
        }
    }

    /// A one-field form of the theme page that is saved at once: back to the page with its notice,
    /// or the page again with what was typed and the problem.
    func saveSetting(
        _ r: SiteAdminRequest, field: String, notice: String, _ save: (String) async throws -> Void
    ) async throws -> Response {
        let text = r.form[field] ?? ""
        do {
            try await save(text)
            return Reply.redirect(AdminURL.theme(site: r.site.code).notice(notice))
        } catch let errors as FieldErrors {
            return try await theme(r, values: [field: text], errors: errors, status: .unprocessableContent)
        }
    }

    func templateName(_ r: SiteAdminRequest) throws -> String {
        let name = r.parameter("id")
        guard env.renderer.templateNames(theme: r.site.theme).contains(name) else { throw ServiceError.notFound("主题中没有这个模板") }
        return name
    }

    func template(_ r: SiteAdminRequest, text: String?, errors: FieldErrors, status: HTTPResponse.Status) async throws -> Response {
        let site = r.site
        let name = try templateName(r)
        let state = try await env.database.read { db in try await ThemeOverrideRecords.state(siteID: site.id, on: db) }
        let original = env.renderer.templateSource(theme: site.theme, name: name) ?? ""
        let view = ThemeTemplateView(
            site: SiteRef(site), name: name, label: Self.templateLabels[name] ?? name,
            overridden: state.preview.templates[name] != nil,
            action: AdminURL.themeTemplate(site: site.code, name: name).path, backURL: AdminURL.theme(site: site.code).path)
        return layout.page(
            r, .themeTemplate, title: "编辑模板：\(Self.templateLabels[name] ?? name)", view,
            form: FormState(["text": text ?? state.preview.templates[name] ?? original], errors), status: status)
    }

    func saveTemplate(_ r: SiteAdminRequest) async throws -> Response {
        let site = r.site
        let name = try templateName(r)
        let reset = r.form["reset"] == "1"
        let text = (r.form["text"] ?? "").replacingOccurrences(of: "\r\n", with: "\n")
        if !reset {
            if text.trimmed.isEmpty {
                return try await template(r, text: text, errors: .single("text", "模板不能为空；要用主题原样，请点“恢复主题原样”"), status: .unprocessableContent)
            }
            if let problem = Renderer.templateProblem(text) {
                return try await template(r, text: text, errors: .single("text", problem), status: .unprocessableContent)
            }
        }
        try await env.themes.draftTemplate(siteID: site.id, name: name, text: text, reset: reset, by: r.actor)
        return Reply.redirect(AdminURL.theme(site: site.code).notice("theme-draft"))
    }

    func publishOrDiscard(_ r: SiteAdminRequest, publish: Bool) async throws -> Response {
        let site = r.site
        try await env.themes.finishDrafts(siteID: site.id, publish: publish, by: r.actor)
        return Reply.redirect(AdminURL.theme(site: site.code).notice(publish ? "theme-published" : "theme-discarded"))
    }

    /// The site's pages as the draft would show them: the homepage, or `?path=/slug/` and
    /// `?path=/slug/ID.html`. Never cached; marked as a preview.
    func preview(_ r: SiteAdminRequest) async throws -> Response {
        let site = r.site
        let publicSite = PublicSite(env: env)
        let mount = try await env.database.read { db in try await publicSite.mount(site, base: "/sites/\(site.code)", preview: true, on: db) }
        let parts = (r.request.uri.queryParameters["path"].map(String.init) ?? "/").split(separator: "/").map(String.init)
        let rendered: PageCache.Rendered
        switch parts.count {
        case 0: rendered = try await publicSite.home(r.request, mount: mount)
        case 1: rendered = try await publicSite.columnPage(r.request, mount: mount, slug: parts[0])
        case 2: rendered = try await publicSite.articlePage(r.request, mount: mount, slug: parts[0], file: parts[1])
        default: rendered = try await publicSite.notFound(mount: mount)
        }
        return Reply.html(rendered.body, status: rendered.status)
    }

    func previewStyle(_ r: SiteAdminRequest) async throws -> Response {
        let state = try await env.database.read { db in try await ThemeOverrideRecords.state(siteID: r.site.id, on: db) }
        return Reply.text(PublicSite.siteStyle(state.preview) ?? "", contentType: "text/css; charset=utf-8", headers: [.cacheControl: "no-store"])
    }
}

/// home-blocks.mustache: the homepage's blocks and the block form.
struct HomeBlocksView {
    struct Row { let id: String, title: String, what: String, first: Bool, last: Bool, configured: Bool }
    struct ColumnOption { let id: String, name: String, selected: Bool }
    let site: SiteRef
    /// No block configured yet: the homepage shows the default blocks.
    let isDefault: Bool
    let rows: [Row]
    let kinds: [Choice]
    let columns: [ColumnOption]
    let editing: Bool
    let action: String
}

/// theme.mustache: the site's colour, logo and banner, and its own templates.
struct ThemeView {
    struct Site { let code: String, name: String, theme: String }
    struct Image { let url: String, name: String, selected: Bool }
    struct Template { let name: String, label: String, overridden: Bool, drafted: Bool, url: String }
    let site: Site
    let hasDraft: Bool
    let logoOptions: [Image], bannerOptions: [Image]
    let hasImages: Bool
    let templates: [Template]
    let previewURL: String
    /// W2: where the list of domains opening without the leaving notice is saved.
    let directLinksURL: String
    /// P12: where the site's picture size is saved, and 001's size as the example.
    let imageRuleURL: String, bureauImageRule: String
}

/// theme-template.mustache: one template of the site's own.
struct ThemeTemplateView {
    let site: SiteRef
    let name: String, label: String
    let overridden: Bool
    let action: String, backURL: String
}
