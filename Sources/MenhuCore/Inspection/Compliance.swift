import Foundation

/// How one numbered requirement stands on a site, read from what happened (M1, M2).
public enum RequirementState: String, Sendable, CaseIterable, Comparable {
    /// 符合.
    case met
    /// 有风险: not broken yet, but heading there.
    case atRisk
    /// 不符合.
    case broken

    public var label: String {
        switch self {
        case .met: "符合"
        case .atRisk: "有风险"
        case .broken: "不符合"
        }
    }

    private var rank: Int { self == .met ? 0 : self == .atRisk ? 1 : 2 }
    public static func < (a: RequirementState, b: RequirementState) -> Bool { a.rank < b.rank }
}

/// One requirement's live status and the evidence behind it.
public struct RequirementStatus: Sendable, Equatable {
    public var id: String
    public var state: RequirementState
    /// What was counted, in Chinese: "近 90 天发布 120 条，全部经审核、签发".
    public var evidence: String

    public init(_ id: String, _ state: RequirementState, _ evidence: String) { self.id = id; self.state = state; self.evidence = evidence }
}

/// What the platform knows about one site that the requirements are judged on; every field is
/// counted from the database (ComplianceQuery).
public struct ComplianceFacts: Sendable {
    /// S2: the registration fields left empty (主办单位, 网站标识码…).
    public var missingIdentity: [String] = []
    /// S5: archived columns (their pages stay, marked 已归档).
    public var archivedColumns = 0
    /// O1: columns without an owner department, by name.
    public var columnsWithoutOwner: [String] = []
    /// O2: the roles someone holds on the site (or platform-wide).
    public var roles: Set<Role> = []
    /// O3: approvals given by the author of the revision approved.
    public var selfApprovals = 0
    /// O4: closed accounts still holding a role.
    public var closedWithRoles = 0
    /// O6: accounts of the site still on their initial password after a week, and past the expiry.
    public var initialPasswordsKept = 0
    public var expiredPasswords = 0
    /// P1: live items, and those whose live revision lacks its review or sign-off (emergency ones apart).
    public var liveItems = 0
    public var liveUnapproved = 0
    /// P6: the text registry's hash chain (platform-wide): entries checked and the first break.
    public var registryChecked = 0
    public var registryBroken: String?
    /// P8: this year's publications and the late ones.
    public var publishedThisYear = 0
    public var lateThisYear = 0
    /// P10: live pages the content gate blocks; P11: broken links of live pages.
    public var blockedLivePages = 0
    public var brokenLinks = 0
    public var linksCheckedAt: Date?
    /// F1: columns overdue by their own rule, and blank ones.
    public var overdueColumns = 0
    public var blankColumns = 0
    /// I1, I2: accepting channels, letters past their step's deadline, consultations unanswered
    /// for more than 2 and 3 months (the national veto line); W3: whether 网站找错 takes letters.
    public var siteErrorOpen = false
    public var openChannels = 0
    public var overdueLetters = 0
    public var consultationsOverTwoMonths = 0
    public var consultationsOverThreeMonths = 0
    /// M1: the last inspection, yesterday's 值班读网 (read, to read), and open 整改 past their deadline.
    public var lastInspection: Date?
    public var readYesterday = 0
    public var toReadYesterday = 0
    public var overdueRectifications = 0
    /// M2: the veto indicators and their verdicts.
    public var vetoes: [IndicatorResult] = []
    /// X2: emergency publications not yet reviewed afterwards.
    public var emergenciesUnreviewed = 0

    public init() {}
}

