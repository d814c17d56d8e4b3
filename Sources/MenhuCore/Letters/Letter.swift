import Foundation

/// 留言的办理状态: where a letter stands in `LetterFlow`. I2, I3, I4.
public enum LetterState: String, Sendable, CaseIterable, Codable {
    /// 待受理: received, not yet looked at; nothing of it is public (I4).
    case submitted
    /// 已受理: accepted by the site's letter manager, to be transferred.
    case accepted
    /// 不予受理: refused with a reason (主体不明、非政府权限、已进入司法程序…).
    case rejected
    /// 已转办: sent to the 主办 department (and 协办), waiting for its 签收.
    case transferred
    /// 已签收: the department took it on.
    case signed
    /// 办理中: being handled again (审核退回, 重办).
    case handling
    /// 已答复（待审核）: the department answered; the platform reviews the reply (I3).
    case answered
    /// 审核通过: the reply is reviewed; the writer sees it; to be published or not.
    case approved
    /// 已公开: the letter and its reply are on the public site.
    case published
    /// 办结: finished (published, or kept private as the writer chose).
    case closed
    /// 并件: merged into another letter on the same matter.
    case merged

    /// The Chinese name.
    public var label: String {
        switch self {
        case .submitted: "待受理"
        case .accepted: "已受理"
        case .rejected: "不予受理"
        case .transferred: "已转办"
        case .signed: "已签收"
        case .handling: "办理中"
        case .answered: "已答复（待审核）"
        case .approved: "审核通过"
        case .published: "已公开"
        case .closed: "办结"
        case .merged: "并件"
        }
    }

    /// Not finished: the letter still needs work from somebody.
    public var isOpen: Bool {
        switch self {
        case .submitted, .accepted, .transferred, .signed, .handling, .answered, .approved: true
        case .rejected, .published, .closed, .merged: false
        }
    }

    /// I2: a step with a deadline can run in this state (受理转办, 签收, 答复, 督办, 答复审核); every
    /// other state has none, so a letter with a deadline is always open.
    public var hasDeadline: Bool {
        switch self {
        case .submitted, .accepted, .transferred, .signed, .handling, .answered: true
        case .approved, .rejected, .published, .closed, .merged: false
        }
    }

    /// 未答复: the writer has no reviewed reply yet (the veto watch counts these).
    public var isUnanswered: Bool {
        switch self {
        case .submitted, .accepted, .transferred, .signed, .handling, .answered: true
        default: false
        }
    }

    /// The states in which the writer can read the reply (it has passed the review).
    public var showsReply: Bool { self == .approved || self == .published || self == .closed }

    /// The states every open letter may be in.
    public static let open: [LetterState] = allCases.filter(\.isOpen)
}

/// 满意度评价: the writer's rating of a reply.
public enum LetterSatisfaction: String, Sendable, CaseIterable, Codable {
    /// 满意.
    case satisfied
    /// 基本满意.
    case fairlySatisfied
    /// 不满意 (with a reason; may lead to 重办 once).
    case unsatisfied

    /// The Chinese name.
    public var label: String {
        switch self {
        case .satisfied: "满意"
        case .fairlySatisfied: "基本满意"
        case .unsatisfied: "不满意"
        }
    }
}

/// The writer's rating of the reply, with a reason (required for 不满意).
public struct LetterRating: Sendable, Equatable {
    public var satisfaction: LetterSatisfaction
    public var reason: String
    public var at: Date

    public init(satisfaction: LetterSatisfaction, reason: String, at: Date) {
        self.satisfaction = satisfaction; self.reason = reason; self.at = at
    }
}

/// 留言人: who wrote, as far as they said (each field may be empty where the channel allows).
public struct LetterWriter: Sendable, Equatable {
    public var name: String
    public var phone: String
    public var email: String

    public init(name: String = "", phone: String = "", email: String = "") { self.name = name; self.phone = phone; self.email = email }

    /// The contact used for the rate limit and duplicate detection: phone, else e-mail, normalised; "" when none.
    public var contactKey: String {
        if !phone.isEmpty { return "tel:" + phone.filter(\.isNumber) }
        if !email.isEmpty { return "mail:" + email.lowercased() }
        return ""
    }
}

/// 答复: the department's answer.
public struct LetterReply: Sendable, Equatable {
    public var text: String
    /// 答复部门.
    public var departmentID: String
    public var byID: String
    public var byName: String
    public var at: Date

    public init(text: String, departmentID: String, byID: String, byName: String, at: Date) {
        self.text = text; self.departmentID = departmentID; self.byID = byID; self.byName = byName; self.at = at
    }
}

/// 延期申请: one extension per letter, asked for by the department and decided by its head.
public struct LetterExtension: Sendable, Equatable {
    /// Where the request stands.
    public enum Status: String, Sendable, CaseIterable, Codable {
        /// 待审批.
        case requested
        /// 已批准: the reply deadline is extended; the writer is told.
        case approved
        /// 未批准.
        case declined

        public var label: String {
            switch self {
            case .requested: "延期待审批"
            case .approved: "已批准延期"
            case .declined: "延期未批准"
            }
        }
    }

    public var status: Status
    public var reason: String
    /// The working days the extension adds (the channel's extension length when asked).
    public var length: WorkingDays
    public var requestedByID: String
    public var requestedAt: Date
    public var decidedByID: String?
    public var decidedAt: Date?

