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
    /// The title, escaped, with the terms in `<mark>`.
    public var titleHTML: String
    /// The text around the matches, escaped, with the terms in `<mark>`.
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
/// items is ranked among its newest matches only, which keeps every query fast. What both engines
/// share is here; each engine's reading is in SearchIndex+SQLite.swift and SearchIndex+PostgreSQL.swift.
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
        let row = SearchDocumentRow(d, key: key)
        if engine == .postgres {
            let tsv = SearchText.tsVector(title: d.title, body: d.text, documentNumber: d.documentNumber, tags: d.tags + SearchText.keyBlocks(key))
            try await db.insert(row, adding: [("tsv", SQLQueryString("CAST(\(bind: tsv) AS tsvector)"))]).run()
        } else {
            try await db.insert(row).run()
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

    /// One page of results among keys in [low, high], read by the engine's own index.
    /// `exactWindow`: check every candidate of a full window (when checking only a page's worth
    /// came up short), and count those.
    static func page(
        _ q: SearchQuery, tags: [String], low: Int?, high: Int?, newest: Int, now: Date, engine: Database.Engine,
        ngrams: Bool, exactWindow: Bool = false, on db: any SQLDatabase
    ) async throws -> SearchResults {
        let shape = PageShape(q, now: now, engine: engine)
        let rows: [any SQLRow]
        var lazy = false  // a full window, checked only as far as the page
        if engine == .postgres {
            (rows, lazy) = try await postgresRows(
                q, shape, tags: tags, low: low, high: high, newest: newest, ngrams: ngrams, exactWindow: exactWindow, on: db)
        } else {
            rows = try await sqliteRows(q, shape, tags: tags, low: low, high: high, on: db)
        }
        let window = shape.window
        let total = lazy ? window : try rows.first?.decode(column: "total", as: Int.self) ?? 0
        if lazy, rows.count < q.pageSize {
            // The window held the words' pieces more often than the words: count what it holds.
            return try await page(
                q, tags: tags, low: low, high: high, newest: newest, now: now, engine: engine, ngrams: ngrams,
                exactWindow: true, on: db)
        }
        let terms = q.terms
        let hits = try rows.map { try $0.decode(model: SearchDocumentRow.self).hit(terms: terms) }
        return SearchResults(total: total, hits: hits, more: total >= window || exactWindow)
    }

    /// What a page's SQL is the same in on both engines: the exact dates, the window read, the
    /// order (relevance weighed against age) and the columns read.
    struct PageShape {
        /// The dates applied exactly (the key range only narrows them).
        let exact: SQLQueryString
        let offset: Int
        /// How many of the newest matches are read.
        let window: Int
        let order: SQLQueryString
        /// The columns read: the documents' (not PostgreSQL's vector).
        let columns = SearchDocumentRow.columns.map { "d.\($0)" }.joined(separator: ", ")

        /// The shape of the page `q` asks for, ranked at `now`.
        init(_ q: SearchQuery, now: Date, engine: Database.Engine) {
            var exact = SQLQueryString("")
            if let from = q.from { exact = exact + " AND d.published_at >= \(bind: from.storedMillis)" }
            if let to = q.to { exact = exact + " AND d.published_at < \(bind: to.storedMillis)" }
            self.exact = exact

            offset = (q.page - 1) * q.pageSize
            // The newest `window` matches are read once: they give the page, and how many there are
            // (an exact count of a word in most items would read them all).
            window = max(relevanceWindow, offset + q.pageSize + 1)
            // Relevance, the same on both engines: a word in the title counts 1, in the text only 0.4
            // (the weights of ts_rank), and fades with age: a year-old item needs twice the score of
            // today's. It reads the title alone: ranking by the vector or the body would read every
            // one of the window's items from TOAST storage, the largest cost of a query on PostgreSQL.
            let position = engine == .postgres ? "strpos" : "instr"
            let score = q.terms.map { t -> SQLQueryString in
                "CASE WHEN \(unsafeRaw: position)(lower(d.title), \(bind: t.text.lowercased())) > 0 THEN 1.0 ELSE 0.4 END"
            }.reduce(SQLQueryString("0")) { $0 + " + " + $1 }
            order =
                q.order == .relevance
                ? "(\(score)) / (1.0 + (\(bind: now.storedMillis) - d.published_at) / 31536000000.0) DESC, d.doc_key DESC"
                : "d.doc_key DESC"
        }
    }
}
