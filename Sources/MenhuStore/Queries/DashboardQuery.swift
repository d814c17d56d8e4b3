import MenhuCore
import SQLKit

/// What the 工作台 shows one person, read in one transaction.
public struct Dashboard: Sendable {
    /// Items and accounts on the whole platform.
    public struct Totals: Sendable {
        public let sites: Int, articles: Int, accounts: Int
        public init(sites: Int, articles: Int, accounts: Int) { self.sites = sites; self.articles = articles; self.accounts = accounts }
    }
    public let sites: [Site]
    /// For those who manage the platform's sites.
    public let totals: Totals?
    /// The names of the columns the person's grants are limited to, by column.
    public let grantColumnNames: [String: String]
    /// X2: emergency publications not yet reviewed afterwards, on sites where the person watches them.
    public let emergencies: [ArticleWork]
    /// P10: live items with blocking findings, by site, on sites whose word lists the person keeps.
    public let blockingFindings: [String: Int]
}

/// Reads the 工作台 of a person.
public enum DashboardQuery {
    public static func read(grants: [RoleGrant], on db: any SQLDatabase) async throws -> Dashboard {
        let sites = try await SiteRecords.all(on: db)
        let totals =
            AccessPolicy.allows(grants, .manageSites, on: .platform)
            ? Dashboard.Totals(
                sites: sites.count, articles: try await ArticleRecords.countAll(on: db),
                accounts: try await AccountRecords.count(on: db))
            : nil
        let emergencies = try await emergenciesAwaitingReview(watchedBy: grants, on: db)
        var flagged: [String: Int] = [:]
        for site in sites where AccessPolicy.allows(grants, .manageDictionaries, on: .site(site.id)) {
            let n = try await LiveFindingRecords.blockingCount(siteID: site.id, on: db)
            if n > 0 { flagged[site.id] = n }
        }
        return Dashboard(
            sites: sites, totals: totals, grantColumnNames: try await grantColumnNames(grants, on: db),
            emergencies: emergencies, blockingFindings: flagged)
    }

    /// X2: emergency publications not yet reviewed afterwards, on sites where `grants` watch them
    /// (the 工作台 and 我的待办 show the same list).
    public static func emergenciesAwaitingReview(watchedBy grants: [RoleGrant], on db: any SQLDatabase) async throws -> [ArticleWork] {
        var filter = PublishingRecords.WorkFilter()
        filter.emergencyOnly = true
        return try await PublishingRecords.works(filter, limit: 100, on: db).filter { AccessPolicy.watchesEmergencies(grants, site: $0.siteID) }
    }

    /// The names of the columns grants are limited to, by column.
    public static func grantColumnNames(_ grants: [RoleGrant], on db: any SQLDatabase) async throws -> [String: String] {
        var names: [String: String] = [:]
        for columnID in Set(grants.compactMap(\.columnID)) {
            names[columnID] = try await ColumnRecords.find(id: columnID, on: db)?.name
        }
        return names
    }
}
