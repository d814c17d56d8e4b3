import Foundation
import MenhuCore
import SQLKit

/// The content gate's editable word lists: the platform's and each site's (P10).
public enum DictionaryRecords {
    /// The entries that apply to a site: the platform's and its own. `siteID` nil: the platform's only.
    public static func applying(to siteID: String?, on db: any SQLDatabase) async throws -> [DictionaryEntry] {
        var q = db.select(DictionaryEntryRow.self)
        if let siteID {
            q = q.where { $0.where("site_id", .is, SQLLiteral.null).orWhere("site_id", .equal, siteID) }
        } else {
            q = q.where("site_id", .is, SQLLiteral.null)
        }
        return try await q.orderBy("category").orderBy("text").all(decoding: DictionaryEntryRow.self).map { $0.model() }
    }

    /// Adds entries (from the form or an imported list); an entry already in the same list is
    /// skipped. Returns how many were added.
    public static func add(
        _ entries: [(text: String, category: String, blocks: Bool, suggestion: String)], siteID: String?,
        by actor: Actor, now: Date, on db: any SQLDatabase
    ) async throws -> Int {
        // Writes the entries only; DictionaryService appends the event and asks for the re-check.
        let existing = Set(try await applying(to: siteID, on: db).filter { $0.siteID == siteID }.map(\.text))
        var seen = existing, added = 0
        for e in entries where !seen.contains(e.text) {
            seen.insert(e.text)
            let entry = DictionaryEntry(
                siteID: siteID, text: e.text, category: e.category, blocks: e.blocks, suggestion: e.suggestion,
                createdBy: actor.name, createdAt: now)
            try await db.insert(DictionaryEntryRow(entry)).run()
            added += 1
        }
        return added
    }

    /// Removes an entry; returns it.
    @discardableResult
    public static func remove(id: String, siteID: String?, on db: any SQLDatabase) async throws -> DictionaryEntry {
        guard let entry = try await applying(to: siteID, on: db).first(where: { $0.id == id && $0.siteID == siteID }) else {
            throw ServiceError.notFound("词条不存在")
        }
        try await db.delete(from: "dictionary_entries").where("id", .equal, id).run()
        return entry
    }
}
