import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MenhuCore
import MenhuJobs
import MenhuStore
import MenhuTestSupport
import SQLKit
import Testing

@testable import MenhuWeb

/// 网站健康 (issue 16): the veto checklist of a site, from its probes and its columns.
@Suite struct HealthPagesTests {
    /// The table row of 站点无法访问.
    func availability(_ html: String) -> String? {
        html.components(separatedBy: "<tr>").first { $0.contains("<td data-label=\"指标\" class=\"nowrap\">站点无法访问</td>") }
    }

    @Test(arguments: TestEngine.available)
    func theHealthPageShowsEachIndicatorAndAWeekOfFailedProbesIsAVeto(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 10) { (h: Harness, client: any TestClientProtocol) async throws in
            // The demo's week of probes is put aside: this test makes its own.
            try await h.db.write { sql in try await sql.raw("DELETE FROM site_probes").run() }
            var admin = try await h.browser(client, "siteadmin")
            let before = try await admin.get(client, "/admin/sites/www/health")
            #expect(before.status == .ok)
            for label in ["站点无法访问", "首页不更新", "栏目不更新", "严重问题", "互动回应差", "服务不实用"] { #expect(before.text.contains(label)) }
            // F1: every column's own contract, with its owner and the days to the veto line.
            #expect(before.text.contains("<h2>栏目更新要求</h2>") && before.text.contains("<td data-label=\"距否决线\" class=\"nowrap\">"))
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

    /// 严重问题: an item whose shown date was moved back (伪造发稿日期), and a live page the content
    /// gate blocks, are each a veto the site admin sees with the item named.
    @Test(arguments: TestEngine.available)
    func aMovedBackDateAndABlockedLivePageAreSeriousProblems(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 10) { (h: Harness, client: any TestClientProtocol) async throws in
            func serious(_ html: String) -> String? {
                html.components(separatedBy: "<tr>").first { $0.contains("<td data-label=\"指标\" class=\"nowrap\">严重问题</td>") }
            }
            var admin = try await h.browser(client, "siteadmin")
            let clean = try await admin.get(client, "/admin/sites/www/health").text
            #expect(serious(clean)?.contains("verdict ok") == true, "the demo's items were published as registered")
            let column = try await h.column("gzdt")
            var desk = try await SearchTests.Desk(h, client)
            let url = try await desk.publish(
                client, ["title": "日期被改的信息", "columnID": column.id, "source": "市政府办公室", "body": "<p>内容。</p>"])
            let id = String(url.split(separator: "/").last!)
            // Someone moves the shown date back a month, past the registry's record of the publication.
            try await h.db.write { sql in
                try await sql.raw("UPDATE articles SET published_at = published_at - \(literal: 30 * 86_400_000) WHERE id = \(bind: id)").run()
            }
            let moved = try await admin.get(client, "/admin/sites/www/health").text
            let row = try #require(serious(moved))
            #expect(row.contains("<span class=\"verdict bad\">单项否决</span>") && row.contains("伪造发稿日期：「日期被改的信息」显示发布于"))
            #expect(row.contains("早于稿件创建时间"))
            // A blocking finding of the re-check on a live page is one too.
            let www = try await h.site("www")
            try await h.db.write { sql in
                try await LiveFindingRecords.replace(
                    siteID: www.id, with: [(articleID: id, blocking: 1, warnings: 0, summary: "含有密级标志“绝密★1年”")], at: h.clock.now(), on: sql)
            }
            let blocked = try #require(serious(try await admin.get(client, "/admin/sites/www/health").text))
            #expect(blocked.contains("内容问题：「日期被改的信息」含有密级标志") && blocked.contains("verdict bad"))
        }
    }

    /// M3: an indicator reaching the veto line tells the site admin, the site's leader and the
    /// platform admin once, on the 整改 page and by e-mail, and not again while it stays red.
    @Test func aVetoTurningRedTellsTheSiteAdminTheLeaderAndThePlatform() async throws {
        try await Harness.with(.sqlite, articles: 10) { (h: Harness, client: any TestClientProtocol) async throws in
            let relay = try FakeSMTPServer()
            defer { relay.stop() }
            let www = try await h.site("www")
            let siteadmin = try await h.account("siteadmin")
            try await h.db.write { sql in
                try await sql.raw("DELETE FROM site_probes").run()
                try await sql.raw("UPDATE accounts SET email = 'wangli@jiangyuan.gov.cn' WHERE id = \(bind: siteadmin.id)").run()
            }
            let service = InspectionService(database: h.db, clock: h.clock)
            func told() async throws -> [String] {
                try await h.db.read { sql in
                    try await sql.raw(
                        """
                        SELECT n.account_id FROM incident_notices n JOIN rectifications r ON r.id = n.rectification_id
                        WHERE r.subject = 'veto unreachable'
                        """
                    ).all().map { try $0.decode(column: "account_id", as: String.self) }
                }
            }
            _ = try await service.reconcile(site: www)
            #expect(try await told().isEmpty, "no probes is 数据不足, not an incident")
            // A week of probes from one address, every one failing.
            let now = h.clock.now()
            let from = ChinaTime.calendar.date(byAdding: .day, value: -6, to: ChinaTime.calendar.startOfDay(for: now))!
            try await h.db.write { sql in
                var at = from
                while at < now {
                    try await ProbeRecords.insert(
                        siteID: www.id, address: "http://127.0.0.1/", probe: SiteProbe(at: at, status: nil, durationMillis: 30, error: "无法连接"),
                        on: sql)
                    at = at.addingTimeInterval(1_800)
                }
            }
            _ = try await service.reconcile(site: www)
            let people = try await told()
            var expected: Set<String> = []
            for name in ["siteadmin", "leader", "admin"] { expected.insert(try await h.account(name).id) }
            #expect(Set(people) == expected && people.count == 3, "the site admin, the site's leader and the platform admin; not the editor")
            _ = try await service.reconcile(site: www)
            #expect(try await told().count == people.count, "still red the next time: not told again")
            var admin = try await h.browser(client, "siteadmin")
            let page = try await admin.get(client, "/admin/sites/www/rectifications").text
            #expect(page.contains("站点无法访问：已触及单项否决") && page.contains("已告警通知："))
            // E-mailed to whoever has an address, once.
            let scan = LetterReminderScan(
                database: h.db, clock: h.clock, logger: Logger(label: "test"),
                smtp: SMTPSettings(host: "127.0.0.1", port: relay.port, from: "门户平台 <menhu@jiangyuan.gov.cn>", timeout: 5))
            _ = await scan.runOnce()
            _ = await scan.runOnce()
            let alerts = relay.messages.filter { $0.subject.hasPrefix("【网站健康告警】") && $0.subject.contains("站点无法访问") }
            #expect(alerts.count == 1 && alerts.first?.recipient == "wangli@jiangyuan.gov.cn", "\(relay.messages.map { $0.subject })")
            let encoded = try #require(
                alerts.first?.data.components(separatedBy: "\n\n").dropFirst().joined().replacingOccurrences(of: "\n", with: ""))
            let body = String(decoding: try #require(Data(base64Encoded: encoded)), as: UTF8.self)
            #expect(try #require(alerts.first).subject == "【网站健康告警】\(www.name)：站点无法访问：已触及单项否决")
            #expect(body.contains("/admin/sites/www/rectifications") && body.contains("国办秘函〔2019〕19号"), "\(body)")
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

    /// M1: besides this server on loopback, the address configured for the site (its public
    /// domain through the real network) is probed in every slot; a failure there counts.
    @Test func theConfiguredPublicAddressIsProbedBesidesLoopback() async throws {
        let router = Router()
        router.get("/home") { _, _ in Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "<html>首页</html>"))) }
        router.get("/down") { _, _ in Response(status: .badGateway) }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let config = try Configuration(environment: [
                "MENHU_PROBE_URLS": "www=http://127.0.0.1:\(port)/down, *=http://{domain}:\(port)/home"
            ])
            try await Harness.with(.sqlite, articles: 1) { (h: Harness, _: any TestClientProtocol) async throws in
                var www = try await h.site("www"), jyj = try await h.site("jyj")
                www.identity.domains = ["localhost"]
                jyj.identity.domains = ["localhost"]
                let loopback = "http://127.0.0.1:\(port)/home"
                #expect(
                    ProbeTargets.addresses(for: www, loopback: loopback, configured: config.probeURLs) == [loopback, "http://127.0.0.1:\(port)/down"])
                #expect(
                    ProbeTargets.addresses(for: jyj, loopback: loopback, configured: config.probeURLs) == [loopback, "http://localhost:\(port)/home"])
                var bare = jyj
                bare.identity.domains = []
                #expect(
                    ProbeTargets.addresses(for: bare, loopback: loopback, configured: config.probeURLs) == [loopback], "no domain, no public address")
                try await h.db.write { sql in try await sql.raw("DELETE FROM site_probes").run() }
                let sites = [www, jyj]
                let prober = SiteProber(database: h.db, clock: h.clock, logger: Logger(label: "test")) { site in
                    ProbeTargets.addresses(for: sites.first { $0.id == site.id } ?? site, loopback: loopback, configured: config.probeURLs)
                }
                #expect(await prober.runOnce() >= 4)
                #expect(await prober.runOnce() == 0, "each address once a slot")
                let now = h.clock.now().addingTimeInterval(-60)
                let wwwID = www.id
                let probes = try await h.db.read { sql in try await ProbeRecords.since(now, siteID: wwwID, on: sql) }
                #expect(probes.count == 2 && probes.filter(\.failed).count == 1, "\(probes)")
            }
        }
        #expect(throws: Configuration.Problem.self) { try Configuration(environment: ["MENHU_PROBE_URLS": "www=ftp://x.example.cn/"]) }
    }

    /// A small outside web on loopback for the link health: a page, a missing page and a limit.
    static func withOutsideWeb(_ body: @Sendable (Int) async throws -> Void) async throws {
        let router = Router()
        router.on("/ok", method: .head) { _, _ in Response(status: .ok, headers: [.contentType: "application/pdf"]) }
        router.on("/missing", method: .head) { _, _ in Response(status: .notFound) }
        router.on("/busy", method: .head) { _, _ in Response(status: .tooManyRequests, headers: [.retryAfter: "0"]) }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in try await body(try #require(client.port)) }
    }

    /// P11, M1: the daily inspection's link health names each broken or doubtful link with its page,
    /// column and owner department; the platform's own links are answered from the database.
    @Test(arguments: TestEngine.available)
    func theHealthPageNamesEachBrokenLinkWithItsPageColumnAndDepartment(engine: TestEngine) async throws {
        try await Self.withOutsideWeb { port in
            try await Harness.with(engine, articles: 10) { (h: Harness, client: any TestClientProtocol) async throws in
                let column = try await h.column("gzdt")
                let outside = "http://127.0.0.1:\(port)"
                var desk = try await SearchTests.Desk(h, client)
                let itemURL = try await desk.publish(
                    client,
                    [
                        "title": "链接巡检测试信息", "columnID": column.id, "source": "市政府办公室",
                        "body": """
                        <p><a href="/gzdt/">工作动态</a> <a href="/gzdt/nosuch.html">旧信息</a> <a href="/qita-lanmu/">其他</a></p>
                        <p><a href="\(outside)/ok">表格下载</a> <a href="\(outside)/missing">旧附件</a> <a href="\(outside)/busy">限流</a></p>
                        """,
                    ])
                var admin = try await h.browser(client, "siteadmin")
                let before = try await admin.get(client, "/admin/sites/www/health").text
                #expect(before.contains("<h2>链接可用性</h2>") && before.contains("尚未进行链接巡检"))

                let context = JobContext(
                    database: h.db, clock: h.clock, linkCheck: LinkCheckOptions(timeout: .seconds(2), allowedHosts: ["127.0.0.1:\(port)"]))
                let summary = try await LinkInspection.inspect(siteIDs: nil, in: context)
                #expect(summary.pages > 10 && summary.broken >= 3 && summary.caution >= 1, "\(summary)")
                let page = try await admin.get(client, "/admin/sites/www/health").text
                // (The homepage's links to other government sites depend on this machine's network.)
                let rows = page.components(separatedBy: "<tr>").filter { $0.contains("data-label=\"链接\"") && $0.contains("链接巡检测试信息") }
                func row(_ url: String) -> String? { rows.first { $0.contains(">\(url)<") } }
                #expect(rows.count == 4, "the links that work are not listed: \(rows)")
                let missing = try #require(row("\(outside)/missing"))
                #expect(missing.contains("链接巡检测试信息") && missing.contains(itemURL) && missing.contains(">\(column.name)<"))
                #expect(missing.contains("页面不存在（HTTP 404）") && missing.contains("verdict bad"))
                let ownerID = try #require(column.settings.ownerDepartmentID)
                let owner = try #require(try await h.db.read { sql in try await DepartmentRecords.all(on: sql) }.first { $0.id == ownerID })
                #expect(missing.contains(owner.name), "the column's owner department must act")
                #expect(row("\(outside)/busy")?.contains("verdict warn") == true, "a rate limit is a warning, not broken")
                let ownBroken = rows.filter { $0.contains("本平台链接") }
                #expect(ownBroken.count == 2 && ownBroken.contains { $0.contains("“qita-lanmu”栏目") })
                #expect(page.contains("失效 \(summary.broken) 个，提醒 \(summary.caution) 个"))
                // The content gate now warns about the broken address when the item is edited.
                let gate = try await h.db.read { sql in try await LinkCheckRecords.broken(among: ["\(outside)/missing", "\(outside)/ok"], on: sql) }
                #expect(Array(gate.keys) == ["\(outside)/missing"])
                // Still broken eight days later: the finding keeps the day it was first found.
                let first = ChinaTime.day(h.clock.now())
                h.clock.advance(by: 8 * 86_400)
                try await LinkInspection.inspect(siteIDs: nil, in: context)
                let www = try await h.site("www"), now = h.clock.now()
                let later = HealthView(try await h.db.read { sql in try await InspectionQuery.read(site: www, now: now, on: sql) })
                #expect(later.links.first { $0.url == "\(outside)/missing" }?.since == "\(first)（已超过一周）")
            }
        }
    }
}
