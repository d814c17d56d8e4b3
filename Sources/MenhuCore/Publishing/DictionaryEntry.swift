import Foundation

/// A word of the content gate's editable lists (P10): a sensitive word, a wrong expression with
/// its right form, or a typo. Platform entries (no site) apply to every site.
public struct DictionaryEntry: Sendable, Equatable, Identifiable {
    public var id: String
    /// Nil for the platform list.
    public var siteID: String?
    public var text: String
    /// 敏感词、规范表述、错别字、过时机构名称……
    public var category: String
    /// `block` or `warn`.
    public var blocks: Bool
    public var suggestion: String
    public var createdBy: String
    public var createdAt: Date

    public init(
        id: String = RecordID.make(), siteID: String?, text: String, category: String, blocks: Bool, suggestion: String,
        createdBy: String, createdAt: Date
    ) {
        self.id = id; self.siteID = siteID; self.text = text; self.category = category; self.blocks = blocks
        self.suggestion = suggestion; self.createdBy = createdBy; self.createdAt = createdAt
    }

    /// The categories offered in the form.
    public static let categories = ["敏感词", "规范表述", "错别字", "过时机构名称", "密级标识", leaderCategory]

    /// 领导职务: the text is a leader's name, the suggestion the current titles ("市委副书记、市长"); a
    /// title written beside the name that is not one of them is found (P10).
    public static let leaderCategory = "领导职务"

    /// Reads one entry from the form or a CSV line: text, category, 阻止/提示, suggestion.
    public static func read(text rawText: String, category rawCategory: String, severity: String, suggestion rawSuggestion: String)
        throws -> (text: String, category: String, blocks: Bool, suggestion: String)
    {
        var errors = FieldErrors()
        let text = rawText.trimmed, category = rawCategory.trimmed, suggestion = rawSuggestion.trimmed
        if text.isEmpty { errors.add("text", "请填写词语") } else if text.count > 50 { errors.add("text", "词语不能超过 50 个字") }
        if text.count == 1 { errors.add("text", "单个字误报太多，请至少填写两个字") }
        if !categories.contains(category) { errors.add("category", "类别应为：\(categories.joined(separator: "、"))") }
        let level = severity.trimmed.lowercased()
        guard ["block", "warn", "阻止", "提示"].contains(level) else {
            errors.add("severity", "级别应为“阻止”或“提示”")
            throw errors
        }
        if suggestion.count > 50 { errors.add("suggestion", "建议写法不能超过 50 个字") }
        if category == leaderCategory && suggestion.isEmpty { errors.add("suggestion", "领导职务须填写现任职务，多个职务用顿号隔开") }
        if suggestion == text { errors.add("suggestion", "建议写法与原词相同") }
        try errors.throwIfAny()
        return (text, category, level == "block" || level == "阻止", suggestion)
    }
}
