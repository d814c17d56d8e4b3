import Foundation
import HummingbirdTesting
import MenhuCore
import MenhuStore
import MenhuTestSupport
import Testing

/// W5 and 服务不实用: an editor writes a 办事指南 with its ten elements; one with an empty element
/// is not published; the public page shows the elements as a table and the site's 办事服务 lists it.
@Suite struct ServiceGuidePagesTests {
    static func guideFields(columnID: String, leaving: ServiceGuide.Element? = nil) -> [String: String] {
        var fields = [
            "title": "残疾人证办理办事指南", "columnID": columnID, "source": "市残疾人联合会", "body": "<p>申请人可在线申请，也可到窗口办理。</p>",
            "guide.itemName": "残疾人证新办", "guide.basis": "《中华人民共和国残疾人证管理办法》第七条",
            "guide.conditions": "持有本市户籍的残疾人", "guide.materials": "1. 居民身份证\n2. 近期免冠照片 3 张",
            "guide.place": "江源市市民服务中心一楼 18 号窗口", "guide.agency": "江源市残疾人联合会", "guide.fees": "不收费",
            "guide.hours": "工作日 9:00—17:00；20 个工作日内办结", "guide.phone": "0799-1234888",
            "guide.process": "1. 提交申请\n2. 评定残疾等级\n3. 审核发证",
        ]
        if let leaving { fields["guide.\(leaving.rawValue)"] = "" }
        return fields
    }

    @Test(arguments: TestEngine.available)
    func aGuideIsPublishedWithAllTenElementsAndListedInTheCatalogue(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 10) { (h: Harness, client: any TestClientProtocol) async throws in
            let column = try await h.column("ywzn")
            var desk = try await SearchTests.Desk(h, client)
            // The form asks for the ten elements when a 办事服务 column is chosen.
            let form = try await desk.editor.get(client, "/admin/sites/www/articles/new").text
            #expect(form.contains("办事指南要素") && form.contains("name=\"guide.fees\"") && form.contains(column.id))
            // While typing, the check names the element still empty.
            var typed = Self.guideFields(columnID: column.id, leaving: .phone)
            typed["_csrf"] = Browser.csrf(try await desk.editor.get(client, "/admin/sites/www/articles/new")) ?? ""
            let live = try await desk.editor.post(client, "/admin/sites/www/check", typed)
            #expect(live.status == .ok && live.text.contains("办事指南缺少联系电话") && !live.text.contains("缺少事项名称"))
            // One with no 收费标准 is saved as a draft; its page says what is missing and offers no submission.
            let draft = try await desk.editor.createItem(client, Self.guideFields(columnID: column.id, leaving: .fees))
            let still = try await desk.editor.get(client, draft).text
            #expect(still.contains("办事指南缺少收费标准，要素齐全才能发布") && !still.contains("value=\"submit\""))

            let itemURL = try await desk.publish(client, Self.guideFields(columnID: column.id))
            let id = try #require(itemURL.split(separator: "/").last)
            let page = try await client.execute(uri: "/sites/www/ywzn/\(id).html", method: .get)
            #expect(page.status == .ok)
            let table = try #require(page.text.components(separatedBy: "<table class=\"service-guide\">").dropFirst().first)
            let rows = table.components(separatedBy: "</table>")[0]
            for label in ServiceGuide.Element.allCases.map(\.label) { #expect(rows.contains("<th scope=\"row\">\(label)</th>"), "\(label)") }
            #expect(rows.contains("<td>不收费</td>") && rows.contains("1. 居民身份证\n2. 近期免冠照片 3 张"))

            let catalogue = try await client.execute(uri: "/sites/www/services", method: .get)
            #expect(catalogue.status == .ok)
            let row = try #require(catalogue.text.components(separatedBy: "<tr>").first { $0.contains("残疾人证新办") })
            #expect(row.contains("/sites/www/ywzn/\(id).html") && row.contains("江源市残疾人联合会") && row.contains("0799-1234888"))
            #expect(catalogue.text.contains("<h1>办事服务</h1>"))
        }
    }

    /// The demo's guides are whole, so 服务不实用 passes; a site whose guides lack elements is at risk.
    @Test(arguments: TestEngine.available)
    func theIndicatorReadsTheSitesGuides(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 80) { (h: Harness, client: any TestClientProtocol) async throws in
            let www = try await h.site("www"), now = h.clock.now()
            let inspection = try await h.db.read { sql in try await InspectionQuery.read(site: www, now: now, on: sql) }
            let services = try #require(inspection.results.first { $0.indicator == .serviceUseless })
            #expect(services.verdict == .pass, "\(services)")
            #expect(services.value.hasPrefix("办事指南 ") && services.value.contains("要素不全 0 个"))
            var admin = try await h.browser(client, "siteadmin")
            let health = try await admin.get(client, "/admin/sites/www/health").text
            #expect(health.contains("服务不实用") && health.contains(services.value))
        }
    }
}
