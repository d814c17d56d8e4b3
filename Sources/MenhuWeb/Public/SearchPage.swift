import Foundation
import Hummingbird
import MenhuCore
import MenhuStore

/// 站内搜索 (W1): `/search` on a site, across every site of the platform from the portal.
/// Two-character words work (bigram index); filters by column, date range and document number;
/// results by relevance (weighed against age) or by time, with the words marked.
extension PublicSite {
    func uncached(_ rendered: PageCache.Rendered) -> PageCache.Rendered {
        var r = rendered
        r.cacheable = false
        r.cacheControl = "no-cache"
        return r
    }

    func registerSearch(on router: Router<MenhuRequestContext>) {
        // Results are not kept: every query is different, and the index is always current.
        route("/search", on: router) { request, _, mount in try await search(request, mount: mount) }
    }

    func search(_ request: Request, mount: Mount?) async throws -> PageCache.Rendered {
        guard let mount else { return emptyPlatform() }
        let param = request.query
        let text = String(param("q").prefix(60)), number = String(param("docno").prefix(40))
        let isPortal = mount.site.kind == .portal
        // From the portal the whole platform is searched unless "本站" or one of its columns is chosen.
        let allSites = isPortal && param("scope") != "site" && param("column").isEmpty
        let from = CalendarDay(param("from")), to = CalendarDay(param("to"))
        let order: SearchQuery.Order = param("order") == "recent" ? .recent : .relevance
        let (sites, columns) = try await env.database.read { db in
            (try await SiteRecords.all(on: db), try await ColumnRecords.all(siteID: mount.site.id, on: db))
        }
        let tree = ColumnTree(columns)
        let column = allSites ? nil : columns.first { $0.slug == param("column") }
        var query = SearchQuery(
            text: text, siteID: allSites ? nil : mount.site.id, columnID: column?.id,
            from: from.map(ChinaTime.start), to: to.map { ChinaTime.start(of: $0).addingTimeInterval(86_400) },
            documentNumber: number, order: order, page: request.pageNumber)
        let ui = mount.ui
        var frame = frame(
            mount, tree: tree, current: nil, title: (text.isEmpty ? ui.siteSearch : ui.searchTitleBefore + text) + " - \(mount.site.name)")
        frame.meta = metaTags(mount.site)
        let badDate = (!param("from").isEmpty && from == nil) || (!param("to").isEmpty && to == nil)
        let form = SearchView.Form(
            action: mount.base + "/search", q: text, docno: number.nonEmpty, from: from?.description, to: to?.description,
            recent: order == .recent, portal: isPortal, allSites: allSites,
            columns: allSites
                ? []
                : tree.entries.filter { !$0.column.isArchived }.map { e in
                    .init(slug: e.column.slug, name: String(repeating: "　", count: e.depth) + e.column.name, selected: e.column.id == column?.id)
                },
            dateError: badDate ? ui.dateError : nil)
        var view = SearchView(form: form)
        guard !query.isEmpty else {
            view.prompt = text.isEmpty && number.isEmpty ? ui.searchPrompt : ui.searchPromptChars
            return uncached(page(.search, mount, frame, view))
        }
        let now = env.clock.now()
        let first = query
        var results = try await env.database.read { db in try await SearchIndex.search(first, now: now, engine: env.database.engine, on: db) }
        let paging = Page(requested: query.page, size: query.pageSize, totalItems: results.total)
        if paging.number != query.page {  // past the last page: show the last one
            query.page = paging.number
            let last = query
            results = try await env.database.read { db in try await SearchIndex.search(last, now: now, engine: env.database.engine, on: db) }
        }
        let found = results
        // Results of other sites link to them by code (works under any host name).
        let otherColumns = try await env.database.read { db in
            var byID: [String: Column] = [:]
            for siteID in Set(found.hits.map(\.siteID)) where siteID != mount.site.id {
                for c in try await ColumnRecords.all(siteID: siteID, on: db) { byID[c.id] = c }
            }
            return byID
        }
        let siteByID = Dictionary(uniqueKeysWithValues: sites.map { ($0.id, $0) })
        view.results = results.hits.map { hit in
            let own = hit.siteID == mount.site.id
            let c = own ? tree.column(hit.columnID) : otherColumns[hit.columnID]
            let base = own ? mount.base : "/sites/\(siteByID[hit.siteID]?.code ?? "")"
            return SearchView.Result(
                title: hit.title, titleHTML: hit.titleHTML, snippet: hit.snippetHTML, date: ChinaTime.day(hit.publishedAt),
                url: c.map { "\(base)/\($0.slug)/\(hit.articleID).html" } ?? "#", column: c?.name ?? "", archived: hit.archived,
                documentNumber: hit.documentNumber.nonEmpty, siteName: allSites ? siteByID[hit.siteID]?.name : nil)
        }
        view.total = "\(results.total)" + (results.more ? ui.totalMoreAfter : results.total == 1 ? ui.totalOneAfter : ui.totalAfter)
        if results.more && order == .relevance {
            view.windowNote = ui.windowNoteBefore + "\(SearchIndex.relevanceWindow)" + ui.windowNoteAfter
        }
        let keep = [
            ("q", text), ("docno", number), ("column", column?.slug ?? ""), ("from", from?.description ?? ""),
            ("to", to?.description ?? ""), ("order", order == .recent ? "recent" : ""), ("scope", isPortal && !allSites ? "site" : ""),
        ]
        view.pagination = pagination(paging) { n in Self.link(mount.base + "/search", keep, page: n) }
        return uncached(page(.search, mount, frame, view))
    }
}
