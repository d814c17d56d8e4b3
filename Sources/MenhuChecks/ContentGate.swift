import Foundation
import MenhuCore

/// The content gate (发布前内容检查) over items: what text, links and images of a revision are
/// checked, with which site facts (GateFacts, read by the store), and what the workflow and the
/// editor make of the findings.
public enum ContentGate {
    /// Built once: the shipped tables and dictionaries.
    static let shipped = ContentChecker()
    static let cache = BoundedCache<ContentChecker>(capacity: 33)

    /// The checker for a set of editable entries (the shipped one when there are none).
    public static func checker(for entries: [DictionaryEntry]) -> ContentChecker {
        guard !entries.isEmpty else { return shipped }
        let key = entries.map { "\($0.id):\($0.text):\($0.blocks):\($0.suggestion)" }.sorted().joined(separator: "|")
        return cache.get(key) {
            ContentChecker(
                extra: entries.map { e in
                    CheckTables.Expression(
                        text: e.text, category: e.category, severity: e.blocks ? .block : .warn,
                        suggestion: e.suggestion.isEmpty ? nil : e.suggestion, requirement: "P10")
                })
        }
    }

    /// Title, subtitle, summary and the body's text, one per line; links and images from the
    /// body (sanitised HTML); the uploaded files it uses, with their text. The command line builds
    /// its input here too.
    public static func input(_ c: ArticleContent, files: [FileText] = []) -> CheckInput {
        CheckInput(
            text: fields(c).map(\.text).joined(separator: "\n"), links: c.links, images: c.images, isRepost: c.isRepost,
            originalAuthor: c.originalAuthor, sourceURL: c.sourceURL,
            attachments: files.map { f in
                CheckInput.Attachment(
                    name: f.file.name, isImage: f.file.kind.isImage, size: f.file.size,
                    text: f.extracted.text, note: f.extracted.note)
            })
    }

    /// The checked text's parts in order (joined by line breaks): which form field each comes from.
    public static func fields(_ c: ArticleContent) -> [(field: String, text: String)] {
        var parts: [(field: String, text: String)] = [("title", c.title), ("subtitle", c.subtitle), ("summary", c.summary)]
        if let g = c.serviceGuide { parts += ServiceGuide.Element.allCases.map { ("guide.\($0.rawValue)", g[$0]) } }
        parts.append(("body", ArticleContent.plainText(c.bodyHTML)))
        return parts.filter { !$0.text.isEmpty }
    }

    /// A finding with where the editor finds it: the form field, and which occurrence of the
    /// matched text in that field it is (the editor highlights it there and fixes that one).
    public struct Located: Encodable, Sendable {
        public let finding: Finding
        /// title, subtitle, summary, body; nil for findings about the whole item or an attachment.
        public let field: String?
        public let occurrence: Int

        enum Key: String, CodingKey { case field, occurrence }

        public func encode(to encoder: any Encoder) throws {
            try finding.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encodeIfPresent(field, forKey: .field)
            try container.encode(occurrence, forKey: .occurrence)
        }
    }

    /// Places findings of `input(c)` back in the form's fields.
    public static func locate(_ findings: [Finding], in c: ArticleContent) -> [Located] {
        var parts: [(field: String, start: Int, scalars: [Unicode.Scalar])] = []
        var offset = 0
        for (field, text) in fields(c) {
            let scalars = Array(text.unicodeScalars)
            parts.append((field, offset, scalars))
            offset += scalars.count + 1
        }
        return findings.map { f in
            guard f.source == nil, f.length > 0, !f.matched.isEmpty,
                let part = parts.last(where: { $0.start <= f.start }), f.start + f.length <= part.start + part.scalars.count
            else {
                return Located(finding: f, field: nil, occurrence: 0)
            }
            // Occurrences of the matched text that end before this one begins, as a search from the start finds them.
            let needle = Array(f.matched.unicodeScalars), local = f.start - part.start
            var count = 0, i = 0
            while i + needle.count <= local {
                if part.scalars[i] == needle[0] && Array(part.scalars[i..<(i + needle.count)]) == needle {
                    count += 1; i += needle.count
                } else {
                    i += 1
                }
            }
            return Located(finding: f, field: part.field, occurrence: count)
        }
    }

