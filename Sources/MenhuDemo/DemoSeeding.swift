import Foundation
import MenhuCore
import MenhuStore
import SQLKit

/// The demo's seeding steps and the state they share, inside the one transaction of `DemoPlatform.seed`.
struct DemoSeeding {
    /// A published item, kept until the accounts exist to record its revision, approvals and registry entry.
    struct PublishedItem {
        let article: Article
        let content: ArticleContent
        let url: String
        let indexNumber: String?
    }

    /// A column being filled with items.
    struct ColumnPlace {
        let site: Site
        let column: Column
        let spec: DemoPlatform.ColumnSpec
    }

    let db: any SQLDatabase
    let engine: Database.Engine
    let now: Date
    let actor = Actor.commandLine("演示数据")
    var random = SeededRandom(seed: 20_261_121)
    var departments: [String: Department] = [:]
    var columnCount = 0, articleTotal = 0
    var history: [PublishedItem] = []
    var serials: [String: Int] = [:]
    /// Writes each item whole, about its title (14.20).
    var writing: DemoWriting

    init(db: any SQLDatabase, engine: Database.Engine, now: Date) {
        self.db = db; self.engine = engine; self.now = now
        self.writing = DemoWriting(now: now)
    }

    /// S1, S2, W4: writes the sites.
    func sites() async throws -> DemoPlatform.Sites {
        let sites = DemoPlatform.sites(now: now)
        for site in sites.all { try await SiteRecords.insert(site, on: db) }
        return sites
    }

    /// S1: `count` more department sites (江源市直属单位 1…), each with the portal's 19 columns (news,
    /// notices, policies, services, interaction, topics), for benchmarks of a large platform.
    func moreSites(_ count: Int) async throws -> [(Site, [DemoPlatform.ColumnSpec])] {
        var plans: [(Site, [DemoPlatform.ColumnSpec])] = []
        for n in 0..<count {
            let code = "bm\(n + 1)"
            let site = Site(
                identity: SiteIdentity(
                    code: code, name: "江源市直属单位 \(n + 1)", kind: .subsite, sponsor: "江源市直属单位 \(n + 1)",
                    organizer: "江源市直属单位 \(n + 1)办公室", siteIDCode: String(3_699_100_000 + n),
                    icpFiling: "赣ICP备99000001号-\(n + 5)", publicSecurityFiling: "赣公网安备 3699\(String(2_100_000_000 + n))号",
                    domains: ["\(code).jiangyuan.gov.cn"], personInCharge: "办公室主任", contactPhone: "0799-1230000",
                    contactEmail: "\(code)@jiangyuan.gov.cn", address: "江源市人民大道 \(n + 2) 号"),
                createdAt: now.addingTimeInterval(-396 * 86_400))
            try await SiteRecords.insert(site, on: db)
            plans.append((site, DemoPlatform.portalColumns))
        }
        return plans
    }

    /// O1, O4: writes the units and their departments; returns the two units accounts belong to.
    mutating func departments(_ sites: DemoPlatform.Sites) async throws -> (office: Department, data: Department) {
        let office = try await unit("江源市人民政府办公室", site: sites.portal)
        try await dept("秘书科", in: office); try await dept("政务公开科", in: office); try await dept("信息科", in: office)
        let fgw = try await unit("江源市发展和改革委员会", site: sites.portal)
        try await dept("综合规划科", in: fgw)
        let edu = try await unit("江源市教育局", site: sites.jyj)
        try await dept("教育局办公室", in: edu); try await dept("基础教育科", in: edu)
        let health = try await unit("江源市卫生健康委员会", site: sites.wjw)
        try await dept("卫健委办公室", in: health); try await dept("疾病预防控制科", in: health)
        _ = try await unit("江源市财政局", site: sites.portal)
        _ = try await unit("江源市市场监督管理局", site: sites.portal)
        let data = try await unit("江源市政务服务数据管理局", site: sites.portal)
        try await dept("政务服务科", in: data)
        return (office, data)
    }

