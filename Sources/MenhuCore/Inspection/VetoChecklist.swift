import Foundation

/// The single-veto indicators of the national spot check (单项否决指标, 国办秘函〔2019〕19号), as
/// the checklist words them. Thresholds are inclusive ("超过（含）"). M1, M2, F1, W3.
public enum VetoIndicator: String, Sendable, CaseIterable, Codable {
    /// 站点无法访问.
    case unreachable
    /// 首页不更新.
    case homepageStale
    /// 栏目不更新 (stale, should-be-updated and blank columns).
    case columnsStale
    /// 安全、泄密事故等严重问题: blocking content on live pages, 伪造发稿日期.
    case seriousProblems
    /// 互动回应差.
    case interactionPoor
    /// 服务不实用.
    case serviceUseless

    public var label: String {
        switch self {
        case .unreachable: "站点无法访问"
        case .homepageStale: "首页不更新"
        case .columnsStale: "栏目不更新"
        case .seriousProblems: "严重问题"
        case .interactionPoor: "互动回应差"
        case .serviceUseless: "服务不实用"
        }
    }
}

/// How an indicator stands (检查结论).
public enum InspectionVerdict: String, Sendable, Codable, Comparable {
    /// 正常.
    case pass
    /// 有风险: within a few days of the veto line.
    case atRisk
    /// 单项否决.
    case veto
    /// 监测不足 or 无数据: never read as a pass.
    case noData

    public var label: String {
        switch self {
        case .pass: "正常"
        case .atRisk: "有风险"
        case .veto: "单项否决"
        case .noData: "数据不足"
        }
    }

    private var rank: Int {
        switch self {
        case .pass: 0
        case .noData: 1
        case .atRisk: 2
        case .veto: 3
        }
    }

    public static func < (a: InspectionVerdict, b: InspectionVerdict) -> Bool { a.rank < b.rank }
}

/// One indicator's result: its value and threshold as people read them, what was found, and how
/// many days remain before it turns into a veto.
public struct IndicatorResult: Sendable, Equatable, Codable {
    public var indicator: VetoIndicator
    public var verdict: InspectionVerdict
    /// e.g. "7 天 140 次监测，失败 7 次（5.00%）".
    public var value: String
    /// e.g. "失败占比超过（含）5%".
    public var threshold: String
    /// What was found, one line each (a stale column with its owner, a day with too few probes…).
    public var findings: [String]
    /// Days until the indicator reaches the veto line if nothing changes (nil: not applicable).
    public var daysToVeto: Int?

    public init(
        indicator: VetoIndicator, verdict: InspectionVerdict, value: String, threshold: String, findings: [String] = [],
        daysToVeto: Int? = nil
    ) {
        self.indicator = indicator; self.verdict = verdict; self.value = value; self.threshold = threshold
        self.findings = findings; self.daysToVeto = daysToVeto
    }
}

/// A probe of a site's homepage (可用性监测).
public struct SiteProbe: Sendable, Equatable {
    public var at: Date
    /// The HTTP status, nil when there was no answer (refused, timed out, DNS).
    public var status: Int?
    /// Milliseconds until the page had loaded (or the probe gave up).
    public var durationMillis: Int
    /// Why it failed, in Chinese, when it did.
    public var error: String?

    public init(at: Date, status: Int?, durationMillis: Int, error: String? = nil) {
        self.at = at; self.status = status; self.durationMillis = durationMillis; self.error = error
    }

    /// M1: a probe fails when the page has not loaded within 15 s ("超过（含）15秒": 15.000 s
    /// fails), or did not answer 2xx.
    public var failed: Bool {
        guard let status, (200..<300).contains(status), error == nil else { return true }
        return durationMillis >= SiteProbe.timeoutMillis
    }

    public static let timeoutMillis = 15_000
}

/// 站点无法访问: over the last 7 days, failures of 5 % or more of the probes veto; a day with
/// fewer than 20 probes is 监测不足 and the week cannot pass.
public enum AvailabilityRule {
    public static let days = 7
    public static let probesPerDay = 20
    /// 5 %, inclusive.
    public static let failureShare = 0.05

