import Foundation
import Hummingbird
import MenhuCore
import MenhuStore

/// 办事服务 (W5): every live 办事指南 of the site (the items of its 办事服务 columns) by 事项名称,
/// 办理机构, 办理地点 and 联系电话, each opening the guide with all ten elements.
extension PublicSite {
    static let servicesPageSize = 30

    func registerServices(on router: Router<MenhuRequestContext>) {
        route("/services", on: router) { request, _, mount in try await services(request, mount: mount) }
    }

    func services(_ request: Request, mount: Mount?) async throws -> PageCache.Rendered {
        guard let mount else { return emptyPlatform() }
        let (structure, guides) = try await env.database.read { db in
            let structure = try await SiteStructureQuery.read(siteID: mount.site.id, on: db)
            let services = structure.columns.filter { $0.kind == .service && !$0.isArchived }.map(\.id)
            return (structure, try await ArticleRecords.live(siteID: mount.site.id, columnIDs: services, on: db))
        }
        let tree = structure.tree
        // By 事项名称 (the title when the element is empty), as people look a service up.
        let sorted = guides.sorted { name($0).compare(name($1), locale: Locale(identifier: "zh_CN")) == .orderedAscending }
        let paging = Page(requested: request.pageNumber, size: Self.servicesPageSize, totalItems: sorted.count)
        let ui = mount.ui
        var frame = frame(mount, tree: tree, current: nil, title: "\(ui.guideCatalogue) - \(mount.site.name)")
        frame.breadcrumb = [.init(name: ui.home, url: mount.homeURL), .init(name: ui.guideCatalogue, url: nil)]
        frame.meta = metaTags(mount.site)
        let rows = sorted.dropFirst(paging.offset).prefix(paging.size).map { e in
            let column = tree.column(e.columnID)
            let guide = e.content.serviceGuide ?? ServiceGuide()
            return ServicesView.Row(
                item: name(e), agency: guide[.agency], place: guide[.place], phone: guide[.phone],
                url: column.map { "\(mount.base)/\($0.slug)/\(e.id).html" } ?? "#", column: column?.name ?? "")
        }
        let view = ServicesView(
            rows: Array(rows), total: sorted.count, totalAfter: sorted.count == 1 ? ui.countOneAfter : ui.countAfter,
            pagination: pagination(paging) { n in Self.link(mount.base + "/services", [], page: n) })
        return page(.services, mount, frame, view, tags: structure.columns.filter { $0.kind == .service }.map { .column($0.id) })
    }

    /// A guide's 事项名称, or its title when that is not filled in.
    private func name(_ e: LiveItem) -> String { e.content.serviceGuide?[.itemName].nonEmpty ?? e.content.title }
}
