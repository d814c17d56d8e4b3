/// Something a person may do in the back office. Routes and workflow steps name one.
public enum Permission: String, Sendable, CaseIterable, Hashable {
    /// S1, S2: create sites and edit their identity fields.
    case manageSites
    /// O1, O4: units, departments and their staff records.
    case manageDepartments
    /// O4, O6: create, close and reset accounts; grant roles.
    case manageAccounts
    /// X1: read the audit log.
    case viewAuditLog
    /// O1: the column tree of a site, owners and update rules.
    case manageColumns
    /// O1: read and export the content-assurance table (内容保障责任分解表).
    case viewAssuranceTable
    /// P1, P10: write and edit articles.
    case editContent
    /// P1, P11: review (内容审核).
    case reviewContent
    /// P1, P2: sign off (签发) as column owner or department head.
    case signContent
    /// P2: approve important items as the responsible leader (分管领导).
    case approveImportant
    /// P2: approve major items as the leadership group (领导小组).
    case approveMajor
    /// P5: publish whole-bureau notices and announcements.
    case publishNotices
    /// X1, M1: technical operation: health, metrics, inspections.
    case operateSystem
    /// X2: 紧急发布, publish at once with a reason; review follows.
    case emergencyPublish
    /// X2: 撤稿, take any item off the public site at once.
    case withdrawContent
    /// S5: 归档, archive an item with a visible banner.
    case archiveContent
    /// P8, P9: business systems that push content, and superior feeds to repost from.
    case manageIntegrations
    /// P13, P14: adopt (采用) or decline what departments hand to the office.
    case handleSubmissions
    /// P13: hand an item to the office for publishing (处室报送), for one's department.
    case submitToOffice
    /// P10: the content gate's word lists (sensitive words, typos, expressions) of the platform or a site.
    case manageDictionaries
    /// W1, W2: the site's homepage blocks and its theme (templates, colour, logo, banner).
    case manageDesign
    /// I2: the working-day calendar (放假通知 and working hours) that letter deadlines count on.
    case manageCalendar
    /// I2, I3, I4: 留言管理: accept, refuse, transfer, review replies and publish the site's letters, edit its channels (I5).
    case manageLetters
    /// I2: 留言办理: sign for and answer the letters transferred to one's own department.
    case answerLetters
    /// I2: approve one extension (延期) of a letter of one's own department, as its head.
    case approveLetterExtension
    /// M1: 值班读网, read each day's new and changed items and mark each 无误 or 有误.
    case readDuty
    /// I7: register, handle and answer 依申请公开 requests (政府信息公开工作机构).
    case handleDisclosure
    /// I7: approve the one extension of a request's answer period (条例第三十三条第二款: 政府信息公开工作机构负责人).
    case approveDisclosureExtension
    /// I1: 征集调查 and 在线访谈: set up and publish surveys and their results, schedule interviews,
    /// review the public's questions and keep the transcript.
    case manageInteraction

    /// The Chinese name shown in the admin console.
    public var label: String {
        switch self {
        case .manageSites: "网站管理"
        case .manageDepartments: "单位与处室管理"
        case .manageAccounts: "账号管理"
        case .viewAuditLog: "查看操作日志"
        case .manageColumns: "栏目管理"
        case .viewAssuranceTable: "查看内容保障责任分解表"
        case .editContent: "编辑信息"
        case .reviewContent: "内容审核"
        case .signContent: "签发"
        case .approveImportant: "分管领导审核"
        case .approveMajor: "领导小组审定"
        case .publishNotices: "发布全局性通知公告"
        case .operateSystem: "技术运维"
        case .emergencyPublish: "紧急发布"
        case .withdrawContent: "撤稿"
        case .archiveContent: "信息归档"
        case .manageIntegrations: "业务系统与转载来源管理"
        case .handleSubmissions: "处理处室报送信息"
        case .submitToOffice: "向办公室报送信息"
        case .manageDictionaries: "维护敏感词和规范表述词库"
        case .manageDesign: "网站外观（首页区块与主题）"
        case .manageCalendar: "工作日历（放假通知）"
        case .manageLetters: "留言管理（受理、转办、审核、公开）"
        case .answerLetters: "留言办理（签收、答复本部门留言）"
        case .approveLetterExtension: "审批本部门留言延期"
        case .readDuty: "值班读网"
        case .handleDisclosure: "依申请公开办理"
        case .approveDisclosureExtension: "审批依申请公开延期答复"
        case .manageInteraction: "征集调查与在线访谈"
        }
    }
}

/// Where a role is granted: the whole platform, one site, or one column of a site.
public enum GrantScope: String, Sendable, CaseIterable, Hashable {
    case platform
    case site
    case column

    public var label: String {
        switch self {
        case .platform: "全平台"
        case .site: "网站"
        case .column: "栏目"
        }
    }
}

/// A role of the regulations (O2). Definitions are data: see `RoleDefinition.all`.
public enum Role: String, Sendable, CaseIterable, Hashable {
    case platformAdmin
    case siteAdmin
    case editor
    case reviewer
    case signer
    case departmentHead
    case leader
    case leadershipGroup
    case officePublisher
    case `operator`

    /// The role's definition.
    public var definition: RoleDefinition { RoleDefinition.of(self) }
    /// The Chinese name.
    public var label: String { definition.label }
}

