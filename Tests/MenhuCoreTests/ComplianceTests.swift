import Foundation
import Testing

@testable import MenhuCore

/// M1, M2: each requirement's status follows the facts it is judged on.
@Suite struct ComplianceTests {
    let now = Date(timeIntervalSince1970: 1_796_000_000)

    func state(_ id: String, _ f: ComplianceFacts) -> RequirementState? {
        ComplianceRule.evaluate(f, now: now).first { $0.id == id }?.state
    }

    @Test func theFactsDecideEachState() {
        var f = ComplianceFacts()
        f.roles = [.siteAdmin, .editor, .reviewer, .signer]
        f.lastInspection = now.addingTimeInterval(-3_600)
        f.openChannels = 3
        #expect(state("O2", f) == .met && state("O3", f) == .met && state("M1", f) == .met && state("I1", f) == .met)
        f.roles.remove(.siteAdmin)
        #expect(state("O2", f) == .atRisk, "no site admin yet is a risk")
        f.roles.remove(.reviewer)
        #expect(state("O2", f) == .broken, "nobody to review: nothing can be published as the rule says")
        f.selfApprovals = 1
        #expect(state("O3", f) == .broken)
        f.lastInspection = now.addingTimeInterval(-27 * 3_600)
        #expect(state("M1", f) == .atRisk, "no inspection for more than a day")
        f.lastInspection = nil
        #expect(state("M1", f) == .broken)
        f.registryBroken = "第 3 条：摘要不符"
        #expect(state("P6", f) == .broken)
        f.consultationsOverTwoMonths = 1
        #expect(state("I2", f) == .atRisk)
        f.consultationsOverThreeMonths = 1
        #expect(state("I2", f) == .broken, "a consultation unanswered for 3 months is the national veto line")
        #expect(state("W3", f) == .broken, "no open 网站找错 channel behind the 找错 entry")
        f.siteErrorOpen = true
        #expect(state("W3", f) == .met)
        // W5 follows 服务不实用 once the inspection has judged it.
        #expect(state("W5", f) == nil)
        f.vetoes = [ServiceRule.evaluate(serviceColumns: 1, guides: [.init(title: "户口迁移", missing: [.fees])])]
        #expect(state("W5", f) == .atRisk)
        f.vetoes = [ServiceRule.evaluate(serviceColumns: 0, guides: [])]
        #expect(state("W5", f) == .broken)
        // Everything judged here is a rule of the catalogue; the rest is listed apart.
        let judged = ComplianceRule.evaluate(f, now: now)
        #expect(judged.allSatisfy { RuleBasis.byID[$0.id] != nil })
        #expect(ComplianceRule.unjudged(judged).count == RuleBasis.all.count - judged.count)
    }
}
