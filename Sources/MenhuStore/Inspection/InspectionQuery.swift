import Foundation
import MenhuCore
import SQLKit

/// One site's daily self-inspection (日常自查): the national veto checklist read from what the
/// platform knows (M1, M2, F1).
public struct SiteInspection: Sendable {
    public let site: Site
    public let results: [IndicatorResult]
    /// F1: each column's own update contract.
    public let contracts: [ColumnContract]
    public let at: Date
    /// P11: the broken and doubtful links of its live pages, from the last link inspection.
    public let links: [LinkFinding]
    /// When the links were last inspected; nil: never.
    public let linksCheckedAt: Date?
    /// Names of the site's columns and of the departments, by id, for the findings.
    public let columnNames: [String: String]
    public let departmentNames: [String: String]

    /// The worst verdict of any indicator.
    public var verdict: InspectionVerdict { results.map(\.verdict).max() ?? .pass }
}

/// Reads what the checklist needs and asks Core for the verdicts.
public enum InspectionQuery {
    public static func read(site: Site, now: Date, on db: any SQLDatabase) async throws -> SiteInspection {
        let (structure, freshness) = try await freshness(site: site, now: now, on: db)
        let names = structure.departmentsByID
        let from = ChinaTime.calendar.date(byAdding: .day, value: -AvailabilityRule.days, to: now)!
        let probes = try await ProbeRecords.since(from, siteID: site.id, on: db)
        let consultation = try await LetterRecords.channels(siteID: site.id, on: db).filter { $0.kind == .consultation && $0.accepting }
        let watch = try await LetterRecords.vetoCounts(siteIDs: [site.id], now: now, on: db)
        let interaction = InteractionRule.evaluate(
            consultationChannels: consultation.count, unansweredOverTwoMonths: watch.warning, unansweredOverThreeMonths: watch.veto)
        let serious = SeriousProblemRule.evaluate(
            blocking: try await LiveFindingRecords.list(siteID: site.id, on: db).filter { $0.blocking > 0 }.map { "「\($0.title)」\($0.summary)" },
            backdated: try await LiveFindingRecords.backdated(siteID: site.id, on: db))
        // W5: the live items of the 办事服务 columns are its 办事指南.
        let serviceColumns = structure.columns.filter { $0.kind == .service && !$0.isArchived }.map(\.id)
        let guides = try await ArticleRecords.live(siteID: site.id, columnIDs: serviceColumns, on: db).map { item in
            ServiceRule.Guide(title: item.content.title, missing: item.content.serviceGuide?.missing ?? ServiceGuide.Element.allCases)
        }
        let services = ServiceRule.evaluate(serviceColumns: serviceColumns.count, guides: guides)
        let results = VetoChecklist.evaluate(
            probes: probes, freshness: freshness, serious: serious, interaction: interaction, services: services)
        return SiteInspection(
            site: site, results: results, contracts: freshness.contracts(), at: now,
            links: try await LinkHealthRecords.findings(siteID: site.id, on: db),
            linksCheckedAt: try await LinkHealthRecords.lastChecked(siteID: site.id, on: db),
            columnNames: Dictionary(structure.columns.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }),
            departmentNames: names.mapValues { $0.fullName(among: names) })
    }

    /// F1, F2: a site's columns and their freshness (首页不更新, 栏目不更新 and each column's contract).
    public static func freshness(site: Site, now: Date, on db: any SQLDatabase) async throws -> (SiteStructure, FreshnessRule) {
        let structure = try await SiteStructureQuery.read(siteID: site.id, on: db)
        let activity = try await ColumnRecords.activity(siteID: site.id, on: db)
        var blocks = try await HomeBlockRecords.all(siteID: site.id, on: db)
        if blocks.isEmpty { blocks = HomeBlock.defaults(siteID: site.id, columns: structure.columns) }
        let names = structure.departmentsByID
        let freshness = FreshnessRule(
            tree: structure.tree, activity: activity,
            homepageColumnIDs: blocks.compactMap { $0.settings.kind.needsColumn ? $0.settings.columnID : nil },
            ownerName: { c in c.ownerDepartmentID.flatMap { names[$0] }?.fullName(among: names) ?? "未指定责任部门" }, now: now)
        return (structure, freshness)
    }

    /// Every site of the platform, or the one with `code`.
    public static func read(code: String?, now: Date, on db: any SQLDatabase) async throws -> [SiteInspection] {
        var out: [SiteInspection] = []
        for site in try await SiteRecords.all(on: db) where code == nil || site.code == code {
            out.append(try await read(site: site, now: now, on: db))
        }
        return out
    }
}

/// M2: the quarter's spot check of every site of the platform, from the same inspection as each
/// site's health page.
public enum SpotCheckQuery {
    public static func read(now: Date, on db: any SQLDatabase) async throws -> SpotCheck {
        let sites = try await InspectionQuery.read(code: nil, now: now, on: db).map { i in
            var deductions: [String] = []
            let overdue = i.contracts.filter { $0.state == .overdue }
            if !overdue.isEmpty {
                deductions.append(
                    "栏目超期未更新 \(overdue.count) 个（\(overdue.prefix(5).map { "「\($0.column.name)」" }.joined(separator: "、"))\(overdue.count > 5 ? "等" : "")）"
                )
            }
            let broken = i.links.filter { $0.outcome.verdict == .broken }
            if !broken.isEmpty { deductions.append("失效链接 \(broken.count) 个") }
            return SpotCheckSite(
                siteID: i.site.id, name: i.site.name, code: i.site.code, kind: i.site.identity.kind, results: i.results, deductions: deductions)
        }
        return SpotCheck(quarter: Quarter(containing: CalendarDay(now)), at: now, sites: sites)
    }

    /// The portal and those of its columns `grants` may write in: where the bulletin can go (nil: nowhere).
    public static func bulletinTarget(grants: [RoleGrant], on db: any SQLDatabase) async throws -> (Site, [Column])? {
        guard let portal = try await SiteRecords.all(on: db).first(where: { $0.identity.kind == .portal }) else { return nil }
        let all = try await ColumnRecords.all(siteID: portal.id, on: db)
        let tree = ColumnTree(all)
        let columns = all.filter { c in
            !c.isArchived && AccessPolicy.allows(grants, .editContent, on: .column(siteID: portal.id, path: tree.path(of: c.id)))
        }
        return columns.isEmpty ? nil : (portal, columns)
    }
}
