import Foundation
import Hummingbird
import MenhuCore
import MenhuStore
import SQLKit

/// The public websites: homepage, column lists and article pages of the site whose
/// domain matches the Host header, or of `/sites/{code}/` for local use. W1, W2, W3, S2.
struct PublicSite: Sendable {
    let env: WebEnvironment

    /// Items per column page.
    static let pageSize = 20

    /// How a request reached a site: by its domain (`/`) or by its code (`/sites/{code}/`).
    struct Mount {
        let site: Site
        /// The URL prefix of the site: "" by domain, "/sites/{code}" by code.
        let base: String
        /// The site's own templates, colour, logo and banner (the drafts when previewing).
        var look = ThemeOverrides()
        /// Hosts of the platform's sites: links elsewhere ask before leaving (W2).
        var platformHosts: [String] = []
        /// W2: domains the site's admin lets links open without asking.
        var directHosts: [String] = []
        /// A department's sub-site links back to the portal.
        var portal: LinkView?
        /// A theme preview in the admin console: the draft's style sheet.
        var isPreview = false
        /// A preview in the admin console (of a theme draft, of an unsaved item): never cached,
        /// marked with this notice.
        var previewNotice: String?
        /// W4: the site's other language versions, as links for the header.
        var languageVersions: [(name: String, language: SiteLanguage, url: String)] = []
        /// The words of the pages in the site's language (W4).
        var ui: UIStrings { UIStrings.of(site.identity.language) }
        var homeURL: String { base + "/" }
        func columnURL(_ c: Column) -> String { "\(base)/\(c.slug)/" }
        func articleURL(_ a: Article, column: Column) -> String { "\(base)/\(column.slug)/\(a.id).html" }
    }

    func register(on router: Router<MenhuRequestContext>) {
        route("/", on: router) { request, _, mount in try await home(request, mount: mount) }
        route("/theme.css", on: router) { _, _, mount in siteStyleSheet(mount) }
        router.get("/static/:theme/:file") { _, context in
            try await themeFile(theme: context.parameters.get("theme") ?? "", file: context.parameters.get("file") ?? "")
        }
        registerSearch(on: router)
        registerMaps(on: router)
        registerCatalogue(on: router)
        registerServices(on: router)
        registerInteraction(on: router)
        registerDisclosureRequests(on: router)
        registerSurveys(on: router)
        registerInterviews(on: router)
        route("/:slug/", on: router) { request, context, mount in
            try await columnPage(request, mount: mount, slug: context.parameters.get("slug") ?? "")
        }
        route("/:slug/:file", on: router) { request, context, mount in
            try await articlePage(request, mount: mount, slug: context.parameters.get("slug") ?? "", file: context.parameters.get("file") ?? "")
        }
    }

    /// A cached page of every site: at `path` of the site the Host header names, and at
    /// `/sites/{code}` + `path` for local use.
    func route(
        _ path: String, on router: Router<MenhuRequestContext>,
        _ render: @escaping @Sendable (Request, MenhuRequestContext, Mount?) async throws -> PageCache.Rendered
    ) {
        router.get(RouterPath(path)) { request, context in
            let mount = try await byHost(request)
            return try await cached(request, mount: mount) { try await render(request, context, mount) }
        }
        router.get(RouterPath("/sites/:code" + path)) { request, context in
            let mount = try await byCode(context)
            return try await cached(request, mount: mount) { try await render(request, context, mount) }
        }
    }

    // MARK: Resolving the site

    /// The site whose domain is the Host header; otherwise the platform's portal.
    func byHost(_ request: Request) async throws -> Mount? {
        let host = (request.head.authority ?? "").lowercased()
        let bare = host.split(separator: ":").first.map(String.init) ?? host
        return try await env.database.read { db in
            for name in [host, bare] {
                if let site = try await SiteRecords.find(domain: name, on: db) { return try await mount(site, base: "", byDomain: true, on: db) }
            }
            // Local use: an unknown host shows the portal (DESIGN: runs without configuration).
            let sites = try await SiteRecords.all(on: db)
            guard let portal = sites.first(where: { $0.kind == .portal }) ?? sites.first else { return nil }
            return try await mount(portal, base: "", on: db)
        }
    }

