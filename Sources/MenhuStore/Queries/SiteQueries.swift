import Foundation
import MenhuCore
import SQLKit

/// A site's columns and the platform's departments (栏目与处室): what every form and list that
/// names a column or a department reads.
public struct SiteStructure: Sendable {
    public let columns: [Column]
    public let tree: ColumnTree
    public let departments: [Department]
    /// The departments by id.
    public let departmentsByID: [String: Department]
}

/// Reads `SiteStructure`.
public enum SiteStructureQuery {
    public static func read(siteID: String, on db: any SQLDatabase) async throws -> SiteStructure {
        let columns = try await ColumnRecords.all(siteID: siteID, on: db)
        let departments = try await DepartmentRecords.all(on: db)
        return SiteStructure(columns: columns, tree: ColumnTree(columns), departments: departments, departmentsByID: departments.byID())
    }
}

/// 已发布信息复查: a site's live pages with findings, when they were last checked, and the newest
/// re-check task (waiting, running or failed).
public struct LiveFindingsOverview: Sendable {
    public let findings: [LiveFinding]
    public let tree: ColumnTree
    public let checkedAt: Date?
    public let latestTask: BackgroundTask?
}

/// Reads `LiveFindingsOverview`.
public enum LiveFindingsQuery {
    public static func read(siteID: String, on db: any SQLDatabase) async throws -> LiveFindingsOverview {
        LiveFindingsOverview(
            findings: try await LiveFindingRecords.list(siteID: siteID, on: db),
            tree: ColumnTree(try await ColumnRecords.all(siteID: siteID, on: db)),
            checkedAt: try await db.setting("live-check:\(siteID)").flatMap(Int.init).map(Date.init(storedMillis:)),
            latestTask: try await BackgroundTaskRecords.recent(BackgroundTaskKind.recheck, scopes: [siteID, "*"], limit: 1, on: db).first)
    }
}
