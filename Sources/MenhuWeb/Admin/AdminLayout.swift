import Foundation
import Hummingbird
import MenhuCore
import MenhuStore

/// The console's layout, held by every page type: the frame around a page (the person, the CSRF
/// token, the menus), the notices after a redirect, message pages, and the table of which GET
/// pages each role may open. Built once when the console registers its routes.
struct AdminLayout: Sendable {
    let renderer: Renderer
    /// The check of every GET route, by its pattern (read from the endpoint table).
    let access: [String: AdminAccess]

    /// Which console pages the person with these grants may open.
    func links(_ grants: [RoleGrant]) -> ConsoleLinks { ConsoleLinks(access: access, grants: grants) }

    /// Renders an admin page inside the console layout: the page's view over the form being shown
    /// again (if any) over the frame.
    func page(
        _ r: AdminRequest, _ template: AdminTemplate, title: String, _ view: Any, form: FormState? = nil,
        scripts: [String] = [], status: HTTPResponse.Status = .ok
    ) -> Response {
        var frame = frame(r.signedIn, title: title, path: r.request.uri.path, site: r.site)
        frame.notice = r.request.uri.queryParameters["notice"].map(String.init).flatMap { Self.notices[$0] }
        frame.scripts = scripts
        let layers = form.map { Layers(view, $0, frame) } ?? Layers(view, frame)
        return Reply.html(renderer.admin(template, layers), status: status)
    }

    /// A page of one site's part of the console.
    func page(
        _ r: SiteAdminRequest, _ template: AdminTemplate, title: String, _ view: Any, form: FormState? = nil,
        scripts: [String] = [], status: HTTPResponse.Status = .ok
    ) -> Response {
        page(r.admin, template, title: title, view, form: form, scripts: scripts, status: status)
    }

    /// A message page (errors, refusals).
    func message(_ signedIn: SignedIn?, status: HTTPResponse.Status, title: String, text: String) -> Response {
        let frame =
            signedIn.map { self.frame($0, title: title) }
            ?? AdminFrame(pageTitle: title, csrf: nil, menu: [], siteMenuTitle: nil, siteMenu: [], user: nil)
        return Reply.html(renderer.admin(.message, Layers(MessageView(heading: title, text: text), frame)), status: status)
    }

    /// The console frame: the person, the CSRF token and the menu: only what their roles may open
    /// (the endpoint table decides, as it does for the request itself).
    func frame(_ s: SignedIn, title: String, path: String = "", site: Site? = nil) -> AdminFrame {
        let links = links(s.grants)
        var menu: [(String, AdminURL)] = [("工作台", .dashboard)]
        if !s.mustChangePassword {
            if AccessPolicy.doesContentWork(s.grants) { menu.append(("我的待办", .inbox)) }
            for (label, url): (String, AdminURL) in [
                ("留言办理", .letters), ("网站管理", .sites), ("单位与处室", .departments), ("账号管理", .accounts), ("平台词库", .dictionary(site: nil)),
                ("工作日历", .calendar), ("全平台抽查", .spotCheck),
                ("操作日志", .audit), ("角色与权限", .roles), ("发布流程", .workflow), ("规则依据", .basis),
            ] where links.opens(url) {
                menu.append((label, url))
            }
        }
        menu.append(("修改密码", .password))
        var siteMenu: [(String, AdminURL)] = []
        if let site, !s.mustChangePassword {
            siteMenu = ConsoleLinks.siteMenu.map { ($0.label, $0.url(site.code)) }.filter { links.opens($0.1, site: site) }
        }
        let current = (menu + siteMenu).map(\.1.path).filter { $0 == path || ($0 != AdminURL.dashboard.path && path.hasPrefix($0 + "/")) }
            .max { $0.count < $1.count }
        let link = { (item: (String, AdminURL)) in
            AdminFrame.MenuLink(label: item.0, url: item.1.path, current: item.1.path == current)
        }
        return AdminFrame(
            pageTitle: title, csrf: s.session.csrfToken, menu: menu.map(link), siteMenuTitle: site?.name,
            siteMenu: siteMenu.map(link), user: .init(name: s.account.displayName, username: s.account.username))
    }

