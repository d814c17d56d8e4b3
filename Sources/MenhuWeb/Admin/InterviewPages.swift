import Foundation
import HTTPTypes
import Hummingbird
import MenhuCore
import MenhuStore

/// 在线访谈管理 (I1): a site's interviews and the year's figures of the 政府网站工作年度报表; an
/// interview's settings (guests written one a line); 发布预告、撤回、结束; the questions to review
/// (采用 or 不采用) and, while it runs, to answer on a guest's behalf; and the 文字实录 written as
/// it is spoken.
struct InterviewPages: Sendable {
    let env: WebEnvironment
    let layout: AdminLayout

    static let access = AdminAccess.site(.manageInteraction)

    var endpoints: [AdminEndpoint] {
        [
            AdminEndpoint.site(.get, .interviews(site: .route), Self.access) { r in try await list(r) },
            AdminEndpoint.site(.get, .newInterview(site: .route), Self.access) { r in try await editor(r, interview: nil) },
            AdminEndpoint.site(.post, .newInterview(site: .route), Self.access) { r in try await save(r, id: nil) },
            AdminEndpoint.site(.get, .interview(site: .route, id: .route), Self.access) { r in try await detail(r, id: r.parameter("id")) },
            AdminEndpoint.site(.post, .interview(site: .route, id: .route), Self.access) { r in try await save(r, id: r.parameter("id")) },
            AdminEndpoint.site(.post, .interviewAct(site: .route, id: .route), Self.access) { r in try await act(r) },
            AdminEndpoint.site(.get, .interviewAct(site: .route, id: .route), Self.access) { r in
                Reply.redirect(AdminURL.interview(site: r.site.code, id: r.parameter("id")).path)
            },
        ]
    }

    func participant(_ r: SiteAdminRequest) -> Participant { Participant(actor: r.actor, grants: r.signedIn.grants) }

    func list(_ r: SiteAdminRequest) async throws -> Response {
        let site = r.site, now = env.clock.now(), today = CalendarDay(now)
        let year = Int(r.request.uri.queryParameters["year"] ?? "").flatMap { (2008...today.year).contains($0) ? $0 : nil } ?? today.year
        let (interviews, figures, pending) = try await env.database.read { db in
            (
                try await InterviewRecords.list(siteID: site.id, publishedOnly: false, on: db),
                try await InterviewRecords.figures(siteID: site.id, year: year, on: db),
                try await InterviewRecords.pendingCounts(siteID: site.id, on: db)
            )
        }
        let base = AdminURL.interviews(site: site.code).path
        let view = InterviewListView(
            newURL: AdminURL.newInterview(site: site.code).path, publicURL: "/sites/\(site.code)\(PublicSite.interviewsPath)",
            rows: interviews.map { i in
                let phase = i.phase(at: now)
                return .init(
                    title: i.title, time: PublicSite.interviewTime(i), phase: phase.label, phaseClass: phase == .live ? "ok" : "",
                    guests: i.guests.map(\.label).joined(separator: "、"), pending: i.endedAt == nil ? pending[i.id] ?? 0 : 0,
                    url: AdminURL.interview(site: site.code, id: i.id).path)
            },
            year: year, figures: figures,
            years: ((today.year - 4)...today.year).reversed().map { .init(year: $0, url: base + "?year=\($0)", current: $0 == year) })
        return layout.page(r, .interviews, title: "在线访谈：\(site.name)", view)
    }

    func editor(_ r: SiteAdminRequest, interview: Interview?, errors: FieldErrors? = nil) async throws -> Response {
        let site = r.site
        let values: [String: String] =
            errors != nil
            ? r.form
            : interview.map { i in
                [
                    "title": i.title, "summary": i.summary, "host": i.host, "guests": InterviewDefinition.format(i.guests),
                    "startsAt": ChinaTime.minute(i.startsAt), "minutes": String(i.minutes),
                ]
            } ?? ["minutes": "90"]
        let view = InterviewEditView(
            action: interview.map { AdminURL.interview(site: site.code, id: $0.id).path } ?? AdminURL.newInterview(site: site.code).path,
            backURL: interview.map { AdminURL.interview(site: site.code, id: $0.id).path } ?? AdminURL.interviews(site: site.code).path,
            version: interview?.version, isNew: interview == nil)
        return layout.page(
            r, .interviewForm, title: interview.map { "修改：\($0.title)" } ?? "新建在线访谈", view, form: FormState(values, errors ?? FieldErrors()),
            status: errors == nil ? .ok : .unprocessableContent)
    }

