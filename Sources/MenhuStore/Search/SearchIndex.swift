import Foundation
import MenhuCore
import SQLKit

/// What a visitor searches for (站内搜索).
public struct SearchQuery: Sendable, Equatable {
    public enum Order: String, Sendable { case relevance, recent }

    public var text: String
    /// The sites searched (nil: every site of the platform, from the portal).
    public var siteID: String?
    public var columnID: String?
    /// Published on or after `from`, before `to`.
    public var from: Date?
    public var to: Date?
    /// Words the document number (文号) must contain.
    public var documentNumber: String
    public var order: Order
    public var page: Int
    public var pageSize: Int

    public init(
        text: String, siteID: String? = nil, columnID: String? = nil, from: Date? = nil, to: Date? = nil,
        documentNumber: String = "", order: Order = .relevance, page: Int = 1, pageSize: Int = 10
    ) {
        self.text = text; self.siteID = siteID; self.columnID = columnID; self.from = from; self.to = to
        self.documentNumber = documentNumber; self.order = order; self.page = max(1, page); self.pageSize = pageSize
    }

    public var terms: [SearchText.Term] { SearchText.terms(text) }
    public var numberTerms: [SearchText.Term] { SearchText.terms(documentNumber) }
    public var isEmpty: Bool { terms.isEmpty && numberTerms.isEmpty }
}

public struct SearchHit: Sendable, Equatable {
    public var articleID: String
    public var siteID: String
    public var columnID: String
    public var title: String
    /// The text around the first match, escaped, with the terms in `<mark>`.
    public var snippetHTML: String
    public var documentNumber: String
    public var publishedAt: Date
    public var archived: Bool
}

public struct SearchResults: Sendable, Equatable {
    /// How many items match, counted up to the window read (see `more`).
    public var total: Int
    public var hits: [SearchHit]
    /// More items match than were read: `total` is a lower bound, and relevance ordered only
    /// the newest `SearchIndex.relevanceWindow` of them.
    public var more: Bool

    public init(total: Int, hits: [SearchHit], more: Bool) { self.total = total; self.hits = hits; self.more = more }
}

/// The search index, written in the publishing transaction and read by the public search.
/// SQLite: an FTS5 table over app-made bigrams; PostgreSQL: a tsvector with a GIN index over the
/// same tokens. Relevance (a word in the title counts more) is weighed against age; a term found in most
/// items is ranked among its newest matches only, which keeps every query fast.
public enum SearchIndex {
    public static let relevanceWindow = 1000

    /// What the index holds for one live item.
    public struct Document: Sendable {
        public var articleID: String
        public var siteID: String
        /// The primary column first, then extra columns the item also appears in.
        public var columnIDs: [String]
        public var title: String
        /// Plain text: subtitle, summary, body.
        public var text: String
        public var documentNumber: String
        public var publishedAt: Date
        public var archived: Bool

        public init(
            articleID: String, siteID: String, columnIDs: [String], title: String, text: String, documentNumber: String,
            publishedAt: Date, archived: Bool = false
        ) {
            self.articleID = articleID; self.siteID = siteID; self.columnIDs = columnIDs; self.title = title; self.text = text
            self.documentNumber = documentNumber; self.publishedAt = publishedAt; self.archived = archived
        }

        /// The document of an item's live content.
        public init(articleID: String, siteID: String, content c: ArticleContent, publishedAt: Date, archived: Bool = false) {
            self.init(
                articleID: articleID, siteID: siteID, columnIDs: c.allColumnIDs, title: c.title,
                text: [c.subtitle, c.summary, ArticleContent.plainText(c.bodyHTML)].filter { !$0.isEmpty }.joined(separator: "\n"),
                documentNumber: c.documentNumber, publishedAt: publishedAt, archived: archived)
        }

        var tags: [String] { [SearchText.tag("s", siteID)] + columnIDs.map { SearchText.tag("c", $0) } }
    }

