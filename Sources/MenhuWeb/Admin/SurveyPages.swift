import Foundation
import HTTPTypes
import Hummingbird
import MenhuCore
import MenhuStore

/// 征集调查管理 (I1): a site's surveys with their state and how many answered, and the year's
/// figures of the 政府网站工作年度报表; a survey's settings (the question list written as lines),
/// 发布、撤回、公布结果 with the 采纳情况, the results counted now, the written answers, and all
/// answers as a spreadsheet.
struct SurveyPages: Sendable {
    let env: WebEnvironment
    let layout: AdminLayout

    static let access = AdminAccess.site(.manageInteraction)

    var endpoints: [AdminEndpoint] {
        [
            AdminEndpoint.site(.get, .surveys(site: .route), Self.access) { r in try await list(r) },
            AdminEndpoint.site(.get, .newSurvey(site: .route), Self.access) { r in try await editor(r, survey: nil) },
            AdminEndpoint.site(.post, .newSurvey(site: .route), Self.access) { r in try await save(r, id: nil) },
            AdminEndpoint.site(.get, .survey(site: .route, id: .route), Self.access) { r in try await detail(r, id: r.parameter("id")) },
            AdminEndpoint.site(.post, .survey(site: .route, id: .route), Self.access) { r in try await save(r, id: r.parameter("id")) },
            AdminEndpoint.site(.post, .surveyAct(site: .route, id: .route), Self.access) { r in try await act(r) },
            // A refused action leaves the browser at the form's address: reloading it goes back to the survey.
            AdminEndpoint.site(.get, .surveyAct(site: .route, id: .route), Self.access) { r in
                Reply.redirect(AdminURL.survey(site: r.site.code, id: r.parameter("id")).path)
            },
            AdminEndpoint.site(.get, .surveyCSV(site: .route, id: .route), Self.access) { r in try await csv(r) },
        ]
    }

    func participant(_ r: SiteAdminRequest) -> Participant { Participant(actor: r.actor, grants: r.signedIn.grants) }

    func list(_ r: SiteAdminRequest) async throws -> Response {
        let site = r.site, today = CalendarDay(env.clock.now())
        let year = Int(r.request.uri.queryParameters["year"] ?? "").flatMap { (2008...today.year).contains($0) ? $0 : nil } ?? today.year
        let (listings, figures) = try await env.database.read { db in
            (
                try await SurveyRecords.list(siteID: site.id, publishedOnly: false, on: db),
                try await SurveyRecords.figures(siteID: site.id, year: year, on: db)
            )
        }
        let base = AdminURL.surveys(site: site.code).path
        let view = SurveyListView(
            newURL: AdminURL.newSurvey(site: site.code).path, publicURL: "/sites/\(site.code)\(PublicSite.surveysPath)",
            rows: listings.map { l in
                let phase = l.survey.phase(on: today)
                return .init(
                    title: l.survey.title, kind: l.survey.kind.label, period: "\(l.survey.opensOn) 至 \(l.survey.closesOn)", phase: phase.label,
                    phaseClass: phase == .open ? "ok" : phase == .closed ? "warn" : "", answers: l.answers,
                    url: AdminURL.survey(site: site.code, id: l.survey.id).path)
            },
            year: year, figures: figures,
            years: ((today.year - 4)...today.year).reversed().map { .init(year: $0, url: base + "?year=\($0)", current: $0 == year) })
        return layout.page(r, .surveys, title: "征集调查：\(site.name)", view)
    }