/// M1, M2: every numbered requirement the platform enforces or measures, judged on a site's facts.
/// Rules the platform makes impossible to break are still counted (a self-approval would show).
public enum ComplianceRule {
    public static func evaluate(_ f: ComplianceFacts, now: Date) -> [RequirementStatus] {
        var out: [RequirementStatus] = []
        func add(_ id: String, _ bad: Bool, _ risk: Bool, _ evidence: String) {
            out.append(RequirementStatus(id, bad ? .broken : risk ? .atRisk : .met, evidence))
        }
        func add(_ id: String, _ bad: Bool, _ evidence: String) { add(id, bad, false, evidence) }
        func names(_ list: [String]) -> String {
            list.prefix(5).map { "「\($0)」" }.joined(separator: "、") + (list.count > 5 ? " 等 \(list.count) 个" : "")
        }

        add(
            "S2", !f.missingIdentity.isEmpty,
            f.missingIdentity.isEmpty ? "网站登记信息齐全，页脚公示" : "未填写：\(f.missingIdentity.joined(separator: "、"))")
        add("S5", false, "归档栏目 \(f.archivedColumns) 个，页面保留并标注“已归档”和归档日期")
        add(
            "O1", !f.columnsWithoutOwner.isEmpty,
            f.columnsWithoutOwner.isEmpty ? "每个栏目都有责任部门" : "没有责任部门的栏目：\(names(f.columnsWithoutOwner))")
        let essential: [Role] = [.siteAdmin, .editor, .reviewer, .signer]
        let missing = essential.filter { !f.roles.contains($0) }
        add(
            "O2", missing.contains(.editor) || missing.contains(.reviewer) || missing.contains(.signer), !missing.isEmpty,
            missing.isEmpty ? "网站管理员、信息员、审核、签发均已设岗" : "尚未设岗：\(missing.map(\.definition.label).joined(separator: "、"))")
        add("O3", f.selfApprovals > 0, f.selfApprovals == 0 ? "没有审核或签发自己稿件的记录" : "审核或签发自己稿件 \(f.selfApprovals) 次")
        add("O4", f.closedWithRoles > 0, f.closedWithRoles == 0 ? "已注销账号均无角色" : "已注销但仍有角色的账号 \(f.closedWithRoles) 个")
        add(
            "O6", false, f.initialPasswordsKept + f.expiredPasswords > 0,
            "超过 7 天仍未修改初始密码的账号 \(f.initialPasswordsKept) 个，密码已过期的账号 \(f.expiredPasswords) 个（登录时强制修改）")
        add(
            "P1", f.liveUnapproved > 0,
            f.liveUnapproved == 0 ? "已发布 \(f.liveItems) 条，均经审核、签发（紧急发布另行事后审核）" : "已发布 \(f.liveItems) 条，其中 \(f.liveUnapproved) 条缺少审核或签发记录")
        add(
            "P6", f.registryBroken != nil,
            f.registryBroken.map { "发布登记簿校验不通过：\($0)" } ?? "发布登记簿 \(f.registryChecked) 条记录逐条校验一致，未被修改")
        add(
            "P8", false, f.lateThisYear > 0,
            "今年发布 \(f.publishedThisYear) 条，超过时限发布 \(f.lateThisYear) 条")
        add("P10", f.blockedLivePages > 0, f.blockedLivePages == 0 ? "已发布页面复查未发现须处理的问题" : "已发布页面中须处理的问题 \(f.blockedLivePages) 个")
        add(
            "P11", false, f.brokenLinks > 0 || f.linksCheckedAt == nil,
            f.linksCheckedAt.map { "上次链接巡检 \(ChinaTime.minute($0))，失效链接 \(f.brokenLinks) 个" } ?? "尚未进行链接巡检")
        add(
            "F1", false, f.overdueColumns + f.blankColumns > 0,
            "按更新要求超期的栏目 \(f.overdueColumns) 个，空白栏目 \(f.blankColumns) 个")
        add("I1", f.openChannels == 0, f.openChannels == 0 ? "没有开放的留言渠道" : "开放的留言渠道 \(f.openChannels) 个")
        add(
            "I2", f.consultationsOverThreeMonths > 0, f.overdueLetters + f.consultationsOverTwoMonths > 0,
            "超过办理时限的留言 \(f.overdueLetters) 件；政务咨询超过 2 个月未答复 \(f.consultationsOverTwoMonths) 件，其中超过 3 个月 \(f.consultationsOverThreeMonths) 件")
        add("W3", !f.siteErrorOpen, f.siteErrorOpen ? "每个页面的“找错”入口通往本站网站找错渠道，渠道开放" : "网站找错渠道已关闭，页面上的“找错”入口无法留言")
        if let services = f.vetoes.first(where: { $0.indicator == .serviceUseless }), services.verdict != .noData {
            add("W5", services.verdict == .veto, services.verdict == .atRisk, services.value)
        }
        let inspectedRecently = f.lastInspection.map { now.timeIntervalSince($0) <= 26 * 3600 } ?? false
        let readShare = f.toReadYesterday == 0 ? 1 : Double(f.readYesterday) / Double(f.toReadYesterday)
        add(
            "M1", f.lastInspection == nil, !inspectedRecently || readShare < 1 || f.overdueRectifications > 0,
            (f.lastInspection.map { "上次日常自查 \(ChinaTime.minute($0))" } ?? "尚未进行日常自查")
                + "；昨日值班读网 \(f.readYesterday) / \(f.toReadYesterday) 条；超期未整改 \(f.overdueRectifications) 项")
        let vetoed = f.vetoes.filter { $0.verdict == .veto }, risky = f.vetoes.filter { $0.verdict == .atRisk }
        add(
            "M5", !vetoed.isEmpty, !risky.isEmpty,
            vetoed.isEmpty && risky.isEmpty
                ? "单项否决指标均未触线"
                : "触及否决线：\(vetoed.map(\.indicator.label).joined(separator: "、").nonEmptyOr("无"))；接近否决线：\(risky.map(\.indicator.label).joined(separator: "、").nonEmptyOr("无"))"
        )
        add(
            "X2", false, f.emergenciesUnreviewed > 0,
            f.emergenciesUnreviewed == 0 ? "紧急发布均已事后审核" : "紧急发布待事后审核 \(f.emergenciesUnreviewed) 条")
        return out
    }

    /// The requirements this page does not judge yet, for honesty: the rest of the catalogue.
    public static func unjudged(_ judged: [RequirementStatus]) -> [RuleBasis.Rule] {
        let ids = Set(judged.map(\.id))
        return RuleBasis.all.filter { !ids.contains($0.id) }
    }
}

extension String {
    fileprivate func nonEmptyOr(_ fallback: String) -> String { isEmpty ? fallback : self }
}
