import Foundation

/// 值班读网 (M1): every day the duty reader reads every item published (or changed) that day on
/// the sites they watch, and marks each 无误 or 有误. A mark holds for the revision read: an item
/// edited afterwards is back on the list. What is unread when the day ends is flagged.
public enum ReadingVerdict: String, Sendable, CaseIterable, Codable {
    /// 无误.
    case correct
    /// 有误: opens a rectification for the column's owner department.
    case wrong

    public var label: String { self == .correct ? "无误" : "有误" }
}

/// A reader's mark on one revision of an item.
public struct DutyRead: Sendable, Equatable {
    public var articleID: String
    public var revisionID: String
    public var readerName: String
    public var verdict: ReadingVerdict
    /// What is wrong (required for 有误).
    public var note: String
    public var at: Date

    public init(articleID: String, revisionID: String, readerName: String, verdict: ReadingVerdict, note: String, at: Date) {
        self.articleID = articleID; self.revisionID = revisionID; self.readerName = readerName; self.verdict = verdict; self.note = note
        self.at = at
    }
}

/// One line of the day's worklist (读网清单).
public struct ReadingItem: Sendable, Equatable {
    public enum State: String, Sendable, CaseIterable {
        /// 未读.
        case unread
        /// 修改后待重读: read, then edited.
        case changed
        case correct
        case wrong
        /// 已撤回: withdrawn since; stays on the list as evidence of what was online.
        case withdrawn

        public var label: String {
            switch self {
            case .unread: "未读"
            case .changed: "修改后待重读"
            case .correct: "无误"
            case .wrong: "有误"
            case .withdrawn: "已撤回"
            }
        }

        /// Still waiting for the reader.
        public var isOpen: Bool { self == .unread || self == .changed }
    }

    public var articleID: String
    public var title: String
    public var columnID: String
    /// When it went live, or when its live text was last replaced that day.
    public var at: Date
    /// The live revision now.
    public var revisionID: String?
    public var withdrawn: Bool
    /// The newest mark on any revision of the item.
    public var lastRead: DutyRead?

    public init(articleID: String, title: String, columnID: String, at: Date, revisionID: String?, withdrawn: Bool, lastRead: DutyRead?) {
        self.articleID = articleID; self.title = title; self.columnID = columnID; self.at = at; self.revisionID = revisionID
        self.withdrawn = withdrawn; self.lastRead = lastRead
    }

    public var state: State {
        if withdrawn { return .withdrawn }
        guard let read = lastRead else { return .unread }
        guard read.revisionID == revisionID else { return .changed }
        return read.verdict == .correct ? .correct : .wrong
    }
}

/// One day's worklist: the items, and how far it has been read.
public struct ReadingDay: Sendable {
    public var day: CalendarDay
    public var items: [ReadingItem]
    /// Whether the day is over (China time) at the time of asking.
    public var isOver: Bool

    public init(day: CalendarDay, items: [ReadingItem], now: Date) {
        self.day = day
        // Open ones first, then by time.
        self.items = items.sorted { a, b in (a.state.isOpen ? 0 : 1, a.at) < (b.state.isOpen ? 0 : 1, b.at) }
        isOver = now >= ChinaTime.calendar.date(byAdding: .day, value: 1, to: day.start)!
    }

    /// The items to read (withdrawn ones are not counted).
    public var readable: [ReadingItem] { items.filter { $0.state != .withdrawn } }
    public var done: Int { readable.filter { !$0.state.isOpen }.count }
    public var open: Int { readable.count - done }

    /// "已读 36 / 37（97.3%）".
    public var coverage: String {
        guard !readable.isEmpty else { return "当天没有新发布或修改的信息" }
        let share = Double(done) / Double(readable.count) * 100
        return "已读 \(done) / \(readable.count)（\(String(format: "%.1f", share))%）"
    }

    /// Unread when the day ended: flagged (M1).
    public var unreadAtMidnight: Int { isOver ? open : 0 }

    /// A mark, checked: 有误 needs a note of what is wrong; the mark must be for the live revision.
    public static func mark(_ fields: [String: String], item: ReadingItem) throws -> (ReadingVerdict, String) {
        var form = FormReader(fields)
        let verdict = ReadingVerdict(rawValue: form.optional("verdict"))
        let note = form.limited("note", label: "问题说明", maxLength: 500)
        if verdict == nil { form.errors.add("verdict", "请选择无误或有误") }
        if verdict == .wrong && note.isEmpty { form.errors.add("note", "标为有误时请写明问题所在") }
        if item.withdrawn { form.errors.add("verdict", "这条信息已撤回，无需再读") }
        if let revision = fields["revisionID"], revision != item.revisionID {
            form.errors.add("verdict", "这条信息刚刚又修改过，请重新阅读后再标记")
        }
        try form.errors.throwIfAny()
        return (verdict!, note)
    }
}
