import CompressNIO
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MenhuCore
import MenhuStore
import MenhuTestSupport
import MenhuWeb
import NIOCore
import SQLKit
import Testing

/// Public pages are served from memory, revalidated with ETag, gzipped, and dropped exactly when
/// a change shows on them — on every instance sharing the database.
@Suite struct PageCacheTests {
    @Test(arguments: [TestEngine.sqlite])
    func pagesAreRevalidatedAndCompressed(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 20) { (h: Harness, client: any TestClientProtocol) async throws in
            let first = try await client.execute(uri: "/sites/www/zwyw/", method: .get)
            let etag = try #require(first.headers[.eTag])
            #expect(first.headers[.lastModified] != nil && first.headers[.vary] == "Accept-Encoding")
            let again = try await client.execute(uri: "/sites/www/zwyw/", method: .get, headers: [.ifNoneMatch: etag])
            #expect(again.status == .notModified && again.body.readableBytes == 0)
            let zipped = try await client.execute(uri: "/sites/www/zwyw/", method: .get, headers: [.acceptEncoding: "gzip, br"])
            #expect(zipped.headers[.contentEncoding] == "gzip" && zipped.body.readableBytes < first.body.readableBytes / 2)
            var packed = zipped.body
            let unpacked = try packed.decompress(with: .gzip())
            #expect(String(buffer: unpacked) == first.text)
            // Search results are never kept.
            #expect(try await client.execute(uri: "/sites/www/search?q=" + "工作".urlEncoded, method: .get).headers[.eTag] == nil)
        }
    }

    @Test(arguments: TestEngine.available)
    func publishingDropsItsPagesHereAndOnOtherInstancesButNothingElse(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 40) { (h: Harness, client: any TestClientProtocol) async throws in
            // A second instance on the same database, with its own cache.
            let other = WebEnvironment(database: h.db, service: h.env.service, renderer: h.env.renderer, isDemo: true)
            try await other.pageCache.start(h.db)
            let otherApp = Application(router: MenhuApplication.router(env: other), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            try await otherApp.test(.router) { otherClient in
                let site = try await h.site("www")
                let news = try await h.column("zwyw"), notices = try await h.column("tzgg")
                for c in [client, otherClient] {
                    for uri in ["/sites/www/", "/sites/www/zwyw/", "/sites/www/tzgg/"] { _ = try await c.execute(uri: uri, method: .get) }
                }
                // Behind the cache's back, a notice's title changes in the database: cached pages keep the old one.
                let notice = try await h.db.read { sql in try await ArticleRecords.published(columnIDs: [notices.id], limit: 1, on: sql) }.first!
                try await h.db.write { sql in
                    try await sql.update("articles").set("title", to: SQLBind("后台改过的标题")).where("id", .equal, notice.id).run()
                }
                #expect(!(try await client.execute(uri: "/sites/www/tzgg/", method: .get).text.contains("后台改过的标题")))
                // Publishing in 政务要闻 drops that column's pages and the homepage, not the notices list.
                var desk = try await SearchTests.Desk(h, client)
                _ = try await desk.publish(client, ["title": "缓存验证：新发布的要闻", "columnID": news.id, "source": "办公室",
                                                    "body": "<p>正文。</p>"])
                #expect(try await client.execute(uri: "/sites/www/zwyw/", method: .get).text.contains("缓存验证：新发布的要闻"))
                #expect(try await client.execute(uri: "/sites/www/", method: .get).text.contains("缓存验证：新发布的要闻"))
                #expect(!(try await client.execute(uri: "/sites/www/tzgg/", method: .get).text.contains("后台改过的标题")))
                // The other instance still has the old list until it reads the change log, then drops the same pages.
                #expect(!(try await otherClient.execute(uri: "/sites/www/zwyw/", method: .get).text.contains("缓存验证：新发布的要闻")))
                #expect(try await other.pageCache.sync(h.db) >= 1)
                #expect(try await otherClient.execute(uri: "/sites/www/zwyw/", method: .get).text.contains("缓存验证：新发布的要闻"))
                #expect(!(try await otherClient.execute(uri: "/sites/www/tzgg/", method: .get).text.contains("后台改过的标题")))
                // A change to the site's columns (archiving 通知公告) drops all its pages.
                var admin = try await h.browser(client, "siteadmin")
                let edit = try await admin.get(client, "/admin/sites/www/columns/\(notices.id)/edit")
                #expect(try await admin.post(client, "/admin/sites/www/columns/\(notices.id)/archive", ["_csrf": Browser.csrf(edit)!]).status == .seeOther)
                let archived = try await client.execute(uri: "/sites/www/tzgg/", method: .get).text
                #expect(archived.contains("本栏目已归档") && archived.contains("后台改过的标题"))
                _ = site
            }
        }
    }
}
