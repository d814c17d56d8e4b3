import Foundation

/// The question list as the site's staff write it, one line each, without scripts:
///
///     单选：您对本网站的总体评价？
///     - 满意
///     - 基本满意
///     - 不满意
///     多选：您常用本网站的哪些栏目？
///     - 政务公开
///     - 办事服务
///     填空：您的意见和建议（选答）
///
/// A question starts with 单选、多选 or 填空 (问答) and a colon; its options follow, each after a
/// dash; a prompt ending in （选答） may be left unanswered. I1.
public enum SurveyQuestionList {
    public static let maxQuestions = 50
    public static let maxOptions = 20
    public static let promptLimit = 200
    public static let optionLimit = 100
    static let optional = ["（选答）", "(选答)"]
    static let dashes: Set<Character> = ["-", "－", "—", "·", "•"]

    /// The questions of `text`, or every problem at once on the field `questions`, naming its line.
    public static func parse(_ text: String) throws -> [SurveyQuestion] {
        var questions: [SurveyQuestion] = []
        var errors = FieldErrors()
        func problem(_ line: Int, _ message: String) { errors.add("questions", "第 \(line) 行：\(message)") }
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        for (offset, raw) in lines.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw).trimmed
            let number = offset + 1
            if line.isEmpty { continue }
            if let first = line.first, dashes.contains(first) {
                let option = String(line.dropFirst()).trimmed
                guard var last = questions.popLast() else {
                    problem(number, "选项前须先写题目（以“单选：”或“多选：”开头）。")
                    continue
                }
                if last.kind == .text {
                    problem(number, "填空题不设选项；需要选项请改为“单选：”或“多选：”。")
                } else if option.isEmpty {
                    problem(number, "选项内容为空。")
                } else if option.count > optionLimit {
                    problem(number, "选项不能超过 \(optionLimit) 个字。")
                } else if last.options.contains(option) {
                    problem(number, "选项“\(option)”重复。")
                } else {
                    last.options.append(option)
                }
                questions.append(last)
                continue
            }
            guard let (kind, rest) = head(line) else {
                problem(number, "每道题以“单选：”“多选：”或“填空：”开头，选项以“-”开头。")
                continue
            }
            var prompt = rest
            var required = true
            if let mark = optional.first(where: { prompt.hasSuffix($0) }) {
                prompt = String(prompt.dropLast(mark.count)).trimmed
                required = false
            }
            if prompt.isEmpty {
                problem(number, "题目内容为空。")
            } else if prompt.count > promptLimit {
                problem(number, "题目不能超过 \(promptLimit) 个字。")
            }
            questions.append(SurveyQuestion(id: "q\(questions.count + 1)", kind: kind, prompt: prompt, required: required))
        }
        if questions.isEmpty && errors.isEmpty { errors.add("questions", "请至少设置一道题目。") }
        if questions.count > maxQuestions { errors.add("questions", "题目不能超过 \(maxQuestions) 道，现为 \(questions.count) 道。") }
        for (index, q) in questions.enumerated() where q.kind != .text && !(2...maxOptions).contains(q.options.count) {
            errors.add("questions", "第 \(index + 1) 题“\(q.prompt)”：选择题须有 2 至 \(maxOptions) 个选项，现为 \(q.options.count) 个。")
        }
        try errors.throwIfAny()
        return questions
    }

    static func head(_ line: String) -> (SurveyQuestionKind, String)? {
        let words: [(String, SurveyQuestionKind)] = [("单选", .single), ("多选", .multiple), ("填空", .text), ("问答", .text)]
        for (word, kind) in words where line.hasPrefix(word) {
            let rest = line.dropFirst(word.count)
            guard let colon = rest.first, colon == "：" || colon == ":" else { continue }
            return (kind, String(rest.dropFirst()).trimmed)
        }
        return nil
    }

    /// `questions` written back as a list `parse` reads.
    public static func format(_ questions: [SurveyQuestion]) -> String {
        questions.map { q in
            ([q.kind.label + "：" + q.prompt + (q.required ? "" : "（选答）")] + q.options.map { "- " + $0 }).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// The questions a new 满意度调查 of the site starts with.
    public static let satisfactionTemplate = """
        单选：您对本网站的总体评价是？
        - 满意
        - 基本满意
        - 不满意
        单选：您能否方便地找到需要的信息？
        - 能
        - 有时能
        - 不能
        单选：您认为本网站信息更新是否及时？
        - 及时
        - 一般
        - 不及时
        多选：您经常使用本网站的哪些功能？
        - 政府信息公开
        - 办事服务
        - 互动交流
        - 站内搜索
        填空：您对本网站的意见和建议（选答）
        """

    /// The question of a 意见征集 that sets none.
    public static let commentTemplate = "填空：您对征求意见稿的意见和建议"
}

/// The survey as the site's staff set it up: kind, title, 说明, 征求意见稿, first and last day
/// and the question list, checked field by field. I1.
public enum SurveyDefinition {
    public static let titleLimit = 100
    public static let summaryLimit = 2000
    public static let draftLimit = 50_000
    /// The longest a survey may run.
    public static let maxDays = 366

    public struct Fields: Sendable, Equatable {
        public var kind: SurveyKind
        public var title: String
        public var summary: String
        public var draft: String
        public var opensOn: CalendarDay
        public var closesOn: CalendarDay
        public var questions: [SurveyQuestion]
    }

    /// Reads `kind`, `title`, `summary`, `draft`, `opensOn`, `closesOn` and `questions`. `today`:
    /// a new survey cannot end in the past.
    public static func read(_ fields: [String: String], today: CalendarDay) throws -> Fields {
        var errors = FieldErrors()
        func value(_ name: String) -> String { (fields[name] ?? "").replacingOccurrences(of: "\r\n", with: "\n").trimmed }
        let kind = SurveyKind(rawValue: value("kind"))
        if kind == nil { errors.add("kind", "请选择调查类型（意见征集、问卷调查或满意度调查）。") }
        let title = value("title")
        if title.isEmpty {
            errors.add("title", "请填写标题。")
        } else if title.count > titleLimit {
            errors.add("title", "标题不能超过 \(titleLimit) 个字。")
        } else if title.contains(where: \.isNewline) || LetterSubmission.hasControlCharacters(title) {
            errors.add("title", "标题不能换行或含有控制字符。")
        }
        let summary = value("summary")
        if summary.isEmpty {
            errors.add("summary", "请填写调查说明（征集的目的、范围和结果的用途）。")
        } else if summary.count > summaryLimit {
            errors.add("summary", "调查说明不能超过 \(summaryLimit) 个字。")
        }
        let draft = value("draft")
        if kind == .comment && draft.isEmpty { errors.add("draft", "意见征集须附征求意见稿全文。") }
        if draft.count > draftLimit { errors.add("draft", "征求意见稿不能超过 \(draftLimit) 个字。") }
        let opens = CalendarDay(value("opensOn"))
        let closes = CalendarDay(value("closesOn"))
        if opens == nil { errors.add("opensOn", "请按“2026-12-01”的格式填写开始日期。") }
        if closes == nil { errors.add("closesOn", "请按“2026-12-31”的格式填写截止日期。") }
        if let opens, let closes {
            if closes < opens {
                errors.add("closesOn", "截止日期不能早于开始日期。")
            } else if opens.days(to: closes) >= maxDays {
                errors.add("closesOn", "征集期不能超过 \(maxDays) 天。")
            } else if closes < today {
                errors.add("closesOn", "截止日期不能早于今天。")
            }
        }
        var questions: [SurveyQuestion] = []
        do {
            let text = value("questions")
            questions = try SurveyQuestionList.parse(
                text.isEmpty && kind == .comment
                    ? SurveyQuestionList.commentTemplate
                    : text.isEmpty && kind == .satisfaction ? SurveyQuestionList.satisfactionTemplate : text)
        } catch let found as FieldErrors {
            for p in found.problems { errors.add(p.field, p.message) }
        }
        try errors.throwIfAny()
        return Fields(kind: kind!, title: title, summary: summary, draft: draft, opensOn: opens!, closesOn: closes!, questions: questions)
    }
}

/// 参与调查: one person's answers from the public form — `q1` the option number of a single
/// choice, `q2.0`, `q2.3` … the options ticked of a multiple choice, `q3` the text — checked
/// against the questions, every problem at once. I1.
public enum SurveyResponse {
    public static let textLimit = 2000

    public static func read(_ survey: Survey, fields: [String: String]) throws -> SurveyAnswer {
        var errors = FieldErrors()
        var items: [SurveyAnswer.Item] = []
        for (index, q) in survey.questions.enumerated() {
            let label = "第 \(index + 1) 题"
            switch q.kind {
            case .single:
                let raw = (fields[q.id] ?? "").trimmed
                if raw.isEmpty {
                    if q.required { errors.add(q.id, "\(label)“\(q.prompt)”为必答题，请选择一项。") }
                } else if let n = Int(raw), q.options.indices.contains(n) {
                    items.append(.init(question: q.id, choices: [n]))
                } else {
                    errors.add(q.id, "\(label)的选项无效，请重新选择。")
                }
            case .multiple:
                let chosen = q.options.indices.filter { fields["\(q.id).\($0)"] != nil }
                let unknown = fields.keys.contains { key in
                    key.hasPrefix(q.id + ".") && !(Int(key.dropFirst(q.id.count + 1)).map { q.options.indices.contains($0) } ?? false)
                }
                if unknown {
                    errors.add(q.id, "\(label)的选项无效，请重新选择。")
                } else if chosen.isEmpty {
                    if q.required { errors.add(q.id, "\(label)“\(q.prompt)”为必答题，请至少选择一项。") }
                } else {
                    items.append(.init(question: q.id, choices: chosen))
                }
            case .text:
                let text = (fields[q.id] ?? "").replacingOccurrences(of: "\r\n", with: "\n").trimmed
                if text.isEmpty {
                    if q.required { errors.add(q.id, "\(label)“\(q.prompt)”为必答题，请填写。") }
                } else if text.count > textLimit {
                    errors.add(q.id, "\(label)不能超过 \(textLimit) 个字，现为 \(text.count) 个字。")
                } else if LetterSubmission.hasControlCharacters(text) {
                    errors.add(q.id, "\(label)含有控制字符。")
                } else {
                    items.append(.init(question: q.id, text: text))
                }
            }
        }
        if items.isEmpty && errors.isEmpty { errors.add("form", "请至少回答一道题。") }
        try errors.throwIfAny()
        return SurveyAnswer(items: items)
    }
}

/// 调查结果: for each choice question how many chose each option (and the share of those who
/// answered it), for each written question how many wrote. I1.
public struct SurveyResults: Sendable, Equatable {
    public struct Option: Sendable, Equatable {
        public let label: String
        public let count: Int
        /// Of those who answered the question, in tenths of a per cent (423 = 42.3 %).
        public let permille: Int
        public var percent: String { String(format: "%.1f%%", Double(permille) / 10) }
    }
    public struct Question: Sendable, Equatable {
        public let question: SurveyQuestion
        public let answered: Int
        public let options: [Option]
    }
    public let respondents: Int
    public let questions: [Question]

    public init(_ survey: Survey, answers: [SurveyAnswer]) {
        respondents = answers.count
        questions = survey.questions.map { q in
            let items = answers.compactMap { $0.item(q.id) }
            let options = q.options.indices.map { i in
                let count = items.filter { $0.choices.contains(i) }.count
                return Option(
                    label: q.options[i], count: count, permille: items.isEmpty ? 0 : Int((Double(count) * 1000 / Double(items.count)).rounded()))
            }
            return Question(question: q, answered: items.count, options: options)
        }
    }
}

/// 互动交流 › 征集调查 of the 政府网站工作年度报表 (国办函〔2018〕12号): 征集调查期数, 收到意见数量
/// and 公布调查结果期数 of a year. A1, A4.
public struct SurveyFigures: Sendable, Equatable {
    /// 征集调查期数: surveys published that opened in the year.
    public var surveys: Int
    /// 收到意见数量: answers received in the year.
    public var answers: Int
    /// 公布调查结果期数: results published in the year.
    public var concluded: Int
    public init(surveys: Int, answers: Int, concluded: Int) { self.surveys = surveys; self.answers = answers; self.concluded = concluded }
}
