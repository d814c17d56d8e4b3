import Foundation
import Testing

@testable import MenhuCore

/// 征集调查 (I1): the question list as the site's staff write it, the answers as the public send
/// them, the results as published, and the phases a survey goes through.
@Suite struct SurveyTests {
    static let today = CalendarDay("2026-03-02")!

    @Test func aQuestionListReadsBackAsWritten() throws {
        let text = "单选：您的年龄段？\r\n- 18岁以下\n－ 18至60岁\n- 60岁以上\n\n多选：常用功能\n- 查询\n- 办事\n问答：其他意见（选答）"
        let questions = try SurveyQuestionList.parse(text)
        #expect(questions.map(\.id) == ["q1", "q2", "q3"])
        #expect(questions.map(\.kind) == [.single, .multiple, .text])
        #expect(questions[0].options == ["18岁以下", "18至60岁", "60岁以上"], "a full-width dash starts an option too")
        #expect(questions[2].prompt == "其他意见" && !questions[2].required && questions[0].required)
        #expect(try SurveyQuestionList.parse(SurveyQuestionList.format(questions)) == questions)
        #expect(try SurveyQuestionList.parse(SurveyQuestionList.satisfactionTemplate).count == 5)
    }

    @Test func everyWrongLineIsNamedAtOnce() {
        let text = "- 孤立\n判断：对不对\n单选：只有一项\n- 是\n填空：写点什么\n- 不该有选项\n多选：重复\n- 甲\n- 甲\n- 乙"
        var messages: [String] = []
        do { _ = try SurveyQuestionList.parse(text) } catch let e as FieldErrors { messages = e.problems.map(\.message) } catch {}
        #expect(messages.contains("第 1 行：选项前须先写题目（以“单选：”或“多选：”开头）。"))
        #expect(messages.contains { $0.hasPrefix("第 2 行：每道题以") })
        #expect(messages.contains("第 6 行：填空题不设选项；需要选项请改为“单选：”或“多选：”。"))
        #expect(messages.contains("第 9 行：选项“甲”重复。"))
        #expect(messages.contains { $0.contains("“只有一项”：选择题须有 2 至 20 个选项，现为 1 个") })
        #expect(throws: FieldErrors.self) { try SurveyQuestionList.parse("  \n ") }
    }

    static func fields(_ extra: [String: String] = [:]) -> [String: String] {
        ["kind": "questionnaire", "title": "调查", "summary": "说明", "opensOn": "2026-03-02", "closesOn": "2026-03-31", "questions": "填空：意见"]
            .merging(extra) { $1 }
    }

    @Test func aSurveysPeriodAndItsDraftAreChecked() throws {
        #expect(try SurveyDefinition.read(Self.fields(), today: Self.today).closesOn == CalendarDay("2026-03-31"))
        func problems(_ extra: [String: String]) -> [String] {
            do { _ = try SurveyDefinition.read(Self.fields(extra), today: Self.today) } catch let e as FieldErrors {
                return e.problems.map(\.field)
            } catch {}
            return []
        }
        #expect(problems(["closesOn": "2026-03-01", "opensOn": "2026-02-20"]) == ["closesOn"], "a new survey cannot have ended")
        #expect(problems(["closesOn": "2026-02-28"]) == ["closesOn"], "the last day before the first")
        #expect(problems(["closesOn": "2027-12-31"]) == ["closesOn"], "longer than a year")
        #expect(problems(["kind": "comment"]) == ["draft"], "a 意见征集 carries its draft")
        #expect(problems(["title": "两行\n标题", "opensOn": "3月2日"]) == ["title", "opensOn"])
        // A 意见征集 or a 满意度调查 without questions gets the usual ones.
        let comment = try SurveyDefinition.read(Self.fields(["kind": "comment", "draft": "第一条", "questions": ""]), today: Self.today)
        #expect(comment.questions.map(\.kind) == [.text] && comment.questions[0].required)
        #expect(try SurveyDefinition.read(Self.fields(["kind": "satisfaction", "questions": ""]), today: Self.today).questions.count == 5)
    }

    static let survey: Survey = {
        var s = Survey(
            siteID: "s", kind: .questionnaire, title: "调查", summary: "说明", opensOn: CalendarDay("2026-03-02")!, closesOn: CalendarDay("2026-03-10")!,
            questions: try! SurveyQuestionList.parse("单选：甲\n- 是\n- 否\n多选：乙\n- A\n- B\n- C\n填空：丙（选答）"), createdBy: "管理员", at: Date())
        s.published = true
        return s
    }()

    @Test func anAnswerTakesOnlyTheOptionsOffered() throws {
        let answer = try SurveyResponse.read(Self.survey, fields: ["q1": "1", "q2.0": "1", "q2.2": "1", "q3": "  好\r\n"])
        #expect(answer.items == [.init(question: "q1", choices: [1]), .init(question: "q2", choices: [0, 2]), .init(question: "q3", text: "好")])
        func fields(_ f: [String: String]) -> [String] {
            do { _ = try SurveyResponse.read(Self.survey, fields: f) } catch let e as FieldErrors { return e.problems.map(\.field) } catch {}
            return []
        }
        #expect(fields(["q2.0": "1"]) == ["q1"], "a required single choice left out")
        #expect(fields(["q1": "2", "q2.0": "1"]) == ["q1"], "an option that is not there")
        #expect(fields(["q1": "0", "q2.9": "1"]) == ["q2"], "a ticked box that is not there")
        #expect(fields(["q1": "0", "q2.1": "1", "q3": String(repeating: "长", count: 2001)]) == ["q3"])
        // An optional question may be left out.
        #expect(try SurveyResponse.read(Self.survey, fields: ["q1": "0", "q2.1": "1"]).items.count == 2)
    }

