import Foundation

/// What an editor typed into the item form and has not saved as a version (编辑器自动保存): the
/// form's fields as they were, private to the person who typed them.
public struct EditorAutosave: Sendable, Equatable {
    public var accountID: String
    public var siteID: String
    /// The item being edited; nil for one not created yet.
    public var articleID: String?
    public var fields: [String: String]
    public var savedAt: Date

    /// The form fields kept: the item form's own (a draft holds nothing else).
    public static let formFields: Set<String> = [
        "title", "subtitle", "columnID", "extraColumnIDs", "body", "summary", "source", "author", "isRepost", "originalAuthor",
        "sourceURL", "importance", "eventDate", "documentNumber", "topic", "validity", "tags", "leadDepartmentID",
        "jointDepartmentIDs", "isBureauNotice", "scheduledFor", "version",
    ]

    public init(accountID: String, siteID: String, articleID: String?, fields: [String: String], savedAt: Date) {
        self.accountID = accountID; self.siteID = siteID; self.articleID = articleID; self.fields = fields; self.savedAt = savedAt
    }
}