    public static func evaluate(_ probes: [SiteProbe], now: Date) -> IndicatorResult {
        let cal = ChinaTime.calendar
        let today = cal.startOfDay(for: now)
        let from = cal.date(byAdding: .day, value: -(days - 1), to: today)!
        let window = probes.filter { $0.at >= from && $0.at <= now }
        let failures = window.filter(\.failed).count
        var byDay: [String: Int] = [:]
        for p in window { byDay[ChinaTime.day(p.at), default: 0] += 1 }
        var thin: [String] = []
        for k in 0..<days {
            let day = ChinaTime.day(cal.date(byAdding: .day, value: k, to: from)!)
            let n = byDay[day] ?? 0
            // Today is still under way: it is short only once it is over.
            if n < probesPerDay && day != ChinaTime.day(now) { thin.append("\(day) 仅监测 \(n) 次，不足每日 \(probesPerDay) 次") }
        }
        let share = window.isEmpty ? 0 : Double(failures) / Double(window.count)
        let value = "近 \(days) 天监测 \(window.count) 次，失败 \(failures) 次（\(String(format: "%.2f", share * 100))%）"
        let threshold = "失败占比超过（含）5%；每日至少监测 \(probesPerDay) 次；加载超过（含）15 秒即为失败"
        var findings = window.filter(\.failed).suffix(10).map { p in
            "\(ChinaTime.second(p.at)) 失败：" + (p.error ?? p.status.map { "HTTP \($0)" } ?? "无响应")
                + (p.durationMillis >= SiteProbe.timeoutMillis ? "，\(String(format: "%.3f", Double(p.durationMillis) / 1000)) 秒" : "")
        }
        findings = thin + findings
        let verdict: InspectionVerdict
        if !window.isEmpty && share >= failureShare {
            verdict = .veto
        } else if window.isEmpty || !thin.isEmpty {
            verdict = .noData
        } else {
            // At risk when one more failure in seven would cross the line.
            verdict = Double(failures + 1) / Double(window.count) >= failureShare ? .atRisk : .pass
        }
        return IndicatorResult(indicator: .unreachable, verdict: verdict, value: value, threshold: threshold, findings: findings)
    }
}

/// What a column has published (its own items and its sub-columns').
public struct ColumnActivity: Sendable, Equatable {
    public var count: Int
    public var latest: Date?
    public init(count: Int, latest: Date?) { self.count = count; self.latest = latest }
}

extension ColumnTree {
    /// What a column and its sub-columns have published together: a column with sub-columns is
    /// kept up by them (the assurance table and the inspection count alike).
    public func activity(of id: String, in activity: [String: ColumnActivity]) -> ColumnActivity {
        subtree(of: id).reduce(ColumnActivity(count: 0, latest: nil)) { acc, id in
            let a = activity[id]
            return ColumnActivity(count: acc.count + (a?.count ?? 0), latest: [acc.latest, a?.latest].compactMap { $0 }.max())
        }
    }
}

/// 首页不更新 and 栏目不更新, from the columns and what each has published.
public struct FreshnessRule: Sendable {
    /// 动态、要闻: 2 weeks.
    public static let newsDays = 14
    /// Top-level 通知公告、政策文件: 6 months.
    public static let noticeMonths = 6
    /// 5 stale columns, 10 should-be-updated columns, 5 blank columns (all inclusive).
    public static let staleLimit = 5, overdueLimit = 10, blankLimit = 5
    /// Days before the line at which an indicator is shown 有风险.
    public static let warningDays = 3

    public let tree: ColumnTree
    /// Each column's own items, keyed by column id.
    public let activity: [String: ColumnActivity]
    /// Column ids whose items the homepage shows (its blocks); empty when the homepage is only navigation.
    public let homepageColumnIDs: [String]
    /// Who owns each column, for the findings.
    public let ownerName: @Sendable (Column) -> String
    public let now: Date

    public init(
        tree: ColumnTree, activity: [String: ColumnActivity], homepageColumnIDs: [String], ownerName: @escaping @Sendable (Column) -> String,
        now: Date
    ) {
        self.tree = tree; self.activity = activity; self.homepageColumnIDs = homepageColumnIDs; self.ownerName = ownerName; self.now = now
    }

    /// A column and everything below it.
    public func total(_ id: String) -> ColumnActivity { tree.activity(of: id, in: activity) }

