import Foundation

/// The working state of an item: its public status, where its working revision stands,
/// and the marks the flow leaves on it.
public struct ArticleWork: Sendable, Equatable {
    public var id: String
    public var siteID: String
    /// The working revision's column and title (the public ones may still be the live revision's).
    public var columnID: String
    public var workingTitle: String
    public var stage: Stage
    public var status: Article.Status
    public var importance: Importance
    public var bureauNotice: Bool
    /// Optimistic lock: every change adds one; a form carries the version it was shown.
    public var version: Int
    public var currentRevisionID: String
    public var liveRevisionID: String?
    public var scheduledFor: Date?
    public var publishedAt: Date?
    /// When the live text was last replaced (P15).
    public var updatedAt: Date?
    public var eventDate: CalendarDay?
    public var indexNumber: String
    public var withdrawnAt: Date?
    public var withdrawReason: String
    public var archivedAt: Date?
    public var emergencyBy: String?
    public var emergencyReason: String
    public var returnedBy: String
    public var returnReason: String
    public var createdBy: String?
    public var createdAt: Date
    public var changedAt: Date
    /// P3: the revision digest the signer let past the gate, who, and why.
    public var gateOverrideDigest: String? = nil
    public var gateOverrideBy: String = ""
    public var gateOverrideReason: String = ""

    /// Sent back to its writer with a reason and not resubmitted yet (退回修改).
    public var isReturned: Bool { !returnReason.isEmpty && stage == .draft }

    /// P8: days from the end of the work to publication.
    public var lagDays: Int? { Timeliness.lagDays(eventDate: eventDate, publishedAt: publishedAt) }

    public init(
        id: String,
        siteID: String,
        columnID: String,
        workingTitle: String,
        stage: Stage,
        status: Article.Status,
        importance: Importance,
        bureauNotice: Bool,
        version: Int,
        currentRevisionID: String,
        liveRevisionID: String? = nil,
        scheduledFor: Date? = nil,
        publishedAt: Date? = nil,
        updatedAt: Date? = nil,
        eventDate: CalendarDay? = nil,
        indexNumber: String,
        withdrawnAt: Date? = nil,
        withdrawReason: String,
        archivedAt: Date? = nil,
        emergencyBy: String? = nil,
        emergencyReason: String,
        returnedBy: String,
        returnReason: String,
        createdBy: String? = nil,
        createdAt: Date,
        changedAt: Date,
        gateOverrideDigest: String? = nil,
        gateOverrideBy: String = "",
        gateOverrideReason: String = ""
    ) {
        self.id = id
        self.siteID = siteID
        self.columnID = columnID
        self.workingTitle = workingTitle
        self.stage = stage
        self.status = status
        self.importance = importance
        self.bureauNotice = bureauNotice
        self.version = version
        self.currentRevisionID = currentRevisionID
        self.liveRevisionID = liveRevisionID
        self.scheduledFor = scheduledFor
        self.publishedAt = publishedAt
        self.updatedAt = updatedAt
        self.eventDate = eventDate
        self.indexNumber = indexNumber
        self.withdrawnAt = withdrawnAt
        self.withdrawReason = withdrawReason
        self.archivedAt = archivedAt
        self.emergencyBy = emergencyBy
        self.emergencyReason = emergencyReason
        self.returnedBy = returnedBy
        self.returnReason = returnReason
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.changedAt = changedAt
        self.gateOverrideDigest = gateOverrideDigest
        self.gateOverrideBy = gateOverrideBy
        self.gateOverrideReason = gateOverrideReason
    }
}
