import Foundation
import MenhuCore
import MenhuStore

/// 链接巡检 (P11, M1): every link of every live page, of its attachments and of the homepage's quick
/// links. A link to one of the platform's own sites is answered from its database (PlatformLinks);
/// the others are followed over HTTP by one LinkChecker, each distinct address once. Each site's
/// broken and doubtful links replace its last ones, naming the page, column and owner department.
public enum LinkInspection {
    /// What one inspection went through and found (pages: the live items and each homepage).
    public struct Summary: Sendable, Equatable {
        public var pages = 0, links = 0, internalLinks = 0, externalAddresses = 0, broken = 0, caution = 0

        /// For people: "检查 120 个页面的 860 个链接（站内 700 个，外部地址 90 个）：失效 3 个、提醒 1 个".
        public var description: String {
            "检查 \(pages) 个页面的 \(links) 个链接（站内 \(internalLinks) 个，外部地址 \(externalAddresses) 个）：失效 \(broken) 个、提醒 \(caution) 个"
        }
    }

    /// The background task: inspects its scope (a site id or `*`).
    static func run(_ task: BackgroundTask, in context: JobContext) async throws -> String {
        try await inspect(siteIDs: task.scope == "*" ? nil : [task.scope], in: context).description
    }

    /// Inspects the links of the given sites (every site when nil). External addresses are
    /// followed with `context.linkCheck` unless `external` is false (then only the platform's own
    /// links are inspected).
    @discardableResult
    public static func inspect(siteIDs: [String]?, external: Bool = true, in context: JobContext) async throws -> Summary {
        let database = context.database
        let (links, sites) = try await database.read { db in
            (try await LinkHealthRecords.platformLinks(ownHosts: context.ownHosts, on: db), try await SiteRecords.all(on: db))
        }
        let chosen = sites.filter { siteIDs?.contains($0.id) ?? true }
        var summary = Summary()
        // Three sites read at a time, each on a connection of its own: one site's database reads
        // overlap another's decoding, and the other connections stay free for the pages.
        let sourcesBySite = try await withThrowingTaskGroup(of: (Int, Site, [LinkSource], Int).self) { group in
            func read(_ n: Int) {
                let site = chosen[n]
                group.addTask {
                    let found = try await database.read { db in try await LinkHealthRecords.sources(site: site, links: links, on: db) }
                    return (n, site, found.sources, found.pages)
                }
            }
            var next = 0
            while next < min(3, chosen.count) { read(next); next += 1 }
            var all: [(Int, Site, [LinkSource], Int)] = []
            for try await one in group {
                all.append(one)
                if next < chosen.count { read(next); next += 1 }
            }
            return all.sorted { $0.0 < $1.0 }.map { ($0.1, $0.2, $0.3) }
        }
        for (_, _, pages) in sourcesBySite { summary.pages += pages }
        var resolved: [String: LinkOutcome] = [:], outside = Set<String>()
        for (_, sources, _) in sourcesBySite {
            summary.links += sources.count
            for source in sources where resolved[source.url] == nil {
                if let outcome = links.resolve(source.url) { resolved[source.url] = outcome } else { outside.insert(source.url) }
            }
        }
        summary.externalAddresses = outside.count
        var followed: [String: LinkOutcome] = [:]
        if external && !outside.isEmpty {
            var options = context.linkCheck
            options.allowedHosts.formUnion(context.ownHosts)
            followed = await (try LinkChecker(options: options)).check(Array(outside))
        }
        let now = context.clock.now()
        let checked = followed
        let broken = resolved.values.filter { $0.verdict == .broken }
        try await database.write { db in try await LinkHealthRecords.record(Array(checked.values) + broken, at: now, on: db) }
        for (site, sources, _) in sourcesBySite {
            var found: [(LinkSource, LinkOutcome, isInternal: Bool)] = []
            for source in sources {
                if let outcome = resolved[source.url] {
                    summary.internalLinks += 1
                    if outcome.verdict != .ok { found.append((source, outcome, true)) }
                } else if let outcome = checked[source.url], outcome.verdict != .ok {
                    found.append((source, outcome, false))
                }
            }
            summary.broken += found.filter { $0.1.verdict == .broken }.count
            summary.caution += found.filter { $0.1.verdict == .caution }.count
            let result = found
            try await database.write { db in
                try await LinkHealthRecords.replace(siteID: site.id, with: result, internalOnly: !external, at: now, on: db)
            }
        }
        return summary
    }
}
