import Foundation
import Hummingbird
import MenhuChecks
import MenhuCore
import MenhuStore

/// 常见问题 (I1): a site's entries — drafted anew or from an answered letter (its text masked as
/// the public reads it), reviewed by another person, shown until their validity date.
extension LetterPages {
    var faqEndpoints: [AdminEndpoint] {
        [
            AdminEndpoint.site(.get, .letterFAQs(site: .route), .site(.manageLetters)) { r in try await faqs(r) },
            AdminEndpoint.site(.post, .letterFAQs(site: .route), .site(.manageLetters)) { r in try await draftFAQ(r) },
            AdminEndpoint.site(.get, .letterFAQ(site: .route, id: .route), .site(.manageLetters)) { r in
                try await faq(r, id: r.parameter("id"))
            },
            AdminEndpoint.site(.post, .letterFAQ(site: .route, id: .route), .site(.manageLetters)) { r in try await changeFAQ(r) },
        ]
    }

    func faqs(
        _ r: SiteAdminRequest, status: HTTPResponse.Status = .ok, values: [String: String] = [:], errors: [String] = []
    ) async throws -> Response {
        let site = r.site, today = CalendarDay(env.clock.now())
        let entries = try await env.database.read { db in try await LetterFAQRecords.all(siteID: site.id, on: db) }
        let rows = entries.map { f in
            LetterFAQsView.Row(
                question: f.question, url: AdminURL.letterFAQ(site: site.code, id: f.id).path, state: f.state.label,
                validUntil: f.validUntil.description, expired: f.validUntil < today, shown: f.isShown(on: today), drafted: f.draftedByName,
                reviewed: f.reviewedByName ?? "—")
        }
        let form = Self.faqForm(
            action: AdminURL.letterFAQs(site: site.code).path, values: values, errors: errors,
            validUntil: today.adding(days: LetterFAQ.defaultValidity).description)
        let view = LetterFAQsView(rows: rows, hasRows: !rows.isEmpty, form: form, publicURL: "/sites/\(site.code)/letters/faq")
        return layout.page(r, .letterFAQs, title: "常见问题：\(site.name)", view, status: status)
    }

    static func faqForm(action: String, values: [String: String], errors: [String], validUntil: String) -> LetterFAQForm {
        LetterFAQForm(
            action: action, question: values["question"] ?? "", answer: values["answer"] ?? "", validUntil: values["validUntil"] ?? validUntil,
            fromLetter: values["fromLetter"]?.nonEmpty, errors: errors)
    }

    /// A new draft: from the form, or from an answered letter (`fromLetter`), its title and reply
    /// as the public reads them, to be edited before review.
    func draftFAQ(_ r: SiteAdminRequest) async throws -> Response {
        var fields = r.form
        let letterID = fields["fromLetter"]?.trimmed.nonEmpty
        if let letterID, fields["question"] == nil {
            guard let letter = try await env.database.read({ db in try await LetterRecords.letter(id: letterID, on: db) }),
                letter.siteID == r.site.id
            else { throw ServiceError.notFound("留言不存在") }
            let (title, _, reply) = PersonalDataMask.publicText(of: letter)
            fields["question"] = title.text
            fields["answer"] = reply?.text ?? ""
            fields["validUntil"] = CalendarDay(env.clock.now()).adding(days: LetterFAQ.defaultValidity).description
        }
        do {
            let entry = try await env.letters.draftFAQ(fields, letterID: letterID, siteID: r.site.id, by: participant(r.admin))
            return Reply.redirect(AdminURL.letterFAQ(site: r.site.code, id: entry.id).notice("faq-drafted"))
        } catch let errors as FieldErrors {
            return try await faqs(r, status: .unprocessableContent, values: fields, errors: errors.problems.map(\.message))
        }
    }

    func faq(
        _ r: SiteAdminRequest, id: String, status: HTTPResponse.Status = .ok, values: [String: String]? = nil, errors: [String] = [],
        problem: String? = nil
    ) async throws -> Response {
        let site = r.site, today = CalendarDay(env.clock.now())
        guard let entry = try await env.database.read({ db in try await LetterFAQRecords.find(id: id, on: db) }), entry.siteID == site.id
        else { throw ServiceError.notFound("常见问题不存在") }
        let shown = values ?? ["question": entry.question, "answer": entry.answer, "validUntil": entry.validUntil.description]
        let view = LetterFAQView(
            form: Self.faqForm(
                action: AdminURL.letterFAQ(site: site.code, id: entry.id).path, values: shown, errors: errors,
                validUntil: entry.validUntil.description),
            state: entry.state.label, shown: entry.isShown(on: today), expired: entry.validUntil < today,
            drafted: "\(entry.draftedByName)，\(ChinaTime.minute(entry.createdAt))",
            reviewed: entry.reviewedByName.map { "\($0)，\(entry.reviewedAt.map(ChinaTime.minute) ?? "")" },
            canPublish: entry.state == .draft, canWithdraw: entry.state != .withdrawn, version: String(entry.version),
            letterURL: entry.letterID.map { AdminURL.letter(id: $0).path }, backURL: AdminURL.letterFAQs(site: site.code).path,
            problem: problem)
        return layout.page(r, .letterFAQ, title: "常见问题", view, status: status)
    }

    /// 保存, 审核发布 or 撤下, by the form's `action`.
    func changeFAQ(_ r: SiteAdminRequest) async throws -> Response {
        let id = r.parameter("id"), form = r.form, version = Int(form["version"] ?? "") ?? -1, p = participant(r.admin)
        do {
            switch form["action"] ?? "save" {
            case "publish": _ = try await env.letters.publishFAQ(id: id, expectedVersion: version, siteID: r.site.id, by: p)
            case "withdraw": _ = try await env.letters.withdrawFAQ(id: id, expectedVersion: version, siteID: r.site.id, by: p)
            default: _ = try await env.letters.saveFAQ(form, id: id, expectedVersion: version, siteID: r.site.id, by: p)
            }
            return Reply.redirect(AdminURL.letterFAQ(site: r.site.code, id: id).notice("faq-saved"))
        } catch let errors as FieldErrors {
            return try await faq(r, id: id, status: .unprocessableContent, values: form, errors: errors.problems.map(\.message))
        } catch ServiceError.refused(let message) {
            return try await faq(r, id: id, status: .forbidden, problem: message)
        } catch ServiceError.conflict(let message) {
            return try await faq(r, id: id, status: .conflict, problem: message)
        }
    }
}

/// The form of one 常见问题 entry.
struct LetterFAQForm {
    let action: String, question: String, answer: String, validUntil: String
    /// The letter a new draft is drawn from.
    let fromLetter: String?
    let errors: [String]
}

/// letter-faqs.mustache: a site's 常见问题 and a form for a new one.
struct LetterFAQsView {
    struct Row {
        let question: String, url: String, state: String, validUntil: String
        let expired: Bool, shown: Bool
        let drafted: String, reviewed: String
    }
    let rows: [Row]
    let hasRows: Bool
    let form: LetterFAQForm
    let publicURL: String
}

/// letter-faq.mustache: one entry, its review and validity.
struct LetterFAQView {
    let form: LetterFAQForm
    let state: String
    let shown: Bool, expired: Bool
    let drafted: String, reviewed: String?
    let canPublish: Bool, canWithdraw: Bool
    let version: String
    let letterURL: String?, backURL: String
    let problem: String?
}
