import Foundation

/// 整改 (M1, M2): something the inspection found that the owner department must put right, with a
/// deadline in working days, closed by the inspection itself once it is no longer found, or set
/// aside by a person with a reason until a day after which it reopens if still found.
public struct Rectification: Sendable, Equatable, Identifiable {
    /// Where the finding came from.
    public enum Source: String, Sendable, CaseIterable, Codable {
        /// 单项否决指标 turned veto or at risk.
        case veto
        /// A column's own update contract (F1) overdue, or a blank column.
        case contract
        /// A broken link of a live page (P11).
        case link
        /// 值班读网: an item marked 有误, or left unread at midnight.
        case reading

        public var label: String {
            switch self {
            case .veto: "单项否决指标"
            case .contract: "栏目更新"
            case .link: "失效链接"
            case .reading: "值班读网"
            }
        }

        /// Working days the owner has to put it right: a veto line in 3, a broken link in 5, an
        /// error found in reading by the next working day.
        public var workingDays: Int {
            switch self {
            case .veto, .contract: 3
            case .link: 5
            case .reading: 1
            }
        }
    }

    public enum State: String, Sendable, CaseIterable, Codable {
        /// 待整改.
        case open
        /// 已整改: the re-check no longer finds it.
        case fixed
        /// 暂不整改: set aside by a person, with a reason, until a day.
        case dismissed

        public var label: String {
            switch self {
            case .open: "待整改"
            case .fixed: "已整改"
            case .dismissed: "暂不整改"
            }
        }
    }

    public var id: String
    public var siteID: String
    public var source: Source
    /// What it is about, stable between inspections: "link https://… a1", "veto columnsStale".
    public var subject: String
    /// The department that must act; nil: the site's own office.
    public var departmentID: String?
    public var title: String
    public var detail: String
    public var openedAt: Date
    public var dueAt: Date
    public var state: State
    public var closedAt: Date?
    public var note: String
    /// Until when a dismissal holds (the end of that day).
    public var dismissedUntil: Date?

    public init(
        id: String, siteID: String, source: Source, subject: String, departmentID: String?, title: String, detail: String, openedAt: Date,
        dueAt: Date, state: State = .open, closedAt: Date? = nil, note: String = "", dismissedUntil: Date? = nil
    ) {
        self.id = id; self.siteID = siteID; self.source = source; self.subject = subject; self.departmentID = departmentID
        self.title = title; self.detail = detail; self.openedAt = openedAt; self.dueAt = dueAt; self.state = state
        self.closedAt = closedAt; self.note = note; self.dismissedUntil = dismissedUntil
    }

    /// Open past its deadline.
    public func isOverdue(at now: Date) -> Bool { state == .open && now >= dueAt }
}

/// One thing the day's inspection found, as a rectification would carry it.
public struct RectificationFinding: Sendable, Equatable {
    public var source: Rectification.Source
    public var subject: String
    public var departmentID: String?
    public var title: String
    public var detail: String

    public init(source: Rectification.Source, subject: String, departmentID: String?, title: String, detail: String) {
        self.source = source; self.subject = subject; self.departmentID = departmentID; self.title = title; self.detail = detail
    }
}

/// How the inspection's findings and the open rectifications meet (M1): a new finding opens a
/// task; a task whose finding is gone is closed by the re-check; a fixed task found again, or a
/// dismissed one found after its dismissal ran out, opens again with a new deadline.
public enum RectificationRule {
    /// What to write.
    public enum Change: Sendable, Equatable {
        case open(RectificationFinding)
        /// The task of this id opens again (with what is found now).
        case reopen(id: String, RectificationFinding)
        /// Still found: the title and detail follow what is found now.
        case update(id: String, RectificationFinding)
        /// The re-check no longer finds it.
        case close(id: String)
    }

