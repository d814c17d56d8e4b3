import MenhuCore
import MenhuStore
import Synchronization

// The views of the admin console: what each template in Resources/admin receives. A page's own
// view is layered over the frame (and, on forms, over the form being shown again), so templates
// read `pageTitle`, `csrf` and `values.title` at the top level. Templates see stored properties
// only (they are read by reflection): `has…` flags are stored, set where their list is.

/// What every console page shows (layout.mustache): the person, the CSRF token and the menu
/// their roles open.
struct AdminFrame {
    /// An entry of the side menu.
    struct MenuLink { let label: String, url: String, current: Bool }
    /// The signed-in person.
    struct Person { let name: String, username: String }
    let pageTitle: String
    /// The session's CSRF token, for every form (nil when nobody is signed in).
    let csrf: String?
    let menu: [MenuLink]
    let siteMenuTitle: String?
    let siteMenu: [MenuLink]
    let user: Person?
    /// What the last action did (`?notice=`).
    var notice: String? = nil
    /// Scripts the page needs (the CSP allows no inline script).
    var scripts: [String] = []
    /// A page without a form has nothing to correct (a form's `FormState` layer says otherwise).
    let hasErrors = false
    let errorList: [String] = []
}

/// A form shown again: what was typed, and what is wrong with it, by field and as a list.
struct FormState {
    /// What was typed, by field; empty fields are left out, so `{{#values.x}}` means "filled in".
    let values: [String: String]
    /// The first problem of each field, by field.
    let errors: [String: String]
    let errorList: [String]
    let hasErrors: Bool

    init(_ values: [String: String] = [:], _ problems: FieldErrors = FieldErrors()) {
        self.values = values.filter { !$0.value.isEmpty }
        var byField: [String: String] = [:]
        for p in problems.problems where byField[p.field] == nil { byField[p.field] = p.message }
        errors = byField
        errorList = problems.problems.map(\.message)
        hasErrors = !problems.isEmpty
    }

    /// Values with problems that belong to no field (a filter's), shown as a list.
    init(_ values: [String: String], problems: [String]) {
        self.values = values.filter { !$0.value.isEmpty }
        errors = [:]
        errorList = problems
        hasErrors = !problems.isEmpty
    }
}

/// A choice in a `<select>` or a group of boxes.
struct Choice { let value: String, label: String, selected: Bool }

/// The site a page of the console belongs to.
struct SiteRef {
    let name: String, code: String
    init(_ site: Site) { name = site.name; code = site.code }
}

/// message.mustache: an error or a refusal, in words.
struct MessageView { let heading: String, text: String }

/// login.mustache.
struct LoginView {
    let csrf: String, username: String, next: String
    let error: String?
    let demo: Bool
    let pageTitle = "登录"
    /// Fields to mark invalid: both, after a wrong name or password (which of them is not said).
    let errors: [String: String]

    init(csrf: String, username: String, next: String, error: String?, wrongCredentials: Bool, demo: Bool) {
        self.csrf = csrf; self.username = username; self.next = next; self.error = error; self.demo = demo
        errors = wrongCredentials ? ["username": "", "password": ""] : [:]
    }
}

/// Which console pages a person may open, asked of the endpoint table itself: a menu entry or a
/// link is shown exactly when following it would not answer 没有权限 (O5).
struct ConsoleLinks {
    /// The check of every GET route, by its pattern.
    let access: [String: AdminAccess]
    let grants: [RoleGrant]

    /// Whether the person may open `url` (for a page of one site, `site` is that site).
    func opens(_ url: AdminURL, site: Site? = nil) -> Bool {
        access[url.pattern]?.allows(grants, siteID: site?.id) ?? false
    }

    /// Whether the person may open the page `url(site.code)` of one site.
    func opens(_ url: (String) -> AdminURL, of site: Site) -> Bool { opens(url(site.code), site: site) }

