import Foundation
import MenhuChecks
import MenhuCore
import Testing

/// The gate over an item: its fields are checked as one text, and findings go back to the field
/// and occurrence the editor fixes; the workflow sees the blocking ones, split by override.
@Suite struct ContentGateTests {
    @Test func findingsArePlacedBackInTheirFieldAndOccurrence() {
        var c = ArticleContent(title: "严防泄露国家秘密", columnID: "c1", bodyHTML: "<p>国家秘密不上网，国家秘密不进群。</p>", source: "")
        c.summary = "通知"
        let found = ContentGate.findings(c, facts: GateFacts(site: nil)).filter { $0.matched == "国家秘密" }
        let located = ContentGate.locate(found, in: c)
        #expect(located.map(\.field) == ["title", "body", "body"])
        #expect(located.map(\.occurrence) == [0, 0, 1])
        #expect(ContentGate.fields(c).map(\.field) == ["title", "summary", "body"])
    }

    @Test func theVerdictSplitsWhatTheSignerMayLetThrough() {
        let c = ArticleContent(title: "关于增加人员编制的请示", columnID: "c1", bodyHTML: "<p>严防泄露国家秘密。妥否，请批示。</p>", source: "")
        let verdict = ContentGate.verdict(ContentGate.findings(c, facts: GateFacts(site: nil)))
        #expect(verdict.blocking.contains { $0.contains("“国家秘密”") && $0.components(separatedBy: "国家秘密").count == 2 })
        #expect(verdict.overridable.count == 1 && !verdict.blocking.isEmpty)
    }

    @Test func wordListEntriesJoinTheShippedRules() {
        let entry = DictionaryEntry(
            siteID: nil, text: "某某功", category: "敏感词", blocks: true, suggestion: "",
            createdBy: "甲", createdAt: .init())
        let input = CheckInput(text: "不得传播某某功。")
        #expect(ContentGate.checker(for: []).check(input).isEmpty)
        #expect(ContentGate.checker(for: [entry]).check(input).map(\.severity) == [.block])
    }
}
