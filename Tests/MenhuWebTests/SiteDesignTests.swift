import Foundation
import HTTPTypes
import HummingbirdTesting
import MenhuCore
import MenhuStore
import MenhuTestSupport
import Testing

/// W1, W2: what a site admin changes of how the site looks — homepage blocks, 专题 pages, the
/// theme's colour, pictures and templates (draft, preview, publish) — and what visitors see.
@Suite struct SiteDesignTests {
    func get(_ client: any TestClientProtocol, _ uri: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .get)
    }

    /// The headings of the homepage's blocks, in order.
    func blockTitles(_ html: String) -> [String] {
        html.components(separatedBy: "<h2 id=\"block-").dropFirst().map { piece in
            String(piece.drop { $0 != ">" }.dropFirst().prefix { $0 != "<" })
        }
    }

    @Test(arguments: TestEngine.available)
    func theHomepageShowsTheConfiguredBlocksAndTheAdminChangesThem(engine: TestEngine) async throws {
        try await Harness.with(engine) { (h: Harness, client: any TestClientProtocol) async throws in
            let home = try await get(client, "/sites/www/").text
            #expect(blockTitles(home) == ["图片新闻", "政务要闻", "通知公告", "政策文件", "部门动态", "专题专栏", "部门网站", "相关链接", "互动交流"])
            // Picture news: the picture of the item with its caption (P12).
            let picture = home.components(separatedBy: "class=\"picture-list\"")[1].components(separatedBy: "</ul>")[0]
            #expect(picture.components(separatedBy: "<img src=\"/files/").count - 1 == 4)
            #expect(picture.contains("（示意图）\" loading=\"lazy\"><figcaption>"))
            // Topics: the two topics, not the column that gathers them; the interaction entry with 找错 (W3).
            let topics = home.components(separatedBy: "class=\"topic-list\"")[1].components(separatedBy: "</ul>")[0]
            #expect(topics.contains("优化营商环境") && topics.contains("安全生产专项整治") && !topics.contains(">专题专栏<"))
            #expect(home.contains("我要找错") && home.contains("href=\"https://www.gov.cn/\""))

            var admin = try await h.browser(client, "siteadmin")
            let page = try await admin.get(client, "/admin/sites/www/home")
            #expect(page.status == .ok && page.text.contains(citing("W1")))
            let token = Browser.csrf(page) ?? ""
            // A malformed link is refused with the line named, and nothing is added.
            let before = try await h.count("home_blocks")
            let bad = try await admin.post(
                client, "/admin/sites/www/home",
                [
                    "_csrf": token, "kind": "links", "title": "便民服务",
                    "links": "政务服务网 https://zwfw.example.gov.cn\n社保查询",
                ])
            #expect(bad.status == .unprocessableContent && bad.text.contains("第 2 行应为“名称 地址”"))
            #expect(try await h.count("home_blocks") == before)
            let noColumn = try await admin.post(client, "/admin/sites/www/home", ["_csrf": token, "kind": "pictures"])
            #expect(noColumn.status == .unprocessableContent && noColumn.text.contains("“图片新闻”区块须选择栏目"))
            // A good one appears on the homepage at once (the cached page is dropped).
            let added = try await admin.post(
                client, "/admin/sites/www/home",
                [
                    "_csrf": token, "kind": "links", "title": "便民服务",
                    "links": "政务服务网 https://zwfw.example.gov.cn/\n办事指南 /ywzn/",
                ])
            #expect(added.status == .seeOther)
            let after = try await get(client, "/sites/www/").text
            #expect(blockTitles(after).last == "便民服务" && after.contains("href=\"https://zwfw.example.gov.cn/\">政务服务网</a>"))
            // Moved up one place, then removed.
            let id = try await h.db.read { db in try await HomeBlockRecords.all(siteID: try await h.site("www").id, on: db) }.last!.id
            #expect(try await admin.post(client, "/admin/sites/www/home/\(id)/up", ["_csrf": token]).status == .seeOther)
            #expect(blockTitles(try await get(client, "/sites/www/").text).suffix(2) == ["便民服务", "互动交流"])
            #expect(try await admin.post(client, "/admin/sites/www/home/\(id)/remove", ["_csrf": token]).status == .seeOther)
            #expect(!blockTitles(try await get(client, "/sites/www/").text).contains("便民服务"))
            let log = try await h.db.read { db in try await AuditRecords.about(targetID: try await h.site("www").id, on: db) }
            #expect(log.map(\.action).filter { $0.hasPrefix("home.") } == ["home.remove", "home.move", "home.add"])
        }
    }

    @Test(arguments: TestEngine.available)
    func aSiteWithoutBlocksShowsItsColumnsAndKeepsThemWhenFirstChanged(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 30) { (h: Harness, client: any TestClientProtocol) async throws in
            let defaults = blockTitles(try await get(client, "/sites/jyj/").text)
            #expect(defaults == ["教育新闻", "通知公告", "政策文件", "办事指南", "下载中心"])
            var admin = try await h.browser(client, "admin")
            let token = Browser.csrf(try await admin.get(client, "/admin/sites/jyj/home")) ?? ""
            let news = try await h.column("jyxw", site: "jyj")
            #expect(
                try await admin.post(
                    client, "/admin/sites/jyj/home",
                    [
                        "_csrf": token, "kind": "pictures", "columnID": news.id,
                        "count": "3",
                    ]
                ).status == .seeOther)
            // The default blocks were kept as they were; the new block comes last.
            #expect(blockTitles(try await get(client, "/sites/jyj/").text) == defaults + ["图片新闻"])
        }
    }

    @Test(arguments: TestEngine.available)
    func aTopicPageShowsEachPartWithItsNewestItems(engine: TestEngine) async throws {
        try await Harness.with(engine) { (h: Harness, client: any TestClientProtocol) async throws in
            let page = try await get(client, "/sites/www/ztzl/")
            #expect(page.status == .ok)
            let html = page.text
            #expect(html.contains("class=\"topic-banner\"") && html.contains("<meta name=\"ColumnType\" content=\"专题专栏\">"))
            let sections = html.components(separatedBy: "<h2 id=\"section-").dropFirst().map {
                String($0.drop { $0 != ">" }.dropFirst().prefix { $0 != "<" })
            }
            #expect(sections == ["优化营商环境", "安全生产专项整治"])
            // A topic without parts: its banner and its items.
            let part = try await get(client, "/sites/www/yshj/").text
            #expect(part.contains("class=\"topic-banner\"") && !part.contains("id=\"section-0\"") && part.contains("深化“放管服”改革"))
        }
    }

    @Test(arguments: TestEngine.available)
    func themeChangesArePreviewedAndOnlyPublishedChangesReachVisitors(engine: TestEngine) async throws {
        try await Harness.with(engine) { (h: Harness, client: any TestClientProtocol) async throws in
            var admin = try await h.browser(client, "siteadmin")
            let page = try await admin.get(client, "/admin/sites/www/theme")
            let token = Browser.csrf(page) ?? ""
            let picture = page.text.components(separatedBy: "<option value=\"/files/")[1].prefix { $0 != "\"" }
            // W2: a colour too light for text on white is refused, with the ratio.
            let pale = try await admin.post(client, "/admin/sites/www/theme", ["_csrf": token, "colour": "#ffcc00"])
            #expect(pale.status == .unprocessableContent && pale.text.contains("低于 4.5:1"))
            let foreign = try await admin.post(client, "/admin/sites/www/theme", ["_csrf": token, "colour": "", "logo": "https://example.com/x.png"])
            #expect(foreign.status == .unprocessableContent && foreign.text.contains("请从本站已上传的图片中选择"))
            #expect(try await h.count("theme_overrides") == 0)

            let saved = try await admin.post(client, "/admin/sites/www/theme", ["_csrf": token, "colour": "#1F4E8C", "logo": "/files/" + picture])
            #expect(saved.status == .seeOther)
            // A template of the site's own: a broken one is refused with its place.
            let broken = try await admin.post(
                client, "/admin/sites/www/theme/templates/footer", ["_csrf": token, "text": "<footer>{{#site}}\n{{name}}</footer>"])
            #expect(broken.status == .unprocessableContent && broken.text.contains("模板第"))
            let original = try await admin.get(client, "/admin/sites/www/theme/templates/footer").text
            #expect(original.contains("{{ui.siteIDCode}}"), "the editor starts from the theme's own footer")
            let footer = try await admin.post(
                client, "/admin/sites/www/theme/templates/footer",
                ["_csrf": token, "text": "<footer class=\"site-footer\"><p>本站自定义页脚 {{site.sponsor}}</p></footer>"])
            #expect(footer.status == .seeOther)

            // Drafts: visitors see nothing new; the preview shows everything.
            let before = try await get(client, "/sites/www/").text
            #expect(!before.contains("本站自定义页脚") && !before.contains("theme.css") && !before.contains("site-logo"))
            let preview = try await admin.get(client, "/admin/sites/www/theme/preview")
            #expect(preview.status == .ok && preview.text.contains("本站自定义页脚 江源市人民政府办公室") && preview.text.contains("主题预览"))
            #expect(preview.text.contains("class=\"site-logo\" src=\"/files/\(picture)\""))
            let previewArticle = try await admin.get(client, "/admin/sites/www/theme/preview?path=/zwyw/")
            #expect(previewArticle.status == .ok && previewArticle.text.contains("本站自定义页脚"))
            #expect(try await get(client, "/sites/www/theme.css").text.isEmpty)

            let publish = try await admin.post(client, "/admin/sites/www/theme/publish", ["_csrf": token])
            #expect(publish.status == .seeOther)
            let after = try await get(client, "/sites/www/").text
            #expect(after.contains("本站自定义页脚") && after.contains("class=\"site-logo\""))
            let style = after.components(separatedBy: "<link rel=\"stylesheet\" href=\"")[2].prefix { $0 != "\"" }
            #expect(style.hasPrefix("/sites/www/theme.css?v="))
            #expect(try await get(client, String(style)).text.contains("--primary: #1f4e8c"))
            // Other sites keep the theme as it is.
            #expect(!(try await get(client, "/sites/jyj/").text.contains("本站自定义页脚")))

            // Back to the theme's own footer: a draft again, then published.
            #expect(try await admin.post(client, "/admin/sites/www/theme/templates/footer", ["_csrf": token, "reset": "1"]).status == .seeOther)
            #expect(try await get(client, "/sites/www/").text.contains("本站自定义页脚"))
            #expect(try await admin.post(client, "/admin/sites/www/theme/publish", ["_csrf": token]).status == .seeOther)
            let restored = try await get(client, "/sites/www/").text
            #expect(!restored.contains("本站自定义页脚") && restored.contains("网站标识码"))
            // Nothing left to publish.
            #expect(try await admin.post(client, "/admin/sites/www/theme/publish", ["_csrf": token]).status.code == 409)
        }
    }

    @Test(arguments: TestEngine.available)
    func pagesNameThePlatformsHostsForTheLeavingNotice(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 20) { (h: Harness, client: any TestClientProtocol) async throws in
            let html = try await get(client, "/sites/jyj/").text
            let hosts = html.components(separatedBy: "data-internal-hosts=\"")[1].prefix { $0 != "\"" }.split(separator: " ").map(String.init)
            let domains = try await h.db.read { db in try await SiteRecords.allDomains(on: db) }
            #expect(!domains.isEmpty && Set(hosts) == Set(domains))
            #expect(html.contains("/static/default/site.js"))
            #expect(try await get(client, "/static/default/site.js").text.contains("您即将离开本站"))
        }
    }
}
