import Foundation
import MenhuCore
import SQLKit

/// Everything the page of one item shows: where it stands in the workflow, every revision, the
/// approvals, its registry entries, its history and the facts the content gate needs.
public struct ArticleDetail: Sendable {
    public let tree: ColumnTree
    /// The item as the workflow sees it (the gate not yet applied: the page runs it once).
    public let item: WorkflowItem
    /// Newest first.
    public let revisions: [Revision]
    public let current: Revision
    public let facts: GateFacts
    public let approvals: [Approval]
    public let registry: [RegistryEntry]
    public let events: [AuditEvent]
    public let departments: [Department]
}

/// Reads the page of one item.
public enum ArticleDetailQuery {
    /// Nil when the item has no current revision.
    public static func read(
        _ work: ArticleWork, site: Site, publishing: PublishingService,
        on db: any SQLDatabase
    ) async throws -> ArticleDetail? {
        let tree = ColumnTree(try await ColumnRecords.all(siteID: site.id, on: db))
        let revisions = try await PublishingRecords.revisions(of: work.id, on: db)
        guard let current = revisions.first(where: { $0.id == work.currentRevisionID }) else { return nil }
        return ArticleDetail(
            tree: tree, item: try await publishing.workflowItem(work, tree: tree, checkingContent: false, on: db),
            revisions: revisions, current: current, facts: try await GateRecords.facts(for: current.content, in: site, on: db),
            approvals: try await PublishingRecords.approvals(of: work.id, on: db),
            registry: try await PublishingRecords.registry(of: work.id, on: db),
            events: try await AuditRecords.about(targetID: work.id, limit: 100, on: db),
            departments: try await DepartmentRecords.all(on: db))
    }
}

/// 我的待办: what waits for the person's step, what they wrote, and emergency publications to review.
public struct Inbox: Sendable {
    public let sites: [String: Site]
    public let trees: [String: ColumnTree]
    /// Items at a step the person may approve now.
    public let waiting: [ArticleWork]
    /// The person's own items: in the flow, or live within the last 30 days.
    public let mine: [ArticleWork]
    /// X2: emergency publications not yet reviewed afterwards, on sites where the person watches them.
    public let emergencies: [ArticleWork]
    /// Sites where the person does content work.
    public let contentSites: [Site]
    /// P8: repost tasks still open on sites where the person writes, the earliest due first.
    public let reposts: [RepostTask]
}

/// Reads the 我的待办 of a person.
public enum InboxQuery {
    public static func read(for me: Participant, now: Date, publishing: PublishingService, on db: any SQLDatabase) async throws -> Inbox {
        let grants = me.grants
        let all = try await SiteRecords.all(on: db)
        let sites = all.byID()
        var trees: [String: ColumnTree] = [:]
        for site in all { trees[site.id] = ColumnTree(try await ColumnRecords.all(siteID: site.id, on: db)) }
        var waiting: [ArticleWork] = []
        let pending = try await PublishingRecords.works(.init(stages: [.review, .signOff, .leader, .group, .release]), limit: 500, on: db)
        for w in pending where AccessPolicy.doesContentWork(grants, site: w.siteID) {
            guard let t = trees[w.siteID] else { continue }
            // Whose step it is, not what the content gate says: an item the gate holds still waits
            // for its reviewer, who can send it back.
            let item = try await publishing.workflowItem(w, tree: t, checkingContent: false, on: db)
            if Workflow.available(on: item, by: me.workflowActor, now: now).contains(.approve) { waiting.append(w) }
        }
        let recent = now.addingTimeInterval(-30 * 86_400)
        let mine = try await PublishingRecords.works(.init(createdBy: me.accountID), limit: 200, on: db).filter {
            AccessPolicy.holdsWithin(grants, .editContent, site: $0.siteID) && ($0.stage != .live || $0.changedAt > recent)
        }.prefix(50)
        let emergencies = try await DashboardQuery.emergenciesAwaitingReview(watchedBy: grants, on: db)
        var reposts: [RepostTask] = []
        for site in all where AccessPolicy.holdsWithin(grants, .editContent, site: site.id) {
            reposts += try await InformationFlowService.tasks(siteID: site.id, on: db).filter { $0.status == .open }
        }
        return Inbox(
            sites: sites, trees: trees, waiting: waiting, mine: Array(mine), emergencies: emergencies,
            contentSites: all.filter { AccessPolicy.doesContentWork(grants, site: $0.id) }, reposts: reposts.sorted { $0.dueAt < $1.dueAt })
    }
}

/// P8: what the 发布时效 page counts, for one site and period.
public struct TimelinessData: Sendable {
    public let report: TimelinessReport
    public let departments: [Department]
}

/// Reads the timeliness of a site's publications between two instants.
public enum TimelinessQuery {
    public static func read(siteID: String, from: Date, to: Date, on db: any SQLDatabase) async throws -> TimelinessData {
        TimelinessData(report: try await report(siteID: siteID, from: from, to: to, on: db), departments: try await DepartmentRecords.all(on: db))
    }

    /// The report alone (the 工作台 shows its totals).
    public static func report(siteID: String, from: Date, to: Date, on db: any SQLDatabase) async throws -> TimelinessReport {
        let items = try await PublishingRecords.timeliness(siteID: siteID, from: from, to: to, on: db)
        let columns = try await ColumnRecords.all(siteID: siteID, on: db)
        let owners = Dictionary(uniqueKeysWithValues: columns.map { ($0.id, $0.ownerDepartmentID ?? "") })
        return TimelinessReport(items: items, owners: owners)
    }

    /// P8: the report of this year so far, as the 发布时效 page opens (the 工作台 and 规则落实 show its totals).
    public static func yearSoFar(siteID: String, now: Date, on db: any SQLDatabase) async throws -> TimelinessReport {
        try await report(siteID: siteID, from: CalendarDay("\(CalendarDay(now).year)-01-01")!.start, to: now, on: db)
    }
}
