import Foundation
import MenhuCore

/// A row of `letter_channels`: deadlines in half working days, lists comma-separated.
struct LetterChannelRow: TableRow {
    static let table = "letter_channels"

    var id: String
    var siteID: String
    var kind: String
    var name: String
    var ownerDepartmentIDs: String
    var transferHalfDays: Int
    var signHalfDays: Int
    var replyHalfDays: Int
    var reviewHalfDays: Int
    var escalationHalfDays: Int
    var extensionHalfDays: Int
    var publishesReplies: Int
    var requiredContacts: String
    var contactDetails: String
    var accepting: Int
    var position: Int
    var createdAt: Int
    var changedAt: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, siteID = "site_id", kind, name, ownerDepartmentIDs = "owner_department_ids", transferHalfDays = "transfer_half_days"
        case signHalfDays = "sign_half_days", replyHalfDays = "reply_half_days", reviewHalfDays = "review_half_days"
        case escalationHalfDays = "escalation_half_days", extensionHalfDays = "extension_half_days"
        case publishesReplies = "publishes_replies", requiredContacts = "required_contacts", contactDetails = "contact_details"
        case accepting, position, createdAt = "created_at", changedAt = "changed_at"
    }
}

extension LetterChannelRow {
    init(_ c: LetterChannel, changedAt: Date) {
        let d = c.deadlines
        self.init(
            id: c.id, siteID: c.siteID, kind: c.kind.rawValue, name: c.name, ownerDepartmentIDs: c.ownerDepartmentIDs.joined(separator: ","),
            transferHalfDays: d.transfer.halfDays, signHalfDays: d.sign.halfDays, replyHalfDays: d.reply.halfDays,
            reviewHalfDays: d.review.halfDays, escalationHalfDays: d.escalation.halfDays, extensionHalfDays: d.extensionLength.halfDays,
            publishesReplies: c.publishesReplies ? 1 : 0, requiredContacts: c.requiredContacts.sorted().map(\.rawValue).joined(separator: ","),
            contactDetails: c.contactDetails, accepting: c.accepting ? 1 : 0, position: c.position, createdAt: c.createdAt.storedMillis,
            changedAt: changedAt.storedMillis)
    }

    func model() throws -> LetterChannel {
        func days(_ half: Int) throws -> WorkingDays {
            guard half >= 0 else { throw StoreError.corrupt("letter_channels \(id): \(half)") }
            return WorkingDays(halfDays: half)
        }
        let deadlines = LetterDeadlines(
            transfer: try days(transferHalfDays), sign: try days(signHalfDays), reply: try days(replyHalfDays),
            review: try days(reviewHalfDays), escalation: try days(escalationHalfDays), extensionLength: try days(extensionHalfDays))
        return LetterChannel(
            id: id, siteID: siteID, kind: try ChannelKind(stored: kind), name: name, ownerDepartmentIDs: LetterRow.list(ownerDepartmentIDs),
            deadlines: deadlines, publishesReplies: publishesReplies != 0,
            requiredContacts: Set(try LetterRow.list(requiredContacts).map { try ContactField(stored: $0) }), contactDetails: contactDetails,
            accepting: accepting != 0, position: position, createdAt: Date(storedMillis: createdAt))
    }
}

/// A row of `letters`. The 查询码 is stored only as its keyed digest; the writer's contact only as given.
struct LetterRow: TableRow {
    static let table = "letters"