    /// Adds or replaces an item (its place in publication order stays).
    public static func put(_ d: Document, engine: Database.Engine, on db: any SQLDatabase) async throws {
        let existing = try await db.select().column("doc_key").from("search_documents").where("article_id", .equal, d.articleID).first()
            .map { try $0.decode(column: "doc_key", as: Int.self) }
        let key: Int
        if let existing {
            key = existing
            try await db.delete(from: "search_documents").where("doc_key", .equal, key).run()
        } else if engine == .postgres {
            key = try await db.raw("SELECT nextval('search_doc_key') AS k").first()!.decode(column: "k", as: Int.self)
        } else {
            key = try await db.raw("SELECT COALESCE(MAX(doc_key), 0) + 1 AS k FROM search_documents").first()!.decode(column: "k", as: Int.self)
        }
        let common: SQLQueryString = """
            \(bind: d.articleID), \(bind: key), \(bind: d.siteID), \(bind: d.columnIDs.first ?? ""), \(bind: d.title), \(bind: d.text),
            \(bind: d.documentNumber), \(bind: d.publishedAt.storedMillis), \(bind: d.archived ? 1 : 0)
            """
        let columns = "article_id, doc_key, site_id, column_id, title, body, document_number, published_at, archived"
        if engine == .postgres {
            let tsv = SearchText.tsVector(title: d.title, body: d.text, documentNumber: d.documentNumber, tags: d.tags + SearchText.keyBlocks(key))
            try await db.raw("INSERT INTO search_documents (\(unsafeRaw: columns), tsv) VALUES (\(common), CAST(\(bind: tsv) AS tsvector))").run()
        } else {
            try await db.raw("INSERT INTO search_documents (\(unsafeRaw: columns)) VALUES (\(common))").run()
            if existing != nil { try await db.raw("DELETE FROM search_fts WHERE rowid = \(bind: key)").run() }
            try await db.raw(
                """
                INSERT INTO search_fts (rowid, title, body, docno, tags) VALUES (\(bind: key), \(bind: SearchText.indexed(d.title)),
                \(bind: SearchText.indexed(d.text)), \(bind: SearchText.indexed(d.documentNumber)), \(bind: d.tags.joined(separator: " ")))
                """
            ).run()
        }
    }

