import Foundation
import MenhuCore
import MenhuStore
import Testing

@testable import MenhuWeb

/// Every template of Themes/default (and the feeds, and the console's frame) rendered from mock
/// views, without HTTP or a database: each name a template uses must exist in its view and hold
/// a value, and the page must equal its golden file in Tests/MenhuWebTests/Golden
/// (`MENHU_UPDATE_GOLDEN=1 swift test --filter ViewTests` rewrites them after a deliberate change).
@Suite struct ViewTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// One page per theme template that is rendered on its own (the rest are its partials and parent).
    static func pages() -> [(name: String, template: ThemeTemplate, view: Any)] {
        let frame = MockViews.frame
        return [
            ("home", .home, Layers(MockViews.home, frame)),
            ("column", .column, Layers(MockViews.column, frame)),
            ("topic", .topic, Layers(MockViews.column, frame)),
            ("article", .article, Layers(MockViews.article, frame)),
            ("notfound", .notfound, Layers(MockViews.notFound, frame)),
            ("sitemap", .sitemap, Layers(MockViews.siteMap, frame)),
            ("search", .search, Layers(MockViews.search, frame)),
            ("disclosure", .disclosure, Layers(MockViews.catalogue, frame)),
            ("interaction", .interaction, Layers(MockViews.interaction, frame)),
            ("services", .services, Layers(MockViews.services, frame)),
            ("disclosure-request", .disclosureRequest, Layers(MockViews.disclosureRequest, frame)),
            ("survey", .survey, Layers(MockViews.survey, frame)),
            ("interview", .interview, Layers(MockViews.interview, frame)),
        ]
    }

    @Test func everyThemeTemplateFindsEveryNameInItsMockView() async throws {
        let renderer = try await Renderer.load(themesDirectory: Renderer.defaultThemesDirectory(environment: [:]))
        var rendered: Set<ThemeTemplate> = []
        for page in Self.pages() {
            var check = TemplateCheck(sources: renderer.sources["theme/default"]!)
            check.strict = true
            let problems = check.unresolved(page.template.rawValue, view: page.view)
            #expect(problems.isEmpty, "\(page.name)：\(problems)")
            rendered.insert(page.template)
        }
        // The partials and the layout are reached from the pages above.
        #expect(rendered.union([.layout, .footer, .pagination, .sitemapBranch]) == Set(ThemeTemplate.allCases))
        // The site admin's theme page names every template in Chinese.
        #expect(ThemeTemplate.allCases.filter { DesignPages.templateLabels[$0.rawValue] == nil }.isEmpty)
    }

    @Test func themePagesMatchTheirGoldenFiles() async throws {
        let renderer = try await Renderer.load(themesDirectory: Renderer.defaultThemesDirectory(environment: [:]))
        for page in Self.pages() {
            try Self.compare(renderer.site(page.template, theme: "default", page.view), with: "theme-\(page.name).html")
        }
    }

    @Test func feedsFindEveryNameAndMatchTheirGoldenFiles() async throws {
        let renderer = try await Renderer.load(themesDirectory: Renderer.defaultThemesDirectory(environment: [:]))
        let feeds: [(FeedTemplate, Any, String)] = [
            (.rss, MockViews.rss, "feed-rss.xml"), (.atom, MockViews.atom, "feed-atom.xml"), (.sitemap, MockViews.sitemapXML, "feed-sitemap.xml"),
        ]
        for (template, view, file) in feeds {
            var check = TemplateCheck(sources: renderer.sources["feeds"]!)
            check.strict = true
            #expect(check.unresolved(template.rawValue, view: view).isEmpty, "\(file)")
            try Self.compare(renderer.feed(template, view), with: file)
        }
    }

    /// The English site's feed says so (it said zh-cn before feeds were templates).
    @Test func anEnglishFeedIsInEnglish() async throws {
        let renderer = try await Renderer.load(themesDirectory: Renderer.defaultThemesDirectory(environment: [:]))
        var rss = MockViews.rss
        rss = PublicSite.RSSView(
            language: SiteLanguage.english.rawValue.lowercased(), title: rss.title, link: rss.link,
            description: rss.description, items: rss.items)
        #expect(renderer.feed(.rss, rss).contains("<language>en</language>"))
        #expect(renderer.feed(.rss, MockViews.rss).contains("<language>zh-cn</language>"))
    }

    @Test func consolePagesMatchTheirGoldenFiles() async throws {
        let renderer = try await Renderer.load(themesDirectory: Renderer.defaultThemesDirectory(environment: [:]))
        let pages: [(AdminTemplate, Any, String)] = [
            (.dashboard, Layers(MockViews.dashboard, MockViews.adminFrame), "admin-dashboard.html"),
            (.message, Layers(MessageView(heading: "没有权限", text: "您没有这项操作的权限。"), MockViews.adminFrame), "admin-message.html"),
            (
                .login, LoginView(csrf: "token", username: "editor", next: "/admin", error: "用户名或密码不正确。", wrongCredentials: true, demo: true),
                "admin-login.html"
            ),
        ]
        for (template, view, file) in pages {
            var check = TemplateCheck(sources: renderer.sources["admin"]!)
            check.strict = true
            // The frame of a page without a form has no problems to list; forms are checked where their tests render them.
            let problems = check.unresolved(template.rawValue, view: view).filter {
                !$0.contains("errors.") && !$0.contains("values.") && !$0.contains("errorList")
            }
            #expect(problems.isEmpty, "\(file)：\(problems)")
            try Self.compare(renderer.admin(template, view), with: file)
        }
    }

    /// A template name the view lacks is found, and so is a misspelt word of the page language.
    @Test func theCheckFindsANameTheViewLacks() {
        let check = TemplateCheck(sources: ["page": "{{title}} {{#items}}{{titel}}{{/items}} {{ui.hoem}} {{ui.home}}"])
        let view = Layers(
            ItemListMock(title: "标题", items: [ItemView(title: "a", url: "/a", date: "2026-01-01")]),
            UIWordsHolder(ui: UIWords(table: UIStrings.zh.byKey)))
        #expect(check.unresolved("page", view: view) == ["page: titel", "page: ui.hoem"])
    }

    static func compare(_ text: String, with file: String) throws {
        let url = golden.appendingPathComponent(file)
        if ProcessInfo.processInfo.environment["MENHU_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: golden, withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(text == expected, "\(file) 与页面不一致；有意的改动请用 MENHU_UPDATE_GOLDEN=1 重新生成")
    }
}

