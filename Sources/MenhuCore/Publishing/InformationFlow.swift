import Foundation

/// P9: who edited, reviewed and signed an item in the business system it comes from.
public struct UpstreamRecord: Sendable, Equatable, Codable {
    public var editor: String
    public var reviewer: String
    public var signer: String
    /// 分管领导 for important items, 领导小组 for major ones.
    public var leader: String?
    public var group: String?
    /// The item's number in the business system.
    public var reference: String?

    public init(editor: String, reviewer: String, signer: String, leader: String? = nil, group: String? = nil, reference: String? = nil) {
        self.editor = editor; self.reviewer = reviewer; self.signer = signer; self.leader = leader; self.group = group
        self.reference = reference
    }
}

/// An item a business system pushes through the API (P9), as JSON.
public struct PushedItem: Sendable, Equatable, Codable {
    public var column: String
    public var title: String
    public var subtitle: String?
    public var bodyHTML: String
    public var summary: String?
    public var source: String
    public var author: String?
    public var eventDate: String?
    public var importance: Importance?
    public var documentNumber: String?
    public var upstream: UpstreamRecord

    /// Checks the item; `sanitize` cleans the body; `columnID` resolves the column slug within
    /// the system's scope (nil when the column is not one the system may publish to).
    public func content(sanitize: (String) -> String, columnID: (String) -> String?) throws -> ArticleContent {
        var errors = FieldErrors()
        func required(_ value: String, _ field: String, _ label: String, max: Int) -> String {
            let v = value.trimmed
            // Counted in code points, as JSON Schema's maxLength counts (marks cannot pad a value).
            if v.isEmpty { errors.add(field, "缺少\(label)") } else if v.unicodeScalars.count > max { errors.add(field, "\(label)不能超过 \(max) 个字") }
            return v
        }
        let title = required(title, "title", "标题", max: 200)
        let source = required(source, "source", "来源", max: 100)
        let body = sanitize(bodyHTML)
        if ArticleContent.visibleText(body).trimmed.isEmpty { errors.add("bodyHTML", "缺少正文") }
        let resolved = columnID(column.trimmed)
        if resolved == nil { errors.add("column", "栏目“\(column)”不存在或不在本系统的授权栏目内") }
        // The limits /api/openapi.yaml documents: a longer value is refused, never cut short.
        func optional(_ value: String?, _ field: String, _ label: String, max: Int) -> String {
            let v = (value ?? "").trimmed
            if v.unicodeScalars.count > max { errors.add(field, "\(label)不能超过 \(max) 个字") }
            return v
        }
        let subtitle = optional(subtitle, "subtitle", "副标题", max: 200)
        let summary = optional(summary, "summary", "摘要", max: 500)
        let author = optional(author, "author", "作者", max: 50)
        let documentNumber = optional(documentNumber, "documentNumber", "文号", max: 100)
        _ = optional(column, "column", "栏目", max: 64)
        _ = optional(upstream.leader, "upstream.leader", "分管领导", max: 50)
        _ = optional(upstream.group, "upstream.group", "领导小组", max: 50)
        _ = optional(upstream.reference, "upstream.reference", "上游编号", max: 100)
        // P9: the upstream edit, review and sign-off must all be named.
        _ = required(upstream.editor, "upstream.editor", "上游撰稿人", max: 50)
        _ = required(upstream.reviewer, "upstream.reviewer", "上游审核人", max: 50)
        _ = required(upstream.signer, "upstream.signer", "上游签发人", max: 50)
        let names = [upstream.editor, upstream.reviewer, upstream.signer].map(\.trimmed)
        if Set(names).count < names.count { errors.add("upstream", "撰稿、审核、签发须为不同的人（依据 O3）") }
        let importance = importance ?? .normal
        if importance >= .important && (upstream.leader ?? "").trimmed.isEmpty {
            errors.add("upstream.leader", "重要信息须有分管领导审核（依据 P2）")
        }
        if importance == .major && (upstream.group ?? "").trimmed.isEmpty {
            errors.add("upstream.group", "特别重大信息须经领导小组审定（依据 P2）")
        }
        var day: CalendarDay?
        if let text = eventDate?.trimmed, !text.isEmpty {
            day = CalendarDay(text)
            if day == nil { errors.add("eventDate", "eventDate 应为 2026-11-20 格式") }
        }
        try errors.throwIfAny()
        var content = ArticleContent(title: title, columnID: resolved!, bodyHTML: body, source: source)
        content.subtitle = subtitle
        content.summary = summary
        content.author = author
        content.eventDate = day
        content.importance = importance
        content.documentNumber = documentNumber
        return content
    }
}

