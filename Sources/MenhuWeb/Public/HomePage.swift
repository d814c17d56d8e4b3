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
        var frame = frame(mount, tree: tree, current: nil, title: mount.site.name, isHome: true)
        frame.meta = metaTags(mount.site)
        let view = HomeView(blocks: blocks.map { blockView($0, mount: mount, tree: tree, reportErrorURL: frame.reportErrorURL) })
        // The homepage shows the newest items of its block columns: a change in them drops it.
        let columnTags = blocks.compactMap(\.block.settings.columnID).map { PageTag.column($0) }
        return page(.home, mount, frame, view, tags: columnTags + [.home(mount.site.id), .sitemap(mount.site.id)])
    }

    func blockView(_ shown: ShownBlock, mount: Mount, tree: ColumnTree, reportErrorURL: String) -> HomeView.Block {
        let s = shown.block.settings
        var view = HomeView.Block(
            title: s.title, kind: s.kind.rawValue, id: "block-\(shown.block.position)",
            moreURL: s.columnID.flatMap { tree.column($0) }.map { mount.columnURL($0) })
        switch s.kind {
        case .latest, .notices:
            if s.kind == .latest { view.isLatest = true } else { view.isNotices = true }
            view.items = shown.items.map { itemView($0, mount: mount, tree: tree) }
            view.hasItems = !shown.items.isEmpty
        case .pictures:
            view.isPictures = true
            view.pictures = shown.items.compactMap { a in
                guard let image = ArticleContent.images(in: a.bodyHTML).first else { return nil }
                let item = itemView(a, mount: mount, tree: tree)
                // P12: the picture's caption; the title stands in when the editor left it empty.
                return HomeView.Picture(
                    title: item.title, url: item.url, date: item.date, src: image.src,
                    caption: image.caption.isEmpty ? a.title : image.caption)
            }
            view.hasItems = !view.pictures.isEmpty
        case .topics:
            view.isTopics = true
            // The topics themselves, not a column that only gathers them (专题专栏 → 优化营商环境, …).
            let topics = tree.entries.map(\.column).filter { c in
                c.kind == .topic && !c.isArchived && !tree.children(of: c.id).contains { $0.kind == .topic && !$0.isArchived }
            }.prefix(s.count)
            view.topics = topics.map { HomeView.Entry(name: $0.name, url: mount.columnURL($0), summary: $0.summary.nonEmpty) }
            view.hasItems = !topics.isEmpty
        case .links:
            view.isLinks = true
            view.links = s.links.map { LinkView(name: $0.name, url: $0.url) }
            view.hasItems = !s.links.isEmpty
        case .interaction:
            view.isInteraction = true
            // An interaction column with parts (互动交流 over its channels) is shown by its parts.
            let channels = tree.entries.map(\.column).filter { c in
                c.kind == .interaction && !c.isArchived && !tree.children(of: c.id).contains { $0.kind == .interaction && !$0.isArchived }
            }
            view.entries = channels.map {
                HomeView.Entry(name: $0.name, url: mount.columnURL($0), summary: $0.summary.nonEmpty)
            }
            // W3: the 找错 entry is always there; the letters capability will add its forms.
            view.entries.append(.init(name: "我要找错", url: reportErrorURL, summary: "发现本站错误或不可用的内容，请告诉我们。"))
            view.hasItems = true
        }
        return view
    }
}
