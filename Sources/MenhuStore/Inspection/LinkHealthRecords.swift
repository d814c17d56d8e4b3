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
    /// When the finding was last written as it is now (an unchanged one is not written again).
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
        // Each body's links made absolute and its files, on every core.
        let read = await Parallel.map(items, minimumChunk: 500) { item -> (files: [String], links: [String]) in
            let page = links.pageAddress(siteID: site.id, slug: columns[item.columnID]?.settings.slug ?? "-", itemID: item.id)
            let found = LinkExtractor.links(inHTML: item.content.bodyHTML)
            let base = found.base.flatMap { URL(string: $0, relativeTo: page) } ?? page
            let inBody = found.links.map(\.value).filter(LinkExtractor.isAddress).compactMap { LinkExtractor.absolute($0, page: base) }
            return (item.content.fileIDs, inBody)
        }
        var texts: [String: String] = [:]
        let fileIDs = Array(Set(read.map(\.files).joined()))
        for start in stride(from: 0, to: fileIDs.count, by: 500) {
            for file in try await FileRecords.texts(ids: Array(fileIDs[start..<min(start + 500, fileIDs.count)]), on: db) {
                if let text = file.extracted.text { texts[file.file.id] = text }
            }
        }
        let found = texts
        out += await Parallel.map(Array(zip(items, read)), minimumChunk: 500) { item, read -> [LinkSource] in
            let department = columns[item.columnID]?.settings.ownerDepartmentID
            var seen = Set<String>()
            let inFiles = read.files.compactMap { found[$0] }.flatMap(TextLinks.addresses).compactMap {
                LinkExtractor.absolute($0, page: nil)
            }
            return (read.links + inFiles).filter { seen.insert($0).inserted }.map { url in
                LinkSource(url: url, articleID: item.id, pageTitle: item.content.title, columnID: item.columnID, departmentID: department)
            }
        }.joined()
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

    /// Replaces a site's findings with `found` (only its internal ones when `internalOnly`): a
    /// finding already there with the same verdict keeps its `since`. Only what changed is written
    /// (day after day most findings are the same ones: they keep the `checkedAt` of when they were
    /// last written as they are; when the site was last inspected is `lastChecked`).
    public static func replace(
        siteID: String, with found: [(LinkSource, LinkOutcome, isInternal: Bool)], internalOnly: Bool = false, at now: Date,
        on db: any SQLDatabase
    ) async throws {
        struct Key: Hashable { let url: String, articleID: String }
        var existing = db.select(LinkFindingRow.self).where("site_id", .equal, siteID)
        if internalOnly { existing = existing.where("internal", .equal, 1) }
        var old: [Key: LinkFindingRow] = [:]
        for row in try await existing.all() {
            // Read by hand: a site can have hundreds of thousands, and the row decoder is slow.
            let r = RowReader(row)
            let finding = LinkFindingRow(
                siteID: siteID, url: try r.string("url"), articleID: try r.string("article_id"), pageTitle: try r.string("page_title"),
                columnID: try r.optionalString("column_id"), departmentID: try r.optionalString("department_id"),
                isInternal: try r.int("internal"), verdict: try r.string("verdict"), code: try row.decode(column: "code", as: Int?.self),
                reason: try r.string("reason"), since: try r.int("since"), checkedAt: try r.int("checked_at"))
            old[Key(url: finding.url, articleID: finding.articleID)] = finding
        }
        var written: [LinkFindingRow] = [], gone: [Key] = []
        for (source, outcome, isInternal) in found where outcome.verdict != .ok && (isInternal || !internalOnly) {
            let key = Key(url: source.url, articleID: source.articleID)
            let before = old.removeValue(forKey: key)
            var row = LinkFindingRow(
                siteID: siteID, url: source.url, articleID: source.articleID, pageTitle: source.pageTitle, columnID: source.columnID,
                departmentID: source.departmentID, isInternal: isInternal ? 1 : 0, verdict: outcome.verdict.rawValue, code: outcome.code,
                reason: outcome.reason, since: now.storedMillis, checkedAt: now.storedMillis)
            if let before, before.verdict == row.verdict { row.since = before.since }
            if let before {
                var same = before
                same.checkedAt = row.checkedAt
                if same == row { continue }
                gone.append(key)
            }
            written.append(row)
        }
        gone += old.keys
        // 200 addresses a statement (within both engines' limits on binds).
        for start in stride(from: 0, to: gone.count, by: 200) {
            let part = gone[start..<min(start + 200, gone.count)]
            let pairs = part.map { key -> SQLQueryString in "(\(bind: key.url), \(bind: key.articleID))" }.joined(separator: ", ")
            try await db.raw("DELETE FROM link_findings WHERE site_id = \(bind: siteID) AND (url, article_id) IN (VALUES \(pairs))").run()
        }
        // 200 rows a statement (12 binds each, within both engines' limits).
        for start in stride(from: 0, to: written.count, by: 200) {
            try await db.insert(rows: written[start..<min(start + 200, written.count)]).run()
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
struct LinkFindingRow: TableRow, Equatable {
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