    /// What the checks know of `site`: its own domains (links to them are internal) and its public
    /// mailbox, with the links found broken and the picture size limit.
    public static func context(_ site: Site?, brokenLinks: [String: String] = [:], imageByteLimit: Int = defaultImageLimit) -> CheckContext {
        CheckContext(
            allowedDomains: site.map { $0.identity.domains.map { $0.split(separator: ":").first.map(String.init) ?? $0 } } ?? [],
            publicEmails: site.map { [$0.contactEmail] } ?? [], brokenLinks: brokenLinks, imageByteLimit: imageByteLimit)
    }

    /// P12: pictures on pages above this size warn (`MENHU_IMAGE_LIMIT_KB`).
    public static let defaultImageLimit = 1024 * 1024

    /// What the gate finds in an item, with what the store read about it.
    public static func findings(_ c: ArticleContent, facts: GateFacts, imageByteLimit: Int = defaultImageLimit) -> [Finding] {
        let found = checker(for: facts.entries).check(
            input(c, files: facts.files),
            context: context(facts.site, brokenLinks: facts.brokenLinks, imageByteLimit: imageByteLimit))
        return (facts.columnKind == .service ? guideFindings(c) : []) + found
    }

    /// W5: an item of a 办事服务 column is a 办事指南, published only with all ten elements.
    public static func guideFindings(_ c: ArticleContent) -> [Finding] {
        let missing = c.serviceGuide?.missing ?? ServiceGuide.Element.allCases
        guard !missing.isEmpty else { return [] }
        return [
            Finding(
                rule: "service.guide-elements", severity: .block, start: 0, length: 0, matched: "",
                message: "办事指南缺少\(missing.map(\.label).joined(separator: "、"))，要素齐全才能发布（依据 W5）", requirement: "W5")
        ]
    }

    /// The gate the publishing service applies at submit and at every approval.
    public static func gate(imageByteLimit: Int = defaultImageLimit) -> @Sendable (ArticleContent, GateFacts) -> GateVerdict {
        { content, facts in verdict(findings(content, facts: facts, imageByteLimit: imageByteLimit)) }
    }

    /// A finding in one line for people: where (an attachment), what was found, what is wrong.
    public static func describe(_ f: Finding) -> String {
        // A message that already quotes what was found is not preceded by it again.
        (f.source.map { "附件“\($0)”中" } ?? "")
            + (f.matched.isEmpty || f.message.contains("“\(f.matched)") ? f.message : "“\(f.matched)”\(f.message)")
    }

    /// What the workflow needs from findings: the blocking ones, split by whether the signer may let them through.
    public static func verdict(_ findings: [Finding]) -> GateVerdict {
        let blocking = findings.filter { $0.severity == .block }
        return GateVerdict(
            blocking: blocking.filter { !$0.overridable }.map(describe),
            overridable: blocking.filter(\.overridable).map(describe))
    }

    /// P12: `title` was already used in the same column on `publishedAt` (within 90 days, as the
    /// store finds it): a warning shown with the others.
    public static func duplicateTitle(_ title: String, publishedAt: Date) -> Finding {
        Finding(
            rule: "format.duplicate-title", severity: .warn, start: 0, length: title.unicodeScalars.count, matched: title,
            message: "本栏目 \(ChinaTime.day(publishedAt)) 已发布同名信息，请避免重复发布或修改标题（依据 P12）",
            requirement: "P12")
    }

    /// P12: how far back a title counts as already used in its column.
    public static let duplicateTitleWindow: TimeInterval = 90 * 86_400
}