struct ItemListMock { let title: String; let items: [ItemView] }
struct UIWordsHolder { let ui: UIWords }

/// Views with every name filled, every list non-empty.
enum MockViews {
    static let item = ItemView(title: "关于2026年冬季供暖工作的通知", url: "/tzgg/A1.html", date: "2026-11-20")
    static let pagination = PaginationView(
        current: 2, total: 3,
        pages: [
            .init(number: 1, url: "?page=1", current: false), .init(number: 2, url: "?page=2", current: true),
            .init(number: 3, url: "?page=3", current: false),
        ],
        prevURL: "?page=1", nextURL: "?page=3")

    static var frame: SiteFrame {
        var frame = SiteFrame(
            pageTitle: "通知公告 - 示例市人民政府",
            site: .init(
                name: "示例市人民政府", code: "www", homeURL: "/", sponsor: "示例市人民政府办公室", organizer: "示例市大数据中心",
                siteIDCode: "1234000001", icp: "示ICP备00000001号", publicSecurityFiling: "示公网安备 00000000000001号",
                contactPhone: "0000-12345678", contactEmail: "web@example.gov.cn", address: "示例市人民路1号",
                domain: "www.example.gov.cn"),
            nav: [.init(name: "首页", url: "/", current: false), .init(name: "通知公告", url: "/tzgg/", current: true)],
            searchURL: "/search", siteMapURL: "/sitemap", catalogueURL: "/disclosure", servicesURL: "/services", staticBase: "/static/default",
            reportErrorURL: "mailto:web@example.gov.cn", demoNotice: "本站为演示站点。", previewNotice: "主题预览。",
            internalHosts: "www.example.gov.cn", directHosts: "gov.cn", portal: .init(name: "示例市人民政府", url: "/sites/www/"),
            lang: "zh-CN", ui: UIWords(table: UIStrings.zh.byKey),
            languageLinks: [.init(name: "English", url: "/sites/en/", lang: "en")], hasLanguageLinks: true,
            siteStyleURL: "/theme.css?v=abc", logoURL: "/files/logo.png", hasBanner: true)
        frame.breadcrumb = [.init(name: "首页", url: "/"), .init(name: "通知公告", url: nil)]
        frame.meta = [.init(name: "SiteName", content: "示例市人民政府")]
        frame.feeds = [.init(type: "application/rss+xml", url: "/tzgg/rss.xml", title: "通知公告 RSS")]
        return frame
    }

