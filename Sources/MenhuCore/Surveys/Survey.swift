import Foundation

/// 征集调查的类型 (I1): comments on a draft, a questionnaire, or a 满意度调查 of the site itself.
public enum SurveyKind: String, Sendable, Codable, CaseIterable {
    /// 意见征集: a draft (征求意见稿) published for comment.
    case comment
    /// 问卷调查.
    case questionnaire
    /// 满意度调查 of the site (I1).
    case satisfaction

    public var label: String {
        switch self {
        case .comment: "意见征集"
        case .questionnaire: "问卷调查"
        case .satisfaction: "满意度调查"
        }
    }
}

/// 题型: one choice, several choices, or a written answer.
public enum SurveyQuestionKind: String, Sendable, Codable, CaseIterable {
    case single, multiple, text

    /// The word that starts the question in the question list, and names it on the pages.
    public var label: String {
        switch self {
        case .single: "单选"
        case .multiple: "多选"
        case .text: "填空"
        }
    }
}

/// One question (题目) of a survey.
public struct SurveyQuestion: Sendable, Codable, Equatable {
    /// `q1`, `q2` … in order: the form field of the answer.
    public var id: String
    public var kind: SurveyQuestionKind
    public var prompt: String
    /// The choices, for `single` and `multiple`.
    public var options: [String]
    /// 必答; a prompt written with （选答） is not.
    public var required: Bool

    public init(id: String, kind: SurveyQuestionKind, prompt: String, options: [String] = [], required: Bool = true) {
        self.id = id; self.kind = kind; self.prompt = prompt; self.options = options; self.required = required
    }
}

/// Where a survey is in its life, on a given day.
public enum SurveyPhase: String, Sendable, CaseIterable {
    /// 未发布: only the site's staff see it.
    case draft
    /// 未开始: published, before its first day.
    case upcoming
    /// 征集中: between its first and last day, both counted.
    case open
    /// 已结束: past its last day, the result not yet published.
    case closed
    /// 已公布结果: closed, with the result and its 采纳情况 published.
    case concluded

    public var label: String {
        switch self {
        case .draft: "未发布"
        case .upcoming: "未开始"
        case .open: "征集中"
        case .closed: "已结束"
        case .concluded: "已公布结果"
        }
    }

    /// Seen by the public.
    public var isPublic: Bool { self != .draft }
}

/// 征集调查 (I1): a survey or a draft for comment with its first and last day, its questions, one
/// answer per person, and, after its last day, the results with a statement of what was adopted
/// (采纳情况), published together.
public struct Survey: Sendable, Codable, Equatable, Identifiable {
    public var id: String
    public var siteID: String
    public var kind: SurveyKind
    public var title: String
    /// 说明: who asks, why, how the answers will be used.
    public var summary: String
    /// 征求意见稿: the draft's text, for `comment` (may be empty for the other kinds).
    public var draft: String
    public var opensOn: CalendarDay
    /// The last day answers are taken (inclusive).
    public var closesOn: CalendarDay
    public var questions: [SurveyQuestion]
    /// 发布: shown to the public (from `opensOn` answers are taken).
    public var published: Bool
    /// 结果说明和采纳情况, published when the survey is concluded.
    public var outcome: String?
    public var concludedAt: Date?
    public var createdBy: String
    public var createdAt: Date
    public var changedAt: Date
    public var version: Int

    public init(
        id: String = UUID().uuidString.lowercased(), siteID: String, kind: SurveyKind, title: String, summary: String, draft: String = "",
        opensOn: CalendarDay, closesOn: CalendarDay, questions: [SurveyQuestion], published: Bool = false, createdBy: String, at: Date
    ) {
        self.id = id; self.siteID = siteID; self.kind = kind; self.title = title; self.summary = summary; self.draft = draft
        self.opensOn = opensOn; self.closesOn = closesOn; self.questions = questions; self.published = published
        self.createdBy = createdBy; self.createdAt = at; self.changedAt = at; self.version = 1
    }

    public func phase(on day: CalendarDay) -> SurveyPhase {
        if !published { return .draft }
        if outcome != nil { return .concluded }
        if day < opensOn { return .upcoming }
        return day > closesOn ? .closed : .open
    }

    /// The questions may change only while nobody has answered, that is before the first day.
    public func questionsEditable(on day: CalendarDay) -> Bool { !published || day < opensOn }
}

/// One person's answer to a survey: for each question the chosen option numbers (from 0) or the text.
public struct SurveyAnswer: Sendable, Codable, Equatable {
    public struct Item: Sendable, Codable, Equatable {
        public var question: String
        public var choices: [Int]
        public var text: String
        public init(question: String, choices: [Int] = [], text: String = "") {
            self.question = question; self.choices = choices; self.text = text
        }
    }
    public var items: [Item]
    public init(items: [Item]) { self.items = items }

    public func item(_ questionID: String) -> Item? { items.first { $0.question == questionID } }
}
