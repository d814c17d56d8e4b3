import Foundation
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
    /// M3: veto indicators the daily inspection found reached, by site, where the person watches
    /// the site's health (site admin, leader, platform): the titles of the open tasks.
    public let vetoAlerts: [String: [String]]
    /// M1, M2: where the day's 值班读网 and the 整改 tasks stand, by site, where the person watches
    /// the site's health or reads for it.
    public let selfInspection: [String: SelfInspectionProgress]
    /// P8: this year's publications and the late ones, by site, where the person watches timeliness.
    public let timeliness: [(siteID: String, total: Int, late: Int)]
    /// For technical operators (技术运维人员).
    public let operations: OperationsOverview?
}

/// M1, M2: one site's 整改 tasks and today's 值班读网, as the 工作台 shows them.
public struct SelfInspectionProgress: Sendable {
    /// Open 整改 tasks, and those of them past their deadline (nil for who only reads for the site).
    public let tasks: (open: Int, overdue: Int)?
    /// Today's reading (nil where the person does not read for the site itself).
    public let reading: ReadingDay?
}

/// What a technical operator (技术运维人员) watches: background tasks, feeds that fail to read,
/// and publications waiting for their time.
public struct OperationsOverview: Sendable {
    /// The newest background tasks of every kind, newest first.
    public let tasks: [BackgroundTask]
    /// Tasks waiting or running now.
    public let unfinished: Int
    /// Tasks that failed in the last 7 days.
    public let failedThisWeek: Int
    /// Feeds whose last read failed.
    public let failingFeeds: [Feed]
    /// Items approved and waiting for their scheduled time.
    public let scheduled: Int
}

/// Reads the 工作台 of a person.
public enum DashboardQuery {
    public static func read(grants: [RoleGrant], now: Date, on db: any SQLDatabase) async throws -> Dashboard {
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
        var alerts: [String: [String]] = [:]
        var progress: [String: SelfInspectionProgress] = [:]
        // Today's reading of the sites the person reads for by a grant of that site (a
        // platform-wide grant would make it one worklist per site of the platform).
        let readsFor = AccessPolicy.sites(grants, with: .readDuty) ?? []
        for site in sites {
            var tasks: (Int, Int)?
            if AccessPolicy.watchesHealth(grants, site: site.id) {
                let open = try await RectificationRecords.list(siteID: site.id, states: [.open], on: db)
                let vetoes = open.filter { $0.source == .veto && IncidentRule.isRed($0.title) }
                if !vetoes.isEmpty { alerts[site.id] = vetoes.map(\.title) }
                tasks = (open.count, open.filter { $0.isOverdue(at: now) }.count)
            }
            let reading = readsFor.contains(site.id) ? try await DutyReadingRecords.day(CalendarDay(now), siteID: site.id, now: now, on: db) : nil
            if tasks != nil || reading != nil { progress[site.id] = SelfInspectionProgress(tasks: tasks, reading: reading) }
        }
        var timeliness: [(siteID: String, total: Int, late: Int)] = []
        for site in sites where AccessPolicy.holdsWithin(grants, .viewAssuranceTable, site: site.id) {
            let report = try await TimelinessQuery.yearSoFar(siteID: site.id, now: now, on: db)
            timeliness.append((site.id, report.total, report.late.count))
        }
        let operations = AccessPolicy.allows(grants, .operateSystem, on: .anywhere) ? try await OperationsOverview.read(now: now, on: db) : nil
        return Dashboard(
            sites: sites, totals: totals, grantColumnNames: try await grantColumnNames(grants, on: db),
            emergencies: emergencies, blockingFindings: flagged, vetoAlerts: alerts, selfInspection: progress, timeliness: timeliness,
            operations: operations)
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

extension OperationsOverview {
    static func read(now: Date, on db: any SQLDatabase) async throws -> OperationsOverview {
        let weekAgo = now.addingTimeInterval(-7 * 86_400).storedMillis
        return OperationsOverview(
            tasks: try await BackgroundTaskRecords.newest(limit: 10, on: db),
            unfinished: try await db.count("SELECT COUNT(*) AS n FROM background_tasks WHERE finished_at IS NULL"),
            failedThisWeek: try await db.count(
                "SELECT COUNT(*) AS n FROM background_tasks WHERE failed = 1 AND finished_at >= \(bind: weekAgo)"),
            failingFeeds: try await InformationFlowService.feeds(siteID: nil, on: db).filter { !$0.lastError.isEmpty },
            scheduled: try await db.count("SELECT COUNT(*) AS n FROM articles WHERE stage = \(bind: Stage.scheduled.rawValue)"))
    }
}
