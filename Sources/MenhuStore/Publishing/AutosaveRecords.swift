import Foundation
import MenhuCore
import SQLKit

/// A row of `editor_autosaves`.
struct EditorAutosaveRow: TableRow {
    static let table = "editor_autosaves"
    static var key: [CodingKeys] { [.accountID, .siteID, .articleID] }

    var accountID: String
    var siteID: String
    var articleID: String
    var fields: String
    var savedAt: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case accountID = "account_id", siteID = "site_id", articleID = "article_id", fields, savedAt = "saved_at"
    }

    init(_ a: EditorAutosave) throws {
        let json = try JSONEncoder.sorted.encode(a.fields)
        self.init(
            accountID: a.accountID, siteID: a.siteID, articleID: a.articleID ?? "", fields: String(decoding: json, as: UTF8.self),
            savedAt: a.savedAt.storedMillis)
    }

    init(accountID: String, siteID: String, articleID: String, fields: String, savedAt: Int) {
        self.accountID = accountID; self.siteID = siteID; self.articleID = articleID; self.fields = fields; self.savedAt = savedAt
    }

    func model() throws -> EditorAutosave {
        guard let fields = try? JSONDecoder().decode([String: String].self, from: Data(fields.utf8)) else {
            throw StoreError.corrupt("editor_autosaves: fields")
        }
        return EditorAutosave(
            accountID: accountID, siteID: siteID, articleID: articleID.nonEmpty, fields: fields, savedAt: Date(storedMillis: savedAt))
    }
}

extension JSONEncoder {
    /// Keys in order, so the same fields are stored as the same text.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}

public enum AutosaveRecords {
    /// The person's unsaved text of an item (nil `articleID`: of the new item form) on a site.
    public static func find(accountID: String, siteID: String, articleID: String?, on db: any SQLDatabase) async throws -> EditorAutosave? {
        try await db.select(EditorAutosaveRow.self).where("account_id", .equal, accountID).where("site_id", .equal, siteID)
            .where("article_id", .equal, articleID ?? "").first(decoding: EditorAutosaveRow.self)?.model()
    }

    static func remove(accountID: String, siteID: String, articleID: String?, on db: any SQLDatabase) async throws {
        try await db.delete(from: EditorAutosaveRow.table).where("account_id", .equal, accountID).where("site_id", .equal, siteID)
            .where("article_id", .equal, articleID ?? "").run()
    }
}

extension PublishingService {
    /// Keeps what the person has typed in the item form, replacing what was kept before; nothing
    /// else changes (no version, no event: it is the person's own unsaved work). Fields other than
    /// the form's are dropped, and at most 2 MB of text is kept.
    @discardableResult
    public func autosave(siteID: String, articleID: String?, fields: [String: String], by p: Participant) async throws -> EditorAutosave {
        let kept = fields.filter { EditorAutosave.formFields.contains($0.key) }
        guard kept.values.reduce(0, { $0 + $1.utf8.count }) <= 2 * 1024 * 1024 else {
            throw FieldErrors.single("body", "正文过长，未能自动保存，请点“保存”")
        }
        let autosave = EditorAutosave(accountID: p.accountID, siteID: siteID, articleID: articleID, fields: kept, savedAt: clock.now())
        try await database.write { db in
            try await AutosaveRecords.remove(accountID: p.accountID, siteID: siteID, articleID: articleID, on: db)
            try await db.insert(try EditorAutosaveRow(autosave)).run()
        }
        return autosave
    }

    /// Throws away what the person typed and did not save.
    public func discardAutosave(siteID: String, articleID: String?, by p: Participant) async throws {
        try await database.write { db in try await AutosaveRecords.remove(accountID: p.accountID, siteID: siteID, articleID: articleID, on: db) }
    }
}