    /// The menu of one site's part of the console, in order.
    static let siteMenu: [(label: String, url: @Sendable (String) -> AdminURL)] = [
        ("信息发布", AdminURL.articles), ("附件与图片", AdminURL.files), ("处室报送", AdminURL.submissions),
        ("转载任务", AdminURL.reposts), ("发布时效", AdminURL.timeliness), ("栏目管理", AdminURL.columns),
        ("业务系统推送", AdminURL.push), ("本站词库", { AdminURL.dictionary(site: $0) }), ("已发布信息复查", AdminURL.liveFindings),
        ("首页区块", AdminURL.homeBlocks), ("主题与外观", AdminURL.theme), ("留言渠道", AdminURL.letterChannels), ("常见问题", AdminURL.letterFAQs),
        ("依申请公开", AdminURL.disclosureRequests), ("征集调查", AdminURL.surveys), ("在线访谈", AdminURL.interviews),
        ("年度报表", AdminURL.yearReport), ("网站健康", AdminURL.health), ("规则落实", AdminURL.requirements), ("值班读网", AdminURL.reading),
        ("整改", AdminURL.rectifications),
    ]
}

/// dashboard.mustache: 工作台.
struct DashboardView {
    struct RoleRow { let role: String, scope: String }
    struct Emergency { let title: String, reason: String, url: String, at: String }
    struct Flagged { let name: String, count: Int, url: String }
    /// The pages of one site the person may open.
    struct SiteLinks {
        let name: String, code: String
        let articles: Bool, write: Bool, submissions: Bool, reposts: Bool, timeliness: Bool
        let integrations: Bool, columns: Bool, assurance: Bool, design: Bool
        /// M1: 网站健康, 值班读网 and 整改.
        var health = false, reading = false, rectifications = false

        /// Nil when the person may open none of the site's pages.
        init?(site: Site, links: ConsoleLinks) {
            let opens = { (url: (String) -> AdminURL) in links.opens(url, of: site) }
            self.init(
                name: site.name, code: site.code, articles: opens(AdminURL.articles), write: opens(AdminURL.newArticle),
                submissions: opens(AdminURL.submissions), reposts: opens(AdminURL.reposts), timeliness: opens(AdminURL.timeliness),
                integrations: opens(AdminURL.push), columns: opens(AdminURL.columns), assurance: opens(AdminURL.assurance),
                design: opens(AdminURL.homeBlocks))
            health = opens(AdminURL.health)
            reading = opens(AdminURL.reading)
            rectifications = opens(AdminURL.rectifications)
            guard articles || columns || assurance || integrations || design || submissions || reposts || health || reading else { return nil }
        }

        init(
            name: String, code: String, articles: Bool, write: Bool, submissions: Bool, reposts: Bool, timeliness: Bool,
            integrations: Bool, columns: Bool, assurance: Bool, design: Bool
        ) {
            self.name = name; self.code = code; self.articles = articles; self.write = write; self.submissions = submissions
            self.reposts = reposts; self.timeliness = timeliness; self.integrations = integrations; self.columns = columns
            self.assurance = assurance; self.design = design
        }
    }
    let passwordDays: Int
    let roles: [RoleRow]
    let hasRoles: Bool
    let emergencies: [Emergency]
    let hasEmergencies: Bool
    let liveFindings: [Flagged]
    /// M3: sites whose daily inspection found a veto indicator reached.
    struct Alert { let name: String, url: String, titles: String }
    let vetoAlerts: [Alert]
    let hasVetoAlerts: Bool
    /// M1, M2: 整改 tasks and today's 值班读网, by site.
    struct Inspection {
        struct Tasks { let open: Int, overdue: Int, hasOverdue: Bool, url: String }
        let name: String, tasks: Tasks?
        let reading: String?, unread: Bool, readingURL: String
    }
    let inspection: [Inspection]
    let hasInspection: Bool
    let hasLiveFindings: Bool
    let siteLinks: [SiteLinks]
    let hasSiteLinks: Bool
    let stats: Dashboard.Totals?
    /// For those who write, review or sign: what waits for them (counts of 我的待办).
    let work: Work?
    /// P8: this year's publications and the late ones, by site.
    let timeliness: [Timeliness]
    let hasTimeliness: Bool
    /// For technical operators.
    let operations: Operations?
    /// For those who manage or answer letters: what is due, and the veto watch (I2, W3).
    var letters: Letters? = nil
    /// I1: questions of 在线访谈 to review and 征集调查 whose result waits, by site.
    struct Interaction {
        let name: String, questions: Int, hasQuestions: Bool, questionsURL: String, results: Int, hasResults: Bool, resultsURL: String
        init(name: String, questions: Int, questionsURL: String, results: Int, resultsURL: String) {
            self.name = name; self.questions = questions; hasQuestions = questions > 0; self.questionsURL = questionsURL
            self.results = results; hasResults = results > 0; self.resultsURL = resultsURL
        }
    }
    var interaction: [Interaction] = [] { didSet { hasInteraction = !interaction.isEmpty } }
    var hasInteraction = false

