import Foundation
import MenhuCore
import SQLKit

/// Uploaded files, stored in the database so that every instance serves them (DESIGN:
/// stateless instances on one PostgreSQL).
public enum FileRecords {
    static let metaColumns = [
        "id", "site_id", "name", "kind", "content_type", "size", "sha256", "width", "height", "caption",
        "uploaded_by", "created_at",
    ]

    static func decode(_ row: any SQLRow) throws -> StoredFile {
        let r = RowReader(row)
        return StoredFile(
            id: try r.string("id"), siteID: try r.string("site_id"), name: try r.string("name"),
            kind: try r.enumValue("kind", FileKind.self), size: try r.int("size"), sha256: try r.string("sha256"),
            width: try row.decode(column: "width", as: Int?.self), height: try row.decode(column: "height", as: Int?.self),
            caption: try r.string("caption"), uploadedBy: try r.string("uploaded_by"), createdAt: try r.date("created_at"))
    }

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
        try await db.insert(into: "files")
            .columns(metaColumns + ["data", "text", "text_note"])
            .values(
                SQLBind(file.id), SQLBind(siteID), SQLBind(file.name), SQLBind(kind.rawValue), SQLBind(kind.contentType),
                SQLBind(file.size), SQLBind(file.sha256), SQLBind(file.width), SQLBind(file.height), SQLBind(file.caption),
                SQLBind(actor.name), SQLBind(now.storedMillis), SQLBind(data), SQLBind(extracted.text), SQLBind(extracted.note)
            )
            .run()
        return file
    }

    /// A file's description and bytes.
    public static func find(id: String, on db: any SQLDatabase) async throws -> (StoredFile, Data)? {
        guard id.count == 32, id.allSatisfy(\.isHexDigit),
            let row = try await db.select().column("*").from("files").where("id", .equal, id).first()
        else { return nil }
        return (try decode(row), try row.decode(column: "data", as: Data.self))
    }

    /// Files with the text read from them at upload, for the content gate (unknown ids are skipped).
    public static func texts(ids: [String], on db: any SQLDatabase) async throws -> [FileText] {
        guard !ids.isEmpty else { return [] }
        let rows = try await db.select().columns((metaColumns + ["text", "text_note"]).map { SQLColumn($0) }).from("files")
            .where("id", .in, SQLBind.group(ids)).all()
        let byID = try Dictionary(
            rows.map { row in
                let file = try decode(row)
                return (
                    file.id,
                    FileText(
                        file: file,
                        extracted: .init(
                            text: try row.decode(column: "text", as: String?.self),
                            note: try row.decode(column: "text_note", as: String.self)))
                )
            }, uniquingKeysWith: { a, _ in a })
        return ids.compactMap { byID[$0] }
    }

    /// A site's files, newest first (without their bytes).
    public static func list(siteID: String, limit: Int = 100, on db: any SQLDatabase) async throws -> [StoredFile] {
        try await db.select().columns(metaColumns.map { SQLColumn($0) }).from("files").where("site_id", .equal, siteID)
            .orderBy("created_at", .descending).limit(limit).all().map(decode)
    }
}
