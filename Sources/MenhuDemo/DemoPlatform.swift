import Foundation
import MenhuCore
import MenhuStore
import SQLKit

/// Seeds a demo platform into an empty database: a municipal portal, two department
/// sub-sites, units and departments, columns with owners and update rules, one account
/// per role, and a few hundred published articles (all fictional: 江源市).
public enum DemoPlatform {
    /// A demo account and its one-time initial password.
    public struct Credential: Sendable {
        public let username: String
        public let role: Role
        public let site: String?
        public let password: String
    }

    /// What was seeded.
    public struct Summary: Sendable {
        public let sites: Int
        public let departments: Int
        public let columns: Int
        public let articles: Int
        public let credentials: [Credential]
    }

    /// Errors of seeding.
    public enum SeedError: Error, CustomStringConvertible {
        case notEmpty
        public var description: String { "数据库中已有网站或账号，演示数据只能写入空数据库" }
    }

    /// The setting that marks a demo database.
    public static let settingKey = "demo.seeded"

    /// Seeds the demo. Everything is written in one transaction, or nothing.
    public static func seed(
        into database: Database, hasher: PasswordHasher, now: Date, articleCount: Int = 320
    ) async throws -> Summary {
        let roles: [(String, String, Role, String?)] = [
            ("admin", "平台管理员", .platformAdmin, nil),
            ("siteadmin", "门户网站管理员", .siteAdmin, "www"),
            ("editor", "信息员", .editor, "www"),
            ("reviewer", "内容审核员", .reviewer, "www"),
            ("signer", "栏目责任人", .signer, "www"),
            ("depthead", "处室负责人", .departmentHead, "www"),
            ("leader", "分管领导", .leader, "www"),
            ("group", "领导小组成员", .leadershipGroup, nil),
            ("publisher", "办公室发布员", .officePublisher, "www"),
            ("operator", "技术运维", .operator, nil),
        ]
        // Hash the initial passwords before the transaction, in parallel.
        let passwords = roles.map { _ in PasswordHasher.makeInitialPassword() }
        let hashes = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for (i, p) in passwords.enumerated() { group.addTask { (i, try await hasher.hash(p)) } }
            var result = [String](repeating: "", count: passwords.count)
            for try await (i, h) in group { result[i] = h }
            return result
        }

