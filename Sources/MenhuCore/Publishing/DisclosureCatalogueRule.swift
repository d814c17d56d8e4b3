import Foundation

/// What belongs in a site's 政府信息公开目录 (S2, W1), and how a row reads.
public enum DisclosureCatalogueRule {
    /// Column kinds whose every item is listed.
    public static let columnKinds: Set<ColumnKind> = [.disclosure, .policy, .interpretation]

    /// An item belongs in the catalogue when its column is a disclosure, policy or interpretation
    /// column, or when it carries disclosure metadata (a 文号 or a 主题分类) wherever it is published.
    public static func belongs(_ content: ArticleContent, columnKind: ColumnKind?) -> Bool {
        columnKind.map(columnKinds.contains) ?? false || !content.documentNumber.isEmpty || !content.topic.isEmpty
    }

    /// 发布机构: the lead department, else the department that owns the item's column, else the source.
    public static func issuingOrgan(_ content: ArticleContent, columnOwner: String?, departmentName: (String) -> String?) -> String {
        content.leadDepartmentID.flatMap(departmentName) ?? columnOwner.flatMap(departmentName) ?? content.source
    }

    /// 成文日期: the day the document was written (the item's event day), else the day it was published.
    public static func writtenDay(_ content: ArticleContent, publishedAt: Date?) -> String {
        content.eventDate?.description ?? publishedAt.map(ChinaTime.day) ?? ""
    }
}
