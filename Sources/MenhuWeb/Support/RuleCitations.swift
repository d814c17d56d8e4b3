import Foundation
import MenhuCore

/// Turns a rule's number in the console's words ("依据 P1、O3", as code and messages write it)
/// into the rule as people know it: the regulation and article, with what the rule says in a
/// tooltip and a link to the page that lists every rule. Nobody is shown a bare number.
enum RuleCitations {
    /// The page that lists every rule.
    static let page = AdminURL.basis.path

    /// Rendered HTML of the console: every citation in text becomes a link with a tooltip; one in
    /// a tag (an attribute value) becomes plain text; the insides of `<textarea>` are left alone.
    static func linked(_ html: String) -> String {
        guard html.contains("依据") else { return html }
        var out = "", text = ""
        out.reserveCapacity(html.utf8.count + 1024)
        var rest = Substring(html)
        func flush() {
            out += text.contains("依据") ? String(text).replacing(RuleBasis.citation) { match in link(RuleBasis.ids(match.output.ids)) } : text
            text = ""
        }
        while let open = rest.firstIndex(of: "<") {
            text += rest[..<open]
            flush()
            let tail = rest[open...]
            if tail.hasPrefix("<textarea"), let end = tail.range(of: "</textarea>") {
                out += tail[..<end.upperBound]
                rest = tail[end.upperBound...]
                continue
            }
            guard let close = tail.firstIndex(of: ">") else { out += tail; rest = ""; break }
            // In a tag (a tooltip, say) the citation stays text.
            let tag = tail[...close]
            out += tag.contains("依据") ? RuleBasis.plainText(String(tag)) : String(tag)
            rest = tail[tail.index(after: close)...]
        }
        text += rest
        flush()
        return out
    }

    static func link(_ ids: [String]) -> String {
        guard let first = ids.first, RuleBasis.byID[first] != nil else { return "依据" + ids.joined(separator: "、") }
        return "依据<a class=\"basis-link\" href=\"\(page)#\(first)\" title=\"\(HTMLText.escape(RuleBasis.explanation(ids)))\">"
            + HTMLText.escape(RuleBasis.short(ids)) + "</a>"
    }
}