/// What a role is called, where it may be granted and what it permits. O2, O3, O5.
public struct RoleDefinition: Sendable, Hashable {
    public let role: Role
    /// The Chinese name used in the UI.
    public let label: String
    /// One sentence on what the role is for, in Chinese.
    public let summary: String
    /// The scopes at which the role may be granted.
    public let scopes: [GrantScope]
    /// What the role permits within the scope of its grant.
    public let permissions: Set<Permission>
    /// The requirement ids this role comes from.
    public let basis: [String]

    /// Every role of the platform, in display order.
    public static let all: [RoleDefinition] = [
        RoleDefinition(
            role: .platformAdmin, label: "平台管理员",
            summary: "管理集约化平台上的网站、单位处室和账号，查看全平台操作日志。",
            scopes: [.platform],
            permissions: [
                .manageSites, .manageDepartments, .manageAccounts, .viewAuditLog,
                .manageColumns, .viewAssuranceTable, .manageDictionaries, .manageDesign, .manageCalendar, .manageLetters,
                .handleDisclosure, .manageInteraction,
            ],
            basis: ["O2", "O4", "S1"]),
        RoleDefinition(
            role: .siteAdmin, label: "网站管理员",
            summary: "管理本网站的栏目结构、栏目责任处室和更新要求，紧急发布、撤稿和归档信息，查看本网站操作日志。",
            scopes: [.site],
            permissions: [
                .manageColumns, .viewAssuranceTable, .viewAuditLog, .emergencyPublish, .withdrawContent,
                .archiveContent, .manageIntegrations, .handleSubmissions, .manageDictionaries, .manageDesign, .manageLetters, .readDuty,
                .handleDisclosure, .manageInteraction,
            ],
            basis: ["O1", "O2", "X2", "S5"]),
        RoleDefinition(
            role: .editor, label: "信息员（内容编辑）",
            summary: "在授权栏目中撰写和修改信息。",
            scopes: [.site, .column], permissions: [.editContent, .answerLetters],
            basis: ["O2", "O5", "P10"]),
        RoleDefinition(
            role: .reviewer, label: "内容审核",
            summary: "审核授权栏目信息的内容、外部链接和保密情况。",
            scopes: [.site, .column], permissions: [.reviewContent, .readDuty],
            basis: ["O2", "O3", "P11"]),
        RoleDefinition(
            role: .signer, label: "栏目责任人（签发）",
            summary: "对授权栏目的信息签发。",
            scopes: [.site, .column], permissions: [.signContent, .viewAssuranceTable],
            basis: ["O2", "O3", "P1"]),
        RoleDefinition(
            role: .departmentHead, label: "处室负责人",
            summary: "签发本处室一般信息，负责本处室栏目的内容保障，向办公室报送本处室信息。",
            scopes: [.site, .column],
            permissions: [
                .signContent, .viewAssuranceTable, .submitToOffice, .answerLetters, .approveLetterExtension,
            ],
            basis: ["O2", "P2", "P13"]),
        RoleDefinition(
            role: .leader, label: "分管领导",
            summary: "审核重要信息。",
            scopes: [.site], permissions: [.approveImportant, .viewAssuranceTable, .approveDisclosureExtension],
            basis: ["O2", "P2"]),
        RoleDefinition(
            role: .leadershipGroup, label: "信息化领导小组成员",
            summary: "审定特别重大信息。",
            scopes: [.platform, .site], permissions: [.approveMajor, .viewAssuranceTable],
            basis: ["O2", "P2"]),
        RoleDefinition(
            role: .officePublisher, label: "办公室发布员",
            summary: "发布全局性通知、公告，采用或退回各处室报送的信息。",
            scopes: [.site], permissions: [.publishNotices, .handleSubmissions],
            basis: ["O2", "P5", "P13"]),
        RoleDefinition(
            role: .operator, label: "技术运维人员",
            summary: "负责平台运行、监测和技术支撑，不接触内容发布。",
            scopes: [.platform, .site], permissions: [.operateSystem, .readDuty],
            basis: ["O2", "X1"]),
    ]

    private static let byRole: [Role: RoleDefinition] = Dictionary(uniqueKeysWithValues: all.map { ($0.role, $0) })

    /// The definition of `role`.
    public static func of(_ role: Role) -> RoleDefinition { byRole[role]! }
}

/// A role given to an account at a scope. O2, O5.
public struct RoleGrant: Sendable, Equatable, Identifiable {
    public var id: String
    public var accountID: String
    public var role: Role
    /// Nil for a platform-wide grant.
    public var siteID: String?
    /// Set for a column grant.
    public var columnID: String?

    public init(id: String = RecordID.make(), accountID: String, role: Role, siteID: String?, columnID: String?) {
        self.id = id; self.accountID = accountID; self.role = role; self.siteID = siteID; self.columnID = columnID
    }

    /// The scope this grant is at.
    public var scope: GrantScope {
        if siteID == nil { return .platform }
        return columnID == nil ? .site : .column
    }

    /// Checks that the role may be granted at this scope.
    public func validate() throws {
        var errors = FieldErrors()
        if !role.definition.scopes.contains(scope) {
            let allowed = role.definition.scopes.map(\.label).joined(separator: "、")
            errors.add("scope", "“\(role.label)”只能按\(allowed)授权")
        }
        try errors.throwIfAny()
    }
}