    static let home = HomeView(blocks: [
        HomeView.Block(
            title: "政务要闻", kind: "latest", id: "block-1", moreURL: "/zwyw/", isLatest: true, isNotices: true, isPictures: true,
            isTopics: true, isLinks: true, isInteraction: true, items: [item],
            pictures: [.init(title: "图片新闻", url: "/tpxw/A2.html", date: "2026-11-19", src: "/files/a.jpg", caption: "说明")],
            topics: [.init(name: "优化营商环境", url: "/ztzl/yhyshj/", summary: "专题说明")],
            links: [.init(name: "中国政府网", url: "https://www.gov.cn/")],
            entries: [.init(name: "我要找错", url: "mailto:web@example.gov.cn", summary: "发现错误请告诉我们。")], hasItems: true)
    ])

    static let column = ColumnView(
        column: .init(name: "通知公告", archived: true, description: "本栏目发布通知公告。", archivedDate: "2026-01-01"),
        children: [.init(name: "公示", url: "/tzgg/gs/")], items: [item], pagination: pagination,
        sections: [.init(id: "section-0", name: "工作动态", url: "/ztzl/gzdt/", items: [item], hasItems: true)])

    static let article = ArticleView(
        article: .init(
            title: "关于2026年冬季供暖工作的通知", bodyHTML: "<p>正文。</p>", columnName: "通知公告", columnURL: "/tzgg/",
            publishedAt: "2026-11-20 09:00", subtitle: "副标题", source: "示例市住房和城乡建设局", author: "张三",
            updatedAt: "2026-11-21 10:00", archivedAt: "2026-12-01",
            documentInfo: .init(
                indexNumber: "000000-2026-00001", topic: "城乡建设、环境保护", issuingOrgan: "示例市住房和城乡建设局", writtenDate: "2026-11-18",
                documentNumber: "示府发〔2026〕1号", validity: "有效"),
            repost: .init(originalAuthor: "新华社", sourceURL: "https://www.gov.cn/a.html"),
            guide: .init(rows: [.init(label: "事项名称", text: "供暖费减免申请"), .init(label: "办理流程", text: "1. 提交申请\n2. 审核")])),
        attachments: [.init(name: "供暖收费标准.pdf", url: "/files/0123456789abcdef0123456789abcdef/供暖收费标准.pdf", kind: "PDF", size: "86 KB")],
        previous: .init(name: "关于做好冬季安全生产工作的通知", url: "/tzgg/a2.html"), next: .init(name: "关于开展冬季植树活动的通知", url: "/tzgg/a0.html"))

    static let notFound = NotFoundView(heading: "该信息已撤下", message: "您访问的信息已撤下。", backURL: "/tzgg/", backLabel: "返回通知公告")

    static let siteMap = SiteMapView(columns: [
        .init(name: "政务公开", url: "/zwgk/", children: [.init(name: "通知公告", url: "/tzgg/", children: [])])
    ])

