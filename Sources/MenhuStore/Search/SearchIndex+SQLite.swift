import Foundation
import MenhuCore
import SQLKit

/// SQLite's reading of the search index: an FTS5 table over the app-made bigrams.
extension SearchIndex {
    /// The rows of a page among keys in [low, high]: the newest `window` matches from FTS5, then
    /// the dates applied exactly, ordered and counted.
    static func sqliteRows(
        _ q: SearchQuery, _ shape: PageShape, tags: [String], low: Int?, high: Int?, on db: any SQLDatabase
    ) async throws -> [any SQLRow] {
        let match = SearchText.ftsQuery(q.terms, numberTerms: q.numberTerms, tags: tags)
        var keyRange = SQLQueryString("")
        if let low { keyRange = keyRange + " AND rowid >= \(bind: low)" }
        if let high { keyRange = keyRange + " AND rowid <= \(bind: high)" }
        let (columns, exact, order, window, offset) = (shape.columns, shape.exact, shape.order, shape.window, shape.offset)
        return try await db.raw(
            """
            SELECT \(unsafeRaw: columns), COUNT(*) OVER () AS total
            FROM (SELECT rowid AS k FROM search_fts WHERE search_fts MATCH \(bind: match)\(keyRange) ORDER BY rowid DESC LIMIT \(bind: window)) h
            JOIN search_documents d ON d.doc_key = h.k
            WHERE 1 = 1\(exact) ORDER BY \(order) LIMIT \(bind: q.pageSize) OFFSET \(bind: offset)
            """
        ).all()
    }
}