    func byCode(_ context: MenhuRequestContext) async throws -> Mount? {
        let code = context.parameters.get("code") ?? ""
        guard SiteIdentity.isValidCode(code) else { return nil }
        return try await env.database.read { db in
            guard let site = try await SiteRecords.find(code: code, on: db) else { return nil }
            return try await mount(site, base: "/sites/\(site.code)", on: db)
        }
    }

    /// A site as its pages show it: with its live theme changes and the platform's hosts.
    /// `byDomain`: reached by one of its own domains, so links to its other versions use theirs.
    func mount(_ site: Site, base: String, preview: Bool = false, byDomain: Bool = false, on db: any SQLDatabase) async throws -> Mount {
        var mount = Mount(site: site, base: base)
        // Another site of the platform: by its domain when this one was reached by its own.
        func url(_ other: Site) -> String { byDomain ? other.mainDomain.map { "//\($0)/" } ?? "/sites/\(other.code)/" : "/sites/\(other.code)/" }
        mount.languageVersions = try await SiteRecords.languageVersions(of: site, on: db).map { other in
            (other.identity.language == .english ? "English" : "中文", other.identity.language, url(other))
        }
        if site.kind == .subsite && site.identity.variantOf == nil,
            let portal = try await SiteRecords.all(on: db).first(where: { $0.kind == .portal })
        {
            mount.portal = LinkView(name: portal.name, url: url(portal))
        }
        let theme = try await ThemeOverrideRecords.state(siteID: site.id, on: db)
        mount.look = preview ? theme.preview : theme.live
        mount.platformHosts = try await SiteRecords.allDomains(on: db)
        mount.directHosts = try await LeaveNoticeRecords.directDomains(siteID: site.id, on: db)
        mount.isPreview = preview
        if preview { mount.previewNotice = "主题预览：这是尚未发布的主题草稿，公众看不到。" }
        return mount
    }

    // MARK: Pages

    func columnPage(_ request: Request, mount: Mount?, slug: String) async throws -> PageCache.Rendered {
        guard let mount else { return emptyPlatform() }
        let found = try await env.database.read { db in
            try await ColumnPageQuery.read(siteID: mount.site.id, slug: slug, page: request.pageNumber, pageSize: Self.pageSize, on: db)
        }
        guard let page = found else { return try await notFound(mount: mount) }
        return columnRendered(
            mount, column: page.column, tree: page.tree, items: page.items, paging: page.paging,
            sections: page.sections.map { ($0.column, $0.items) })
    }

    /// One page of a column's list, or of a 专题 with its parts (the server and `menhu export` alike).
    func columnRendered(
        _ mount: Mount, column: Column, tree: ColumnTree, items: [Article], paging: Page,
        sections: [(Column, [Article])]
    ) -> PageCache.Rendered {
        var frame = frame(mount, tree: tree, current: column, title: "\(column.name) - \(mount.site.name)")
        frame.breadcrumb = breadcrumb(mount, tree: tree, column: column, last: nil)
        frame.meta = metaTags(mount.site, column: column)
        frame.feeds = [
            .init(type: "application/rss+xml", url: mount.columnURL(column) + "rss.xml", title: "\(column.name) RSS"),
            .init(type: "application/atom+xml", url: mount.columnURL(column) + "atom.xml", title: "\(column.name) Atom"),
        ]
        let view = ColumnView(
            column: .init(
                name: column.name, archived: column.isArchived, description: column.summary.nonEmpty,
                archivedDate: column.archivedAt.map(ChinaTime.day)),
            children: tree.children(of: column.id).filter { !$0.isArchived }.map { LinkView(name: $0.name, url: mount.columnURL($0)) },
            items: items.map { itemView($0, mount: mount, tree: tree) },
            pagination: pagination(paging) { n in n == 1 ? mount.columnURL(column) : mount.columnURL(column) + "?page=\(n)" },
            sections: column.kind != .topic
                ? []
                : sections.enumerated().map { n, section in
                    .init(
                        id: "section-\(n)", name: section.0.name, url: mount.columnURL(section.0),
                        items: section.1.map { itemView($0, mount: mount, tree: tree) }, hasItems: !section.1.isEmpty)
                })
        return page(column.kind == .topic ? .topic : .column, mount, frame, view, tags: [.column(column.id)])
    }