    static var search: SearchView {
        var view = SearchView(
            form: .init(
                action: "/search", q: "供暖", docno: "示府发", from: "2026-01-01", to: "2026-12-31", recent: true, portal: true, allSites: false,
                columns: [.init(slug: "tzgg", name: "通知公告", selected: true)], dateError: "日期请按“2026-01-31”的格式填写"))
        view.prompt = "请输入要查找的词语。"
        view.total = "1 条"
        view.windowNote = "结果较多。"
        view.results = [
            .init(
                title: "关于供暖的通知", titleHTML: "关于<mark>供暖</mark>的通知", snippet: "<mark>供暖</mark>", date: "2026-11-20", url: "/tzgg/A1.html",
                column: "通知公告", archived: true, documentNumber: "示府发〔2026〕1号", siteName: "示例市教育局")
        ]
        view.pagination = pagination
        return view
    }

    /// Every part of 互动交流 at once (each is shown when set).
    static var interaction: InteractionView {
        var view = InteractionView(
            heading: "政务咨询", contact: "电话：0799-1234567（工作日 9:00—17:30）",
            deadlines: "本渠道收到留言后 3 个工作日内受理转办，转办后 5 个工作日内答复。",
            form: .init(
                action: "/letters/ch1", channelName: "政务咨询", token: "1.ab.cd", question: "七加五等于几？", lookupURL: "/letters/lookup",
                title: "供暖时间", body: "请问何时供暖？",
                name: "张三", phone: "13900000000", email: "a@example.com", wantsPublic: true, nameRequired: true, phoneRequired: true,
                emailRequired: true, page: "https://www.example.gov.cn/a.html", errors: ["请填写留言标题。"], hasErrors: true, accepting: true,
                attachmentHint: "可附 JPG、PNG 图片或 PDF 文件，最多 3 个，每个不超过 5 MB。",
                limits: "标题 4—50 字，内容 10—3000 字"),
            published: [
                .init(
                    number: "2026112000001", title: "供暖时间", body: "请问何时供暖？", received: "2026-11-20", answered: "2026-11-24",
                    department: "示例市住房和城乡建设局", reply: "本市于11月15日开始供暖。")
            ],
            pagination: pagination,
            receipt: .init(
                number: "2026120200001", code: "ABCD-EFGH-JK", channel: "政务咨询", lookupURL: "/letters/lookup", received: "2026-12-02 09:00"),
            lookup: .init(action: "/letters/lookup", number: "2026120200001"), lookupError: "查询编号或查询码不正确，请核对后重试。",
            status: .init(
                number: "2026112000001", title: "供暖时间", body: "请问何时供暖？", channel: "政务咨询", state: "审核通过",
                received: "2026-11-20 08:00",
                reply: "本市于11月15日开始供暖。", department: "示例市住房和城乡建设局", answered: "2026-11-24 10:00", rating: "满意",
                canRate: true, rateAction: "/letters/rate", code: "ABCD", choices: [.init(value: "satisfied", label: "满意")],
                notice: "感谢您的评价。", reason: "不属于本机关职责"))
        view.channels = [.init(name: "市长信箱", kind: "领导信箱", url: "/letters/ch2", contact: "地址：示例市人民路1号", accepting: false)]
        let published = view.published
        view.published = published
        let faq = InteractionView.FAQ(question: "每年何时开始供暖？", answer: "本市每年11月15日开始供暖。", validUntil: "2027-11-30")
        view.similar = .init(
            action: "/letters/ch1", q: "供暖时间", searched: true, letters: view.published ?? [], faqs: [faq], hasResults: true,
            faqURL: "/letters/faq")
        view.faqs = [faq]
        let row = InteractionView.Figures.Row(
            department: "示例市住房和城乡建设局", received: 12, finished: 10, onTime: "90.0%", days: "3.2", satisfaction: "87.5%")
        view.figures = .init(
            month: "2026 年 11 月", action: "/letters/figures", months: [.init(value: "2026-11", label: "2026 年 11 月", selected: true)],
            rows: [row], total: row, hasRows: true)
        view.links = .init(
            faqURL: "/letters/faq", figuresURL: "/letters/figures", requestURL: "/disclosure/request", surveysURL: "/surveys",
            interviewsURL: "/interviews")
        view.happening = [.init(title: "2026年度网站满意度调查", kind: "满意度调查，2026年3月31日截止", phase: "征集中", url: "/surveys/s1")]
        return view
    }

