import Foundation
import MenhuCore
import SQLKit

/// PostgreSQL's reading of the search index: a tsvector with a GIN index over the same tokens,
/// the statistics that say how common a query is, and the rebuilding of older vectors.
extension SearchIndex {
    /// The rows of a page among keys in [low, high], and whether they are lazy: a full window,
    /// checked only as far as the page (then the count is the window's).
    static func postgresRows(
        _ q: SearchQuery, _ shape: PageShape, tags: [String], low: Int?, high: Int?, newest: Int, ngrams: Bool,
        exactWindow: Bool, on db: any SQLDatabase
    ) async throws -> (rows: [any SQLRow], lazy: Bool) {
        let candidates = PostgresCandidates(q, tags: tags, high: high, newest: newest, ngrams: ngrams)
        let (from, full) = try await candidates.range(low: low, window: shape.window, on: db)
        let lazy = candidates.pieces != nil && full && !exactWindow
        let (columns, exact, order, window, offset) = (shape.columns, shape.exact, shape.order, shape.window, shape.offset)
        let c = candidates.sql(from: from)
        let inWindow: SQLQueryString = """
            SELECT doc_key AS k FROM search_documents WHERE tsv @@ CAST(\(bind: c.query) AS tsquery)\(c.keys)
            ORDER BY doc_key DESC LIMIT \(bind: window)
            """
        let rows: [any SQLRow]
        if candidates.pieces == nil {
            // The candidates are the matches.
            rows = try await db.raw(
                """
                SELECT \(unsafeRaw: columns), COUNT(*) OVER () AS total FROM (\(inWindow)) h JOIN search_documents d ON d.doc_key = h.k
                WHERE 1 = 1\(exact) ORDER BY \(order) LIMIT \(bind: q.pageSize) OFFSET \(bind: offset)
                """
            ).all()
        } else if !lazy {
            // Fewer candidates than the window (or a short lazy page): each is checked and counted.
            rows = try await db.raw(
                """
                SELECT \(unsafeRaw: columns), COUNT(*) OVER () AS total FROM (\(inWindow)) h JOIN search_documents d ON d.doc_key = h.k
                WHERE \(written(q, "d"))\(exact) ORDER BY \(order) LIMIT \(bind: q.pageSize) OFFSET \(bind: offset)
                """
            ).all()
        } else {
            // A full window: more items match than are counted anyway. The window is ordered
            // first, and checked in that order only until the page is full (OFFSET 0 keeps the
            // check after the ordering), so a frequent phrase reads about a page of texts.
            rows = try await db.raw(
                """
                SELECT * FROM (SELECT \(unsafeRaw: columns) FROM (\(inWindow)) h
                JOIN search_documents d ON d.doc_key = h.k WHERE 1 = 1\(exact) ORDER BY \(order) OFFSET 0) w
                WHERE \(written(q, "w")) LIMIT \(bind: q.pageSize) OFFSET \(bind: offset)
                """
            ).all()
        }
        return (rows, lazy)
    }

    /// Whether `column` holds a query word's characters in a row, spaces between a run and
    /// a number aside (2024 年 is 2024年, as in the index's pairs).
    static func holds(_ table: String, _ column: String, _ t: SearchText.Term) -> SQLQueryString {
        let needle = t.text.lowercased()
        let letters = needle.unicodeScalars.contains { ("a"..."z").contains($0) }
        let mixed = needle.unicodeScalars.contains { ("0"..."9").contains($0) || ("a"..."z").contains($0) } && needle.unicodeScalars.count > 1
        var field: SQLQueryString = "\(unsafeRaw: table).\(unsafeRaw: column)"
        if letters { field = "lower(" + field + ")" }
        if mixed { field = "translate(" + field + ", \(bind: SearchText.spaces), '')" }
        return "strpos(" + field + ", \(bind: needle)) > 0"
    }

