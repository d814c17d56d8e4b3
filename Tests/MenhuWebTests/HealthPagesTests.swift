import Foundation
import HummingbirdTesting
import MenhuCore
import MenhuStore
import MenhuTestSupport
import SQLKit
import Testing

/// 网站健康 (issue 16): the veto checklist of a site, from its probes and its columns.
@Suite struct HealthPagesTests {
    /// The table row of 站点无法访问.
    func availability(_ html: String) -> String? {
        html.components(separatedBy: "<tr>").first { $0.contains("<td data-label=\"指标\">站点无法访问</td>") }
    }

    @Test(arguments: TestEngine.available)
    func theHealthPageShowsEachIndicatorAndAWeekOfFailedProbesIsAVeto(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 10) { (h: Harness, client: any TestClientProtocol) async throws in
            // The demo's week of probes is put aside: this test makes its own.
            try await h.db.write { sql in try await sql.raw("DELETE FROM site_probes").run() }
            var admin = try await h.browser(client, "siteadmin")
            let before = try await admin.get(client, "/admin/sites/www/health")
            #expect(before.status == .ok)
            for label in ["站点无法访问", "首页不更新", "栏目不更新", "互动回应差", "服务不实用"] { #expect(before.text.contains(label)) }
            // F1: every column's own contract, with its owner and the days to the veto line.
            #expect(before.text.contains("<h2>栏目更新要求</h2>") && before.text.contains("<td data-label=\"距否决线\">"))
            #expect(before.text.contains("近 7 天监测 0 次") && before.text.contains("数据不足"), "no probes is never a pass")
            // Every 30 minutes over the 7 China days up to now, every 28th failing (3.6 %) and one taking 15 s.
            let www = try await h.site("www")
            let now = h.clock.now()
            let from = ChinaTime.calendar.date(byAdding: .day, value: -6, to: ChinaTime.calendar.startOfDay(for: now))!
            var probes: [SiteProbe] = []
            var at = from
            while at < now {
                probes.append(SiteProbe(at: at, status: probes.count % 28 == 27 ? 503 : 200, durationMillis: probes.count == 3 ? 15_000 : 120))
                at = at.addingTimeInterval(1_800)
            }
            func store(_ list: [SiteProbe], address: String) async throws {
                try await h.db.write { sql in
                    for p in list { try await ProbeRecords.insert(siteID: www.id, address: address, probe: p, on: sql) }
                }
            }
            try await store(probes, address: "http://127.0.0.1/")
            let failed = probes.filter(\.failed).count
            #expect(failed == probes.count / 28 + 1)
            let week = try await admin.get(client, "/admin/sites/www/health").text
            #expect(week.contains("近 7 天监测 \(probes.count) 次，失败 \(failed) 次"))
            #expect(availability(week)?.contains("verdict bad") == false)
            // Failures seen from a second address push the share to 5 % or more.
            var extra = 0
            while Double(failed + extra) / Double(probes.count + extra) < 0.05 { extra += 1 }
            let failures = (0..<extra).map { k in
                SiteProbe(at: from.addingTimeInterval(Double(k) * 1_800 + 60), status: nil, durationMillis: 30, error: "无法连接")
            }
            try await store(failures, address: "http://192.0.2.1/")
            let veto = try await admin.get(client, "/admin/sites/www/health").text
            #expect(veto.contains("失败 \(failed + extra) 次") && availability(veto)?.contains("<span class=\"verdict bad\">单项否决</span>") == true)
            #expect(veto.contains("自查结论：<span class=\"verdict bad\">单项否决</span>"))
            // An editor has no business here.
            var editor = try await h.browser(client, "editor")
            #expect(try await editor.get(client, "/admin/sites/www/health").status == .forbidden)
        }
    }

    /// With several instances, the first to claim a site's 30-minute slot probes it; the others skip it.
    @Test(arguments: TestEngine.available)
    func eachSlotIsClaimedOnce(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 1) { (h: Harness, client: any TestClientProtocol) async throws in
            let site = try await h.site("www"), db = h.db
            try await db.write { sql in try await sql.raw("DELETE FROM site_probes").run() }
            let at = Date(timeIntervalSince1970: 1_790_000_000)
            let first = try await db.write { sql in try await ProbeRecords.claim(siteID: site.id, address: "a", at: at, on: sql) }
            let second = try await db.write { sql in
                try await ProbeRecords.claim(siteID: site.id, address: "a", at: at.addingTimeInterval(60), on: sql)
            }
            let next = try await db.write { sql in
                try await ProbeRecords.claim(siteID: site.id, address: "a", at: at.addingTimeInterval(1_800), on: sql)
            }
            #expect(first && !second && next)
            // A claimed probe that never finished is not a probe.
            #expect(try await db.read { sql in try await ProbeRecords.since(at.addingTimeInterval(-60), siteID: site.id, on: sql) }.isEmpty)
        }
    }
}
