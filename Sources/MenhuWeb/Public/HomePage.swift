import Foundation
import Hummingbird
import MenhuCore
import MenhuStore
import SQLKit

/// The homepage, built from the blocks the site's admin configured (W1): newest items, picture
/// news with captions (P12), notices, special topics (专题), quick links and the interaction
/// entry. A site without configured blocks shows the newest items of its first columns.
extension PublicSite {
    /// One block with what it shows.
    struct ShownBlock {
        var block: HomeBlock
        var items: [Article] = []
    }

    func home(_ request: Request, mount: Mount?) async throws -> PageCache.Rendered {
        guard let mount else { return emptyPlatform() }
        let (columns, shown) = try await env.database.read { db -> ([Column], [ShownBlock]) in
            let columns = try await ColumnRecords.all(siteID: mount.site.id, on: db).filter { !$0.isArchived }
            let blocks = try await homeBlocks(mount.site, columns: columns, on: db)
            return (columns, blocks)
        }
        return homePage(mount, columns: columns, blocks: shown)
    }

    /// The blocks of a site's homepage with their items.
    func homeBlocks(_ site: Site, columns: [Column], on db: any SQLDatabase) async throws -> [ShownBlock] {
        let tree = ColumnTree(columns)
        var blocks = try await HomeBlockRecords.all(siteID: site.id, on: db)
        if blocks.isEmpty { blocks = HomeBlock.defaults(siteID: site.id, columns: columns) }
        var shown: [ShownBlock] = []
        for block in blocks {
            let s = block.settings
            guard s.kind.needsColumn else { shown.append(ShownBlock(block: block)); continue }
            // A block of an archived or moved-away column is left out rather than shown empty.
            guard let columnID = s.columnID, tree.column(columnID) != nil else { continue }
            let ids = tree.subtree(of: columnID)
            var items: [Article]
            if s.kind == .pictures {
                items = try await ArticleRecords.published(columnIDs: ids, limit: s.count * 3, withBody: true, on: db)
                    .filter { !ArticleContent.images(in: $0.bodyHTML).isEmpty }
                items = Array(items.prefix(s.count))
            } else {
                items = try await ArticleRecords.published(columnIDs: ids, limit: s.count, on: db)
            }
            shown.append(ShownBlock(block: block, items: items))
        }
        return shown
    }

    /// Renders the homepage.
    func homePage(_ mount: Mount, columns: [Column], blocks: [ShownBlock]) -> PageCache.Rendered {
        let tree = ColumnTree(columns)
        var context = frame(mount, tree: tree, current: nil, title: mount.site.name, isHome: true)
        context["blocks"] = blocks.map { blockView($0, mount: mount, tree: tree, context: context) }
        context["meta"] = metaTags(mount.site)
        // The homepage shows the newest items of its block columns: a change in them drops it.
        let columnTags = blocks.compactMap(\.block.settings.columnID).map { "column:\($0)" }
        return page("home", mount, context, tags: columnTags + ["home:\(mount.site.id)", "sitemap:\(mount.site.id)"])
    }

    func blockView(_ shown: ShownBlock, mount: Mount, tree: ColumnTree, context: [String: Any]) -> [String: Any] {
        let s = shown.block.settings
        var view: [String: Any] = ["title": s.title, "kind": s.kind.rawValue, "id": "block-\(shown.block.position)"]
        view["is" + s.kind.rawValue.prefix(1).uppercased() + s.kind.rawValue.dropFirst()] = true
        if let columnID = s.columnID, let column = tree.column(columnID) { view["moreURL"] = mount.columnURL(column) }
        switch s.kind {
        case .latest, .notices:
            view["items"] = shown.items.map { itemView($0, mount: mount, tree: tree) }
            view["hasItems"] = !shown.items.isEmpty
        case .pictures:
            let pictures = shown.items.compactMap { a -> [String: String]? in
                guard let image = ArticleContent.images(in: a.bodyHTML).first else { return nil }
                var item = itemView(a, mount: mount, tree: tree)
                item["src"] = image.src
                // P12: the picture's caption; the title stands in when the editor left it empty.
                item["caption"] = image.caption.isEmpty ? a.title : image.caption
                return item
            }
            view["pictures"] = pictures
            view["hasItems"] = !pictures.isEmpty
        case .topics:
            // The topics themselves, not a column that only gathers them (专题专栏 → 优化营商环境, …).
            let topics = tree.entries.map(\.column).filter { c in
                c.kind == .topic && !c.isArchived && !tree.children(of: c.id).contains { $0.kind == .topic && !$0.isArchived }
            }.prefix(s.count)
            view["topics"] = topics.map { c -> [String: String] in ["name": c.name, "url": mount.columnURL(c), "summary": c.summary] }
            view["hasItems"] = !topics.isEmpty
        case .links:
            view["links"] = s.links.map { ["name": $0.name, "url": $0.url] }
            view["hasItems"] = !s.links.isEmpty
        case .interaction:
            var entries: [[String: String]] = tree.entries.map(\.column).filter { $0.kind == .interaction && !$0.isArchived }.map {
                ["name": $0.name, "url": mount.columnURL($0), "summary": $0.summary]
            }
            // W3: the 找错 entry is always there; the letters capability will add its forms.
            entries.append(["name": "我要找错", "url": context["reportErrorURL"] as? String ?? "", "summary": "发现本站错误或不可用的内容，请告诉我们。"])
            view["entries"] = entries
            view["hasItems"] = true
        }
        return view
    }
}
