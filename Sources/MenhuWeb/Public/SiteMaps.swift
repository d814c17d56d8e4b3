import Foundation
import HTTPTypes
import Hummingbird
import MenhuCore
import MenhuStore

/// What finds and follows a site besides people: sitemap.xml, a human site map (网站地图, W1),
/// robots.txt, and RSS 2.0 and Atom feeds of every column.
extension PublicSite {
    /// The sitemap protocol's limit of addresses in one file.
    static let sitemapLimit = 50_000
    /// Items in a feed.
    static let feedSize = 20

    func registerMaps(on router: Router<MenhuRequestContext>) {
        router.get("/robots.txt") { request, _ in
            let mount = try await byHost(request)
            return try await cached(request, mount: mount) { try await robots(request, mount: mount) }
        }
        route("/sitemap.xml", on: router) { request, _, mount in try await sitemapXML(request, mount: mount) }
        route("/sitemap", on: router) { request, _, mount in try await siteMap(request, mount: mount) }
    }

    /// `https://host` as the visitor reached us (behind a proxy that says https, https).
    func origin(_ request: Request) -> String {
        let scheme = request.headers[HTTPField.Name("X-Forwarded-Proto")!] == "https" ? "https" : "http"
        return "\(scheme)://\(request.head.authority ?? "localhost")"
    }

    func robots(_ request: Request, mount: Mount?) async throws -> PageCache.Rendered {
        let text = """
            User-agent: *
            Disallow: /admin/
            Disallow: /api/
            Disallow: /search
            Disallow: /sites/*/search

            Sitemap: \(origin(request))\(mount?.base ?? "")/sitemap.xml

            """
        return PageCache.Rendered(contentType: "text/plain; charset=utf-8", cacheControl: "public, max-age=3600", body: text,
                                  tags: mount.map { ["site:\($0.site.id)"] } ?? [])
    }

    func sitemapXML(_ request: Request, mount: Mount?) async throws -> PageCache.Rendered {
        guard let mount else { return emptyPlatform() }
        let (columns, items) = try await env.database.read { db in
            (try await ColumnRecords.all(siteID: mount.site.id, on: db),
             try await ArticleRecords.sitemap(siteID: mount.site.id, limit: Self.sitemapLimit - 500, on: db))
        }
        let tree = ColumnTree(columns)
        let root = origin(request)
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        func url(_ path: String, _ changed: Date?) {
            xml += "<url><loc>\(HTMLText.escape(root + path))</loc>" + (changed.map { "<lastmod>\(ChinaTime.day($0))</lastmod>" } ?? "") + "</url>\n"
        }
        url(mount.homeURL, items.first?.changed)
        for entry in tree.entries where !entry.column.isArchived { url(mount.columnURL(entry.column), nil) }
        for item in items {
            guard let column = tree.column(item.columnID) else { continue }
            url("\(mount.base)/\(column.slug)/\(item.id).html", item.changed)
        }
        xml += "</urlset>\n"
        return PageCache.Rendered(contentType: "application/xml; charset=utf-8", cacheControl: "public, max-age=600", body: xml,
                                  tags: ["site:\(mount.site.id)", "sitemap:\(mount.site.id)"])
    }

    /// 网站地图: every column of the site, as a tree.
    func siteMap(_ request: Request, mount: Mount?) async throws -> PageCache.Rendered {
        guard let mount else { return emptyPlatform() }
        let columns = try await env.database.read { db in try await ColumnRecords.all(siteID: mount.site.id, on: db) }
        let tree = ColumnTree(columns)
        func branch(_ parent: String?) -> [[String: Any]] {
            tree.children(of: parent).filter { !$0.isArchived }.map { c in
                let children = branch(c.id)
                return ["name": c.name, "url": mount.columnURL(c), "children": children, "hasChildren": !children.isEmpty]
            }
        }
        let ui = mount.ui
        var context = frame(mount, tree: tree, current: nil, title: "\(ui["siteMap"]!) - \(mount.site.name)")
        context["breadcrumb"] = [["name": ui["home"]!, "url": mount.homeURL], ["name": ui["siteMap"]!]]
        context["hasBreadcrumb"] = true
        context["columns"] = branch(nil)
        context["meta"] = metaTags(mount.site)
        return page("sitemap", mount, context)
    }

    /// RSS 2.0 (`rss.xml`) or Atom (`atom.xml`) of a column and the columns below it.
    func feed(_ request: Request, mount: Mount, column: Column, tree: ColumnTree, atom: Bool) async throws -> PageCache.Rendered {
        let items = try await env.database.read { db in
            try await ArticleRecords.published(columnIDs: tree.subtree(of: column.id), limit: Self.feedSize, on: db)
        }
        let root = origin(request)
        let e: (String) -> String = { HTMLText.escape($0) }
        let title = "\(column.name) - \(mount.site.name)"
        let columnURL = root + mount.columnURL(column)
        func link(_ a: Article) -> String { root + "\(mount.base)/\(tree.column(a.columnID)?.slug ?? column.slug)/\(a.id).html" }
        let xml: String
        if atom {
            let updated = items.first.flatMap { $0.updatedAt ?? $0.publishedAt } ?? Date(timeIntervalSince1970: 0)
            xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
                <title>\(e(title))</title><id>\(e(columnURL))</id><updated>\(Self.rfc3339(updated))</updated>
                <link rel="alternate" type="text/html" href="\(e(columnURL))"/><link rel="self" href="\(e(columnURL))atom.xml"/>
                <author><name>\(e(mount.site.sponsor))</name></author>

                """ + items.map { a in
                    """
                    <entry><title>\(e(a.title))</title><id>\(e(link(a)))</id><link rel="alternate" type="text/html" href="\(e(link(a)))"/>
                    <published>\(Self.rfc3339(a.publishedAt ?? updated))</published><updated>\(Self.rfc3339(a.updatedAt ?? a.publishedAt ?? updated))</updated>\(a.summary.isEmpty ? "" : "<summary>\(e(a.summary))</summary>")</entry>

                    """
                }.joined() + "</feed>\n"
        } else {
            xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0"><channel>
                <title>\(e(title))</title><link>\(e(columnURL))</link><description>\(e(column.summary.isEmpty ? title : column.summary))</description><language>zh-cn</language>

                """ + items.map { a in
                    """
                    <item><title>\(e(a.title))</title><link>\(e(link(a)))</link><guid isPermaLink="true">\(e(link(a)))</guid>\(a.publishedAt.map { "<pubDate>\(Self.rfc822($0))</pubDate>" } ?? "")\(a.summary.isEmpty ? "" : "<description>\(e(a.summary))</description>")</item>

                    """
                }.joined() + "</channel></rss>\n"
        }
        return PageCache.Rendered(contentType: atom ? "application/atom+xml; charset=utf-8" : "application/rss+xml; charset=utf-8",
                                  cacheControl: "public, max-age=300", body: xml,
                                  tags: ["site:\(mount.site.id)", "column:\(column.id)"])
    }

    static func rfc3339(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = ChinaTime.zone
        return f.string(from: d)
    }

    static func rfc822(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = ChinaTime.zone
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return f.string(from: d)
    }
}
