import Foundation
import HTTPTypes
import HummingbirdTesting
import MenhuCore
import MenhuStore
import MenhuTestSupport
import Testing

/// 14.18: a policy or notice page shows its 政府信息公开 facts in the header box, lists its
/// attachments, and links to the items before and after it in its column.
@Suite struct PolicyPageTests {
    /// The text of the header box's cell after the heading `label`.
    func fact(_ label: String, in html: String) -> String? {
        html.firstMatch(of: try! Regex("<th scope=\"row\">\(label)</th><td>([^<]*)</td>"))?.output[1].substring.map(String.init)
    }

    @Test(arguments: TestEngine.available)
    func aNoticeShowsItsSixFactsItsAttachmentsAndItsNeighbours(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 5) { (h: Harness, client: any TestClientProtocol) async throws in
            let column = try await h.column("gzdt")
            let departments = try await h.db.read { sql in try await DepartmentRecords.all(on: sql) }
            let lead = try #require(departments.first { $0.name.contains("财政") })
            var desk = try await SearchTests.Desk(h, client)
            let page = try await desk.editor.get(client, "/admin/sites/www/files")
            func upload(_ name: String, _ data: Data) async throws -> String {
                let uploaded = try await desk.editor.upload(
                    client, "/admin/sites/www/files", fields: ["_csrf": Browser.csrf(page) ?? "", "caption": "收费标准"],
                    fileField: "file", fileName: name, data: data, accept: "application/json")
                #expect(uploaded.status == .created)
                let json = try JSONSerialization.jsonObject(with: Data(buffer: uploaded.body)) as? [String: Any]
                return try #require(json?["url"] as? String)
            }
            let fileURL = try await upload("收费标准.pdf", makePDF("heating tariff"))
            let pictureURL = try await upload("标准.png", tinyPNG)
            _ = try await desk.publish(
                client,
                [
                    "title": "关于调整城区供暖价格的通知", "columnID": column.id, "source": "市政府办公室",
                    "body": "<p>现将调整城区供暖价格有关事项通知如下。</p><p><a href=\"\(fileURL)\">收费标准</a></p>"
                        + "<p><img src=\"\(pictureURL)\" alt=\"收费标准\"></p>",
                    "documentNumber": "江财发〔2026〕7号", "topic": "财政、金融、审计", "leadDepartmentID": lead.id, "eventDate": "2026-11-25",
                ])
            h.clock.advance(by: 3600)
            _ = try await desk.publish(
                client,
                ["title": "城区供暖价格调整听证会召开", "columnID": column.id, "source": "市政府办公室", "body": "<p>听证会今日召开。</p>"])
            let live = try await h.db.read { sql in try await ArticleRecords.published(columnIDs: [column.id], limit: 100, on: sql) }
                .filter { $0.columnID == column.id }
            let at = try #require(live.firstIndex { $0.title == "关于调整城区供暖价格的通知" })
            let notice = live[at]
            let newer = try #require(live.first { $0.title == "城区供暖价格调整听证会召开" })
            #expect(at == 1 && live[0].id == newer.id, "published later, listed above")
            let html = try await client.execute(uri: "/sites/www/gzdt/\(notice.id).html", method: .get).text
            #expect(fact("索引号", in: html)?.isEmpty == false)
            #expect(fact("发布机构", in: html) == lead.name)
            #expect(fact("成文日期", in: html) == "2026-11-25")
            #expect(fact("文号", in: html) == "江财发〔2026〕7号")
            #expect(fact("主题分类", in: html) == "财政、金融、审计")
            #expect(fact("有效性", in: html) == "有效")
            // 附件: the document, with its type and size; not the picture.
            let attachments = try #require(
                html.components(separatedBy: "class=\"attachments\"").dropFirst().first?.components(separatedBy: "</section>").first)
            #expect(attachments.contains("href=\"\(fileURL)\"") && attachments.contains("收费标准.pdf") && attachments.contains("（PDF，"))
            #expect(!attachments.contains("标准.png"))
            // 上一篇 is the newer item, 下一篇 the older one that was there before.
            #expect(html.contains("上一篇：<a href=\"/sites/www/gzdt/\(newer.id).html\" rel=\"prev\">城区供暖价格调整听证会召开</a>"))
            if live.count > 2 {
                #expect(html.contains("下一篇：<a href=\"/sites/www/gzdt/\(live[2].id).html\" rel=\"next\">"))
            } else {
                #expect(html.contains("下一篇：没有了"))
            }
            let newest = try await client.execute(uri: "/sites/www/gzdt/\(newer.id).html", method: .get).text
            #expect(newest.contains("上一篇：没有了") && newest.contains("rel=\"next\">关于调整城区供暖价格的通知</a>"))
            // An ordinary news item has no header box.
            #expect(fact("发布机构", in: newest) == nil)
        }
    }
}