    /// Columns the checklist looks at: not 专题 (or inside one), not archived.
    var inspected: [Column] {
        tree.entries.map(\.column).filter { c in
            !c.isArchived && !tree.path(of: c.id).contains { tree.column($0)?.kind == .topic }
        }
    }

    func days(since date: Date) -> Int { Int(now.timeIntervalSince(date) / 86_400) }

    /// 首页不更新: nothing new on the homepage within 2 weeks; a navigation-only homepage passes
    /// while any second-level page (a top-level column) was updated. Rolling 14 × 24 h.
    public func homepage() -> IndicatorResult {
        let sources = homepageColumnIDs.isEmpty ? tree.children(of: nil).map(\.id) : homepageColumnIDs
        let latest = sources.compactMap { total($0).latest }.filter { $0 <= now }.max()
        let threshold = "首页（仅为导航时为各二级页面）超过（含）2 周无更新"
        guard let latest else {
            return IndicatorResult(indicator: .homepageStale, verdict: .veto, value: "首页从未更新", threshold: threshold)
        }
        let age = now.timeIntervalSince(latest)
        let limit = Double(Self.newsDays) * 86_400
        let left = Int(((limit - age) / 86_400).rounded(.down))
        let verdict: InspectionVerdict = age >= limit ? .veto : left < Self.warningDays ? .atRisk : .pass
        return IndicatorResult(
            indicator: .homepageStale, verdict: verdict, value: "首页最近更新于 \(ChinaTime.minute(latest))（\(days(since: latest)) 天前）",
            threshold: threshold, daysToVeto: max(0, Int(((limit - age) / 86_400).rounded(.up))))
    }

    /// The limit of a column, or nil when the checklist does not time it: 动态 2 weeks; top-level
    /// 通知公告 and 政策文件 6 months.
    func staleLine(_ c: Column, after latest: Date) -> Date? {
        switch c.kind {
        case .news: return latest.addingTimeInterval(Double(Self.newsDays) * 86_400)
        case .notice where c.parentID == nil, .policy where c.parentID == nil:
            return ChinaTime.calendar.date(byAdding: .month, value: Self.noticeMonths, to: latest)
        default: return nil
        }
    }

    /// 栏目不更新: 5 or more stale 动态/通知公告/政策文件 columns, 10 or more columns whose own
    /// update rule (F1) is overdue, or 5 or more blank columns (never held a live item).
    public func columns() -> IndicatorResult {
        var stale: [String] = [], overdue: [String] = [], blank: [String] = []
        var nearest: Int?
        for c in inspected {
            let a = total(c.id)
            let who = "（\(ownerName(c))）"
            guard let latest = a.latest, a.count > 0 else {
                // A column counts with its sub-columns: a heading whose children publish is not blank.
                blank.append("「\(c.name)」从未发布信息" + who)
                continue
            }
            if let line = staleLine(c, after: latest) {
                if now >= line {
                    stale.append("「\(c.name)」最近更新 \(ChinaTime.day(latest))，已超过期限" + who)
                } else {
                    let left = Int(line.timeIntervalSince(now) / 86_400)
                    nearest = min(nearest ?? left, left)
                }
            }
            if let due = c.updateRule.nextDue(after: latest), now >= due {
                overdue.append("「\(c.name)」应\(c.updateRule.label.replacing("更新", with: ""))更新，最近 \(ChinaTime.day(latest))" + who)
            }
        }
        let veto = stale.count >= Self.staleLimit || overdue.count >= Self.overdueLimit || blank.count >= Self.blankLimit
        let close =
            stale.count == Self.staleLimit - 1 && (nearest ?? Int.max) < Self.warningDays || overdue.count == Self.overdueLimit - 1
            || blank.count == Self.blankLimit - 1
        return IndicatorResult(
            indicator: .columnsStale, verdict: veto ? .veto : close ? .atRisk : .pass,
            value: "不更新栏目 \(stale.count) 个，应更新未更新 \(overdue.count) 个，空白栏目 \(blank.count) 个",
            threshold: "动态类 2 周、一级通知公告/政策文件 6 个月未更新超过（含）5 个；应更新未更新超过（含）10 个；空白栏目超过（含）5 个",
            findings: stale + overdue + blank, daysToVeto: stale.count == Self.staleLimit - 1 ? nearest : nil)
    }
}

