import Foundation
import MenhuChecks
import MenhuCore
import MenhuStore

/// Connects the content gate (MenhuChecks) to items: what text, links and images of a revision
/// are checked, and with which site facts.
public enum ContentGate {
    /// Built once: the shipped tables and dictionaries.
    static let checker = ContentChecker()
    static let cache = CheckerCache()

    /// The checker for a set of editable entries (the shipped one when there are none).
    public static func checker(for entries: [DictionaryEntry]) -> ContentChecker {
        guard !entries.isEmpty else { return checker }
        let key = entries.map { "\($0.id):\($0.text):\($0.blocks):\($0.suggestion)" }.sorted().joined(separator: "|")
        return cache.checker(key) {
            ContentChecker(extra: entries.map { e in
                CheckTables.Expression(text: e.text, category: e.category, severity: e.blocks ? .block : .warn,
                                       suggestion: e.suggestion.isEmpty ? nil : e.suggestion, requirement: "P10")
            })
        }
    }

    /// Title, subtitle, summary and the body's text, one per line; links and images from the
    /// body (sanitised HTML). The command line builds its input here too.
    public static func input(_ c: ArticleContent) -> CheckInput {
        let body = c.bodyHTML
        let text = [c.title, c.subtitle, c.summary, ArticleContent.plainText(body)]
            .filter { !$0.isEmpty }.joined(separator: "\n")
        let sources = attribute("src", in: body, tag: "<img "), captions = attribute("alt", in: body, tag: "<img ")
        return CheckInput(text: text, links: attribute("href", in: body, tag: "<a "),
                          images: zip(sources, captions).map { ($0, $1) },
                          isRepost: c.isRepost, originalAuthor: c.originalAuthor, sourceURL: c.sourceURL)
    }

    /// Values of `name="…"` in every `tag` of sanitised HTML (whose attributes are always double-quoted).
    static func attribute(_ name: String, in html: String, tag: String) -> [String] {
        html.components(separatedBy: tag).dropFirst().map { piece in
            let head = piece.prefix { $0 != ">" }
            guard let r = head.range(of: "\(name)=\"") else { return "" }
            return String(head[r.upperBound...].prefix { $0 != "\"" })
                .replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&quot;", with: "\"")
        }
    }

    public static func context(_ site: Site?) -> CheckContext {
        CheckContext(allowedDomains: site.map { $0.identity.domains.map { $0.split(separator: ":").first.map(String.init) ?? $0 } } ?? [],
                     publicEmails: site.map { [$0.contactEmail] } ?? [])
    }

    static func findings(_ c: ArticleContent, site: Site?, entries: [DictionaryEntry]) -> [Finding] {
        checker(for: entries).check(input(c), context: context(site))
    }

    /// The gate the publishing service applies at submit and at every approval.
    static let gate: PublishingService.ContentGate = { content, site, entries in
        verdict(findings(content, site: site, entries: entries))
    }

    /// What the workflow needs from findings: the blocking ones, split by whether the signer may let them through.
    static func verdict(_ findings: [Finding]) -> GateVerdict {
        let blocking = findings.filter { $0.severity == .block }
        let describe = { (f: Finding) in f.matched.isEmpty ? f.message : "“\(f.matched)”\(f.message)" }
        return GateVerdict(blocking: blocking.filter { !$0.overridable }.map(describe),
                           overridable: blocking.filter(\.overridable).map(describe))
    }
}

/// Checkers built for word lists, kept while the lists stay the same (a few at a time).
final class CheckerCache: @unchecked Sendable {
    private let lock = NSLock()
    private var checkers: [String: ContentChecker] = [:]

    func checker(_ key: String, make: () -> ContentChecker) -> ContentChecker {
        if let found = lock.withLock({ checkers[key] }) { return found }
        let made = make()
        lock.withLock {
            if checkers.count > 32 { checkers.removeAll() }
            checkers[key] = made
        }
        return made
    }
}

extension ContentGate {
    /// P12: a title already used in the same column within 90 days (a warning shown with the others).
    static func duplicateTitle(_ c: ArticleContent, excluding id: String?, env: WebEnvironment) async throws -> Finding? {
        guard !c.title.isEmpty, !c.columnID.isEmpty else { return nil }
        let since = env.clock.now().addingTimeInterval(-90 * 86_400)
        guard let other = try await env.database.read({ db in
            try await PublishingRecords.duplicateTitle(c.title, columnID: c.columnID, excluding: id, since: since, on: db)
        }) else { return nil }
        return Finding(rule: "format.duplicate-title", severity: .warn, start: 0, length: c.title.unicodeScalars.count, matched: c.title,
                       message: "本栏目 \(ChinaTime.day(other.publishedAt)) 已发布同名信息，请避免重复发布或修改标题（依据 P12）",
                       requirement: "P12")
    }

    /// Re-checks every public page of the given sites (all when nil) against the current word
    /// lists and stores what it finds (P10). Returns how many pages have blocking findings.
    @discardableResult
    static func recheck(siteIDs: [String]?, env: WebEnvironment) async throws -> Int {
        let sites = try await env.database.read { db in try await SiteRecords.all(on: db) }.filter { siteIDs?.contains($0.id) ?? true }
        var blockingPages = 0
        for site in sites {
            let (contents, entries) = try await env.database.read { db in
                (try await LiveFindingRecords.liveContents(siteID: site.id, on: db), try await DictionaryRecords.applying(to: site.id, on: db))
            }
            let checker = checker(for: entries)
            let context = context(site)
            let results = contents.map { item -> (articleID: String, blocking: Int, warnings: Int, summary: String) in
                let found = checker.check(input(item.content), context: context)
                let blocking = found.filter { $0.severity == .block }
                let shown = (blocking + found.filter { $0.severity == .warn }).prefix(3)
                    .map { $0.matched.isEmpty ? $0.message : "“\($0.matched)”\($0.message)" }.joined(separator: "；")
                return (item.id, blocking.count, found.count - blocking.count, shown)
            }
            blockingPages += results.filter { $0.blocking > 0 }.count
            let now = env.clock.now()
            try await env.database.write { db in try await LiveFindingRecords.replace(siteID: site.id, with: results, at: now, on: db) }
        }
        return blockingPages
    }
}
