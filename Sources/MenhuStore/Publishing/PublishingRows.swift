import Foundation
import MenhuCore

/// A row of `revisions`: one saved text of an item, as canonical JSON with its digest.
struct RevisionRow: TableRow {
    static let table = "revisions"

    var id: String
    var articleID: String
    var number: Int
    var contentJSON: String
    var digest: String
    var authorID: String?
    var authorName: String
    var createdAt: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, articleID = "article_id", number, contentJSON = "content_json", digest, authorID = "author_id"
        case authorName = "author_name", createdAt = "created_at"
    }
}

extension RevisionRow {
    init(_ r: Revision) {
        self.init(
            id: r.id, articleID: r.articleID, number: r.number, contentJSON: String(decoding: r.content.canonicalJSON, as: UTF8.self),
            digest: r.digest, authorID: r.authorID, authorName: r.authorName, createdAt: r.createdAt.storedMillis)
    }

    func model() throws -> Revision {
        Revision(
            id: id, articleID: articleID, number: number, content: try ArticleContent.decode(contentJSON), authorID: authorID ?? "",
            authorName: authorName, createdAt: Date(storedMillis: createdAt))
    }
}

/// A row of `approvals`.
struct ApprovalRow: TableRow {
    static let table = "approvals"

    var id: String
    var articleID: String
    var revisionID: String
    var step: String
    var digest: String
    var accountID: String
    var accountName: String
    var at: Int
    var voidedAt: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, articleID = "article_id", revisionID = "revision_id", step, digest, accountID = "account_id"
        case accountName = "account_name", at, voidedAt = "voided_at"
    }
}

extension ApprovalRow {
    init(_ a: Approval) {
        self.init(
            id: a.id, articleID: a.articleID, revisionID: a.revisionID, step: a.step.rawValue, digest: a.digest, accountID: a.accountID,
            accountName: a.accountName, at: a.at.storedMillis, voidedAt: a.voidedAt.storedMillis)
    }

    func model() throws -> Approval {
        Approval(
            id: id, articleID: articleID, revisionID: revisionID, step: try ApprovalStep(stored: step), digest: digest, accountID: accountID,
            accountName: accountName, at: Date(storedMillis: at), voidedAt: voidedAt.storedDate)
    }
}

/// A row of `registry_entries`, the hash-chained text registry (P6).
struct RegistryEntryRow: TableRow {
    static let table = "registry_entries"
    static let key: [CodingKeys] = [.sequence]

    var sequence: Int
    var id: String
    var action: String
    var at: Int
    var siteID: String
    var columnID: String
    var articleID: String
    var url: String
    var title: String
    var revisionDigest: String
    var author: String
    var reviewer: String
    var signer: String
    var leader: String
    var groupName: String
    var actor: String
    var note: String
    var previousHash: String
    var hash: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case sequence, id, action, at, siteID = "site_id", columnID = "column_id", articleID = "article_id", url
        case title, revisionDigest = "revision_digest", author, reviewer, signer, leader, groupName = "group_name"
        case actor, note, previousHash = "previous_hash", hash
    }
}

extension RegistryEntryRow {
    init(_ e: RegistryEntry) {
        self.init(
            sequence: e.sequence, id: e.id, action: e.action.rawValue, at: e.at.storedMillis, siteID: e.siteID, columnID: e.columnID,
            articleID: e.articleID, url: e.url, title: e.title, revisionDigest: e.revisionDigest, author: e.author, reviewer: e.reviewer,
            signer: e.signer, leader: e.leader, groupName: e.group, actor: e.actor, note: e.note, previousHash: e.previousHash, hash: e.hash)
    }

    /// The entry as stored: its hash is the stored one, which `RegistryVerifier` checks.
    func model() throws -> RegistryEntry {
        var e = RegistryEntry(
            sequence: sequence, id: id, action: try RegistryAction(stored: action), at: Date(storedMillis: at), siteID: siteID,
            columnID: columnID, articleID: articleID, url: url, title: title, revisionDigest: revisionDigest, author: author,
            reviewer: reviewer, signer: signer, leader: leader, group: groupName, actor: actor, note: note, previousHash: previousHash)
        e.hash = hash
        return e
    }
}

/// A row of `page_changes`: what changed on the public sites, as space-separated page tags.
struct PageChangeRow: TableRow {
    static let table = "page_changes"

    var id: String
    var at: Int
    var siteID: String
    var tags: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, at, siteID = "site_id", tags
    }
}

/// A row of `files`: an upload with its bytes and the text read from it.
struct FileRow: TableRow {
    static let table = "files"

    var id: String
    var siteID: String
    var name: String
    var kind: String
    var contentType: String
    var size: Int
    var sha256: String
    var width: Int?
    var height: Int?
    var caption: String
    /// Nil when a query left it out (every one but `FileRecords.find`).
    var data: Data?
    var uploadedBy: String
    var createdAt: Int
    var text: String?
    /// Nil when a list left it out.
    var textNote: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, siteID = "site_id", name, kind, contentType = "content_type", size, sha256, width, height, caption
        case data, uploadedBy = "uploaded_by", createdAt = "created_at", text, textNote = "text_note"
    }
}

extension FileRow {
    init(_ f: StoredFile, data: Data, extracted: FileText.Extracted) {
        self.init(
            id: f.id, siteID: f.siteID, name: f.name, kind: f.kind.rawValue, contentType: f.kind.contentType, size: f.size,
            sha256: f.sha256, width: f.width, height: f.height, caption: f.caption, data: data, uploadedBy: f.uploadedBy,
            createdAt: f.createdAt.storedMillis, text: extracted.text, textNote: extracted.note)
    }

    func model() throws -> StoredFile {
        StoredFile(
            id: id, siteID: siteID, name: name, kind: try FileKind(stored: kind), size: size, sha256: sha256, width: width, height: height,
            caption: caption, uploadedBy: uploadedBy, createdAt: Date(storedMillis: createdAt))
    }

    /// The text read at upload, for the content gate.
    var extracted: FileText.Extracted { FileText.Extracted(text: text, note: textNote ?? "") }
}