    func articlePage(_ request: Request, mount: Mount?, slug: String, file: String) async throws -> PageCache.Rendered {
        guard let mount else { return emptyPlatform() }
        if file == "rss.xml" || file == "atom.xml" {
            let found = try await env.database.read { db -> (Column, [Column])? in
                guard Column.isValidSlug(slug), let column = try await ColumnRecords.find(siteID: mount.site.id, slug: slug, on: db) else {
                    return nil
                }
                return (column, try await ColumnRecords.all(siteID: mount.site.id, on: db))
            }
            guard let (column, columns) = found else { return try await notFound(mount: mount) }
            return try await feed(request, mount: mount, column: column, tree: ColumnTree(columns), atom: file == "atom.xml")
        }
        guard file.hasSuffix(".html") else { return try await notFound(mount: mount) }
        let id = String(file.dropLast(5))
        let found = try await env.database.read { db in try await ArticlePageQuery.read(siteID: mount.site.id, slug: slug, id: id, on: db) }
        guard let found else { return try await notFound(mount: mount) }
        let (article, column, tree) = (found.article, found.column, found.tree)
        if article.status == .withdrawn {
            // X2: a withdrawn item's address answers 410 Gone with a notice, not a silent 404.
            let ui = mount.ui
            var frame = frame(mount, tree: tree, current: column, title: "\(ui.withdrawnTitle) - \(mount.site.name)")
            frame.meta = metaTags(mount.site, column: column)
            let view = NotFoundView(
                heading: ui.withdrawnHeading,
                message: ui.withdrawnBefore + (article.withdrawnAt.map(ChinaTime.day) ?? "") + ui.withdrawnAfter,
                backURL: mount.columnURL(column), backLabel: ui.backToColumn + column.name)
            return page(.notfound, mount, frame, view, status: .gone, tags: [.article(article.id)])
        }
        return articleRendered(mount, found)
    }

    /// The page of a live item (the server and `menhu export` alike).
    func articleRendered(_ mount: Mount, _ found: ArticlePage) -> PageCache.Rendered {
        let (article, column, tree, content) = (found.article, found.column, found.tree, found.content)
        var frame = frame(mount, tree: tree, current: column, title: "\(article.title) - \(mount.site.name)")
        frame.breadcrumb = breadcrumb(mount, tree: tree, column: column, last: mount.ui.articleCrumb)
        frame.meta = metaTags(mount.site, column: column, article: article)
        let hasFacts = !article.indexNumber.isEmpty || !(content?.documentNumber.isEmpty ?? true)
        var updatedAt: String?
        if let updated = article.updatedAt, let published = article.publishedAt, updated.timeIntervalSince(published) > 60 {
            updatedAt = ChinaTime.minute(updated)  // P15: replaced static information says when
        }
        let item = ArticleView.Item(
            title: article.title, bodyHTML: article.bodyHTML, columnName: column.name, columnURL: mount.columnURL(column),
            publishedAt: article.publishedAt.map(ChinaTime.minute) ?? "",
            subtitle: article.subtitle.nonEmpty, source: article.source.nonEmpty, author: article.author.nonEmpty,
            updatedAt: updatedAt, archivedAt: article.archivedAt.map(ChinaTime.day),  // S5
            // W1: a disclosed document's header box, with who issued it and when it was written.
            documentInfo: hasFacts
                ? ArticleView.DocumentInfo(
                    indexNumber: article.indexNumber, topic: content?.topic ?? "", issuingOrgan: found.issuingOrgan,
                    writtenDate: content.map { DisclosureCatalogueRule.writtenDay($0, publishedAt: article.publishedAt) } ?? "",
                    documentNumber: content?.documentNumber ?? "", validity: content.map { mount.ui.word(for: $0.validity) } ?? "")
                : nil,
            // P4: reposts name the original author and source
            repost: content.flatMap { $0.isRepost ? ArticleView.Repost(originalAuthor: $0.originalAuthor, sourceURL: $0.sourceURL) : nil },
            guide: content?.serviceGuide.map { g in
                ArticleView.Guide(rows: ServiceGuide.Element.allCases.map { .init(label: $0.label, text: g[$0]) })
            })
        let attachments = found.attachments.map { file in
            ArticleView.Attachment(name: file.name, url: file.path, kind: file.kind.rawValue.uppercased(), size: Self.fileSize(file.size))
        }
        func link(_ a: Article?) -> LinkView? { a.map { LinkView(name: $0.title, url: mount.articleURL($0, column: column)) } }
        let view = ArticleView(article: item, attachments: attachments, previous: link(found.previous), next: link(found.next))
        // The neighbours change when the column does.
        return page(.article, mount, frame, view, tags: [.article(article.id), .column(column.id)])
    }

