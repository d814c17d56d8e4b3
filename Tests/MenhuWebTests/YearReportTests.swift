import Foundation
import HummingbirdTesting
import MenhuCore
import MenhuStore
import MenhuTestSupport
import Testing

/// 政府网站工作年度报表 (A4): its figures follow what happens — an item published counts once in
/// 信息发布 and in its column's kind, a letter received in 留言办理, a survey's answer in 征集调查 —
/// and what the platform cannot know is said to be 待填报, never shown as 0.
@Suite struct YearReportTests {
    static func figure(_ page: String, _ name: String, in section: String) throws -> String {
        let part = try #require(page.range(of: "<th scope=\"rowgroup\" colspan=\"3\">\(section)</th>"))
        let rest = page[part.upperBound...]
        let row = try #require(rest.firstMatch(of: try Regex("<th scope=\"row\">\(name)</th><td>(?:<span class=\"verdict warn\">)?([^<]*)")))
        return String(row.output[1].substring ?? "")
    }

    @Test(arguments: TestEngine.available)
    func theFiguresFollowWhatHappened(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 10) { (h: Harness, client: any TestClientProtocol) async throws in
            var admin = try await h.browser(client, "siteadmin")
            let url = "/admin/sites/www/yearly-report?year=2026"
            let before = try await admin.get(client, url)
            #expect(before.status == .ok && before.text.contains("国办函〔2018〕12号"))
            let total = Int(try Self.figure(before.text, "总数", in: "信息发布").split(separator: " ")[0])!
            let news = Int(try Self.figure(before.text, "政务动态信息更新量", in: "信息发布").split(separator: " ")[0])!
            // The demo's surveys and interviews, as their own pages count them.
            let site = try await h.site("www")
            let (surveys, interviews) = try await h.db.read { db in
                (
                    try await SurveyRecords.figures(siteID: site.id, year: 2026, on: db),
                    try await InterviewRecords.figures(siteID: site.id, year: 2026, on: db)
                )
            }
            #expect(try Self.figure(before.text, "收到意见数量", in: "互动交流 › 征集调查") == "\(surveys.answers) 条")
            #expect(try Self.figure(before.text, "答复网民提问数量", in: "互动交流 › 在线访谈") == "\(interviews.answered) 条")
            #expect(try Self.figure(before.text, "安全检测评估次数", in: "安全防护") == "待填报", "not known: never a 0")
            #expect(try Self.figure(before.text, "无障碍浏览", in: "创新发展") == "是")

            var desk = try await SearchTests.Desk(h, client)
            let column = try await h.column("gzdt")
            #expect(column.kind == .news)
            _ = try await desk.publish(
                client, ["title": "年度报表计数验证", "columnID": column.id, "source": "市政府办公室", "body": "<p>全市召开年度工作会议。</p>"])
            let after = try await admin.get(client, url)
            #expect(try Self.figure(after.text, "总数", in: "信息发布") == "\(total + 1) 条")
            #expect(try Self.figure(after.text, "政务动态信息更新量", in: "信息发布") == "\(news + 1) 条")
            // Last year's report does not move.
            let lastYear = try await admin.get(client, "/admin/sites/www/yearly-report?year=2025")
            #expect(lastYear.status == .ok && lastYear.text.contains("2025 年度政府网站工作年度报表"))
            // Only the site's people with the whole site's view open it.
            #expect(try await desk.editor.get(client, url).status == .forbidden)
        }
    }

    /// The JSON of `menhu report yearly`: the table's words as keys, in its order; unknown is null.
    @Test func theJSONKeysAreTheTablesWords() throws {
        let site = Site(
            identity: SiteIdentity(
                code: "www", name: "江源市人民政府", kind: .portal, sponsor: "江源市人民政府办公室", organizer: "", siteIDCode: "3601000001", icpFiling: "",
                publicSecurityFiling: "", domains: ["www.jiangyuan.gov.cn"], personInCharge: "", contactPhone: "0799-1234567", contactEmail: "",
                address: ""), createdAt: Date())
        var counts = WebsiteYearReport.Counts()
        counts.published = [.news: 3, .policy: 2, .overview: 1]
        counts.letters.received = 4
        let report = WebsiteYearReport(site: site, year: 2026, counts: counts)
        #expect(report.sections.map(\.name) == ["信息发布", "专栏专题", "解读回应", "办事服务", "互动交流", "安全防护", "移动新媒体", "创新发展"])
        let info = try #require(report.sections.first)
        #expect(info.fields.map(\.value) == [.count(6), .count(1), .count(3), .count(2)])
        #expect(report.header.first { $0.name == "ICP备案号" }?.value == nil && report.toEnter.contains("ICP备案号"))
        #expect(report.toEnter.contains("安全防护 › 是否开展应急演练"))
        #expect(report.sections[4].parts.map(\.name) == ["留言办理", "征集调查", "在线访谈"])
    }
}
