import Foundation
import HummingbirdTesting
import MenhuCore
import MenhuStore
import MenhuTestSupport
import Testing

/// 征集调查 (I1) as people use it: the site admin sets a questionnaire up (a wrong question list
/// is refused line by line), publishes it; the public answer once each; after the last day the
/// admin publishes the result with the 采纳情况 and the page shows both; the year's figures count it.
@Suite struct SurveyPagesTests {
    static let questions = """
        单选：您是否了解老旧小区改造政策？
        - 了解
        - 不了解
        多选：您希望优先改造哪些项目？
        - 加装电梯
        - 外墙保温
        - 停车位
        填空：其他建议（选答）
        """

    static func surveyURL(_ location: String) throws -> (admin: String, id: String) {
        let path = String(location.split(separator: "?").first ?? "")
        let id = try #require(path.split(separator: "/").last.map(String.init))
        return (path, id)
    }

    /// The fields of an action form of a survey's page, as a browser posts them.
    static func act(_ page: TestResponse, _ action: String, _ extra: [String: String] = [:]) throws -> [String: String] {
        let version = try #require(page.text.firstMatch(of: #/name="version" value="(?<v>\d+)"/#)).output.v
        return ["_csrf": Browser.csrf(page) ?? "", "action": action, "version": String(version)].merging(extra) { $1 }
    }

    @Test(arguments: TestEngine.available)
    func aQuestionnaireIsAnsweredOncePerPersonAndItsResultPublished(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 5) { (h: Harness, client: any TestClientProtocol) async throws in
            var admin = try await h.browser(client, "siteadmin")
            let surveysBefore = try await h.count("surveys")
            let form = try await admin.get(client, "/admin/sites/www/surveys/new")
            #expect(form.status == .ok && form.text.contains("满意度调查常用题目"))
            let fields = [
                "_csrf": Browser.csrf(form) ?? "", "kind": "questionnaire", "title": "老旧小区改造意愿调查", "summary": "了解居民对改造项目的意愿。",
                "opensOn": "2026-03-02", "closesOn": "2026-03-02",
            ]
            // A choice with one option and an option before any question: both lines named, nothing stored.
            var bad = fields
            bad["questions"] = "- 孤立的选项\n单选：只有一个选项\n- 是"
            let refused = try await admin.post(client, "/admin/sites/www/surveys/new", bad)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("第 1 行：选项前须先写题目") && refused.text.contains("须有 2 至 20 个选项，现为 1 个"))
            #expect(refused.text.contains("老旧小区改造意愿调查"), "what was typed stays")
            #expect(try await h.count("surveys") == surveysBefore)