    /// The survey list and one survey with every part at once (each is shown when set).
    static var survey: SurveyPageView {
        let item = SurveyPageView.Item(
            title: "2026年度网站满意度调查", kind: "满意度调查", period: "2026年3月1日至2026年3月31日", phase: "征集中", phaseClass: "open",
            url: "/surveys/s1", answers: 12, concluded: true)
        var view = SurveyPageView(heading: "征集调查", running: [item], others: [item])
        let option = SurveyPageView.Option(name: "q1", value: "0", label: "满意", inputID: "q1-0", checked: true)
        var detail = SurveyPageView.Detail(
            title: "2026年度网站满意度调查", kind: "满意度调查", phase: "征集中", phaseClass: "open", period: "2026年3月1日至2026年3月31日",
            summary: ["为改进网站服务，开展本次调查。"], draft: ["第一条 为了……"], hasDraft: true, answers: 12, thanks: true, answered: true,
            refusal: "您已参与过本次满意度调查。", backURL: "/surveys")
        detail.waiting = "本次满意度调查已于 2026年3月31日 截止。"
        detail.form = .init(
            action: "/surveys/s1", token: "1.ab.cd", question: "七加五等于几？",
            questions: [
                .init(
                    id: "q1", number: 1, prompt: "您对本网站的总体评价是？", required: true, kind: "单选", single: true, multiple: true, text: true,
                    value: "很好", options: [option], error: "第 1 题为必答题，请选择一项。")
            ], errors: ["第 1 题为必答题，请选择一项。"], hasErrors: true)
        detail.results = .init(
            respondents: 12,
            questions: [
                .init(
                    number: 1, prompt: "您对本网站的总体评价是？", kind: "单选", answered: 12, isText: true, multiple: true,
                    options: [.init(label: "满意", count: 9, percent: "75.0%", permille: 750)])
            ])
        detail.outcome = ["共收到 12 份答卷，已采纳关于栏目导航的建议。"]
        detail.concluded = "2026年4月3日"
        view.survey = detail
        return view
    }

    /// The interview list and one interview with every part at once.
    static var interview: InterviewPageView {
        let item = InterviewPageView.Item(
            title: "解读2026年交通工作要点", time: "2026-03-05 15:00—16:30", phase: "直播中", phaseClass: "open", guests: "市交通运输局局长 张三",
            url: "/interviews/i1")
        var view = InterviewPageView(heading: "在线访谈", current: [item], past: [item])
        var detail = InterviewPageView.Detail(
            title: "解读2026年交通工作要点", phase: "直播中", phaseClass: "open", time: "2026-03-05 15:00—16:30", host: "李主持",
            guests: ["市交通运输局局长 张三"], summary: ["今年全市将新建道路……"], live: true, ended: true, asked: true, refusal: "本场访谈已结束。",
            transcript: [.init(speaker: "guest", name: "市交通运输局局长 张三", text: ["各位网友大家好。"], at: "2026-03-05 15:01")],
            questions: [.init(nickname: "网友", text: "公交什么时候通到新区？", asked: "2026-03-04 09:00", state: "已答复")], backURL: "/interviews",
            selfURL: "/interviews/i1")
        detail.form = .init(
            action: "/interviews/i1", token: "1.ab.cd", question: "七加五等于几？", nickname: "小王", text: "问题", errors: ["请写下您的问题。"], hasErrors: true)
        view.interview = detail
        return view
    }

