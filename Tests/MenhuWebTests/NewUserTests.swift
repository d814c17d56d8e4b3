import Foundation
import HummingbirdTesting
import MenhuCore
import MenhuStore
import MenhuTestSupport
import MenhuWeb
import Testing

/// Issue 14: what a new user ran into.
@Suite struct NewUserTests {
    /// 14.1: sub-site search printed a dump of the site record in every result's meta line.
    @Test func subSiteSearchResultsShowNoSiteRecord() async throws {
        try await Harness.with(.sqlite, articles: 30) { (h: Harness, client: any TestClientProtocol) async throws in
            for code in ["jyj", "en"] {
                let site = try await h.site(code)
                let items = try await h.db.read { sql in try await ArticleRecords.live(siteID: site.id, on: sql) }
                let title = try #require(items.first?.content.title)
                let word = code == "en" ? String(title.split(separator: " ").first ?? "") : String(title.prefix(2))
                let page = try await client.execute(
                    uri: "/sites/\(code)/search?q=" + word.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!,
                    method: .get
                ).text
                let meta = page.components(separatedBy: "<p class=\"meta\">").dropFirst()
                #expect(!meta.isEmpty, "no results for \(word) on \(code)")
                for line in meta {
                    let text = line.components(separatedBy: "</p>").first ?? ""
                    #expect(!text.contains("contactEmail") && !text.contains("[&quot;"), "\(code): \(text.prefix(200))")
                }
            }
        }
    }

    /// The class of that bug: a template printing a dictionary or a list where it expects text
    /// shows Swift's description of it (`["name": …]`). No public page of any site does.
    @Test func noPublicPagePrintsARecord() async throws {
        try await Harness.with(.sqlite, articles: 30) { (h: Harness, client: any TestClientProtocol) async throws in
            for code in ["www", "jyj", "wjw", "en"] {
                let site = try await h.site(code)
                let columns = try await h.db.read { sql in try await ColumnRecords.all(siteID: site.id, on: sql) }
                let item = try await h.db.read { sql in try await ArticleRecords.live(siteID: site.id, on: sql) }.first
                var paths = ["/", "/sitemap", "/disclosure", "/search?q=%E5%B7%A5%E4%BD%9C", "/search?q=work"]
                paths += columns.prefix(6).map { "/\($0.slug)/" }
                if let item, let column = columns.first(where: { $0.id == item.content.columnID }) { paths.append("/\(column.slug)/\(item.id).html") }
                for path in paths {
                    let page = try await client.execute(uri: "/sites/\(code)" + path, method: .get)
                    #expect(!page.text.contains("[&quot;") && !page.text.contains("&quot;: "), "\(code)\(path) prints a record")
                }
            }
        }
    }