    /// The words checked in the text itself, which is far smaller than the vector (often
    /// stored inline). A word's characters in a row are exactly the phrase of its tokens
    /// (words are split at everything but characters, letters and digits), and the pairs
    /// among the candidates' pieces already hold letters and digits as whole words.
    static func written(_ q: SearchQuery, _ table: String) -> SQLQueryString {
        let words = q.terms.map { t -> SQLQueryString in
            "(\(holds(table, "title", t)) OR \(holds(table, "body", t)) OR \(holds(table, "document_number", t)))"
        }
        return words.dropFirst().reduce(words.first ?? "TRUE") { $0 + " AND " + $1 }
    }

    /// The candidates GIN answers exactly, without reading a vector: the words' pieces and
    /// tags, and, for a range of keys, the key blocks covering it. It hands them over in no
    /// order; to read the newest `window`, the newest 4,096 keys are tried first, then the
    /// newest 32,768, then all, until a range holds a full window.
    struct PostgresCandidates {
        let q: SearchQuery
        let tsq: String
        /// The words' pieces (nil: the query's tsquery is exact, nothing is checked in the text).
        let pieces: String?
        let ngrams: Bool
        let high: Int?
        let newest: Int
        /// The highest key looked at.
        var top: Int { high ?? newest }

        /// The candidates of `q` among keys up to `high` (else the newest).
        init(_ q: SearchQuery, tags: [String], high: Int?, newest: Int, ngrams: Bool) {
            self.q = q
            tsq = SearchText.tsQuery(q.terms, numberTerms: q.numberTerms, tags: tags, ngrams: ngrams)
            pieces = SearchText.tsCandidates(q.terms, numberTerms: q.numberTerms, tags: tags, ngrams: ngrams)
            self.ngrams = ngrams; self.high = high; self.newest = newest
        }

        /// The tsquery of the candidates from key `from` on, and the conditions on their keys.
        func sql(from: Int?) -> (query: String, keys: SQLQueryString) {
            var query = pieces ?? tsq
            if ngrams, let from, from > 0, top - from < newest / 2, let blocks = SearchText.keyBlockQuery(low: from, high: top) {
                query = "(\(query)) & " + blocks
            }
            var keys = SQLQueryString("")
            if let from { keys = keys + " AND doc_key >= \(bind: from)" }
            if let high { keys = keys + " AND doc_key <= \(bind: high)" }
            // 文号 words are checked at once in the number (short, stored inline), so every
            // candidate counted holds them there, not just somewhere in its text.
            for t in q.numberTerms { keys = keys + " AND " + holds("search_documents", "document_number", t) }
            return (query, keys)
        }

        /// How many candidates there are from key `from` on, counted up to `window`.
        func count(from: Int?, window: Int, on db: any SQLDatabase) async throws -> Int {
            let c = sql(from: from)
            return try await db.raw(
                """
                SELECT COUNT(*) AS n FROM (SELECT 1 FROM search_documents WHERE tsv @@ CAST(\(bind: c.query) AS tsquery)\(c.keys)
                LIMIT \(bind: window)) x
                """
            ).first()!.decode(column: "n", as: Int.self)
        }

        /// The lowest key to read from, and whether the range holds a full window of candidates.
        func range(low: Int?, window: Int, on db: any SQLDatabase) async throws -> (from: Int?, full: Bool) {
            var from = low, full = false
            if ngrams {
                for span in [4_096, 32_768] where top - span > (low ?? 0) {
                    if try await count(from: top - span, window: window, on: db) >= window {
                        from = top - span
                        full = true
                        break
                    }
                }
            }
            if !full, pieces != nil { full = try await count(from: low, window: window, on: db) >= window }
            return (from, full)
        }
    }

    /// The background task that rebuilds PostgreSQL vectors written by an older `SearchText.tsVector`
    /// (before trigrams: migration 13; before pairs and key blocks: migration 14), and the setting
    /// that says whether it is needed (`pending`) or done (`ready`). The name is the first one's.
    public static let vectorTask = "search-trigrams"

    /// Rebuilds every older vector, `batch` at a time, each batch in its own transaction; returns
    /// how many batches it took. (The background task of `menhu serve` runs this.)
    @discardableResult
    public static func rebuildAllVectors(in database: Database, batch: Int = 500) async throws -> Int {
        var after = 0, batches = 0
        while true {
            let from = after
            guard let last = try await database.write({ db in try await rebuildVectors(after: from, batch: batch, on: db) }) else { return batches }
            batches += 1
            after = last
        }
    }

