import MenhuCore
import SQLKit

/// One page of a column's public list; for a 专题's first page, also each of its parts with
/// their newest items.
public struct ColumnPage: Sendable {
    public let column: Column
    public let tree: ColumnTree
    public let items: [Article]
    public let paging: Page
    public let sections: [(column: Column, items: [Article])]
}

/// Reads a column's public page.
public enum ColumnPageQuery {
    /// Items of a part shown on a 专题's first page.
    public static let sectionSize = 6

    /// Nil when the site has no column at `slug`.
    public static func read(siteID: String, slug: String, page: Int, pageSize: Int, on db: any SQLDatabase) async throws -> ColumnPage? {
        guard Column.isValidSlug(slug), let column = try await ColumnRecords.find(siteID: siteID, slug: slug, on: db) else { return nil }
        let tree = ColumnTree(try await ColumnRecords.all(siteID: siteID, on: db))
        let ids = tree.subtree(of: column.id)
        let total = try await ArticleRecords.countPublished(columnIDs: ids, on: db)
        let paging = Page(requested: page, size: pageSize, totalItems: total)
        let items = try await ArticleRecords.published(columnIDs: ids, limit: paging.size, offset: paging.offset, on: db)
        var sections: [(column: Column, items: [Article])] = []
        if column.kind == .topic && paging.number == 1 {
            for child in tree.children(of: column.id) where !child.isArchived {
                sections.append((child, try await ArticleRecords.published(columnIDs: tree.subtree(of: child.id), limit: sectionSize, on: db)))
            }
        }
        return ColumnPage(column: column, tree: tree, items: items, paging: paging, sections: sections)
    }
}

/// A public item with the column it is shown in and its live content.
public struct ArticlePage: Sendable {
    public let article: Article
    /// The item's own column (the path may name a column above it).
    public let column: Column
    public let tree: ColumnTree
    public let content: ArticleContent?
}

/// Reads a public item's page.
public enum ArticlePageQuery {
    /// Nil unless the item is public and belongs to the column at `slug` or one below it.
    public static func read(siteID: String, slug: String, id: String, on db: any SQLDatabase) async throws -> ArticlePage? {
        guard id.count <= 64, Column.isValidSlug(slug),
            let column = try await ColumnRecords.find(siteID: siteID, slug: slug, on: db),
            let article = try await ArticleRecords.findPublic(id: id, siteID: siteID, on: db)
        else { return nil }
        let columns = try await ColumnRecords.all(siteID: siteID, on: db)
        let tree = ColumnTree(columns)
        guard tree.subtree(of: column.id).contains(article.columnID) else { return nil }
        let content = try await article.liveRevisionID.asyncMap { try await PublishingRecords.revision(id: $0, on: db) }?.content
        return ArticlePage(article: article, column: columns.first { $0.id == article.columnID } ?? column, tree: tree, content: content)
    }
}