    /// Writes a unit (a department without a parent) of a site.
    mutating func unit(_ name: String, site: Site?) async throws -> Department {
        let d = Department(name: name, parentID: nil, siteID: site?.id, createdAt: now.addingTimeInterval(-390 * 86_400))
        try await DepartmentRecords.insert(d, on: db); departments[name] = d; return d
    }

    /// Writes a department of a unit.
    mutating func dept(_ name: String, in parent: Department) async throws {
        let d = Department(name: name, parentID: parent.id, siteID: parent.siteID, createdAt: now.addingTimeInterval(-389 * 86_400))
        try await DepartmentRecords.insert(d, on: db); departments[name] = d
    }

    /// O1, F1, W1: writes every site's columns, each followed by its items, scaled to `articleCount` in all.
    mutating func columnsAndItems(_ plans: [(Site, [DemoPlatform.ColumnSpec])], articleCount: Int) async throws {
        let planned = plans.flatMap { $0.1 }.reduce(0) { $0 + $1.articles }
        let scale = Double(articleCount) / Double(planned)
        for (site, specs) in plans {
            var bySlug: [String: Column] = [:]
            var seenTitles: Set<String> = []  // P12: no duplicate titles on a site
            for (order, spec) in specs.enumerated() {
                let column = try await column(spec, order: order, site: site, parentID: spec.parent.flatMap { bySlug[$0]?.id })
                bySlug[spec.slug] = column
                let count = Int((Double(spec.articles) * scale).rounded())
                let place = ColumnPlace(site: site, column: column, spec: spec)
                for i in 0..<count { try await item(i, of: count, in: place, seenTitles: &seenTitles) }
            }
        }
    }

    /// Writes one column with its owner, update rule and requirements.
    mutating func column(_ spec: DemoPlatform.ColumnSpec, order: Int, site: Site, parentID: String?) async throws -> Column {
        let column = Column(
            siteID: site.id,
            settings: ColumnSettings(
                name: spec.name, slug: spec.slug, kind: spec.kind, parentID: parentID,
                ownerDepartmentID: departments[spec.owner]?.id, updateRule: spec.rule,
                contentRequirements: "发布\(spec.name)相关信息，内容准确、完整，涉及政策的注明文号和有效性。",
                qualityRequirements: "标题规范、无错别字、无繁体字；转载注明来源；图片配说明文字。",
                summary: DemoPlatform.summary(spec.key, slug: spec.slug, site: site), inNavigation: spec.parent == nil && spec.nav,
                sortOrder: (order + 1) * 10), createdAt: site.createdAt)
        try await ColumnRecords.insert(column, on: db)
        columnCount += 1
        return column
    }