    /// Rebuilds the vectors of up to `batch` documents after `after` (a doc_key); returns the
    /// last key done, or nil when none are left (then queries start asking for the new lexemes).
    public static func rebuildVectors(after: Int, batch: Int = 500, on db: any SQLDatabase) async throws -> Int? {
        let rows = try await db.raw(
            """
            SELECT doc_key, title, body, document_number,
                   array_to_string(ARRAY(SELECT lexeme FROM unnest(tsv) WHERE positions IS NULL AND left(lexeme, 1) <> '_'), ' ') AS tags
            FROM search_documents WHERE doc_key > \(bind: after) ORDER BY doc_key LIMIT \(bind: batch)
            """
        ).all()
        guard !rows.isEmpty else {
            try await db.setSetting(vectorTask, "ready")
            return nil
        }
        var last = after
        for row in rows {
            let r = RowReader(row)
            last = try r.int("doc_key")
            let tags = try r.string("tags").split(separator: " ").map(String.init) + SearchText.keyBlocks(last)
            let tsv = SearchText.tsVector(
                title: try r.string("title"), body: try r.string("body"),
                documentNumber: try r.string("document_number"), tags: tags)
            try await db.raw("UPDATE search_documents SET tsv = CAST(\(bind: tsv) AS tsvector) WHERE doc_key = \(bind: last)").run()
        }
        return last
    }
}

/// How common the words of a query are in the index, from PostgreSQL's own statistics of the
/// tsvector column (its 1,000 most common lexemes and their frequencies, kept by ANALYZE and
/// autovacuum). Read at most every five minutes.
final class PostgresStatistics: @unchecked Sendable {
    static let shared = PostgresStatistics()
    private let lock = NSLock()
    private var frequencies: [String: Double] = [:]
    private var readAt = Date.distantPast

    /// The share of items a query probably matches: its rarest word's, times its tags'; nil
    /// when some word is not among the common ones (then it is rare, and the plain plan is right).
    func frequency(_ q: SearchQuery, tags: [String], on db: any SQLDatabase) async throws -> Double? {
        let table = try await common(on: db)
        var word = 1.0
        for term in q.terms + q.numberTerms {
            guard !term.prefix, let f = term.tokens.compactMap({ table[$0] }).min(), term.tokens.allSatisfy({ table[$0] != nil }) else { return nil }
            word = min(word, f)
        }
        return tags.reduce(word) { $0 * (table[$1] ?? 1) }
    }

    private var vectors = false

    /// Whether every vector holds what `SearchText.tsVector` writes now (migrations 13 and 14 and
    /// their background task).
    func vectorsReady(on db: any SQLDatabase) async throws -> Bool {
        if lock.withLock({ vectors }) { return true }
        let ready = try await db.setting(SearchIndex.vectorTask) == "ready"
        if ready { lock.withLock { vectors = true } }
        return ready
    }

    private func common(on db: any SQLDatabase) async throws -> [String: Double] {
        if let cached = lock.withLock({ Date().timeIntervalSince(readAt) < 300 ? frequencies : nil }) { return cached }
        var table: [String: Double] = [:]
        if let row = try await db.raw(
            """
            SELECT most_common_elems::text AS e, most_common_elem_freqs::text AS f FROM pg_stats
            WHERE tablename = 'search_documents' AND attname = 'tsv'
            """
        ).first(),
            let elems = try row.decode(column: "e", as: String?.self), let freqs = try row.decode(column: "f", as: String?.self)
        {
            // Text forms: {安全,全生,...} and {0.21,0.2,...}; lexemes are letters and digits only.
            let names = elems.trimmingCharacters(in: CharacterSet(charactersIn: "{}")).split(separator: ",").map(String.init)
            let values = freqs.trimmingCharacters(in: CharacterSet(charactersIn: "{}")).split(separator: ",").compactMap { Double($0) }
            for (name, value) in zip(names, values) { table[name.trimmingCharacters(in: CharacterSet(charactersIn: "\""))] = value }
        }
        lock.withLock {
            frequencies = table; readAt = Date()
        }
        return table
    }
}
