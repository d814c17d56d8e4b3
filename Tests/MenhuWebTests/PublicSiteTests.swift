import Foundation
import HTTPTypes
import HummingbirdTesting
import MenhuCore
import MenhuStore
import MenhuTestSupport
import Testing

@Suite struct PublicSiteTests {
    @Test(arguments: TestEngine.available)
    func homepageShowsIdentityFooterMetaTagsAndNewestItems(engine: TestEngine) async throws {
        try await Harness.with(engine) { (h: Harness, client: any TestClientProtocol) async throws in
            let response = try await client.execute(uri: "/", method: .get)
            #expect(response.status == .ok)
            let html = response.text
            for text in [
                "主办单位：江源市人民政府办公室", "承办单位：江源市政务服务数据管理局", "网站标识码：3699000001",
                "赣ICP备99000001号", "赣公网安备 36990002000001号", "网站找错", "0799-1234567",
                "<meta name=\"SiteName\" content=\"江源市人民政府\">", "<meta name=\"SiteIDCode\" content=\"3699000001\">",
                "<meta name=\"SiteDomain\" content=\"www.jiangyuan.gov.cn\">", "<html lang=\"zh-CN\">", "工作动态",
            ] {
                #expect(html.contains(text), "homepage lacks \(text)")
            }
            #expect(!html.contains("ColumnName"), "homepage carries only Site* tags")
            #expect(response.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            #expect(response.headers[.xContentTypeOptions] == "nosniff")
            for css in ["/static/default/site.css", "/admin/static/admin.css"] {
                let file = try await client.execute(uri: css, method: .get)
                #expect(file.status == .ok && file.headers[.contentType] == "text/css; charset=utf-8", "\(css)")
            }
            #expect(try await client.execute(uri: "/static/admin/admin.css", method: .get).status == .notFound)
        }
    }

