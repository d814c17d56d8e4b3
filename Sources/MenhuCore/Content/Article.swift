import Foundation

/// An item of information on a site (信息/稿件), as the public sees it.
///
/// The three-step workflow and revisions come with the publishing capability; here an
/// article carries what a published page shows.
public struct Article: Sendable, Equatable, Identifiable {
    /// Where the article stands.
    public enum Status: String, Sendable, CaseIterable {
        case draft, published, withdrawn, archived
    }

    public var id: String
    public var siteID: String
    public var columnID: String
    public var title: String
    public var subtitle: String
    public var summary: String
    /// Sanitised HTML of the body.
    public var bodyHTML: String
    /// 来源 (ContentSource meta tag).
    public var source: String
    public var author: String
    public var status: Status
    /// Set by the server when the article goes live; never edited (P8, veto: 伪造发稿日期).
    public var publishedAt: Date?
    public var createdAt: Date
    /// P15: when the live text was last replaced by a new revision.
    public var updatedAt: Date?
    /// S5: when the item was archived.
    public var archivedAt: Date?
    /// X2: when and why the item was withdrawn.
    public var withdrawnAt: Date?
    public var withdrawReason: String = ""
    /// 索引号 of information-disclosure items.
    public var indexNumber: String = ""
    /// The revision the public sees.
    public var liveRevisionID: String?

    public init(
        id: String = RecordID.make(), siteID: String, columnID: String, title: String, subtitle: String = "",
        summary: String = "", bodyHTML: String, source: String, author: String, status: Status,
        publishedAt: Date?, createdAt: Date
    ) {
        self.id = id; self.siteID = siteID; self.columnID = columnID; self.title = title; self.subtitle = subtitle
        self.summary = summary; self.bodyHTML = bodyHTML; self.source = source; self.author = author
        self.status = status; self.publishedAt = publishedAt; self.createdAt = createdAt
    }
}

/// A page of a list: which items to show and how many pages there are.
public struct Page: Sendable, Equatable {
    /// 1-based page number, clamped to the available pages.
    public let number: Int
    public let size: Int
    public let totalItems: Int

    public init(requested: Int, size: Int, totalItems: Int) {
        self.size = max(1, size)
        self.totalItems = max(0, totalItems)
        let pages = max(1, (self.totalItems + self.size - 1) / self.size)
        self.number = min(max(1, requested), pages)
    }

    public var totalPages: Int { max(1, (totalItems + size - 1) / size) }
    public var offset: Int { (number - 1) * size }
    public var hasPrevious: Bool { number > 1 }
    public var hasNext: Bool { number < totalPages }

    /// Page numbers to show as links: a window around the current page.
    public func window(radius: Int = 3) -> ClosedRange<Int> {
        max(1, number - radius)...min(totalPages, number + radius)
    }
}
