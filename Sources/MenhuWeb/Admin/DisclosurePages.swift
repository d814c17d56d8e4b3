import Foundation
import HTTPTypes
import Hummingbird
import MenhuCore
import MenhuStore

/// 依申请公开办理 (I7): a site's requests with their deadlines, table 三 of a year with its check,
/// a request's page (the applicant in full, the clock explained, the history, the documents, the
/// actions this person may take now, from `DisclosureFlow`), and the office settings.
struct DisclosurePages: Sendable {
    let env: WebEnvironment
    let layout: AdminLayout

    static let access = AdminAccess.withinSite(Permission.disclosureWork)

    var endpoints: [AdminEndpoint] {
        [
            AdminEndpoint.site(.get, .disclosureRequests(site: .route), Self.access) { r in try await list(r) },
            AdminEndpoint.site(.get, .disclosureRequest(site: .route, id: .route), Self.access) { r in
                try await detail(r, id: r.parameter("id"))
            },
            AdminEndpoint.site(.post, .disclosureAct(site: .route, id: .route), Self.access) { r in try await act(r) },
            // A refused action leaves the browser at the form's address: reloading it goes back to the request.
            AdminEndpoint.site(.get, .disclosureAct(site: .route, id: .route), Self.access) { r in
                Reply.redirect(AdminURL.disclosureRequest(site: r.site.code, id: r.parameter("id")).path)
            },
            AdminEndpoint.site(.get, .disclosureOffice(site: .route), .site(.handleDisclosure)) { r in try await office(r) },
            AdminEndpoint.site(.post, .disclosureOffice(site: .route), .site(.handleDisclosure)) { r in try await saveOffice(r) },
        ]
    }

    func participant(_ r: SiteAdminRequest) -> Participant { Participant(actor: r.actor, grants: r.signedIn.grants) }

    static let pageSize = 50

    func list(_ r: SiteAdminRequest) async throws -> Response {
        let site = r.site, now = env.clock.now()
        let query = r.request.uri.queryParameters
        let everyState = query["all"] != nil
        let page = max(1, min(Int(query["page"] ?? "") ?? 1, 10_000))
        let today = CalendarDay(now)
        let year = Int(query["year"] ?? "").flatMap { (2008...today.year).contains($0) ? $0 : nil } ?? today.year
        let found = try await env.database.read { db in
            try await DisclosureRecords.list(
                siteID: site.id, states: everyState ? nil : DisclosureState.open, limit: Self.pageSize, offset: (page - 1) * Self.pageSize, on: db)
        }
        let table = try await env.disclosure.yearTable(siteID: site.id, year: year)
        let rows = found.requests.map { l in
            let overdue = l.due.map { $0 < today } ?? false
            return DisclosureListView.Row(
                number: l.number, title: l.title, applicant: l.applicantKind.label, received: ChinaTime.minute(l.receivedAt), state: l.state.label,
                due: l.due?.description ?? (l.state.isPaused ? "暂停计算" : "—"), dueClass: overdue ? "bad" : l.due == today ? "warn" : "",
                url: AdminURL.disclosureRequest(site: site.code, id: l.id).path)
        }
        let base = AdminURL.disclosureRequests(site: site.code).path
        let paging = Page(requested: page, size: Self.pageSize, totalItems: found.total)
        let view = DisclosureListView(
            rows: rows, hasRows: !rows.isEmpty, total: found.total, everyState: everyState,
            openURL: base, allURL: base + "?all=1",
            previousURL: paging.number > 1 ? base + "?page=\(paging.number - 1)" + (everyState ? "&all=1" : "") : nil,
            nextURL: paging.number < paging.totalPages ? base + "?page=\(paging.number + 1)" + (everyState ? "&all=1" : "") : nil,
            officeURL: AdminURL.disclosureOffice(site: site.code).path,
            canSetOffice: AccessPolicy.allows(r.signedIn.grants, .handleDisclosure, on: .site(site.id)),
            publicURL: "/sites/\(site.code)/disclosure/request", table: Self.tableView(table, base: base, thisYear: today.year))
        return layout.page(r, .disclosureRequests, title: "依申请公开：\(site.name)", view)
    }