    func save(_ r: SiteAdminRequest, id: String?) async throws -> Response {
        let existing = try await id.asyncMap { id in try await env.database.read { db in try await InterviewRecords.interview(id: id, on: db) } }
        if id != nil, existing?.siteID != r.site.id { throw ServiceError.notFound("访谈不存在") }
        return try await FormState.saving {
            let saved = try await env.interviews.save(
                r.form, interviewID: id, expectedVersion: Int(r.form["version"] ?? ""), siteID: r.site.id, by: participant(r))
            return Reply.redirect(AdminURL.interview(site: r.site.code, id: saved.id).notice(id == nil ? "interview-created" : "interview-saved"))
        } otherwise: { errors in
            try await editor(r, interview: existing, errors: errors)
        }
    }

    func detail(_ r: SiteAdminRequest, id: String, problem: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let site = r.site, now = env.clock.now()
        let found = try await env.database.read { db -> (Interview, [InterviewQuestion])? in
            guard let i = try await InterviewRecords.interview(id: id, on: db), i.siteID == site.id else { return nil }
            return (i, try await InterviewRecords.questions(interviewID: id, on: db))
        }
        guard let (interview, questions) = found else { throw ServiceError.notFound("访谈不存在") }
        if r.request.uri.queryParameters["edit"] != nil, interview.endedAt == nil { return try await editor(r, interview: interview) }
        let phase = interview.phase(at: now)
        let live = phase == .live
        let speakers =
            [InterviewDetailView.Choice(value: "host", label: "主持人 \(interview.host)")]
            + interview.guests.enumerated().map { .init(value: "guest.\($0.offset)", label: "嘉宾 \($0.element.label)") }
        func row(_ q: InterviewQuestion) -> InterviewDetailView.Question {
            .init(
                id: q.id, nickname: q.nickname, text: q.text, asked: ChinaTime.minute(q.askedAt), state: q.state.label, note: q.note.nonEmpty,
                answer: q.answer, answeredBy: q.answeredBy, canReview: q.state == .pending, canAnswer: q.state == .accepted && live)
        }
        var view = InterviewDetailView(
            backURL: AdminURL.interviews(site: site.code).path, problem: problem, title: interview.title, phase: phase.label,
            time: PublicSite.interviewTime(interview), host: interview.host, guests: interview.guests.map(\.label),
            publicURL: interview.published ? "/sites/\(site.code)\(PublicSite.interviewsPath)/\(interview.id)" : nil,
            editURL: interview.endedAt == nil ? AdminURL.interview(site: site.code, id: interview.id).path + "?edit=1" : nil,
            actionURL: AdminURL.interviewAct(site: site.code, id: interview.id).path, version: interview.version,
            canPublish: phase == .draft, canUnpublish: phase == .announced && questions.isEmpty, canEnd: live, live: live,
            speakers: speakers,
            guestChoices: interview.guests.enumerated().map { .init(value: String($0.offset), label: $0.element.label) },
            pending: questions.filter { $0.state == .pending }.map(row),
            taken: questions.filter { $0.state == .accepted || $0.state == .answered }.map(row),
            rejected: questions.filter { $0.state == .rejected }.map(row),
            transcript: interview.transcript.map { e in
                .init(
                    name: e.speaker == .netizen ? "网友“\(e.name)”问" : e.speaker == .host ? "主持人 \(e.name)" : e.name, text: e.text,
                    at: ChinaTime.minute(e.at))
            })
        view.recordText = status == .ok ? "" : r.form["text"] ?? ""
        switch phase {
        case .announced: view.waiting = "预告中，网友可以提问。到访谈时间（\(ChinaTime.minute(interview.startsAt))）自动显示为“直播中”，届时可录入文字实录、答复已采用的提问。"
        case .ended: view.waiting = "访谈已于 \(interview.endedAt.map(ChinaTime.minute) ?? "") 结束，文字实录保留在网站“往期访谈”中。"
        default: break
        }
        return layout.page(r, .interview, title: "在线访谈：\(interview.title)", view, status: status)
    }

