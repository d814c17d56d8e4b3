import Foundation
import HTTPTypes
import Hummingbird
import MenhuCore
import MenhuStore

/// 征集调查 on every site (I1): the surveys and drafts for comment the site has published, each
/// with its 说明, its period and its form while it runs; one answer per browser; after its last day
/// the results with the 采纳情况 once the site publishes them. Never cached: the form carries a
/// fresh challenge, and the page knows whether this browser has answered.
extension PublicSite {
    static let surveysPath = "/surveys"
    /// The survey cookie: a random token per browser, the one-answer-per-person key.
    static let surveyCookie = "menhu-survey"

    func registerSurveys(on router: Router<MenhuRequestContext>) {
        live(.get, Self.surveysPath, on: router) { _, _, mount in try await surveyList(mount: mount) }
        live(.get, Self.surveysPath + "/:survey", on: router) { request, context, mount in
            try await surveyPage(request, mount: mount, id: context.parameters.get("survey") ?? "")
        }
        live(.post, Self.surveysPath + "/:survey", on: router) { request, context, mount in
            try await answerSurvey(request, context, mount: mount, id: context.parameters.get("survey") ?? "")
        }
    }

    func surveyFrame(_ mount: Mount, title: String, survey: Bool) async throws -> SiteFrame {
        var frame = try await interactionFrame(mount, title: title)
        frame.breadcrumb = [.init(name: mount.ui.home, url: mount.homeURL), .init(name: "互动交流", url: Self.lettersURL(mount))]
        if survey { frame.breadcrumb.append(.init(name: "征集调查", url: mount.base + Self.surveysPath)) }
        frame.breadcrumb.append(.init(name: title, url: nil))
        return frame
    }

    static func period(_ s: Survey) -> String { "\(s.opensOn.chineseDate)至\(s.closesOn.chineseDate)" }

    func surveyList(mount: Mount) async throws -> PageCache.Rendered {
        let today = CalendarDay(env.clock.now())
        let listings = try await env.database.read { db in try await SurveyRecords.list(siteID: mount.site.id, publishedOnly: true, on: db) }
        let items = listings.map { l in
            let phase = l.survey.phase(on: today)
            return SurveyPageView.Item(
                title: l.survey.title, kind: l.survey.kind.label, period: Self.period(l.survey), phase: phase.label,
                phaseClass: phase == .open ? "open" : "", url: mount.base + Self.surveysPath + "/" + l.survey.id, answers: l.answers,
                concluded: phase == .concluded)
        }
        let running = items.filter { $0.phaseClass == "open" }
        let view = SurveyPageView(heading: "征集调查", running: running, others: items.filter { $0.phaseClass != "open" })
        return page(.survey, mount, try await surveyFrame(mount, title: "征集调查", survey: false), view)
    }

