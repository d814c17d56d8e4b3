import Foundation
import MenhuCore
import SQLKit

/// Reads what the content gate needs besides an item's content (GateFacts).
public enum GateRecords {
    public static func facts(for content: ArticleContent, siteID: String, on db: any SQLDatabase) async throws -> GateFacts {
        try await facts(
            for: content,
            site: GateFacts(
                site: try await SiteRecords.find(id: siteID, on: db),
                entries: try await DictionaryRecords.applying(to: siteID, on: db)), on: db)
    }

    /// What the gate knows of an item on `site` (already read): its word lists, files and broken links.
    public static func facts(for content: ArticleContent, in site: Site, on db: any SQLDatabase) async throws -> GateFacts {
        try await facts(for: content, site: try await siteFacts(site, on: db), on: db)
    }

    /// The facts of `site` that every item there shares: the site and the word lists that apply there.
    public static func siteFacts(_ site: Site, on db: any SQLDatabase) async throws -> GateFacts {
        GateFacts(site: site, entries: try await DictionaryRecords.applying(to: site.id, on: db))
    }

    /// `site`'s facts (the site and its word lists, read once for many items) with the item's own:
    /// its files and its broken links.
    public static func facts(for content: ArticleContent, site: GateFacts, on db: any SQLDatabase) async throws -> GateFacts {
        var facts = site
        facts.files = try await FileRecords.texts(ids: content.fileIDs, on: db)
        facts.brokenLinks = try await LinkCheckRecords.broken(among: content.links, on: db)
        facts.columnKind = content.columnID.isEmpty ? nil : try await ColumnRecords.find(id: content.columnID, on: db)?.kind
        return facts
    }
}

/// What the inspection found when it followed a link (P11): the content gate warns about links
/// found broken. The daily inspection records its results here (LinkHealthRecords.record).
public enum LinkCheckRecords {
    /// Those of `urls` whose last result was broken → "HTTP 404，2026-11-20 巡检".
    public static func broken(among urls: [String], on db: any SQLDatabase) async throws -> [String: String] {
        let unique = Array(Set(urls))
        guard !unique.isEmpty else { return [:] }
        let rows = try await db.select(LinkCheckRow.self).where("url", .in, SQLBind.group(unique)).where("broken", .equal, 1)
            .all(decoding: LinkCheckRow.self)
        var result: [String: String] = [:]
        for row in rows {
            let what = [row.status > 0 ? "HTTP \(row.status)" : "", row.note].filter { !$0.isEmpty }.joined(separator: "，")
            result[row.url] = "\(what)，\(ChinaTime.day(Date(storedMillis: row.checkedAt))) 巡检"
        }
        return result
    }
}
