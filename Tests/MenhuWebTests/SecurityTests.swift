import Foundation
import HTTPTypes
import HummingbirdTesting
import MenhuCore
import MenhuStore
import MenhuTestSupport
import MenhuWeb
import NIOCore
import Testing

/// Issue 12, part 1: the holes found by probing the running server, each with the test that
/// failed before the fix.
@Suite struct SecurityFixTests {
    /// 1.2: a 1 MB .docx inflated to 4.2 GB in memory, by upload and by import.
    @Test func zipBombsAreRefusedOnUploadAndImportWithAMessage() async throws {
        try await Harness.with(.sqlite, articles: 5) { (h: Harness, client: any TestClientProtocol) async throws in
            let bomb = try makeDocxBomb(megabytes: 200)
            #expect(bomb.count < 2 * 1024 * 1024)
            var editor = try await h.browser(client, "editor")
            let filesBefore = try await h.count("files")
            let page = try await editor.get(client, "/admin/sites/www/files")
            let uploaded = try await editor.upload(client, "/admin/sites/www/files", fields: ["_csrf": Browser.csrf(page)!],
                                                   fileField: "file", fileName: "通知.docx", data: bomb)
            #expect(uploaded.status == .unprocessableContent)
            #expect(uploaded.text.contains("恶意构造的压缩文件"))
            let form = try await editor.get(client, "/admin/sites/www/articles/new")
            let imported = try await editor.upload(client, "/admin/sites/www/articles/import", fields: ["_csrf": Browser.csrf(form)!],
                                                   fileField: "docx", fileName: "通知.docx", data: bomb)
            #expect(imported.status == .unprocessableContent)
            #expect(imported.text.contains("恶意构造的压缩文件"))
            #expect(try await h.count("files") == filesBefore)
        }
    }

    /// Issues a push token for the portal's 工作动态 column.
    func pushToken(_ h: Harness, _ client: any TestClientProtocol) async throws -> String {
        let site = try await h.site("www")
        let gzdt = try await h.db.read { sql in try await ColumnRecords.all(siteID: site.id, on: sql) }.first { $0.slug == "gzdt" }!
        var admin = try await h.browser(client, "siteadmin")
        let page = try await admin.get(client, "/admin/sites/www/push")
        let issued = try await admin.post(client, "/admin/sites/www/push",
                                          ["_csrf": Browser.csrf(page)!, "name": "政务服务系统", "column_\(gzdt.id)": "on"])
        let html = issued.text
        return try #require(html.range(of: "<code class=\"token\">").map { String(html[$0.upperBound...].prefix { $0 != "<" }) })
    }

    /// 1.3: a pushed item with 绝密★1年, an ID number and a mobile number went live.
    @Test(arguments: TestEngine.available)
    func pushedItemsPassTheContentGate(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 5) { (h: Harness, client: any TestClientProtocol) async throws in
            let token = try await pushToken(h, client)
            let before = try await h.count("articles")
            let item = """
                {"column": "gzdt", "title": "关于补助发放的通知", "bodyHTML": "<p>绝密★1年 联系人身份证号 11010519491231002X，手机 13912345678。</p>",
                 "source": "市政务服务管理局", "upstream": {"editor": "王敏", "reviewer": "李强", "signer": "赵刚"}}
                """
            let answer = try await client.execute(uri: "/api/v1/articles", method: .post,
                                                  headers: [.contentType: "application/json", .authorization: "Bearer \(token)"],
                                                  body: ByteBuffer(string: item))
            #expect(answer.status == .unprocessableContent)
            #expect(answer.headers[.contentType]?.hasPrefix("application/json") == true)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(buffer: answer.body)) as? [String: Any])
            let error = try #require(json["error"] as? [String: Any])
            #expect(error["code"] as? String == "content_blocked")
            let findings = try #require(error["findings"] as? [[String: Any]])
            let rules = Set(findings.compactMap { $0["rule"] as? String })
            #expect(rules.contains { $0.hasPrefix("classified") }, "\(rules)")
            #expect(rules.contains { $0.contains("id-number") }, "\(rules)")
            #expect(rules.contains { $0.contains("mobile") }, "\(rules)")
            #expect(findings.allSatisfy { $0["field"] as? String == "bodyHTML" })
            #expect(try await h.count("articles") == before, "nothing was published or half-written")
            // A clean item still goes through.
            let clean = item.replacingOccurrences(of: "绝密★1年 联系人身份证号 11010519491231002X，手机 13912345678。", with: "补助将于本月发放。")
            let published = try await client.execute(uri: "/api/v1/articles", method: .post,
                                                     headers: [.contentType: "application/json", .authorization: "Bearer \(token)"],
                                                     body: ByteBuffer(string: clean))
            #expect(published.status == .created)
        }
    }

    /// 1.4: changing the password left the other sessions alive, the one opened with the
    /// initial password included.
    @Test(arguments: TestEngine.available)
    func changingThePasswordEndsEveryOtherSession(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 5) { (h: Harness, client: any TestClientProtocol) async throws in
            let initial = h.credentials["editor"]!
            // Someone else signs in with the initial password and stays on the change form.
            var other = Browser()
            let form = try await other.get(client, "/admin/login")
            let first = try await other.post(client, "/admin/login", ["_csrf": Browser.csrf(form)!, "username": "editor", "password": initial])
            #expect(first.headers[.location] == "/admin/password")
            // The owner signs in too and changes the password.
            var owner = Browser()
            try await owner.logIn(client, "editor", initial)
            #expect(try await owner.get(client, "/admin").status == .ok, "the person who changed it stays signed in")
            let afterwards = try await other.get(client, "/admin/password")
            #expect(afterwards.status == .seeOther && afterwards.headers[.location]?.hasPrefix("/admin/login") == true)
        }
    }
}