    var id: String
    var siteID: String
    var channelID: String
    var channelKind: String
    var number: String
    var codeDigest: String
    var title: String
    var body: String
    var writerName: String
    var writerPhone: String
    var writerEmail: String
    var wantsPublic: Int
    var state: String
    var version: Int
    var receivedAt: Int
    var address: String
    var contactDigest: String
    var bodyDigest: String
    var acceptedAt: Int?
    var transferredAt: Int?
    var leadDepartmentID: String?
    var assistingDepartmentIDs: String
    var signedAt: Int?
    var replyFrom: Int?
    var replyHalfDays: Int?
    var supervisedAt: Int?
    var urgeCount: Int
    var replyText: String?
    var replyDepartmentID: String?
    var replyByID: String?
    var replyByName: String?
    var repliedAt: Int?
    var approvedAt: Int?
    var publishedAt: Int?
    var closedAt: Int?
    var reason: String?
    var extensionStatus: String?
    var extensionReason: String?
    var extensionHalfDays: Int?
    var extensionRequestedBy: String?
    var extensionRequestedAt: Int?
    var extensionDecidedBy: String?
    var extensionDecidedAt: Int?
    var reopenedAt: Int?
    var mergedInto: String?
    var rating: String?
    var ratingReason: String?
    var ratedAt: Int?
    var dueAt: Int?
    var dueStep: String?
    var masks: String
    /// I2: when the next reminder of the current deadline is due (`LetterReminderRecords.scan`): a
    /// day before it, then just after it; nil when none is.
    var remindAt: Int?
    var changedAt: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, siteID = "site_id", channelID = "channel_id", channelKind = "channel_kind", number, codeDigest = "code_digest"
        case title, body, writerName = "writer_name", writerPhone = "writer_phone", writerEmail = "writer_email"
        case wantsPublic = "wants_public", state, version, receivedAt = "received_at", address, contactDigest = "contact_digest"
        case bodyDigest = "body_digest", acceptedAt = "accepted_at", transferredAt = "transferred_at"
        case leadDepartmentID = "lead_department_id", assistingDepartmentIDs = "assisting_department_ids", signedAt = "signed_at"
        case replyFrom = "reply_from", replyHalfDays = "reply_half_days", supervisedAt = "supervised_at", urgeCount = "urge_count"
        case replyText = "reply_text", replyDepartmentID = "reply_department_id", replyByID = "reply_by_id", replyByName = "reply_by_name"
        case repliedAt = "replied_at", approvedAt = "approved_at", publishedAt = "published_at", closedAt = "closed_at", reason
        case extensionStatus = "extension_status", extensionReason = "extension_reason", extensionHalfDays = "extension_half_days"
        case extensionRequestedBy = "extension_requested_by", extensionRequestedAt = "extension_requested_at"
        case extensionDecidedBy = "extension_decided_by", extensionDecidedAt = "extension_decided_at", reopenedAt = "reopened_at"
        case mergedInto = "merged_into", rating, ratingReason = "rating_reason", ratedAt = "rated_at", dueAt = "due_at"
        case dueStep = "due_step", masks, remindAt = "remind_at"
        case changedAt = "changed_at"
    }

    /// When the first reminder of a deadline ending at `due` is due.
    static func firstReminder(due: Date?) -> Int? { due.map { $0.addingTimeInterval(-LetterReminders.ahead).storedMillis } }

    /// A comma-separated list.
    static func list(_ text: String) -> [String] { text.split(separator: ",").map(String.init) }
}

extension LetterRow {
    /// The row of `l`, with what is stored beside the model (the code's digest, the submitting address,
    /// the digests for the rate limit and duplicate detection).
    init(_ l: Letter, codeDigest: String, address: String, contactDigest: String, bodyDigest: String) {
        self.init(
            id: l.id, siteID: l.siteID, channelID: l.channelID, channelKind: l.channelKind.rawValue, number: l.number, codeDigest: codeDigest,
            title: l.title, body: l.body, writerName: l.writer.name, writerPhone: l.writer.phone, writerEmail: l.writer.email,
            wantsPublic: l.wantsPublic ? 1 : 0, state: l.state.rawValue, version: l.version, receivedAt: l.receivedAt.storedMillis,
            address: address, contactDigest: contactDigest, bodyDigest: bodyDigest, assistingDepartmentIDs: "", urgeCount: 0,
            masks: "", remindAt: nil, changedAt: l.changedAt.storedMillis)
        apply(l)
    }

    /// Takes the model's changeable fields (state, times, departments, reply, extension, rating, deadline).
    mutating func apply(_ l: Letter) {
        state = l.state.rawValue
        version = l.version
        acceptedAt = l.acceptedAt.storedMillis
        transferredAt = l.transferredAt.storedMillis
        leadDepartmentID = l.leadDepartmentID
        assistingDepartmentIDs = l.assistingDepartmentIDs.joined(separator: ",")
        signedAt = l.signedAt.storedMillis
        replyFrom = l.replyFrom.storedMillis
        replyHalfDays = l.replyLength?.halfDays
        supervisedAt = l.supervisedAt.storedMillis
        urgeCount = l.urgeCount
        replyText = l.reply?.text
        replyDepartmentID = l.reply?.departmentID
        replyByID = l.reply?.byID
        replyByName = l.reply?.byName
        repliedAt = l.reply?.at.storedMillis
        approvedAt = l.approvedAt.storedMillis
        publishedAt = l.publishedAt.storedMillis
        closedAt = l.closedAt.storedMillis
        reason = l.reason
        extensionStatus = l.extensionRequest?.status.rawValue
        extensionReason = l.extensionRequest?.reason
        extensionHalfDays = l.extensionRequest?.length.halfDays
        extensionRequestedBy = l.extensionRequest?.requestedByID
        extensionRequestedAt = l.extensionRequest?.requestedAt.storedMillis
        extensionDecidedBy = l.extensionRequest?.decidedByID
        extensionDecidedAt = l.extensionRequest?.decidedAt.storedMillis
        reopenedAt = l.reopenedAt.storedMillis
        mergedInto = l.mergedInto
        rating = l.rating?.satisfaction.rawValue
        ratingReason = l.rating?.reason
        ratedAt = l.rating?.at.storedMillis
        // A new deadline is reminded of afresh.
        if dueAt != l.dueAt.storedMillis { remindAt = Self.firstReminder(due: l.dueAt) }
        dueAt = l.dueAt.storedMillis
        dueStep = l.dueStep?.rawValue
        masks = l.masks.joined(separator: "\n")
        changedAt = l.changedAt.storedMillis
    }