    /// The changes that bring `existing` (a site's tasks, one per subject) in line with `found`
    /// (what the inspection of `sources` found on that site) at `now`. Tasks of other sources are
    /// left alone.
    public static func reconcile(existing: [Rectification], found: [RectificationFinding], sources: Set<Rectification.Source>, now: Date)
        -> [Change]
    {
        var changes: [Change] = []
        let bySubject = Dictionary(existing.map { ($0.subject, $0) }, uniquingKeysWith: { a, b in a.openedAt >= b.openedAt ? a : b })
        let foundSubjects = Set(found.map(\.subject))
        var seen = Set<String>()
        for f in found where sources.contains(f.source) && seen.insert(f.subject).inserted {
            guard let task = bySubject[f.subject] else {
                changes.append(.open(f))
                continue
            }
            switch task.state {
            case .open:
                if task.title != f.title || task.detail != f.detail || task.departmentID != f.departmentID { changes.append(.update(id: task.id, f)) }
            case .fixed: changes.append(.reopen(id: task.id, f))
            case .dismissed:
                if let until = task.dismissedUntil, now >= until { changes.append(.reopen(id: task.id, f)) }
            }
        }
        for task in existing where task.state == .open && sources.contains(task.source) && !foundSubjects.contains(task.subject) {
            changes.append(.close(id: task.id))
        }
        return changes
    }

    /// The deadline of a task opened on `day`: the end of the day `source.workingDays` working days later.
    public static func due(_ source: Rectification.Source, openedOn day: CalendarDay, calendar: WorkingCalendar) -> Date {
        let last = calendar.dueDate(receivedOn: day, workingDays: source.workingDays)
        return ChinaTime.calendar.date(byAdding: .day, value: 1, to: last.start)!
    }

    /// A dismissal's reason and last day, checked: a reason of 2–500 characters, a day after today
    /// and within a year.
    public static func dismissal(_ fields: [String: String], today: CalendarDay) throws -> (reason: String, until: Date) {
        var form = FormReader(fields)
        let reason = form.required("reason", label: "暂不整改的理由", maxLength: 500)
        let untilText = form.required("until", label: "暂缓至", maxLength: 10)
        var until: Date?
        if !untilText.isEmpty {
            if let day = CalendarDay(untilText), day > today, today.days(to: day) <= 366 {
                until = ChinaTime.calendar.date(byAdding: .day, value: 1, to: day.start)
            } else {
                form.errors.add("until", "暂缓至须为今天之后、一年以内的日期，如 \(CalendarDay(ChinaTime.calendar.date(byAdding: .day, value: 30, to: today.start)!))")
            }
        }
        if !reason.isEmpty && reason.unicodeScalars.count < 2 { form.errors.add("reason", "请写明暂不整改的理由") }
        try form.errors.throwIfAny()
        return (reason, until!)
    }
}

/// M3: a veto indicator turning red is an incident: the site admin, the site's 分管领导 and the
/// platform admins are told at once (on the 工作台, and by e-mail where they have an address).
public enum IncidentRule {
    /// Whose grants make them told of a site's incidents.
    public static let roles: Set<Role> = [.siteAdmin, .leader, .platformAdmin]

    /// Whether `grant` makes its holder one to tell about an incident on `siteID`.
    public static func tells(_ grant: RoleGrant, site siteID: String) -> Bool {
        roles.contains(grant.role) && (grant.siteID == nil || grant.siteID == siteID)
    }

    /// Whether a task of this title says the line is reached (not only near it).
    public static func isRed(_ title: String) -> Bool { title.contains(vetoMark) }

    /// How a veto task's title says the indicator has reached the line.
    public static let vetoMark = "已触及单项否决"

    /// The subjects whose veto task turns red with `changes`: opened or opened again red, or an
    /// open one going from near the line to over it.
    public static func raised(by changes: [RectificationRule.Change], existing: [Rectification]) -> Set<String> {
        let titles = Dictionary(existing.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
        var out = Set<String>()
        for change in changes {
            switch change {
            case .open(let f), .reopen(_, let f):
                if f.source == .veto && isRed(f.title) { out.insert(f.subject) }
            case .update(let id, let f):
                if f.source == .veto && isRed(f.title) && !(titles[id].map(isRed) ?? false) { out.insert(f.subject) }
            case .close: break
            }
        }
        return out
    }
}
