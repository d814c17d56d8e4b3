/// The content gate's checks over one text (DESIGN: MenhuChecks is pure and fast). Build one
/// checker per dictionary version and share it; `check` is safe from any thread.
public struct ContentChecker: Sendable {
    enum Entry: Sendable {
        case typo(right: String)
        case expression(CheckTables.Expression)
        /// 领导职务: a leader's name; the suggestion lists the current titles.
        case leader(titles: [String], severity: Severity)
    }

    /// The dictionary category of leaders' names with their current titles (DictionaryEntry.leaderCategory).
    public static let leaderCategory = "领导职务"

    let tables: CheckTables
    let dictionary: Matcher
    let entries: [Entry]
    let phrases: Matcher
    /// One bit per BMP code point: a Han character that is not standard, or is ambiguous.
    let attention: ScalarBits

    /// A checker with the shipped tables plus `extra` dictionary entries (platform and site lists).
    public init(tables: CheckTables = .shipped, extra: [CheckTables.Expression] = []) {
        self.tables = tables
        var patterns: [String] = []
        var entries: [Entry] = []
        for t in tables.typos { patterns.append(t.wrong); entries.append(.typo(right: t.right)) }
        for e in tables.expressions + extra where !e.text.isEmpty {
            patterns.append(e.text)
            if e.category == Self.leaderCategory {
                entries.append(.leader(titles: LeaderTitles.titles(e.suggestion ?? ""), severity: e.severity))
            } else {
                entries.append(.expression(e))
            }
        }
        dictionary = Matcher(patterns)
        self.entries = entries
        phrases = Matcher(tables.phrases.map(\.traditional))
        attention = ScalarBits(
            (0..<0x10000).lazy.compactMap { Unicode.Scalar(UInt32($0)) }
                .filter { c in Self.isHan(c) && !tables.standard.contains(c) || tables.ambiguous[c] != nil })
    }

    /// Whether a character needs a closer look (fast path: one bit for the BMP).
    @inline(__always) func needsLook(_ c: Unicode.Scalar) -> Bool {
        if c.value < 0x10000 { return attention.contains(c) }
        return Self.isHan(c) && !tables.standard.contains(c)
    }

    /// Every finding in `input`, in text order; blocking ones first where spans coincide.
    public func check(_ input: CheckInput, context: CheckContext = CheckContext()) -> [Finding] {
        let index = ScalarIndex(input.text)
        let scalars = Array(input.text.unicodeScalars)
        var findings: [Finding] = []
        findings += classifiedMarkings(scalars)
        findings += dictionaryFindings(index, scalars: scalars)
        findings += characterFindings(scalars, index: index)
        findings += PersonalData.findings(scalars, context: context)
        findings += LinkRules.findings(input, context: context)
        findings += DocumentKinds.findings(scalars)
        findings += Self.invisibleCharacters(scalars)
        if input.isRepost && (input.originalAuthor.isEmpty || input.sourceURL.isEmpty) {
            findings.append(
                Finding(
                    rule: "repost.attribution", severity: .block, start: 0, length: 0, matched: "",
                    message: "转载信息须注明原作者和原文地址（依据 P4）", requirement: "P4"))
        }
        for image in input.images where image.caption.isEmpty {
            findings.append(
                Finding(
                    rule: "format.image-caption", severity: .warn, start: 0, length: 0, matched: image.src,
                    message: "图片缺少说明文字（依据 P12）", requirement: "P12"))
        }
        findings = Self.tidy(findings)
        findings += AttachmentRules.findings(input, context: context) { text in check(CheckInput(text: text), context: context) }
        return findings
    }

    /// Characters that show nothing but split words: 绝\u{200B}密 reads as 绝密 and matches no rule.
    static let invisible: Set<UInt32> = [0x00AD, 0x034F, 0x180E, 0x200B, 0x200C, 0x200D, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xFEFF]

    /// P10: runs of invisible characters block, since they defeat every other check (and search).
    static func invisibleCharacters(_ scalars: [Unicode.Scalar]) -> [Finding] {
        var findings: [Finding] = []
        var i = 0
        while i < scalars.count {
            guard invisible.contains(scalars[i].value) else { i += 1; continue }
            let start = i
            while i < scalars.count, invisible.contains(scalars[i].value) { i += 1 }
            var matched = String.UnicodeScalarView()
            matched.append(contentsOf: scalars[start..<i])
            findings.append(
                Finding(
                    rule: "format.invisible", severity: .block, start: start, length: i - start,
                    matched: String(matched),
                    message: "含有看不见的字符（零宽空格等），会让内容检查和站内搜索失效，请删除（依据 P10）",
                    requirement: "P10"))
        }
        return findings
    }

