import Foundation
import HummingbirdTesting
import MenhuCore
import MenhuStore
import MenhuTestSupport
import SQLKit
import Testing

/// 规则落实情况 (M1, M2): each numbered requirement's status on a site, from what is in the database.
@Suite struct RequirementsPageTests {
    func row(_ html: String, _ id: String) -> String? {
        html.components(separatedBy: "<tr id=\"rule-").first { $0.hasPrefix(id + "\"") }
    }

    @Test(arguments: TestEngine.available)
    func eachRequirementSaysHowItStandsAndWhatItWasJudgedOn(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 10) { (h: Harness, client: any TestClientProtocol) async throws in
            var admin = try await h.browser(client, "siteadmin")
            let page = try await admin.get(client, "/admin/sites/www/requirements")
            #expect(page.status == .ok)
            let live = try await h.db.read { sql in
                try await sql.raw(
                    "SELECT COUNT(*) AS n FROM articles a JOIN sites s ON s.id = a.site_id WHERE s.code = 'www' AND a.status = 'published'"
                )
                .first()!.decode(column: "n", as: Int.self)
            }
            #expect(row(page.text, "P1")?.contains("已发布 \(live) 条，均经审核、签发") == true)
            #expect(row(page.text, "P1")?.contains("verdict ok") == true && row(page.text, "O3")?.contains("verdict ok") == true)
            #expect(row(page.text, "P6")?.contains("逐条校验一致") == true)
            // The rule is cited as people know it, never by its number alone.
            #expect(row(page.text, "P1")?.contains("basis-link") == true)

            // Someone signs their own item, a live item loses its review, the registry is edited, the ICP number is cleared.
            try await h.db.write { sql in
                let article = try await sql.raw(
                    "SELECT a.id, a.live_revision_id FROM articles a JOIN sites s ON s.id = a.site_id WHERE s.code = 'www' AND a.status = 'published' LIMIT 1"
                ).first()!
                let id = try article.decode(column: "id", as: String.self), revision = try article.decode(column: "live_revision_id", as: String.self)
                try await sql.raw(
                    "UPDATE revisions SET author_id = (SELECT account_id FROM approvals WHERE revision_id = \(bind: revision) AND step = 'signOff') WHERE id = \(bind: revision)"
                ).run()
                try await sql.raw("DELETE FROM approvals WHERE article_id = \(bind: id) AND step = 'review'").run()
                try await sql.raw("UPDATE registry_entries SET title = '改过的标题' WHERE sequence = 1").run()
                try await sql.raw("UPDATE sites SET icp_filing = '' WHERE code = 'www'").run()
            }
            let broken = try await admin.get(client, "/admin/sites/www/requirements").text
            #expect(row(broken, "O3")?.contains("verdict bad") == true && row(broken, "O3")?.contains("审核或签发自己稿件 1 次") == true)
            #expect(row(broken, "P1")?.contains("其中 1 条缺少审核或签发记录") == true)
            #expect(row(broken, "P6")?.contains("发布登记簿校验不通过：第 1 条") == true)
            #expect(row(broken, "S2")?.contains("未填写：ICP备案号") == true)
            // Worst first.
            let order = broken.components(separatedBy: "<tr id=\"rule-").dropFirst().map {
                $0.contains("verdict bad") ? 0 : $0.contains("verdict warn") ? 1 : 2
            }
            #expect(order == order.sorted())
            // An editor has no business here.
            var editor = try await h.browser(client, "editor")
            #expect(try await editor.get(client, "/admin/sites/www/requirements").status == .forbidden)
        }
    }
}
