import Foundation
import HummingbirdTesting
import MenhuCore
import MenhuStore
import MenhuTestSupport
import MenhuWeb
import Testing

/// A PNG whose header says `width`×`height` (the upload reads the size from the header).
func png(width: Int, height: Int) -> Data {
    var data = tinyPNG
    for (offset, value) in [(16, width), (20, height)] {
        for k in 0..<4 { data[offset + k] = UInt8((value >> (8 * (3 - k))) & 0xFF) }
    }
    return data
}

/// 14.12: the editor an 信息员 writes in.
@Suite struct EditorTests {
    /// An ordinary 640×400 picture gets no size warning unless the site asks for a size; the
    /// site admin sets it on 主题与外观, on record.
    @Test func pictureSizeAdviceIsTheSitesChoiceAndOffByDefault() async throws {
        try await Harness.with(.sqlite, articles: 5) { (h: Harness, client: any TestClientProtocol) async throws in
            var editor = try await h.browser(client, "editor")
            func upload(_ name: String) async throws -> [String: Any] {
                let token = Browser.csrf(try await editor.get(client, "/admin/sites/www/files")) ?? ""
                let answer = try await editor.upload(
                    client, "/admin/sites/www/files", fields: ["_csrf": token, "caption": "会议现场"], fileField: "file",
                    fileName: name, data: png(width: 640, height: 400), accept: "application/json")
                #expect(answer.status == .created)
                return try JSONSerialization.jsonObject(with: Data(buffer: answer.body)) as! [String: Any]
            }
            #expect(try await upload("会场1.png")["advice"] == nil, "no rule: no warning")
            #expect(!(try await editor.get(client, "/admin/sites/www/files").text.contains("超过本站要求")))

            var admin = try await h.browser(client, "siteadmin")
            let token = Browser.csrf(try await admin.get(client, "/admin/sites/www/theme")) ?? ""
            let refused = try await admin.post(client, "/admin/sites/www/theme/image-rule", ["_csrf": token, "imageRule": "五百"])
            #expect(refused.status == .unprocessableContent && refused.text.contains("请按“宽×高”填写像素"))
            #expect(refused.text.contains("value=\"五百\""), "what was typed stays")
            let saved = try await admin.post(client, "/admin/sites/www/theme/image-rule", ["_csrf": token, "imageRule": "500x375"])
            #expect(saved.headers[.location] == "/admin/sites/www/theme?notice=image-rule-saved")
            #expect(try await admin.get(client, "/admin/sites/www/theme").text.contains("value=\"500×375\""))

            let advice = try await upload("会场2.png")["advice"] as? String
            #expect(advice?.hasPrefix("尺寸 640×400 超过本站要求的 500×375，宽高比不是 4:3") == true)
            let files = try await editor.get(client, "/admin/sites/www/files").text
            #expect(files.contains("本站网页图片不超过 500×375（4:3）") && files.contains("超过本站要求的 500×375"))
            #expect(try await admin.get(client, "/admin/audit").text.contains("上传图片时按 500×375、宽高比 4:3 提示"))

            _ = try await admin.post(client, "/admin/sites/www/theme/image-rule", ["_csrf": token, "imageRule": ""])
            #expect(try await upload("会场3.png")["advice"] == nil, "turned off again")
        }
    }

    /// 预览: the form's content shown as the site's public page of the item, sanitised, marked as
    /// a preview, never cached, and nothing saved; a form that cannot be read says what to correct.
    @Test func previewShowsThePublicPageWithoutSaving() async throws {
        try await Harness.with(.sqlite, articles: 5) { (h: Harness, client: any TestClientProtocol) async throws in
            var editor = try await h.browser(client, "editor")
            let form = try await editor.get(client, "/admin/sites/www/articles/new")
            #expect(form.text.contains("formaction=\"/admin/sites/www/articles/preview\" formtarget=\"_blank\">预览</button>"))
            let column = try await h.column("gzdt")
            let before = try await h.count("articles")
            let shown = try await editor.post(
                client, "/admin/sites/www/articles/preview",
                [
                    "_csrf": Browser.csrf(form) ?? "", "title": "关于开展冬季植树活动的通知", "columnID": column.id, "source": "市林业局",
                    "body": "<p>全市将于12月开展冬季植树活动。</p><script>alert(1)</script>", "importance": "normal",
                ])
            #expect(shown.status == .ok && shown.headers[.cacheControl] == "no-store")
            #expect(shown.text.contains("<h1>关于开展冬季植树活动的通知</h1>") && shown.text.contains("全市将于12月开展冬季植树活动。"))
            #expect(shown.text.contains("稿件预览：这是尚未发布的稿件，公众看不到") && !shown.text.contains("<script>alert"))
            #expect(shown.text.contains("来源：市林业局"))
            #expect(try await h.count("articles") == before, "nothing is saved")
            let bad = try await editor.post(
                client, "/admin/sites/www/articles/preview", ["_csrf": Browser.csrf(form) ?? "", "title": "", "columnID": column.id])
            #expect(bad.status == .unprocessableContent && bad.text.contains("无法预览") && bad.text.contains("请先改正"))
            var reviewer = try await h.browser(client, "reviewer")
            let token = Browser.csrf(try await reviewer.get(client, "/admin/inbox")) ?? ""
            #expect(try await reviewer.post(client, "/admin/sites/www/articles/preview", ["_csrf": token]).status == .forbidden)
        }
    }