/// F1: one column's own update contract, evaluated at an instant: when it was last updated, when
/// the next update is due, whether it is due today or overdue, and how many days are left before
/// the checklist's own line (动态 2 weeks; top-level 通知公告/政策文件 6 months) makes it stale.
public struct ColumnContract: Sendable, Equatable {
    /// Where the contract stands.
    public enum State: String, Sendable, CaseIterable {
        /// 空白栏目: the column never held a live item; the checklist counts it whatever its own rule.
        case blank
        /// 已超期: the next update was due and has not come.
        case overdue
        /// 今日到期.
        case dueToday
        /// 未到期.
        case onTime
        /// 不要求定期更新.
        case none

        public var label: String {
            switch self {
            case .blank: "空白栏目"
            case .overdue: "已超期"
            case .dueToday: "今日到期"
            case .onTime: "未到期"
            case .none: "不要求定期更新"
            }
        }
    }

    public var column: Column
    public var owner: String
    public var latest: Date?
    /// The end of the day by which the next update is due (nil without a rule).
    public var due: Date?
    public var state: State
    /// Days left before the checklist's stale line (0 once reached); nil where the checklist does not time the column.
    public var daysToVeto: Int?
}

extension FreshnessRule {
    /// F1: every inspected column's contract, the most urgent first (blank and overdue, then due
    /// today, then by days to the veto line).
    public func contracts() -> [ColumnContract] {
        let endOfToday = CalendarDay(now).adding(days: 1).start
        let rows = inspected.map { c -> ColumnContract in
            let a = total(c.id)
            guard let latest = a.latest, a.count > 0 else {
                return ColumnContract(column: c, owner: ownerName(c), latest: nil, due: nil, state: .blank, daysToVeto: nil)
            }
            let due = c.updateRule.nextDue(after: latest)
            let state: ColumnContract.State =
                due.map { now >= $0 ? .overdue : $0 <= endOfToday ? .dueToday : .onTime } ?? .none
            let line = staleLine(c, after: latest)
            let left = line.map { max(0, Int(($0.timeIntervalSince(now) / 86_400).rounded(.up))) }
            return ColumnContract(column: c, owner: ownerName(c), latest: latest, due: due, state: state, daysToVeto: left)
        }
        func rank(_ s: ColumnContract.State) -> Int { [.blank: 0, .overdue: 1, .dueToday: 2, .onTime: 3, .none: 4][s] ?? 5 }
        return rows.sorted { a, b in
            (rank(a.state), a.daysToVeto ?? Int.max, a.column.name) < (rank(b.state), b.daysToVeto ?? Int.max, b.column.name)
        }
    }
}

/// A live item whose shown publication date is not when the platform published it.
public struct BackdatedItem: Sendable, Equatable {
    public var articleID: String
    public var title: String
    /// The date the page shows (发布时间).
    public var shown: Date
    /// When the item was created, and when the text registry recorded its first publication (nil: never).
    public var created: Date
    public var registered: Date?

    public init(articleID: String, title: String, shown: Date, created: Date, registered: Date?) {
        self.articleID = articleID; self.title = title; self.shown = shown; self.created = created; self.registered = registered
    }

    /// 伪造发稿日期: shown before the item existed, or not the time the registry recorded.
    public var isBackdated: Bool {
        func ms(_ d: Date) -> Int { Int((d.timeIntervalSince1970 * 1000).rounded()) }
        return ms(shown) < ms(created) || registered.map { ms($0) != ms(shown) } ?? true
    }
}

