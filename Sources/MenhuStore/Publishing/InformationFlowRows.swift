import Foundation
import MenhuCore

/// A row of `push_systems`: a business system allowed to push into some columns (P9).
struct PushSystemRow: TableRow {
    static let table = "push_systems"

    var id: String
    var siteID: String
    var name: String
    var tokenHash: String
    /// Comma-separated.
    var columnIDs: String
    var createdBy: String
    var createdAt: Int
    var revokedAt: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, siteID = "site_id", name, tokenHash = "token_hash", columnIDs = "column_ids"
        case createdBy = "created_by", createdAt = "created_at", revokedAt = "revoked_at"
    }
}

extension PushSystemRow {
    init(_ s: PushSystem, tokenHash: String, createdBy: String) {
        self.init(
            id: s.id, siteID: s.siteID, name: s.name, tokenHash: tokenHash, columnIDs: s.columnIDs.joined(separator: ","),
            createdBy: createdBy, createdAt: s.createdAt.storedMillis, revokedAt: s.revokedAt.storedMillis)
    }

    func model() -> PushSystem {
        PushSystem(
            id: id, siteID: siteID, name: name, columnIDs: columnIDs.split(separator: ",").map(String.init),
            createdAt: Date(storedMillis: createdAt), revokedAt: revokedAt.storedDate)
    }
}

/// A row of `submissions`: an item a department handed to the office (P13).
struct SubmissionRow: TableRow {
    static let table = "submissions"

    var id: String
    var siteID: String
    var departmentID: String
    var submittedBy: String
    var submitterName: String
    var submittedAt: Int
    var workDate: String
    var title: String
    var content: String
    var source: String
    var form: String
    var requirements: String
    var status: String
    var decidedBy: String?
    var decidedAt: Int?
    var declineReason: String?
    var articleID: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, siteID = "site_id", departmentID = "department_id", submittedBy = "submitted_by"
        case submitterName = "submitter_name", submittedAt = "submitted_at", workDate = "work_date", title, content
        case source, form, requirements, status, decidedBy = "decided_by", decidedAt = "decided_at"
        case declineReason = "decline_reason", articleID = "article_id"
    }
}

extension SubmissionRow {
    init(_ s: Submission) {
        self.init(
            id: s.id, siteID: s.siteID, departmentID: s.departmentID, submittedBy: s.submittedBy, submitterName: s.submitterName,
            submittedAt: s.submittedAt.storedMillis, workDate: s.workDate.description, title: s.title, content: s.content,
            source: s.source, form: s.form, requirements: s.requirements, status: s.status.rawValue, decidedBy: s.decidedBy,
            decidedAt: s.decidedAt.storedMillis, declineReason: s.declineReason.nonEmpty, articleID: s.articleID)
    }

    func model() throws -> Submission {
        Submission(
            id: id, siteID: siteID, departmentID: departmentID, submittedBy: submittedBy, submitterName: submitterName,
            submittedAt: Date(storedMillis: submittedAt), workDate: CalendarDay(workDate) ?? CalendarDay(Date()), title: title,
            content: content, source: source, form: form, requirements: requirements, status: try Submission.Status(stored: status),
            decidedBy: decidedBy, decidedAt: decidedAt.storedDate, declineReason: declineReason ?? "", articleID: articleID)
    }
}

/// A row of `feeds`: an RSS or Atom feed of a superior government, read for repost tasks (P8).
struct FeedRow: TableRow {
    static let table = "feeds"

    var id: String
    var siteID: String
    var name: String
    var url: String
    var createdAt: Int
    var checkedAt: Int?
    var lastError: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, siteID = "site_id", name, url, createdAt = "created_at", checkedAt = "checked_at"
        case lastError = "last_error"
    }
}

extension FeedRow {
    init(_ f: Feed, createdAt: Date) {
        self.init(
            id: f.id, siteID: f.siteID, name: f.name, url: f.url, createdAt: createdAt.storedMillis, checkedAt: f.checkedAt.storedMillis,
            lastError: f.lastError.nonEmpty)
    }

    func model() -> Feed {
        Feed(id: id, siteID: siteID, name: name, url: url, checkedAt: checkedAt.storedDate, lastError: lastError ?? "")
    }
}

/// A row of `repost_tasks` (P8). The stored status is the task's own; `InformationFlowService`
/// counts an open task whose draft went live as done.
struct RepostTaskRow: TableRow {
    static let table = "repost_tasks"

    var id: String
    var siteID: String
    var feedID: String?
    var sourceName: String
    var title: String
    var link: String
    var foundAt: Int
    var dueAt: Int
    var status: String
    var articleID: String?
    var closedAt: Int?
    var closedBy: String?
    var note: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, siteID = "site_id", feedID = "feed_id", sourceName = "source_name", title, link, foundAt = "found_at"
        case dueAt = "due_at", status, articleID = "article_id", closedAt = "closed_at", closedBy = "closed_by", note
    }
}

extension RepostTaskRow {
    init(_ t: RepostTask) {
        self.init(
            id: t.id, siteID: t.siteID, feedID: t.feedID, sourceName: t.sourceName, title: t.title, link: t.link,
            foundAt: t.foundAt.storedMillis, dueAt: t.dueAt.storedMillis, status: t.status.rawValue, articleID: t.articleID,
            closedAt: t.closedAt.storedMillis, closedBy: t.closedBy, note: t.note.nonEmpty)
    }

    func model() throws -> RepostTask {
        RepostTask(
            id: id, siteID: siteID, feedID: feedID, sourceName: sourceName, title: title, link: link, foundAt: Date(storedMillis: foundAt),
            status: try RepostTask.Status(stored: status), articleID: articleID, closedAt: closedAt.storedDate, closedBy: closedBy,
            note: note ?? "")
    }
}
