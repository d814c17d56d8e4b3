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
    /// 发布机构 (W1): the lead department, the column's owner, else the source.
    public let issuingOrgan: String
    /// 附件: the documents the body links to (not its pictures), in the order they appear.
    public let attachments: [StoredFile]
    /// 上一篇/下一篇 in the item's own column.
    public let previous: Article?
    public let next: Article?

    /// Assembles the page from what was read (the live server reads one item, `menhu export` all).
    public init(
        article: Article, column: Column, tree: ColumnTree, content: ArticleContent?, departmentName: (String) -> String?,
        file: (String) -> StoredFile?, previous: Article?, next: Article?
    ) {
        self.article = article; self.column = column; self.tree = tree; self.content = content
        issuingOrgan =
            content.map { DisclosureCatalogueRule.issuingOrgan($0, columnOwner: column.ownerDepartmentID, departmentName: departmentName) }
            ?? article.source
        attachments = ArticleContent.fileIDs(in: article.bodyHTML).compactMap(file).filter { !$0.kind.isImage && $0.siteID == article.siteID }
        self.previous = previous; self.next = next
    }
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
        let own = columns.first { $0.id == article.columnID } ?? column
        let names = try await DepartmentRecords.all(on: db).byID()
        let files = try await FileRecords.described(ids: ArticleContent.fileIDs(in: article.bodyHTML), siteID: siteID, on: db).byID()
        let (previous, next) = try await ArticleRecords.neighbours(of: article, columnID: own.id, on: db)
        return ArticlePage(
            article: article, column: own, tree: tree, content: content, departmentName: { names[$0]?.organ(among: names).name }, file: { files[$0] },
            previous: previous, next: next)
    }
}
