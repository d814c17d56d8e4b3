import Foundation
import HTTPTypes
import HummingbirdTesting
import MenhuCore
import MenhuStore
import MenhuTestSupport
import Testing

/// 站内搜索 on the public sites: what a visitor types finds what was published.
@Suite struct SearchTests {
    /// The three people who take an item live.
    struct Desk {
        var editor, reviewer, signer: Browser

        init(_ h: Harness, _ client: any TestClientProtocol) async throws {
            editor = try await h.browser(client, "editor")
            reviewer = try await h.browser(client, "reviewer")
            signer = try await h.browser(client, "signer")
        }

        /// Takes an item through review and sign-off; returns its admin URL.
        mutating func publish(_ client: any TestClientProtocol, _ fields: [String: String]) async throws -> String {
            let itemURL = try await editor.createItem(client, fields)
            _ = try await editor.act(client, itemURL, "submit")
            _ = try await reviewer.act(client, itemURL, "approve")
            #expect(try await signer.act(client, itemURL, "approve").status == .seeOther)
            return itemURL
        }
    }

    /// The titles of the results, as read (the marks of the words searched for left out).
    func results(_ html: String) -> [String] {
        html.components(separatedBy: "<h2><a href=\"").dropFirst().map { piece in
            let title = piece.drop { $0 != ">" }.dropFirst()
            return String(title[..<(title.range(of: "</a>")?.lowerBound ?? title.endIndex)])
                .replacing("<mark>", with: "").replacing("</mark>", with: "")
        }
    }

    @Test(arguments: TestEngine.available)
    func aPublishedItemIsFoundByATwoCharacterWordAndLeavesWhenWithdrawn(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 20) { (h: Harness, client: any TestClientProtocol) async throws in
            let column = try await h.column("gzdt")
            let before = try await client.execute(uri: "/sites/www/search?q=" + "鹭洲".urlEncoded, method: .get)
            #expect(before.status == .ok && before.text.contains("找到 0 条结果"))
            var desk = try await Desk(h, client)
            let itemURL = try await desk.publish(
                client,
                [
                    "title": "鹭洲湿地公园开园", "columnID": column.id, "source": "市林业局",
                    "body": "<p>鹭洲湿地公园今日开园，市民可免费游览。</p>",
                ])
            // Two characters, found in the same transaction that published the page.
            let found = try await client.execute(uri: "/sites/www/search?q=" + "鹭洲".urlEncoded, method: .get).text
            #expect(results(found) == ["鹭洲湿地公园开园"] && found.contains("<mark>鹭洲</mark>湿地公园今日开园"))
            // A phrase is matched exactly: 湿地公园 is found, 公园湿地 is not.
            #expect(results(try await client.execute(uri: "/sites/www/search?q=" + "湿地公园".urlEncoded, method: .get).text).count == 1)
            #expect(results(try await client.execute(uri: "/sites/www/search?q=" + "公园湿地".urlEncoded, method: .get).text).isEmpty)
            // From the portal's search of the whole platform too, but not from another site's.
            #expect(results(try await client.execute(uri: "/search?q=" + "鹭洲".urlEncoded, method: .get).text) == ["鹭洲湿地公园开园"])
            #expect(results(try await client.execute(uri: "/sites/jyj/search?q=" + "鹭洲".urlEncoded, method: .get).text).isEmpty)
            var admin = try await h.browser(client, "siteadmin")
            #expect(try await admin.act(client, itemURL, "withdraw", reason: "重复发布").status == .seeOther)
            #expect(results(try await client.execute(uri: "/sites/www/search?q=" + "鹭洲".urlEncoded, method: .get).text).isEmpty)
        }
    }

    @Test(arguments: TestEngine.available)
    func filtersNarrowByColumnDateAndDocumentNumberAndTitlesRankFirst(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 20) { (h: Harness, client: any TestClientProtocol) async throws in
            let news = try await h.column("gzdt"), notices = try await h.column("tzgg")
            var desk = try await Desk(h, client)
            _ = try await desk.publish(
                client,
                [
                    "title": "秋季学期开学安排", "columnID": news.id, "source": "市教育局",
                    "body": "<p>各校做好开学准备，落实校车安全检查。</p>",
                ])
            _ = try await desk.publish(
                client,
                [
                    "title": "校车安全专项检查通知", "columnID": notices.id, "source": "市教育局",
                    "documentNumber": "江教发〔2026〕12号", "body": "<p>开展专项检查。</p>",
                ])
            let all = results(try await client.execute(uri: "/sites/www/search?q=" + "校车".urlEncoded, method: .get).text)
            #expect(all == ["校车安全专项检查通知", "秋季学期开学安排"], "the title match ranks first")
            let inNews = try await client.execute(uri: "/sites/www/search?q=" + "校车".urlEncoded + "&column=gzdt", method: .get).text
            #expect(results(inNews) == ["秋季学期开学安排"])
            let byNumber = try await client.execute(uri: "/sites/www/search?q=" + "校车".urlEncoded + "&docno=" + "12号".urlEncoded, method: .get).text
            #expect(results(byNumber) == ["校车安全专项检查通知"] && byNumber.contains("江教发〔2026〕12号"))
            let today = ChinaTime.day(h.clock.now())
            let tomorrow = ChinaTime.day(h.clock.now().addingTimeInterval(86_400))
            #expect(
                results(try await client.execute(uri: "/sites/www/search?q=" + "校车".urlEncoded + "&from=\(today)&to=\(today)", method: .get).text)
                    .count == 2)
            #expect(results(try await client.execute(uri: "/sites/www/search?q=" + "校车".urlEncoded + "&from=\(tomorrow)", method: .get).text).isEmpty)
            let bad = try await client.execute(uri: "/sites/www/search?q=" + "校车".urlEncoded + "&from=2026-13-40", method: .get)
            #expect(bad.status == .ok && bad.text.contains("日期请按“2026-01-31”的格式填写"))
            let empty = try await client.execute(uri: "/sites/www/search", method: .get)
            #expect(empty.status == .ok && empty.text.contains("请输入要查找的词语"))
        }
    }
}