    @Test func resultsCountThoseWhoAnsweredEachQuestion() throws {
        let answers = try [
            ["q1": "0", "q2.0": "1", "q2.1": "1"], ["q1": "0", "q2.0": "1"], ["q1": "1", "q2.2": "1", "q3": "建议"],
        ].map { try SurveyResponse.read(Self.survey, fields: $0) }
        let results = SurveyResults(Self.survey, answers: answers)
        #expect(results.respondents == 3)
        #expect(results.questions[0].options.map(\.count) == [2, 1])
        #expect(results.questions[0].options.map(\.percent) == ["66.7%", "33.3%"])
        #expect(results.questions[1].options.map(\.count) == [2, 1, 1], "each box ticked counts")
        #expect(results.questions[2].answered == 1)
        #expect(SurveyResults(Self.survey, answers: []).questions[0].options.map(\.percent) == ["0.0%", "0.0%"])
    }

    @Test func aSurveyOpensOnItsFirstDayAndClosesAfterItsLast() {
        var s = Self.survey
        s.published = false
        #expect(s.phase(on: CalendarDay("2026-03-05")!) == .draft)
        s.published = true
        #expect(s.phase(on: CalendarDay("2026-03-01")!) == .upcoming && s.questionsEditable(on: CalendarDay("2026-03-01")!))
        #expect(s.phase(on: CalendarDay("2026-03-02")!) == .open && !s.questionsEditable(on: CalendarDay("2026-03-02")!))
        #expect(s.phase(on: CalendarDay("2026-03-10")!) == .open, "the last day counts")
        #expect(s.phase(on: CalendarDay("2026-03-11")!) == .closed)
        s.outcome = "采纳情况"
        #expect(s.phase(on: CalendarDay("2026-03-11")!) == .concluded)
    }

    @Test func anInterviewIsSetUpWithItsGuestsAndAChinaTime() throws {
        let f = try InterviewDefinition.read([
            "title": "访谈", "summary": "简介", "host": "王晓", "guests": "局长｜李建华\r\n陈静", "startsAt": "2026-03-05T15:00", "minutes": "90",
        ])
        #expect(f.guests == [.init(name: "李建华", post: "局长"), .init(name: "陈静", post: "")])
        #expect(ChinaTime.minute(f.startsAt) == "2026-03-05 15:00", "the time is read as Beijing time")
        // The console's date-time fields share the parser: seconds only where the field sends them.
        #expect(ChinaTime.parseMinute("2026-03-05 15:00:30") == nil)
        #expect(ChinaTime.parseMinute("2026-03-05T15:00:30", allowingSeconds: true) == f.startsAt.addingTimeInterval(30))
        #expect(InterviewDefinition.format(f.guests) == "局长｜李建华\n陈静")
        func fields(_ extra: [String: String]) -> [String] {
            let base = ["title": "访谈", "summary": "简介", "host": "王晓", "guests": "陈静", "startsAt": "2026-03-05 15:00", "minutes": "90"]
            do { _ = try InterviewDefinition.read(base.merging(extra) { $1 }) } catch let e as FieldErrors { return e.problems.map(\.field) } catch {}
            return []
        }
        #expect(fields(["guests": "局长｜"]) == ["guests"] && fields(["guests": ""]) == ["guests"])
        #expect(fields(["startsAt": "2026-03-05 25:00"]) == ["startsAt"] && fields(["startsAt": "3月5日下午"]) == ["startsAt"])
        #expect(fields(["minutes": "5"]) == ["minutes"])
    }

    @Test func anInterviewTakesQuestionsFromItsAnnouncementUntilItEnds() throws {
        let start = ChinaTime.parseMinute("2026-03-05 15:00")!
        var i = Interview(siteID: "s", title: "访谈", summary: "简介", host: "王晓", guests: [], startsAt: start, minutes: 60, createdBy: "管理员", at: start)
        #expect(i.phase(at: start) == .draft && !i.takesQuestions(at: start))
        i.published = true
        #expect(i.phase(at: start.addingTimeInterval(-60)) == .announced && i.takesQuestions(at: start.addingTimeInterval(-60)))
        #expect(i.phase(at: start) == .live, "live from its start")
        #expect(i.phase(at: start.addingTimeInterval(5 * 3600)) == .live, "until the staff end it, even past its planned length")
        i.endedAt = start.addingTimeInterval(3600)
        #expect(i.phase(at: start.addingTimeInterval(3600)) == .ended && !i.takesQuestions(at: start.addingTimeInterval(3600)))
        #expect(try InterviewAsk.read(["text": "公交什么时候通？"]).nickname == "网友", "no nickname: 网友")
        #expect(throws: FieldErrors.self) { try InterviewAsk.read(["text": "短"]) }
    }
}
