/// Rule numbers as the console's words write them (“依据 P1、O3”), read and cited.
extension RuleBasis {
    /// “依据” followed by rule numbers, joined by 、 or commas.
    nonisolated(unsafe) public static let citation = #/依据 ?(?<ids>[A-Z][0-9]{1,2}(?:[、，,] ?[A-Z][0-9]{1,2})*)/#

    /// The first regulation and article of the rules, and “等” when there are more.
    public static func short(_ ids: [String]) -> String {
        let all = RuleBasis.cite(ids).components(separatedBy: "、《")
        guard let first = all.first, !first.isEmpty else { return ids.joined(separator: "、") }
        return first + (all.count > 1 ? "等" : "")
    }

    /// What the rules say and where, for a tooltip.
    public static func explanation(_ ids: [String]) -> String {
        ids.compactMap { RuleBasis.byID[$0] }.map { "\($0.gist)（\($0.sources.joined(separator: "、"))）" }.joined(separator: "；")
    }

    /// The rule numbers of a citation.
    public static func ids(_ text: Substring) -> [String] {
        text.split(whereSeparator: { "、，, ".contains($0) }).map(String.init)
    }

    /// Plain text (messages, JSON for the editor's panel): “依据 P10” → “依据《…》第十九条第（三）项”.
    public static func plainText(_ text: String) -> String {
        guard text.contains("依据") else { return text }
        return text.replacing(citation) { match in "依据" + short(ids(match.output.ids)) }
    }

}
