import Crypto
import Foundation

/// One saved version of an item's content. Revisions are never changed: an edit
/// makes a new one, so every approval can name exactly the text it approved.
public struct Revision: Sendable, Equatable, Identifiable {
    public var id: String
    public var articleID: String
    /// 1, 2, 3… within the item.
    public var number: Int
    public var content: ArticleContent
    /// The account that saved this revision.
    public var authorID: String
    public var authorName: String
    public var createdAt: Date
    /// SHA-256 over the item id, the number and the canonical content.
    public let digest: String

    public init(
        id: String = RecordID.make(), articleID: String, number: Int, content: ArticleContent,
        authorID: String, authorName: String, createdAt: Date
    ) {
        self.id = id; self.articleID = articleID; self.number = number; self.content = content
        self.authorID = authorID; self.authorName = authorName; self.createdAt = createdAt
        self.digest = Self.digest(articleID: articleID, number: number, content: content)
    }

    /// The digest an approval signs.
    public static func digest(articleID: String, number: Int, content: ArticleContent) -> String {
        var data = Data("menhu-revision-v1\n\(articleID)\n\(number)\n".utf8)
        data.append(content.canonicalJSON)
        return Digest.hex(data)
    }
}

/// SHA-256 as lowercase hex.
public enum Digest {
    public static func hex(_ data: Data) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in SHA256.hash(data: data) { out.append(digits[Int(byte >> 4)]); out.append(digits[Int(byte & 0x0f)]) }
        return String(decoding: out, as: UTF8.self)
    }

    public static func hex(_ text: String) -> String { hex(Data(text.utf8)) }
}

/// P8: how long an item took from the end of the work to publication.
public enum Timeliness {
    /// The regulation's limit: published by the 3rd day after the work ends.
    public static let limitDays = 3

    /// Days from the event to publication (China calendar days), or nil without an event date.
    public static func lagDays(eventDate: CalendarDay?, publishedAt: Date?) -> Int? {
        guard let eventDate, let publishedAt else { return nil }
        return eventDate.days(to: CalendarDay(publishedAt))
    }

    /// True when the lag exceeds the limit.
    public static func isLate(lagDays: Int?) -> Bool { (lagDays ?? 0) > limitDays }
}