/// 安全、泄密事故等严重问题 (M1, P10): any live page the content gate blocks (a secret marking, a
/// wrong leader's title, personal data, a forbidden word) and any item whose shown date was
/// faked (存在弄虚作假行为，如伪造发稿日期) is a veto; the checklist allows none.
public enum SeriousProblemRule {
    /// `blocking`: live pages with blocking findings, as "「title」summary".
    public static func evaluate(blocking: [String], backdated: [BackdatedItem]) -> IndicatorResult {
        let faked = backdated.filter(\.isBackdated)
        let findings =
            blocking.prefix(10).map { "内容问题：\($0)" }
            + faked.prefix(10).map { b in
                "伪造发稿日期：「\(b.title)」显示发布于 \(ChinaTime.minute(b.shown))，"
                    + (b.registered.map { "发布登记为 \(ChinaTime.minute($0))" } ?? "没有发布登记")
                    + (b.shown < b.created ? "，早于稿件创建时间 \(ChinaTime.minute(b.created))" : "")
            }
        return IndicatorResult(
            indicator: .seriousProblems, verdict: blocking.isEmpty && faked.isEmpty ? .pass : .veto,
            value: "已发布页面中须处理的内容问题 \(blocking.count) 个，发稿日期与发布登记不符 \(faked.count) 条",
            threshold: "严重表述错误、泄露国家秘密、发布反动暴力色情内容、伪造发稿日期等，出现即否决", findings: findings)
    }
}

/// 互动回应差: no working 咨询建言 channel, or a valid 政务咨询 letter unanswered for more than 3
/// months (I2, W3); more than 2 months is shown at risk.
public enum InteractionRule {
    public static func evaluate(consultationChannels: Int, unansweredOverTwoMonths: Int, unansweredOverThreeMonths: Int) -> IndicatorResult {
        let threshold = "无有效咨询建言渠道，或政务咨询留言超过 3 个月未答复"
        guard consultationChannels > 0 else {
            return IndicatorResult(
                indicator: .interactionPoor, verdict: .veto, value: "没有接收留言的政务咨询渠道", threshold: threshold,
                findings: ["请在“留言渠道”中开启政务咨询"])
        }
        let verdict: InspectionVerdict = unansweredOverThreeMonths > 0 ? .veto : unansweredOverTwoMonths > 0 ? .atRisk : .pass
        return IndicatorResult(
            indicator: .interactionPoor, verdict: verdict,
            value: "政务咨询渠道 \(consultationChannels) 个；超过 2 个月未答复 \(unansweredOverTwoMonths) 件，其中超过 3 个月 \(unansweredOverThreeMonths) 件",
            threshold: threshold)
    }
}

/// The checklist of one site, from what the platform knows.
public enum VetoChecklist {
    /// Every indicator, in the checklist's order. `interaction` and `services` are nil until the
    /// letters and the service guides can answer them (shown 无数据, never a pass).
    public static func evaluate(
        probes: [SiteProbe], freshness: FreshnessRule, serious: IndicatorResult, interaction: IndicatorResult?, services: IndicatorResult?
    ) -> [IndicatorResult] {
        [
            AvailabilityRule.evaluate(probes, now: freshness.now),
            freshness.homepage(),
            freshness.columns(),
            serious,
            interaction
                ?? IndicatorResult(indicator: .interactionPoor, verdict: .noData, value: "无数据", threshold: "无有效咨询建言渠道，或政务咨询留言超过 3 个月未答复"),
            services
                ?? IndicatorResult(indicator: .serviceUseless, verdict: .noData, value: "无数据", threshold: "无办事服务，或办事指南要素缺失"),
        ]
    }
}

/// 站点无法访问 (M1): where a site's homepage is probed. This server on loopback always; besides,
/// the addresses configured (MENHU_PROBE_URLS): the public domain through the real network, as
/// inspectors and visitors reach it. Each address has its own probes in each slot, and a failure
/// at any counts.
public enum ProbeTargets {
    /// `loopback` and the configured address for the site's code, or for `*` (with `{domain}`
    /// replaced by the site's first domain; a site without one gets no such address).
    public static func addresses(for site: Site, loopback: String, configured: [String: String]) -> [String] {
        var extra = configured[site.code] ?? configured["*"]
        if let template = extra, template.contains("{domain}") {
            extra = site.identity.domains.first.flatMap { $0.isEmpty ? nil : template.replacingOccurrences(of: "{domain}", with: $0) }
        }
        return [loopback] + (extra.map { $0 == loopback ? [] : [$0] } ?? [])
    }

    /// Whether `text` can be probed: an http(s) address with a host (`{domain}` allowed as the host).
    public static func isAddress(_ text: String) -> Bool {
        let probe = text.replacingOccurrences(of: "{domain}", with: "example.gov.cn")
        guard let url = URL(string: probe), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else { return false }
        return !(url.host ?? "").isEmpty
    }
}
