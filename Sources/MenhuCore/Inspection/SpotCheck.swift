import Foundation

/// A quarter of a year (季度), as spot checks are held.
public struct Quarter: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    /// 1–4.
    public let number: Int

    public init(containing day: CalendarDay) { year = day.year; number = (day.month - 1) / 3 + 1 }

    /// Parses `2026Q4`; nil for anything else.
    public init?(_ text: String) {
        let parts = text.uppercased().split(separator: "Q")
        guard parts.count == 2, let y = Int(parts[0]), let q = Int(parts[1]), (2000...2100).contains(y), (1...4).contains(q) else { return nil }
        year = y; number = q
    }

    public var description: String { "\(year)Q\(number)" }
    /// "2026年第四季度".
    public var label: String { "\(year)年第\(["一", "二", "三", "四"][number - 1])季度" }
    public var previous: Quarter { number == 1 ? Quarter(year - 1, 4) : Quarter(year, number - 1) }

    init(_ year: Int, _ number: Int) { self.year = year; self.number = number }

    public static func < (a: Quarter, b: Quarter) -> Bool { (a.year, a.number) < (b.year, b.number) }
}

/// One site as the spot check found it.
public struct SpotCheckSite: Sendable, Equatable {
    public var siteID: String
    public var name: String
    public var code: String
    public var kind: Site.Kind
    public var results: [IndicatorResult]
    /// 扣分问题: overdue columns, broken links… one line each, for the bulletin.
    public var deductions: [String]

    public init(siteID: String, name: String, code: String, kind: Site.Kind, results: [IndicatorResult], deductions: [String]) {
        self.siteID = siteID; self.name = name; self.code = code; self.kind = kind; self.results = results; self.deductions = deductions
    }
}

/// 全平台抽查 (M2): every site of the platform (100 %, more than the national 5 % floor) against
/// every veto indicator of 国办秘函〔2019〕19号, with the bulletin (通报) the office publishes on
/// the portal through the normal workflow.
public struct SpotCheck: Sendable {
    public let quarter: Quarter
    public let at: Date
    public let sites: [SpotCheckSite]

    public init(quarter: Quarter, at: Date, sites: [SpotCheckSite]) {
        self.quarter = quarter; self.at = at; self.sites = sites
    }

    /// Indicators the platform cannot judge for any site yet (every site 无数据): not counted.
    public var unchecked: [VetoIndicator] {
        VetoIndicator.allCases.filter { i in
            !sites.isEmpty && sites.allSatisfy { s in s.results.first { $0.indicator == i }.map { $0.verdict == .noData } ?? true }
        }
    }

    /// The results that count for a site's conclusion.
    public func counted(_ site: SpotCheckSite) -> [IndicatorResult] {
        let skip = Set(unchecked)
        return site.results.filter { !skip.contains($0.indicator) }
    }

    /// A site's conclusion: 不合格 on any veto; 监测不足 where an indicator that counts has no data.
    public func conclusion(_ site: SpotCheckSite) -> InspectionVerdict {
        let results = counted(site)
        if results.contains(where: { $0.verdict == .veto }) { return .veto }
        if results.contains(where: { $0.verdict == .noData }) { return .noData }
        return results.contains(where: { $0.verdict == .atRisk }) ? .atRisk : .pass
    }

    public var failed: [SpotCheckSite] { sites.filter { conclusion($0) == .veto } }
    public var passed: Int { sites.count - failed.count }

    /// "抽查网站 5 个（全部网站），合格 4 个，不合格 1 个，合格率 80.0%".
    public var summary: String {
        let rate = sites.isEmpty ? 0 : Double(passed) / Double(sites.count) * 100
        return "抽查网站 \(sites.count) 个（平台全部网站，抽查比例 100%），合格 \(passed) 个，不合格 \(failed.count) 个，合格率 \(String(format: "%.1f", rate))%"
    }

    /// The bulletin's title, issued by the platform's 主管单位 (the portal's organizer).
    public func bulletinTitle(issuer: String) -> String { "\(issuer)关于\(quarter.label)政府网站抽查情况的通报" }

    /// The bulletin's body, as the item's HTML (escaped on Unicode scalars by HTMLText).
    public func bulletinHTML(issuer: String) -> String {
        func e(_ s: String) -> String { HTMLText.escape(s) }
        var html = """
            <p>根据《国务院办公厅秘书局关于印发政府网站与政务新媒体检查指标、监管工作年度考核指标的通知》（国办秘函〔2019〕19号），\
            \(e(issuer))于 \(ChinaTime.day(at)) 对平台上全部政府网站开展了\(quarter.label)抽查。现将有关情况通报如下。</p>
            <h2>一、总体情况</h2>
            <p>\(e(summary))。</p>
            """
        if !unchecked.isEmpty {
            html += "<p>以下指标本次未纳入检查：\(e(unchecked.map(\.label).joined(separator: "、")))（平台尚无可检查的数据）。</p>"
        }
        html += "<h2>二、不合格网站及问题</h2>"
        if failed.isEmpty {
            html += "<p>本次抽查未发现触及单项否决指标的网站。</p>"
        } else {
            html += "<table><thead><tr><th scope=\"col\">网站名称</th><th scope=\"col\">单项否决指标</th><th scope=\"col\">具体问题</th></tr></thead><tbody>"
            for site in failed {
                let vetoes = counted(site).filter { $0.verdict == .veto }
                html += "<tr><td>\(e(site.name))</td><td>\(e(vetoes.map(\.indicator.label).joined(separator: "、")))</td><td>"
                html += e(vetoes.map { r in ([r.value] + r.findings.prefix(3)).joined(separator: "；") }.joined(separator: "。"))
                html += "</td></tr>"
            }
            html += "</tbody></table>"
        }
        let deducted = sites.filter { !$0.deductions.isEmpty }
        html += "<h2>三、其他问题</h2>"
        if deducted.isEmpty {
            html += "<p>未发现栏目超期未更新、链接失效等问题。</p>"
        } else {
            html += "<table><thead><tr><th scope=\"col\">网站名称</th><th scope=\"col\">问题</th></tr></thead><tbody>"
            for site in deducted { html += "<tr><td>\(e(site.name))</td><td>\(e(site.deductions.joined(separator: "；")))</td></tr>" }
            html += "</tbody></table>"
        }
        html += """
            <h2>四、整改要求</h2>
            <p>请相关网站主办单位对照问题清单认真整改：触及单项否决指标的问题于 \(Rectification.Source.veto.workingDays) 个工作日内、\
            失效链接于 \(Rectification.Source.link.workingDays) 个工作日内整改到位，并举一反三，落实信息发布审核和日常巡查制度。</p>
            """
        return html
    }
}
