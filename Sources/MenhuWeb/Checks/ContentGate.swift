import Foundation
import MenhuChecks
import MenhuCore
import MenhuStore
import SQLKit

/// Connects the content gate (MenhuChecks) to items: what text, links and images of a revision
/// are checked, and with which site facts.
public enum ContentGate {
    /// Built once: the shipped tables and dictionaries.
    static let checker = ContentChecker()
    static let cache = BoundedCache<ContentChecker>(capacity: 33)

    /// The checker for a set of editable entries (the shipped one when there are none).
    public static func checker(for entries: [DictionaryEntry]) -> ContentChecker {
        guard !entries.isEmpty else { return checker }
        let key = entries.map { "\($0.id):\($0.text):\($0.blocks):\($0.suggestion)" }.sorted().joined(separator: "|")
        return cache.get(key) {
            ContentChecker(extra: entries.map { e in
                CheckTables.Expression(text: e.text, category: e.category, severity: e.blocks ? .block : .warn,
                                       suggestion: e.suggestion.isEmpty ? nil : e.suggestion, requirement: "P10")
            })
        }
    }

    /// Title, subtitle, summary and the body's text, one per line; links and images from the
    /// body (sanitised HTML); the uploaded files it uses, with their text. The command line builds
    /// its input here too.
    public static func input(_ c: ArticleContent, files: [FileText] = []) -> CheckInput {
        CheckInput(text: fields(c).map(\.text).joined(separator: "\n"), links: c.links, images: c.images, isRepost: c.isRepost,
                   originalAuthor: c.originalAuthor, sourceURL: c.sourceURL,
                   attachments: files.map { f in
                       CheckInput.Attachment(name: f.file.name, isImage: f.file.kind.isImage, size: f.file.size,
                                             text: f.extracted.text, note: f.extracted.note)
                   })
    }

    /// The checked text's parts in order (joined by line breaks): which form field each comes from.
    static func fields(_ c: ArticleContent) -> [(field: String, text: String)] {
        [("title", c.title), ("subtitle", c.subtitle), ("summary", c.summary), ("body", ArticleContent.plainText(c.bodyHTML))]
            .filter { !$0.1.isEmpty }
    }

    /// A finding with where the editor finds it: the form field, and which occurrence of the
    /// matched text in that field it is (the editor highlights it there and fixes that one).
    struct Located: Encodable {
        let finding: Finding
        /// title, subtitle, summary, body; nil for findings about the whole item or an attachment.
        let field: String?
        let occurrence: Int

        enum Key: String, CodingKey { case field, occurrence }

        func encode(to encoder: any Encoder) throws {
            try finding.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encodeIfPresent(field, forKey: .field)
            try container.encode(occurrence, forKey: .occurrence)
        }
    }

    /// Places findings of `input(c)` back in the form's fields.
    static func locate(_ findings: [Finding], in c: ArticleContent) -> [Located] {
        var parts: [(field: String, start: Int, scalars: [Unicode.Scalar])] = []
        var offset = 0
        for (field, text) in fields(c) {
            let scalars = Array(text.unicodeScalars)
            parts.append((field, offset, scalars))
            offset += scalars.count + 1
        }
        return findings.map { f in
            guard f.source == nil, f.length > 0, !f.matched.isEmpty,
                  let part = parts.last(where: { $0.start <= f.start }), f.start + f.length <= part.start + part.scalars.count else {
                return Located(finding: f, field: nil, occurrence: 0)
            }
            // Occurrences of the matched text that end before this one begins, as a search from the start finds them.
            let needle = Array(f.matched.unicodeScalars), local = f.start - part.start
            var count = 0, i = 0
            while i + needle.count <= local {
                if part.scalars[i] == needle[0] && Array(part.scalars[i..<(i + needle.count)]) == needle { count += 1; i += needle.count } else { i += 1 }
            }
            return Located(finding: f, field: part.field, occurrence: count)
        }
    }

    public static func context(_ site: Site?, brokenLinks: [String: String] = [:], imageByteLimit: Int = defaultImageLimit) -> CheckContext {
        CheckContext(allowedDomains: site.map { $0.identity.domains.map { $0.split(separator: ":").first.map(String.init) ?? $0 } } ?? [],
                     publicEmails: site.map { [$0.contactEmail] } ?? [], brokenLinks: brokenLinks, imageByteLimit: imageByteLimit)
    }

    /// P12: pictures on pages above this size warn (`MENHU_IMAGE_LIMIT_KB`).
    public static let defaultImageLimit = 1024 * 1024

    static func findings(_ c: ArticleContent, facts: GateFacts, env: WebEnvironment) -> [Finding] {
        checker(for: facts.entries).check(input(c, files: facts.files),
                                          context: context(facts.site, brokenLinks: facts.brokenLinks, imageByteLimit: env.imageByteLimit))
    }

    /// The gate the publishing service applies at submit and at every approval.
    static func gate(_ env: WebEnvironment) -> PublishingService.ContentGate {
        { content, facts in verdict(findings(content, facts: facts, env: env)) }
    }

    /// What the gate knows of an item on `site` (already read): its word lists, files and broken links.
    static func facts(_ content: ArticleContent, site: Site, on db: any SQLDatabase) async throws -> GateFacts {
        try await GateRecords.facts(for: content, site: GateFacts(site: site, entries: try await DictionaryRecords.applying(to: site.id, on: db)),
                                    on: db)
    }

    /// A finding in one line for people: where (an attachment), what was found, what is wrong.
    static func describe(_ f: Finding) -> String {
        (f.source.map { "附件“\($0)”中" } ?? "") + (f.matched.isEmpty ? f.message : "“\(f.matched)”\(f.message)")
    }

    /// What the workflow needs from findings: the blocking ones, split by whether the signer may let them through.
    static func verdict(_ findings: [Finding]) -> GateVerdict {
        let blocking = findings.filter { $0.severity == .block }
        return GateVerdict(blocking: blocking.filter { !$0.overridable }.map(describe),
                           overridable: blocking.filter(\.overridable).map(describe))
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

    /// The background task that re-checks live pages.
    public static let recheckKind = BackgroundTaskKind.recheck

    /// Asks for a background re-check of a site's live pages (every site's for the platform's list).
    static func requestRecheck(siteID: String?, by actor: Actor, at now: Date, on db: any SQLDatabase) async throws {
        try await BackgroundTaskRecords.request(recheckKind, scope: siteID ?? "*", by: actor.name, at: now, on: db)
    }

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
                let siteFacts = GateFacts(site: site, entries: try await DictionaryRecords.applying(to: site.id, on: db))
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