/// What a department hands to the office for publishing (P13).
public struct Submission: Sendable, Equatable, Identifiable {
    public enum Status: String, Sendable, CaseIterable {
        case pending, adopted, declined

        public var label: String {
            switch self {
            case .pending: "待处理"
            case .adopted: "已采用"
            case .declined: "未采用"
            }
        }
    }

    /// The form of the material (形式).
    public static let forms = ["文字", "图文", "视频", "音频", "文件"]

    public var id: String
    public var siteID: String
    public var departmentID: String
    public var submittedBy: String
    public var submitterName: String
    public var submittedAt: Date
    /// The date of the work reported.
    public var workDate: CalendarDay
    public var title: String
    public var content: String
    public var source: String
    public var form: String
    public var requirements: String
    public var status: Status
    public var decidedBy: String?
    public var decidedAt: Date?
    public var declineReason: String
    public var articleID: String?

    public init(
        id: String = RecordID.make(), siteID: String, departmentID: String, submittedBy: String, submitterName: String,
        submittedAt: Date, workDate: CalendarDay, title: String, content: String, source: String, form: String,
        requirements: String, status: Status = .pending, decidedBy: String? = nil, decidedAt: Date? = nil,
        declineReason: String = "", articleID: String? = nil
    ) {
        self.id = id; self.siteID = siteID; self.departmentID = departmentID; self.submittedBy = submittedBy
        self.submitterName = submitterName; self.submittedAt = submittedAt; self.workDate = workDate; self.title = title
        self.content = content; self.source = source; self.form = form; self.requirements = requirements
        self.status = status; self.decidedBy = decidedBy; self.decidedAt = decidedAt; self.declineReason = declineReason
        self.articleID = articleID
    }

    /// P13: every field the regulation names is required: department, date, content, source,
    /// form and requirements.
    public static func read(_ fields: [String: String], departmentIDs: Set<String>) throws
        -> (departmentID: String, workDate: CalendarDay, title: String, content: String, source: String, form: String, requirements: String)
    {
        var f = FormReader(fields)
        let department = f.optional("departmentID")
        if department.isEmpty {
            f.errors.add("departmentID", "请选择报送处室")
        } else if !departmentIDs.contains(department) {
            f.errors.add("departmentID", "报送处室不存在")
        }
        let dateText = f.required("workDate", label: "日期", maxLength: 10)
        let day = CalendarDay(dateText)
        if !dateText.isEmpty && day == nil { f.errors.add("workDate", "日期应写成 2026-11-20 的格式") }
        let title = f.required("title", label: "标题", maxLength: 200)
        let content = f.required("content", label: "内容", maxLength: 20_000)
        let source = f.required("source", label: "来源", maxLength: 100)
        let form = f.required("form", label: "形式", maxLength: 20)
        if !form.isEmpty && !Submission.forms.contains(form) { f.errors.add("form", "请选择形式") }
        let requirements = f.required("requirements", label: "发布要求", maxLength: 500)
        try f.errors.throwIfAny()
        return (department, day!, title, content, source, form, requirements)
    }
}

/// P14: submissions and adoptions of one department in one month.
public struct SubmissionTally: Sendable, Equatable {
    public var departmentID: String
    public var submitted: Int
    public var adopted: Int