    /// Takes a withdrawn item out of search.
    public static func remove(articleID: String, engine: Database.Engine, on db: any SQLDatabase) async throws {
        guard
            let key = try await db.select().column("doc_key").from("search_documents").where("article_id", .equal, articleID).first()
                .map({ try $0.decode(column: "doc_key", as: Int.self) })
        else { return }
        try await db.delete(from: "search_documents").where("doc_key", .equal, key).run()
        if engine == .sqlite { try await db.raw("DELETE FROM search_fts WHERE rowid = \(bind: key)").run() }
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

    /// Marks an archived item (it stays searchable, labelled 已归档).
    public static func markArchived(articleID: String, on db: any SQLDatabase) async throws {
        try await db.update("search_documents").set("archived", to: SQLBind(1)).where("article_id", .equal, articleID).run()
    }

    /// One page of results.
    public static func search(_ q: SearchQuery, now: Date, engine: Database.Engine, on db: any SQLDatabase) async throws -> SearchResults {
        guard !q.isEmpty else { return SearchResults(total: 0, hits: [], more: false) }
        let tags = (q.siteID.map { [SearchText.tag("s", $0)] } ?? []) + (q.columnID.map { [SearchText.tag("c", $0)] } ?? [])
        // Dates narrow the range of keys (keys follow first publication), then are applied exactly.
        let low =
            try await q.from.asyncMap { from in
                try await db.raw("SELECT MIN(doc_key) AS k FROM search_documents WHERE published_at >= \(bind: from.storedMillis)").first()?
                    .decode(column: "k", as: Int?.self)
            } ?? nil
        let high =
            try await q.to.asyncMap { to in
                try await db.raw("SELECT MAX(doc_key) AS k FROM search_documents WHERE published_at < \(bind: to.storedMillis)").first()?
                    .decode(column: "k", as: Int?.self)
            } ?? nil
        if (q.from != nil && low == nil) || (q.to != nil && high == nil) { return SearchResults(total: 0, hits: [], more: false) }
        if let low, let high, low > high { return SearchResults(total: 0, hits: [], more: false) }
        // Trigrams, pairs and key blocks, once every vector holds them (migrations 13 and 14).
        let ngrams = engine == .postgres ? try await PostgresStatistics.shared.vectorsReady(on: db) : false
        let newest =
            engine == .postgres
            ? try await db.raw("SELECT MAX(doc_key) AS k FROM search_documents").first()?.decode(column: "k", as: Int?.self) ?? 0 : 0
        // Until then, PostgreSQL misjudges how common a phrase is (its pieces are not independent)
        // and may read every match to sort them: a frequent one is looked for among the newest
        // keys first, by the lexeme statistics.
        if engine == .postgres, !ngrams, let frequency = try await PostgresStatistics.shared.frequency(q, tags: tags, on: db), frequency >= 0.01 {
            let span = Int(Double(max(relevanceWindow, q.page * q.pageSize + 1)) / frequency * 1.5)
            if newest - span > (low ?? 0) {
                let first = try await page(
                    q, tags: tags, low: newest - span, high: high, newest: newest, now: now, engine: engine, ngrams: ngrams, on: db)
                if first.more { return first }
            }
        }
        return try await page(q, tags: tags, low: low, high: high, newest: newest, now: now, engine: engine, ngrams: ngrams, on: db)
    }

    /// One page of results among keys in [low, high].
    /// `exactWindow`: check every candidate of a full window (when checking only a page's worth
    /// came up short), and count those.
    static func page(
        _ q: SearchQuery, tags: [String], low: Int?, high: Int?, newest: Int, now: Date, engine: Database.Engine,
        ngrams: Bool, exactWindow: Bool = false, on db: any SQLDatabase
    ) async throws -> SearchResults {
        var exact = SQLQueryString("")
        if let from = q.from { exact = exact + " AND d.published_at >= \(bind: from.storedMillis)" }
        if let to = q.to { exact = exact + " AND d.published_at < \(bind: to.storedMillis)" }

        let offset = (q.page - 1) * q.pageSize
        // The newest `window` matches are read once: they give the page, and how many there are
        // (an exact count of a word in most items would read them all).
        let window = max(relevanceWindow, offset + q.pageSize + 1)
        // Relevance, the same on both engines: a word in the title counts 1, in the text only 0.4
        // (the weights of ts_rank), and fades with age: a year-old item needs twice the score of
        // today's. It reads the title alone: ranking by the vector or the body would read every
        // one of the window's items from TOAST storage, the largest cost of a query on PostgreSQL.
        let position = engine == .postgres ? "strpos" : "instr"
        let score = q.terms.map { t -> SQLQueryString in
            "CASE WHEN \(unsafeRaw: position)(lower(d.title), \(bind: t.text.lowercased())) > 0 THEN 1.0 ELSE 0.4 END"
        }.reduce(SQLQueryString("0")) { $0 + " + " + $1 }
        let order: SQLQueryString =
            q.order == .relevance
            ? "(\(score)) / (1.0 + (\(bind: now.storedMillis) - d.published_at) / 31536000000.0) DESC, d.doc_key DESC"
            : "d.doc_key DESC"
        let columns = "d.article_id, d.site_id, d.column_id, d.title, d.body, d.document_number, d.published_at, d.archived"
        let rows: [any SQLRow]
        var lazy = false  // a full window, checked only as far as the page
        if engine == .postgres {
            let tsq = SearchText.tsQuery(q.terms, numberTerms: q.numberTerms, tags: tags, ngrams: ngrams)
            let pieces = SearchText.tsCandidates(q.terms, numberTerms: q.numberTerms, tags: tags, ngrams: ngrams)
            // Whether `column` holds a query word's characters in a row, spaces between a run and
            // a number aside (2024 年 is 2024年, as in the index's pairs).
            func holds(_ table: String, _ column: String, _ t: SearchText.Term) -> SQLQueryString {
                let needle = t.text.lowercased()
                let letters = needle.unicodeScalars.contains { ("a"..."z").contains($0) }
                let mixed = needle.unicodeScalars.contains { ("0"..."9").contains($0) || ("a"..."z").contains($0) } && needle.unicodeScalars.count > 1
                var field: SQLQueryString = "\(unsafeRaw: table).\(unsafeRaw: column)"
                if letters { field = "lower(" + field + ")" }
                if mixed { field = "translate(" + field + ", \(bind: SearchText.spaces), '')" }
                return "strpos(" + field + ", \(bind: needle)) > 0"
            }
            // GIN answers the candidates exactly, without reading a vector: the words' pieces and
            // tags, and, for a range of keys, the key blocks covering it. It hands them over in no
            // order; to read the newest `window`, the newest 4,096 keys are tried first, then the
            // newest 32,768, then all, until a range holds a full window.
            let top = high ?? newest
            func candidates(from: Int?) -> (query: String, keys: SQLQueryString) {
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
            func count(from: Int?) async throws -> Int {
                let c = candidates(from: from)
                return try await db.raw(
                    """
                    SELECT COUNT(*) AS n FROM (SELECT 1 FROM search_documents WHERE tsv @@ CAST(\(bind: c.query) AS tsquery)\(c.keys)
                    LIMIT \(bind: window)) x
                    """
                ).first()!.decode(column: "n", as: Int.self)
            }
            var from = low, full = false
            if ngrams {
                for span in [4_096, 32_768] where top - span > (low ?? 0) {
                    if try await count(from: top - span) >= window {
                        from = top - span
                        full = true
                        break
                    }
                }
            }
            if !full, pieces != nil { full = try await count(from: low) >= window }
            lazy = pieces != nil && full && !exactWindow
            // The words checked in the text itself, which is far smaller than the vector (often
            // stored inline). A word's characters in a row are exactly the phrase of its tokens
            // (words are split at everything but characters, letters and digits), and the pairs
            // among the candidates' pieces already hold letters and digits as whole words.
            func written(_ table: String) -> SQLQueryString {
                let words = q.terms.map { t -> SQLQueryString in
                    "(\(holds(table, "title", t)) OR \(holds(table, "body", t)) OR \(holds(table, "document_number", t)))"
                }
                return words.dropFirst().reduce(words.first ?? "TRUE") { $0 + " AND " + $1 }
            }
            let c = candidates(from: from)
            let inWindow: SQLQueryString = """
                SELECT doc_key AS k FROM search_documents WHERE tsv @@ CAST(\(bind: c.query) AS tsquery)\(c.keys)
                ORDER BY doc_key DESC LIMIT \(bind: window)
                """
            if pieces == nil {
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
                    WHERE \(written("d"))\(exact) ORDER BY \(order) LIMIT \(bind: q.pageSize) OFFSET \(bind: offset)
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
                    WHERE \(written("w")) LIMIT \(bind: q.pageSize) OFFSET \(bind: offset)
                    """
                ).all()
            }
        } else {
            let match = SearchText.ftsQuery(q.terms, numberTerms: q.numberTerms, tags: tags)
            var keyRange = SQLQueryString("")
            if let low { keyRange = keyRange + " AND rowid >= \(bind: low)" }
            if let high { keyRange = keyRange + " AND rowid <= \(bind: high)" }
            rows = try await db.raw(
                """
                SELECT \(unsafeRaw: columns), COUNT(*) OVER () AS total
                FROM (SELECT rowid AS k FROM search_fts WHERE search_fts MATCH \(bind: match)\(keyRange) ORDER BY rowid DESC LIMIT \(bind: window)) h
                JOIN search_documents d ON d.doc_key = h.k
                WHERE 1 = 1\(exact) ORDER BY \(order) LIMIT \(bind: q.pageSize) OFFSET \(bind: offset)
                """
            ).all()
        }
        let total = lazy ? window : try rows.first?.decode(column: "total", as: Int.self) ?? 0
        if lazy, rows.count < q.pageSize {
            // The window held the words' pieces more often than the words: count what it holds.
            return try await page(
                q, tags: tags, low: low, high: high, newest: newest, now: now, engine: engine, ngrams: ngrams,
                exactWindow: true, on: db)
        }
        let terms = q.terms
        let hits = try rows.map { row in
            let r = RowReader(row)
            return SearchHit(
                articleID: try r.string("article_id"), siteID: try r.string("site_id"), columnID: try r.string("column_id"),
                title: try r.string("title"), snippetHTML: SearchText.snippet(try r.string("body"), terms: terms),
                documentNumber: try r.string("document_number"), publishedAt: try r.date("published_at"),
                archived: try r.bool("archived"))
        }
        return SearchResults(total: total, hits: hits, more: total >= window || exactWindow)
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
        let ready =
            try await db.select().column("value").from("settings").where("key", .equal, SearchIndex.vectorTask).first()
            .map { try $0.decode(column: "value", as: String.self) } == "ready"
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
