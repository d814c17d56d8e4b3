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
        return PageCache.Rendered(
            contentType: "text/plain; charset=utf-8", cacheControl: "public, max-age=3600", body: text,
            tags: mount.map { [.site($0.site.id)] } ?? [])
    }

    func sitemapXML(_ request: Request, mount: Mount?) async throws -> PageCache.Rendered {
        guard let mount else { return emptyPlatform() }
        let (columns, items) = try await env.database.read { db in
            (
                try await ColumnRecords.all(siteID: mount.site.id, on: db),
                try await ArticleRecords.sitemap(siteID: mount.site.id, limit: Self.sitemapLimit - 500, on: db)
            )
        }
        let tree = ColumnTree(columns)
        let root = origin(request)
        var urls = [SitemapView.Address(loc: root + mount.homeURL, lastModified: items.first.map { ChinaTime.day($0.changed) })]
        for entry in tree.entries where !entry.column.isArchived { urls.append(.init(loc: root + mount.columnURL(entry.column), lastModified: nil)) }
        for item in items {
            guard let column = tree.column(item.columnID) else { continue }
            urls.append(.init(loc: root + "\(mount.base)/\(column.slug)/\(item.id).html", lastModified: ChinaTime.day(item.changed)))
        }
        let xml = env.renderer.feed(.sitemap, SitemapView(urls: urls))
        return PageCache.Rendered(
            contentType: "application/xml; charset=utf-8", cacheControl: "public, max-age=600", body: xml,
            tags: [.site(mount.site.id), .sitemap(mount.site.id)])
    }

    /// 网站地图: every column of the site, as a tree.
    func siteMap(_ request: Request, mount: Mount?) async throws -> PageCache.Rendered {
        guard let mount else { return emptyPlatform() }
        let columns = try await env.database.read { db in try await ColumnRecords.all(siteID: mount.site.id, on: db) }
        let tree = ColumnTree(columns)
        func branch(_ parent: String?) -> [SiteMapView.Branch] {
            tree.children(of: parent).filter { !$0.isArchived }.map { c in
                SiteMapView.Branch(name: c.name, url: mount.columnURL(c), children: branch(c.id))
            }
        }
        let ui = mount.ui
        var frame = frame(mount, tree: tree, current: nil, title: "\(ui.siteMap) - \(mount.site.name)")
        frame.breadcrumb = [.init(name: ui.home, url: mount.homeURL), .init(name: ui.siteMap, url: nil)]
        frame.meta = metaTags(mount.site)
        return page(.sitemap, mount, frame, SiteMapView(columns: branch(nil)))
    }

    /// RSS 2.0 (`rss.xml`) or Atom (`atom.xml`) of a column and the columns below it.
    func feed(_ request: Request, mount: Mount, column: Column, tree: ColumnTree, atom: Bool) async throws -> PageCache.Rendered {
        let items = try await env.database.read { db in
            try await ArticleRecords.published(columnIDs: tree.subtree(of: column.id), limit: Self.feedSize, on: db)
        }
        let root = origin(request)
        let title = "\(column.name) - \(mount.site.name)"
        let columnURL = root + mount.columnURL(column)
        func link(_ a: Article) -> String { root + "\(mount.base)/\(tree.column(a.columnID)?.slug ?? column.slug)/\(a.id).html" }
        let language = mount.site.identity.language
        let xml: String
        if atom {
            let updated = items.first.flatMap { $0.updatedAt ?? $0.publishedAt } ?? Date(timeIntervalSince1970: 0)
            xml = env.renderer.feed(
                .atom,
                AtomView(
                    language: language.rawValue, title: title, link: columnURL, updated: Self.rfc3339(updated), author: mount.site.sponsor,
                    items: items.map { a in
                        .init(
                            title: a.title, link: link(a), published: Self.rfc3339(a.publishedAt ?? updated),
                            updated: Self.rfc3339(a.updatedAt ?? a.publishedAt ?? updated), summary: a.summary.nonEmpty)
                    }))
        } else {
            xml = env.renderer.feed(
                .rss,
                RSSView(
                    language: language.rawValue.lowercased(), title: title, link: columnURL, description: column.summary.nonEmpty ?? title,
                    items: items.map { a in
                        .init(title: a.title, link: link(a), published: a.publishedAt.map(Self.rfc822), summary: a.summary.nonEmpty)
                    }))
        }
        return PageCache.Rendered(
            contentType: atom ? "application/atom+xml; charset=utf-8" : "application/rss+xml; charset=utf-8",
            cacheControl: "public, max-age=300", body: xml,
            tags: [.site(mount.site.id), .column(column.id)])
    }

    /// An RSS 2.0 channel; `language` as RSS spells it (`zh-cn`, `en`).
    struct RSSView {
        struct Item { let title: String; let link: String; let published: String?; let summary: String? }
        let language: String; let title: String; let link: String; let description: String
        let items: [Item]
    }

    /// An Atom feed; `language` is the page language (`zh-CN`, `en`).
    struct AtomView {
        struct Entry { let title: String; let link: String; let published: String; let updated: String; let summary: String? }
        let language: String; let title: String; let link: String; let updated: String; let author: String
        let items: [Entry]
    }

    /// The sitemap protocol file.
    struct SitemapView {
        struct Address { let loc: String; let lastModified: String? }
        let urls: [Address]
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