    /// Writes the `i`th newest of a column's `count` items, and keeps it for its registry entry.
    mutating func item(_ i: Int, of count: Int, in place: ColumnPlace, seenTitles: inout Set<String>) async throws {
        let (site, column, spec) = (place.site, place.column, place.spec)
        // Newest first, spread over about half a year; the newest is today, except in the portal's
        // 部门动态, which has not been updated for 18 days: the health page has a stale column to show.
        let stale = spec.slug == "bmdt" && site.kind == .portal ? 18.0 : 0
        let age = stale + Double(i) * (180.0 / Double(max(count, 1))) + random.unit() * 1.5
        var published = now.addingTimeInterval(-age * 86_400 - 3600)
        if i == 0 && stale == 0 {
            // The newest is today (Asia/Shanghai) at any hour: at most two hours ago, never before midnight.
            let today = now.timeIntervalSince(ChinaTime.start(of: CalendarDay(now)))
            published = now.addingTimeInterval(-(0.5 + age / 3) * min(today, 7_200))
        }
        let eventDate = CalendarDay(published.addingTimeInterval(-Double(random.below(3)) * 86_400))
        let written = writing.item(i, of: count, spec: spec, site: site, published: published, event: eventDate)
        let title = unique(written.title, published: published, seen: &seenTitles)
        var body = try await attached(written, site: site, published: published)
        if spec.slug == "zwyw" && site.kind == .portal && i < 4 {
            body = try await pictured(body, title: title, number: i, site: site, published: published)
        }
        if spec.slug == "zwyw" && site.kind == .portal && i == 6 {
            // Links that no longer work, for the link health to find: a retired site and a page moved away.
            body +=
                "<p>相关链接：<a href=\"http://zwfw.jiangyuan-old.invalid/bsznd/\">原政务服务网办事指南</a>、<a href=\"/zwyw/2019-nianjian.html\">2019 年要闻汇编</a></p>"
        }
        let article = Article(
            siteID: site.id, columnID: column.id, title: title, summary: written.summary,
            bodyHTML: body, source: site.kind == .portal ? "江源市人民政府办公室" : site.name,
            author: site.identity.language == .english ? "" : spec.owner, status: .published, publishedAt: published,
            createdAt: published)
        try await ArticleRecords.insert(article, on: db)
        var content = ArticleContent(title: title, columnID: column.id, bodyHTML: body, source: article.source)
        content.summary = article.summary
        content.author = article.author
        content.eventDate = eventDate
        content.serviceGuide = written.guide
        let url = "http://\(site.identity.domains.first ?? site.code)/\(column.slug)/\(article.id).html"
        var index: String? = nil
        if [.disclosure, .policy].contains(spec.kind) {
            serials[site.id, default: 0] += 1
            index = IndexNumber.make(
                scheme: site.identity.indexScheme, code: site.siteIDCode,
                year: CalendarDay(published).year, serial: serials[site.id]!,
                column: column.slug, topic: "")
        }
        history.append(PublishedItem(article: article, content: content, url: url, indexNumber: index))
        articleTotal += 1
    }

    /// P12: no two items of a site share a title (a repeated one is dated).
    func unique(_ title: String, published: Date, seen: inout Set<String>) -> String {
        var title = title
        if seen.contains(title) { title += "（\(ChinaTime.day(published))）" }
        seen.insert(title)
        return title
    }

    /// 下载中心: makes the item's form as a .docx, .xlsx or .pdf file, uploads it and links it
    /// from the body (which is returned as HTML); other items are their text.
    func attached(_ item: DemoWriting.Item, site: Site, published: Date) async throws -> String {
        guard let form = item.form else { return item.html() }
        let file = try DemoForms.make(form)
        let stored = try await FileService.upload(
            file.data, name: form.fileName, caption: form.title, siteID: site.id, by: actor, now: published,
            extracted: .init(text: file.text, note: ""), on: db)
        return item.html(file: (stored.path, stored.name, max(1, stored.size / 1024)))
    }

    /// 图片新闻 (P12): uploads the `number`th picture and puts it with its caption before the body.
    func pictured(_ body: String, title: String, number i: Int, site: Site, published: Date) async throws -> String {
        let caption = "\(title)（示意图）"
        let picture = try await FileService.upload(
            DemoPictures.landscape(i), name: "tupian-\(i + 1).png", caption: caption,
            siteID: site.id, by: actor, now: published,
            extracted: .init(text: nil, note: ""), on: db)
        return
            "<figure><img src=\"\(picture.path)\" alt=\"\(HTMLText.escape(caption))\"><figcaption>\(HTMLText.escape(caption))</figcaption></figure>\n"
            + body
    }