    /// Table 三（三、本年度办理结果）, columns by applicant kind as the report form has them.
    static func tableView(_ t: DisclosureYearTable, base: String, thisYear: Int) -> DisclosureListView.Table {
        func cells(_ c: DisclosureYearTable.Counts) -> [Int] { ApplicantKind.allCases.map { c[$0] } + [c.total] }
        var rows: [DisclosureListView.Table.Row] = [
            .init(group: "一、本年新收政府信息公开申请数量", label: "", cells: cells(t.received), strong: true),
            .init(group: "二、上年结转政府信息公开申请数量", label: "", cells: cells(t.carriedIn), strong: true),
        ]
        var lastGroup = ""
        for row in DisclosureResultRow.all {
            let group = row.group
            rows.append(
                .init(group: group == lastGroup ? "" : group, label: row.label ?? "", cells: cells(t.results[row] ?? .init()), strong: false))
            lastGroup = group
        }
        rows.append(.init(group: "三、本年度办理结果", label: "（七）总计", cells: cells(t.finished), strong: true))
        rows.append(.init(group: "四、结转下年度继续办理", label: "", cells: cells(t.carriedOut), strong: true))
        let failed = t.failedChecks
        return .init(
            year: t.year, heads: ApplicantKind.allCases.map(\.label) + ["总计"], rows: rows,
            check: failed.isEmpty
                ? "核对通过：各列“一 + 二 = 三（七）+ 四”。"
                : "核对未通过：\(failed.map(\.label).joined(separator: "、"))一列不平，请检查。", checkClass: failed.isEmpty ? "ok" : "bad",
            years: ((thisYear - 4)...thisYear).reversed().map { .init(year: $0, url: base + "?year=\($0)", current: $0 == t.year) })
    }

    func detail(_ r: SiteAdminRequest, id: String, problem: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let site = r.site, now = env.clock.now()
        let found = try await env.database.read { db -> (DisclosureRequest, [DisclosureDocument], DisclosureOffice, WorkingCalendar)? in
            guard let request = try await DisclosureRecords.request(id: id, on: db), request.siteID == site.id else { return nil }
            return (
                request, try await DisclosureRecords.documents(requestID: id, on: db), try await DisclosureRecords.office(siteID: site.id, on: db),
                try await CalendarRecords.effectiveCalendar(on: db)
            )
        }
        guard let (request, documents, office, calendar) = found else { throw ServiceError.notFound("申请不存在") }
        let clock = DisclosureClock(request, calendar: calendar, correctionDays: office.correctionDays)
        let actions = try await env.disclosure.available(requestID: id, by: participant(r))
        let a = request.applicant, ask = request.ask
        let actionURL = AdminURL.disclosureAct(site: site.code, id: id).path
        let view = DisclosureDetailView(
            backURL: AdminURL.disclosureRequests(site: site.code).path, problem: problem, number: request.number, state: request.state.label,
            received: ChinaTime.minute(request.receivedAt), due: clock.due?.chineseDate, explanation: request.state.isOpen ? clock.explanation : nil,
            // 补正 may still be asked: once, within 7 working days of receipt.
            correctionBy: request.has(.correctionRequested) || !request.state.isOpen || CalendarDay(now) > clock.correctionNoticeBy
                ? nil : clock.correctionNoticeBy.chineseDate,
            applicant: [
                ("申请人类型", a.kind.label), (a.kind.isOrganisation ? "单位名称" : "姓名", a.name),
                (a.documentKind.label, a.documentNumber + "（仅办理人员可见）"), ("法定代表人或主要负责人", a.representative),
                ("联系人", a.contactPerson), ("联系电话", a.phone), ("电子邮箱", a.email), ("通信地址", a.address), ("邮政编码", a.postcode),
            ].filter { !$0.1.isEmpty }.map { .init(label: $0.0, value: $0.1) },
            ask: [
                ("所需信息名称", ask.title), ("文号", ask.documentNumber), ("内容描述", ask.description), ("获取方式", ask.delivery.label),
                ("载体形式", ask.form.label),
                ("信息处理费", request.fee.map { "\($0.fee.amount) 元（\($0.fee.basis)）" + ($0.paidAt == nil ? "，未缴" : "，已缴") } ?? ""),
            ].filter { !$0.1.isEmpty }.map { .init(label: $0.0, value: $0.1) },
            actions: actions.map { action in
                Self.actionView(action, request: request, office: office, url: actionURL, values: status == .ok ? [:] : r.form)
            },
            history: request.steps.map { s in
                .init(at: ChinaTime.minute(s.at), who: s.actorName, what: s.kind.label, note: s.note.nonEmpty, days: s.days.map { "\($0) 个工作日" })
            },
            documents: documents.reversed().map { PublicSite.documentView($0, open: false) })
        return layout.page(r, .disclosureRequest, title: "依申请公开 \(request.number)", view, status: status)
    }