    public init(
        status: Status, reason: String, length: WorkingDays, requestedByID: String, requestedAt: Date, decidedByID: String? = nil,
        decidedAt: Date? = nil
    ) {
        self.status = status; self.reason = reason; self.length = length; self.requestedByID = requestedByID
        self.requestedAt = requestedAt; self.decidedByID = decidedByID; self.decidedAt = decidedAt
    }
}

/// 留言: what a member of the public wrote to a channel, and how it is being handled. I1–I6.
public struct Letter: Sendable, Equatable, Identifiable {
    public var id: String
    public var siteID: String
    public var channelID: String
    public var channelKind: ChannelKind
    /// 查询编号 (`2026120200001`): the day received and its sequence, given to the writer.
    public var number: String
    public var title: String
    public var body: String
    public var writer: LetterWriter
    /// 公开/不公开: the writer's choice whether the letter and its reply may be published.
    public var wantsPublic: Bool
    public var state: LetterState
    /// Counts every change (optimistic locking: a stale form is refused).
    public var version: Int
    /// 收到时间: day 0 of the deadlines.
    public var receivedAt: Date
    public var acceptedAt: Date?
    public var transferredAt: Date?
    /// 主办部门.
    public var leadDepartmentID: String?
    /// 协办部门.
    public var assistingDepartmentIDs: [String]
    public var signedAt: Date?
    /// I2: when the reply period started (the transfer, or the reopening for 重办).
    public var replyFrom: Date?
    /// The length of the reply period (the channel's, plus an approved extension).
    public var replyLength: WorkingDays?
    /// 督办: when the letter was escalated (answer within the channel's escalation days).
    public var supervisedAt: Date?
    /// 催办 reminders sent.
    public var urgeCount: Int
    public var reply: LetterReply?
    public var approvedAt: Date?
    public var publishedAt: Date?
    public var closedAt: Date?
    /// The reason of the last refusal or return (不予受理、退回、审核退回、改派、不公开).
    public var reason: String?
    public var extensionRequest: LetterExtension?
    /// 重办: when the letter was reopened after 不满意 (once only).
    public var reopenedAt: Date?
    /// 并件: the letter this one was merged into.
    public var mergedInto: String?
    public var rating: LetterRating?
    /// The due instant of the current step (nil when no step is running), kept for lists and counts.
    public var dueAt: Date?
    /// The step `dueAt` belongs to.
    public var dueStep: LetterStep?
    /// I4: words the reviewer hides from the public besides the personal data found (a village, a shop).
    public var masks: [String]
    public var changedAt: Date

    public init(
        id: String = RecordID.make(), siteID: String, channelID: String, channelKind: ChannelKind, number: String, title: String,
        body: String, writer: LetterWriter, wantsPublic: Bool, receivedAt: Date
    ) {
        self.id = id; self.siteID = siteID; self.channelID = channelID; self.channelKind = channelKind; self.number = number
        self.title = title; self.body = body; self.writer = writer; self.wantsPublic = wantsPublic
        self.state = .submitted; self.version = 1; self.receivedAt = receivedAt
        self.assistingDepartmentIDs = []; self.urgeCount = 0; self.masks = []; self.changedAt = receivedAt
    }

    /// Every department the letter was sent to (主办 first, then 协办).
    public var departmentIDs: [String] { (leadDepartmentID.map { [$0] } ?? []) + assistingDepartmentIDs }
}

extension Letter {
    /// Longest word the reviewer may add to `masks`, and how many.
    public static let maskLimit = 50
    public static let maskCount = 20

    /// I4: the reviewer's words to hide, one per line as typed: trimmed, without blanks and repeats.
    /// Refused (with a message in Chinese) when a word is a single character (it would hide every
    /// occurrence of it) or too long, or when there are too many.
    public static func readMasks(_ text: String) -> Result<[String], LetterRefusal> {
        var seen = Set<String>(), words: [String] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let word = String(line).trimmed
            guard !word.isEmpty, seen.insert(word).inserted else { continue }
            if word.unicodeScalars.count < 2 { return .failure(.notAllowed("要隐去的内容“\(word)”只有一个字，会把所有同样的字都隐去；请写出完整的词。")) }
            if word.count > maskLimit { return .failure(.notAllowed("每项要隐去的内容不能超过 \(maskLimit) 个字。")) }
            words.append(word)
        }
        if words.count > maskCount { return .failure(.notAllowed("要隐去的内容最多 \(maskCount) 项。")) }
        return .success(words)
    }
}

/// 留言列表的一行: what the back-office list shows of a letter, read without its text and history.
public struct LetterListing: Sendable, Equatable, Identifiable {
    public var id: String
    /// 查询编号.
    public var number: String
    public var title: String
    public var siteID: String
    public var channelID: String
    public var channelKind: ChannelKind
    public var state: LetterState
    public var receivedAt: Date
    /// When the running step is due; nil when no step runs.
    public var dueAt: Date?

    public init(
        id: String, number: String, title: String, siteID: String, channelID: String, channelKind: ChannelKind, state: LetterState,
        receivedAt: Date, dueAt: Date?
    ) {
        self.id = id; self.number = number; self.title = title; self.siteID = siteID; self.channelID = channelID
        self.channelKind = channelKind; self.state = state; self.receivedAt = receivedAt; self.dueAt = dueAt
    }

    /// I2: how the letter stands against the national veto line at `now`.
    public func veto(at now: Date) -> VetoWatch { .of(kind: channelKind, state: state, receivedAt: receivedAt, at: now) }
}