    /// A file's size as people read it: "86 KB", "1.4 MB".
    static func fileSize(_ bytes: Int) -> String {
        bytes < 1024 * 1024 ? "\(max(1, (bytes + 512) / 1024)) KB" : String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }

    func notFound(mount: Mount) async throws -> PageCache.Rendered {
        let columns = try await env.database.read { db in try await ColumnRecords.all(siteID: mount.site.id, on: db) }
        let ui = mount.ui
        var frame = frame(mount, tree: ColumnTree(columns), current: nil, title: "\(ui.notFoundTitle) - \(mount.site.name)")
        frame.meta = metaTags(mount.site)
        var rendered = page(.notfound, mount, frame, NotFoundView(heading: ui.notFoundTitle, message: ui.notFoundMessage), status: .notFound)
        rendered.cacheable = false
        return rendered
    }

    /// The platform has no site yet (`serve --no-demo`).
    func emptyPlatform() -> PageCache.Rendered {
        PageCache.Rendered(
            status: .notFound, cacheControl: "no-store",
            body: """
                <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>门户平台</title>
                <meta name="viewport" content="width=device-width, initial-scale=1"></head>
                <body><main><h1>平台尚未建立网站</h1><p>请平台管理员<a href="/admin/login">登录后台</a>创建网站。</p></main></body></html>
                """, tags: [], cacheable: false)
    }

    /// The site's colour and banner as a stylesheet (see `siteStyle`), kept like its pages.
    func siteStyleSheet(_ mount: Mount?) -> PageCache.Rendered {
        PageCache.Rendered(
            contentType: "text/css; charset=utf-8", cacheControl: "public, max-age=86400",
            body: mount.flatMap { Self.siteStyle($0.look) } ?? "",
            tags: mount.map { [.site($0.site.id)] } ?? [], cacheable: mount != nil)
    }

    func themeFile(theme: String, file: String) async throws -> Response {
        guard theme != "admin", let data = env.renderer.staticFile(theme: theme, file: file) else {
            return Reply.text("Not Found", contentType: "text/plain; charset=utf-8", status: .notFound)
        }
        return StaticFiles.response(data: data, fileName: file)
    }

    // MARK: View pieces

    func itemView(_ a: Article, mount: Mount, tree: ColumnTree) -> ItemView {
        ItemView(
            title: a.title, url: tree.column(a.columnID).map { mount.articleURL(a, column: $0) } ?? "#",
            date: a.publishedAt.map(ChinaTime.day) ?? "")
    }

