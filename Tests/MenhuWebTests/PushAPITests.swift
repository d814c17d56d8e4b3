import Foundation
import HTTPTypes
import HummingbirdTesting
import MenhuCore
import MenhuStore
import MenhuTestSupport
import MenhuWeb
import NIOCore
import Testing

@Suite struct PushAPITests {
    func post(_ client: any TestClientProtocol, token: String?, _ json: String) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: "/api/v1/articles", method: .post, headers: headers, body: ByteBuffer(string: json))
    }

    @Test(arguments: TestEngine.available)
    func aRegisteredSystemPublishesWithItsUpstreamRecord(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 20) { (h: Harness, client: any TestClientProtocol) async throws in
            let site = try await h.site("www")
            let columns = try await h.db.read { sql in try await ColumnRecords.all(siteID: site.id, on: sql) }
            let gzdt = columns.first { $0.slug == "gzdt" }!
            var admin = Browser()
            try await admin.logIn(client, "siteadmin", h.credentials["siteadmin"]!)
            let page = try await admin.get(client, "/admin/sites/www/push")
            #expect(page.status == .ok && page.text.contains("P9"))
            let issued = try await admin.post(
                client, "/admin/sites/www/push",
                ["_csrf": Browser.csrf(page)!, "name": "政务服务系统", "column_\(gzdt.id)": "on"])
            let html = issued.text
            let token = try #require(html.range(of: "<code class=\"token\">").map { String(html[$0.upperBound...].prefix { $0 != "<" }) })
            #expect(token.hasPrefix("mh_"))

            let item = """
                {"column": "gzdt", "title": "市政务服务中心延长周末服务时间", "bodyHTML": "<p onclick='x()'>周六上午开放。</p>",
                 "source": "市政务服务管理局", "eventDate": "2026-11-20",
                 "upstream": {"editor": "王敏", "reviewer": "李强", "signer": "赵刚", "reference": "ZW-2026-1182"}}
                """
            #expect(try await post(client, token: nil, item).status == .unauthorized)
            #expect(try await post(client, token: "mh_wrong", item).status == .unauthorized)
            let bad = try await post(client, token: token, item.replacingOccurrences(of: "\"signer\": \"赵刚\", ", with: ""))
            #expect(bad.status == .badRequest && bad.text.contains("upstream.signer"))
            let same = try await post(client, token: token, item.replacingOccurrences(of: "赵刚", with: "李强"))
            #expect(same.status == .unprocessableContent && same.text.contains("不同的人（依据" + RuleBasis.short(["O3"])))
            let elsewhere = try await post(client, token: token, item.replacingOccurrences(of: "\"gzdt\"", with: "\"tzgg\""))
            #expect(elsewhere.status == .unprocessableContent && elsewhere.text.contains("\"field\":\"column\""))

            let created = try await post(client, token: token, item)
            #expect(created.status == .created)
            let body = try JSONSerialization.jsonObject(with: Data(buffer: created.body)) as! [String: Any]
            let url = body["url"] as! String
            let publicPage = try await client.execute(uri: url, method: .get)
            #expect(publicPage.status == .ok && publicPage.text.contains("市政务服务中心延长周末服务时间") && !publicPage.text.contains("onclick"))
            let id = body["id"] as! String
            let entries = try await h.db.read { sql in try await PublishingRecords.registry(of: id, on: sql) }
            #expect(entries.count == 1 && entries[0].sequence == body["registrySequence"] as? Int)
            #expect(entries[0].author == "王敏（政务服务系统）" && entries[0].reviewer == "李强（政务服务系统）" && entries[0].signer == "赵刚（政务服务系统）")
            #expect(entries[0].note == "上游编号 ZW-2026-1182")

            // Revoked tokens stop working at once.
            let list = try await admin.get(client, "/admin/sites/www/push")
            let system = try await h.db.read { sql in try await InformationFlowService.systems(siteID: site.id, on: sql) }.first!
            #expect(try await admin.post(client, "/admin/sites/www/push/\(system.id)/revoke", ["_csrf": Browser.csrf(list)!]).status == .seeOther)
            #expect(try await post(client, token: token, item).status == .unauthorized)
        }
    }

    @Test(arguments: [TestEngine.sqlite])
    func theOpenAPIDocumentIsServed(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 5) { (h: Harness, client: any TestClientProtocol) async throws in
            let doc = try await client.execute(uri: "/api/openapi.yaml", method: .get)
            #expect(doc.status == .ok && doc.text.hasPrefix("openapi: 3.0.3") && doc.text.contains("/api/v1/articles"))
        }
    }
}
