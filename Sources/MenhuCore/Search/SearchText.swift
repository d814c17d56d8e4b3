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
        scan(text) { token, _ in result.append(token) }
        return result
    }

    /// Calls `emit` with each token and whether it is a bigram continuing the previous bigram's
    /// Chinese run (so the two make a trigram).
    static func scan(_ text: String, _ emit: (String, Bool) -> Void) {
        var han: [Unicode.Scalar] = []
        var word = String.UnicodeScalarView()
        func flushHan() {
            if han.count == 1 { emit(String(han[0]), false) }
            if han.count >= 2 {
                for i in 0..<(han.count - 1) { emit(String(String.UnicodeScalarView([han[i], han[i + 1]])), i > 0) }
            }
            han.removeAll(keepingCapacity: true)
        }
        func flushWord() {
            if !word.isEmpty { emit(String(word).lowercased(), false) }
            word = String.UnicodeScalarView()
        }
        for c in text.unicodeScalars {
            if isHan(c) { flushWord(); han.append(c) }
            else if isWordChar(c) { flushHan(); word.append(c) }
            else { flushHan(); flushWord() }
        }
        flushHan(); flushWord()
    }

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
    /// Each bigram followed by a third character of its Chinese run also gives a trigram lexeme
    /// (`_` and the three characters) at the bigram's position. A longer word is then the phrase
    /// of its trigrams, whose pieces are far rarer than bigrams: GIN hands PostgreSQL a few
    /// candidates to check positions on instead of every item holding the common bigrams.
    public static func tsVector(title: String, body: String, documentNumber: String, tags: [String]) -> String {
        var position = 0
        var parts: [String] = []
        for (text, weight) in [(title, "A"), (body, "B"), (documentNumber, "C")] {
            var previous: (token: String, position: Int)? = nil
            scan(text) { token, continues in
                position += 1
                let at = min(position, 16383)
                parts.append("'\(token)':\(at)\(weight)")
                // Two bigrams of one run (ab, bc) make a trigram (abc).
                if continues, let p = previous, let trigram = trigram(p.token, token) { parts.append("'\(trigram)':\(p.position)\(weight)") }
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

    /// The pieces of a query word for an index with trigrams, with their offsets: each run of
    /// three or more Chinese characters becomes its trigrams; other tokens stay as they are.
    /// (水利局2 → `_水利局` at 0, `2` at 2.)
    static func trigramPieces(of term: Term) -> [(lexeme: String, offset: Int)] {
        let t = term.tokens
        var pieces: [(lexeme: String, offset: Int)] = []
        var i = 0
        while i < t.count {
            guard i + 1 < t.count, trigram(t[i], t[i + 1]) != nil else { pieces.append((t[i], i)); i += 1; continue }
            var j = i
            while j + 1 < t.count, let piece = trigram(t[j], t[j + 1]) { pieces.append((piece, j)); j += 1 }
            i = j + 1  // the run's last bigram is inside its last trigram
        }
        return pieces
    }

    /// PostgreSQL's tsquery input text: phrases with `<->`, prefixes with `:*`, all with `&`.
    /// `numberTerms` must be in the document number (weight C).
    /// With `trigrams` (the index holds them), words of three or more Chinese characters are
    /// phrases of trigrams.
    public static func tsQuery(_ terms: [Term], numberTerms: [Term] = [], tags: [String], trigrams useTrigrams: Bool = false) -> String {
        func phrase(_ t: Term, _ weight: String) -> String {
            let pieces = pieces(of: t, trigrams: useTrigrams)
            var text = "("
            for (n, piece) in pieces.enumerated() {
                if n > 0 { text += piece.offset - pieces[n - 1].offset == 1 ? " <-> " : " <\(piece.offset - pieces[n - 1].offset)> " }
                let star = t.prefix && piece.offset == t.tokens.count - 1 ? "*" : ""
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
    public static func tsCandidates(_ terms: [Term], numberTerms: [Term] = [], tags: [String], trigrams useTrigrams: Bool = false) -> String? {
        let all = terms + numberTerms
        guard !numberTerms.isEmpty || all.contains(where: { pieces(of: $0, trigrams: useTrigrams).count > 1 }) else { return nil }
        var lexemes: [String] = []
        for t in all {
            for piece in pieces(of: t, trigrams: useTrigrams) {
                let lexeme = "'\(piece.lexeme)'" + (t.prefix && piece.offset == t.tokens.count - 1 ? ":*" : "")
                if !lexemes.contains(lexeme) { lexemes.append(lexeme) }
            }
        }
        return (lexemes + tags.map { "'\($0)'" }).joined(separator: " & ")
    }

    /// The pieces a word is asked as, with their offsets: bigrams, or trigrams once the index holds them.
    static func pieces(of term: Term, trigrams: Bool) -> [(lexeme: String, offset: Int)] {
        trigrams ? trigramPieces(of: term) : term.tokens.enumerated().map { ($1, $0) }
    }

    /// A tag token that filters by a record id (site, column): only letters and digits.
    public static func tag(_ kind: Character, _ id: String) -> String {
        String(kind) + String(id.lowercased().unicodeScalars.filter(isWordChar).map(Character.init))
    }

    /// Up to `length` characters of `text` around the first place a term occurs, as HTML with the
    /// terms marked (`<mark>`), escaped. Without any occurrence, the start of the text.
    public static func snippet(_ text: String, terms: [Term], length: Int = 120) -> String {
        let chars = Array(text.replacingOccurrences(of: "\n", with: " "))
        let needles = terms.map { Array($0.text.lowercased()) }.filter { !$0.isEmpty }
        let lower = chars.map { Character($0.lowercased()) }
        func occurs(_ n: [Character], at i: Int) -> Bool { i + n.count <= lower.count && Array(lower[i..<(i + n.count)]) == n }
        let first = lower.indices.first { i in needles.contains { occurs($0, at: i) } } ?? 0
        let start = max(0, min(first - length / 4, chars.count - length))
        let end = min(chars.count, start + length)
        var html = start > 0 ? "…" : ""
        var i = start
        while i < end {
            if let n = needles.filter({ occurs($0, at: i) }).max(by: { $0.count < $1.count }) {
                html += "<mark>" + HTMLText.escape(String(chars[i..<min(chars.count, i + n.count)])) + "</mark>"
                i += n.count
            } else {
                html += HTMLText.escape(String(chars[i]))
                i += 1
            }
        }
        return html + (end < chars.count ? "…" : "")
    }
}
