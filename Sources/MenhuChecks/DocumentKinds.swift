import Foundation

/// P3: kinds of official documents that are not for the public website: requests (请示) and
/// reports (报告) to superior organs, and letters between organs (函). They block, but the
/// signer may let an item through with a recorded reason (a 函 answering a public matter, say).
enum DocumentKinds {
    /// Phrases that close a request or a report to a superior organ.
    static let upwardClosings = [
        "妥否，请批示", "妥否,请批示", "当否，请批示", "妥否，请批复", "当否，请批复", "请予批准", "请予审批",
        "特此请示", "特此报告", "专此报告",
    ]

    static let closingScalars = upwardClosings.map { Array($0.unicodeScalars) }

    static func findings(_ s: [Unicode.Scalar]) -> [Finding] {
        // Only the first line is a title; the text is searched as scalars (Foundation's
        // String.contains is ten times slower than all the other checks together).
        let title = String(String.UnicodeScalarView(s.prefix { $0 != "\n" })).trimmingCharacters(in: .whitespaces)
        var result: [Finding] = []
        func add(_ rule: String, _ matched: String, _ what: String) {
            let start = offset(of: Array(matched.unicodeScalars), in: s) ?? 0
            result.append(
                Finding(
                    rule: rule, severity: .block, start: start, length: matched.unicodeScalars.count, matched: matched,
                    message: "疑似\(what)，此类公文不在网站公开；确需公开的，须由签发人说明理由后放行（依据 P3）",
                    requirement: "P3", overridable: true))
        }
        if title.hasSuffix("请示") {
            add("doctype.request", title, "向上级机关的请示")
        } else if title.hasSuffix("的函") || title.hasSuffix("复函") || title.hasSuffix("商洽函") {
            add("doctype.letter", title, "机关之间的公函")
        } else if title.hasSuffix("的报告"), !title.contains("工作报告"), !title.contains("年度报告"), !title.contains("统计报告") {
            add("doctype.report", title, "向上级机关的报告")
        }
        if result.isEmpty, let closing = firstClosing(in: s) {
            add("doctype.request", String(String.UnicodeScalarView(closing)), "向上级机关请示或报告的公文")
        }
        return result
    }

    static let closingFirsts = ScalarBits(closingScalars.map { $0[0] })

    /// The first closing phrase in the text, in one pass.
    static func firstClosing(in s: [Unicode.Scalar]) -> [Unicode.Scalar]? {
        let firsts = closingFirsts  // a local: no global accessor or retain per character
        for i in s.indices where firsts.contains(s[i]) {
            if let c = closingScalars.first(where: { c in c[0] == s[i] && i + c.count <= s.count && s[i..<(i + c.count)].elementsEqual(c) }) {
                return c
            }
        }
        return nil
    }

    /// Where `needle` first occurs in `s`, in scalars.
    static func offset(of needle: [Unicode.Scalar], in s: [Unicode.Scalar]) -> Int? {
        guard !needle.isEmpty, needle.count <= s.count else { return nil }
        let first = needle[0]
        for i in 0...(s.count - needle.count) where s[i] == first {
            var k = 1
            while k < needle.count && s[i + k] == needle[k] { k += 1 }
            if k == needle.count { return i }
        }
        return nil
    }
}