    /// Every part of 依申请公开 at once (each is shown when set).
    static var disclosureRequest: DisclosureRequestView {
        let option = DisclosureRequestView.Option(value: "person", label: "自然人", selected: true)
        var view = DisclosureRequestView(
            heading: "政府信息公开申请",
            office: .init(organ: "示例市人民政府办公室", address: "示例市人民路1号", phone: "0799-1234567", hours: "工作日 9:00—17:30", fee: "不收取费用。"),
            form: .init(
                action: "/disclosure/request", lookupURL: "/disclosure/lookup", token: "1.ab.cd", question: "七加五等于几？",
                applicantKinds: [option], documentKinds: [option], deliveries: [option], forms: [option], name: "张三",
                documentNumber: "11010519491231002X", representative: "", contactPerson: "", phone: "13900000000", email: "a@example.com",
                address: "示例市人民路2号", postcode: "337000", title: "2026年供暖方案", documentRef: "示府发〔2026〕1号", description: "全文",
                errors: ["请填写联系电话。"], hasErrors: true, clock: "自收到申请之日起 20 个工作日内答复。"),
            receipt: .init(number: "YSQ202612040001", code: "ABCD-EFGH-JK", lookupURL: "/disclosure/lookup", received: "2026-12-04 09:00"),
            lookup: .init(action: "/disclosure/lookup", number: "YSQ202612040001"),
            documents: [
                .init(
                    id: "d1", title: "政府信息公开申请答复书", number: "依申请复〔2026〕1号", addressee: "张三", paragraphs: ["经审查，现答复如下：……"],
                    remedies: "如对本答复不服，可以自收到本答复之日起六十日内申请行政复议。", organ: "示例市人民政府办公室", contact: "电话：0799-1234567",
                    issued: "2026年12月4日", open: true)
            ])
        view.lookupError = "申请编号或查询码不正确，请核对后重试。"
        view.status = .init(
            number: "YSQ202612040001", code: "ABCD", title: "2026年供暖方案", description: "全文", state: "待申请人补正", received: "2026-12-04 09:00",
            clock: "自 2026年12月4日 起算 20 个工作日。", notice: "补正已提交。",
            correction: .init(action: "/disclosure/correct", asked: "请写明文件名称", until: "2026年12月25日", error: "请补充说明所需信息（至少 10 个字）。"),
            steps: [.init(label: "登记", at: "2026-12-04 09:00")])
        return view
    }

    static let catalogue = CatalogueView(
        form: .init(
            action: "/disclosure", q: "供暖", docno: "示府发", index: "000000", from: "2026-01-01", to: "2026-12-31",
            topics: [.init(value: "城乡建设", selected: true)], organs: [.init(value: "示例市人民政府办公室", selected: false)],
            validities: [.init(value: "valid", label: "有效", selected: true)]),
        rows: [
            .init(
                index: "000000-2026-00001", title: "关于供暖的通知", organ: "示例市人民政府办公室", written: "2026-11-18",
                number: "示府发〔2026〕1号", validity: "有效", invalid: true, url: "/zcwj/A1.html", published: "2026-11-20")
        ],
        total: 1, totalAfter: " 条", links: [.init(name: "政府信息公开指南", url: "/zfxxgkzn/")], pagination: pagination)

    static let services = ServicesView(
        rows: [
            .init(
                item: "供暖费减免申请", agency: "示例市住房和城乡建设局", place: "示例市政务服务中心 2 楼", phone: "0000-1234567",
                url: "/bszn/A1.html", column: "办事指南")
        ], total: 1, totalAfter: " 条", pagination: pagination)

    static let rss = PublicSite.RSSView(
        language: "zh-cn", title: "通知公告 - 示例市人民政府", link: "https://www.example.gov.cn/tzgg/", description: "通知公告",
        items: [
            .init(
                title: "关于供暖的通知 & 说明", link: "https://www.example.gov.cn/tzgg/A1.html",
                published: "Fri, 20 Nov 2026 09:00:00 +0800", summary: "摘要")
        ])

