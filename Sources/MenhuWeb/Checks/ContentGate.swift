import Foundation
import MenhuChecks
import MenhuCore
import MenhuStore

/// Connects the content gate (MenhuChecks) to items: what text, links and images of a revision
/// are checked, and with which site facts.
enum ContentGate {
    /// Built once: the shipped tables and dictionaries.
    static let checker = ContentChecker()

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

    static func findings(_ c: ArticleContent, site: Site?) -> [Finding] {
        checker.check(input(c), context: context(site))
    }

    /// The gate the publishing service applies at submit and at every approval.
    static let gate: PublishingService.ContentGate = { content, site in
        let blocking = findings(content, site: site).filter { $0.severity == .block }
        let describe = { (f: Finding) in f.matched.isEmpty ? f.message : "“\(f.matched)”\(f.message)" }
        return GateVerdict(blocking: blocking.filter { !$0.overridable }.map(describe),
                           overridable: blocking.filter(\.overridable).map(describe))
    }
}
