import Foundation
import MenhuCore
import SQLKit

/// A link on a live page: the address, the page it is on (an item, or the homepage's quick links
/// when `articleID` is empty), the page's column and that column's owner department (O1, M1).
public struct LinkSource: Sendable, Equatable {
    public var url: String
    public var articleID: String
    public var pageTitle: String
    public var columnID: String?
    public var departmentID: String?

    public init(url: String, articleID: String, pageTitle: String, columnID: String?, departmentID: String?) {
        self.url = url; self.articleID = articleID; self.pageTitle = pageTitle; self.columnID = columnID; self.departmentID = departmentID
    }
}

/// A link of a live page that is broken or doubtful, with what was found and since when (P11, M1).
public struct LinkFinding: Sendable, Equatable {
    public var source: LinkSource
    /// Resolved from the platform's own data rather than over HTTP.
    public var isInternal: Bool
    public var outcome: LinkOutcome
    /// Since when the link has had this verdict (the first inspection that found it).
    public var since: Date
    public var checkedAt: Date
}

/// The link health of the daily inspection: the platform's own addresses, the links of each live
/// page, and what was found, kept so the content gate and the health page can read them (P11).
public enum LinkHealthRecords {
    /// What the platform holds, to answer links to its own sites without HTTP.
    public static func platformLinks(ownHosts: Set<String> = [], on db: any SQLDatabase) async throws -> PlatformLinks {
        var sites: [PlatformLinks.SiteEntry] = [], columns: [Column] = []
        for site in try await SiteRecords.all(on: db) {
            sites.append(PlatformLinks.SiteEntry(id: site.id, code: site.code, domains: site.identity.domains, isPortal: site.kind == .portal))
            columns += try await ColumnRecords.all(siteID: site.id, on: db)
        }
        var items: [String: PlatformLinks.ItemEntry] = [:]
        let shown = [Article.Status.published, .archived, .withdrawn].map(\.rawValue)
        for row in try await db.select().column("id").column("site_id").column("column_id").column("status").from("articles")
            .where("status", .in, SQLBind.group(shown)).all()
        {
            items[try row.decode(column: "id", as: String.self)] = PlatformLinks.ItemEntry(
                siteID: try row.decode(column: "site_id", as: String.self), columnID: try row.decode(column: "column_id", as: String.self),
                withdrawn: try row.decode(column: "status", as: String.self) == Article.Status.withdrawn.rawValue)
        }
        let files = Set(try await db.select().column("id").from("files").all().map { try $0.decode(column: "id", as: String.self) })
        return PlatformLinks(sites: sites, columns: columns, items: items, files: files, ownHosts: ownHosts)
    }

    /// Every link of a site's live pages and of their attachments' text, and of its homepage's
    /// quick links, each address once per page; and how many live pages there are.
    public static func sources(site: Site, links: PlatformLinks, on db: any SQLDatabase) async throws -> (sources: [LinkSource], pages: Int) {
        let columns = try await ColumnRecords.all(siteID: site.id, on: db).byID()
        var out: [LinkSource] = []
        for block in try await HomeBlockRecords.all(siteID: site.id, on: db) where block.settings.kind == .links {
            let home = links.homeAddress(siteID: site.id)
            var seen = Set<String>()
            for link in block.settings.links {
                guard LinkExtractor.isAddress(link.url), let url = LinkExtractor.absolute(link.url, page: home), seen.insert(url).inserted else {
                    continue
                }
                out.append(LinkSource(url: url, articleID: "", pageTitle: "首页“\(block.settings.title)”", columnID: nil, departmentID: nil))
            }
        }
        let items = try await ArticleRecords.live(siteID: site.id, on: db)
        var texts: [String: String] = [:]
        let itemFiles = items.map(\.content.fileIDs)
        let fileIDs = Array(Set(itemFiles.joined()))
        for start in stride(from: 0, to: fileIDs.count, by: 500) {
            for file in try await FileRecords.texts(ids: Array(fileIDs[start..<min(start + 500, fileIDs.count)]), on: db) {
                if let text = file.extracted.text { texts[file.file.id] = text }
            }
        }
        for (item, files) in zip(items, itemFiles) {
            let column = columns[item.columnID]
            let page = links.pageAddress(siteID: site.id, slug: column?.settings.slug ?? "-", itemID: item.id)
            let found = LinkExtractor.links(inHTML: item.content.bodyHTML)
            let base = found.base.flatMap { URL(string: $0, relativeTo: page) } ?? page
            var seen = Set<String>()
            let inBody = found.links.map(\.value).filter(LinkExtractor.isAddress).compactMap { LinkExtractor.absolute($0, page: base) }
            let inFiles = files.compactMap { texts[$0] }.flatMap(TextLinks.addresses).compactMap {
                LinkExtractor.absolute($0, page: nil)
            }
            for url in inBody + inFiles where seen.insert(url).inserted {
                out.append(
                    LinkSource(
                        url: url, articleID: item.id, pageTitle: item.content.title, columnID: item.columnID,
                        departmentID: column?.settings.ownerDepartmentID))
            }
        }
        return (out, items.count + 1)
    }

