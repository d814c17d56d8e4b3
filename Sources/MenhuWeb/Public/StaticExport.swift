import Foundation
import HTTPTypes
import Hummingbird
import MenhuCore
import MenhuStore
import NIOCore

/// `menhu export`: the whole public site of one site as static files for nginx or a CDN — pages,
/// feeds, sitemap, theme files and attachments — rendered by the same code as the live server.
/// A manifest of content digests makes later runs write only what changed and remove what is
/// gone. Search, the catalogue's filters and interaction stay dynamic (see docs/static-export.md).
public struct StaticExport: Sendable {
    let env: WebEnvironment

    public init(env: WebEnvironment) { self.env = env }

    public struct Report: Sendable, Equatable {
        /// Files the export holds now.
        public var files = 0
        /// Written this run (new or changed).
        public var written = 0
        /// Left alone (same content as last time).
        public var unchanged = 0
        /// Removed (no longer part of the site: withdrawn items, removed attachments…).
        public var removed = 0
        /// Article pages among the files.
        public var articles = 0
    }

    public enum ExportError: Error, CustomStringConvertible {
        case noSuchSite(String)
        case unwritable(String)
        public var description: String {
            switch self {
            case .noSuchSite(let code): "没有代码为“\(code)”的网站"
            case .unwritable(let detail): "无法写入导出目录：\(detail)"
            }
        }
    }

    /// The name of the manifest in the output folder.
    public static let manifestName = ".menhu-export.json"

    /// What an export reads of a site in one transaction: its mount, columns, public items and their live content.
    struct Loaded: Sendable {
        let mount: PublicSite.Mount
        let columns: [Column]
        /// Newest first, with every column each item appears in.
        let articles: [(article: Article, columnIDs: [String])]
        let contents: [String: ArticleContent]
        /// Department names by id (发布机构) and the site's files the items link to (附件).
        let departmentNames: [String: String]
        let files: [String: StoredFile]
    }

    /// Exports the site with `code` into `directory`. `origin` is the address the files will be
    /// served from (feeds and the sitemap name it); by default `https://` and the site's main domain.
    public func run(siteCode code: String, to directory: String, origin: String? = nil) async throws -> Report {
        let site = PublicSite(env: env)
        guard let loaded = try await load(code, site: site) else { throw ExportError.noSuchSite(code) }
        let origin = origin ?? "https://" + (loaded.mount.site.mainDomain ?? "localhost")
        let tree = ColumnTree(loaded.columns)
        var out = await Self.itemPages(loaded, tree: tree, site: site)
        let articleCount = out.count
        // A later part wins a path an earlier one also makes (none should).
        let lists = await Self.columnPages(loaded, tree: tree, site: site)
        out.merge(lists) { $1 }
        let pages = try await sitePages(loaded, tree: tree, site: site, request: Self.request(origin: origin))
        out.merge(pages) { $1 }
        let attachments = try await files(loaded)
        out.merge(attachments) { $1 }
        var report = try Self.write(out, to: directory)
        report.articles = articleCount
        return report
    }

    /// Reads the site with `code` and what its pages show, or nil when there is no such site.
    func load(_ code: String, site: PublicSite) async throws -> Loaded? {
        try await env.database.read { db -> Loaded? in
            guard let found = try await SiteRecords.find(code: code, on: db) else { return nil }
            let mount = try await site.mount(found, base: "", on: db)
            let columns = try await ColumnRecords.all(siteID: found.id, on: db)
            let articles = try await ArticleRecords.allPublic(siteID: found.id, on: db)
            var contents: [String: ArticleContent] = [:]
            for item in try await ArticleRecords.live(siteID: found.id, on: db) { contents[item.id] = item.content }
            let departments = try await DepartmentRecords.all(on: db).byID()
            let names = departments.mapValues { $0.organ(among: departments).name }
            let linked = Array(Set(articles.flatMap { ArticleContent.fileIDs(in: $0.article.bodyHTML) }))
            let files = try await FileRecords.described(ids: linked, siteID: found.id, on: db).byID()
            return Loaded(mount: mount, columns: columns, articles: articles, contents: contents, departmentNames: names, files: files)
        }
    }