    /// 14.4: every link of every demo person's 工作台 and menu opens (none answers 没有权限).
    @Test func everyDashboardLinkOfEveryDemoPersonOpens() async throws {
        try await Harness.with(.sqlite, articles: 20) { (h: Harness, client: any TestClientProtocol) async throws in
            for username in ["admin", "siteadmin", "editor", "reviewer", "signer", "depthead", "leader", "group", "publisher", "operator"] {
                var browser = try await h.browser(client, username)
                let home = try await browser.get(client, "/admin")
                let links = Set(home.text.matches(of: #/href="(?<url>/admin/[^"#]*)"/#).map { String($0.output.url) })
                    .filter { !$0.hasPrefix("/admin/static/") }
                #expect(!links.isEmpty)
                for link in links.sorted() {
                    let page = try await browser.get(client, link.replacingOccurrences(of: "&amp;", with: "&"))
                    #expect(page.status == .ok, "\(username): \(link) answered \(page.status.code)")
                }
            }
        }
    }

    /// 14.4: a 处室负责人 files a submission for their department (P13).
    @Test func aDepartmentHeadFilesASubmission() async throws {
        try await Harness.with(.sqlite, articles: 20) { (h: Harness, client: any TestClientProtocol) async throws in
            var browser = try await h.browser(client, "depthead")
            let sent = try await browser.fileSubmission(
                client, title: "处室报送：冬季安全生产检查", content: "11月30日，我处开展冬季安全生产检查。", source: "安全生产科",
                requirements: "请在要闻栏目发布")
            #expect(sent.status == .seeOther, "\(sent.text.prefix(400))")
            let list = try await browser.get(client, "/admin/sites/www/submissions")
            #expect(list.text.contains("处室报送：冬季安全生产检查"))
        }
    }

    /// 14.6: rules are cited by regulation and article, with what they say in a tooltip and a
    /// page that lists them all; no page shows a bare number (the access matrix checks every page).
    @Test func rulesAreCitedByRegulationAndArticle() async throws {
        try await Harness.with(.sqlite, articles: 20) { (h: Harness, client: any TestClientProtocol) async throws in
            var browser = try await h.browser(client, "admin")
            let roles = try await browser.get(client, "/admin/roles")
            #expect(roles.text.contains("<a class=\"basis-link\" href=\"/admin/basis#O2\""))
            #expect(roles.text.contains("依据<a") && roles.text.contains("《永州市政府网站建设管理办法》"))
            var visitor = Browser()
            let login = try await visitor.get(client, "/admin/login")
            #expect(login.text.firstMatch(of: #/依据 ?[A-Z][0-9]/#) == nil)
            let basis = try await browser.get(client, "/admin/basis")
            #expect(basis.text.contains("id=\"P1\"") && basis.text.contains("信息发布实行“三审”"))
            #expect(basis.text.contains("《永州市政府网站建设管理办法》第十九条第（三）项"))
        }
    }

    /// 14.10: a closed account reads as closed: no password to change, no grant to revoke; and
    /// a department shows with its unit.
    @Test func aClosedAccountReadsAsClosed() async throws {
        try await Harness.with(.sqlite, articles: 10) { (h: Harness, client: any TestClientProtocol) async throws in
            let departments = try await h.db.read { sql in try await DepartmentRecords.all(on: sql) }
            let office = try #require(departments.first { $0.parentID != nil })
            let unit = try #require(departments.first { $0.id == office.parentID })
            let www = try await h.site("www")
            let made = try await h.env.service.createAccount(
                username: "leaver", displayName: "离岗人员", departmentID: office.id, grant: (.editor, www.id, nil), by: .commandLine())
            var admin = try await h.browser(client, "admin")
            let before = try await admin.get(client, "/admin/accounts/\(made.account.id)")
            #expect(before.text.contains("待修改初始密码") && before.text.contains("/revoke"))
            #expect(before.text.contains("\(unit.name)／\(office.name)"))
            let list = try await admin.get(client, "/admin/accounts")
            #expect(list.text.contains("\(unit.name)／\(office.name)"))
            let closed = try await admin.post(
                client, "/admin/accounts/\(made.account.id)/close", ["_csrf": Browser.csrf(before) ?? "", "reason": "退休"])
            #expect(closed.status == .seeOther)
            let after = try await admin.get(client, "/admin/accounts/\(made.account.id)")
            #expect(after.text.contains("已注销") && !after.text.contains("待修改初始密码"))
            #expect(!after.text.contains("/revoke") && after.text.contains("随账号注销失效"))
        }
    }

    /// 14.11: 已发布信息复查 says it has not run before it has, names what it found once, and
    /// drops an item once it is withdrawn.
    @Test func liveRecheckSaysWhatItKnows() async throws {
        try await Harness.with(.sqlite, articles: 20) { (h: Harness, client: any TestClientProtocol) async throws in
            let site = try await h.site("www")
            let live = try await h.db.read { sql in
                try await PublishingRecords.works(.init(siteID: site.id, statuses: [.published]), limit: 1, on: sql)
            }.first!
            var admin = try await h.browser(client, "siteadmin")
            let before = try await admin.get(client, "/admin/sites/www/live-findings")
            #expect(before.text.contains("尚未复查") && !before.text.contains("没有发现问题"))
            let word = String(live.workingTitle.prefix(4))
            let page = try await admin.get(client, "/admin/sites/www/dictionary")
            _ = try await admin.post(
                client, "/admin/sites/www/dictionary", ["_csrf": Browser.csrf(page)!, "text": word, "category": "敏感词", "severity": "block"])
            #expect(await h.runBackgroundTasks() == 1)
            let flagged = try await admin.get(client, "/admin/sites/www/live-findings")
            let row = try #require(flagged.text.components(separatedBy: live.workingTitle).dropFirst().first?.components(separatedBy: "</tr>").first)
            #expect(row.components(separatedBy: "“\(word)”").count == 2, "the word is named once: \(row)")
            // Withdrawn: no longer live, so no longer listed.
            let account = try await h.db.read { sql in try await AccountRecords.find(username: "siteadmin", on: sql)! }
            let grants = try await h.db.read { sql in try await AccountRecords.grants(of: account.id, on: sql) }
            _ = try await h.env.publishing.act(
                .withdraw, articleID: live.id, expectedVersion: live.version, reason: "内容过时",
                by: Participant(actor: Actor(accountID: account.id, name: account.displayName, address: "127.0.0.1"), grants: grants))
            let after = try await admin.get(client, "/admin/sites/www/live-findings")
            #expect(!after.text.contains(live.workingTitle))
        }
    }

    /// 14.9: steps that cannot be undone ask first (a script of our own: the CSP allows no inline one).
    @Test func irreversibleStepsAskFirst() async throws {
        try await Harness.with(.sqlite, articles: 10) { (h: Harness, client: any TestClientProtocol) async throws in
            var admin = try await h.browser(client, "admin")
            let account = try await h.db.read { sql in try await AccountRecords.find(username: "editor", on: sql)! }
            let page = try await admin.get(client, "/admin/accounts/\(account.id)")
            #expect(page.text.contains("<script src=\"/admin/static/confirm.js\" defer></script>"))
            #expect(page.text.contains("/close\" novalidate data-confirm=\"注销后该账号立即不能登录"))
            let script = try await admin.get(client, "/admin/static/confirm.js")
            #expect(script.status == .ok && script.text.contains("window.confirm"))
            // A live item offers 撤稿 to the site admin, behind the same question.
            var siteadmin = try await h.browser(client, "siteadmin")
            let site = try await h.site("www")
            let live = try await h.db.read { sql in
                try await PublishingRecords.works(.init(siteID: site.id, statuses: [.published]), limit: 1, on: sql)
            }.first!
            let item = try await siteadmin.get(client, "/admin/sites/www/articles/\(live.id)")
            #expect(item.text.contains("data-confirm=\"确定撤稿吗？"))
        }
    }

    /// 14.19: the English version speaks English in its catalogue, and every page names its icon.
    @Test func theEnglishCatalogueIsInEnglishAndPagesHaveAnIcon() async throws {
        try await Harness.with(.sqlite, articles: 20) { (h: Harness, client: any TestClientProtocol) async throws in
            let en = try await client.execute(uri: "/sites/en/disclosure", method: .get).text
            #expect(en.contains(">In force</option>") && !en.contains("有效") && !en.contains("失效"))
            let zh = try await client.execute(uri: "/disclosure", method: .get).text
            #expect(zh.contains(">有效</option>"))
            #expect(zh.contains("<link rel=\"icon\" href=\"/static/default/favicon.svg\""))
            let icon = try await client.execute(uri: "/static/default/favicon.svg", method: .get)
            #expect(icon.status == .ok && icon.headers[.contentType] == "image/svg+xml")
        }
    }

    /// 14.2: an item with disclosure metadata is in the 政府信息公开目录 wherever it is published,
    /// with its own 发布机构 and an 索引号; the catalogue finds it by 文号, offers its 主题分类, and
    /// lists by 成文日期.
    @Test func theCatalogueListsEveryItemWithDisclosureMetadata() async throws {
        try await Harness.with(.sqlite, articles: 20) { (h: Harness, client: any TestClientProtocol) async throws in
            let news = try await h.column("gzdt")
            let departments = try await h.db.read { sql in try await DepartmentRecords.all(on: sql) }
            let lead = try #require(departments.first { $0.name.contains("财政") } ?? departments.first { $0.parentID != nil })
            var desk = try await SearchTests.Desk(h, client)
            _ = try await desk.publish(
                client,
                [
                    "title": "关于做好2027年元旦春节期间有关工作的通知", "columnID": news.id, "source": "市政府办公室",
                    "body": "<p>各县（市、区）人民政府：现就有关事项通知如下。</p>", "documentNumber": "江府发〔2026〕18号",
                    "topic": "综合政务", "leadDepartmentID": lead.id, "eventDate": "2026-11-28",
                ])
            let all = try await client.execute(uri: "/disclosure", method: .get).text
            let row = try #require(
                all.components(separatedBy: "关于做好2027年元旦春节期间有关工作的通知").dropFirst().first?
                    .components(separatedBy: "</tr>").first)
            #expect(row.contains(lead.name) && row.contains("江府发〔2026〕18号") && row.contains("2026-11-28"))
            let index = try #require(
                all.components(separatedBy: "<tr><td data-label=\"索引号\">").dropFirst().first { $0.contains("江府发〔2026〕18号") })
            #expect(!index.hasPrefix("</td>"), "the row has an 索引号")
            #expect(all.contains("<option value=\"综合政务\""))
            let found = try await client.execute(uri: "/disclosure?q=" + "江府发".urlEncoded, method: .get).text
            #expect(found.contains("关于做好2027年元旦春节期间有关工作的通知"))
            // Rows by 成文日期, newest first.
            let days = all.matches(of: #/<td data-label="成文日期">(?<day>\d{4}-\d{2}-\d{2})</td>/#).map { String($0.output.day) }
            #expect(!days.isEmpty && days == days.sorted(by: >))
        }
    }

    /// 14.3: an adopted submission lands in a named editor's 我的待办, and the office is told so.
    @Test func anAdoptedSubmissionLandsInAnEditorsInbox() async throws {
        try await Harness.with(.sqlite, articles: 10) { (h: Harness, client: any TestClientProtocol) async throws in
            var depthead = try await h.browser(client, "depthead")
            _ = try await depthead.fileSubmission(client, title: "我处召开冬季防火工作会议", content: "会议部署冬季防火工作。", source: "应急管理科")
            var publisher = try await h.browser(client, "publisher")
            let list = try await publisher.get(client, "/admin/sites/www/submissions")
            let decide = try #require(list.text.firstMatch(of: #/action="(?<url>/admin/sites/www/submissions/[^/"]+/decide)"/#))
            let editor = try await h.db.read { sql in try await AccountRecords.find(username: "editor", on: sql)! }
            #expect(list.text.contains("<option value=\"\(editor.id)\">"))
            let column = try await h.column("gzdt")
            let adopted = try await publisher.post(
                client, String(decide.output.url),
                [
                    "_csrf": Browser.csrf(list) ?? "", "decision": "adopt", "columnID": column.id, "assigneeID": editor.id,
                ])
            #expect(adopted.status == .seeOther && adopted.headers[.location]?.hasSuffix("submissions?notice=submission-adopted") == true)
            var writer = try await h.browser(client, "editor")
            let inbox = try await writer.get(client, "/admin/inbox")
            #expect(inbox.text.contains("我处召开冬季防火工作会议"))
        }
    }

    /// 14.13: 转载 always starts a draft with the attribution filled in, or goes on with it; someone
    /// who cannot write is told who does it, instead of being offered only 无需转载.
    @Test func aRepostTaskAlwaysLeadsToADraft() async throws {
        try await Harness.with(.sqlite, articles: 10) { (h: Harness, client: any TestClientProtocol) async throws in
            let www = try await h.site("www")
            let task = try await InformationFlowService(database: h.env.database, clock: h.env.clock).addTask(
                siteID: www.id, sourceName: "省人民政府", title: "省政府关于做好冬季安全生产工作的通知",
                link: "https://www.example.gov.cn/zwgk/2026/12/01.html", by: .commandLine())
            var siteadmin = try await h.browser(client, "siteadmin")
            let managed = try await siteadmin.get(client, "/admin/sites/www/reposts")
            let managedRow = try #require(Self.row(of: task.title, in: managed.text))
            #expect(managedRow.contains("无需转载"))
            #expect(managedRow.contains("待本站信息员转载"))

            var editor = try await h.browser(client, "editor")
            let inbox = try await editor.get(client, "/admin/inbox")
            let inboxRow = try #require(Self.row(of: task.title, in: inbox.text))
            let start = try #require(inboxRow.firstMatch(of: #/action="(?<url>/admin/sites/www/reposts/[^/"]+/start)"/#))
            let column = try #require(inboxRow.firstMatch(of: #/<option value="(?<id>[^"]+)"/#))
            let started = try await editor.post(
                client, String(start.output.url), ["_csrf": Browser.csrf(inbox) ?? "", "columnID": String(column.output.id)])
            let edit = try #require(started.headers[.location])
            #expect(edit.hasSuffix("/edit"))
            let form = try await editor.get(client, edit)
            #expect(form.text.contains("value=\"https://www.example.gov.cn/zwgk/2026/12/01.html\""))
            #expect(form.text.contains("value=\"省人民政府\""))
            // The task now leads back to the draft, from the list and from 我的待办.
            for page in ["/admin/sites/www/reposts", "/admin/inbox"] {
                let again = try await editor.get(client, page)
                let row = try #require(Self.row(of: task.title, in: again.text))
                #expect(row.contains("href=\"\(edit)\""), "\(page)")
                #expect(row.contains("继续编辑转载稿"))
            }
        }
    }

    /// 14.14: the 工作台 gives each role the counts and alerts of its job.
    @Test func eachDashboardShowsTheWorkOfItsRole() async throws {
        try await Harness.with(.sqlite, articles: 20) { (h: Harness, client: any TestClientProtocol) async throws in
            let www = try await h.site("www")
            _ = try await InformationFlowService(database: h.env.database, clock: h.env.clock).addTask(
                siteID: www.id, sourceName: "省人民政府", title: "省政府办公厅关于春节假期安排的通知", link: "https://www.example.gov.cn/a.html",
                by: .commandLine())
            _ = try await h.db.write { sql in
                try await BackgroundTaskRecords.request(BackgroundTaskKind.recheck, scope: www.id, by: "测试", at: Date(), on: sql)
            }
            var editor = try await h.browser(client, "editor")
            let mine = try await editor.get(client, "/admin")
            #expect(mine.text.contains("我的工作"))
            #expect(mine.text.contains("<strong>1</strong> 项待转载"))
            #expect(!mine.text.contains("运行状况"))

            var op = try await h.browser(client, "operator")
            let ops = try await op.get(client, "/admin")
            #expect(ops.text.contains("运行状况"))
            #expect(ops.text.contains("<strong>1</strong> 项后台任务排队或进行中"))
            #expect(ops.text.contains("<td>已发布信息复查</td><td>排队中</td>"))
            #expect(!ops.text.contains("我的工作"))

            var leader = try await h.browser(client, "leader")
            let lead = try await leader.get(client, "/admin")
            #expect(lead.text.contains("今年的发布时效"))
            #expect(lead.text.contains("href=\"/admin/sites/www/timeliness\""))
            #expect(lead.text.contains("篇等我审核或签发"))
        }
    }

    /// The table row that names `title`.
    static func row(of title: String, in html: String) -> String? {
        html.split(separator: "<tr").map(String.init).first { $0.contains(title) }
    }
}
