import Foundation
import MenhuCore
import MenhuStore
import MenhuTestSupport
import Testing

/// P11, M1: each inspection replaces a site's link findings; only what changed is written.
@Suite struct LinkFindingTests {
    static func source(_ url: String, on item: String) -> LinkSource {
        LinkSource(url: url, articleID: item, pageTitle: "信息 \(item)", columnID: "c1", departmentID: "d1")
    }

    static func outcome(_ url: String, _ verdict: LinkVerdict, _ code: Int) -> LinkOutcome {
        LinkOutcome(url: url, verdict: verdict, code: code, reason: "HTTP \(code)")
    }

    @Test(arguments: TestEngine.available)
    func aFindingKeepsItsSinceWhileItLastsAndGoesWhenTheLinkIsMended(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (db: Database) async throws in
            let day1 = Date(timeIntervalSince1970: 1_790_000_000), day2 = day1.addingTimeInterval(86_400)
            let day3 = day2.addingTimeInterval(86_400)
            let (a, b, c) = ("https://a.example.cn/1", "https://b.example.cn/2", "https://c.example.cn/3")
            func replace(_ found: [(LinkSource, LinkOutcome, isInternal: Bool)], at now: Date) async throws -> [LinkFinding] {
                try await db.write { sql in try await LinkHealthRecords.replace(siteID: "s1", with: found, at: now, on: sql) }
                return try await db.read { sql in try await LinkHealthRecords.findings(siteID: "s1", on: sql) }
            }
            var found = try await replace(
                [
                    (Self.source(a, on: "i1"), Self.outcome(a, .broken, 404), false),
                    (Self.source(a, on: "i2"), Self.outcome(a, .broken, 404), false),
                    (Self.source(b, on: "i1"), Self.outcome(b, .caution, 429), false),
                    (Self.source(c, on: "i1"), Self.outcome(c, .ok, 200), false),
                ], at: day1)
            #expect(Set(found.map { "\($0.source.url) \($0.source.articleID)" }) == ["\(a) i1", "\(a) i2", "\(b) i1"], "an ok link is no finding")
            // Day 2: a is still broken on i1 and mended on i2; b turned broken (its since starts
            // again); the page title of i1 changed.
            var renamed = Self.source(a, on: "i1")
            renamed.pageTitle = "改过标题的信息"
            found = try await replace(
                [
                    (renamed, Self.outcome(a, .broken, 404), false),
                    (Self.source(b, on: "i1"), Self.outcome(b, .broken, 500), false),
                ], at: day2)
            #expect(found.count == 2)
            let stillA = try #require(found.first { $0.source.url == a })
            #expect(stillA.since == day1 && stillA.checkedAt == day2 && stillA.source.pageTitle == "改过标题的信息")
            let nowB = try #require(found.first { $0.source.url == b })
            #expect(nowB.since == day2 && nowB.outcome.code == 500 && nowB.outcome.verdict == .broken)
            // Day 3: nothing changed but the day; nothing is written.
            found = try await replace(
                [(renamed, Self.outcome(a, .broken, 404), false), (Self.source(b, on: "i1"), Self.outcome(b, .broken, 500), false)],
                at: day3)
            #expect(found.map(\.since) == [day1, day2] && found.allSatisfy { $0.checkedAt == day2 })
            // Everything mended: no findings left.
            #expect(try await replace([], at: day3).isEmpty)
        }
    }
}