        return try await database.write { db in
            let existing = try await SiteRecords.all(on: db).count + AccountRecords.count(on: db)
            if existing > 0 { throw SeedError.notEmpty }
            var random = SeededRandom(seed: 20_261_121)
            let actor = Actor.commandLine("演示数据")

            // Sites (S1, S2)
            let portal = Site(
                identity: SiteIdentity(
                    code: "www", name: "江源市人民政府", kind: .portal, sponsor: "江源市人民政府办公室",
                    organizer: "江源市政务服务数据管理局", siteIDCode: "3699000001", icpFiling: "赣ICP备99000001号",
                    publicSecurityFiling: "赣公网安备 36990002000001号",
                    domains: ["www.jiangyuan.gov.cn", "jiangyuan.gov.cn"], personInCharge: "市政府办公室副主任",
                    contactPhone: "0799-1234567", contactEmail: "zwgk@jiangyuan.gov.cn",
                    address: "江源市人民大道 1 号"), createdAt: now.addingTimeInterval(-400 * 86_400))
            let jyj = Site(
                identity: SiteIdentity(
                    code: "jyj", name: "江源市教育局", kind: .subsite, sponsor: "江源市教育局",
                    organizer: "江源市教育局办公室", siteIDCode: "3699000002", icpFiling: "赣ICP备99000001号-2",
                    publicSecurityFiling: "赣公网安备 36990002000002号", domains: ["jyj.jiangyuan.gov.cn"],
                    personInCharge: "市教育局办公室主任", contactPhone: "0799-1234601",
                    contactEmail: "jyj@jiangyuan.gov.cn", address: "江源市文教路 18 号"), createdAt: now.addingTimeInterval(-399 * 86_400))
            let wjw = Site(
                identity: SiteIdentity(
                    code: "wjw", name: "江源市卫生健康委员会", kind: .subsite, sponsor: "江源市卫生健康委员会",
                    organizer: "江源市卫生健康委员会办公室", siteIDCode: "3699000003", icpFiling: "赣ICP备99000001号-3",
                    publicSecurityFiling: "赣公网安备 36990002000003号", domains: ["wjw.jiangyuan.gov.cn"],
                    personInCharge: "市卫生健康委办公室主任", contactPhone: "0799-1234701",
                    contactEmail: "wjw@jiangyuan.gov.cn", address: "江源市健康路 6 号"), createdAt: now.addingTimeInterval(-398 * 86_400))
            // W4: the portal's English version, a site of its own with its own columns.
            var english = Site(
                identity: SiteIdentity(
                    code: "en", name: "Jiangyuan Municipal People's Government", kind: .subsite,
                    sponsor: "General Office of Jiangyuan Municipal People's Government",
                    organizer: "Jiangyuan Government Services and Data Administration", siteIDCode: "3699000004",
                    icpFiling: "赣ICP备99000001号-4", publicSecurityFiling: "赣公网安备 36990002000004号",
                    domains: ["english.jiangyuan.gov.cn"], personInCharge: "市政府办公室外事科科长",
                    contactPhone: "0799-1234567", contactEmail: "english@jiangyuan.gov.cn",
                    address: "1 Renmin Avenue, Jiangyuan"), createdAt: now.addingTimeInterval(-397 * 86_400))
            english.identity.language = .english
            english.identity.variantOf = portal.id
            for site in [portal, jyj, wjw, english] { try await SiteRecords.insert(site, on: db) }

            // Units and departments (O1, O4)
            var departments: [String: Department] = [:]
            func unit(_ name: String, site: Site?) async throws -> Department {
                let d = Department(name: name, parentID: nil, siteID: site?.id, createdAt: now.addingTimeInterval(-390 * 86_400))
                try await DepartmentRecords.insert(d, on: db); departments[name] = d; return d
            }
            func dept(_ name: String, in parent: Department) async throws {
                let d = Department(name: name, parentID: parent.id, siteID: parent.siteID, createdAt: now.addingTimeInterval(-389 * 86_400))
                try await DepartmentRecords.insert(d, on: db); departments[name] = d
            }
            let office = try await unit("江源市人民政府办公室", site: portal)
            try await dept("秘书科", in: office); try await dept("政务公开科", in: office); try await dept("信息科", in: office)
            let fgw = try await unit("江源市发展和改革委员会", site: portal)
            try await dept("综合规划科", in: fgw)
            let edu = try await unit("江源市教育局", site: jyj)
            try await dept("教育局办公室", in: edu); try await dept("基础教育科", in: edu)
            let health = try await unit("江源市卫生健康委员会", site: wjw)
            try await dept("卫健委办公室", in: health); try await dept("疾病预防控制科", in: health)
            _ = try await unit("江源市财政局", site: portal)
            _ = try await unit("江源市市场监督管理局", site: portal)
            let data = try await unit("江源市政务服务数据管理局", site: portal)
            try await dept("政务服务科", in: data)

            // Columns (O1, F1, W1)
            struct Spec {
                let key: String; let name: String; let slug: String; let kind: ColumnKind; let owner: String
                let rule: UpdateRule; let parent: String?; let articles: Int; let nav: Bool
            }
            let jan10 = MonthDay(month: 1, day: 10)!, jul10 = MonthDay(month: 7, day: 10)!, jan31 = MonthDay(month: 1, day: 31)!
            let plans: [(Site, [Spec])] = [
                (
                    portal,
                    [
                        Spec(key: "gzdt", name: "工作动态", slug: "gzdt", kind: .news, owner: "信息科", rule: .daily, parent: nil, articles: 0, nav: true),
                        Spec(
                            key: "gzdt", name: "政务要闻", slug: "zwyw", kind: .news, owner: "信息科", rule: .daily, parent: "gzdt", articles: 70, nav: false
                        ),
                        Spec(
                            key: "gzdt", name: "部门动态", slug: "bmdt", kind: .news, owner: "秘书科", rule: .weekly, parent: "gzdt", articles: 45,
                            nav: false),
                        Spec(
                            key: "tzgg", name: "通知公告", slug: "tzgg", kind: .notice, owner: "秘书科", rule: .weekly, parent: nil, articles: 40, nav: true),
                        Spec(
                            key: "zcwj", name: "政务公开", slug: "zwgk", kind: .disclosure, owner: "政务公开科", rule: .none, parent: nil, articles: 0,
                            nav: true),
                        Spec(
                            key: "zcwj", name: "政策文件", slug: "zcwj", kind: .policy, owner: "政务公开科", rule: .monthly, parent: "zwgk", articles: 25,
                            nav: false),
                        Spec(
                            key: "zcjd", name: "政策解读", slug: "zcjd", kind: .interpretation, owner: "政务公开科", rule: .monthly, parent: "zwgk",
                            articles: 15, nav: false),
                        Spec(
                            key: "zfxxgk", name: "政府信息公开", slug: "zfxxgk", kind: .disclosure, owner: "政务公开科", rule: .monthly, parent: nil,
                            articles: 12, nav: true),
                        Spec(
                            key: "zfxxgk", name: "政府信息公开年报", slug: "ndbg", kind: .disclosure, owner: "政务公开科", rule: .fixedDates([jan31]),
                            parent: "zfxxgk", articles: 4, nav: false),
                        Spec(
                            key: "ywzn", name: "业务指南", slug: "ywzn", kind: .service, owner: "政务服务科", rule: .monthly, parent: nil, articles: 15,
                            nav: true),
                        Spec(key: "ztzl", name: "专题专栏", slug: "ztzl", kind: .topic, owner: "信息科", rule: .none, parent: nil, articles: 4, nav: true),
                        Spec(
                            key: "ztzl", name: "优化营商环境", slug: "yshj", kind: .topic, owner: "信息科", rule: .none, parent: "ztzl", articles: 6,
                            nav: false),
                        Spec(
                            key: "ztzl", name: "安全生产专项整治", slug: "aqsc", kind: .topic, owner: "秘书科", rule: .none, parent: "ztzl", articles: 5,
                            nav: false),
                        Spec(
                            key: "zxjl", name: "在线交流", slug: "zxjl", kind: .interaction, owner: "秘书科", rule: .none, parent: nil, articles: 0,
                            nav: false),
                        Spec(
                            key: "xzzx", name: "下载中心", slug: "xzzx", kind: .download, owner: "政务服务科", rule: .none, parent: nil, articles: 12,
                            nav: true),
                        Spec(
                            key: "zfxxgk", name: "数据查询", slug: "sjcx", kind: .other, owner: "综合规划科", rule: .fixedDates([jan10, jul10]), parent: nil,
                            articles: 4, nav: true),
                    ]
                ),
                (
                    jyj,
                    [
                        Spec(
                            key: "jyxw", name: "教育新闻", slug: "jyxw", kind: .news, owner: "教育局办公室", rule: .daily, parent: nil, articles: 40, nav: true),
                        Spec(
                            key: "tzgg", name: "通知公告", slug: "tzgg", kind: .notice, owner: "教育局办公室", rule: .weekly, parent: nil, articles: 12,
                            nav: true),
                        Spec(
                            key: "zcwj", name: "政策文件", slug: "zcwj", kind: .policy, owner: "基础教育科", rule: .monthly, parent: nil, articles: 8,
                            nav: true),
                        Spec(
                            key: "ywzn", name: "办事指南", slug: "bszn", kind: .service, owner: "基础教育科", rule: .monthly, parent: nil, articles: 8,
                            nav: true),
                        Spec(
                            key: "xzzx", name: "下载中心", slug: "xzzx", kind: .download, owner: "教育局办公室", rule: .none, parent: nil, articles: 5,
                            nav: true),
                    ]
                ),
                (
                    wjw,
                    [
                        Spec(
                            key: "wjdt", name: "卫健动态", slug: "wjdt", kind: .news, owner: "卫健委办公室", rule: .daily, parent: nil, articles: 40, nav: true),
                        Spec(
                            key: "tzgg", name: "通知公告", slug: "tzgg", kind: .notice, owner: "卫健委办公室", rule: .weekly, parent: nil, articles: 12,
                            nav: true),
                        Spec(
                            key: "zcwj", name: "政策文件", slug: "zcwj", kind: .policy, owner: "疾病预防控制科", rule: .monthly, parent: nil, articles: 8,
                            nav: true),
                        Spec(
                            key: "ywzn", name: "办事指南", slug: "bszn", kind: .service, owner: "卫健委办公室", rule: .monthly, parent: nil, articles: 8,
                            nav: true),
                        Spec(
                            key: "ztzl", name: "专题专栏", slug: "ztzl", kind: .topic, owner: "疾病预防控制科", rule: .none, parent: nil, articles: 6, nav: true),
                    ]
                ),
                (
                    english,
                    [
                        Spec(
                            key: "en-news", name: "News", slug: "news", kind: .news, owner: "信息科", rule: .weekly, parent: nil, articles: 10, nav: true
                        ),
                        Spec(
                            key: "en-notice", name: "Notices", slug: "notices", kind: .notice, owner: "秘书科", rule: .none, parent: nil, articles: 5,
                            nav: true),
                        Spec(
                            key: "en-policy", name: "Policies", slug: "policies", kind: .policy, owner: "政务公开科", rule: .none, parent: nil,
                            articles: 4, nav: true),
                        Spec(
                            key: "en-about", name: "About Jiangyuan", slug: "about", kind: .overview, owner: "信息科", rule: .none, parent: nil,
                            articles: 3, nav: true),
                    ]
                ),
            ]
            let planned = plans.flatMap { $0.1 }.reduce(0) { $0 + $1.articles }
            let scale = Double(articleCount) / Double(planned)
            var columnCount = 0, articleTotal = 0
            var history: [(Article, ArticleContent, String, String?)] = []
            var serials: [String: Int] = [:]
            let orgs = departments.values.filter(\.isUnit).map(\.name).map { $0.replacingOccurrences(of: "江源市", with: "市") }
            for (site, specs) in plans {
                var bySlug: [String: Column] = [:]
                var seenTitles: Set<String> = []  // P12: no duplicate titles on a site
                for (order, spec) in specs.enumerated() {
                    let column = Column(
                        siteID: site.id,
                        settings: ColumnSettings(
                            name: spec.name, slug: spec.slug, kind: spec.kind, parentID: spec.parent.flatMap { bySlug[$0]?.id },
                            ownerDepartmentID: departments[spec.owner]?.id, updateRule: spec.rule,
                            contentRequirements: "发布\(spec.name)相关信息，内容准确、完整，涉及政策的注明文号和有效性。",
                            qualityRequirements: "标题规范、无错别字、无繁体字；转载注明来源；图片配说明文字。",
                            summary: Self.summary(spec.key, slug: spec.slug, site: site), inNavigation: spec.parent == nil && spec.nav,
                            sortOrder: (order + 1) * 10), createdAt: site.createdAt)
                    try await ColumnRecords.insert(column, on: db)
                    bySlug[spec.slug] = column
                    columnCount += 1
                    let count = Int((Double(spec.articles) * scale).rounded())
                    let titles = DemoCorpus.titles[spec.key] ?? DemoCorpus.englishTitles[spec.key] ?? DemoCorpus.titles["gzdt"]!
                    let paragraphs = DemoCorpus.paragraphs[spec.key] ?? DemoCorpus.englishParagraphs[spec.key] ?? DemoCorpus.paragraphs["gzdt"]!
                    let org = site.kind == .portal ? nil : site.name.replacingOccurrences(of: "江源市", with: "市")
                    for i in 0..<count {
                        // Newest first, spread over about half a year; the newest is today.
                        let age = Double(i) * (180.0 / Double(max(count, 1))) + random.unit() * 1.5
                        let published = now.addingTimeInterval(-age * 86_400 - 3600)
                        let month = ChinaTime.calendar.component(.month, from: published)
                        let fill = { (text: String) -> String in
                            text.replacingOccurrences(of: "{org}", with: org ?? orgs[random.below(orgs.count)])
                                .replacingOccurrences(of: "{topic}", with: DemoCorpus.topics[random.below(DemoCorpus.topics.count)])
                                .replacingOccurrences(of: "{month}", with: String(month))
                        }
                        var title = fill(titles[random.below(titles.count)])
                        for _ in 0..<40 where seenTitles.contains(title) { title = fill(titles[random.below(titles.count)]) }
                        if seenTitles.contains(title) { title += "（\(ChinaTime.day(published))）" }
                        seenTitles.insert(title)
                        let chosen = (0..<(3 + random.below(4))).map { _ in fill(paragraphs[random.below(paragraphs.count)]) }
                        var body = chosen.map { "<p>\(HTMLText.escape($0))</p>" }.joined(separator: "\n")
                        if spec.slug == "zwyw" && site.kind == .portal && i < 4 {
                            // 图片新闻: the newest items carry a picture with its caption (P12).
                            let caption = "\(title)（示意图）"
                            let picture = try await FileService.upload(
                                DemoPictures.landscape(i), name: "tupian-\(i + 1).png", caption: caption,
                                siteID: site.id, by: actor, now: published,
                                extracted: .init(text: nil, note: ""), on: db)
                            body =
                                "<figure><img src=\"\(picture.path)\" alt=\"\(HTMLText.escape(caption))\"><figcaption>\(HTMLText.escape(caption))</figcaption></figure>\n"
                                + body
                        }
                        let article = Article(
                            siteID: site.id, columnID: column.id, title: title, summary: String(chosen[0].prefix(80)),
                            bodyHTML: body, source: site.kind == .portal ? "江源市人民政府办公室" : site.name,
                            author: site.identity.language == .english ? "" : spec.owner, status: .published, publishedAt: published,
                            createdAt: published)
                        try await ArticleRecords.insert(article, on: db)
                        var content = ArticleContent(title: title, columnID: column.id, bodyHTML: body, source: article.source)
                        content.summary = article.summary
                        content.author = article.author
                        content.eventDate = CalendarDay(published.addingTimeInterval(-Double(random.below(3)) * 86_400))
                        let url = "http://\(site.identity.domains.first ?? site.code)/\(column.slug)/\(article.id).html"
                        var index: String? = nil
                        if [.disclosure, .policy].contains(spec.kind) {
                            serials[site.id, default: 0] += 1
                            index = IndexNumber.make(
                                scheme: site.identity.indexScheme, code: site.siteIDCode,
                                year: CalendarDay(published).year, serial: serials[site.id]!,
                                column: column.slug, topic: "")
                        }
                        history.append((article, content, url, index))
                        articleTotal += 1
                    }
                }
            }

            // The portal's homepage blocks (W1): picture news, news, notices, policies, topics,
            // quick links to the departments' sites and the interaction entry.
            let portalColumns = try await ColumnRecords.all(siteID: portal.id, on: db)
            func columnID(_ slug: String) -> String? { portalColumns.first { $0.slug == slug }?.id }
            let blocks: [HomeBlockSettings] = [
                HomeBlockSettings(kind: .pictures, title: "图片新闻", columnID: columnID("zwyw"), count: 4),
                HomeBlockSettings(kind: .latest, title: "政务要闻", columnID: columnID("zwyw"), count: 8),
                HomeBlockSettings(kind: .notices, title: "通知公告", columnID: columnID("tzgg"), count: 8),
                HomeBlockSettings(kind: .latest, title: "政策文件", columnID: columnID("zcwj"), count: 8),
                HomeBlockSettings(kind: .latest, title: "部门动态", columnID: columnID("bmdt"), count: 8),
                HomeBlockSettings(kind: .topics, title: "专题专栏", count: 6),
                HomeBlockSettings(
                    kind: .links, title: "部门网站",
                    links: [
                        HomeBlock.Link(name: "江源市教育局", url: "/sites/jyj/"), HomeBlock.Link(name: "江源市卫生健康委员会", url: "/sites/wjw/"),
                        HomeBlock.Link(name: "中国政府网", url: "https://www.gov.cn/"),
                    ]),
                HomeBlockSettings(kind: .interaction, title: "互动交流"),
            ]
            for (n, settings) in blocks.enumerated() {
                try await HomeBlockRecords.insert(HomeBlock(siteID: portal.id, position: n, settings: settings), on: db)
            }

            // One account per role (O2, O6): initial passwords, changed at first login.
            var credentials: [Credential] = []
            var accountIDs: [String: (String, String)] = [:]
            for (i, (username, name, role, siteCode)) in roles.enumerated() {
                let site = [portal, jyj, wjw].first { $0.code == siteCode }
                let account = Account(
                    username: username, displayName: name,
                    departmentID: role == .platformAdmin || role == .operator ? data.id : office.id,
                    passwordHash: hashes[i], mustChangePassword: true, passwordChangedAt: now, createdAt: now)
                try await AccountRecords.insert(account, on: db)
                accountIDs[username] = (account.id, name)
                try await AccountRecords.insertGrant(
                    RoleGrant(accountID: account.id, role: role, siteID: site?.id, columnID: nil),
                    at: now, on: db)
                credentials.append(Credential(username: username, role: role, site: siteCode, password: passwords[i]))
            }
            // Every demo item carries its revision, its review and sign-off, and its registry entry (P1, P6).
            history.sort { ($0.0.publishedAt!, $0.0.id) < ($1.0.publishedAt!, $1.0.id) }
            for (article, content, url, index) in history {
                try await PublishingRecords.seedPublished(
                    article, content: content, url: url, indexNumber: index,
                    author: accountIDs["editor"]!,
                    reviewer: accountIDs["reviewer"]!, signer: accountIDs["signer"]!,
                    engine: database.engine, on: db)
            }
            // The platform's list of the (fictional) city's leaders with their current titles (P10).
            _ = try await DictionaryRecords.add(
                [
                    ("王建华", DictionaryEntry.leaderCategory, true, "市委副书记、市长"),
                    ("李明远", DictionaryEntry.leaderCategory, true, "副市长"),
                    ("赵立新", DictionaryEntry.leaderCategory, true, "市委书记"),
                ], siteID: nil, by: actor, now: now, on: db)
            try await AuditRecords.append(
                actor.event(
                    "demo.seed", "platform", "demo",
                    summary: "写入演示数据：4 个网站（含英文版）、\(departments.count) 个单位处室、\(columnCount) 个栏目、\(articleTotal) 条信息、\(roles.count) 个账号",
                    at: now), on: db)
            try await db.setSetting(settingKey, "1")
            return Summary(
                sites: 4, departments: departments.count, columns: columnCount, articles: articleTotal,
                credentials: credentials)
        }
    }
}

extension DemoPlatform {
    /// A column's one-line description: the corpus's where it was written for this column.
    static func summary(_ key: String, slug: String, site: Site) -> String {
        switch slug {
        case "zxjl": return "提供政务咨询、投诉建议等互动渠道；留言经审核后公开答复。"
        case "sjcx": return "每年1月10日、7月10日更新的统计与政务数据查询。"
        case "yshj": return "深化“放管服”改革，打造市场化、法治化、国际化一流营商环境。"
        case "aqsc": return "压实安全生产责任，排查整治重大事故隐患，守牢安全底线。"
        default:
            // Portal descriptions speak of the city government; sub-sites get only their own.
            guard site.kind == .portal || key == "jyxw" || key == "wjdt", key == slug || site.kind == .portal else { return "" }
            return DemoCorpus.columnDescriptions[key] ?? ""
        }
    }
}

/// A small deterministic generator, so the demo looks the same every time.
struct SeededRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }
    mutating func next() -> UInt64 {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return state
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    mutating func unit() -> Double { Double(next() % 1_000_000) / 1_000_000 }
}
