/// 站内搜索 text handling, the same for SQLite FTS5 and PostgreSQL: Chinese is indexed as
/// overlapping two-character pieces (bigrams), so two-character words — the commonest — are
/// found (a trigram index misses them); Latin words and numbers are indexed whole, lowercased.
/// A query word becomes the phrase of its bigrams, which matches exactly that substring.
public enum SearchText {
    /// Whether a character is written as part of a Chinese run (Han, including extensions).
    static func isHan(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F: true
        default: false
        }
    }

    static func isWordChar(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)
    }

    /// The tokens of a text, in order: bigrams of each Chinese run (a lone character stands for
    /// itself), and Latin/number words.
    public static func tokens(_ text: String) -> [String] {
        var result: [String] = []
        scan(text) { token, _, _ in result.append(token) }
        return result
    }

    /// Calls `emit` with each token, whether it is a bigram continuing the previous bigram's
    /// Chinese run (so the two make a trigram), and whether it follows the previous token with
    /// nothing but spaces between them (a run and a number written together: 第3, 3期, 2024 年).
    static func scan(_ text: String, _ emit: (String, Bool, Bool) -> Void) {
        var han: [Unicode.Scalar] = []
        var word = String.UnicodeScalarView()
        var joined = false  // the next token follows the previous one, at most spaces between
        func flushHan() {
            if han.count == 1 { emit(String(han[0]), false, joined) }
            if han.count >= 2 {
                for i in 0..<(han.count - 1) { emit(String(String.UnicodeScalarView([han[i], han[i + 1]])), i > 0, i > 0 || joined) }
            }
            if !han.isEmpty { joined = true }
            han.removeAll(keepingCapacity: true)
        }
        func flushWord() {
            if !word.isEmpty { emit(String(word).lowercased(), false, joined); joined = true }
            word = String.UnicodeScalarView()
        }
        for c in text.unicodeScalars {
            if isHan(c) {
                flushWord()
                han.append(c)
            } else if isWordChar(c) {
                flushHan()
                word.append(c)
            } else {
                flushHan(); flushWord()
                if !isSpace(c) { joined = false }
            }
        }
        flushHan(); flushWord()
    }

    /// Spaces within a line (ASCII, no-break, ideographic, tab): 2024 年 is 2024年 set apart.
    /// One string, as PostgreSQL's `translate` takes it too.
    public static let spaces = " \u{A0}\u{3000}\t"

    static func isSpace(_ c: Unicode.Scalar) -> Bool { spaces.unicodeScalars.contains(c) }

    /// What the index stores for a text: its tokens separated by spaces.
    public static func indexed(_ text: String) -> String { tokens(text).joined(separator: " ") }

    /// One word of a query: the phrase of its tokens. A lone Chinese character at the end (水, or
    /// the 期 of 第3期) matches as the start of a bigram, as the text may go on (水利, 期工作);
    /// so 水 finds 水利 but not 供水.
    public struct Term: Sendable, Equatable {
        public var tokens: [String]
        /// The last token is a prefix.
        public var prefix: Bool
        /// The word as typed, for highlighting.
        public var text: String
    }

    /// The words of a query (split at spaces and punctuation; at most 8), each a phrase.
    public static func terms(_ query: String) -> [Term] {
        var terms: [Term] = []
        var current = String.UnicodeScalarView()
        func flush() {
            let text = String(current)
            current = String.UnicodeScalarView()
            let t = tokens(text)
            guard !t.isEmpty, !terms.contains(where: { $0.text == text }) else { return }
            let scalars = Array(text.unicodeScalars)
            let endsLone = isHan(scalars[scalars.count - 1]) && (scalars.count == 1 || !isHan(scalars[scalars.count - 2]))
            terms.append(Term(tokens: t, prefix: endsLone, text: text))
        }
        for c in query.unicodeScalars {
            if isHan(c) || isWordChar(c) { current.append(c) } else { flush() }
        }
        flush()
        return Array(terms.prefix(8))
    }

    /// The FTS5 MATCH expression: every term as a phrase (tokens are letters and digits only),
    /// and every tag in the `tags` column.
    /// `numberTerms` must be in the document number (the `docno` column).
    public static func ftsQuery(_ terms: [Term], numberTerms: [Term] = [], tags: [String]) -> String {
        func phrase(_ t: Term) -> String { "\"" + t.tokens.joined(separator: " ") + "\"" + (t.prefix ? " *" : "") }
        return (terms.map { "{title body docno}:" + phrase($0) } + numberTerms.map { "docno:" + phrase($0) } + tags.map { "tags:\($0)" })
            .joined(separator: " AND ")
    }

    /// PostgreSQL's tsvector input text for a document: title tokens weighted A, body tokens B,
    /// with positions (built here, so the database's text-search parser and locale play no part;
    /// PostgreSQL keeps positions up to 16,383), and tags without positions.
    /// The document number (文号) is weighted C, so a filter can ask for it alone.
    ///
    /// Every two tokens written together also give one lexeme, at the first one's position:
    /// two bigrams of one run (ab, bc) their trigram `_abc`, and a run and a number side by side
    /// their pair (`_第3`, `_3期`, `_方面1`). A word of several tokens is then the phrase of these
    /// pieces, which are far rarer than its tokens: GIN hands PostgreSQL few candidates to check
    /// positions on, instead of every item holding the common bigrams or digits.
    public static func tsVector(title: String, body: String, documentNumber: String, tags: [String]) -> String {
        var position = 0
        var parts: [String] = []
        for (text, weight) in [(title, "A"), (body, "B"), (documentNumber, "C")] {
            var previous: (token: String, position: Int)? = nil
            scan(text) { token, continues, follows in
                position += 1
                let at = min(position, 16383)
                parts.append("'\(token)':\(at)\(weight)")
                if let p = previous, follows, let piece = continues ? trigram(p.token, token) : pair(p.token, token) {
                    parts.append("'\(piece)':\(p.position)\(weight)")
                }
                previous = (token, at)
            }
            position += 1  // no phrase runs from the title into the body
        }
        parts += tags.map { "'\($0)'" }
        return parts.joined(separator: " ")
    }

    /// The trigram lexeme of two consecutive Chinese bigrams `ab`, `bc`, or nil.
    static func trigram(_ first: String, _ second: String) -> String? {
        let a = Array(first.unicodeScalars), b = Array(second.unicodeScalars)
        guard a.count == 2, b.count == 2, isHan(a[0]), isHan(a[1]), a[1] == b[0], isHan(b[1]) else { return nil }
        var lexeme = String.UnicodeScalarView([Unicode.Scalar("_")])
        lexeme.append(contentsOf: [a[0], a[1], b[1]])
        return String(lexeme)
    }

    /// The pair lexeme of a run's token and a word's beside it (第 and 3: `_第3`), or nil for
    /// two of the same kind (a run's bigrams make trigrams; two words are never side by side).
    static func pair(_ first: String, _ second: String) -> String? {
        guard let a = first.unicodeScalars.first, let b = second.unicodeScalars.first, isHan(a) != isHan(b) else { return nil }
        return "_" + first + second
    }

    /// The lexemes that place an item by its key (doc_key, in order of first publication) in
    /// PostgreSQL's index: its block of 1,024 keys and its block of 16,384. A search among the
    /// newest keys asks for their blocks, and GIN hands over only the candidates among them.
    public static func keyBlocks(_ key: Int) -> [String] { ["_a\(key >> 10)", "_b\(key >> 14)"] }

    /// The blocks covering keys `low` through `high`, as a tsquery alternative (whole blocks, so a
    /// few keys around the range come too: the range itself is applied exactly afterwards).
    public static func keyBlockQuery(low: Int, high: Int) -> String? {
        var blocks: [String] = []
        var block = max(0, low) >> 10
        let last = max(0, high) >> 10
        while block <= last {
            if block % 16 == 0, block + 15 <= last {
                blocks.append("'_b\(block >> 4)'")
                block += 16
            } else {
                blocks.append("'_a\(block)'")
                block += 1
            }
        }
        return blocks.isEmpty ? nil : "(" + blocks.joined(separator: " | ") + ")"
    }

    /// The pieces a word is asked as, with their offsets and whether each is a prefix: its
    /// tokens (bigrams, for an index written before the pairs); or, once the index holds them,
    /// the trigram or pair of every two neighbouring tokens (水利局2 → `_水利局` at 0, `_利局2`
    /// at 1; 第3期 → `_第3` at 0, `_3期*` at 1).
    static func pieces(of term: Term, ngrams: Bool) -> [(lexeme: String, offset: Int, prefix: Bool)] {
        let t = term.tokens
        guard ngrams, t.count > 1 else { return t.enumerated().map { ($1, $0, term.prefix && $0 == t.count - 1) } }
        return (0..<(t.count - 1)).map { i in (trigram(t[i], t[i + 1]) ?? pair(t[i], t[i + 1]) ?? t[i], i, term.prefix && i + 1 == t.count - 1) }
    }

    /// PostgreSQL's tsquery input text: phrases with `<->`, prefixes with `:*`, all with `&`.
    /// `numberTerms` must be in the document number (weight C).
    /// With `ngrams` (the index holds trigrams and pairs), a word of several tokens is the
    /// phrase of its trigrams and pairs.
    public static func tsQuery(_ terms: [Term], numberTerms: [Term] = [], tags: [String], ngrams: Bool = false) -> String {
        func phrase(_ t: Term, _ weight: String) -> String {
            let pieces = pieces(of: t, ngrams: ngrams)
            var text = "("
            for (n, piece) in pieces.enumerated() {
                if n > 0 { text += piece.offset - pieces[n - 1].offset == 1 ? " <-> " : " <\(piece.offset - pieces[n - 1].offset)> " }
                let star = piece.prefix ? "*" : ""
                text += "'\(piece.lexeme)'" + (weight.isEmpty && star.isEmpty ? "" : ":\(star)\(weight)")
            }
            return text + ")"
        }
        return (terms.map { phrase($0, "") } + numberTerms.map { phrase($0, "C") } + tags.map { "'\($0)'" }).joined(separator: " & ")
    }

    /// The candidates of a tsquery, or nil when it is its own: every piece of every word and
    /// every tag joined with `&`, without phrases or weights. A GIN index answers that exactly,
    /// without reading any item's vector; the phrases are then checked on the candidates alone
    /// (a phrase in a GIN index makes PostgreSQL read the vector of every item holding its pieces,
    /// in or out of the range and window asked for).
    public static func tsCandidates(_ terms: [Term], numberTerms: [Term] = [], tags: [String], ngrams: Bool = false) -> String? {
        let all = terms + numberTerms
        guard !numberTerms.isEmpty || all.contains(where: { pieces(of: $0, ngrams: ngrams).count > 1 }) else { return nil }
        var lexemes: [String] = []
        for t in all {
            for piece in pieces(of: t, ngrams: ngrams) {
                let lexeme = "'\(piece.lexeme)'" + (piece.prefix ? ":*" : "")
                if !lexemes.contains(lexeme) { lexemes.append(lexeme) }
            }
        }
        return (lexemes + tags.map { "'\($0)'" }).joined(separator: " & ")
    }

    /// A tag token that filters by a record id (site, column): only letters and digits.
    public static func tag(_ kind: Character, _ id: String) -> String {
        String(kind) + String(id.lowercased().unicodeScalars.filter(isWordChar).map(Character.init))
    }

    /// Up to `length` characters of `text` around the place where most of the terms occur together,
    /// as HTML with the terms marked (`<mark>`), escaped. The window begins at a sentence when one
    /// starts shortly before, and never cuts a Latin word in two. Without any occurrence, the start
    /// of the text.
    public static func snippet(_ text: String, terms: [Term], length: Int = 120) -> String {
        let m = Marker(text, terms: terms)
        let scalars = m.scalars
        let hits = Array(scalars.indices.lazy.filter { m.longest(at: $0) != nil }.prefix(200))
        // The window holding the most different terms; of equals, the one where they stand closest
        // together, then the earliest.
        var best = hits.first ?? 0, bestCount = 0, bestSpan = Int.max
        for h in hits {
            var seen = Set<[Unicode.Scalar]>()
            var span = 0
            for i in h..<min(scalars.count, h + length * 3 / 4) {
                if let n = m.longest(at: i), seen.insert(m.key(at: i, count: n)).inserted { span = i - h }
            }
            if seen.count > bestCount || (seen.count == bestCount && span < bestSpan) { (best, bestCount, bestSpan) = (h, seen.count, span) }
        }
        var start = max(0, min(best - length / 4, scalars.count - length))
        // A sentence that begins shortly before the first term: start there.
        if let sentence = (max(0, best - length / 2)...best).reversed().first(where: { i in
            i > 0 && "。！？!?；\n".unicodeScalars.contains(scalars[i - 1])
        }),
            sentence >= best - length / 2
        {
            start = sentence
        } else {
            while start > 0 && start < best && isLatinLetter(scalars[start - 1]) && isLatinLetter(scalars[start]) { start += 1 }
        }
        var end = min(scalars.count, start + length)
        if end < scalars.count {
            var cut = end
            while cut > start && isLatinLetter(scalars[cut - 1]) && isLatinLetter(scalars[cut]) { cut -= 1 }
            if cut > start + length / 2 { end = cut }
        }
        return (start > 0 ? "…" : "") + m.html(start..<end) + (end < scalars.count ? "…" : "")
    }

    /// The whole of `text` (a title) as HTML with the terms marked, escaped.
    public static func highlighted(_ text: String, terms: [Term]) -> String {
        let m = Marker(text, terms: terms)
        return m.html(m.scalars.indices)
    }

    static func isLatinLetter(_ c: Unicode.Scalar) -> Bool {
        (c.value >= 65 && c.value <= 90) || (c.value >= 97 && c.value <= 122) || (c.value >= 48 && c.value <= 57)
    }

    /// Finds the terms in a text (ASCII letters folded) and writes stretches of it as marked HTML.
    /// Unicode scalars throughout, and no allocation per character: it runs for every hit of every search.
    struct Marker {
        let scalars: [Unicode.Scalar]
        let needles: [[Unicode.Scalar]]

        init(_ text: String, terms: [Term]) {
            scalars = Array(text.unicodeScalars)
            needles = terms.map { $0.text.unicodeScalars.map(Self.folded) }.filter { !$0.isEmpty }
        }

        static func folded(_ c: Unicode.Scalar) -> Unicode.Scalar { c.value >= 65 && c.value <= 90 ? Unicode.Scalar(c.value + 32)! : c }

        func occurs(_ needle: [Unicode.Scalar], at i: Int) -> Bool {
            guard i + needle.count <= scalars.count else { return false }
            for k in needle.indices where Self.folded(scalars[i + k]) != needle[k] { return false }
            return true
        }

        /// The length of the longest term at `i`, if one is there.
        func longest(at i: Int) -> Int? {
            var found: Int? = nil
            for needle in needles where needle.count > (found ?? 0) && occurs(needle, at: i) { found = needle.count }
            return found
        }

        /// Which term occurs at `i` (folded), to count different ones.
        func key(at i: Int, count: Int) -> [Unicode.Scalar] { scalars[i..<(i + count)].map(Self.folded) }

        func html(_ range: Range<Int>) -> String {
            var html = ""
            var plain = String.UnicodeScalarView()
            var i = range.lowerBound
            while i < range.upperBound {
                if let count = longest(at: i), i + count <= range.upperBound {
                    html +=
                        HTMLText.escape(String(plain)) + "<mark>"
                        + HTMLText.escape(String(String.UnicodeScalarView(scalars[i..<(i + count)]))) + "</mark>"
                    plain = String.UnicodeScalarView()
                    i += count
                } else {
                    plain.append(scalars[i] == "\n" ? " " : scalars[i])
                    i += 1
                }
            }
            return html + HTMLText.escape(String(plain))
        }
    }
}
