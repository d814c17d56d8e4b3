import Foundation
import MenhuCore
import SQLKit

/// A row of `letter_attachments`: the file's bytes are in `content`.
struct LetterAttachmentRow: TableRow {
    static let table = "letter_attachments"

    var id: String
    var letterID: String
    var position: Int
    var name: String
    var kind: String
    var size: Int
    var sha256: String
    var content: Data
    var createdAt: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, letterID = "letter_id", position, name, kind, size, sha256, content, createdAt = "created_at"
    }

    func model() throws -> LetterAttachment {
        guard let kind = FileKind(rawValue: kind) else { throw StoreError.corrupt("letter_attachments \(id): \(kind)") }
        return LetterAttachment(
            id: id, letterID: letterID, position: position, name: name, kind: kind, size: size, sha256: sha256,
            createdAt: Date(storedMillis: createdAt))
    }
}

/// I1: the files sent with letters, for the people who handle them.
public enum LetterAttachmentRecords {
    static func insert(
        _ files: [(name: String, kind: FileKind, data: Data)], letterID: String, now: Date, on db: any SQLDatabase
    ) async throws -> [LetterAttachment] {
        var made: [LetterAttachment] = []
        for (i, file) in files.enumerated() {
            let a = LetterAttachment(
                letterID: letterID, position: i + 1, name: file.name, kind: file.kind, size: file.data.count, sha256: Digest.hex(file.data),
                createdAt: now)
            try await db.insert(
                LetterAttachmentRow(
                    id: a.id, letterID: letterID, position: a.position, name: a.name, kind: a.kind.rawValue, size: a.size, sha256: a.sha256,
                    content: file.data, createdAt: now.storedMillis)
            ).run()
            made.append(a)
        }
        return made
    }

    /// A letter's attachments, in the order sent, without their bytes.
    public static func list(letterID: String, on db: any SQLDatabase) async throws -> [LetterAttachment] {
        try await db.select(LetterAttachmentRow.self, leavingOut: [.content]).where("letter_id", .equal, letterID).orderBy("position")
            .all().map { row in
                let r = RowReader(row)
                guard let kind = FileKind(rawValue: try r.string("kind")) else { throw StoreError.corrupt("letter_attachments kind") }
                return LetterAttachment(
                    id: try r.string("id"), letterID: letterID, position: try r.int("position"), name: try r.string("name"), kind: kind,
                    size: try r.int("size"), sha256: try r.string("sha256"), createdAt: Date(storedMillis: try r.int("created_at")))
            }
    }

    /// One attachment of a letter with its bytes.
    public static func find(id: String, letterID: String, on db: any SQLDatabase) async throws -> (LetterAttachment, Data)? {
        guard
            let row = try await db.select(LetterAttachmentRow.self).where("id", .equal, id).where("letter_id", .equal, letterID)
                .first(decoding: LetterAttachmentRow.self)
        else { return nil }
        return (try row.model(), row.content)
    }
}
