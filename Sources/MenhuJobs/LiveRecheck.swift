import Foundation
import MenhuChecks
import MenhuCore
import MenhuStore

/// The re-check of live pages (已发布信息复查, P10): the content gate runs again over what is
/// public, against the current word lists, and a site's findings replace its last ones
/// (LiveFindingRecords). Public pages do not change, so the page cache keeps them.
public enum LiveRecheck {
    /// The background task: re-checks its scope and says how it went.
    static func run(_ task: BackgroundTask, in context: JobContext) async throws -> String {
        let pages = try await recheck(siteIDs: task.scope == "*" ? nil : [task.scope], in: context)
        return pages == 0 ? "已发布信息中没有须处理的问题" : "\(pages) 个已发布页面有须处理的问题"
    }

    /// Re-checks every public page of the given sites (all when nil) against the current word
    /// lists and stores what it finds (P10). Returns how many pages have blocking findings.
    @discardableResult
    public static func recheck(siteIDs: [String]?, in context: JobContext) async throws -> Int {
        let database = context.database
        let sites = try await database.read { db in try await SiteRecords.all(on: db) }.filter { siteIDs?.contains($0.id) ?? true }
        var blockingPages = 0
        for site in sites {
            let checked = try await database.read { db in
                // The site and its word lists once; each item's files and links.
                let siteFacts = try await GateRecords.siteFacts(site, on: db)
                var items: [(id: String, content: ArticleContent, facts: GateFacts)] = []
                for item in try await ArticleRecords.live(siteID: site.id, on: db) {
                    items.append((item.id, item.content, try await GateRecords.facts(for: item.content, site: siteFacts, on: db)))
                }
                return items
            }
            let results = checked.map { item -> (articleID: String, blocking: Int, warnings: Int, summary: String) in
                let found = ContentGate.findings(item.content, facts: item.facts, imageByteLimit: context.imageByteLimit)
                let blocking = found.filter { $0.severity == .block }
                let shown = (blocking + found.filter { $0.severity == .warn }).prefix(3).map(ContentGate.describe).joined(separator: "；")
                return (item.id, blocking.count, found.count - blocking.count, shown)
            }
            blockingPages += results.filter { $0.blocking > 0 }.count
            let now = context.clock.now()
            try await database.write { db in try await LiveFindingRecords.replace(siteID: site.id, with: results, at: now, on: db) }
        }
        return blockingPages
    }
}