    static func actionView(
        _ action: DisclosureAction, request: DisclosureRequest, office: DisclosureOffice, url: String, values: [String: String]
    ) -> DisclosureDetailView.Action {
        let chosen = values["action"] == action.rawValue ? values : [:]
        let textLabel: String? =
            switch action {
            case .requestCorrection: "需要补正的事项（一次性告知）"
            case .startConsultation: "征求意见的对象（第一行）和事项"
            case .askExtension: "延期理由"
            case .refuseExtension: "不同意的理由"
            case .withdraw: "申请人撤回的方式和时间"
            case .answer: "答复内容（已主动公开的写明获取途径）"
            case .closeUncorrected, .closeUnpaid, .endConsultation, .confirmFee, .approveExtension, .archive, .notifyFee: nil
            case .correct: nil
            }
        let days: (label: String, value: String)? =
            switch action {
            case .requestCorrection: ("补正期限（工作日）", chosen["days"] ?? String(office.correctionDays))
            case .askExtension: ("延长（工作日，最多 20）", chosen["days"] ?? String(DisclosureClock.maxExtensionDays))
            default: nil
            }
        let kind = DisclosureReplyKind(rawValue: chosen["kind"] ?? "")
        return .init(
            value: action.rawValue, label: action.label, actionURL: url, version: request.version, textLabel: textLabel, text: chosen["text"] ?? "",
            daysLabel: days?.label, days: days?.value ?? "",
            pages: action == .notifyFee && office.feeMode == .perVolume || action == .answer, pagesValue: chosen["pages"] ?? "",
            reply: action == .answer,
            kinds: DisclosureReplyKind.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0 == kind) },
            grounds: DisclosureGround.allCases.map { g in
                .init(value: g.rawValue, label: "\(g.label)（条例\(g.article)）", selected: g.rawValue == chosen["ground"])
            },
            otherOrgan: chosen["otherOrgan"] ?? "",
            danger: [.closeUncorrected, .closeUnpaid, .withdraw, .refuseExtension].contains(action),
            confirm: [.closeUncorrected, .closeUnpaid, .withdraw].contains(action) ? "终止后这件申请不再办理，且不能恢复。确定吗？" : nil)
    }

    func act(_ r: SiteAdminRequest) async throws -> Response {
        let id = r.parameter("id")
        guard let action = DisclosureAction(rawValue: r.form["action"] ?? ""), action != .correct else {
            return try await detail(r, id: id, problem: "请选择要办理的操作。", status: .unprocessableContent)
        }
        guard let version = Int(r.form["version"] ?? "") else {
            return try await detail(r, id: id, problem: "表单已过期，请刷新页面后再操作。", status: .unprocessableContent)
        }
        do {
            _ = try await env.disclosure.act(action, requestID: id, expectedVersion: version, fields: r.form, by: participant(r))
        } catch let refusal as DisclosureRefusal where !refusal.forbidden {
            return try await detail(r, id: id, problem: refusal.message, status: .unprocessableContent)
        } catch let errors as FieldErrors {
            return try await detail(r, id: id, problem: errors.problems.map(\.message).joined(separator: "；"), status: .unprocessableContent)
        } catch ServiceError.conflict(let message) {
            return try await detail(r, id: id, problem: message, status: .conflict)
        }
        return Reply.redirect(AdminURL.disclosureRequest(site: r.site.code, id: id).notice("disclosure-acted"))
    }

    func office(_ r: SiteAdminRequest, errors: FieldErrors? = nil) async throws -> Response {
        let site = r.site
        let office = try await env.database.read { db in try await DisclosureRecords.office(siteID: site.id, on: db) }
        let values =
            errors == nil
            ? [
                "organ": office.organ, "address": office.address, "phone": office.phone, "hours": office.hours, "prefix": office.prefix,
                "appealBody": office.appealBody, "court": office.court, "correctionDays": String(office.correctionDays),
            ] : r.form
        let mode = errors == nil ? office.feeMode.rawValue : (r.form["feeMode"] ?? "")
        let view = DisclosureOfficeView(
            action: AdminURL.disclosureOffice(site: site.code).path, backURL: AdminURL.disclosureRequests(site: site.code).path,
            feeModes: DisclosureFeeMode.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0.rawValue == mode) },
            remedies: office.remedies)
        return layout.page(
            r, .disclosureOffice, title: "依申请公开设置：\(site.name)", view, form: FormState(values, errors ?? FieldErrors()),
            status: errors == nil ? .ok : .unprocessableContent)
    }

    func saveOffice(_ r: SiteAdminRequest) async throws -> Response {
        do {
            _ = try await env.disclosure.saveOffice(r.form, siteID: r.site.id, by: participant(r))
        } catch let errors as FieldErrors {
            return try await office(r, errors: errors)
        }
        return Reply.redirect(AdminURL.disclosureOffice(site: r.site.code).notice("disclosure-office"))
    }
}