    /// Items, each at its own column's address, rendered on every core.
    static func itemPages(_ loaded: Loaded, tree: ColumnTree, site: PublicSite) async -> [String: Data] {
        let (mount, contents) = (loaded.mount, loaded.contents)
        // 上一篇/下一篇: each column's own items in the public order (the order `articles` is in).
        var ownItems: [String: [Article]] = [:]
        for entry in loaded.articles { ownItems[entry.article.columnID, default: []].append(entry.article) }
        var pages: [ArticlePage] = []
        for (columnID, list) in ownItems {
            guard let column = tree.column(columnID) else { continue }
            for (i, article) in list.enumerated() {
                pages.append(
                    ArticlePage(
                        article: article, column: column, tree: tree, content: contents[article.id],
                        departmentName: { loaded.departmentNames[$0] }, file: { loaded.files[$0] },
                        previous: i > 0 ? list[i - 1] : nil, next: i + 1 < list.count ? list[i + 1] : nil))
            }
        }
        var out: [String: Data] = [:]
        for (path, data) in await Parallel.map(
            pages, { page in ("\(page.column.slug)/\(page.article.id).html", Data(site.articleRendered(mount, page).body.utf8)) })
        { out[path] = data }
        return out
    }

    /// Column lists, page by page (`?page=n` is `index-n.html`), rendered on every core. A column
    /// lists the items of its subtree, newest first (the order `articles` is in).
    static func columnPages(_ loaded: Loaded, tree: ColumnTree, site: PublicSite) async -> [String: Data] {
        let (mount, columns, articles) = (loaded.mount, loaded.columns, loaded.articles)
        var listed: [String: [Article]] = [:]
        for column in columns {
            let ids = Set(tree.subtree(of: column.id))
            listed[column.id] = articles.filter { !ids.isDisjoint(with: $0.columnIDs) }.map(\.article)
        }
        var listPages: [(Column, [Article], Page, [(Column, [Article])])] = []
        for column in columns {
            let items = listed[column.id]!
            let pages = Page(requested: 1, size: PublicSite.pageSize, totalItems: items.count).totalPages
            for n in 1...pages {
                let paging = Page(requested: n, size: PublicSite.pageSize, totalItems: items.count)
                // 专题: the first page shows each part with its newest items, as the server does.
                let sections =
                    column.kind == .topic && n == 1
                    ? tree.children(of: column.id).filter { !$0.isArchived }.map { ($0, Array(listed[$0.id]!.prefix(6))) } : []
                listPages.append((column, Array(items.dropFirst(paging.offset).prefix(paging.size)), paging, sections))
            }
        }
        var out: [String: Data] = [:]
        for (path, data) in await Parallel.map(
            listPages,
            { column, slice, paging, sections in
                (
                    "\(column.slug)/" + (paging.number == 1 ? "index.html" : "index-\(paging.number).html"),
                    Data(site.columnRendered(mount, column: column, tree: tree, items: slice, paging: paging, sections: sections).body.utf8)
                )
            })
        { out[path] = data }
        return out
    }

    /// The columns' feeds, the homepage, site maps, catalogue (first page), 404 page, the site's
    /// own stylesheet and the theme's files.
    func sitePages(_ loaded: Loaded, tree: ColumnTree, site: PublicSite, request: Request) async throws -> [String: Data] {
        let mount = loaded.mount
        var out: [String: Data] = [:]
        func put(_ path: String, _ rendered: PageCache.Rendered) { out[path] = Data(rendered.body.utf8) }
        for column in loaded.columns {
            put("\(column.slug)/rss.xml", try await site.feed(request, mount: mount, column: column, tree: tree, atom: false))
            put("\(column.slug)/atom.xml", try await site.feed(request, mount: mount, column: column, tree: tree, atom: true))
        }
        put("index.html", try await site.home(request, mount: mount))
        put("sitemap.xml", try await site.sitemapXML(request, mount: mount))
        put("robots.txt", try await site.robots(request, mount: mount))
        put("sitemap/index.html", try await site.siteMap(request, mount: mount))
        put("disclosure/index.html", try await site.catalogue(request, mount: mount))
        put("404.html", try await site.notFound(mount: mount))
        if let css = PublicSite.siteStyle(mount.look) { out["theme.css"] = Data(css.utf8) }
        let theme = env.renderer.hasTheme(mount.site.theme) ? mount.site.theme : "default"
        for (name, data) in env.renderer.staticFiles(theme: theme) { out["static/\(theme)/\(name)"] = data }
        return out
    }

