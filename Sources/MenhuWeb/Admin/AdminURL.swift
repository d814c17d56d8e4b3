import Foundation

/// Every address of the admin console, typed: routes are registered with it (its `pattern`)
/// and pages link with it (its `path`), so a link cannot name a page that does not exist and
/// renaming a page is one change. (Anchor: the Swift Package Index server's `SiteURL`.)
///
/// Site codes, record ids and template names are path-safe by construction (validated
/// identifiers); the values are written as they are.
enum AdminURL: Hashable, Sendable {
    // MARK: Every signed-in person
    /// 工作台.
    case dashboard
    case login
    case logout
    /// 修改密码.
    case password
    /// 我的待办.
    case inbox
    /// 发布流程.
    case workflow
    /// 角色与权限.
    case roles
    /// 规则依据.
    case basis
    case staticFile(String)

    // MARK: The platform
    /// 操作日志.
    case audit
    /// 账号管理.
    case accounts
    case newAccount
    case account(String)
    case closeAccount(String)
    case resetPassword(String)
    case grants(account: String)
    case revokeGrant(account: String, grant: String)
    /// 工作日历 (放假通知, working hours).
    /// I2: the account's e-mail for reminders.
    case accountEmail(String)
    case calendar
    case workingHours
    /// M2: 全平台抽查 and its 通报 draft.
    case spotCheck
    case spotCheckBulletin
    /// 单位与处室.
    case departments
    case renameDepartment(String)
    /// 网站管理.
    case sites
    case newSite
    /// 平台词库 (site nil) or 本站词库.
    case dictionary(site: String?)
    case dictionaryImport(site: String?)
    case dictionaryCSV(site: String?)
    case removeDictionaryEntry(site: String?, id: String)

    // MARK: One site (`/admin/sites/:site/…`)
    case editSite(String)
    /// 信息发布.
    case articles(site: String)
    case newArticle(site: String)
    case importArticle(site: String)
    /// The editor's 检查 button (the content gate on the text being written).
    case checkText(site: String)
    case autosave(site: String)
    case discardAutosave(site: String)
    /// The form's 预览 button: the item as its public page would show it, before it is saved.
    case previewArticle(site: String)
    case article(site: String, id: String)
    case editArticle(site: String, id: String)
    /// A workflow step on an article (submit, approve, publish…).
    case act(site: String, article: String)
    case diff(site: String, article: String)
    /// 发布时效.
    case timeliness(site: String)
    /// 栏目保障表.
    case assurance(site: String)
    /// 留言渠道: a site's channels with their deadlines and contact details (I1, I2, I5).
    case letterChannels(site: String)
    case letterChannel(site: String, id: String)
    /// 常见问题: a site's FAQ entries, drafted, reviewed and valid until a day (I1).
    case letterFAQs(site: String)
    case letterFAQ(site: String, id: String)
    /// 留言办理: the letters a person manages or answers (I2).
    case letters
    case letter(id: String)
    case letterAct(id: String)
    case letterMasks(id: String)
    /// A file sent with a letter (I1: only for those who handle it).
    case letterAttachment(id: String, attachment: String)
    /// 依申请公开 (I7): a site's requests and table 三, one request, an action on it, the office settings.
    case disclosureRequests(site: String)
    case disclosureRequest(site: String, id: String)
    case disclosureAct(site: String, id: String)
    case disclosureOffice(site: String)
    /// 征集调查 (I1): a site's surveys and the year's figures, a new one, one survey (its settings,
    /// state and results), an action on it, its answers as a spreadsheet.
    case surveys(site: String)
    case newSurvey(site: String)
    case survey(site: String, id: String)
    case surveyAct(site: String, id: String)
    case surveyCSV(site: String, id: String)
    /// 在线访谈 (I1): a site's interviews and the year's figures, a new one, one interview (its
    /// questions to review and answer, its 文字实录), an action on it.
    case interviews(site: String)
    case newInterview(site: String)
    case interview(site: String, id: String)
    case interviewAct(site: String, id: String)
    /// 政府网站工作年度报表 (A4): a site's year, computed.
    case yearReport(site: String)
    /// 网站健康: the national veto checklist run on the site now (M1, M2).
    case health(site: String)
    /// M1, M2: every numbered requirement's live status on the site.
    case requirements(site: String)
    /// 值班读网: the day's worklist (`?day=2026-12-03`), and a mark on one item (M1).
    case reading(site: String)
    case readingMark(site: String, article: String)
    /// 整改: the tasks the inspection opened, and setting one aside (M1, M2).
    case rectifications(site: String)
    case dismissRectification(site: String, id: String)
    case assuranceCSV(site: String)
    /// 栏目管理.
    case columns(site: String)
    case newColumn(site: String)
    case editColumn(site: String, id: String)
    case archiveColumn(site: String, id: String)
    case restoreColumn(site: String, id: String)
    /// 附件与图片.
    case files(site: String)
    /// 首页区块.
    case homeBlocks(site: String)
    case editHomeBlock(site: String, id: String)
    case moveHomeBlockUp(site: String, id: String)
    case moveHomeBlockDown(site: String, id: String)
    case removeHomeBlock(site: String, id: String)
    /// 已发布信息复查.
    case liveFindings(site: String)
    /// 业务系统推送.
    case push(site: String)
    case revokePush(site: String, id: String)
    /// 转载任务.
    case reposts(site: String)
    case repostFeeds(site: String)
    case startRepost(site: String, id: String)
    case dismissRepost(site: String, id: String)
    /// 处室报送.
    case submissions(site: String)
    case decideSubmission(site: String, id: String)
    /// 主题与外观.
    case theme(site: String)
    case themeTemplate(site: String, name: String)
    case themePreview(site: String)
    case themePreviewCSS(site: String)
    case publishTheme(site: String)
    case discardTheme(site: String)
    /// W2: the domains whose links open without the leaving notice.
    case directLinks(site: String)
    case imageRule(site: String)

