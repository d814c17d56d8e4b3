import Foundation
import MenhuCore

/// A row of `articles`: the public page (title … published_at) and the item's working state
/// (working_title … gate_override_reason) in one row. Core reads it as an `Article` (the public
/// side) or an `ArticleWork` (the workflow).
struct ArticleRow: TableRow {
    static let table = "articles"

    var id: String
    var siteID: String
    var columnID: String
    var title: String
    var subtitle: String
    var summary: String
    /// Nil when a list left it out.
    var bodyHTML: String?
    var source: String
    var author: String
    var status: String
    var publishedAt: Int?
    var createdAt: Int
    var workingTitle: String
    var stage: String
    var importance: String = Importance.normal.rawValue
    var bureauNotice: Int = 0
    var version: Int = 1
    var currentRevisionID: String? = nil
    var liveRevisionID: String? = nil
    var scheduledFor: Int? = nil
    var updatedAt: Int? = nil
    var eventDate: String? = nil
    var indexNumber: String? = nil
    var withdrawnAt: Int? = nil
    var withdrawReason: String? = nil
    var archivedAt: Int? = nil
    var emergencyBy: String? = nil
    var emergencyReason: String? = nil
    var returnedBy: String? = nil
    var returnReason: String? = nil
    var createdBy: String? = nil
    var changedAt: Int? = nil
    var gateOverrideDigest: String? = nil
    var gateOverrideBy: String? = nil
    var gateOverrideReason: String? = nil

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, siteID = "site_id", columnID = "column_id", title, subtitle, summary, bodyHTML = "body_html", source
        case author, status, publishedAt = "published_at", createdAt = "created_at", workingTitle = "working_title"
        case stage, importance, bureauNotice = "bureau_notice", version, currentRevisionID = "current_revision_id"
        case liveRevisionID = "live_revision_id", scheduledFor = "scheduled_for", updatedAt = "updated_at"
        case eventDate = "event_date", indexNumber = "index_number", withdrawnAt = "withdrawn_at"
        case withdrawReason = "withdraw_reason", archivedAt = "archived_at", emergencyBy = "emergency_by"
        case emergencyReason = "emergency_reason", returnedBy = "returned_by", returnReason = "return_reason"
        case createdBy = "created_by", changedAt = "changed_at", gateOverrideDigest = "gate_override_digest"
        case gateOverrideBy = "gate_override_by", gateOverrideReason = "gate_override_reason"
    }
}

extension ArticleRow {
    /// An item stored as it is (demo data, imports): live unless a draft, changed when published.
    init(_ a: Article) {
        self.init(
            id: a.id, siteID: a.siteID, columnID: a.columnID, title: a.title, subtitle: a.subtitle, summary: a.summary,
            bodyHTML: a.bodyHTML, source: a.source, author: a.author, status: a.status.rawValue, publishedAt: a.publishedAt.storedMillis,
            createdAt: a.createdAt.storedMillis, workingTitle: a.title, stage: (a.status == .draft ? Stage.draft : Stage.live).rawValue,
            updatedAt: a.publishedAt.storedMillis, changedAt: (a.publishedAt ?? a.createdAt).storedMillis)
    }

    /// A new draft of `content` whose first revision is `revisionID`; the public page stays empty until it goes live.
    init(draft id: String, siteID: String, content: ArticleContent, revisionID: String, scheduledFor: Date?, createdBy: String, now: Date) {
        self.init(
            id: id, siteID: siteID, columnID: content.columnID, title: content.title, subtitle: content.subtitle, summary: content.summary,
            bodyHTML: "", source: content.source, author: content.author, status: Article.Status.draft.rawValue, publishedAt: nil,
            createdAt: now.storedMillis, workingTitle: content.title, stage: Stage.draft.rawValue, importance: content.importance.rawValue,
            bureauNotice: content.isBureauNotice ? 1 : 0, currentRevisionID: revisionID, scheduledFor: scheduledFor.storedMillis,
            eventDate: content.eventDate?.description, createdBy: createdBy, changedAt: now.storedMillis)
    }

    /// The public page.
    func article() throws -> Article {
        var article = Article(
            id: id, siteID: siteID, columnID: columnID, title: title, subtitle: subtitle, summary: summary, bodyHTML: bodyHTML ?? "",
            source: source, author: author, status: try Article.Status(stored: status), publishedAt: publishedAt.storedDate,
            createdAt: Date(storedMillis: createdAt))
        article.updatedAt = updatedAt.storedDate
        article.archivedAt = archivedAt.storedDate
        article.withdrawnAt = withdrawnAt.storedDate
        article.withdrawReason = withdrawReason ?? ""
        article.indexNumber = indexNumber ?? ""
        article.liveRevisionID = liveRevisionID
        return article
    }

    /// The working state.
    func work() throws -> ArticleWork {
        ArticleWork(
            id: id, siteID: siteID, columnID: columnID, workingTitle: workingTitle, stage: try Stage(stored: stage),
            status: try Article.Status(stored: status), importance: try Importance(stored: importance), bureauNotice: bureauNotice != 0,
            version: version, currentRevisionID: currentRevisionID ?? "", liveRevisionID: liveRevisionID,
            scheduledFor: scheduledFor.storedDate, publishedAt: publishedAt.storedDate, updatedAt: updatedAt.storedDate,
            eventDate: eventDate.flatMap(CalendarDay.init), indexNumber: indexNumber ?? "", withdrawnAt: withdrawnAt.storedDate,
            withdrawReason: withdrawReason ?? "", archivedAt: archivedAt.storedDate, emergencyBy: emergencyBy,
            emergencyReason: emergencyReason ?? "", returnedBy: returnedBy ?? "", returnReason: returnReason ?? "", createdBy: createdBy,
            createdAt: Date(storedMillis: createdAt), changedAt: changedAt.storedDate ?? Date(storedMillis: createdAt),
            gateOverrideDigest: gateOverrideDigest, gateOverrideBy: gateOverrideBy ?? "", gateOverrideReason: gateOverrideReason ?? "")
    }
}

/// A row of `article_columns`: an item is listed in its own column and any it was also placed in.
struct ArticleColumnRow: TableRow {
    static let table = "article_columns"
    static let key: [CodingKeys] = [.articleID, .columnID]

    var articleID: String
    var columnID: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case articleID = "article_id", columnID = "column_id"
    }
}
