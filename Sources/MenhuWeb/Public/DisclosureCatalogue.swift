import Foundation
import Hummingbird
import MenhuCore
import MenhuStore

/// 政府信息公开目录 (W1, S2): every public item of the site's disclosure and policy columns as a
/// table by 索引号, 名称, 发布机构, 成文日期, 文号 and 有效性, filtered by any of them, with links
/// to the disclosure guide and the yearly reports.
extension PublicSite {
    static let catalogueSize = 20

    func registerCatalogue(on router: Router<MenhuRequestContext>) {
        route("/disclosure", on: router) { request, _, mount in try await catalogue(request, mount: mount) }
    }

    func catalogue(_ request: Request, mount: Mount?) async throws -> PageCache.Rendered {
        guard let mount else { return emptyPlatform() }
        let param = request.query
        let structure = try await env.database.read { db in try await SiteStructureQuery.read(siteID: mount.site.id, on: db) }
        let tree = structure.tree, columns = structure.columns, names = structure.departmentsByID
        let catalogueColumns = columns.filter { DisclosureCatalogueRule.columnKinds.contains($0.kind) }
        // Every live item of a disclosure column, and any other with disclosure metadata (a 文号, a 主题分类).
        func written(_ e: LiveItem) -> String { DisclosureCatalogueRule.writtenDay(e.content, publishedAt: e.publishedAt) }
        let entries = try await env.database.read { db in try await ArticleRecords.live(siteID: mount.site.id, on: db) }
            .filter { DisclosureCatalogueRule.belongs($0.content, columnKind: tree.column($0.columnID)?.kind) }
            .sorted { (written($0), $0.publishedAt) > (written($1), $1.publishedAt) }  // 成文日期, newest first
        func organ(_ c: ArticleContent) -> String {
            DisclosureCatalogueRule.issuingOrgan(
                c, columnOwner: tree.column(c.columnID)?.ownerDepartmentID, departmentName: { names[$0]?.organ(among: names).name })
        }

        let words = param("q"), number = param("docno"), index = param("index"), topic = param("topic"), issuer = param("organ")
        let validity = Validity(rawValue: param("validity"))
        let from = CalendarDay(param("from")), to = CalendarDay(param("to"))
        let matching = entries.filter { e in
            let c = e.content
            let wordsMatch = words.isEmpty || c.title.contains(words) || c.documentNumber.contains(words) || e.indexNumber.contains(words)
            return wordsMatch && (number.isEmpty || c.documentNumber.contains(number))
                && (index.isEmpty || e.indexNumber.contains(index)) && (topic.isEmpty || c.topic == topic)
                && (issuer.isEmpty || organ(c) == issuer) && (validity == nil || c.validity == validity)
                && (from.map { written(e) >= $0.description } ?? true) && (to.map { written(e) <= $0.description } ?? true)
        }
        let paging = Page(requested: request.pageNumber, size: Self.catalogueSize, totalItems: matching.count)
        let shown = matching.dropFirst(paging.offset).prefix(paging.size)
        let ui = mount.ui
        var frame = frame(mount, tree: tree, current: nil, title: "\(ui.disclosureCatalogue) - \(mount.site.name)")
        frame.breadcrumb = [.init(name: ui.home, url: mount.homeURL), .init(name: ui.disclosureCatalogue, url: nil)]
        frame.meta = metaTags(mount.site)
        let choices = { (values: [String], chosen: String) in values.map { CatalogueView.Choice(value: $0, selected: $0 == chosen) } }
        let form = CatalogueView.Form(
            action: mount.base + "/disclosure", q: words, docno: number, index: index,
            from: from?.description ?? "", to: to?.description ?? "",
            topics: choices(Set(entries.map(\.content.topic)).filter { !$0.isEmpty }.sorted(), topic),
            organs: choices(Set(entries.map { organ($0.content) }).filter { !$0.isEmpty }.sorted(), issuer),
            validities: Validity.allCases.map { .init(value: $0.rawValue, label: ui.word(for: $0), selected: $0 == validity) })
        let rows = shown.map { e in
            let column = tree.column(e.columnID)
            return CatalogueView.Row(
                index: e.indexNumber, title: e.content.title, organ: organ(e.content), written: written(e),
                number: e.content.documentNumber, validity: ui.word(for: e.content.validity), invalid: e.content.validity == .invalid,
                url: column.map { "\(mount.base)/\($0.slug)/\(e.id).html" } ?? "#", published: ChinaTime.day(e.publishedAt))
        }
        // The guide and the yearly reports are pages of their own columns.
        let links =
            catalogueColumns.filter { c in c.name.contains("指南") || c.name.contains("年报") || c.name.contains("年度报告") }
            .map { LinkView(name: $0.name, url: mount.columnURL($0)) }
            // I7: the online request form and its look-up.
            + [LinkView(name: "依申请公开", url: mount.base + Self.disclosureRequestPath)]
        let keep = [
            ("q", words), ("docno", number), ("index", index), ("topic", topic), ("organ", issuer),
            ("validity", validity?.rawValue ?? ""), ("from", from?.description ?? ""), ("to", to?.description ?? ""),
        ]
        let view = CatalogueView(
            form: form, rows: Array(rows), total: matching.count, totalAfter: matching.count == 1 ? ui.countOneAfter : ui.countAfter, links: links,
            pagination: pagination(paging) { n in Self.link(mount.base + "/disclosure", keep, page: n) })
        // An item of any column may enter the catalogue: a change in any column refreshes it.
        return page(.disclosure, mount, frame, view, tags: columns.map { .column($0.id) })
    }
}