    public init(departmentID: String, submitted: Int, adopted: Int) {
        self.departmentID = departmentID; self.submitted = submitted; self.adopted = adopted
    }

    /// P14: each department submits at least one news item a month.
    public static let monthlyMinimum = 1

    /// Departments below the monthly minimum, given the tallies of the month.
    public static func below(_ tallies: [SubmissionTally], departments: [String]) -> [String] {
        let counts = Dictionary(uniqueKeysWithValues: tallies.map { ($0.departmentID, $0.submitted) })
        return departments.filter { (counts[$0] ?? 0) < monthlyMinimum }
    }
}

/// P8: an item of a superior government to repost within 12 hours (转载任务).
public struct RepostTask: Sendable, Equatable, Identifiable {
    public enum Status: String, Sendable, CaseIterable {
        case open, done, dismissed

        public var label: String {
            switch self {
            case .open: "待转载"
            case .done: "已转载"
            case .dismissed: "无需转载"
            }
        }
    }

    /// P8: a superior government's important policy is reposted within 12 hours.
    public static let deadline: TimeInterval = 12 * 3600

    public var id: String
    public var siteID: String
    public var feedID: String?
    public var sourceName: String
    public var title: String
    public var link: String
    public var foundAt: Date
    public var dueAt: Date
    public var status: Status
    public var articleID: String?
    public var closedAt: Date?
    public var closedBy: String?
    public var note: String

    public init(
        id: String = RecordID.make(), siteID: String, feedID: String?, sourceName: String, title: String, link: String,
        foundAt: Date, status: Status = .open, articleID: String? = nil, closedAt: Date? = nil, closedBy: String? = nil,
        note: String = ""
    ) {
        self.id = id; self.siteID = siteID; self.feedID = feedID; self.sourceName = sourceName; self.title = title
        self.link = link; self.foundAt = foundAt; self.dueAt = foundAt.addingTimeInterval(Self.deadline); self.status = status
        self.articleID = articleID; self.closedAt = closedAt; self.closedBy = closedBy; self.note = note
    }

    /// Whether the task missed its deadline (open past it, or closed after it).
    public func isLate(now: Date) -> Bool {
        status == .dismissed ? false : (closedAt ?? now) > dueAt
    }

    /// "剩余 3 小时 20 分" or "已超时 1 小时 5 分", for people.
    public func countdown(now: Date) -> String {
        let seconds = Int(dueAt.timeIntervalSince(now))
        let minutes = abs(seconds) / 60
        let text = minutes >= 60 ? "\(minutes / 60) 小时 \(minutes % 60) 分" : "\(minutes) 分"
        return seconds >= 0 ? "剩余 \(text)" : "已超时 \(text)"
    }
}

/// An item of a superior government's feed: what a repost task starts from (P8).
public struct FeedItem: Sendable, Equatable {
    public var title: String
    public var link: String

    public init(title: String, link: String) { self.title = title; self.link = link }
}

/// A business system allowed to push items into some columns of a site (P9).
public struct PushSystem: Sendable, Equatable, Identifiable {
    public var id: String
    public var siteID: String
    public var name: String
    public var columnIDs: [String]
    public var createdAt: Date
    public var revokedAt: Date?

    public init(id: String, siteID: String, name: String, columnIDs: [String], createdAt: Date, revokedAt: Date? = nil) {
        self.id = id; self.siteID = siteID; self.name = name; self.columnIDs = columnIDs; self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

/// A superior government's feed that repost tasks come from (P8).
public struct Feed: Sendable, Equatable, Identifiable {
    public var id: String
    public var siteID: String
    public var name: String
    public var url: String
    public var checkedAt: Date?
    public var lastError: String

    public init(id: String, siteID: String, name: String, url: String, checkedAt: Date?, lastError: String) {
        self.id = id; self.siteID = siteID; self.name = name; self.url = url; self.checkedAt = checkedAt; self.lastError = lastError
    }
}
