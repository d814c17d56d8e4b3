import Foundation
import MenhuCore
import SQLKit

/// Uploaded files, stored in the database so that every instance serves them (DESIGN:
/// stateless instances on one PostgreSQL).
public enum FileRecords {
    /// Stores an upload after checking it; ids are random (128 bits), so drafts' files cannot be guessed.
    /// `extracted` is the text the content gate checks (read by MenhuImport's TextExtractor before
    /// the transaction, as reading a PDF may take a while).
    static func insert(
        _ data: Data, name: String, caption: String, siteID: String, by actor: Actor, now: Date,
        extracted: FileText.Extracted, on db: any SQLDatabase
    ) async throws -> StoredFile {
        let kind = try StoredFile.validate(data, name: name, caption: caption)
        let size = kind.isImage ? FileKind.imageSize(data, kind: kind) : nil
        let id = RecordID.random(bytes: 16)
        let file = StoredFile(
            id: id, siteID: siteID, name: name.trimmed, kind: kind, size: data.count, sha256: Digest.hex(data),
            width: size?.width, height: size?.height, caption: caption.trimmed, uploadedBy: actor.name, createdAt: now)
        try await db.insert(FileRow(file, data: data, extracted: extracted)).run()
        return file
    }

    /// A file's description and bytes.
    public static func find(id: String, on db: any SQLDatabase) async throws -> (StoredFile, Data)? {
        guard id.count == 32, id.allSatisfy(\.isHexDigit),
            let row = try await db.select(FileRow.self).where("id", .equal, id).first(decoding: FileRow.self), let data = row.data
        else { return nil }
        return (try row.model(), data)
    }

    /// Files with the text read from them at upload, for the content gate (unknown ids are skipped).
    public static func texts(ids: [String], on db: any SQLDatabase) async throws -> [FileText] {
        guard !ids.isEmpty else { return [] }
        let rows = try await db.select(FileRow.self, leavingOut: [.data]).where("id", .in, SQLBind.group(ids)).all(decoding: FileRow.self)
        let byID = try Dictionary(rows.map { ($0.id, FileText(file: try $0.model(), extracted: $0.extracted)) }, uniquingKeysWith: { a, _ in a })
        return ids.compactMap { byID[$0] }
    }

    /// The files of a site named by `ids`, in that order, without their bytes (附件 of an item;
    /// unknown ids and other sites' files are skipped).
    public static func described(ids: [String], siteID: String, on db: any SQLDatabase) async throws -> [StoredFile] {
        guard !ids.isEmpty else { return [] }
        let rows = try await db.select(FileRow.self, leavingOut: [.data, .text, .textNote]).where("id", .in, SQLBind.group(ids))
            .where("site_id", .equal, siteID).all(decoding: FileRow.self)
        let byID = try Dictionary(rows.map { ($0.id, try $0.model()) }, uniquingKeysWith: { a, _ in a })
        return ids.compactMap { byID[$0] }
    }

    /// A site's files, newest first (without their bytes).
    public static func list(siteID: String, limit: Int = 100, on db: any SQLDatabase) async throws -> [StoredFile] {
        try await db.select(FileRow.self, leavingOut: [.data, .text, .textNote]).where("site_id", .equal, siteID)
            .orderBy("created_at", .descending).limit(limit).all(decoding: FileRow.self).map { try $0.model() }
    }
}
