import Foundation
import Hummingbird
import MenhuCore
import MenhuStore

/// 全平台抽查 (M2): every site of the platform against the national veto checklist at once, and
/// the quarter's 通报 drafted on the portal by an editor who writes there, to go through the
/// normal review and signing like any item.
struct SpotCheckPages: Sendable {
    let env: WebEnvironment
    let layout: AdminLayout

    var endpoints: [AdminEndpoint] {
        [
            AdminEndpoint(.get, .spotCheck, .anyOf([.viewAssuranceTable, .editContent])) { r in try await page(r) },
            AdminEndpoint(.post, .spotCheckBulletin, .anywhere(.editContent)) { r in try await bulletin(r) },
        ]
    }

    func page(_ r: AdminRequest, status: HTTPResponse.Status = .ok, error: String? = nil) async throws -> Response {
        let now = env.clock.now()
        let (check, target) = try await env.database.read { db in
            (try await SpotCheckQuery.read(now: now, on: db), try await SpotCheckQuery.bulletinTarget(grants: r.signedIn.grants, on: db))
        }
        // A site's own health page, where the person may open it (the same check as its route).
        let opens = { (siteID: String) in AccessPolicy.watchesHealth(r.signedIn.grants, site: siteID) }
        let view = SpotCheckView(check, target: target, error: error, selected: r.form["columnID"], opens: opens)
        return layout.page(r, .spotCheck, title: "全平台抽查：\(check.quarter.label)", view, status: status)
    }

    func bulletin(_ r: AdminRequest) async throws -> Response {
        let now = env.clock.now()
        let (check, target) = try await env.database.read { db in
            (try await SpotCheckQuery.read(now: now, on: db), try await SpotCheckQuery.bulletinTarget(grants: r.signedIn.grants, on: db))
        }
        guard let (portal, columns) = target else { throw ServiceError.refused("您没有在门户网站栏目中写稿的权限") }
        guard let column = columns.first(where: { $0.id == r.form["columnID"] }) else {
            return try await page(r, status: .unprocessableContent, error: "请选择通报发布的栏目")
        }
        let issuer = portal.identity.sponsor.nonEmpty ?? portal.name
        let content = ArticleContent(
            title: check.bulletinTitle(issuer: issuer), columnID: column.id, bodyHTML: check.bulletinHTML(issuer: issuer), source: issuer)
        let draft = try await env.publishing.create(
            siteID: portal.id, content: content, scheduledFor: nil, by: Participant(actor: r.actor, grants: r.signedIn.grants))
        return Reply.redirect(AdminURL.article(site: portal.code, id: draft.id).notice("spot-check-drafted"))
    }
}

/// spot-check.mustache: every site's conclusion and indicators, and the bulletin form.
struct SpotCheckView {
    struct Cell { let label: String, verdict: String, verdictClass: String, value: String }
    struct Row {
        let name: String, kind: String, url: String?, conclusion: String, conclusionClass: String
        let cells: [Cell]
        let deductions: String?
    }
    let quarter: String
    let checkedAt: String
    let summary: String
    let unchecked: String?
    let indicators: [String]
    let rows: [Row]
    /// The bulletin form, for who writes on the portal.
    struct Option { let id: String, name: String, selected: Bool }
    let canDraft: Bool
    let portal: String
    let columns: [Option]
    let error: String?

    init(_ check: SpotCheck, target: (Site, [Column])?, error: String?, selected: String?, opens: (String) -> Bool) {
        quarter = check.quarter.label
        checkedAt = ChinaTime.minute(check.at)
        summary = check.summary
        unchecked = check.unchecked.isEmpty ? nil : "本次未纳入检查：" + check.unchecked.map(\.label).joined(separator: "、") + "（平台尚无可检查的数据）"
        let counted = VetoIndicator.allCases.filter { !check.unchecked.contains($0) }
        indicators = counted.map(\.label)
        // The failed sites first, then those short of data, then by name.
        func rank(_ v: InspectionVerdict) -> Int { [.veto: 0, .noData: 1, .atRisk: 2, .pass: 3][v] ?? 4 }
        rows = check.sites.sorted { (rank(check.conclusion($0)), $0.name) < (rank(check.conclusion($1)), $1.name) }.map { site in
            let conclusion = check.conclusion(site)
            return Row(
                name: site.name, kind: site.kind.label, url: opens(site.siteID) ? AdminURL.health(site: site.code).path : nil,
                conclusion: conclusion == .veto ? "不合格" : conclusion == .noData ? "监测不足" : "合格",
                conclusionClass: InspectionVerdict.cssClass(conclusion),
                cells: counted.map { i in
                    let r = site.results.first { $0.indicator == i }
                    return Cell(
                        label: i.label, verdict: r?.verdict.label ?? "—", verdictClass: r.map { InspectionVerdict.cssClass($0.verdict) } ?? "none",
                        value: r?.value ?? "")
                },
                deductions: site.deductions.isEmpty ? nil : site.deductions.joined(separator: "；"))
        }
        canDraft = target != nil
        portal = target?.0.name ?? ""
        columns = (target?.1 ?? []).map { Option(id: $0.id, name: $0.name, selected: $0.id == selected || ($0.kind == .notice && selected == nil)) }
        self.error = error
    }
}
