import Foundation
import HummingbirdTesting
import MenhuCore
import MenhuStore
import MenhuTestSupport
import SQLKit
import Testing

/// 全平台抽查 (M2): every site at once, and the quarter's 通报 drafted on the portal.
@Suite struct SpotCheckTests {
    @Test(arguments: TestEngine.available)
    func everySiteIsCheckedAndTheBulletinIsADraftOnThePortal(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 10) { (h: Harness, client: any TestClientProtocol) async throws in
            let sites = try await h.db.read { sql in try await SiteRecords.all(on: sql) }
            // One sub-site that nobody could reach all week fails the check.
            let failing = try #require(sites.first { $0.identity.kind != .portal })
            let now = h.clock.now()
            try await h.db.write { sql in
                var at = ChinaTime.calendar.date(byAdding: .day, value: -6, to: ChinaTime.calendar.startOfDay(for: now))!
                while at < now {
                    try await ProbeRecords.insert(
                        siteID: failing.id, address: "http://127.0.0.1/", probe: SiteProbe(at: at, status: 503, durationMillis: 40), on: sql)
                    at = at.addingTimeInterval(1_800)
                }
            }
            var admin = try await h.browser(client, "admin")
            let page = try await admin.get(client, "/admin/spot-check")
            #expect(page.status == .ok)
            let quarter = Quarter(containing: CalendarDay(now)).label
            #expect(page.text.contains("\(quarter)：抽查网站 \(sites.count) 个（平台全部网站，抽查比例 100%）"))
            for site in sites { #expect(page.text.contains(">\(HTMLText.escape(site.name))</a>"), "\(site.name)") }
            // Every indicator is judged, 服务不实用 from each site's structured guides (W5).
            #expect(!page.text.contains("本次未纳入检查：服务不实用") && page.text.contains("<th>服务不实用</th>"))
            let rows = page.text.components(separatedBy: "<tr>").filter { $0.contains("data-label=\"网站\"") }
            let at = try #require(rows.firstIndex { $0.contains(">\(HTMLText.escape(failing.name))</a>") })
            #expect(rows[...at].allSatisfy { $0.contains(">不合格</span>") }, "the failed sites come first")
            // The platform admin does not write on the portal: no form, and the POST is refused.
            #expect(!page.text.contains("生成通报稿</button>"))
            #expect(try await admin.post(client, "/admin/spot-check/bulletin", ["_csrf": Browser.csrf(page) ?? ""]).status == .forbidden)

            // The portal's editor drafts it into a column of the portal.
            var editor = try await h.browser(client, "editor")
            let form = try await editor.get(client, "/admin/spot-check")
            #expect(form.text.contains("生成通报稿</button>"))
            let csrf = try #require(Browser.csrf(form))
            let bare = try await editor.post(client, "/admin/spot-check/bulletin", ["_csrf": csrf, "columnID": ""])
            #expect(bare.status == .unprocessableContent && bare.text.contains("请选择通报发布的栏目"))
            let drafts = try await h.count("articles")
            let column = try await h.column("tzgg")
            let made = try await editor.post(client, "/admin/spot-check/bulletin", ["_csrf": csrf, "columnID": column.id])
            #expect(made.status == .seeOther)
            #expect(try await h.count("articles") == drafts + 1)
            let location = try #require(made.headers[.location])
            let draft = try await editor.get(client, location)
            #expect(draft.text.contains("关于\(quarter)政府网站抽查情况的通报") && draft.text.contains("草稿"))
            let id = String(location.split(separator: "/").last!.split(separator: "?").first!)
            let (work, revisions) = try await h.db.read { sql in
                (try await PublishingRecords.work(id: id, on: sql), try await PublishingRecords.revisions(of: id, on: sql))
            }
            let body = try #require(revisions.last?.content.bodyHTML)
            #expect(body.contains("<td>\(HTMLText.escape(failing.name))</td><td>站点无法访问") && body.contains("国办秘函〔2019〕19号"))
            #expect(work?.publishedAt == nil, "a draft, to be reviewed and signed like any item")
        }
    }
}
