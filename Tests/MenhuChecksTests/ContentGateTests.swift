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

/// W5: an item of a 办事服务 column is published only with all ten elements of its 办事指南.
@Suite struct ServiceGuideGateTests {
    @Test func aGuideWithAnEmptyElementIsBlocked() {
        var c = ArticleContent(title: "户口迁移办事指南", columnID: "c1", bodyHTML: "<p>说明。</p>", source: "市公安局")
        let facts = GateFacts(site: nil, columnKind: .service)
        let none = ContentGate.findings(c, facts: facts).filter { $0.rule == "service.guide-elements" }
        #expect(none.count == 1 && none[0].severity == .block && none[0].message.contains("事项名称、设定依据"))
        var guide = ServiceGuide(Dictionary(uniqueKeysWithValues: ServiceGuide.Element.allCases.map { ($0, "内容") }))
        guide[.fees] = ""
        c.serviceGuide = guide
        let one = ContentGate.findings(c, facts: facts).filter { $0.rule == "service.guide-elements" }
        #expect(one.map(\.message) == ["办事指南缺少收费标准，要素齐全才能发布（依据 W5）"])
        #expect(!ContentGate.verdict(one).blocking.isEmpty, "the workflow refuses it; the signer cannot let it through")
        guide[.fees] = "不收费"
        c.serviceGuide = guide
        #expect(ContentGate.findings(c, facts: facts).allSatisfy { $0.rule != "service.guide-elements" })
        // The same item in a news column is no guide.
        c.serviceGuide = nil
        #expect(ContentGate.findings(c, facts: GateFacts(site: nil, columnKind: .news)).allSatisfy { $0.rule != "service.guide-elements" })
        // The elements' text is checked like the rest.
        guide[.materials] = "身份证号码110101199003071234"
        c.serviceGuide = guide
        #expect(ContentGate.locate(ContentGate.findings(c, facts: facts), in: c).contains { $0.field == "guide.materials" })
    }
}
