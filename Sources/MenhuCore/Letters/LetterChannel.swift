import Foundation

/// 留言渠道的类型: the kinds of channel a site offers the public. I1.
public enum ChannelKind: String, Sendable, CaseIterable, Codable {
    /// 政务咨询: questions to the government; the national veto line watches these (国办秘函〔2019〕19号).
    case consultation
    /// 投诉举报: complaints and reports.
    case complaint
    /// 建言献策: suggestions.
    case suggestion
    /// 领导信箱: the mailbox of a leader (书记、市长、局长信箱); I6.
    case leaderMailbox
    /// 政风行风: the conduct of officials and departments.
    case conduct
    /// 网站找错: errors on the site itself (W3, I3).
    case siteError

    /// The Chinese name.
    public var label: String {
        switch self {
        case .consultation: "政务咨询"
        case .complaint: "投诉举报"
        case .suggestion: "建言献策"
        case .leaderMailbox: "领导信箱"
        case .conduct: "政风行风"
        case .siteError: "网站找错"
        }
    }

    /// The requirement ids the kind comes from.
    public var basis: [String] {
        switch self {
        case .leaderMailbox: ["I1", "I6"]
        case .siteError: ["I1", "I3", "W3"]
        default: ["I1"]
        }
    }

    /// I2, I3: the deadlines a new channel of this kind starts with.
    public var defaultDeadlines: LetterDeadlines { self == .siteError ? .siteError : .standard }

    /// The contact fields a new channel of this kind requires (complaints and mailboxes need a way back).
    public var defaultRequiredContacts: Set<ContactField> {
        switch self {
        case .complaint, .leaderMailbox, .conduct: [.name, .phone]
        case .consultation, .suggestion, .siteError: []
        }
    }

    /// 互动回应差: only 政务咨询 counts for the national veto line (网上信访、纪检举报 do not).
    public var isWatchedForVeto: Bool { self == .consultation }
}

/// A way to reach the writer that a form asks for. I1.
public enum ContactField: String, Sendable, CaseIterable, Codable, Comparable {
    /// 姓名.
    case name
    /// 联系电话.
    case phone
    /// 电子邮箱.
    case email

    /// The Chinese name.
    public var label: String {
        switch self {
        case .name: "姓名"
        case .phone: "联系电话"
        case .email: "电子邮箱"
        }
    }

    public static func < (a: ContactField, b: ContactField) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// 办理时限: the working days each step of a letter may take on a channel. I2, I3.
public struct LetterDeadlines: Sendable, Hashable {
    /// I2: 受理并转办 to the right department, counted from the day received (day 0).
    public var transfer: WorkingDays
    /// 签收 by the department, counted from the transfer.
    public var sign: WorkingDays
    /// I2: 答复, counted from the transfer (from the reopening for 重办).
    public var reply: WorkingDays
    /// I3: the platform's first review (初审) of a reply, counted from the reply in working hours.
    public var review: WorkingDays
    /// I2: 督办 (an escalated letter) answered within this many working days of the escalation.
    public var escalation: WorkingDays
    /// 延期: the working days one approved extension adds to the reply deadline.
    public var extensionLength: WorkingDays

    public init(
        transfer: WorkingDays, sign: WorkingDays, reply: WorkingDays, review: WorkingDays, escalation: WorkingDays,
        extensionLength: WorkingDays
    ) {
        self.transfer = transfer; self.sign = sign; self.reply = reply; self.review = review; self.escalation = escalation
        self.extensionLength = extensionLength
    }

    /// I2 (000 §15), I3 (002 §20(四)): transfer 3, sign 1, reply 5, review 0.5, escalation 5 working days;
    /// an extension adds 10, so a complex matter ends within 15 (the common local rule).
    public static let standard = LetterDeadlines(
        transfer: WorkingDays(3), sign: WorkingDays(1), reply: WorkingDays(5), review: WorkingDays(halfDays: 1),
        escalation: WorkingDays(5), extensionLength: WorkingDays(10))

