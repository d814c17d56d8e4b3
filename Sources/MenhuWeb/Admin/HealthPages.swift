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
            AdminEndpoint.site(.get, .health(site: .route), .withinSite([.manageColumns, .viewAssuranceTable, .operateSystem])) { r in
                try await health(r)
            }
        ]
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

    init(_ inspection: SiteInspection) {
        func css(_ v: InspectionVerdict) -> String {
            switch v {
            case .pass: "ok"
            case .atRisk: "warn"
            case .veto: "bad"
            case .noData: "none"
            }
        }
        verdict = inspection.verdict.label
        verdictClass = css(inspection.verdict)
        checkedAt = ChinaTime.minute(inspection.at)
        indicators = inspection.results.map { r in
            Indicator(
                label: r.indicator.label, verdict: r.verdict.label, verdictClass: css(r.verdict), value: r.value, threshold: r.threshold,
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
    }
}
