import Foundation
import MenhuCore

/// A row of `search_documents`: what the index holds of one live item (PostgreSQL's `tsv` vector
/// is the engine's own, written beside it by `SearchIndex.put`).
struct SearchDocumentRow: TableRow {
    static let table = "search_documents"
    static let key: [CodingKeys] = [.articleID]

    var articleID: String
    /// The item's place in publication order: FTS5's rowid on SQLite.
    var docKey: Int
    var siteID: String
    /// The primary column (the tags hold every column).
    var columnID: String
    var title: String
    var body: String
    var documentNumber: String
    var publishedAt: Int
    var archived: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case articleID = "article_id", docKey = "doc_key", siteID = "site_id", columnID = "column_id", title, body
        case documentNumber = "document_number", publishedAt = "published_at", archived
    }
}

extension SearchDocumentRow {
    init(_ d: SearchIndex.Document, key: Int) {
        self.init(
            articleID: d.articleID, docKey: key, siteID: d.siteID, columnID: d.columnIDs.first ?? "", title: d.title, body: d.text,
            documentNumber: d.documentNumber, publishedAt: d.publishedAt.storedMillis, archived: d.archived ? 1 : 0)
    }

    /// A result: the title with `terms` marked, and the text around them.
    func hit(terms: [SearchText.Term]) -> SearchHit {
        SearchHit(
            articleID: articleID, siteID: siteID, columnID: columnID, title: title, titleHTML: SearchText.highlighted(title, terms: terms),
            snippetHTML: SearchText.snippet(body, terms: terms),
            documentNumber: documentNumber, publishedAt: Date(storedMillis: publishedAt), archived: archived != 0)
    }
}