    /// Attachments and pictures the pages show (the logo and banner too), the site's own only.
    func files(_ loaded: Loaded) async throws -> [String: Data] {
        let mount = loaded.mount
        var fileIDs = Set<String>()
        for (article, _) in loaded.articles { fileIDs.formUnion(ArticleContent.fileIDs(in: article.bodyHTML)) }
        fileIDs.formUnion([mount.look.logoURL, mount.look.bannerURL].compactMap { $0.flatMap(ArticleContent.fileID(of:)) })
        let wanted = fileIDs.sorted()
        let files = try await env.database.read { db in
            var found: [(String, Data)] = []
            for id in wanted {
                guard let (file, data) = try await FileRecords.find(id: id, on: db), file.siteID == mount.site.id else { continue }
                found.append(("files/\(file.id)/\(file.name)", data))
            }
            return found
        }
        var out: [String: Data] = [:]
        for (path, data) in files { out[path] = data }
        return out
    }

    /// A GET as a visitor at `origin` would send it (feeds and the sitemap name the origin).
    static func request(origin: String) -> Request {
        let secure = origin.hasPrefix("https://")
        let authority = String(origin.drop { $0 != "/" }.drop { $0 == "/" })
        var head = HTTPRequest(method: .get, scheme: secure ? "https" : "http", authority: authority, path: "/")
        if secure { head.headerFields[HTTPField.Name("X-Forwarded-Proto")!] = "https" }
        return Request(head: head, body: RequestBody(buffer: ByteBuffer()))
    }

    /// Writes the files whose content changed since the manifest was written, removes the ones
    /// no longer produced, and writes the new manifest.
    static func write(_ files: [String: Data], to directory: String) throws -> Report {
        let fm = FileManager.default
        let root = URL(fileURLWithPath: directory, isDirectory: true)
        do { try fm.createDirectory(at: root, withIntermediateDirectories: true) } catch {
            throw ExportError.unwritable("\(directory)：\(error.localizedDescription)")
        }
        let manifestURL = root.appendingPathComponent(manifestName)
        let previous = (try? Data(contentsOf: manifestURL)).flatMap { try? JSONDecoder().decode([String: String].self, from: $0) } ?? [:]
        var manifest: [String: String] = [:]
        var report = Report(files: files.count)
        var made = Set<String>()
        for (path, data) in files.sorted(by: { $0.key < $1.key }) {
            guard Self.isSafe(path) else { continue }
            let digest = Digest.hex(data)
            manifest[path] = digest
            let url = root.appendingPathComponent(path)
            if previous[path] == digest && fm.fileExists(atPath: url.path) { report.unchanged += 1; continue }
            let folder = url.deletingLastPathComponent()
            if !made.contains(folder.path) {
                try? fm.createDirectory(at: folder, withIntermediateDirectories: true)
                made.insert(folder.path)
            }
            guard Self.replace(url.path, with: data) else { throw ExportError.unwritable("\(path)：\(String(cString: strerror(errno)))") }
            report.written += 1
        }
        for path in previous.keys where manifest[path] == nil && isSafe(path) {
            if (try? fm.removeItem(at: root.appendingPathComponent(path))) != nil { report.removed += 1 }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(manifest).write(to: manifestURL, options: .atomic)
        return report
    }

    /// Writes a file under a temporary name and renames it over the old one, so a server reading
    /// the folder meanwhile sees the old file or the new one, never half of one. (Foundation's
    /// atomic write took 0.7 ms a file here; this takes a tenth of that.)
    static func replace(_ path: String, with data: Data) -> Bool {
        let temporary = path + ".menhu-tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return false }
        let ok = data.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let n = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
        close(fd)
        guard ok, rename(temporary, path) == 0 else { unlink(temporary); return false }
        return true
    }

    /// Relative paths without `..`, so an export never writes outside its folder.
    static func isSafe(_ path: String) -> Bool {
        !path.hasPrefix("/") && !path.split(separator: "/").contains { $0 == ".." || $0 == "." || $0.isEmpty }
    }
}
