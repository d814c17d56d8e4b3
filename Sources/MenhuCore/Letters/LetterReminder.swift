import Foundation

/// 到期提醒的种类: a reminder before a step's deadline ends, and one when it has passed. I2.
public enum LetterReminderKind: String, Sendable, CaseIterable, Codable {
    /// 即将到期: the deadline ends within `LetterReminders.ahead`.
    case dueSoon
    /// 已超期.
    case overdue

    /// The Chinese name.
    public var label: String {
        switch self {
        case .dueSoon: "即将到期"
        case .overdue: "已超期"
        }
    }
}

/// 到期提醒: one person is told of one step's deadline of one letter (in the console). I2.
public struct LetterReminder: Sendable, Equatable, Identifiable {
    public var id: String
    public var letterID: String
    public var accountID: String
    public var kind: LetterReminderKind
    public var step: LetterStep
    public var dueAt: Date
    public var createdAt: Date
    public var readAt: Date?

    public init(
        id: String = RecordID.make(), letterID: String, accountID: String, kind: LetterReminderKind, step: LetterStep, dueAt: Date,
        createdAt: Date, readAt: Date? = nil
    ) {
        self.id = id; self.letterID = letterID; self.accountID = accountID; self.kind = kind; self.step = step; self.dueAt = dueAt
        self.createdAt = createdAt; self.readAt = readAt
    }
}

extension LetterStep {
    /// Whether the step is the department's (签收、答复、督办答复) rather than the site's letter
    /// managers' (受理转办、答复审核).
    public var isDepartmentStep: Bool {
        switch self {
        case .sign, .reply, .escalation: true
        case .transfer, .review: false
        }
    }
}

/// I2: who is reminded of a deadline, and when: before the due time and when it has passed, the
/// people who can take the step — for the department's steps its handlers and its head (the
/// holders of 留言办理 or 审批延期 within the department), for the managers' steps those who manage
/// the site's letters (platform-wide managers only when the site has none of its own).
public enum LetterReminders {
    /// How long before the deadline the first reminder goes: a working day's notice for a whole-day
    /// step, the morning for a half-day one.
    public static let ahead: TimeInterval = 24 * 3600

    /// The reminder due for a deadline ending at `due`, at `now`; nil while it is further off than `ahead`.
    public static func kind(due: Date, at now: Date) -> LetterReminderKind? {
        if now > due { return .overdue }
        return due.timeIntervalSince(now) <= ahead ? .dueSoon : nil
    }

    /// The people to remind of `step` of `letter`, among `people` (each with their department and the
    /// units above it, and their grants), by account id, in a stable order.
    public static func recipients(of letter: Letter, step: LetterStep, people: [LetterActor]) -> [String] {
        if step.isDepartmentStep {
            guard let lead = letter.leadDepartmentID else { return [] }
            return people.filter { p in
                p.departmentIDs.contains(lead)
                    && (AccessPolicy.holdsWithin(p.grants, .answerLetters, site: letter.siteID)
                        || AccessPolicy.holdsWithin(p.grants, .approveLetterExtension, site: letter.siteID))
            }.map(\.accountID).sorted()
        }
        let own = people.filter { p in p.grants.contains { $0.siteID == letter.siteID && $0.role.definition.permissions.contains(.manageLetters) } }
        let managers = own.isEmpty ? people.filter { AccessPolicy.allows($0.grants, .manageLetters, on: .site(letter.siteID)) } : own
        return managers.map(\.accountID).sorted()
    }
}
