import Foundation
import HummingbirdTesting
import MenhuCore
import MenhuStore
import MenhuTestSupport
import Testing

/// 互动交流 (issue 15): a citizen writes to a channel, gets a 查询编号 and 查询码, and looks the
/// letter up; the back office takes it through to a published, masked reply.
@Suite struct LetterPagesTests {
    static let numerals: [Character: Int] = ["一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]

    /// The form's fields with the challenge answered as a person would.
    static func answered(_ page: String, _ fields: [String: String]) throws -> [String: String] {
        let q = try #require(page.firstMatch(of: #/验证题：(?<a>.)(?<op>加|减)(?<b>.)等于几？/#))
        let a = numerals[Character(String(q.output.a))]!, b = numerals[Character(String(q.output.b))]!
        let token = try #require(page.firstMatch(of: #/name="challengeToken" value="(?<t>[^"]+)"/#)).output.t
        var out = fields
        out["challenge"] = String(q.output.op == "加" ? a + b : a - b)
        out["challengeToken"] = String(token)
        return out
    }

    static let letter = [
        "title": "小区供暖温度不达标<script>", "body": "我家住人民路12号3栋401室，室内温度只有14度，电话13912345678。", "name": "王小明",
        "phone": "13912345678", "public": "1", "privacy": "1",
    ]

    @Test(arguments: TestEngine.available)
    func aCitizenWritesAndLooksTheLetterUpWithItsCode(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 5) { (h: Harness, client: any TestClientProtocol) async throws in
            var citizen = Browser()
            let index = try await client.execute(uri: "/letters", method: .get)
            #expect(index.status == .ok && index.text.contains("政务咨询") && index.text.contains("网站找错"))
            let home = try await client.execute(uri: "/", method: .get).text
            #expect(home.contains("href=\"/letters/error\""), "找错 on every page is a form, not a mailto link")
            #expect(!home.contains("mailto:") || !home.contains("subject=%E7%BD%91%E7%AB%99%E6%89%BE%E9%94%99"))
            let channel = try #require(index.text.firstMatch(of: #/href="(?<url>/letters/[^"/]+)">政务咨询</a>/#)).output.url
            let form = try await client.execute(uri: String(channel), method: .get)
            #expect(form.status == .ok && form.headers[.cacheControl] == "no-store")
            // A wrong answer to the challenge: nothing stored, what was typed kept.
            let before = try await h.count("letters")
            var wrong = try Self.answered(form.text, Self.letter)
            wrong["challenge"] = "99"
            let refused = try await citizen.post(client, String(channel), wrong)
            #expect(refused.status == .unprocessableContent && refused.text.contains("验证题答案不正确"))
            let afterRefusal = try await h.count("letters")
            #expect(refused.text.contains("室内温度只有14度") && afterRefusal == before)
            // A title that is too short: the message names the field.
            var short = try Self.answered(form.text, Self.letter)
            short["title"] = "暖"
            let tooShort = try await citizen.post(client, String(channel), short)
            #expect(tooShort.status == .unprocessableContent && tooShort.text.contains("留言标题应为 4 至 50 个字"))
            // Sent: a receipt with the number and the code, shown once.
            let sent = try await citizen.post(client, String(channel), try Self.answered(form.text, Self.letter))
            #expect(sent.status == .created)
            let number = try #require(sent.text.firstMatch(of: #/<dt>查询编号</dt><dd class="code">(?<n>\d+)</dd>/#)).output.n
            let code = try #require(sent.text.firstMatch(of: #/<dt>查询码</dt><dd class="code">(?<c>[^<]+)</dd>/#)).output.c
            let afterSending = try await h.count("letters")
            #expect(afterSending == before + 1)
            // The code finds it; a wrong code finds nothing and says nothing about the letter.
            let wrongCode = try await citizen.post(client, "/letters/lookup", ["number": String(number), "code": "WRONG-CODE"])
            #expect(wrongCode.status == .notFound && !wrongCode.text.contains("小区供暖"))
            let found = try await citizen.post(client, "/letters/lookup", ["number": String(number), "code": String(code)])
            #expect(found.status == .ok && found.text.contains("待受理") && found.text.contains("小区供暖温度不达标&lt;script&gt;"))
            #expect(!found.text.contains("<script>"))
        }
    }

