import Foundation
import HTTPTypes
import Hummingbird
import MenhuCore
import MenhuStore

/// 政府网站工作年度报表 (A4): a site's year in the national table's sections, each figure with
/// how it was counted; what the platform cannot know is marked 待填报. Also `menhu report yearly`.
struct YearReportPages: Sendable {
    let env: WebEnvironment
    let layout: AdminLayout

    var endpoints: [AdminEndpoint] {
        [AdminEndpoint.site(.get, .yearReport(site: .route), .site(.viewAssuranceTable)) { r in try await page(r) }]
    }

    func page(_ r: SiteAdminRequest) async throws -> Response {
        let site = r.site, today = CalendarDay(env.clock.now())
        // Until the report is due (31 January) the year just ended is the one to fill in.
        let due = today.month == 1 ? today.year - 1 : today.year
        let year = Int(r.request.uri.queryParameters["year"] ?? "").flatMap { (2008...today.year).contains($0) ? $0 : nil } ?? due
        let report = try await env.database.read { db in try await WebsiteYearReportQuery.read(site: site, year: year, on: db) }
        let base = AdminURL.yearReport(site: site.code).path
        func row(_ f: WebsiteYearReport.Field) -> YearReportView.Row {
            .init(
                name: f.name, value: f.value.map { $0.display + (f.unit.isEmpty ? "" : " \(f.unit)") } ?? "待填报", pending: f.value == nil,
                basis: f.basis)
        }
        func flatten(_ s: WebsiteYearReport.Section, _ path: String) -> [YearReportView.Section] {
            [.init(name: path + s.name, rows: s.fields.map(row))] + s.parts.flatMap { flatten($0, path + s.name + " › ") }
        }
        let view = YearReportView(
            year: year, header: report.header.map(row), sections: report.sections.flatMap { flatten($0, "") }, footer: report.footer.map(row),
            pending: report.toEnter.count, command: "menhu report yearly --site \(site.code) --year \(year) --format json",
            years: ((today.year - 4)...today.year).reversed().map { .init(year: $0, url: base + "?year=\($0)", current: $0 == year) })
        return layout.page(r, .yearReport, title: "\(year) 年度政府网站工作年度报表：\(site.name)", view)
    }
}

/// year-report.mustache.
struct YearReportView {
    struct Row { let name: String, value: String, pending: Bool, basis: String }
    struct Section { let name: String, rows: [Row] }
    let year: Int
    let header: [Row]
    let sections: [Section]
    let footer: [Row]
    /// Fields still to be entered.
    let pending: Int
    let command: String
    let years: [SurveyListView.Year]
}
