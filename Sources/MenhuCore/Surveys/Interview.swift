import Foundation

/// 在线访谈 (I1): an organ's leaders or officials answer the public online at a set time. It is
/// announced beforehand (预告) with its guests and takes questions from then on; the site's staff
/// review every question before it is shown or answered; while it runs (直播中) they write the
/// 文字实录 as it is spoken; after it ends the whole record stays published (往期回顾).
public struct Interview: Sendable, Codable, Equatable, Identifiable {
    /// A guest (嘉宾): name and post.
    public struct Guest: Sendable, Codable, Equatable {
        public var name: String
        public var post: String
        public init(name: String, post: String) { self.name = name; self.post = post }
        /// 江源市交通运输局局长 张三
        public var label: String { post.isEmpty ? name : "\(post) \(name)" }
    }

    /// One passage of the 文字实录: who spoke (the host, a guest, or a netizen's question read
    /// out) and what was said.
    public struct Entry: Sendable, Codable, Equatable {
        public enum Speaker: String, Sendable, Codable { case host, guest, netizen }
        public var speaker: Speaker
        /// The host's or guest's name, or the netizen's nickname.
        public var name: String
        public var text: String
        public var at: Date
        /// The question answered, when the entry is a netizen's question or its answer.
        public var questionID: String?
        public init(speaker: Speaker, name: String, text: String, at: Date, questionID: String? = nil) {
            self.speaker = speaker; self.name = name; self.text = text; self.at = at; self.questionID = questionID
        }
    }

    public var id: String
    public var siteID: String
    public var title: String
    /// 访谈简介: the subject, why now.
    public var summary: String
    /// 主持人.
    public var host: String
    public var guests: [Guest]
    public var startsAt: Date
    /// Planned length, in minutes.
    public var minutes: Int
    /// 发布: announced to the public (预告) and taking questions.
    public var published: Bool
    /// When the site's staff ended it; the record is then closed.
    public var endedAt: Date?
    public var transcript: [Entry]
    public var createdBy: String
    public var createdAt: Date
    public var changedAt: Date
    public var version: Int

    public init(
        id: String = UUID().uuidString.lowercased(), siteID: String, title: String, summary: String, host: String, guests: [Guest], startsAt: Date,
        minutes: Int, createdBy: String, at: Date
    ) {
        self.id = id; self.siteID = siteID; self.title = title; self.summary = summary; self.host = host; self.guests = guests
        self.startsAt = startsAt; self.minutes = minutes; self.published = false; self.transcript = []
        self.createdBy = createdBy; self.createdAt = at; self.changedAt = at; self.version = 1
    }

    public func phase(at now: Date) -> InterviewPhase {
        if !published { return .draft }
        if endedAt != nil { return .ended }
        return now < startsAt ? .announced : .live
    }

    /// Questions are taken from the announcement until it ends.
    public func takesQuestions(at now: Date) -> Bool { [.announced, .live].contains(phase(at: now)) }
}

/// Where an interview is.
public enum InterviewPhase: String, Sendable, CaseIterable {
    /// 未发布.
    case draft
    /// 预告: announced, before its start; questions are taken.
    case announced
    /// 直播中: from its start until the site's staff end it.
    case live
    /// 已结束: the 文字实录 stays published.
    case ended

    public var label: String {
        switch self {
        case .draft: "未发布"
        case .announced: "预告"
        case .live: "直播中"
        case .ended: "已结束"
        }
    }
}

/// A netizen's question (网友提问) to an interview: shown and answered only after review.
public struct InterviewQuestion: Sendable, Codable, Equatable, Identifiable {
    public enum State: String, Sendable, Codable, CaseIterable {
        /// 待审核.
        case pending
        /// 已采用: to be answered.
        case accepted
        /// 未采用: not shown (off the subject, repeated, or not fit to publish).
        case rejected
        /// 已答复.
        case answered

        public var label: String {
            switch self {
            case .pending: "待审核"
            case .accepted: "已采用，待答复"
            case .rejected: "未采用"
            case .answered: "已答复"
            }
        }
    }

    public var id: String
    public var interviewID: String
    public var siteID: String
    /// 网名: what the asker chose to be called.
    public var nickname: String
    public var text: String
    public var askedAt: Date
    public var state: State
    /// Why it was not taken, for the staff.
    public var note: String
    /// The guest who answered, and the answer.
    public var answeredBy: String?
    public var answer: String?
    public var answeredAt: Date?

    public init(
        id: String = UUID().uuidString.lowercased(), interviewID: String, siteID: String, nickname: String, text: String, askedAt: Date
    ) {
        self.id = id; self.interviewID = interviewID; self.siteID = siteID; self.nickname = nickname; self.text = text
        self.askedAt = askedAt; self.state = .pending; self.note = ""
    }
}

