import Foundation

/// One recorded change: who did what, when, to what, from which address (DESIGN:
/// events are the record). The audit log, and later statistics, read these.
public struct AuditEvent: Sendable, Equatable, Identifiable {
    public var id: String
    public var at: Date
    /// The account that acted; nil for the system or the command line.
    public var actorID: String?
    /// The actor's name at the time (kept even if the account is later closed).
    public var actorName: String
    /// A stable action name, e.g. `site.create`, `account.close`.
    public var action: String
    /// The kind of record changed, e.g. `site`, `account`, `column`.
    public var targetType: String
    public var targetID: String
    /// The site the change belongs to, if any (site admins see their sites' events).
    public var siteID: String?
    /// What changed, in Chinese, for people.
    public var summary: String
    /// The requirement the change carries out, e.g. `O4`.
    public var requirement: String?
    /// The client address, or `cli`.
    public var address: String

    public init(
        id: String = RecordID.make(), at: Date, actorID: String?, actorName: String, action: String,
        targetType: String, targetID: String, siteID: String? = nil, summary: String,
        requirement: String? = nil, address: String
    ) {
        self.id = id; self.at = at; self.actorID = actorID; self.actorName = actorName; self.action = action
        self.targetType = targetType; self.targetID = targetID; self.siteID = siteID; self.summary = summary
        self.requirement = requirement; self.address = address
    }
}

/// Who is acting and from where; every change names one.
public struct Actor: Sendable, Equatable {
    public var accountID: String?
    public var name: String
    public var address: String

    public init(accountID: String?, name: String, address: String) {
        self.accountID = accountID; self.name = name; self.address = address
    }

    /// The command line run by an operator on the server.
    public static func commandLine(_ user: String = "命令行") -> Actor {
        Actor(accountID: nil, name: user, address: "cli")
    }

    /// Builds an event done by this actor.
    public func event(
        _ action: String, _ targetType: String, _ targetID: String, siteID: String? = nil,
        summary: String, requirement: String? = nil, at: Date
    ) -> AuditEvent {
        AuditEvent(
            at: at, actorID: accountID, actorName: name, action: action, targetType: targetType,
            targetID: targetID, siteID: siteID, summary: summary, requirement: requirement, address: address)
    }
}

extension AuditEvent {
    /// Chinese names of the actions, for the audit log page.
    public static let actionLabels: [String: String] = [
        "site.create": "新建网站", "site.update": "修改网站", "site.direct-links": "设置免提示外部网站", "site.image-rule": "设置网页图片规格", "department.create": "新建单位处室",
        "department.rename": "单位处室更名",
        "account.create": "开通账号", "account.close": "注销账号", "account.reset": "重置密码",
        "account.password": "修改密码", "grant.add": "授予角色", "grant.remove": "撤销角色",
        "login.success": "登录", "login.failure": "登录失败", "login.refused": "拒绝登录", "logout": "退出登录",
        "column.create": "新建栏目", "column.update": "修改栏目", "column.archive": "归档栏目",
        "column.restore": "恢复栏目", "demo.seed": "写入演示数据",
        "home.add": "添加首页区块", "home.update": "修改首页区块", "home.remove": "删除首页区块", "home.move": "调整首页区块顺序",
        "theme.draft": "修改主题草稿", "theme.publish": "发布主题", "theme.discard": "放弃主题草稿",
        "demo.seeded": "写入演示数据",
        "article.create": "新建稿件", "article.edit": "修改稿件",
        "file.upload": "上传附件或图片", "dictionary.add": "添加词库词语", "dictionary.remove": "删除词库词语",
        "push.register": "登记业务系统", "push.revoke": "停用推送令牌",
        "submission.create": "处室报送", "submission.adopt": "采用报送信息", "submission.decline": "退回报送信息",
        "feed.add": "登记转载来源", "repost.add": "登记转载任务", "repost.start": "开始转载", "repost.dismiss": "标记无需转载",
        "calendar.notice": "添加放假通知", "calendar.hours": "修改工作时间",
        "letter.submit": "收到留言", "letter.rate": "留言人评价答复", "letter.channel-create": "新建留言渠道",
        "letter.mask": "设置留言公开时隐去的内容", "account.email": "设置提醒邮箱", "letter.faq-draft": "起草常见问题", "letter.faq-update": "修改常见问题",
        "letter.faq-publish": "审核发布常见问题", "letter.faq-withdraw": "撤下常见问题", "letter.channel-update": "修改留言渠道",
        "disclosure.submit": "收到政府信息公开申请", "disclosure.office": "修改依申请公开设置",
        "survey.create": "新建征集调查", "survey.edit": "修改征集调查", "survey.publish": "发布征集调查", "survey.unpublish": "撤回征集调查",
        "survey.conclude": "公布调查结果和采纳情况",
        "interview.create": "新建在线访谈", "interview.edit": "修改在线访谈", "interview.publish": "发布在线访谈预告", "interview.unpublish": "撤回在线访谈",
        "interview.end": "结束在线访谈", "interview.record": "录入访谈文字实录", "interview.accept": "采用网友提问", "interview.reject": "不采用网友提问",
        "interview.answer": "嘉宾答复网友提问",
        "inspection.read": "值班读网", "rectification.dismiss": "暂不整改", "rectification.sync": "日常自查整改", "inspection.incident": "单项否决告警",
    ].merging(Dictionary(uniqueKeysWithValues: WorkflowAction.allCases.map { ("article.\($0.rawValue)", "稿件" + $0.label) })) { a, _ in a }
        .merging(Dictionary(uniqueKeysWithValues: LetterAction.allCases.map { ($0.eventName, "留言" + $0.label) })) { a, _ in a }
        .merging(Dictionary(uniqueKeysWithValues: DisclosureAction.allCases.map { ("disclosure.\($0.rawValue)", "依申请公开" + $0.label) })) { a, _ in a }

    /// The Chinese name of an action, or the action code when it has none.
    public static func label(of action: String) -> String { actionLabels[action] ?? action }
}
