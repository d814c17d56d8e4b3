import Foundation
import HummingbirdTesting
import MenhuCore
import MenhuStore
import MenhuTestSupport
import Testing

/// 在线访谈 (I1) as people use it: the site admin announces an interview; a netizen asks before it
/// starts; nothing is shown until the question is taken; while it runs the staff write the
/// 文字实录 and a guest's answer to the question goes into it; once ended no more questions are
/// taken and the record stays; the year's figures count it.
@Suite struct InterviewPagesTests {
    static func fields(_ page: TestResponse, _ action: String, _ extra: [String: String] = [:]) -> [String: String] {
        var f = ["_csrf": Browser.csrf(page) ?? "", "action": action]
        if let v = page.text.firstMatch(of: #/name="version" value="(?<v>\d+)"/#)?.output.v { f["version"] = String(v) }
        return f.merging(extra) { $1 }
    }

    @Test(arguments: TestEngine.available)
    func aNetizensQuestionIsReviewedAnsweredLiveAndKeptInTheRecord(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 5) { (h: Harness, client: any TestClientProtocol) async throws in
            var admin = try await h.browser(client, "siteadmin")
            let before = try await h.count("interviews")
            let form = try await admin.get(client, "/admin/sites/www/interviews/new")
            var fields = [
                "_csrf": Browser.csrf(form) ?? "", "title": "解读城区供暖政策", "startsAt": "2026-03-02 14:00", "minutes": "60", "host": "王晓",
                "guests": "市住房和城乡建设局局长｜周强\n没有姓名｜", "summary": "介绍今冬供暖安排。",
            ]
            let refused = try await admin.post(client, "/admin/sites/www/interviews/new", fields)
            #expect(refused.status == .unprocessableContent && refused.text.contains("嘉宾第 2 行：请按“职务｜姓名”填写"))
            #expect(try await h.count("interviews") == before)
            fields["guests"] = "市住房和城乡建设局局长｜周强"
            let created = try await admin.post(client, "/admin/sites/www/interviews/new", fields)
            #expect(created.status == .seeOther)
            let page = String(try #require(created.headers[.location]).split(separator: "?")[0])
            let id = String(page.split(separator: "/").last!)
            #expect(try await client.execute(uri: "/interviews/\(id)", method: .get).status == .notFound, "not announced yet")
            var detail = try await admin.get(client, page)
            #expect(try await admin.post(client, page + "/act", Self.fields(detail, "publish")).status == .seeOther)

            // Announced (10:00, it starts at 14:00): the public see it and ask.
            var netizen = Browser.at("198.51.100.20")
            let list = try await netizen.get(client, "/interviews")
            #expect(list.text.contains("解读城区供暖政策") && list.text.contains("预告"))
            let shown = try await netizen.get(client, "/interviews/\(id)")
            #expect(shown.text.contains("市住房和城乡建设局局长 周强") && shown.text.contains("访谈开始后在这里发布文字实录"))
            let short = try await netizen.post(client, "/interviews/\(id)", try LetterPagesTests.answered(shown.text, ["text": "暖"]))
            #expect(short.status == .unprocessableContent && short.text.contains("至少 5 个字"))
            let question = "老小区暖气片不热，供热公司什么时候来检修？<b>"
            let asked = try await netizen.post(
                client, "/interviews/\(id)", try LetterPagesTests.answered(short.text, ["nickname": "住在老城", "text": question]))
            #expect(asked.status == .created && asked.text.contains("提问已提交"))
            let spam = try await netizen.post(
                client, "/interviews/\(id)", try LetterPagesTests.answered(shown.text, ["text": "无关的广告内容请联系我"]))
            #expect(spam.status == .created)
            // Not shown before review.
            #expect(!(try await netizen.get(client, "/interviews/\(id)")).text.contains("暖气片不热"))

            // The site admin's 工作台 counts the questions to review.
            func toReview() async throws -> Int {
                let board = try await admin.get(client, "/admin").text
                return Int(board.firstMatch(of: #/<strong>(?<n>\d+)</strong> 条访谈提问待审核/#)?.output.n ?? "0") ?? 0
            }
            let waiting = try await toReview()
            #expect(waiting >= 2)

            // Review: one taken, one not; the taken one is shown, escaped.
            detail = try await admin.get(client, page)
            let ids = detail.text.matches(of: #/name="question" value="(?<q>[^"]+)"/#).map { String($0.output.q) }
            #expect(Set(ids).count == 2)
            let ordered = try #require(detail.text.range(of: "暖气片不热")).lowerBound < (try #require(detail.text.range(of: "无关的广告")).lowerBound)
            let (take, drop) = ordered ? (ids.first!, ids.last!) : (ids.last!, ids.first!)
            #expect(try await admin.post(client, page + "/act", Self.fields(detail, "accept", ["question": take])).status == .seeOther)
            #expect(
                try await admin.post(client, page + "/act", Self.fields(detail, "reject", ["question": drop, "note": "与主题无关"])).status == .seeOther)
            #expect(try await toReview() == waiting - 2)
            let public1 = try await netizen.get(client, "/interviews/\(id)")
            #expect(public1.text.contains("暖气片不热，供热公司什么时候来检修？&lt;b&gt;") && !public1.text.contains("无关的广告"))
            // Before it starts, nothing can be answered.
            let early = try await admin.post(client, page + "/act", Self.fields(detail, "answer", ["question": take, "guest": "0", "text": "马上检修。"]))
            #expect(early.status == .unprocessableContent && early.text.contains("访谈直播期间才能答复网友提问"))

            // Live from 14:00: the record and the answer.
            h.clock.set(testNow.addingTimeInterval(4 * 3600 + 60))
            detail = try await admin.get(client, page)
            #expect(detail.text.contains("录入文字实录"))
            #expect(
                try await admin.post(client, page + "/act", Self.fields(detail, "record", ["speaker": "guest.0", "text": "各位网友大家好。"])).status
                    == .seeOther)
            let answered = try await admin.post(
                client, page + "/act", Self.fields(detail, "answer", ["question": take, "guest": "0", "text": "供热公司将于本周内入户检修，报修电话 12345。"]))
            #expect(answered.status == .seeOther)
            let livePage = try await netizen.get(client, "/interviews/\(id)")
            #expect(livePage.text.contains("直播中") && livePage.text.contains("网友“住在老城”问"))
            let record = try #require(livePage.text.range(of: "各位网友大家好")).lowerBound
            let answer = try #require(livePage.text.range(of: "本周内入户检修")).lowerBound
            #expect(record < answer, "the record in the order spoken")
            // Ended: no more questions; the record stays.
            detail = try await admin.get(client, page)
            #expect(try await admin.post(client, page + "/act", Self.fields(detail, "end")).status == .seeOther)
            let after = try await netizen.get(client, "/interviews/\(id)")
            #expect(after.text.contains("已结束") && after.text.contains("本周内入户检修") && !after.text.contains("name=\"challengeToken\""))
            // (A challenge answered on another form: this page has none now.)
            let elsewhere = try await netizen.get(client, "/disclosure/request")
            let late = try await netizen.post(client, "/interviews/\(id)", try LetterPagesTests.answered(elsewhere.text, ["text": "结束后还能问吗？"]))
            #expect(late.status == .conflict && late.text.contains("不再接受提问"))
            let questions = try await h.db.read { sql in try await InterviewRecords.questions(interviewID: id, on: sql) }
            #expect(questions.map(\.state).sorted { $0.rawValue < $1.rawValue } == [.answered, .rejected])

            let site = try await h.site("www")
            let figures = try await h.db.read { sql in try await InterviewRecords.figures(siteID: site.id, year: 2026, on: sql) }
            let console = try await admin.get(client, "/admin/sites/www/interviews")
            #expect(console.text.contains("<dt>答复网民提问数量</dt><dd>\(figures.answered) 条</dd>") && figures.answered >= 1)
            var editor = try await h.browser(client, "editor")
            #expect(try await editor.get(client, page).status == .forbidden)
        }
    }
}
