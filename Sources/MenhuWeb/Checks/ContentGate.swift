import Foundation
import MenhuChecks
import MenhuCore
import MenhuStore

/// Connects the content gate (MenhuChecks) to items: what text, links and images of a revision
/// are checked, and with which site facts.
enum ContentGate {
    /// Built once: the shipped tables and dictionaries.
    static let checker = ContentChecker()
    static let cache = CheckerCache()

    /// The checker for a set of editable entries (the shipped one when there are none).
    static func checker(for entries: [DictionaryEntry]) -> ContentChecker {
        guard !entries.isEmpty else { return checker }
        let key = entries.map { "\($0.id):\($0.text):\($0.blocks):\($0.suggestion)" }.sorted().joined(separator: "|")
        return cache.checker(key) {
            ContentChecker(extra: entries.map { e in
                CheckTables.Expression(text: e.text, category: e.category, severity: e.blocks ? .block : .warn,
                                       suggestion: e.suggestion.isEmpty ? nil : e.suggestion, requirement: "P10")
            })
        }
    }

    /// Title, subtitle, summary and the body's text, one per line; links and images from the body.
    static func input(_ c: ArticleContent) -> CheckInput {
        let body = c.bodyHTML
        let text = [c.title, c.subtitle, c.summary, ArticleContent.visibleText(body.replacingOccurrences(of: "</p>", with: "</p>\n"))]
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

    static func context(_ site: Site?) -> CheckContext {
        CheckContext(allowedDomains: site.map { $0.identity.domains.map { $0.split(separator: ":").first.map(String.init) ?? $0 } } ?? [],
                     publicEmails: site.map { [$0.contactEmail] } ?? [])
    }

    static func findings(_ c: ArticleContent, site: Site?, entries: [DictionaryEntry]) -> [Finding] {
        checker(for: entries).check(input(c), context: context(site))
    }

    /// The gate the publishing service applies at submit and at every approval.
    static let gate: PublishingService.ContentGate = { content, site, entries in
        let blocking = findings(content, site: site, entries: entries).filter { $0.severity == .block }
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