    func model() throws -> Letter {
        var l = Letter(
            id: id, siteID: siteID, channelID: channelID, channelKind: try ChannelKind(stored: channelKind), number: number, title: title,
            body: body, writer: LetterWriter(name: writerName, phone: writerPhone, email: writerEmail), wantsPublic: wantsPublic != 0,
            receivedAt: Date(storedMillis: receivedAt))
        l.state = try LetterState(stored: state)
        l.version = version
        l.acceptedAt = acceptedAt.storedDate
        l.transferredAt = transferredAt.storedDate
        l.leadDepartmentID = leadDepartmentID
        l.assistingDepartmentIDs = Self.list(assistingDepartmentIDs)
        l.signedAt = signedAt.storedDate
        l.replyFrom = replyFrom.storedDate
        l.replyLength = replyHalfDays.map { WorkingDays(halfDays: max(0, $0)) }
        l.supervisedAt = supervisedAt.storedDate
        l.urgeCount = urgeCount
        if let replyText, let repliedAt {
            l.reply = LetterReply(
                text: replyText, departmentID: replyDepartmentID ?? "", byID: replyByID ?? "", byName: replyByName ?? "",
                at: Date(storedMillis: repliedAt))
        }
        l.approvedAt = approvedAt.storedDate
        l.publishedAt = publishedAt.storedDate
        l.closedAt = closedAt.storedDate
        l.reason = reason
        if let extensionStatus, let extensionRequestedAt {
            l.extensionRequest = LetterExtension(
                status: try LetterExtension.Status(stored: extensionStatus), reason: extensionReason ?? "",
                length: WorkingDays(halfDays: max(0, extensionHalfDays ?? 0)), requestedByID: extensionRequestedBy ?? "",
                requestedAt: Date(storedMillis: extensionRequestedAt), decidedByID: extensionDecidedBy, decidedAt: extensionDecidedAt.storedDate)
        }
        l.reopenedAt = reopenedAt.storedDate
        l.mergedInto = mergedInto
        if let rating, let ratedAt {
            l.rating = LetterRating(satisfaction: try LetterSatisfaction(stored: rating), reason: ratingReason ?? "", at: Date(storedMillis: ratedAt))
        }
        l.dueAt = dueAt.storedDate
        l.dueStep = try dueStep.map { try LetterStep(stored: $0) }
        l.masks = masks.split(separator: "\n").map(String.init)
        l.changedAt = Date(storedMillis: changedAt)
        return l
    }
}

/// A row of `letter_events`.
struct LetterEventRow: TableRow {
    static let table = "letter_events"

    var id: String
    var letterID: String
    var at: Int
    var action: String
    var actorID: String?
    var actorName: String
    var fromState: String
    var toState: String
    var summary: String
    var note: String
    var notifiesWriter: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, letterID = "letter_id", at, action, actorID = "actor_id", actorName = "actor_name", fromState = "from_state"
        case toState = "to_state", summary, note, notifiesWriter = "notifies_writer"
    }
}

extension LetterEventRow {
    init(_ e: LetterEvent) {
        self.init(
            id: e.id, letterID: e.letterID, at: e.at.storedMillis, action: e.action, actorID: e.actorID, actorName: e.actorName,
            fromState: e.from.rawValue, toState: e.to.rawValue, summary: e.summary, note: e.note, notifiesWriter: e.notifiesWriter ? 1 : 0)
    }

    func model() throws -> LetterEvent {
        LetterEvent(
            id: id, letterID: letterID, at: Date(storedMillis: at), action: action, actorID: actorID, actorName: actorName,
            from: try LetterState(stored: fromState), to: try LetterState(stored: toState), summary: summary, note: note,
            notifiesWriter: notifiesWriter != 0)
    }
}