    static let notices: [String: String] = [
        "password": "密码已修改。", "site-created": "网站已创建。", "site-saved": "网站信息已保存。",
        "department-created": "已新建。", "department-renamed": "已更名。", "account-closed": "账号已注销，其登录会话已全部失效。",
        "grant-added": "已授权。", "grant-removed": "已撤销授权。", "column-created": "栏目已创建。",
        "column-saved": "栏目已保存。", "column-archived": "栏目已归档，页面保留并标注“已归档”。",
        "column-restored": "栏目已恢复更新。",
        "block-saved": "首页区块已保存，首页随即更新。", "block-removed": "首页区块已删除。", "block-moved": "已调整顺序。",
        "theme-draft": "已保存为草稿，请预览后发布；公众看到的页面尚未改变。", "theme-published": "主题已发布，全站页面随即更新。",
        "theme-discarded": "已放弃草稿。", "direct-links-saved": "已保存，本站页面随即更新。", "image-rule-saved": "网页图片规格已保存，上传图片时按此提示。",
        "letter-acted": "已办理，留言的状态和时限已更新。", "channel-saved": "留言渠道已保存，办理中留言的时限已按新设置重算。",
        "email-saved": "提醒邮箱已保存。", "letter-masked": "已保存，公开时将另行隐去这些内容。",
        "faq-drafted": "已起草常见问题，请核对问题、解答和有效期，保存后由另一位管理人员审核发布。",
        "faq-saved": "已保存。", "reading-marked": "已标记。", "spot-check-drafted": "已生成抽查通报稿，请核对后提交审核。",
        "disclosure-acted": "已办理，申请的状态和答复期限已更新；出具的文书见下方“文书”。",
        "disclosure-office": "依申请公开设置已保存，此后出具的文书按新设置填写。",
        "survey-created": "征集调查已保存，尚未发布：核对题目后点“发布”。",
        "survey-saved": "修改已保存。",
        "survey-published": "已发布：网站“互动交流 › 征集调查”中可见，自开始日期起接受参与。",
        "survey-unpublished": "已撤回，公众不再看到这项调查。",
        "survey-concluded": "调查结果和意见采纳情况已在网站公布。",
        "interview-created": "在线访谈已保存，尚未发布：核对嘉宾和时间后点“发布预告”。",
        "interview-saved": "修改已保存。",
        "interview-publish": "预告已发布：网站“互动交流 › 在线访谈”中可见，网友即可提问。",
        "interview-unpublish": "已撤回，公众不再看到这场访谈。",
        "interview-end": "访谈已结束，文字实录保留在网站“往期访谈”中。",
        "interview-record": "已录入文字实录。",
        "interview-accept": "已采用，这条提问在网站显示，可在直播中答复。",
        "interview-reject": "已设为不采用，这条提问不在网站显示。",
        "interview-answer": "答复已录入文字实录。",
        "rectification-dismissed": "已暂缓，到期后如复查仍发现问题将重新列入整改。",
        "channel-created": "已新增留言渠道，请核对表单、时限和联系方式后保存。",
        "article-saved": "稿件已保存为新版本。", "article-submit": "已提交审核。", "article-approve": "已通过，转入下一环节。",
        "article-live": "已发布，网站上立即可见。", "article-sendBack": "已退回修改，理由已告知撰稿人。",
        "article-cancelSchedule": "已撤销定时发布，稿件退回草稿。", "article-emergencyPublish": "已紧急发布，待另一位审核人员完成事后审核。",
        "article-confirmEmergency": "已完成事后审核。", "article-withdraw": "已撤稿，原网址返回“信息已撤下”（410）。",
        "article-archive": "已归档，页面保留并标注“已归档”。", "article-overrideGate": "已放行，理由已记录；本版本修改后须重新放行。",
        "file-uploaded": "已上传。", "dictionary-added": "已添加，立即生效。", "dictionary-exists": "词库中已有这个词。",
        "dictionary-removed": "已删除。", "dictionary-imported": "已导入。", "recheck-requested": "已安排复查，后台完成后本页结果随之更新。", "push-revoked": "令牌已停用，该系统不能再推送。",
        "submission-sent": "已报送办公室。",
        "submission-adopted": "已采用，报送内容已转为稿件，进入所选信息员的“我的待办”，由其编辑后提交审核。", "submission-declined": "已退回报送处室。",
        "calendar-notice": "放假通知已录入，本年的期限按它计算。", "working-hours": "工作时间已保存。",
        "repost-added": "已登记转载任务，请在 12 小时内完成。", "feed-added": "已登记订阅来源。", "repost-dismissed": "已标记为无需转载。",
    ]
}

extension FormState {
    /// Runs a save; what the service refuses (bad fields, a refusal, someone else's change) comes
    /// back as the form's errors, shown by `show`.
    static func saving(
        _ save: () async throws -> Response, otherwise show: (FieldErrors) async throws -> Response
    ) async throws -> Response {
        do { return try await save() } catch let errors as FieldErrors {
            return try await show(errors)
        } catch ServiceError.refused(let message) {
            return try await show(.single("form", message))
        } catch ServiceError.conflict(let message) {
            return try await show(.single("form", message))
        }
    }
}