    static let atom = PublicSite.AtomView(
        language: "zh-CN", title: "通知公告 - 示例市人民政府", link: "https://www.example.gov.cn/tzgg/", updated: "2026-11-20T09:00:00+08:00",
        author: "示例市人民政府办公室",
        items: [
            .init(
                title: "关于供暖的通知", link: "https://www.example.gov.cn/tzgg/A1.html", published: "2026-11-20T09:00:00+08:00",
                updated: "2026-11-21T09:00:00+08:00", summary: "摘要")
        ])

    static let sitemapXML = PublicSite.SitemapView(urls: [.init(loc: "https://www.example.gov.cn/", lastModified: "2026-11-20")])

    static let adminFrame: AdminFrame = {
        var frame = AdminFrame(
            pageTitle: "工作台", csrf: "csrf", menu: [.init(label: "工作台", url: "/admin", current: true)],
            siteMenuTitle: "示例市人民政府", siteMenu: [.init(label: "信息发布", url: "/admin/sites/www/articles", current: false)],
            user: .init(name: "张三", username: "editor"))
        frame.notice = "已保存。"
        frame.scripts = ["/admin/static/editor.js"]
        return frame
    }()

    static var dashboard: DashboardView {
        var view = dashboardWithoutLetters
        view.letters = .init(
            running: 5, dueToday: 1, overdue: 2, warning: 1, veto: 0, hasOverdue: true, hasWarning: true, url: "/admin/letters",
            reminders: [
                .init(
                    number: "2026112000001", title: "供暖时间", url: "/admin/letters/L1", kind: "已超期", step: "答复", due: "2026-11-27 17:30",
                    overdue: true)
            ], hasReminders: true, moreReminders: 3)
        view.interaction = [
            .init(name: "示例市人民政府", questions: 2, questionsURL: "/admin/sites/www/interviews", results: 1, resultsURL: "/admin/sites/www/surveys")
        ]
        return view
    }

    static let dashboardWithoutLetters = DashboardView(
        passwordDays: 80, roles: [.init(role: "信息员", scope: "示例市人民政府")],
        emergencies: [.init(title: "紧急通知", reason: "突发事件", url: "/admin/sites/www/articles/A1", at: "2026-11-20 09:00")],
        liveFindings: [.init(name: "示例市人民政府", count: 2, url: "/admin/sites/www/live-findings")],
        vetoAlerts: [.init(name: "示例市人民政府", url: "/admin/sites/www/health", titles: "栏目不更新：已触及单项否决")],
        inspection: [
            .init(
                name: "示例市人民政府", tasks: .init(open: 4, overdue: 1, hasOverdue: true, url: "/admin/sites/www/rectifications"),
                reading: "已读 3 / 5（60.0%）", unread: true, readingURL: "/admin/sites/www/reading")
        ],
        siteLinks: [MockViews.siteLinks],
        stats: Dashboard.Totals(sites: 3, articles: 319, accounts: 12),
        work: .init(waiting: 2, returned: 1, drafts: 3, reposts: 1, lateReposts: 1),
        timeliness: [.init(site: "示例市人民政府", total: 120, late: 2, hasLate: true, url: "/admin/sites/www/timeliness")],
        operations: .init(
            unfinished: 1, failedThisWeek: 1, scheduled: 2,
            tasks: [.init(label: "已发布信息复查", state: "失败", failed: true, at: "2026-11-20 09:00", result: "词库读取失败")],
            feeds: [.init(name: "省人民政府", error: "连接超时")]))

    static var siteLinks: DashboardView.SiteLinks {
        var links = DashboardView.SiteLinks(
            name: "示例市人民政府", code: "www", articles: true, write: true, submissions: true, reposts: true,
            timeliness: true, integrations: true, columns: true, assurance: true, design: true)
        (links.health, links.reading, links.rectifications) = (true, true, true)
        return links
    }
}