    @Test(arguments: TestEngine.available)
    func columnPagesPaginateWithoutRepeatingItems(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 320) { (h: Harness, client: any TestClientProtocol) async throws in
            let first = try await client.execute(uri: "/sites/www/zwyw/", method: .get).text
            let second = try await client.execute(uri: "/sites/www/zwyw/?page=2", method: .get).text
            let links = { (html: String) in
                html.components(separatedBy: "href=\"/sites/www/zwyw/").dropFirst().map { $0.prefix { $0 != "\"" } }.filter { $0.hasSuffix(".html") }
            }
            #expect(links(first).count == 20)
            #expect(!links(second).isEmpty)
            #expect(Set(links(first)).isDisjoint(with: Set(links(second))))
            #expect(first.contains("第 1 页，共"))
            #expect(second.contains("aria-current=\"page\">2<"))
            #expect(first.contains("<meta name=\"ColumnType\" content=\"政务动态\">"))
            // A page beyond the end shows the last page rather than an error.
            #expect(try await client.execute(uri: "/sites/www/zwyw/?page=999", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/sites/www/zwyw/?page=abc", method: .get).status == .ok)
        }
    }

    @Test(arguments: TestEngine.available)
    func articlePageCarriesTheNationalTagsAndBreadcrumb(engine: TestEngine) async throws {
        try await Harness.with(engine) { (h: Harness, client: any TestClientProtocol) async throws in
            let list = try await client.execute(uri: "/sites/jyj/jyxw/", method: .get).text
            let path = try #require(
                list.components(separatedBy: "href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
                    .first { $0.hasPrefix("/sites/jyj/jyxw/") && $0.hasSuffix(".html") })
            let response = try await client.execute(uri: path, method: .get)
            #expect(response.status == .ok)
            let html = response.text
            #expect(html.contains("<meta name=\"ArticleTitle\""))
            #expect(html.range(of: "<meta name=\"PubDate\" content=\"\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}\">", options: .regularExpression) != nil)
            #expect(html.contains("<meta name=\"ContentSource\" content=\"江源市教育局\">"))
            #expect(html.contains("网站标识码：3699000002"))
            #expect(html.contains("aria-label=\"当前位置\""))
            // The same article under another column's path is not served.
            let wrong = path.replacingOccurrences(of: "/jyxw/", with: "/tzgg/")
            #expect(try await client.execute(uri: wrong, method: .get).status == .notFound)
        }
    }

    @Test(arguments: TestEngine.available)
    func unknownPagesAndSitesGiveA404PageInChinese(engine: TestEngine) async throws {
        try await Harness.with(engine) { (h: Harness, client: any TestClientProtocol) async throws in
            for uri in [
                "/sites/www/no-such-column/", "/sites/www/gzdt/000.html", "/sites/www/gzdt/x", "/sites/nosite/",
                "/sites/%E4%B8%AD/", "/no-such-column/", "/static/default/..%2F..%2FPackage.swift", "/static/nope/site.css",
            ] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .notFound, "\(uri)")
            }
            let page = try await client.execute(uri: "/sites/www/no-such-column/", method: .get).text
            #expect(page.contains("页面不存在") && page.contains("网站标识码"))
            #expect(!page.contains("aria-current=\"page\">首页"), "a missing page is not the homepage")
        }
    }

    /// Sends a request with a chosen Host header through curl, as a browser on that domain would.
    /// curl runs on a Dispatch thread: blocking a Swift concurrency thread while the server under
    /// test needs those threads would deadlock on a 2-core machine.
    static func curl(port: Int, host: String, path: String, extra: [String] = []) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
                    process.arguments = ["-s", "--max-time", "20", "-H", "Host: \(host)"] + extra + ["http://127.0.0.1:\(port)\(path)"]
                    let pipe = Pipe()
                    process.standardOutput = pipe
                    try process.run()
                    let data = pipe.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    continuation.resume(returning: String(decoding: data, as: UTF8.self))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func theHostHeaderChoosesTheSite(engine: TestEngine) async throws {
        try await Harness.with(engine, live: true) { (h: Harness, client: any TestClientProtocol) async throws in
            let port = try #require(client.port)
            let sub = try await Self.curl(port: port, host: "wjw.jiangyuan.gov.cn", path: "/")
            #expect(sub.contains("<meta name=\"SiteName\" content=\"江源市卫生健康委员会\">"))
            let column = try await Self.curl(port: port, host: "wjw.jiangyuan.gov.cn:8080", path: "/wjdt/")
            #expect(column.contains("<meta name=\"ColumnName\" content=\"卫健动态\">") && column.contains("href=\"/wjdt/"))
            let portal = try await Self.curl(port: port, host: "jiangyuan.gov.cn", path: "/")
            #expect(portal.contains("<meta name=\"SiteName\" content=\"江源市人民政府\">"))
        }
    }

    @Test(arguments: TestEngine.available)
    func healthCheckAnswersWhileTheDatabaseIsUp(engine: TestEngine) async throws {
        try await Harness.with(engine) { (h: Harness, client: any TestClientProtocol) async throws in
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            await h.db.shutdown()
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .serviceUnavailable)
        }
    }

    @Test func archivedColumnIsMarkedAndStaysReachable() async throws {
        try await Harness.with(.sqlite) { (h: Harness, client: any TestClientProtocol) async throws in
            let www = try await h.site("www")
            let column = try await h.db.read { sql in try await ColumnRecords.find(siteID: www.id, slug: "tzgg", on: sql)! }
            _ = try await h.env.service.setColumnArchived(id: column.id, siteID: www.id, archived: true, by: .commandLine())
            let page = try await client.execute(uri: "/sites/www/tzgg/", method: .get)
            #expect(page.status == .ok)
            #expect(page.text.contains("本栏目已归档（归档日期：2026-03-02）"))
            #expect(!(try await client.execute(uri: "/sites/www/", method: .get).text.contains(">通知公告</a></li>")))
        }
    }

    @Test func behindATrustedProxyTheAuditLogRecordsTheRealClient() async throws {
        try await Harness.with(.sqlite, live: true, trustedProxies: ["127.0.0.1"]) { (h: Harness, client: any TestClientProtocol) async throws in
            let port = try #require(client.port)
            let login = try await Self.curl(port: port, host: "localhost", path: "/admin/login", extra: ["-c", "-", "-o", "/dev/null"])
            let token = try #require(login.split(separator: "\n").first { $0.contains("menhu_login") }?.split(separator: "\t").last)
            _ = try await Self.curl(
                port: port, host: "localhost", path: "/admin/login",
                extra: [
                    "-H", "X-Forwarded-For: 203.0.113.9, 127.0.0.1", "-b", "menhu_login=\(token)",
                    "--data", "_csrf=\(token)&username=editor&password=wrong-password",
                ])
            _ = try await Self.curl(
                port: port, host: "localhost", path: "/admin/login",
                extra: [
                    "-H", "X-Forwarded-For: 198.51.100.7", "-b", "menhu_login=\(token)",
                    "--data", "_csrf=\(token)&username=editor&password=wrong-again",
                ])
            let events = try await h.db.read { sql in try await AuditRecords.recent(siteIDs: nil, limit: 5, offset: 0, on: sql) }.events
            #expect(events.filter { $0.action == "login.failure" }.map(\.address) == ["198.51.100.7", "203.0.113.9"])
        }
    }
}
