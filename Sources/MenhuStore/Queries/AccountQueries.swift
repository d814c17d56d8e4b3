import MenhuCore
import SQLKit

/// Every account with what the list of accounts shows about it.
public struct AccountList: Sendable {
    public let accounts: [Account]
    public let grants: [RoleGrant]
    public let departments: [Department]
    public let sites: [Site]
    /// Names of the columns grants are limited to, by column.
    public let columnNames: [String: String]
}

/// One account with its grants and its history.
public struct AccountDetail: Sendable {
    public let account: Account
    public let grants: [RoleGrant]
    public let sites: [Site]
    public let departments: [Department]
    public let history: [AuditEvent]
    public let columnNames: [String: String]
}

/// Reads the accounts pages.
public enum AccountQuery {
    public static func list(on db: any SQLDatabase) async throws -> AccountList {
        let grants = try await AccountRecords.allGrants(on: db)
        return AccountList(
            accounts: try await AccountRecords.all(on: db), grants: grants, departments: try await DepartmentRecords.all(on: db),
            sites: try await SiteRecords.all(on: db), columnNames: try await DashboardQuery.grantColumnNames(grants, on: db))
    }

    /// Nil when there is no such account.
    public static func detail(id: String, on db: any SQLDatabase) async throws -> AccountDetail? {
        guard let account = try await AccountRecords.find(id: id, on: db) else { return nil }
        let grants = try await AccountRecords.grants(of: id, on: db)
        return AccountDetail(
            account: account, grants: grants, sites: try await SiteRecords.all(on: db),
            departments: try await DepartmentRecords.all(on: db),
            history: try await AuditRecords.about(targetID: account.id, on: db),
            columnNames: try await DashboardQuery.grantColumnNames(grants, on: db))
    }
}
