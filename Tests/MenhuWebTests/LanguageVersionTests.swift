import Foundation
import HTTPTypes
import HummingbirdTesting
import MenhuCore
import MenhuStore
import MenhuTestSupport
import Testing

/// W4: a site can have a foreign-language version with its own columns and words, in the right language.
@Suite struct LanguageVersionTests {
    func get(_ client: any TestClientProtocol, _ uri: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .get)
    }

    @Test(arguments: TestEngine.available)
    func theEnglishVersionSpeaksEnglishAndLinksToTheChineseSite(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 300) { (h: Harness, client: any TestClientProtocol) async throws in
            let home = try await get(client, "/sites/en/").text
            #expect(home.contains("<html lang=\"en\">"))
            for words in [
                "Skip to main content", "Search this site", "Sponsored by: General Office", ">Home</a>", ">News</a>", "All rights reserved.",
            ] {
                #expect(home.contains(words), "English page shows “\(words)”")
            }
            #expect(!home.contains("跳到主要内容") && !home.contains("主办单位："))
            // Each version links to the other, marked with its language.
            #expect(home.contains("<a href=\"/sites/www/\" lang=\"zh-CN\" hreflang=\"zh-CN\">中文</a>"))
            let chinese = try await get(client, "/sites/www/").text
            #expect(chinese.contains("<html lang=\"zh-CN\">") && chinese.contains("<a href=\"/sites/en/\" lang=\"en\" hreflang=\"en\">English</a>"))
            #expect(chinese.contains("跳到主要内容") && !chinese.contains("Skip to main content"))
            // Its own columns, pages and messages.
            let news = try await get(client, "/sites/en/news/")
            #expect(news.status == .ok && news.text.contains("<h1>News</h1>"))
            let missing = try await get(client, "/sites/en/no-such-page/")
            #expect(missing.status == .notFound && missing.text.contains("Page not found"))
            let search = try await get(client, "/sites/en/search?q=Jiangyuan").text
            #expect(search.contains(" results") && !search.contains("条"))
            // A sub-site without a version has no language links.
            #expect(!(try await get(client, "/sites/jyj/").text.contains("hreflang")))
        }
    }

    @Test(arguments: TestEngine.available)
    func aForeignLanguageVersionMustBelongToAChineseSite(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 20) { (h: Harness, client: any TestClientProtocol) async throws in
            var admin = Browser()
            let token = try await admin.logIn(client, "admin", h.credentials["admin"]!)
            let en = try await h.site("en"), jyj = try await h.site("jyj")
            let fields = [
                "_csrf": token, "code": "jyj-en", "name": "Jiangyuan Education Bureau", "sponsor": "Jiangyuan Education Bureau",
                "organizer": "Office", "siteIDCode": "3699000005", "icpFiling": "赣ICP备99000001号-5",
                "publicSecurityFiling": "赣公网安备 36990002000005号", "domains": "en.jyj.jiangyuan.gov.cn",
                "personInCharge": "Director", "contactPhone": "0799-1234601", "contactEmail": "en@jiangyuan.gov.cn",
                "language": "en",
            ]
            let before = try await h.count("sites")
            let orphan = try await admin.post(client, "/admin/sites", fields)
            #expect(orphan.status == .unprocessableContent && orphan.text.contains("外文版须选择它所对应的中文网站"))
            var ofEnglish = fields; ofEnglish["variantOf"] = en.id
            let chained = try await admin.post(client, "/admin/sites", ofEnglish)
            #expect(chained.status == .unprocessableContent && chained.text.contains("请选择中文网站"))
            #expect(try await h.count("sites") == before)
            var good = fields; good["variantOf"] = jyj.id
            #expect(try await admin.post(client, "/admin/sites", good).status == .seeOther)
            let page = try await get(client, "/sites/jyj-en/").text
            #expect(page.contains("<html lang=\"en\">") && page.contains("<a href=\"/sites/jyj/\" lang=\"zh-CN\""))
            #expect(try await get(client, "/sites/jyj/").text.contains("<a href=\"/sites/jyj-en/\" lang=\"en\""))
        }
    }
}