/// The interview as the site's staff set it up, checked field by field. I1.
public enum InterviewDefinition {
    public struct Fields: Sendable, Equatable {
        public var title: String
        public var summary: String
        public var host: String
        public var guests: [Interview.Guest]
        public var startsAt: Date
        public var minutes: Int
    }

    /// Reads `title`, `summary`, `host`, `guests` (one a line: 职务｜姓名, or just the name),
    /// `startsAt` (2026-12-10 15:00, China time) and `minutes`.
    public static func read(_ fields: [String: String]) throws -> Fields {
        var errors = FieldErrors()
        func value(_ name: String) -> String { (fields[name] ?? "").replacingOccurrences(of: "\r\n", with: "\n").trimmed }
        let title = value("title")
        if title.isEmpty {
            errors.add("title", "请填写访谈主题。")
        } else if title.count > 100 || title.contains(where: \.isNewline) {
            errors.add("title", "访谈主题不能超过 100 个字，且不能换行。")
        }
        let summary = value("summary")
        if summary.isEmpty { errors.add("summary", "请填写访谈简介。") } else if summary.count > 3000 { errors.add("summary", "访谈简介不能超过 3000 个字。") }
        let host = value("host")
        if host.isEmpty { errors.add("host", "请填写主持人。") } else if host.count > 30 { errors.add("host", "主持人不能超过 30 个字。") }
        var guests: [Interview.Guest] = []
        for (n, line) in value("guests").split(whereSeparator: \.isNewline).map({ String($0).trimmed }).enumerated() where !line.isEmpty {
            let parts = line.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "｜" || $0 == "|" }).map { String($0).trimmed }
            let guest = parts.count >= 2 ? Interview.Guest(name: parts[1], post: parts[0]) : Interview.Guest(name: line, post: "")
            if guest.name.isEmpty || guest.name.count > 30 || guest.post.count > 60 || parts.count > 2 {
                errors.add("guests", "嘉宾第 \(n + 1) 行：请按“职务｜姓名”填写，姓名不超过 30 个字。")
            } else {
                guests.append(guest)
            }
        }
        if guests.isEmpty && errors.message(for: "guests") == nil { errors.add("guests", "请至少填写一位嘉宾。") }
        if guests.count > 10 { errors.add("guests", "嘉宾不能超过 10 位。") }
        let startsAt = ChinaTime.parseMinute(value("startsAt"))
        if startsAt == nil { errors.add("startsAt", "请按“2026-12-10 15:00”的格式填写访谈时间。") }
        let minutes = Int(value("minutes")) ?? 0
        if !(15...480).contains(minutes) { errors.add("minutes", "访谈时长请填写 15 至 480 分钟。") }
        try errors.throwIfAny()
        return Fields(title: title, summary: summary, host: host, guests: guests, startsAt: startsAt!, minutes: minutes)
    }

    /// `guests` written back as `read` takes them.
    public static func format(_ guests: [Interview.Guest]) -> String {
        guests.map { $0.post.isEmpty ? $0.name : "\($0.post)｜\($0.name)" }.joined(separator: "\n")
    }
}

/// 网友提问: a nickname (may be left empty: 网友) and the question. I1.
public enum InterviewAsk {
    public static let textLimit = 500

    public static func read(_ fields: [String: String]) throws -> (nickname: String, text: String) {
        var errors = FieldErrors()
        let nickname = (fields["nickname"] ?? "").trimmed
        let text = (fields["text"] ?? "").replacingOccurrences(of: "\r\n", with: "\n").trimmed
        if nickname.count > 20 || nickname.contains(where: \.isNewline) || LetterSubmission.hasControlCharacters(nickname) {
            errors.add("nickname", "网名不能超过 20 个字，且不能换行。")
        }
        if text.count < 5 {
            errors.add("text", "请写下您的问题（至少 5 个字）。")
        } else if text.count > textLimit {
            errors.add("text", "问题不能超过 \(textLimit) 个字，现为 \(text.count) 个字。")
        } else if LetterSubmission.hasControlCharacters(text) {
            errors.add("text", "问题含有控制字符。")
        }
        try errors.throwIfAny()
        return (nickname.isEmpty ? "网友" : nickname, text)
    }
}

/// 互动交流 › 在线访谈 of the 政府网站工作年度报表: 访谈期数, 网民留言数量, 答复网民提问数量. A1, A4.
public struct InterviewFigures: Sendable, Equatable {
    /// 访谈期数: interviews held (started) in the year.
    public var interviews: Int
    /// 网民留言数量: questions received in the year.
    public var questions: Int
    /// 答复网民提问数量: questions answered in the year.
    public var answered: Int
    public init(interviews: Int, questions: Int, answered: Int) { self.interviews = interviews; self.questions = questions; self.answered = answered }
}
