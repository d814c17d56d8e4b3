import Foundation
import MenhuCore
import SQLKit

/// I1: 常见问题 — drafted (from an answered letter or anew), edited, reviewed by another person,
/// withdrawn. Every change needs `manageLetters` on the site and is written with its audit event.
extension LetterService {
    /// A new draft from its form; `letterID` names the answered letter of the site it was drawn from.
    public func draftFAQ(_ fields: [String: String], letterID: String?, siteID: String, by p: Participant) async throws -> LetterFAQ {
        try Self.mayManage(p, siteID: siteID)
        let now = clock.now()
        return try await database.write { db in
            if let letterID {
                guard let letter = try await LetterRecords.letter(id: letterID, on: db), letter.siteID == siteID else {
                    throw ServiceError.notFound("留言不存在")
                }
                guard letter.state.showsReply else { throw ServiceError.refused("只有答复已审核的留言才能加入常见问题。") }
            }
            let blank = LetterFAQ(
                siteID: siteID, question: "", answer: "", letterID: letterID, validUntil: CalendarDay(now).adding(days: LetterFAQ.defaultValidity),
                draftedByID: p.accountID, draftedByName: p.actor.name, createdAt: now)
            let entry = try blank.reading(fields, today: CalendarDay(now))
            try await LetterFAQRecords.insert(entry, on: db)
            try await AuditRecords.append(
                p.actor.event(
                    "letter.faq-draft", "letter_faq", entry.id, siteID: siteID, summary: "起草常见问题“\(entry.question)”", requirement: "I1", at: now),
                on: db)
            return entry
        }
    }

    /// Saves an entry's form; a published entry whose text changed goes back to review.
    public func saveFAQ(_ fields: [String: String], id: String, expectedVersion: Int, siteID: String, by p: Participant) async throws -> LetterFAQ {
        try await changeFAQ(id: id, expectedVersion: expectedVersion, siteID: siteID, by: p) { entry, now in
            let saved = try entry.reading(fields, today: CalendarDay(now))
            let back = entry.state == .published && saved.state == .draft ? "（内容已改，须重新审核）" : ""
            return (saved, "letter.faq-update", "修改常见问题“\(saved.question)”，有效期至 \(saved.validUntil)\(back)")
        }
    }

    /// 审核发布: by someone other than who drafted it.
    public func publishFAQ(id: String, expectedVersion: Int, siteID: String, by p: Participant) async throws -> LetterFAQ {
        try await changeFAQ(id: id, expectedVersion: expectedVersion, siteID: siteID, by: p) { entry, now in
            if let refusal = entry.reviewRefusal(by: p.accountID) { throw ServiceError.refused(refusal) }
            var published = entry
            published.state = .published
            published.reviewedByID = p.accountID; published.reviewedByName = p.actor.name; published.reviewedAt = now
            return (published, "letter.faq-publish", "审核发布常见问题“\(entry.question)”，有效期至 \(entry.validUntil)")
        }
    }

    /// 撤下: no longer shown (kept for the record).
    public func withdrawFAQ(id: String, expectedVersion: Int, siteID: String, by p: Participant) async throws -> LetterFAQ {
        try await changeFAQ(id: id, expectedVersion: expectedVersion, siteID: siteID, by: p) { entry, _ in
            guard entry.state != .withdrawn else { throw ServiceError.refused("这条常见问题已撤下。") }
            var withdrawn = entry
            withdrawn.state = .withdrawn
            return (withdrawn, "letter.faq-withdraw", "撤下常见问题“\(entry.question)”")
        }
    }

    /// Loads an entry of `siteID` for change, refuses a stale form, applies `change` and writes it
    /// with its audit event.
    func changeFAQ(
        id: String, expectedVersion: Int, siteID: String, by p: Participant,
        _ change: @Sendable (LetterFAQ, Date) throws -> (LetterFAQ, event: String, summary: String)
    ) async throws -> LetterFAQ {
        try Self.mayManage(p, siteID: siteID)
        let now = clock.now()
        return try await database.write { db in
            guard let entry = try await LetterFAQRecords.find(id: id, on: db), entry.siteID == siteID else {
                throw ServiceError.notFound("常见问题不存在")
            }
            guard entry.version == expectedVersion else {
                throw ServiceError.conflict("这条常见问题刚被其他人修改过，您看到的已不是最新内容。请刷新页面后再操作。")
            }
            var (changed, event, summary) = try change(entry, now)
            changed.version = entry.version + 1
            changed.changedAt = now
            try await LetterFAQRecords.update(changed, on: db)
            try await AuditRecords.append(
                p.actor.event(event, "letter_faq", entry.id, siteID: siteID, summary: summary, requirement: "I1", at: now), on: db)
            return changed
        }
    }

    static func mayManage(_ p: Participant, siteID: String) throws {
        guard AccessPolicy.allows(p.grants, .manageLetters, on: .site(siteID)) else {
            throw ServiceError.refused("您没有本网站的“\(Permission.manageLetters.label)”权限（依据 I1、I2）。")
        }
    }
}
