import Foundation
import Hummingbird
import MenhuCore
import MenhuStore

/// 网站健康: the national veto checklist (国办秘函〔2019〕19号) run on one site now, each indicator
/// with its value, threshold, verdict, days to the veto line and what was found (M1, M2, F1).
struct HealthPages: Sendable {
    let env: WebEnvironment
    let layout: AdminLayout

    var endpoints: [AdminEndpoint] {
        [
            AdminEndpoint.site(.get, .health(site: .route), .withinSite(Permission.siteHealth)) { r in
                try await health(r)
            },
            AdminEndpoint.site(.get, .requirements(site: .route), .withinSite(Permission.siteHealth)) { r in
                try await requirements(r)
            },
        ]
    }

    /// M1, M2: every requirement the platform enforces or measures, with its status on this site
    /// and what it was judged on.
    func requirements(_ r: SiteAdminRequest) async throws -> Response {
        let site = r.site, now = env.clock.now()
        let (_, statuses) = try await env.database.read { db in try await ComplianceQuery.read(site: site, now: now, on: db) }
        return layout.page(r, .requirements, title: "规则落实情况：\(site.name)", RequirementsView(statuses, now: now))
    }

    func health(_ r: SiteAdminRequest) async throws -> Response {
        let site = r.site, now = env.clock.now()
        let inspection = try await env.database.read { db in try await InspectionQuery.read(site: site, now: now, on: db) }
        return layout.page(r, .health, title: "网站健康：\(site.name)", HealthView(inspection))
    }
}

/// health.mustache: the veto indicators of one site.
struct HealthView {
    struct Indicator {
        let label: String, verdict: String, verdictClass: String, value: String, threshold: String
        let daysToVeto: String?
        let findings: [String]
        let hasFindings: Bool
    }
    let verdict: String
    let verdictClass: String
    let checkedAt: String
    let indicators: [Indicator]
    /// F1: each column's update contract, the most urgent first.
    struct Contract {
        let column: String, owner: String, rule: String, latest: String, due: String, state: String, urgent: Bool, daysToVeto: String
    }
    let contracts: [Contract]
    let hasContracts: Bool
    /// P11: the broken and doubtful links of the live pages, naming the page, column and owner.
    struct Link {
        let url: String, page: String, pageURL: String?, column: String, owner: String, verdict: String, verdictClass: String
        let reason: String, since: String, own: Bool
    }
    let links: [Link]
    let hasLinks: Bool
    /// "上次链接巡检：2026-12-03 02:00；失效 3 个，提醒 1 个" or that none was done yet.
    let linkSummary: String

    init(_ inspection: SiteInspection) {
        verdict = inspection.verdict.label
        verdictClass = InspectionVerdict.cssClass(inspection.verdict)
        checkedAt = ChinaTime.minute(inspection.at)
        indicators = inspection.results.map { r in
            Indicator(
                label: r.indicator.label, verdict: r.verdict.label, verdictClass: InspectionVerdict.cssClass(r.verdict), value: r.value,
                threshold: r.threshold,
                daysToVeto: r.daysToVeto.map { "距否决线 \($0) 天" }, findings: r.findings, hasFindings: !r.findings.isEmpty)
        }
        contracts = inspection.contracts.map { c in
            Contract(
                column: c.column.name, owner: c.owner, rule: c.column.updateRule.label, latest: c.latest.map(ChinaTime.day) ?? "—",
                // `due` is the end of the last allowed day: show that day.
                due: c.due.map { ChinaTime.day($0.addingTimeInterval(-1)) } ?? "—", state: c.state.label,
                urgent: c.state == .blank || c.state == .overdue || (c.daysToVeto ?? Int.max) <= FreshnessRule.warningDays,
                daysToVeto: c.daysToVeto.map { $0 == 0 ? "已到否决线" : "\($0) 天" } ?? "—")
        }
        hasContracts = !contracts.isEmpty
        let now = inspection.at
        links = inspection.links.map { f in
            let days = CalendarDay(f.since).days(to: CalendarDay(now))
            let age = days >= 7 ? "（已超过一周）" : days >= 3 ? "（已 \(days) 天）" : ""
            return Link(
                url: f.source.url, page: f.source.pageTitle,
                pageURL: f.source.articleID.isEmpty ? nil : AdminURL.article(site: inspection.site.code, id: f.source.articleID).path,
                column: f.source.columnID.flatMap { inspection.columnNames[$0] } ?? "首页",
                owner: f.source.departmentID.flatMap { inspection.departmentNames[$0] } ?? "网站主办单位",
                verdict: f.outcome.verdict.label, verdictClass: f.outcome.verdict == .broken ? "bad" : "warn", reason: f.outcome.reason,
                since: ChinaTime.day(f.since) + age, own: f.isInternal)
        }
        hasLinks = !links.isEmpty
        let broken = inspection.links.filter { $0.outcome.verdict == .broken }.count
        linkSummary =
            inspection.linksCheckedAt.map {
                "上次链接巡检：\(ChinaTime.minute($0))；失效 \(broken) 个，提醒 \(inspection.links.count - broken) 个"
            } ?? "尚未进行链接巡检（每日自查时进行）"
    }
}

/// requirements.mustache: each numbered requirement's status on a site, worst first.
struct RequirementsView {
    struct Row { let gist: String, id: String, state: String, stateClass: String, evidence: String }
    let checkedAt: String
    let summary: String
    let rows: [Row]
    /// The rest of the catalogue, carried out in the workflow itself or not judged here yet.
    let others: [String]

    init(_ statuses: [RequirementStatus], now: Date) {
        checkedAt = ChinaTime.minute(now)
        let byID = RuleBasis.byID
        rows = statuses.sorted { ($1.state, $0.id) < ($0.state, $1.id) }.map { s in
            Row(
                gist: byID[s.id]?.gist ?? s.id, id: s.id, state: s.state.label,
                stateClass: s.state == .met ? "ok" : s.state == .atRisk ? "warn" : "bad", evidence: s.evidence)
        }
        let counts = Dictionary(grouping: statuses, by: \.state).mapValues(\.count)
        summary = "检查 \(statuses.count) 项：符合 \(counts[.met] ?? 0) 项，有风险 \(counts[.atRisk] ?? 0) 项，不符合 \(counts[.broken] ?? 0) 项"
        others = ComplianceRule.unjudged(statuses).map { "\($0.gist)（依据 \($0.id)）" }
    }
}

extension InspectionVerdict {
    /// The colour class a verdict is shown in (admin.css `.verdict.ok` …).
    static func cssClass(_ v: InspectionVerdict) -> String {
        switch v {
        case .pass: "ok"
        case .atRisk: "warn"
        case .veto: "bad"
        case .noData: "none"
        }
    }
}