    /// What every page of a site shows: identity, navigation, footer.
    func frame(_ mount: Mount, tree: ColumnTree, current: Column?, title: String, isHome: Bool = false) -> SiteFrame {
        let site = mount.site
        let currentTop = current.map { c in tree.path(of: c.id).last ?? c.id }
        let ui = mount.ui
        var nav = [SiteFrame.NavLink(name: ui.home, url: mount.homeURL, current: isHome)]
        for column in tree.children(of: nil) where column.inNavigation && !column.isArchived {
            // I1: the 互动交流 section opens the site's channels.
            let url = column.kind == .interaction ? Self.lettersURL(mount) : mount.columnURL(column)
            nav.append(.init(name: column.name, url: url, current: column.id == currentTop))
        }
        // The site's own colour, logo and banner (theme overrides, checked when saved).
        let look = mount.look
        // A stylesheet of its own (the Content-Security-Policy allows no inline styles); its
        // address changes with its content, so browsers never keep an old one.
        let styleURL = Self.siteStyle(look).map { style in
            let version = String(Digest.hex(style).prefix(12))
            return mount.isPreview ? AdminURL.themePreviewCSS(site: site.code).path + "?v=\(version)" : "\(mount.base)/theme.css?v=\(version)"
        }
        let languageLinks = mount.languageVersions.map { SiteFrame.LanguageLink(name: $0.name, url: $0.url, lang: $0.language.rawValue) }
        return SiteFrame(
            pageTitle: title,
            site: .init(
                name: site.name, code: site.code, homeURL: mount.homeURL, sponsor: site.sponsor, organizer: site.organizer,
                siteIDCode: site.siteIDCode, icp: site.icpFiling, publicSecurityFiling: site.publicSecurityFiling,
                contactPhone: site.contactPhone, contactEmail: site.contactEmail, address: site.address,
                domain: site.mainDomain ?? ""),
            nav: nav,
            searchURL: mount.base + "/search", siteMapURL: mount.base + "/sitemap", catalogueURL: mount.base + "/disclosure",
            servicesURL: mount.base + "/services",
            staticBase: "/static/\(env.renderer.hasTheme(site.theme) ? site.theme : "default")",
            // W3: a 找错 entry on every page, the site's 网站找错 channel.
            reportErrorURL: Self.lettersURL(mount, "/\(Self.errorChannel)"),
            demoNotice: env.isDemo ? ui.demoNotice : nil,
            previewNotice: mount.previewNotice,
            internalHosts: mount.platformHosts.joined(separator: " "), directHosts: mount.directHosts.joined(separator: " "),
            portal: mount.portal,
            // W4: the page language, its words, and links to the site's other language versions.
            lang: site.identity.language.rawValue, ui: UIWords(table: ui.byKey),
            languageLinks: languageLinks, hasLanguageLinks: !languageLinks.isEmpty,
            siteStyleURL: styleURL, logoURL: look.logoURL, hasBanner: look.bannerURL != nil)
    }

    /// The CSS of a site's colour and banner, or nil when it has neither.
    static func siteStyle(_ look: ThemeOverrides) -> String? {
        var css = ""
        if let colour = look.primaryColour { css += ":root { --primary: \(colour); }\n" }
        if let banner = look.bannerURL {
            css += ".site-header.has-banner { background-image: url(\"\(banner)\"); background-size: cover; background-position: center; }\n"
        }
        return css.isEmpty ? nil : css
    }

    /// `path?k=v&…&page=n` with the values escaped (page 1 has no page parameter).
    static func link(_ path: String, _ parameters: [(String, String)], page: Int) -> String {
        path + "?"
            + (parameters.filter { !$0.1.isEmpty } + (page > 1 ? [("page", "\(page)")] : [])).map { k, v in
                "\(k)=\(v.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
            }.joined(separator: "&")
    }