    /// The address to link to: `/admin/sites/jyj/articles/ab12`.
    var path: String { build { $0.value } }

    /// The route it belongs to: `/admin/sites/:site/articles/:id`.
    var pattern: String { build { $0.key } }

    /// The address with `?notice=…`, the message the page shows after a change.
    func notice(_ key: String) -> String { path + "?notice=" + key }

    /// One variable part of an address: its placeholder in the route and its value in a link.
    private struct Part {
        let key: String, value: String
    }

    private func build(_ write: @escaping (Part) -> String) -> String {
        let site = { (code: String) in "/admin/sites/" + write(Part(key: ":site", value: code)) }
        let id = { (value: String) in write(Part(key: ":id", value: value)) }
        let dictionary = { (code: String?) in code.map { site($0) + "/dictionary" } ?? "/admin/dictionary" }
        switch self {
        case .dashboard: return "/admin"
        case .login: return "/admin/login"
        case .logout: return "/admin/logout"
        case .password: return "/admin/password"
        case .inbox: return "/admin/inbox"
        case .workflow: return "/admin/workflow"
        case .roles: return "/admin/roles"
        case .basis: return "/admin/basis"
        case .staticFile(let name): return "/admin/static/" + write(Part(key: ":file", value: name))
        case .audit: return "/admin/audit"
        case .accounts: return "/admin/accounts"
        case .newAccount: return "/admin/accounts/new"
        case .account(let a): return "/admin/accounts/" + id(a)
        case .closeAccount(let a): return "/admin/accounts/" + id(a) + "/close"
        case .resetPassword(let a): return "/admin/accounts/" + id(a) + "/reset"
        case .grants(let a): return "/admin/accounts/" + id(a) + "/grants"
        case .revokeGrant(let a, let g): return "/admin/accounts/" + id(a) + "/grants/" + write(Part(key: ":grant", value: g)) + "/revoke"
        case .accountEmail(let a): return "/admin/accounts/" + id(a) + "/email"
        case .calendar: return "/admin/calendar"
        case .workingHours: return "/admin/calendar/hours"
        case .spotCheck: return "/admin/spot-check"
        case .spotCheckBulletin: return "/admin/spot-check/bulletin"
        case .departments: return "/admin/departments"
        case .renameDepartment(let d): return "/admin/departments/" + id(d) + "/rename"
        case .sites: return "/admin/sites"
        case .newSite: return "/admin/sites/new"
        case .dictionary(let s): return dictionary(s)
        case .dictionaryImport(let s): return dictionary(s) + "/import"
        case .dictionaryCSV(let s): return dictionary(s) + ".csv"
        case .removeDictionaryEntry(let s, let e): return dictionary(s) + "/" + id(e) + "/remove"
        case .editSite(let s): return site(s) + "/edit"
        case .articles(let s): return site(s) + "/articles"
        case .newArticle(let s): return site(s) + "/articles/new"
        case .importArticle(let s): return site(s) + "/articles/import"
        case .checkText(let s): return site(s) + "/check"
        case .autosave(let s): return site(s) + "/autosave"
        case .discardAutosave(let s): return site(s) + "/autosave/discard"
        case .previewArticle(let s): return site(s) + "/articles/preview"
        case .article(let s, let a): return site(s) + "/articles/" + id(a)
        case .editArticle(let s, let a): return site(s) + "/articles/" + id(a) + "/edit"
        case .act(let s, let a): return site(s) + "/articles/" + id(a) + "/act"
        case .diff(let s, let a): return site(s) + "/articles/" + id(a) + "/diff"
        case .timeliness(let s): return site(s) + "/timeliness"
        case .assurance(let s): return site(s) + "/assurance"
        case .health(let s): return site(s) + "/health"
        case .disclosureRequests(let s): return site(s) + "/disclosure"
        case .disclosureRequest(let s, let d): return site(s) + "/disclosure/" + id(d)
        case .disclosureAct(let s, let d): return site(s) + "/disclosure/" + id(d) + "/act"
        case .disclosureOffice(let s): return site(s) + "/disclosure-office"
        case .surveys(let s): return site(s) + "/surveys"
        case .newSurvey(let s): return site(s) + "/surveys/new"
        case .survey(let s, let d): return site(s) + "/surveys/" + id(d)
        case .surveyAct(let s, let d): return site(s) + "/surveys/" + id(d) + "/act"
        case .surveyCSV(let s, let d): return site(s) + "/surveys/" + id(d) + "/answers.csv"
        case .interviews(let s): return site(s) + "/interviews"
        case .newInterview(let s): return site(s) + "/interviews/new"
        case .interview(let s, let d): return site(s) + "/interviews/" + id(d)
        case .interviewAct(let s, let d): return site(s) + "/interviews/" + id(d) + "/act"
        case .yearReport(let s): return site(s) + "/yearly-report"
        case .requirements(let s): return site(s) + "/requirements"
        case .reading(let s): return site(s) + "/reading"
        case .readingMark(let s, let a): return site(s) + "/reading/" + id(a)
        case .rectifications(let s): return site(s) + "/rectifications"
        case .dismissRectification(let s, let t): return site(s) + "/rectifications/" + id(t) + "/dismiss"
        case .letterChannels(let s): return site(s) + "/letter-channels"
        case .letterChannel(let s, let c): return site(s) + "/letter-channels/" + id(c)
        case .letterFAQs(let s): return site(s) + "/letter-faqs"
        case .letterFAQ(let s, let f): return site(s) + "/letter-faqs/" + id(f)
        case .letters: return "/admin/letters"
        case .letter(let l): return "/admin/letters/" + id(l)
        case .letterAct(let l): return "/admin/letters/" + id(l) + "/act"
        case .letterMasks(let l): return "/admin/letters/" + id(l) + "/masks"
        case .letterAttachment(let l, let a): return "/admin/letters/" + id(l) + "/attachments/" + write(Part(key: ":attachment", value: a))
        case .assuranceCSV(let s): return site(s) + "/assurance.csv"
        case .columns(let s): return site(s) + "/columns"
        case .newColumn(let s): return site(s) + "/columns/new"
        case .editColumn(let s, let c): return site(s) + "/columns/" + id(c) + "/edit"
        case .archiveColumn(let s, let c): return site(s) + "/columns/" + id(c) + "/archive"
        case .restoreColumn(let s, let c): return site(s) + "/columns/" + id(c) + "/restore"
        case .files(let s): return site(s) + "/files"
        case .homeBlocks(let s): return site(s) + "/home"
        case .editHomeBlock(let s, let b): return site(s) + "/home/" + id(b) + "/edit"
        case .moveHomeBlockUp(let s, let b): return site(s) + "/home/" + id(b) + "/up"
        case .moveHomeBlockDown(let s, let b): return site(s) + "/home/" + id(b) + "/down"
        case .removeHomeBlock(let s, let b): return site(s) + "/home/" + id(b) + "/remove"
        case .liveFindings(let s): return site(s) + "/live-findings"
        case .push(let s): return site(s) + "/push"
        case .revokePush(let s, let p): return site(s) + "/push/" + id(p) + "/revoke"
        case .reposts(let s): return site(s) + "/reposts"
        case .repostFeeds(let s): return site(s) + "/reposts/feeds"
        case .startRepost(let s, let t): return site(s) + "/reposts/" + id(t) + "/start"
        case .dismissRepost(let s, let t): return site(s) + "/reposts/" + id(t) + "/dismiss"
        case .submissions(let s): return site(s) + "/submissions"
        case .decideSubmission(let s, let t): return site(s) + "/submissions/" + id(t) + "/decide"
        case .theme(let s): return site(s) + "/theme"
        case .themeTemplate(let s, let name): return site(s) + "/theme/templates/" + id(name)
        case .themePreview(let s): return site(s) + "/theme/preview"
        case .themePreviewCSS(let s): return site(s) + "/theme/preview.css"
        case .publishTheme(let s): return site(s) + "/theme/publish"
        case .discardTheme(let s): return site(s) + "/theme/discard"
        case .directLinks(let s): return site(s) + "/theme/direct-links"
        case .imageRule(let s): return site(s) + "/theme/image-rule"
        }
    }
}

extension String {
    /// The value of a variable part of an `AdminURL` when the URL only names a route
    /// (`AdminEndpoint(.get, .article(site: .route, id: .route), …)`): routes use the pattern.
    static let route = ":"
}
