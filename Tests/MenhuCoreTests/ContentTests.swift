import Foundation
import MenhuCore
import MenhuHTML
import Testing

@Suite struct SanitizerTests {
    @Test func scriptsHandlersAndDangerousURLsNeverSurvive() {
        let dirty = """
            <p onclick="steal()">正文<script>alert(1)</script></p><img src="javascript:alert(1)" onerror="x()">
            <a href="javascript:alert(1)">坏链接</a><a href=" JaVaScRiPt:alert(1)">坏链接2</a>
            <iframe src="https://evil.example/"></iframe><style>p{color:red}</style>
            <svg><script>alert(2)</script></svg><a href="//evil.example/">协议相对</a><form><input name="x"></form>
            """
        let clean = Sanitizer.clean(dirty)
        for bad in ["script", "onclick", "onerror", "javascript", "iframe", "style", "svg", "evil", "<form", "<input", "alert"] {
            #expect(!clean.lowercased().contains(bad), "\(bad) survived: \(clean)")
        }
        #expect(clean.contains("<p>正文</p>"))
        #expect(clean.contains("坏链接"))
    }

    @Test func wordPasteKeepsStructureAndDropsItsStyling() {
        let word = """
            <p class=MsoNormal style='text-indent:2em'><span style='font-family:仿宋_GB2312;color:red'>第一段<o:p></o:p></span></p>
            <h1 style="x">大标题</h1><p class=MsoNormal><b>加粗</b>与<i>斜体</i></p><p>&nbsp;</p>
            <table style="border:1px"><tr><td colspan="2" width="300">合并</td></tr></table>
            <ul><li>列表一</li></ul><a href="https://www.gov.cn/" target="_blank">中国政府网</a>
            """
        let clean = Sanitizer.clean(word)
        #expect(clean.contains("<p>第一段</p>"))
        #expect(clean.contains("<h2>大标题</h2>"))
        #expect(clean.contains("<strong>加粗</strong>与<em>斜体</em>"))
        #expect(clean.contains("<td colspan=\"2\">合并</td>"))
        #expect(clean.contains("<a href=\"https://www.gov.cn/\" rel=\"noopener noreferrer\">中国政府网</a>"))
        for gone in ["class", "style", "仿宋", "o:p", "target", "&nbsp;"] { #expect(!clean.contains(gone), "\(gone) survived") }
        #expect(!clean.contains("<p></p>"))
    }

    @Test func textIsEscapedAndEntitiesDecodedOnce() {
        #expect(Sanitizer.clean("<p>a &lt; b &amp; &quot;c&quot;</p>") == "<p>a &lt; b &amp; \"c\"</p>")
        #expect(Sanitizer.clean("<p>x<img src=\"/static/a.jpg\" alt='图 \"1\"'></p>") == "<p>x<img src=\"/static/a.jpg\" alt=\"图 &quot;1&quot;\"></p>")
    }
}

@Suite struct ArticleContentTests {
    let columns = [
        Column(
            id: "c1", siteID: "s",
            settings: ColumnSettings(
                name: "工作动态", slug: "gzdt", kind: .news, parentID: nil,
                ownerDepartmentID: "d1", updateRule: .weekly),
            createdAt: Date())
    ]

    func read(_ fields: [String: String]) throws -> ArticleContent {
        var base = ["title": "标题", "columnID": "c1", "body": "<p>正文</p>", "source": "办公室"]
        for (k, v) in fields { base[k] = v }
        return try ArticleContent.read(base, sanitize: Sanitizer.clean, columns: columns, departmentIDs: ["d1", "d2"])
    }

    @Test func repostMustNameTheOriginalAuthorAndAddress() {
        do {
            _ = try read(["isRepost": "on"])
            Issue.record("repost without attribution accepted")
        } catch let e as FieldErrors {
            #expect(e.message(for: "originalAuthor")?.contains("P4") == true)
            #expect(e.message(for: "sourceURL")?.contains("P4") == true)
        } catch { Issue.record("\(error)") }
        let ok = try? read(["isRepost": "on", "originalAuthor": "新华社", "sourceURL": "https://www.gov.cn/a.html"])
        #expect(ok?.isRepost == true)
    }

    @Test func severalDepartmentsNeedALead() {
        #expect(throws: FieldErrors.self) { try read(["jointDepartmentIDs": "d2"]) }
        let ok = try? read(["jointDepartmentIDs": "d2", "leadDepartmentID": "d1"])
        #expect(ok?.leadDepartmentID == "d1" && ok?.jointDepartmentIDs == ["d2"])
    }

    @Test func emptyOrScriptOnlyBodyIsRefused() {
        do {
            _ = try read(["body": "<script>alert(1)</script><p>&nbsp;</p>"])
            Issue.record("empty body accepted")
        } catch let e as FieldErrors {
            #expect(e.message(for: "body") != nil)
        } catch { Issue.record("\(error)") }
    }

    @Test func columnsOutsideTheEditorsGrantAreRefused() {
        #expect(throws: FieldErrors.self) { try read(["columnID": "elsewhere"]) }
    }
}