    /// Whether any finding stops the workflow.
    public static func blocks(_ findings: [Finding]) -> Bool { findings.contains { $0.severity == .block } }

    /// Drops findings inside a longer one of the same family (国家秘密 covers its 秘密), and orders them.
    static func tidy(_ findings: [Finding]) -> [Finding] {
        let sorted = findings.sorted { ($0.start, -$0.length, $0.severity == .block ? 0 : 1) < ($1.start, -$1.length, $1.severity == .block ? 0 : 1) }
        // Sorted by start, the kept finding most likely to cover the next one is the one reaching furthest.
        var reach: [Substring: (end: Int, length: Int, rule: String)] = [:]
        var kept: [Finding] = []
        kept.reserveCapacity(sorted.count)
        for f in sorted {
            let family = f.rule.split(separator: ".").first ?? Substring(f.rule)
            let end = f.start + f.length
            if f.length > 0, let r = reach[family], end <= r.end, r.length > f.length || r.rule == f.rule { continue }
            kept.append(f)
            if f.length > 0, end > (reach[family]?.end ?? -1) { reach[family] = (end, f.length, f.rule) }
        }
        return kept
    }

    // MARK: 1. Classified markings (P3, X4)

    static let levels: Set<String> = ["绝密", "机密", "秘密"]

    /// `绝密★1年`, `机密 ★ 启用前`: the GB/T 9704 form of a security classification.
    func classifiedMarkings(_ s: [Unicode.Scalar]) -> [Finding] {
        var result: [Finding] = []
        for (i, c) in s.enumerated() where c == "★" || c == "☆" {
            var j = i - 1
            while j >= 0, s[j] == " " || s[j] == "\u{3000}" { j -= 1 }
            guard j >= 1, Self.levels.contains(String(String.UnicodeScalarView([s[j - 1], s[j]]))) else { continue }
            var end = i + 1
            while end < s.count, s[end] == " " { end += 1 }
            var k = end
            while k < s.count, ("0"..."9").contains(s[k]) { k += 1 }
            let tail = String(String.UnicodeScalarView(s[k..<min(s.count, k + 3)]))
            if k > end, tail.hasPrefix("年") {
                end = k + 1
            } else if k > end, tail.hasPrefix("个月") {
                end = k + 2
            } else if tail.hasPrefix("长期") {
                end = k + 2
            } else if tail.hasPrefix("启用前") {
                end = k + 3
            } else {
                end = i + 1
            }
            let text = String(String.UnicodeScalarView(s[(j - 1)..<end]))
            result.append(
                Finding(
                    rule: "classified.marking", severity: .block, start: j - 1, length: end - (j - 1), matched: text,
                    message: "出现密级标识“\(text)”，涉密信息严禁在互联网发布（依据 P3、X4）", requirement: "P3"))
        }
        return result
    }

    // MARK: 5, 6. Typos, sensitive words, expressions

    func dictionaryFindings(_ index: ScalarIndex, scalars: [Unicode.Scalar]) -> [Finding] {
        dictionary.matches(in: index.bytes).flatMap { m -> [Finding] in
            let text = index.text(m.start, m.end)
            let start = index.scalar(m.start), length = index.scalar(m.end) - start
            switch entries[m.pattern] {
            case .leader(let titles, let severity):
                return LeaderTitles.findings(name: text, titles: titles, severity: severity, at: start, length: length, in: scalars)
            case .typo(let right):
                return [
                    Finding(
                        rule: "typo", severity: .warn, start: start, length: length, matched: text,
                        message: "疑似错别字：“\(text)”应为“\(right)”（依据 P10）", requirement: "P10", suggestion: right)
                ]
            case .expression(let e):
                // 农业部门, 文化部门: "departments of agriculture", not the old ministry.
                if e.category == "过时机构名称", text.hasSuffix("部"), index.scalar(m.end) < scalars.count, scalars[index.scalar(m.end)] == "门" {
                    return []
                }
                let rule: String, message: String
                switch e.category {
                case "密级标识":
                    rule = "classified.word"
                    message = "出现涉密标识用语“\(text)”，请确认不含涉密内容（依据 P3、X4）"
                case "过时机构名称":
                    rule = "expression.outdated"
                    message = "“\(text)”是已撤销或更名的机构名称" + (e.suggestion.map { "，现为“\($0)”" } ?? "") + "（依据 P10）"
                case "规范表述":
                    rule = "expression.political"
                    message = "“\(text)”是不规范的政治表述" + (e.suggestion.map { "，应为“\($0)”" } ?? "，须删改") + "（依据 P10）"
                default:
                    rule = "sensitive"
                    message = "出现敏感词“\(text)”（\(e.category)）" + (e.suggestion.map { "，建议改为“\($0)”" } ?? "")
                }
                return [
                    Finding(
                        rule: rule, severity: e.severity, start: start, length: length, matched: text, message: message,
                        requirement: e.requirement, suggestion: e.suggestion)
                ]
            }
        }
    }

