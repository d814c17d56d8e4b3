import Foundation

/// What a registry entry records.
public enum RegistryAction: String, Sendable, CaseIterable, Codable {
    case publish, withdraw, archive

    public var label: String {
        switch self {
        case .publish: "发布"
        case .withdraw: "撤稿"
        case .archive: "归档"
        }
    }
}

/// One entry of the text registry (文本登记备案, P6): append-only and hash-chained, so
/// that changing or removing any stored entry breaks every hash after it.
public struct RegistryEntry: Sendable, Equatable {
    /// 1, 2, 3… over the whole platform.
    public var sequence: Int
    public var id: String
    public var action: RegistryAction
    public var at: Date
    public var siteID: String
    public var columnID: String
    public var articleID: String
    /// The public address of the page.
    public var url: String
    public var title: String
    public var revisionDigest: String
    /// Names of who wrote, reviewed, signed, and approved as leader and group ("" when the
    /// chain had no such step).
    public var author: String
    public var reviewer: String
    public var signer: String
    public var leader: String
    public var group: String
    /// Who performed the recorded action (the publisher, or the admin who withdrew).
    public var actor: String
    /// Reason for withdrawals and emergency publications.
    public var note: String
    public var previousHash: String
    public var hash: String

    public init(
        sequence: Int, id: String = RecordID.make(), action: RegistryAction, at: Date, siteID: String,
        columnID: String, articleID: String, url: String, title: String, revisionDigest: String,
        author: String, reviewer: String, signer: String, leader: String, group: String, actor: String,
        note: String, previousHash: String
    ) {
        self.sequence = sequence; self.id = id; self.action = action; self.at = at; self.siteID = siteID
        self.columnID = columnID; self.articleID = articleID; self.url = url; self.title = title
        self.revisionDigest = revisionDigest; self.author = author; self.reviewer = reviewer; self.signer = signer
        self.leader = leader; self.group = group; self.actor = actor; self.note = note
        self.previousHash = previousHash
        self.hash = ""
        self.hash = computedHash
    }

    /// The hash of the first entry's predecessor.
    public static let genesis = String(repeating: "0", count: 64)

    /// SHA-256 over every recorded field and the previous entry's hash.
    public var computedHash: String {
        let millis = Int64((at.timeIntervalSince1970 * 1000).rounded())
        let fields = [
            "menhu-registry-v1", String(sequence), id, action.rawValue, String(millis), siteID, columnID,
            articleID, url, title, revisionDigest, author, reviewer, signer, leader, group, actor, note,
            previousHash,
        ]
        // Length-prefixed so that no two field lists give the same bytes.
        return Digest.hex(fields.map { "\($0.utf8.count):\($0)" }.joined(separator: "\n"))
    }

    /// The problem with this entry given the previous one's hash, or nil.
    public func problem(afterHash expected: String, expectedSequence: Int) -> String? {
        if sequence != expectedSequence { return "序号应为 \(expectedSequence)，实际为 \(sequence)（有登记被删除或插入）" }
        if previousHash != expected { return "前序哈希与上一条登记不符（上一条被修改或删除）" }
        if hash != computedHash { return "本条内容与其哈希不符（本条被修改）" }
        return nil
    }
}

/// Checks a registry chain, entry by entry.
public struct RegistryVerifier: Sendable {
    public private(set) var previousHash = RegistryEntry.genesis
    public private(set) var checked = 0
    /// The first broken entry's sequence and what is wrong with it.
    public private(set) var firstBroken: (sequence: Int, problem: String)?

    public init() {}

    /// Feeds the next entry in sequence order; stops recording after the first break.
    public mutating func check(_ entry: RegistryEntry) {
        guard firstBroken == nil else { return }
        if let problem = entry.problem(afterHash: previousHash, expectedSequence: checked + 1) {
            firstBroken = (entry.sequence, problem)
            return
        }
        previousHash = entry.hash
        checked += 1
    }
}