    /// What an editor typed is kept every little while and offered back when the form opens
    /// again, to that editor only; saving the item as a version, or 放弃, clears it.
    @Test(arguments: TestEngine.available)
    func typedTextIsKeptAndOfferedBackUntilSaved(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 5) { (h: Harness, client: any TestClientProtocol) async throws in
            var editor = try await h.browser(client, "editor")
            let column = try await h.column("gzdt").id
            let blank = try await editor.get(client, "/admin/sites/www/articles/new")
            #expect(blank.text.contains("data-autosave=\"/admin/sites/www/autosave\"") && !blank.text.contains("自动保存的内容还没有保存"))
            let token = Browser.csrf(blank) ?? ""
            let kept = try await editor.post(
                client, "/admin/sites/www/autosave",
                ["_csrf": token, "title": "全市秋冬季森林防火工作会议召开", "columnID": column, "body": "<p>会议要求各地压实责任。</p>", "stray": "x"])
            #expect(kept.status == .ok && kept.text.contains("\"savedAt\""))
            let stored = try await h.db.read { db in
                try await AutosaveRecords.find(accountID: h.account("editor").id, siteID: h.site("www").id, articleID: nil, on: db)
            }
            #expect(stored?.fields["title"] == "全市秋冬季森林防火工作会议召开" && stored?.fields["stray"] == nil && stored?.fields["_csrf"] == nil)
            #expect(
                try await h.db.read { db in
                    try await AutosaveRecords.find(accountID: h.account("reviewer").id, siteID: h.site("www").id, articleID: nil, on: db)
                } == nil, "nobody else's")

            let offered = try await editor.get(client, "/admin/sites/www/articles/new")
            #expect(offered.text.contains("自动保存的内容还没有保存为版本") && offered.text.contains("href=\"/admin/sites/www/articles/new?restore=1\""))
            let restored = try await editor.get(client, "/admin/sites/www/articles/new?restore=1")
            #expect(restored.text.contains("已恢复自动保存的内容") && restored.text.contains("value=\"全市秋冬季森林防火工作会议召开\""))
            #expect(restored.text.contains("&lt;p&gt;会议要求各地压实责任。&lt;/p&gt;</textarea>"))

            let item = try await editor.createItem(
                client, ["title": "全市秋冬季森林防火工作会议召开", "columnID": column, "source": "市林业局", "body": "<p>会议要求各地压实责任。</p>"])
            #expect(!(try await editor.get(client, "/admin/sites/www/articles/new").text.contains("自动保存的内容还没有保存")), "saved: cleared")

            // Editing an item: kept per item, and 放弃 throws it away.
            let id = String(item.split(separator: "/").last!)
            let edit = try await editor.get(client, item + "/edit")
            _ = try await editor.post(
                client, "/admin/sites/www/autosave",
                ["_csrf": token, "articleID": id, "version": Browser.version(edit) ?? "", "title": "改过的标题", "body": "<p>改过</p>"])
            let again = try await editor.get(client, item + "/edit")
            #expect(again.text.contains("自动保存的内容还没有保存为版本") && !again.text.contains("此后稿件已有新版本"))
            #expect(!(try await editor.get(client, "/admin/sites/www/articles/new").text.contains("自动保存的内容还没有保存")), "per item")
            let discarded = try await editor.post(client, "/admin/sites/www/autosave/discard", ["_csrf": token, "articleID": id])
            #expect(discarded.status == .seeOther && discarded.headers[.location] == item + "/edit")
            #expect(!(try await editor.get(client, item + "/edit").text.contains("自动保存的内容还没有保存")))
            let unknown = try await editor.post(client, "/admin/sites/www/autosave", ["_csrf": token, "articleID": "nope", "title": "x"])
            #expect(unknown.status == .notFound)
        }
    }
}