    /// The pager of a list (nil when everything fits on one page).
    func pagination(_ paging: Page, url: (Int) -> String) -> PaginationView? {
        guard paging.totalPages > 1 else { return nil }
        return PaginationView(
            current: paging.number, total: paging.totalPages,
            pages: paging.window().map { .init(number: $0, url: url($0), current: $0 == paging.number) },
            prevURL: paging.hasPrevious ? url(paging.number - 1) : nil,
            nextURL: paging.hasNext ? url(paging.number + 1) : nil)
    }

    func breadcrumb(_ mount: Mount, tree: ColumnTree, column: Column, last: String?) -> [SiteFrame.Crumb] {
        var items = [SiteFrame.Crumb(name: mount.ui.home, url: mount.homeURL)]
        for id in tree.path(of: column.id).reversed() {
            guard let c = tree.column(id) else { continue }
            items.append(.init(name: c.name, url: id == column.id && last == nil ? nil : mount.columnURL(c)))
        }
        if let last { items.append(.init(name: last, url: nil)) }
        return items
    }

    /// W2: the national meta tags (网页标签) for the page level.
    func metaTags(_ site: Site, column: Column? = nil, article: Article? = nil) -> [SiteFrame.MetaTag] {
        var tags: [(String, String)] = [("SiteName", site.name), ("SiteDomain", site.mainDomain ?? ""), ("SiteIDCode", site.siteIDCode)]
        if let column {
            tags += [
                ("ColumnName", column.name), ("ColumnDescription", column.summary),
                ("ColumnKeywords", column.name), ("ColumnType", column.kind.label),
            ]
        }
        if let article {
            tags += [
                ("ArticleTitle", article.title), ("PubDate", article.publishedAt.map(ChinaTime.minute) ?? ""),
                ("ContentSource", article.source), ("Author", article.author),
                ("Description", article.summary), ("Keywords", column?.name ?? ""),
            ]
            if let column, let domain = site.mainDomain {
                tags.append(("Url", "https://\(domain)/\(column.slug)/\(article.id).html"))
            }
        }
        return tags.map { SiteFrame.MetaTag(name: $0.0, content: $0.1) }
    }

    /// A rendered page of the site: its own view over the frame; `tags` name what else it shows
    /// (its site always).
    func page(
        _ template: ThemeTemplate, _ mount: Mount, _ frame: SiteFrame, _ view: Any, status: HTTPResponse.Status = .ok,
        tags: [PageTag] = []
    ) -> PageCache.Rendered {
        let body = env.renderer.site(template, theme: mount.site.theme, overrides: mount.look, Layers(view, frame))
        var rendered = PageCache.Rendered(status: status, body: body, tags: [.site(mount.site.id)] + tags)
        if mount.previewNotice != nil { rendered.cacheable = false }
        return rendered
    }

    /// A page through the cache. Kept only at a canonical address, for a host that is one of
    /// the platform's domains (or one of the first few others, for local use).
    func cached(_ request: Request, mount: Mount?, _ render: () async throws -> PageCache.Rendered) async throws -> Response {
        // A platform domain exactly as configured (another port or spelling counts as unknown).
        let host = (request.head.authority ?? "").lowercased()
        let known = mount?.site.identity.domains.contains(host) ?? false
        let keep = PageCache.isCanonical(request.head.path ?? "") && env.pageCache.admits(authority: host, known: known)
        return try await env.pageCache.serve(request, key: PageCache.key(request.head), keep: keep, render: render)
    }
}

/// Static files of themes and the admin console.
enum StaticFiles {
    static func response(data: Data, fileName: String) -> Response {
        let ext = fileName.split(separator: ".").last.map { String($0).lowercased() } ?? ""
        let type: String =
            switch ext {
            case "css": "text/css; charset=utf-8"
            case "js": "text/javascript; charset=utf-8"
            case "png": "image/png"
            case "jpg", "jpeg": "image/jpeg"
            case "svg": "image/svg+xml"
            case "ico": "image/x-icon"
            case "woff2": "font/woff2"
            default: "application/octet-stream"
            }
        return Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=3600"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