    /// I3 (002 §19(五)): 找错 transferred within 1 and answered within 1 working day.
    public static let siteError = LetterDeadlines(
        transfer: WorkingDays(1), sign: WorkingDays(1), reply: WorkingDays(1), review: WorkingDays(halfDays: 1),
        escalation: WorkingDays(5), extensionLength: WorkingDays(2))
}

/// 留言渠道: one form of a site (政务咨询, 市长信箱…) with its owner departments, deadlines and
/// whether replies are published. I1, I2, I5, I6.
public struct LetterChannel: Sendable, Equatable, Identifiable {
    public var id: String
    public var siteID: String
    public var kind: ChannelKind
    /// The name on the site (`政务咨询`, `市长信箱`).
    public var name: String
    /// The departments that answer this channel's letters by default (主办 first).
    public var ownerDepartmentIDs: [String]
    /// I2, I3: the deadlines of each step.
    public var deadlines: LetterDeadlines
    /// Whether answered letters are published (when the writer chose 公开). I6: mailbox results are.
    public var publishesReplies: Bool
    /// The contact fields the form requires; the others are optional.
    public var requiredContacts: Set<ContactField>
    /// I5: the contact details shown with the channel (电话、地址、办公时间), kept here only.
    public var contactDetails: String
    /// Whether the form takes new letters.
    public var accepting: Bool
    /// Order on the site's 互动交流 page.
    public var position: Int
    public var createdAt: Date

    public init(
        id: String = RecordID.make(), siteID: String, kind: ChannelKind, name: String, ownerDepartmentIDs: [String] = [],
        deadlines: LetterDeadlines? = nil, publishesReplies: Bool = true, requiredContacts: Set<ContactField>? = nil,
        contactDetails: String = "", accepting: Bool = true, position: Int = 0, createdAt: Date
    ) {
        self.id = id; self.siteID = siteID; self.kind = kind; self.name = name; self.ownerDepartmentIDs = ownerDepartmentIDs
        self.deadlines = deadlines ?? kind.defaultDeadlines; self.publishesReplies = publishesReplies
        self.requiredContacts = requiredContacts ?? kind.defaultRequiredContacts; self.contactDetails = contactDetails
        self.accepting = accepting; self.position = position; self.createdAt = createdAt
    }

    /// I1, W3: the channels every site starts with, one of each kind, in display order.
    public static func defaults(siteID: String, now: Date) -> [LetterChannel] {
        ChannelKind.allCases.enumerated().map { index, kind in
            LetterChannel(siteID: siteID, kind: kind, name: kind.label, position: index + 1, createdAt: now)
        }
    }

    /// Longest name and contact text.
    public static let nameLimit = 30
    public static let contactDetailsLimit = 500

    /// Reads the channel form over `self`: `name`, `transfer`, `sign`, `reply`, `review`, `escalation`,
    /// `extensionLength` (working days, halves allowed), `publishesReplies`, `accepting` ("1"), `required`
    /// (`name,phone`), `contactDetails`, `ownerDepartmentIDs` (comma-separated, 主办 first).
    public func reading(_ fields: [String: String]) throws -> LetterChannel {
        var form = FormReader(fields)
        var channel = self
        channel.name = form.required("name", label: "渠道名称", maxLength: Self.nameLimit)
        channel.contactDetails = form.limited("contactDetails", label: "联系方式", maxLength: Self.contactDetailsLimit)
        func days(_ field: String, _ label: String, _ current: WorkingDays, maxDays: Int) -> WorkingDays {
            let text = form.optional(field)
            if text.isEmpty { return current }
            guard let value = WorkingDays(text), value.halfDays <= maxDays * 2 else {
                form.errors.add(field, "\(label)应为 0.5 至 \(maxDays) 之间的工作日数，可含半天（如 3 或 0.5）")
                return current
            }
            return value
        }
        var d = channel.deadlines
        d.transfer = days("transfer", "转办时限", d.transfer, maxDays: 30)
        d.sign = days("sign", "签收时限", d.sign, maxDays: 30)
        d.reply = days("reply", "答复时限", d.reply, maxDays: 60)
        d.review = days("review", "答复审核时限", d.review, maxDays: 10)
        d.escalation = days("escalation", "督办答复时限", d.escalation, maxDays: 30)
        d.extensionLength = days("extensionLength", "延期天数", d.extensionLength, maxDays: 60)
        channel.deadlines = d
        channel.publishesReplies = fields["publishesReplies"] == "1"
        channel.accepting = fields["accepting"] == "1"
        var required: Set<ContactField> = []
        for part in form.optional("required").split(separator: ",") {
            guard let field = ContactField(rawValue: String(part).trimmed) else {
                form.errors.add("required", "必填联系方式只能是姓名、联系电话、电子邮箱")
                break
            }
            required.insert(field)
        }
        channel.requiredContacts = required
        channel.ownerDepartmentIDs = form.optional("ownerDepartmentIDs").split(separator: ",").map { String($0).trimmed }.filter { !$0.isEmpty }
        try form.errors.throwIfAny()
        return channel
    }
}
