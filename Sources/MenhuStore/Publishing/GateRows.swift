import Foundation
import MenhuCore

/// A row of `dictionary_entries`: a word of the content gate's lists, the platform's (no site) or a site's (P10).
struct DictionaryEntryRow: TableRow {
    static let table = "dictionary_entries"

    var id: String
    var siteID: String?
    var text: String
    var category: String
    var blocks: Int
    var suggestion: String
    var createdBy: String
    var createdAt: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, siteID = "site_id", text, category, blocks, suggestion, createdBy = "created_by"
        case createdAt = "created_at"
    }
}

extension DictionaryEntryRow {
    init(_ e: DictionaryEntry) {
        self.init(
            id: e.id, siteID: e.siteID, text: e.text, category: e.category, blocks: e.blocks ? 1 : 0, suggestion: e.suggestion,
            createdBy: e.createdBy, createdAt: e.createdAt.storedMillis)
    }

    func model() -> DictionaryEntry {
        DictionaryEntry(
            id: id, siteID: siteID, text: text, category: category, blocks: blocks != 0, suggestion: suggestion, createdBy: createdBy,
            createdAt: Date(storedMillis: createdAt))
    }
}

/// A row of `live_findings`: what the content gate says about a live page.
struct LiveFindingRow: TableRow {
    static let table = "live_findings"
    static let key: [CodingKeys] = [.articleID]

    var articleID: String
    var siteID: String
    var blocking: Int
    var warnings: Int
    var summary: String
    var checkedAt: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case articleID = "article_id", siteID = "site_id", blocking, warnings, summary, checkedAt = "checked_at"
    }
}

/// A row of `link_checks`: the last result of following a link (P11).
struct LinkCheckRow: TableRow {
    static let table = "link_checks"
    static let key: [CodingKeys] = [.url]

    var url: String
    var status: Int
    var broken: Int
    var note: String
    var checkedAt: Int
    /// ok, caution or broken (LinkVerdict, migration 23).
    var verdict: String
    /// Since when the address has been broken, while it is.
    var brokenSince: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case url, status, broken, note, checkedAt = "checked_at", verdict, brokenSince = "broken_since"
    }
}