    // MARK: 4. Traditional, variant and non-standard characters (P10)

    static func isHan(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x3134F, 0xF900...0xFAFF: return true
        default: return false
        }
    }

    func characterFindings(_ s: [Unicode.Scalar], index: ScalarIndex) -> [Finding] {
        // Phrase context first: inside a TSPhrases phrase, the phrase decides. (Only texts with a
        // character to look at pay for the phrase scan.)
        var phraseAt: [Int: (start: Int, trad: [Unicode.Scalar], simp: [Unicode.Scalar])] = [:]
        guard s.contains(where: needsLook) else { return [] }
        for m in phrases.matches(in: index.bytes) {
            let start = index.scalar(m.start)
            let entry = tables.phrases[m.pattern]
            let trad = Array(entry.traditional.unicodeScalars), simp = Array(entry.simplified.unicodeScalars)
            guard trad.count == simp.count else { continue }
            for k in 0..<trad.count { phraseAt[start + k] = (start, trad, simp) }
        }
        var result: [Finding] = []
        var reportedPhrases = Set<Int>()
        for (i, c) in s.enumerated() where needsLook(c) {
            if let phrase = phraseAt[i] {
                let offset = i - phrase.start
                if phrase.simp[offset] == phrase.trad[offset] { continue }
                if tables.ambiguous[c] != nil, !reportedPhrases.contains(phrase.start) {
                    reportedPhrases.insert(phrase.start)
                    let text = String(String.UnicodeScalarView(phrase.trad)), fix = String(String.UnicodeScalarView(phrase.simp))
                    result.append(
                        Finding(
                            rule: "chars.traditional", severity: .warn, start: phrase.start, length: phrase.trad.count,
                            matched: text, message: "“\(text)”含繁体字，应为“\(fix)”（依据 P10）", requirement: "P10",
                            suggestion: fix))
                    continue
                }
            }
            let ch = String(c)
            if let simp = tables.traditional[c] {
                result.append(
                    Finding(
                        rule: "chars.traditional", severity: .warn, start: i, length: 1, matched: ch,
                        message: "“\(ch)”是繁体字，应为“\(simp)”（依据 P10）", requirement: "P10", suggestion: simp))
            } else if let simp = tables.ambiguous[c] {
                if simp != ch {
                    result.append(
                        Finding(
                            rule: "chars.traditional", severity: .warn, start: i, length: 1, matched: ch,
                            message: "“\(ch)”在此处可能是繁体字，一般应为“\(simp)”；人名、专名等除外（依据 P10）",
                            requirement: "P10", suggestion: simp))
                }
            } else if let standard = tables.variants[c] {
                result.append(
                    Finding(
                        rule: "chars.variant", severity: .warn, start: i, length: 1, matched: ch,
                        message: "“\(ch)”是异体字，规范字为“\(standard)”（依据 P10）", requirement: "P10", suggestion: standard))
            } else {
                result.append(
                    Finding(
                        rule: "chars.nonstandard", severity: .warn, start: i, length: 1, matched: ch,
                        message: "“\(ch)”不在《通用规范汉字表》中，请确认（人名、地名用字除外）（依据 P10）", requirement: "P10"))
            }
        }
        return result
    }

    /// The text with every traditional and variant character replaced ("一键转换").
    public func simplified(_ text: String) -> String {
        let findings = check(CheckInput(text: text)).filter { ($0.rule == "chars.traditional" || $0.rule == "chars.variant") && $0.suggestion != nil }
        var scalars = Array(text.unicodeScalars)
        for f in findings.reversed() {
            scalars.replaceSubrange(f.start..<(f.start + f.length), with: f.suggestion!.unicodeScalars)
        }
        return String(String.UnicodeScalarView(scalars))
    }
}