            var good = fields
            good["questions"] = Self.questions
            let created = try await admin.post(client, "/admin/sites/www/surveys/new", good)
            #expect(created.status == .seeOther)
            let (page, id) = try Self.surveyURL(try #require(created.headers[.location]))
            // Not yet published: the public do not see it.
            #expect(try await client.execute(uri: "/surveys/\(id)", method: .get).status == .notFound)
            var detail = try await admin.get(client, page)
            #expect(detail.text.contains("未发布") && detail.text.contains("value=\"publish\""))
            let published = try await admin.post(client, page + "/act", try Self.act(detail, "publish"))
            #expect(published.status == .seeOther)

            // The 互动交流 page names it among what is going on now.
            let interaction = try await client.execute(uri: "/letters", method: .get).text
            #expect(interaction.contains("正在进行") && interaction.contains("老旧小区改造意愿调查") && interaction.contains("2026年3月2日截止"))

            // The public: a required question left out is named, nothing stored.
            var first = Browser.at("198.51.100.7")
            let shown = try await first.get(client, "/surveys/\(id)")
            #expect(shown.status == .ok && shown.headers[.cacheControl] == "no-store")
            #expect(shown.headers[values: .setCookie].contains { $0.hasPrefix("menhu-survey=") && $0.contains("HttpOnly") })
            #expect(shown.text.contains("您是否了解老旧小区改造政策？") && shown.text.contains("（多选，必答）"))
            let missing = try await first.post(client, "/surveys/\(id)", try LetterPagesTests.answered(shown.text, ["q1": "0"]))
            #expect(missing.status == .unprocessableContent && missing.text.contains("第 2 题“您希望优先改造哪些项目？”为必答题"))
            #expect(missing.text.contains("value=\"0\" checked"), "the choice made stays chosen")
            #expect(try await h.count("survey_answers", where: id) == 0)
            let answer = ["q1": "0", "q2.0": "1", "q2.2": "1", "q3": "楼道灯<script>"]
            let sent = try await first.post(client, "/surveys/\(id)", try LetterPagesTests.answered(missing.text, answer))
            #expect(sent.status == .created && sent.text.contains("提交成功，感谢您的参与"))
            // The same browser again: told it has answered; a second answer posted anyway is refused.
            let again = try await first.get(client, "/surveys/\(id)")
            #expect(again.text.contains("您已参与过本次征集") && !again.text.contains("name=\"challengeToken\""))
            let twice = try await first.post(client, "/surveys/\(id)", try LetterPagesTests.answered(shown.text, answer))
            #expect(twice.status == .conflict && twice.text.contains("每人限参与一次"))
            #expect(try await h.count("survey_answers", where: id) == 1)
            // Without the survey cookie nothing is taken.
            var noCookie = Browser.at("198.51.100.8")
            let bare = try await client.execute(uri: "/surveys/\(id)", method: .get)
            let cookieless = try await noCookie.post(client, "/surveys/\(id)", try LetterPagesTests.answered(bare.text, answer))
            #expect(cookieless.status == .unprocessableContent && cookieless.text.contains("请允许浏览器保存 Cookie"))
            var second = Browser.at("198.51.100.9")
            let secondForm = try await second.get(client, "/surveys/\(id)")
            let secondSent = try await second.post(
                client, "/surveys/\(id)", try LetterPagesTests.answered(secondForm.text, ["q1": "1", "q2.0": "1"]))
            #expect(secondSent.status == .created)
            #expect(try await h.count("survey_answers", where: id) == 2)

            // While it runs: the result cannot be published, and with answers it cannot be withdrawn.
            detail = try await admin.get(client, page)
            #expect(!detail.text.contains("value=\"unpublish\"") && detail.text.contains("征集截止后（2026年3月3日起）可公布"))
            // (A form left open from before, posted anyway.)
            let editForm = try await admin.get(client, page + "?edit=1")
            #expect(editForm.status == .ok && editForm.text.contains("调查已经开始"), "\(editForm.status) \(editForm.headers)")
            let early = try await admin.post(
                client, page + "/act",
                try Self.act(editForm, "conclude", ["outcome": "共收到两份答卷，均希望加装电梯。"]))
            #expect(early.status == .unprocessableContent && early.text.contains("调查尚未结束"))
            // The questions are frozen once it opened.
            var edit = good
            edit["_csrf"] = Browser.csrf(editForm) ?? ""
            edit["version"] = try #require(editForm.text.firstMatch(of: #/name="version" value="(?<v>\d+)"/#)).output.v.description
            edit["questions"] = Self.questions + "\n填空：新加的题"
            let frozen = try await admin.post(client, page, edit)
            #expect(frozen.status == .unprocessableContent && frozen.text.contains("调查已经开始，类型、开始日期和题目不能再修改"))

            // After the last day: the public are told it closed; the admin publishes the result.
            h.clock.set(testNow.addingTimeInterval(15 * 3600))  // 01:00 the next day
            admin = try await h.browser(client, "admin")  // the platform admin, the site admin's session having ended
            var late = Browser.at("198.51.100.10")
            let closedPage = try await late.get(client, "/surveys/\(id)")
            #expect(closedPage.text.contains("已于 2026年3月2日 截止") && !closedPage.text.contains("name=\"challengeToken\""))
            // The platform admin's 工作台 says the result is waiting.
            let board = try await admin.get(client, "/admin")
            #expect(board.text.contains("<strong>1</strong> 项征集已截止，待公布结果和采纳情况"))
            detail = try await admin.get(client, page)
            let short = try await admin.post(
                client, page + "/act", try Self.act(detail, "conclude", ["outcome": "好"]))
            #expect(short.status == .unprocessableContent && short.text.contains("至少 10 个字"))
            let outcome = "共收到答卷 2 份，均希望优先加装电梯，已列入2026年改造计划；停车位建议将在下一期规划中研究。"
            let concluded = try await admin.post(
                client, page + "/act", try Self.act(detail, "conclude", ["outcome": outcome]))
            #expect(concluded.status == .seeOther)
            #expect(!(try await admin.get(client, "/admin")).text.contains("项征集已截止"), "nothing waits once published")
            let result = try await late.get(client, "/surveys/\(id)")
            #expect(result.text.contains("结果说明和意见采纳情况") && result.text.contains("已列入2026年改造计划"))
            #expect(result.text.contains("共 2 人参与") && result.text.contains("<th scope=\"row\">加装电梯</th><td>2</td>"))
            #expect(result.text.contains("100.0%") && result.text.contains("50.0%"))
            #expect(!result.text.contains("楼道灯"), "written answers are not published")

            // The admin reads the written answers (escaped) and exports every answer.
            detail = try await admin.get(client, page)
            #expect(detail.text.contains("楼道灯&lt;script&gt;") && !detail.text.contains("楼道灯<script>"))
            let csv = try await admin.get(client, page + "/answers.csv")
            #expect(csv.status == .ok && csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.text.hasPrefix("\u{FEFF}序号,提交时间") && csv.text.contains("加装电梯；停车位") && csv.text.contains("楼道灯<script>"))
            // The year's figures of the 年度报表: this survey, its answers, its result.
            let list = try await admin.get(client, "/admin/sites/www/surveys")
            #expect(list.text.contains("老旧小区改造意愿调查") && list.text.contains("已公布结果"))
            let site = try await h.site("www")
            let figures = try await h.db.read { db in try await SurveyRecords.figures(siteID: site.id, year: 2026, on: db) }
            #expect(list.text.contains("<dt>征集调查期数</dt><dd>\(figures.surveys) 期</dd>"))
            #expect(figures.concluded >= 1 && figures.answers >= 2)
            // Someone without 征集调查与在线访谈 does not reach it.
            var editor = try await h.browser(client, "editor")
            #expect(try await editor.get(client, "/admin/sites/www/surveys").status == .forbidden)
        }
    }
}

extension Harness {
    /// Rows of `table` whose survey is `surveyID`.
    func count(_ table: String, where surveyID: String) async throws -> Int {
        try await db.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE survey_id = \(bind: surveyID)").first()?.decode(
                column: "n", as: Int.self) ?? 0
        }
    }
}