    /// The browser's survey token, or a new one with the cookie that keeps it.
    func surveyToken(_ request: Request) -> (token: String, cookie: Cookie?) {
        if let token = request.cookies[Self.surveyCookie]?.value, (16...100).contains(token.count) { return (token, nil) }
        let token = RecordID.random(bytes: 16)
        let secure = AdminSession.secure(request, env: env)
        return (
            token, Cookie(name: Self.surveyCookie, value: token, maxAge: 2 * 365 * 86400, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
        )
    }

    /// A survey: 说明, 征求意见稿, the form while it runs, the results once published.
    func surveyPage(
        _ request: Request, mount: Mount, id: String, form: (fields: [String: String], errors: FieldErrors)? = nil, thanks: Bool = false,
        refusal: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> PageCache.Rendered {
        let now = env.clock.now(), today = CalendarDay(now)
        let (token, cookie) = surveyToken(request)
        let found = try await env.database.read { db -> (Survey, Int, String)? in
            guard let s = try await SurveyRecords.survey(id: id, on: db), s.siteID == mount.site.id, s.published else { return nil }
            return (s, try await SurveyRecords.answerCount(surveyID: s.id, on: db), try await LetterRecords.challengeKey(on: db))
        }
        guard let (survey, count, key) = found else {
            return try await notFound(mount: mount)
        }
        let phase = survey.phase(on: today)
        let answered = try await env.surveys.answered(surveyID: survey.id, browserToken: token)
        var detail = SurveyPageView.Detail(
            title: survey.title, kind: survey.kind.label, phase: phase.label, phaseClass: phase == .open ? "open" : "",
            period: Self.period(survey), summary: survey.summary.paragraphLines, draft: survey.draft.paragraphLines, hasDraft: !survey.draft.isEmpty,
            answers: count, thanks: thanks, answered: answered && !thanks && phase == .open, refusal: refusal,
            backURL: mount.base + Self.surveysPath)
        switch phase {
        case .upcoming: detail.waiting = "本次\(survey.kind.label)将于 \(survey.opensOn.chineseDate) 开始，届时欢迎参与。"
        case .closed: detail.waiting = "本次\(survey.kind.label)已于 \(survey.closesOn.chineseDate) 截止，感谢关注。结果整理后将在本页公布。"
        case .concluded:
            let (_, results, _) = try await env.surveys.results(surveyID: survey.id) ?? (survey, SurveyResults(survey, answers: []), [])
            detail.outcome = survey.outcome?.paragraphLines ?? []
            detail.concluded = survey.concludedAt.map { CalendarDay($0).chineseDate }
            detail.results = Self.resultView(results)
        case .open where !answered && !thanks:
            let challenge = TextChallenge.make(key: key, now: now)
            let f = form?.fields ?? [:]
            detail.form = .init(
                action: mount.base + Self.surveysPath + "/" + survey.id, token: challenge.token, question: challenge.question,
                questions: survey.questions.enumerated().map { index, q in
                    Self.questionView(q, number: index + 1, fields: f, error: form?.errors.message(for: q.id))
                },
                errors: form?.errors.problems.map(\.message) ?? [], hasErrors: !(form?.errors.isEmpty ?? true))
        default: break
        }
        var rendered = page(
            .survey, mount, try await surveyFrame(mount, title: survey.title, survey: true), SurveyPageView(heading: survey.title, survey: detail),
            status: status)
        rendered.cookie = cookie
        return rendered
    }

    static func questionView(_ q: SurveyQuestion, number: Int, fields: [String: String], error: String?) -> SurveyPageView.Question {
        .init(
            id: q.id, number: number, prompt: q.prompt, required: q.required, kind: q.kind.label,
            single: q.kind == .single, multiple: q.kind == .multiple, text: q.kind == .text, value: fields[q.id] ?? "",
            options: q.options.enumerated().map { i, label in
                .init(
                    name: q.kind == .single ? q.id : "\(q.id).\(i)", value: q.kind == .single ? String(i) : "1", label: label,
                    inputID: "\(q.id)-\(i)", checked: q.kind == .single ? fields[q.id] == String(i) : fields["\(q.id).\(i)"] != nil)
            }, error: error)
    }

    static func resultView(_ r: SurveyResults) -> SurveyPageView.Results {
        .init(
            respondents: r.respondents,
            questions: r.questions.enumerated().map { index, q in
                .init(
                    number: index + 1, prompt: q.question.prompt, kind: q.question.kind.label, answered: q.answered, isText: q.question.kind == .text,
                    multiple: q.question.kind == .multiple,
                    options: q.options.map { .init(label: $0.label, count: $0.count, percent: $0.percent, permille: $0.permille) })
            })
    }

    func answerSurvey(_ request: Request, _ context: MenhuRequestContext, mount: Mount, id: String) async throws -> PageCache.Rendered {
        let fields = try await FormBody.read(request)
        let key = try await env.database.read { db in try await LetterRecords.challengeKey(on: db) }
        guard TextChallenge.verify(token: fields["challengeToken"] ?? "", answer: fields["challenge"] ?? "", key: key, now: env.clock.now())
        else {
            return try await surveyPage(
                request, mount: mount, id: id,
                form: (fields, FieldErrors.single("challenge", "验证题答案不正确或已过期，请重新计算后填写（用阿拉伯数字）。")), status: .unprocessableContent)
        }
        guard let token = request.cookies[Self.surveyCookie]?.value else {
            return try await surveyPage(
                request, mount: mount, id: id,
                form: (fields, FieldErrors.single("form", "请允许浏览器保存 Cookie 后再提交：本调查用它保证每人只参与一次。")), status: .unprocessableContent)
        }
        do {
            let survey = try await env.database.read { db in try await SurveyRecords.survey(id: id, on: db) }
            guard let survey, survey.siteID == mount.site.id else { throw ServiceError.notFound("调查不存在") }
            _ = try await env.surveys.answer(surveyID: survey.id, fields: fields, browserToken: token, address: context.clientAddress)
            return try await surveyPage(request, mount: mount, id: id, thanks: true, status: .created)
        } catch let errors as FieldErrors {
            return try await surveyPage(request, mount: mount, id: id, form: (fields, errors), status: .unprocessableContent)
        } catch ServiceError.refused(let message) {
            return try await surveyPage(request, mount: mount, id: id, refusal: message, status: .conflict)
        } catch ServiceError.notFound {
            return try await notFound(mount: mount)
        }
    }
}

extension String {
    /// The non-empty lines of a text, each a paragraph on the page.
    var paragraphLines: [String] {
        split(whereSeparator: \.isNewline).map { String($0).trimmed }.filter { !$0.isEmpty }
    }
}

/// survey.mustache: 征集调查 — the list (running first), or one survey with its form, its
/// 征求意见稿, and once published its results and 采纳情况. Each part is shown when set.
struct SurveyPageView {
    struct Item { let title: String, kind: String, period: String, phase: String, phaseClass: String, url: String, answers: Int, concluded: Bool }
    struct Option { let name: String, value: String, label: String, inputID: String, checked: Bool }
    struct Question {
        let id: String, number: Int, prompt: String, required: Bool, kind: String
        let single: Bool, multiple: Bool, text: Bool
        let value: String
        let options: [Option]
        let error: String?
    }
    struct Form { let action: String, token: String, question: String, questions: [Question], errors: [String], hasErrors: Bool }
    struct Results {
        struct Option { let label: String, count: Int, percent: String, permille: Int }
        struct Question { let number: Int, prompt: String, kind: String, answered: Int, isText: Bool, multiple: Bool, options: [Option] }
        let respondents: Int
        let questions: [Question]
    }
    struct Detail {
        let title: String, kind: String, phase: String, phaseClass: String, period: String
        let summary: [String], draft: [String], hasDraft: Bool
        let answers: Int
        /// Just answered; answered before (while it runs); the answer refused.
        let thanks: Bool, answered: Bool, refusal: String?
        var waiting: String? = nil
        var form: Form? = nil
        var results: Results? = nil
        var outcome: [String] = [] { didSet { hasOutcome = !outcome.isEmpty } }
        var hasOutcome = false
        var concluded: String? = nil
        let backURL: String
    }

    let heading: String
    var running: [Item] = []
    var others: [Item] = []
    var hasRunning = false
    var hasOthers = false
    /// The list page (with or without surveys).
    var isList: Bool
    var hasAny = false
    var survey: Detail? = nil

    init(heading: String, running: [Item], others: [Item]) {
        self.heading = heading; self.running = running; self.others = others; isList = true
        hasRunning = !running.isEmpty; hasOthers = !others.isEmpty; hasAny = hasRunning || hasOthers
    }

    init(heading: String, survey: Detail) {
        self.heading = heading; self.survey = survey; isList = false
    }
}
