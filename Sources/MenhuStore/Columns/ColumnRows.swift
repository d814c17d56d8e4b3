import Foundation
import MenhuCore

/// A row of `site_columns`.
struct ColumnRow: TableRow {
    static let table = "site_columns"

    var id: String
    var siteID: String
    var parentID: String?
    var name: String
    var slug: String
    var kind: String
    var ownerDepartmentID: String?
    var updateRule: String
    var contentRequirements: String
    var qualityRequirements: String
    var summary: String
    var inNavigation: Int
    var sortOrder: Int
    var archivedAt: Int?
    var createdAt: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, siteID = "site_id", parentID = "parent_id", name, slug, kind
        case ownerDepartmentID = "owner_department_id", updateRule = "update_rule"
        case contentRequirements = "content_requirements", qualityRequirements = "quality_requirements", summary
        case inNavigation = "in_navigation", sortOrder = "sort_order", archivedAt = "archived_at"
        case createdAt = "created_at"
    }
}

extension ColumnRow {
    init(_ c: Column) {
        self.init(
            id: c.id, siteID: c.siteID, parentID: c.parentID, name: c.name, slug: c.slug, kind: c.kind.rawValue,
            ownerDepartmentID: c.ownerDepartmentID, updateRule: c.updateRule.storageValue,
            contentRequirements: c.contentRequirements, qualityRequirements: c.qualityRequirements, summary: c.summary,
            inNavigation: c.inNavigation ? 1 : 0, sortOrder: c.sortOrder, archivedAt: c.archivedAt.storedMillis,
            createdAt: c.createdAt.storedMillis)
    }

    func model() throws -> Column {
        guard let rule = UpdateRule(storageValue: updateRule) else { throw StoreError.corrupt("update_rule = \(updateRule)") }
        let settings = ColumnSettings(
            name: name, slug: slug, kind: try ColumnKind(stored: kind), parentID: parentID, ownerDepartmentID: ownerDepartmentID,
            updateRule: rule, contentRequirements: contentRequirements, qualityRequirements: qualityRequirements,
            summary: summary, inNavigation: inNavigation != 0, sortOrder: sortOrder)
        return Column(id: id, siteID: siteID, settings: settings, archivedAt: archivedAt.storedDate, createdAt: Date(storedMillis: createdAt))
    }
}