    /// The action form of `action` on a letter's page, as a browser would post it.
    static func act(_ page: TestResponse, _ action: String, _ extra: [String: String] = [:]) throws -> (url: String, fields: [String: String]) {
        let html = page.text
        #expect(html.contains("name=\"action\" value=\"\(action)\""), "the page offers \(action)")
        let url = try #require(html.firstMatch(of: #/action="(?<u>/admin/letters/[^/"]+/act)"/#)).output.u
        let version = try #require(html.firstMatch(of: #/name="version" value="(?<v>\d+)"/#)).output.v
        var fields = ["_csrf": Browser.csrf(page) ?? "", "action": action, "version": String(version)]
        fields.merge(extra) { $1 }
        return (String(url), fields)
    }

    /// The whole life of a letter: the site admin accepts and transfers it, the department signs
    /// and answers, the platform reviews and publishes; the writer reads the reply and rates it;
    /// the public reads it masked. Wrong people are refused on the way.
    @Test(arguments: TestEngine.available)
    func aLetterIsAnsweredReviewedAndPublishedMasked(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 5) { (h: Harness, client: any TestClientProtocol) async throws in
            var citizen = Browser()
            let index = try await client.execute(uri: "/letters", method: .get).text
            let channel = String(try #require(index.firstMatch(of: #/href="(?<url>/letters/[^"/]+)">政务咨询</a>/#)).output.url)
            let form = try await client.execute(uri: channel, method: .get).text
            let sent = try await citizen.post(client, channel, try Self.answered(form, Self.letter))
            let number = String(try #require(sent.text.firstMatch(of: #/<dt>查询编号</dt><dd class="code">(?<n>\d+)</dd>/#)).output.n)
            let code = String(try #require(sent.text.firstMatch(of: #/<dt>查询码</dt><dd class="code">(?<c>[^<]+)</dd>/#)).output.c)

            var admin = try await h.browser(client, "siteadmin")
            // The 工作台 counts the letters and shows the demo's consultation left for over 2 months in red.
            let board = try await admin.get(client, "/admin").text
            #expect(board.contains("<h2>留言办理</h2>") && board.contains("政务咨询超过 2 个月未答复 1 件"))
            let list = try await admin.get(client, "/admin/letters")
            #expect(list.status == .ok && list.text.contains(number))
            let letterURL = String(try #require(list.text.firstMatch(of: #/href="(?<u>/admin/letters/[^"/]+)">小区供暖/#)).output.u)
            var page = try await admin.get(client, letterURL)
            #expect(page.text.contains("13912345678"), "the handler sees the contact")
            #expect(page.text.contains("139****5678") && page.text.contains("已隐去：手机号码 13912345678"), "and what the public will see")
            var step = try Self.act(page, "accept")
            #expect(try await admin.post(client, step.url, step.fields).status == .seeOther)
            // The editor's department answers it.
            let editorAccount = try await h.account("editor")
            let department = try #require(editorAccount.departmentID)
            page = try await admin.get(client, letterURL)
            step = try Self.act(page, "transfer", ["leadDepartmentID": department])
            #expect(try await admin.post(client, step.url, step.fields).status == .seeOther)
            // A stale form is refused and says so.
            let stale = try await admin.post(client, step.url, step.fields)
            #expect(stale.status == .conflict)

            var editor = try await h.browser(client, "editor")
            page = try await editor.get(client, letterURL)
            #expect(page.status == .ok)
            step = try Self.act(page, "sign")
            #expect(try await editor.post(client, step.url, step.fields).status == .seeOther)
            page = try await editor.get(client, letterURL)
            let empty = try Self.act(page, "answer", ["text": ""])
            #expect(try await editor.post(client, empty.url, empty.fields).status.code >= 400, "an empty reply is refused")
            page = try await editor.get(client, letterURL)
            step = try Self.act(page, "answer", ["text": "经查，该小区换热站已检修，王小明反映的问题已于12月3日解决。"])
            #expect(try await editor.post(client, step.url, step.fields).status == .seeOther)
            // Before the review the writer does not see the reply (I3).
            let pending = try await citizen.post(client, "/letters/lookup", ["number": number, "code": code])
            #expect(!pending.text.contains("换热站已检修"))

            page = try await admin.get(client, letterURL)
            step = try Self.act(page, "approveReply")
            #expect(try await admin.post(client, step.url, step.fields).status == .seeOther)
            page = try await admin.get(client, letterURL)
            step = try Self.act(page, "publish")
            #expect(try await admin.post(client, step.url, step.fields).status == .seeOther)

            // The writer reads the reply and rates it.
            let answered = try await citizen.post(client, "/letters/lookup", ["number": number, "code": code])
            #expect(answered.text.contains("换热站已检修") && answered.text.contains("请评价本次答复"))
            let rated = try await citizen.post(client, "/letters/rate", ["number": number, "code": code, "satisfaction": "satisfied"])
            #expect(rated.text.contains("感谢您的评价") && !rated.text.contains("请评价本次答复"))
            // The public reads it with the personal data masked.
            let published = try await client.execute(uri: channel, method: .get).text
            #expect(published.contains("换热站已检修") && published.contains("王**反映的问题"))
            #expect(!published.contains("13912345678") && !published.contains("人民路12号") && !published.contains("王小明"))
            #expect(published.contains("小区供暖温度不达标&lt;script&gt;"))
            // Someone with no letter role cannot open it.
            var reviewer = try await h.browser(client, "reviewer")
            #expect(try await reviewer.get(client, letterURL).status == .forbidden)
        }
    }

    /// 留言渠道: the site admin sets a channel's deadlines and contact details, which the public
    /// form shows; a bad deadline is refused with its message and nothing saved.
    @Test func theSiteAdminSetsAChannelsDeadlinesAndContact() async throws {
        try await Harness.with(.sqlite, articles: 5) { (h: Harness, client: any TestClientProtocol) async throws in
            var admin = try await h.browser(client, "siteadmin")
            let page = try await admin.get(client, "/admin/sites/www/letter-channels")
            #expect(page.status == .ok && page.text.contains("政务咨询") && page.text.contains("value=\"3\""))
            let url = String(try #require(page.text.firstMatch(of: #/action="(?<u>/admin/sites/www/letter-channels/[^"]+)"/#)).output.u)
            let fields = [
                "_csrf": Browser.csrf(page) ?? "", "name": "政务咨询", "contactDetails": "咨询电话：0799-12345（工作日 9:00—17:30）",
                "transfer": "2", "sign": "1", "reply": "4", "review": "0.5", "escalation": "5", "extensionLength": "10",
                "publishesReplies": "1", "accepting": "1", "required_phone": "1",
            ]
            var bad = fields
            bad["reply"] = "九十"
            let refused = try await admin.post(client, url, bad)
            #expect(refused.status == .unprocessableContent && refused.text.contains("答复时限应为 0.5 至 60 之间的工作日数"))
            #expect(try await admin.post(client, url, fields).status == .seeOther)
            let id = String(url.split(separator: "/").last!)
            let form = try await client.execute(uri: "/letters/\(id)", method: .get).text
            #expect(form.contains("咨询电话：0799-12345") && form.contains("3 个工作日内受理转办") == false && form.contains("2 个工作日内受理转办"))
            #expect(form.contains("联系电话（必填）"))
            var editor = try await h.browser(client, "editor")
            #expect(try await editor.get(client, "/admin/sites/www/letter-channels").status == .forbidden)
        }
    }
}
