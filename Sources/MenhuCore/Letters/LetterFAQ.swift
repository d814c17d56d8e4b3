import Foundation

/// 常见问题: a question the public often asks and its answer, usually drawn from an answered letter,
/// shown on the site's 互动交流 pages once reviewed and only until its validity date (policies
/// change: an old answer must not keep being given). I1, I4.
public struct LetterFAQ: Sendable, Equatable, Identifiable {
    /// Where an entry stands.
    public enum State: String, Sendable, CaseIterable, Codable {
        /// 待审核: drafted, not public.
        case draft
        /// 已发布: on the site while valid.
        case published
        /// 已撤下.
        case withdrawn

        public var label: String {
            switch self {
            case .draft: "待审核"
            case .published: "已发布"
            case .withdrawn: "已撤下"
            }
        }
    }

    public var id: String
    public var siteID: String
    public var question: String
    public var answer: String
    /// The answered letter it was drawn from.
    public var letterID: String?
    public var state: State
    /// 有效期至: the last day it is shown.
    public var validUntil: CalendarDay
    public var draftedByID: String
    public var draftedByName: String
    public var reviewedByID: String?
    public var reviewedByName: String?
    public var reviewedAt: Date?
    public var version: Int
    public var createdAt: Date
    public var changedAt: Date

    public init(
        id: String = RecordID.make(), siteID: String, question: String, answer: String, letterID: String? = nil, validUntil: CalendarDay,
        draftedByID: String, draftedByName: String, createdAt: Date
    ) {
        self.id = id; self.siteID = siteID; self.question = question; self.answer = answer; self.letterID = letterID
        self.state = .draft; self.validUntil = validUntil; self.draftedByID = draftedByID; self.draftedByName = draftedByName
        self.version = 1; self.createdAt = createdAt; self.changedAt = createdAt
    }

    public static let questionLength = 5...200
    public static let answerLength = 5...5000
    /// How long an entry may be valid at most, and the validity a new one is offered.
    public static let longestValidity = 3 * 366
    public static let defaultValidity = 365

    /// Shown on the site on `day`: published and not past its validity.
    public func isShown(on day: CalendarDay) -> Bool { state == .published && validUntil >= day }

    /// The entry with the question, answer and validity of a form, checked on `today`: the lengths,
    /// and a validity date from today to three years on. Editing a published entry sends it back
    /// to review (what the public reads is always what a reviewer passed).
    public func reading(_ fields: [String: String], today: CalendarDay) throws -> LetterFAQ {
        var form = FormReader(fields)
        var entry = self
        entry.question = form.required("question", label: "问题", maxLength: Self.questionLength.upperBound)
        if !entry.question.isEmpty, entry.question.count < Self.questionLength.lowerBound {
            form.errors.add("question", "问题至少 \(Self.questionLength.lowerBound) 个字")
        }
        entry.answer = form.required("answer", label: "解答", maxLength: Self.answerLength.upperBound)
        if !entry.answer.isEmpty, entry.answer.count < Self.answerLength.lowerBound {
            form.errors.add("answer", "解答至少 \(Self.answerLength.lowerBound) 个字")
        }
        let text = form.optional("validUntil")
        if let day = CalendarDay(text) {
            if day < today {
                form.errors.add("validUntil", "有效期不能早于今天（\(today)）")
            } else if day > today.adding(days: Self.longestValidity) {
                form.errors.add("validUntil", "有效期最长三年（至 \(today.adding(days: Self.longestValidity))），到期后可复核延长")
            } else {
                entry.validUntil = day
            }
        } else {
            form.errors.add("validUntil", text.isEmpty ? "请填写有效期" : "有效期应为日期，如 \(today.adding(days: Self.defaultValidity))")
        }
        try form.errors.throwIfAny()
        if entry.state == .published, entry.question != question || entry.answer != answer {
            entry.state = .draft
            entry.reviewedByID = nil; entry.reviewedByName = nil; entry.reviewedAt = nil
        }
        return entry
    }

    /// Why `reviewerID` may not publish the entry, or nil: it must be a draft, and reviewed by
    /// someone other than who drafted it (编审分离, as for items).
    public func reviewRefusal(by reviewerID: String) -> String? {
        if state != .draft { return "这条常见问题为“\(state.label)”，不需要审核。" }
        if reviewerID == draftedByID { return "常见问题须由起草人以外的人员审核发布。" }
        return nil
    }
}

/// I1: matching answered letters and 常见问题 shown before a letter is written: the words a query
/// is searched by — Han runs cut into overlapping pairs, other runs kept whole — and how well a
/// text matches them.
public enum SimilarQuestions {
    /// The search terms of `query`, at most `limit`, longest runs first.
    public static func terms(_ query: String, limit: Int = 12) -> [String] {
        var terms: [String] = [], seen = Set<String>()
        func add(_ t: String) { if t.unicodeScalars.count >= 2, seen.insert(t).inserted { terms.append(t) } }
        var run: [Unicode.Scalar] = [], runIsHan = false
        func flush() {
            if runIsHan {
                if run.count <= 2 {
                    add(String(String.UnicodeScalarView(run)))
                } else {
                    for i in 0..<(run.count - 1) { add(String(String.UnicodeScalarView(run[i...i + 1]))) }
                }
            } else {
                add(String(String.UnicodeScalarView(run)).lowercased())
            }
            run = []
        }
        for s in query.unicodeScalars {
            let han = s.properties.isIdeographic
            let word = han || s.properties.isAlphabetic || s.properties.numericType != nil
            if !word { if !run.isEmpty { flush() }; continue }
            if !run.isEmpty, han != runIsHan { flush() }
            runIsHan = han
            run.append(s)
        }
        if !run.isEmpty { flush() }
        return Array(terms.prefix(limit))
    }

    /// How many of `terms` occur in `text` (the ranking of matches).
    public static func score(_ text: String, terms: [String]) -> Int {
        let lowered = text.lowercased()
        return terms.filter { lowered.contains($0) }.count
    }

    /// Whether `text` matches well enough to be shown: at least half of the terms (and one).
    public static func matches(_ text: String, terms: [String]) -> Bool {
        guard !terms.isEmpty else { return false }
        return score(text, terms: terms) * 2 >= terms.count
    }
}