    /// The settings form: a new survey, or one not yet concluded.
    func editor(_ r: SiteAdminRequest, survey: Survey?, errors: FieldErrors? = nil) async throws -> Response {
        let site = r.site
        let values: [String: String] =
            errors != nil
            ? r.form
            : survey.map { s in
                [
                    "kind": s.kind.rawValue, "title": s.title, "summary": s.summary, "draft": s.draft, "opensOn": s.opensOn.description,
                    "closesOn": s.closesOn.description, "questions": SurveyQuestionList.format(s.questions),
                ]
            } ?? ["kind": SurveyKind.satisfaction.rawValue, "opensOn": CalendarDay(env.clock.now()).description]
        let view = SurveyEditView(
            action: survey.map { AdminURL.survey(site: site.code, id: $0.id).path } ?? AdminURL.newSurvey(site: site.code).path,
            backURL: survey.map { AdminURL.survey(site: site.code, id: $0.id).path } ?? AdminURL.surveys(site: site.code).path,
            version: survey?.version, isNew: survey == nil,
            kinds: SurveyKind.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0.rawValue == values["kind"]) },
            frozen: survey.map { !$0.questionsEditable(on: CalendarDay(env.clock.now())) } ?? false,
            satisfactionTemplate: SurveyQuestionList.satisfactionTemplate)
        return layout.page(
            r, .surveyForm, title: survey.map { "修改：\($0.title)" } ?? "新建征集调查", view, form: FormState(values, errors ?? FieldErrors()),
            status: errors == nil ? .ok : .unprocessableContent)
    }

    func save(_ r: SiteAdminRequest, id: String?) async throws -> Response {
        let existing = try await id.asyncMap { id in try await env.database.read { db in try await SurveyRecords.survey(id: id, on: db) } }
        if id != nil, existing?.siteID != r.site.id { throw ServiceError.notFound("调查不存在") }
        return try await FormState.saving {
            let saved = try await env.surveys.save(
                r.form, surveyID: id, expectedVersion: Int(r.form["version"] ?? ""), siteID: r.site.id, by: participant(r))
            return Reply.redirect(AdminURL.survey(site: r.site.code, id: saved.id).notice(id == nil ? "survey-created" : "survey-saved"))
        } otherwise: { errors in
            try await editor(r, survey: existing, errors: errors)
        }
    }

    /// A survey: its state, the actions it allows now, its settings and its results as counted now.
    func detail(_ r: SiteAdminRequest, id: String, problem: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let site = r.site, today = CalendarDay(env.clock.now())
        guard let (survey, results, answers) = try await env.surveys.results(surveyID: id), survey.siteID == site.id else {
            throw ServiceError.notFound("调查不存在")
        }
        if r.request.uri.queryParameters["edit"] != nil, survey.outcome == nil { return try await editor(r, survey: survey) }
        let phase = survey.phase(on: today)
        let textQuestions = survey.questions.filter { $0.kind == .text }
        var view = SurveyDetailView(
            backURL: AdminURL.surveys(site: site.code).path, problem: problem, title: survey.title, kind: survey.kind.label,
            phase: phase.label, period: "\(survey.opensOn.chineseDate)至\(survey.closesOn.chineseDate)", summary: survey.summary.paragraphLines,
            createdBy: survey.createdBy, changed: ChinaTime.minute(survey.changedAt),
            publicURL: survey.published ? "/sites/\(site.code)\(PublicSite.surveysPath)/\(survey.id)" : nil,
            editURL: survey.outcome == nil ? AdminURL.survey(site: site.code, id: survey.id).path + "?edit=1" : nil,
            actionURL: AdminURL.surveyAct(site: site.code, id: survey.id).path, version: survey.version,
            canPublish: !survey.published, canUnpublish: survey.published && survey.outcome == nil && answers.isEmpty,
            canConclude: phase == .closed, outcomeDraft: status == .ok ? "" : r.form["outcome"] ?? "",
            mayConcludeOn: phase == .open || phase == .upcoming ? survey.closesOn.adding(days: 1).chineseDate : nil,
            outcome: survey.outcome?.paragraphLines ?? [], concluded: survey.concludedAt.map { ChinaTime.minute($0) },
            results: PublicSite.resultView(results),
            written: textQuestions.map { q in
                let all = answers.compactMap { a in
                    a.answer.item(q.id).map { SurveyDetailView.Written.Answer(at: ChinaTime.minute(a.answeredAt), text: $0.text) }
                }
                return .init(prompt: q.prompt, answers: Array(all.reversed().prefix(200)), count: all.count)
            },
            csvURL: answers.isEmpty ? nil : AdminURL.surveyCSV(site: site.code, id: survey.id).path)
        view.hasOutcome = !view.outcome.isEmpty
        return layout.page(r, .survey, title: "\(survey.kind.label)：\(survey.title)", view, status: status)
    }

    func act(_ r: SiteAdminRequest) async throws -> Response {
        let id = r.parameter("id")
        guard let version = Int(r.form["version"] ?? "") else {
            return try await detail(r, id: id, problem: "表单已过期，请刷新页面后再操作。", status: .unprocessableContent)
        }
        let notice: String
        do {
            switch r.form["action"] ?? "" {
            case "publish":
                _ = try await env.surveys.setPublished(true, surveyID: id, expectedVersion: version, by: participant(r))
                notice = "survey-published"
            case "unpublish":
                _ = try await env.surveys.setPublished(false, surveyID: id, expectedVersion: version, by: participant(r))
                notice = "survey-unpublished"
            case "conclude":
                _ = try await env.surveys.conclude(surveyID: id, expectedVersion: version, outcome: r.form["outcome"] ?? "", by: participant(r))
                notice = "survey-concluded"
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
        return Reply.redirect(AdminURL.survey(site: r.site.code, id: id).notice(notice))
    }

    /// Every answer, one row each: for a choice the options chosen, for a written question the text.
    func csv(_ r: SiteAdminRequest) async throws -> Response {
        guard let (survey, _, answers) = try await env.surveys.results(surveyID: r.parameter("id")), survey.siteID == r.site.id else {
            throw ServiceError.notFound("调查不存在")
        }
        var lines = [["序号", "提交时间"] + survey.questions.enumerated().map { "\($0.offset + 1). \($0.element.prompt)" }]
        for (n, a) in answers.enumerated() {
            lines.append(
                [String(n + 1), ChinaTime.minute(a.answeredAt)]
                    + survey.questions.map { q in
                        guard let item = a.answer.item(q.id) else { return "" }
                        return q.kind == .text
                            ? item.text : item.choices.map { q.options.indices.contains($0) ? q.options[$0] : "" }.joined(separator: "；")
                    })
        }
        return CSV.download(
            lines, name: "\(survey.kind.label)-\(survey.title.prefix(30))-\(ChinaTime.day(env.clock.now())).csv", asciiName: "survey-answers.csv")
    }
}

/// surveys.mustache: a site's surveys and the year's figures.
struct SurveyListView {
    struct Row { let title: String, kind: String, period: String, phase: String, phaseClass: String, answers: Int, url: String }
    struct Year { let year: Int, url: String, current: Bool }
    let newURL: String, publicURL: String
    let rows: [Row]
    let hasRows: Bool
    let year: Int
    let figures: SurveyFigures
    let years: [Year]

    init(newURL: String, publicURL: String, rows: [Row], year: Int, figures: SurveyFigures, years: [Year]) {
        self.newURL = newURL; self.publicURL = publicURL; self.rows = rows; hasRows = !rows.isEmpty; self.year = year
        self.figures = figures; self.years = years
    }
}

/// survey-form.mustache: a survey's settings.
struct SurveyEditView {
    struct Choice { let value: String, label: String, selected: Bool }
    let action: String, backURL: String
    let version: Int?
    let isNew: Bool
    let kinds: [Choice]
    /// Opened: the kind, first day and questions stay as they are.
    let frozen: Bool
    let satisfactionTemplate: String
}

/// survey.mustache (admin): one survey.
struct SurveyDetailView {
    struct Written {
        struct Answer { let at: String, text: String }
        let prompt: String
        let answers: [Answer]
        /// All of them (the page shows the newest 200; the spreadsheet has every one).
        let count: Int
    }
    let backURL: String
    let problem: String?
    let title: String, kind: String, phase: String, period: String
    let summary: [String]
    let createdBy: String, changed: String
    let publicURL: String?, editURL: String?
    let actionURL: String
    let version: Int
    let canPublish: Bool, canUnpublish: Bool, canConclude: Bool
    let outcomeDraft: String
    /// While it runs: from when the result may be published.
    let mayConcludeOn: String?
    let outcome: [String]
    var hasOutcome: Bool = false
    let concluded: String?
    let results: SurveyPageView.Results
    let written: [Written]
    let csvURL: String?
}