/// docs/themes.md lists what each theme template receives, generated from the mock views
/// (`MENHU_UPDATE_GOLDEN=1` rewrites the list; the test fails when the views and the list differ).
@Suite struct ThemeDocumentationTests {
    static let doc = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/themes.md")
    static let start = "<!-- 以下由 ThemeDocumentationTests 生成 -->", end = "<!-- 生成部分结束 -->"

    @Test func themesDocListsEveryVariableOfEveryTemplate() throws {
        var text = "\n### 每个页面都有（layout、footer）\n\n" + Self.lines(MockViews.frame, prefix: "").joined(separator: "\n") + "\n"
        var seen: Set<String> = []
        for page in ViewTests.pages() {
            guard let layers = page.view as? Layers, let own = layers.layers.first else { continue }
            let heading = page.template == .topic ? "column.mustache、topic.mustache" : "\(page.template.rawValue).mustache"
            let key = String(describing: type(of: own))
            if seen.contains(key) { continue }
            seen.insert(key)
            text += "\n### \(heading)\n\n" + Self.lines(own, prefix: "").joined(separator: "\n") + "\n"
        }
        text += "\n### pagination.mustache\n\n在有分页的页面（栏目、专题、搜索、目录）中，`pagination` 如上；没有第二页时不存在。\n\n"
        let current = try String(contentsOf: Self.doc, encoding: .utf8)
        guard let a = current.range(of: Self.start), let b = current.range(of: Self.end) else {
            Issue.record("docs/themes.md 缺少生成部分的标记")
            return
        }
        let updated = String(current[..<a.upperBound]) + "\n" + text + String(current[b.lowerBound...])
        if ProcessInfo.processInfo.environment["MENHU_UPDATE_GOLDEN"] == "1" {
            try updated.write(to: Self.doc, atomically: true, encoding: .utf8)
        } else {
            #expect(updated == current, "docs/themes.md 与视图不一致；请用 MENHU_UPDATE_GOLDEN=1 重新生成")
        }
    }

    /// `- name` (type) for every stored property, nested ones indented under their parent.
    static func lines(_ object: Any, prefix: String, depth: Int = 0) -> [String] {
        var out: [String] = []
        if let words = object as? UIWords {
            return [
                "\(String(repeating: "  ", count: depth))- `\(prefix)ui.…`：本页语言的用语，共 \(words.table.count) 个，见 Sources/MenhuWeb/Public/UIStrings.swift"
            ]
        }
        for child in Mirror(reflecting: object).children {
            guard let label = child.label, !label.hasPrefix("$"), !label.hasPrefix("_") else { continue }
            let indent = String(repeating: "  ", count: depth)
            let name = prefix + label
            if let words = child.value as? UIWords {
                out.append("\(indent)- `\(name).键名`：本页语言的用语（如 `{{ui.home}}`），共 \(words.table.count) 个，见 Sources/MenhuWeb/Public/UIStrings.swift")
                continue
            }
            let value = Views.unwrapped(child.value)
            let optional = Mirror(reflecting: child.value).displayStyle == .optional
            switch value {
            case let list as [Any]:
                out.append("\(indent)- `\(name)`：列表" + (list.isEmpty ? "" : "，每项："))
                if let first = list.first, Mirror(reflecting: first).displayStyle == .struct {
                    out += lines(first, prefix: "", depth: depth + 1)
                }
            case is String: out.append("\(indent)- `\(name)`：文本" + (optional ? "（可能没有）" : ""))
            case is Bool: out.append("\(indent)- `\(name)`：是／否")
            case is Int: out.append("\(indent)- `\(name)`：数字" + (optional ? "（可能没有）" : ""))
            case let nested? where Mirror(reflecting: nested).displayStyle == .struct:
                out.append("\(indent)- `\(name)`" + (optional ? "（可能没有）" : "") + "：")
                out += lines(nested, prefix: "", depth: depth + 1)
            default: out.append("\(indent)- `\(name)`")
            }
        }
        return out
    }
}
