import Foundation
import MenhuChecks
import MenhuCore
import MenhuStore

/// The content gate (MenhuChecks) with this application's settings and database: the picture
/// size limit, and the titles already published.
extension ContentGate {
    /// What the gate finds in an item, with the picture limit of `env` (`MENHU_IMAGE_LIMIT_KB`).
    static func findings(_ c: ArticleContent, facts: GateFacts, env: WebEnvironment) -> [Finding] {
        findings(c, facts: facts, imageByteLimit: env.imageByteLimit)
    }

    /// P12: a title already used in the same column within 90 days (a warning shown with the others).
    static func duplicateTitle(_ c: ArticleContent, excluding id: String?, env: WebEnvironment) async throws -> Finding? {
        guard !c.title.isEmpty, !c.columnID.isEmpty else { return nil }
        let since = env.clock.now().addingTimeInterval(-duplicateTitleWindow)
        guard let other = try await env.database.read({ db in
            try await PublishingRecords.duplicateTitle(c.title, columnID: c.columnID, excluding: id, since: since, on: db)
        }) else { return nil }
        return duplicateTitle(c.title, publishedAt: other.publishedAt)
    }
}

extension ContentGate {
    /// The background task that re-checks live pages.
    public static let recheckKind = BackgroundTaskKind.recheck

    /// The background task: re-checks and says how it went.
    static func recheck(_ task: BackgroundTask, env: WebEnvironment) async throws -> String {
        let pages = try await recheck(siteIDs: task.scope == "*" ? nil : [task.scope], env: env)
        return pages == 0 ? "已发布信息中没有须处理的问题" : "\(pages) 个已发布页面有须处理的问题"
    }

    /// Re-checks every public page of the given sites (all when nil) against the current word
    /// lists and stores what it finds (P10). Returns how many pages have blocking findings.
    @discardableResult
    static func recheck(siteIDs: [String]?, env: WebEnvironment) async throws -> Int {
        let sites = try await env.database.read { db in try await SiteRecords.all(on: db) }.filter { siteIDs?.contains($0.id) ?? true }
        var blockingPages = 0
        for site in sites {
            let checked = try await env.database.read { db in
                // The site and its word lists once; each item's files and links.
                let siteFacts = try await GateRecords.siteFacts(site, on: db)
                var items: [(id: String, content: ArticleContent, facts: GateFacts)] = []
                for item in try await ArticleRecords.live(siteID: site.id, on: db) {
                    items.append((item.id, item.content, try await GateRecords.facts(for: item.content, site: siteFacts, on: db)))
                }
                return items
            }
            let results = checked.map { item -> (articleID: String, blocking: Int, warnings: Int, summary: String) in
                let found = findings(item.content, facts: item.facts, env: env)
                let blocking = found.filter { $0.severity == .block }
                let shown = (blocking + found.filter { $0.severity == .warn }).prefix(3).map(describe).joined(separator: "；")
                return (item.id, blocking.count, found.count - blocking.count, shown)
            }
            blockingPages += results.filter { $0.blocking > 0 }.count
            let now = env.clock.now()
            try await env.database.write { db in try await LiveFindingRecords.replace(siteID: site.id, with: results, at: now, on: db) }
        }
        return blockingPages
    }
}
