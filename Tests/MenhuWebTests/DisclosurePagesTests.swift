import Foundation
import HummingbirdTesting
import MenhuCore
import MenhuStore
import MenhuTestSupport
import Testing

/// 依申请公开 (I7) as people use it: an applicant files online and gets a number, a code and a
/// 登记回执; the office asks once for a correction, the applicant corrects from the look-up, the
/// office answers and the applicant reads the 答复书 with its remedies; an extension is approved
/// by the 负责人, not the person who asked; table 三 counts the year.
@Suite struct DisclosurePagesTests {
    static let request = [
        "applicantKind": "person", "name": "李四<b>", "documentKind": "residentCard", "documentNumber": "11010519491231002X",
        "phone": "13912345678", "email": "li@example.com", "delivery": "email", "form": "electronic",
        "title": "人民路拓宽工程立项批复", "description": "2025年市发展改革委关于人民路拓宽工程的立项批复全文", "privacy": "1",
    ]

    /// The request's admin page address from the list.
    static func requestURL(_ list: String, number: String) throws -> String {
        let pattern = try Regex("href=\"(/admin/sites/www/disclosure/[^\"/]+)\">\(number)</a>")
        return String(try #require(list.firstMatch(of: pattern)?.output[1].substring))
    }

    /// The 自然人 count of （一）予以公开 in table 三 of the list page.
    static func disclosed(_ page: String) throws -> Int {
        let cell = try #require(page.firstMatch(of: #/<th scope="row">（一）予以公开</th><th scope="row"></th><td>(?<n>\d+)</td>/#))
        return Int(cell.output.n)!
    }

    /// The action form of `action` on a request's page, as a browser would post it.
    static func act(_ page: TestResponse, _ action: String, _ extra: [String: String] = [:]) throws -> (url: String, fields: [String: String]) {
        let html = page.text
        #expect(html.contains("name=\"action\" value=\"\(action)\""), "the page offers \(action)")
        let url = try #require(html.firstMatch(of: #/action="(?<u>/admin/sites/www/disclosure/[^/"]+/act)"/#)).output.u
        let version = try #require(html.firstMatch(of: #/name="version" value="(?<v>\d+)"/#)).output.v
        var fields = ["_csrf": Browser.csrf(page) ?? "", "action": action, "version": String(version)]
        fields.merge(extra) { $1 }
        return (String(url), fields)
    }

    @Test(arguments: TestEngine.available)
    func anApplicantFilesCorrectsOnceAndReadsTheReply(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 5) { (h: Harness, client: any TestClientProtocol) async throws in
            var applicant = Browser()
            let catalogue = try await client.execute(uri: "/disclosure", method: .get).text
            #expect(catalogue.contains("href=\"/disclosure/request\""), "the catalogue leads to the request form")
            // The demo holds requests of its own: counts are taken before and after.
            let before = (try await h.count("disclosure_requests"), try await h.count("disclosure_documents"))
            var office = try await h.browser(client, "siteadmin")
            let disclosedBefore = try Self.disclosed(try await office.get(client, "/admin/sites/www/disclosure").text)
            let form = try await client.execute(uri: "/disclosure/request", method: .get)
            #expect(form.status == .ok && form.headers[.cacheControl] == "no-store")
            #expect(form.text.contains("答复机关") && form.text.contains("20 个工作日内答复"))
            // Bad input: every problem named, what was typed kept, nothing stored.
            var bad = try LetterPagesTests.answered(form.text, Self.request)
            bad["documentNumber"] = "110105194912310021"
            bad["phone"] = ""
            let refused = try await applicant.post(client, "/disclosure/request", bad)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("居民身份证号码不正确") && refused.text.contains("请填写联系电话"))
            #expect(refused.text.contains("人民路拓宽工程立项批复"))
            let stored = (try await h.count("disclosure_requests"), try await h.count("disclosure_documents"))
            #expect(stored == before)
            // Filed: the number, the code and the 登记回执 with the deadline.
            let sent = try await applicant.post(client, "/disclosure/request", try LetterPagesTests.answered(form.text, Self.request))
            #expect(sent.status == .created)
            let number = String(try #require(sent.text.firstMatch(of: #/<dt>申请编号</dt><dd class="code">(?<n>YSQ\d{12})</dd>/#)).output.n)
            let code = String(try #require(sent.text.firstMatch(of: #/<dt>查询码</dt><dd class="code">(?<c>[^<]+)</dd>/#)).output.c)
            #expect(sent.text.contains("政府信息公开申请登记回执") && sent.text.contains(#/江府办依登〔2026〕\d+号/#))
            #expect(sent.text.contains("李四&lt;b&gt;") && !sent.text.contains("李四<b>"))
            // A wrong code finds nothing and says nothing of the request.
            let wrong = try await applicant.post(client, "/disclosure/lookup", ["number": number, "code": "WRONG-CODE"])
            #expect(wrong.status == .notFound && !wrong.text.contains("人民路拓宽"))

            // The office: the full document number, the clock, and a 补正 notice.
            let list = try await office.get(client, "/admin/sites/www/disclosure")
            #expect(list.status == .ok && list.text.contains(number) && list.text.contains("核对通过"))
            let url = try Self.requestURL(list.text, number: number)
            var page = try await office.get(client, url)
            #expect(page.text.contains("11010519491231002X") && page.text.contains("答复期限如何计算"))
            var (actURL, fields) = try Self.act(page, "requestCorrection", ["text": ""])
            let noItems = try await office.post(client, actURL, fields)
            #expect(noItems.status == .unprocessableContent && noItems.text.contains("请写明需要补正的事项"))
            (actURL, fields) = try Self.act(page, "requestCorrection", ["text": "请写明批复的文号或印发日期", "days": "15"])
            #expect(try await office.post(client, actURL, fields).status == .seeOther)
            page = try await office.get(client, url)
            #expect(page.text.contains("待申请人补正") && !page.text.contains("name=\"action\" value=\"requestCorrection\""), "补正 is asked once")

            // The applicant sees the notice and corrects from the look-up; the clock starts again.
            let waiting = try await applicant.post(client, "/disclosure/lookup", ["number": number, "code": code])
            #expect(waiting.status == .ok && waiting.text.contains("政府信息公开申请补正告知书") && waiting.text.contains("请写明批复的文号或印发日期"))
            #expect(waiting.text.contains("补正申请") && waiting.text.contains("期限暂停计算"))
            let short = try await applicant.post(client, "/disclosure/correct", ["number": number, "code": code, "text": "文号"])
            #expect(short.status == .unprocessableContent && short.text.contains("至少 10 个字"))
            let corrected = try await applicant.post(
                client, "/disclosure/correct", ["number": number, "code": code, "text": "市发展改革委2025年印发的人民路拓宽工程立项批复，文号示发改〔2025〕8号"])
            #expect(corrected.status == .ok && corrected.text.contains("补正已提交") && corrected.text.contains("办理中"))

            // The office answers: a withholding needs its ground; a disclosure issues the 答复书.
            page = try await office.get(client, url)
            (actURL, fields) = try Self.act(page, "answer", ["kind": "withheld", "text": "经审查"])
            let noGround = try await office.post(client, actURL, fields)
            #expect(noGround.status == .unprocessableContent && noGround.text.contains("须选择理由"))
            (actURL, fields) = try Self.act(page, "answer", ["kind": "disclosed", "text": "批复全文见附件，已通过电子邮件发送。", "pages": "3"])
            #expect(try await office.post(client, actURL, fields).status == .seeOther)
            let answered = try await applicant.post(client, "/disclosure/lookup", ["number": number, "code": code])
            #expect(answered.text.contains("已答复") && answered.text.contains("政府信息公开申请答复书") && answered.text.contains(#/江府办依复〔2026〕\d+号/#))
            #expect(answered.text.contains("第三十六条第二项") && answered.text.contains("六十日内") && answered.text.contains("六个月内"))
            #expect(!answered.text.contains("11010519491231002X"), "the applicant's look-up never shows the whole document number")
            // Table 三 counts it as 予以公开 by a 自然人.
            let year = try await office.get(client, "/admin/sites/www/disclosure?all=1")
            #expect(try Self.disclosed(year.text) == disclosedBefore + 1)
            #expect(try await h.count("disclosure_documents") == before.1 + 3)
        }
    }

    @Test(arguments: TestEngine.available)
    func theExtensionIsApprovedByTheHeadAndOthersAreKeptOut(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 5) { (h: Harness, client: any TestClientProtocol) async throws in
            let site = try await h.site("www")
            let receipt = try await h.env.disclosure.submit(Self.request, siteID: site.id, address: "10.0.0.9")
            var office = try await h.browser(client, "siteadmin")
            let list = try await office.get(client, "/admin/sites/www/disclosure")
            let url = try Self.requestURL(list.text, number: receipt.request.number)
            let before = try await office.get(client, url)
            #expect(!before.text.contains("value=\"approveExtension\""))
            let (actURL, fields) = try Self.act(before, "askExtension", ["text": "需调取档案馆存档材料", "days": "20"])
            #expect(try await office.post(client, actURL, fields).status == .seeOther)
            let asked = try await office.get(client, url)
            #expect(!asked.text.contains("value=\"approveExtension\""), "the asker cannot approve")
            // The leader approves; the deadline moves by 20 working days.
            var leader = try await h.browser(client, "leader")
            let leaderPage = try await leader.get(client, url)
            #expect(leaderPage.status == .ok && !leaderPage.text.contains("value=\"answer\""))
            let (approveURL, approve) = try Self.act(leaderPage, "approveExtension")
            #expect(try await leader.post(client, approveURL, approve).status == .seeOther)
            let calendar = WorkingCalendar.builtIn
            let due = calendar.dueDate(receivedOn: receipt.request.receivedOn, workingDays: 40)
            let extended = try await office.get(client, url)
            #expect(extended.text.contains("延期 20 个工作日") && extended.text.contains(due.chineseDate))
            #expect(extended.text.contains("政府信息公开延期答复告知书"))
            // A stale form is refused without writing.
            let stale = try await office.post(client, actURL, fields)
            #expect(stale.status == .conflict && stale.text.contains("刚被其他人处理过"))
            // An editor may not open the requests; a site's request is not reachable from another site.
            var editor = try await h.browser(client, "editor")
            #expect(try await editor.get(client, "/admin/sites/www/disclosure").status == .forbidden)
            // The office settings: bad input names the field; good input is used by the next document.
            let settings = try await office.get(client, "/admin/sites/www/disclosure-office")
            let csrf = Browser.csrf(settings) ?? ""
            let badPrefix = try await office.post(
                client, "/admin/sites/www/disclosure-office",
                ["_csrf": csrf, "organ": "示例市人民政府办公室", "prefix": "示〔2026〕", "appealBody": "示例市人民政府", "feeMode": "off", "correctionDays": "15"])
            #expect(badPrefix.status == .unprocessableContent && badPrefix.text.contains("文号代字不含年份"))
            let saved = try await office.post(
                client, "/admin/sites/www/disclosure-office",
                ["_csrf": csrf, "organ": "示例市人民政府办公室", "prefix": "示政依", "appealBody": "示例市人民政府", "feeMode": "perItem", "correctionDays": "10"])
            #expect(saved.status == .seeOther)
            let again = try await h.env.disclosure.submit(
                Self.request.merging(["title": "另一件申请"]) { $1 }, siteID: site.id, address: "10.0.0.9")
            #expect(again.receipt.number.hasPrefix("示政依登〔2026〕") && again.receipt.paragraphs.joined().contains(again.request.number))
            #expect(try await h.count("disclosure_offices") == 1)
        }
    }
}