    func act(_ r: SiteAdminRequest) async throws -> Response {
        let id = r.parameter("id"), p = participant(r)
        let action = r.form["action"] ?? ""
        do {
            switch action {
            case "publish", "unpublish", "end":
                guard let version = Int(r.form["version"] ?? "") else {
                    return try await detail(r, id: id, problem: "表单已过期，请刷新页面后再操作。", status: .unprocessableContent)
                }
                _ = try await env.interviews.act(InterviewService.Step(rawValue: action)!, interviewID: id, expectedVersion: version, by: p)
            case "record":
                _ = try await env.interviews.record(interviewID: id, speaker: r.form["speaker"] ?? "", text: r.form["text"] ?? "", by: p)
            case "accept", "reject", "answer":
                let questionID = r.form["question"] ?? ""
                // The question must be one of this interview's, on this site.
                let question = try await env.database.read { db in try await InterviewRecords.question(id: questionID, on: db) }
                guard let question, question.interviewID == id, question.siteID == r.site.id else { throw ServiceError.notFound("提问不存在") }
                if action == "answer" {
                    _ = try await env.interviews.answer(
                        questionID: questionID, guest: Int(r.form["guest"] ?? "") ?? -1, text: r.form["text"] ?? "", by: p)
                } else {
                    _ = try await env.interviews.review(questionID: questionID, accept: action == "accept", note: r.form["note"] ?? "", by: p)
                }
            default:
                return try await detail(r, id: id, problem: "请选择要办理的操作。", status: .unprocessableContent)
            }
        } catch let errors as FieldErrors {
            return try await detail(r, id: id, problem: errors.problems.map(\.message).joined(separator: "；"), status: .unprocessableContent)
        } catch ServiceError.refused(let message) {
            return try await detail(r, id: id, problem: message, status: .unprocessableContent)
        } catch ServiceError.conflict(let message) {
            return try await detail(r, id: id, problem: message, status: .conflict)
        }
        let anchor = ["record", "answer"].contains(action) ? "#record" : ["accept", "reject"].contains(action) ? "#pending" : ""
        return Reply.redirect(AdminURL.interview(site: r.site.code, id: id).notice("interview-\(action)") + anchor)
    }
}

/// interviews.mustache: a site's interviews and the year's figures.
struct InterviewListView {
    struct Row { let title: String, time: String, phase: String, phaseClass: String, guests: String, pending: Int, url: String }
    let newURL: String, publicURL: String
    let rows: [Row]
    let hasRows: Bool
    let year: Int
    let figures: InterviewFigures
    let years: [SurveyListView.Year]

    init(newURL: String, publicURL: String, rows: [Row], year: Int, figures: InterviewFigures, years: [SurveyListView.Year]) {
        self.newURL = newURL; self.publicURL = publicURL; self.rows = rows; hasRows = !rows.isEmpty; self.year = year
        self.figures = figures; self.years = years
    }
}

/// interview-form.mustache: an interview's settings.
struct InterviewEditView {
    let action: String, backURL: String
    let version: Int?
    let isNew: Bool
}

/// interview.mustache (admin): one interview.
struct InterviewDetailView {
    struct Choice { let value: String, label: String }
    struct Question {
        let id: String, nickname: String, text: String, asked: String, state: String, note: String?
        let answer: String?, answeredBy: String?
        let canReview: Bool, canAnswer: Bool
    }
    struct Entry { let name: String, text: String, at: String }
    let backURL: String
    let problem: String?
    let title: String, phase: String, time: String, host: String
    let guests: [String]
    let publicURL: String?, editURL: String?
    let actionURL: String
    let version: Int
    let canPublish: Bool, canUnpublish: Bool, canEnd: Bool, live: Bool
    let speakers: [Choice]
    let guestChoices: [Choice]
    let pending: [Question], taken: [Question], rejected: [Question]
    let transcript: [Entry]
    var recordText = ""
    /// What happens next, when nothing is to be pressed.
    var waiting: String? = nil
}