    /// Records what following each address found, keeping since when a broken one has been broken.
    public static func record(_ outcomes: [LinkOutcome], at now: Date, on db: any SQLDatabase) async throws {
        let urls = outcomes.map(\.url)
        var since: [String: Int] = [:]
        for start in stride(from: 0, to: urls.count, by: 500) {
            let part = Array(urls[start..<min(start + 500, urls.count)])
            for row in try await db.select(LinkCheckRow.self).where("url", .in, SQLBind.group(part)).all(decoding: LinkCheckRow.self) {
                if let s = row.brokenSince { since[row.url] = s }
            }
            try await db.delete(from: "link_checks").where("url", .in, SQLBind.group(part)).run()
        }
        for o in outcomes {
            let broken = o.verdict == .broken
            try await db.insert(
                LinkCheckRow(
                    url: o.url, status: o.code ?? 0, broken: broken ? 1 : 0, note: o.reason, checkedAt: now.storedMillis,
                    verdict: o.verdict.rawValue, brokenSince: broken ? since[o.url] ?? now.storedMillis : nil)
            ).run()
        }
    }

    /// Replaces a site's findings with `found` (only its internal ones when `internalOnly`); a
    /// finding already there keeps its `since`.
    public static func replace(
        siteID: String, with found: [(LinkSource, LinkOutcome, isInternal: Bool)], internalOnly: Bool = false, at now: Date,
        on db: any SQLDatabase
    ) async throws {
        var since: [String: Int] = [:]
        for row in try await db.select(LinkFindingRow.self).where("site_id", .equal, siteID).all(decoding: LinkFindingRow.self) {
            since[row.url + "\n" + row.articleID + "\n" + row.verdict] = row.since
        }
        var old = db.delete(from: LinkFindingRow.table).where("site_id", .equal, siteID)
        if internalOnly { old = old.where("internal", .equal, 1) }
        try await old.run()
        let rows = found.filter { $0.1.verdict != .ok && ($0.isInternal || !internalOnly) }.map { source, outcome, isInternal in
            LinkFindingRow(
                siteID: siteID, url: source.url, articleID: source.articleID, pageTitle: source.pageTitle, columnID: source.columnID,
                departmentID: source.departmentID, isInternal: isInternal ? 1 : 0, verdict: outcome.verdict.rawValue, code: outcome.code,
                reason: outcome.reason, since: since[source.url + "\n" + source.articleID + "\n" + outcome.verdict.rawValue] ?? now.storedMillis,
                checkedAt: now.storedMillis)
        }
        // 200 rows a statement (12 binds each, within both engines' limits).
        for start in stride(from: 0, to: rows.count, by: 200) {
            try await db.insert(rows: rows[start..<min(start + 200, rows.count)]).run()
        }
        if !internalOnly { try await db.setSetting("link-check:\(siteID)", String(now.storedMillis)) }
    }

    /// A site's broken and doubtful links, broken first ('broken' sorts before 'caution'), the
    /// longest-standing first.
    public static func findings(siteID: String, limit: Int = 1000, on db: any SQLDatabase) async throws -> [LinkFinding] {
        try await db.select(LinkFindingRow.self).where("site_id", .equal, siteID).orderBy("verdict").orderBy("since").orderBy("url")
            .limit(limit).all(decoding: LinkFindingRow.self).map { $0.finding() }
    }

    /// When the site's links were last inspected, if ever.
    public static func lastChecked(siteID: String, on db: any SQLDatabase) async throws -> Date? {
        try await db.setting("link-check:\(siteID)").flatMap(Int.init).map(Date.init(storedMillis:))
    }
}

/// A row of `link_findings` (migration 23).
struct LinkFindingRow: TableRow {
    static let table = "link_findings"
    static let key: [CodingKeys] = [.siteID, .url, .articleID]

    var siteID: String
    var url: String
    var articleID: String
    var pageTitle: String
    var columnID: String?
    var departmentID: String?
    var isInternal: Int
    var verdict: String
    var code: Int?
    var reason: String
    var since: Int
    var checkedAt: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case siteID = "site_id", url, articleID = "article_id", pageTitle = "page_title", columnID = "column_id"
        case departmentID = "department_id", isInternal = "internal", verdict, code, reason, since, checkedAt = "checked_at"
    }

    func finding() -> LinkFinding {
        LinkFinding(
            source: LinkSource(url: url, articleID: articleID, pageTitle: pageTitle, columnID: columnID, departmentID: departmentID),
            isInternal: isInternal == 1,
            outcome: LinkOutcome(url: url, verdict: LinkVerdict(rawValue: verdict) ?? .broken, code: code, reason: reason),
            since: Date(storedMillis: since), checkedAt: Date(storedMillis: checkedAt))
    }
}