extension String {
    var urlEncoded: String { addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }
}

/// Sitemaps, the human site map, robots.txt and column feeds.
@Suite struct SiteMapTests {
    @Test(arguments: [TestEngine.sqlite])
    func crawlersAndReadersFindEveryColumnAndItem(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 30) { (h: Harness, client: any TestClientProtocol) async throws in
            let robots = try await client.execute(uri: "/robots.txt", method: .get)
            #expect(robots.text.contains("Disallow: /admin/") && robots.text.contains("Sitemap: http://") && robots.text.contains("/sitemap.xml\n"))
            let xml = try await client.execute(uri: "/sites/jyj/sitemap.xml", method: .get)
            #expect(xml.status == .ok && xml.headers[.contentType]?.hasPrefix("application/xml") == true)
            let site = try await h.site("jyj")
            let items = try await h.db.read { sql in try await ArticleRecords.sitemap(siteID: site.id, limit: 1000, on: sql) }
            #expect(!items.isEmpty && items.allSatisfy { xml.text.contains("/\($0.id).html</loc>") })
            #expect(xml.text.components(separatedBy: "<url>").count - 1 >= items.count + 2)
            let human = try await client.execute(uri: "/sites/jyj/sitemap", method: .get)
            #expect(human.status == .ok && human.text.contains("<h1>网站地图</h1>") && human.text.contains("href=\"/sites/jyj/tzgg/\""))
            // Every page links the site map from its footer.
            #expect(try await client.execute(uri: "/sites/jyj/", method: .get).text.contains("href=\"/sites/jyj/sitemap\">网站地图</a>"))
            let column = try await client.execute(uri: "/sites/www/zwyw/", method: .get).text
            #expect(column.contains("<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/sites/www/zwyw/rss.xml\""))
            let rss = try await client.execute(uri: "/sites/www/zwyw/rss.xml", method: .get)
            #expect(rss.status == .ok && rss.headers[.contentType]?.hasPrefix("application/rss+xml") == true)
            let newest = try #require(
                column.components(separatedBy: "<ul class=\"item-list column-list\">").last?
                    .components(separatedBy: "\">").dropFirst().first?.prefix { $0 != "<" })
            let count = rss.text.components(separatedBy: "<item>").count - 1
            #expect((1...20).contains(count) && rss.text.contains("<item><title>\(newest)</title>") && rss.text.contains("<pubDate>"))
            let atom = try await client.execute(uri: "/sites/www/zwyw/atom.xml", method: .get)
            #expect(atom.status == .ok && atom.text.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\"") && atom.text.contains("<entry>"))
            #expect(try await client.execute(uri: "/sites/www/nosuch/rss.xml", method: .get).status == .notFound)
        }
    }
}

/// 政府信息公开目录: the disclosure and policy items as a filterable table.
@Suite struct DisclosureCatalogueTests {
    @Test(arguments: TestEngine.available)
    func theCatalogueListsDocumentsAndFiltersThem(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 60) { (h: Harness, client: any TestClientProtocol) async throws in
            let policies = try await h.column("zcwj")
            var desk = try await SearchTests.Desk(h, client)
            _ = try await desk.publish(
                client,
                [
                    "title": "江源市校外培训管理办法", "columnID": policies.id, "source": "市教育局",
                    "documentNumber": "江府发〔2026〕9号", "topic": "教育", "validity": "valid",
                    "body": "<p>第一条 为规范校外培训……</p>",
                ])
            let all = try await client.execute(uri: "/sites/www/disclosure", method: .get)
            #expect(all.status == .ok && all.text.contains("<h1>政府信息公开目录</h1>") && all.text.contains("江源市校外培训管理办法"))
            #expect(all.text.contains("<th scope=\"col\">索引号</th>") && all.text.contains("江府发〔2026〕9号"))
            #expect(all.text.contains("政府信息公开年报"), "links to the yearly reports")
            let byNumber = try await client.execute(uri: "/sites/www/disclosure?docno=" + "〔2026〕9号".urlEncoded, method: .get).text
            #expect(byNumber.contains("共 1 条") && byNumber.contains("江源市校外培训管理办法"))
            let byTopic = try await client.execute(uri: "/sites/www/disclosure?topic=" + "教育".urlEncoded + "&validity=invalid", method: .get).text
            #expect(byTopic.contains("共 0 条") && byTopic.contains("没有符合条件的信息"))
            // Every page links the catalogue from its footer.
            #expect(try await client.execute(uri: "/sites/www/", method: .get).text.contains("href=\"/sites/www/disclosure\">政府信息公开目录</a>"))
        }
    }
}