    /// 留言办理 at a glance.
    struct Letters {
        let running: Int, dueToday: Int, overdue: Int
        /// 政务咨询 unanswered for more than 2 months (red), and more than 3 (the national veto line).
        let warning: Int, veto: Int
        let hasOverdue: Bool, hasWarning: Bool
        let url: String
        /// I2: the person's unread reminders of deadlines, newest first.
        struct Reminder { let number: String, title: String, url: String, kind: String, step: String, due: String, overdue: Bool }
        let reminders: [Reminder]
        let hasReminders: Bool
        /// Unread reminders beyond those listed.
        let moreReminders: Int?
    }

    /// What waits in 我的待办.
    struct Work {
        let waiting: Int, returned: Int, drafts: Int, reposts: Int, lateReposts: Int
        let hasLateReposts: Bool
        let inboxURL: String
        init(waiting: Int, returned: Int, drafts: Int, reposts: Int, lateReposts: Int) {
            self.waiting = waiting; self.returned = returned; self.drafts = drafts; self.reposts = reposts
            self.lateReposts = lateReposts; hasLateReposts = lateReposts > 0; inboxURL = AdminURL.inbox.path
        }
    }
    struct Timeliness { let site: String, total: Int, late: Int, hasLate: Bool, url: String }
    /// Background tasks, failing feeds and scheduled items.
    struct Operations {
        struct Task { let label: String, state: String, failed: Bool, at: String, result: String? }
        struct FailingFeed { let name: String, error: String }
        let unfinished: Int, failedThisWeek: Int, scheduled: Int
        let hasFailures: Bool
        let tasks: [Task]
        let hasTasks: Bool
        let feeds: [FailingFeed]
        let hasFeeds: Bool
        init(unfinished: Int, failedThisWeek: Int, scheduled: Int, tasks: [Task], feeds: [FailingFeed]) {
            self.unfinished = unfinished; self.failedThisWeek = failedThisWeek; self.scheduled = scheduled
            hasFailures = failedThisWeek > 0; self.tasks = tasks; hasTasks = !tasks.isEmpty; self.feeds = feeds; hasFeeds = !feeds.isEmpty
        }
    }

    init(
        passwordDays: Int, roles: [RoleRow], emergencies: [Emergency], liveFindings: [Flagged], vetoAlerts: [Alert] = [],
        inspection: [Inspection] = [],
        siteLinks: [SiteLinks],
        stats: Dashboard.Totals?, work: Work? = nil, timeliness: [Timeliness] = [], operations: Operations? = nil
    ) {
        self.passwordDays = passwordDays; self.roles = roles; hasRoles = !roles.isEmpty
        self.emergencies = emergencies; hasEmergencies = !emergencies.isEmpty
        self.liveFindings = liveFindings; hasLiveFindings = !liveFindings.isEmpty
        self.vetoAlerts = vetoAlerts; hasVetoAlerts = !vetoAlerts.isEmpty
        self.inspection = inspection; hasInspection = !inspection.isEmpty
        self.siteLinks = siteLinks; hasSiteLinks = !siteLinks.isEmpty; self.stats = stats
        self.work = work; self.timeliness = timeliness; hasTimeliness = !timeliness.isEmpty; self.operations = operations
    }
}

/// roles.mustache: the role table.
struct RolesView {
    struct Row { let label: String, summary: String, scopes: String, permissions: String, basis: String }
    let rows: [Row]
}

/// password.mustache.
struct PasswordView {
    /// The person must change it before anything else; `initial` when it is the first password.
    let forced: Bool, initial: Bool
    let minimumLength: Int, expiryDays: Int
}

/// basis.mustache: 规则依据, every rule by subject.
struct BasisView {
    struct Rule { let id: String, gist: String, sources: String }
    struct Group { let name: String, rules: [Rule] }
    let groups: [Group]
}