extension Permission {
    /// I7: the people of 依申请公开 on a site: those who handle requests and the 负责人 who approves extensions.
    static let disclosureWork: [Permission] = [.handleDisclosure, .approveDisclosureExtension]
}

/// disclosure-requests.mustache: a site's requests and table 三 of a year.
struct DisclosureListView {
    struct Row { let number: String, title: String, applicant: String, received: String, state: String, due: String, dueClass: String, url: String }
    struct Table {
        struct Row { let group: String, label: String, cells: [Int], strong: Bool }
        struct Year { let year: Int, url: String, current: Bool }
        let year: Int
        let heads: [String]
        let rows: [Row]
        let check: String, checkClass: String
        let years: [Year]
    }
    let rows: [Row]
    let hasRows: Bool
    let total: Int
    let everyState: Bool
    let openURL: String, allURL: String
    let previousURL: String?, nextURL: String?
    let officeURL: String
    let canSetOffice: Bool
    let publicURL: String
    let table: Table
}

/// disclosure-request.mustache (admin): one request.
struct DisclosureDetailView {
    struct Fact { let label: String, value: String }
    struct Choice { let value: String, label: String, selected: Bool }
    struct Action {
        let value: String, label: String, actionURL: String, version: Int
        let textLabel: String?, text: String
        let daysLabel: String?, days: String
        let pages: Bool, pagesValue: String
        let reply: Bool
        let kinds: [Choice], grounds: [Choice]
        let otherOrgan: String
        let danger: Bool
        let confirm: String?
    }
    struct Step { let at: String, who: String, what: String, note: String?, days: String? }
    let backURL: String
    let problem: String?
    let number: String, state: String, received: String
    let due: String?, explanation: String?, correctionBy: String?
    let applicant: [Fact], ask: [Fact]
    let actions: [Action]
    let hasActions: Bool
    let history: [Step]
    let documents: [DisclosureRequestView.Document]
    let hasDocuments: Bool

    init(
        backURL: String, problem: String?, number: String, state: String, received: String, due: String?, explanation: String?,
        correctionBy: String?, applicant: [Fact], ask: [Fact], actions: [Action], history: [Step], documents: [DisclosureRequestView.Document]
    ) {
        self.backURL = backURL; self.problem = problem; self.number = number; self.state = state; self.received = received; self.due = due
        self.explanation = explanation; self.correctionBy = correctionBy; self.applicant = applicant; self.ask = ask; self.actions = actions
        hasActions = !actions.isEmpty; self.history = history; self.documents = documents; hasDocuments = !documents.isEmpty
    }
}

/// disclosure-office.mustache: the office that answers, its 文号 and remedies, fees and the correction period.
struct DisclosureOfficeView {
    struct Choice { let value: String, label: String, selected: Bool }
    let action: String, backURL: String
    let feeModes: [Choice]
    /// The remedies as the documents print them now.
    let remedies: String
}
