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
}