    /// W1: the portal's homepage blocks: picture news, news, notices, policies, topics, quick
    /// links to the departments' sites, links to other government sites and the interaction entry.
    func homeBlocks(portal: Site) async throws {
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
                links: [HomeBlock.Link(name: "江源市教育局", url: "/sites/jyj/"), HomeBlock.Link(name: "江源市卫生健康委员会", url: "/sites/wjw/")]),
            // Other government sites are not departments of the city: a block of their own (W2: leaving asks first).
            HomeBlockSettings(
                kind: .links, title: "相关链接",
                links: [
                    HomeBlock.Link(name: "中国政府网", url: "https://www.gov.cn/"),
                    HomeBlock.Link(name: "国家政务服务平台", url: "https://gjzwfw.www.gov.cn/"),
                ]),
            HomeBlockSettings(kind: .interaction, title: "互动交流"),
        ]
        for (n, settings) in blocks.enumerated() {
            try await HomeBlockRecords.insert(HomeBlock(siteID: portal.id, position: n, settings: settings), on: db)
        }
    }

    /// O2, O6: one account per role with its grant and initial password, changed at first login;
    /// returns the credentials and each account's id and name by username.
    func accounts(
        _ sites: DemoPlatform.Sites, units: (office: Department, data: Department), passwords: [String], hashes: [String]
    ) async throws -> ([DemoPlatform.Credential], [String: (String, String)]) {
        var credentials: [DemoPlatform.Credential] = []
        var accountIDs: [String: (String, String)] = [:]
        for (i, (username, name, role, siteCode)) in DemoPlatform.accounts.enumerated() {
            let site = [sites.portal, sites.jyj, sites.wjw].first { $0.code == siteCode }
            let account = Account(
                username: username, displayName: name,
                departmentID: role == .platformAdmin || role == .operator ? units.data.id : units.office.id,
                passwordHash: hashes[i], mustChangePassword: true, passwordChangedAt: now, createdAt: now)
            try await AccountRecords.insert(account, on: db)
            accountIDs[username] = (account.id, name)
            try await AccountRecords.insertGrant(
                RoleGrant(accountID: account.id, role: role, siteID: site?.id, columnID: nil),
                at: now, on: db)
            credentials.append(DemoPlatform.Credential(username: username, role: role, site: siteCode, password: passwords[i]))
        }
        return (credentials, accountIDs)
    }

    /// P1, P6: every demo item gets its revision, its review and sign-off, and its registry entry, oldest first.
    mutating func register(by people: [String: (String, String)]) async throws {
        history.sort { ($0.article.publishedAt!, $0.article.id) < ($1.article.publishedAt!, $1.article.id) }
        for item in history {
            try await PublishingRecords.seedPublished(
                item.article, content: item.content, url: item.url, indexNumber: item.indexNumber,
                author: people["editor"]!,
                reviewer: people["reviewer"]!, signer: people["signer"]!,
                engine: engine, on: db)
        }
    }

    /// P10: the platform's list of the (fictional) city's leaders with their current titles.
    func leaders() async throws {
        _ = try await DictionaryRecords.add(
            [
                ("王建华", DictionaryEntry.leaderCategory, true, "市委副书记、市长"),
                ("李明远", DictionaryEntry.leaderCategory, true, "副市长"),
                ("赵立新", DictionaryEntry.leaderCategory, true, "市委书记"),
            ], siteID: nil, by: actor, now: now, on: db)
    }

    /// Records the seeding in the audit log and marks the database as a demo.
    func finish(accountCount: Int) async throws {
        try await AuditRecords.append(
            actor.event(
                "demo.seed", "platform", "demo",
                summary: "写入演示数据：4 个网站（含英文版）、\(departments.count) 个单位处室、\(columnCount) 个栏目、\(articleTotal) 条信息、\(accountCount) 个账号",
                at: now), on: db)
        try await db.setSetting(DemoPlatform.settingKey, "1")
    }
}

extension DemoSeeding {
    /// M1: a week of homepage probes every 30 minutes for every site, so that 网站健康 has
    /// something real to show: the 卫健委 site had an outage one evening (a few failures and one
    /// page that took over 15 s), the others answered every time.
    func probes(_ sites: DemoPlatform.Sites) async throws {
        let from = ChinaTime.calendar.date(byAdding: .day, value: -6, to: ChinaTime.calendar.startOfDay(for: now))!
        for site in sites.all {
            var at = from, k = 0
            while at < now {
                let outage = site.id == sites.wjw.id && (200...203).contains(k)
                let probe = SiteProbe(
                    at: at, status: outage && k != 203 ? 502 : 200, durationMillis: outage && k == 203 ? 15_400 : 80 + (k * 37) % 160)
                try await ProbeRecords.insert(siteID: site.id, address: "http://127.0.0.1/sites/\(site.code)/", probe: probe, on: db)
                at = at.addingTimeInterval(Double(ProbeRecords.slotSeconds))
                k += 1
            }
        }
    }
}
