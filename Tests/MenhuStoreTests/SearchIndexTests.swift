import Foundation
import MenhuCore
import MenhuStore
import MenhuTestSupport
import SQLKit
import Testing

/// The search index on both engines: the same answers, also when a word is in most items (where
/// PostgreSQL looks among the newest items first) and after items change or leave.
@Suite struct SearchIndexTests {
    @Test(arguments: TestEngine.available)
    func commonAndRareWordsGiveTheNewestMatchesAndHonestCounts(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (db: Database) async throws in
            let start = Date(timeIntervalSince1970: 1_700_000_000)
            try await db.write { sql in
                for i in 0..<1_300 {
                    let rare = i % 100 == 7 ? "鹭洲湿地开放。" : ""
                    try await SearchIndex.put(
                        .init(
                            articleID: "a\(i)", siteID: i % 2 == 0 ? "even" : "odd", columnIDs: ["c\(i % 5)"],
                            title: "第\(i)期工作简报", text: "各单位认真开展安全生产工作。\(rare)",
                            documentNumber: "", publishedAt: start.addingTimeInterval(Double(i) * 3600)),
                        engine: db.engine, on: sql)
                }
                if db.engine == .postgres { try await sql.raw("ANALYZE search_documents").run() }
            }
            let now = start.addingTimeInterval(1_300 * 3600)
            func search(_ q: SearchQuery) async throws -> SearchResults {
                try await db.read { sql in try await SearchIndex.search(q, now: now, engine: db.engine, on: sql) }
            }
            let common = try await search(SearchQuery(text: "安全生产", order: .recent))
            #expect(common.more && common.total == SearchIndex.relevanceWindow)
            #expect(common.hits.map(\.articleID) == (1_290..<1_300).reversed().map { "a\($0)" })
            let second = try await search(SearchQuery(text: "安全生产", siteID: "odd", order: .recent, page: 2))
            #expect(second.hits.map(\.articleID) == stride(from: 1_279, through: 1_261, by: -2).map { "a\($0)" })
            // A date range: only its items, counted exactly (on PostgreSQL, asked by key blocks).
            let recent = try await search(SearchQuery(text: "安全生产", from: start.addingTimeInterval(1_200 * 3600), order: .recent))
            #expect(recent.total == 100 && !recent.more && recent.hits.first?.articleID == "a1299" && recent.hits.last?.articleID == "a1290")
            let rare = try await search(SearchQuery(text: "湿地"))
            #expect(!rare.more && rare.total == 13 && rare.hits.first?.articleID == "a1207")
            #expect(rare.hits.first?.snippetHTML.contains("鹭洲<mark>湿地</mark>开放") == true)
            // A title hit outranks body hits of newer items.
            let titled = try await search(SearchQuery(text: "第3期"))
            #expect(titled.hits.first?.articleID == "a3")
            // Changing an item keeps its place; withdrawing it takes it out.
            try await db.write { sql in
                try await SearchIndex.put(
                    .init(
                        articleID: "a1207", siteID: "odd", columnIDs: ["c2"], title: "湿地公园改名", text: "",
                        documentNumber: "", publishedAt: start.addingTimeInterval(1_207 * 3600)), engine: db.engine, on: sql)
                try await SearchIndex.remove(articleID: "a1107", engine: db.engine, on: sql)
            }
            let after = try await search(SearchQuery(text: "湿地", order: .recent))
            #expect(after.total == 12 && after.hits.prefix(2).map(\.articleID) == ["a1207", "a1007"])
            // Longer words match exactly that run of characters (trigrams on PostgreSQL).
            #expect(try await search(SearchQuery(text: "鹭洲湿地")).total == 11)
            #expect(try await search(SearchQuery(text: "湿地鹭洲")).total == 0)
            #expect(try await search(SearchQuery(text: "湿地公园")).hits.map(\.articleID) == ["a1207"])
            #expect(try await search(SearchQuery(text: "生产工")).total == 1_000)
            // Both trigrams of 湿地公园, but not the word: no match.
            try await db.write { sql in
                try await SearchIndex.put(
                    .init(
                        articleID: "apart", siteID: "odd", columnIDs: ["c1"], title: "湿地公告", text: "大地公园",
                        documentNumber: "", publishedAt: now), engine: db.engine, on: sql)
            }
            #expect(try await search(SearchQuery(text: "湿地公园")).hits.map(\.articleID) == ["a1207"])
            // The same in a word found in more items than the window: the newest item holds both
            // trigrams of 安全生产 but not the word, and is not shown.
            try await db.write { sql in
                try await SearchIndex.put(
                    .init(
                        articleID: "apart2", siteID: "odd", columnIDs: ["c1"], title: "通知", text: "安全生活，全生产线。",
                        documentNumber: "", publishedAt: now), engine: db.engine, on: sql)
            }
            // A 文号 word found in every item's text but in three items' numbers only, the oldest.
            try await db.write { sql in
                for i in 0..<3 {
                    try await SearchIndex.put(
                        .init(
                            articleID: "a\(i)", siteID: "even", columnIDs: ["c0"], title: "第\(i)期工作简报",
                            text: "各单位认真开展安全生产工作。2024 年度", documentNumber: "工作简报〔2024〕\(i)号",
                            publishedAt: start.addingTimeInterval(Double(i) * 3600)), engine: db.engine, on: sql)
                }
            }
            let numbered = try await search(SearchQuery(text: "安全生产", documentNumber: "工作", order: .recent))
            #expect(numbered.total == 3 && !numbered.more && numbered.hits.map(\.articleID) == ["a2", "a1", "a0"])
            #expect(try await search(SearchQuery(text: "2024年度")).hits.map(\.articleID) == ["a2", "a1", "a0"], "2024 年度 written with a space")
            #expect(try await search(SearchQuery(text: "生产", from: start.addingTimeInterval(900 * 3600), to: start)).total == 0, "dates reversed")
            for order in [SearchQuery.Order.recent, .relevance] {
                let frequent = try await search(SearchQuery(text: "安全生产", order: order))
                #expect(frequent.more && frequent.hits.count == 10 && frequent.hits.first?.articleID == "a1299", "\(order)")
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func aWordInTheTitleCountsMoreAndRelevanceFadesWithAge(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (db: Database) async throws in
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let day = 86_400.0
            let items: [(id: String, title: String, text: String, age: Double)] = [
                ("title-old", "集中供暖开始", "", 730 * day),
                ("text-old", "冬季工作安排", "今年集中供暖按时开始。", 365 * day),
                ("text-today", "城市管理动态", "供暖热线开通。", 0),
                ("title-month", "供暖热线开通", "", 30 * day),
            ]
            try await db.write { sql in
                for item in items {
                    try await SearchIndex.put(
                        .init(
                            articleID: item.id, siteID: "s1", columnIDs: ["c1"], title: item.title, text: item.text,
                            documentNumber: "", publishedAt: now.addingTimeInterval(-item.age)), engine: db.engine, on: sql)
                }
            }
            let found = try await db.read { sql in try await SearchIndex.search(SearchQuery(text: "供暖"), now: now, engine: db.engine, on: sql) }
            // A month-old title beats today's text; today's text beats a two-year-old title.
            #expect(found.hits.map(\.articleID) == ["title-month", "text-today", "title-old", "text-old"])
        }
    }

    @Test func postgresVectorsWrittenBeforeTrigramsAreRebuilt() async throws {
        guard TestEngine.available.contains(.postgres) else { return }
        try await TestDatabase.with(.postgres) { (db: Database) async throws in
            // As migration 12 wrote it: bigrams only, with the tags.
            let old = "'鹭洲':1A '洲湿':2A '湿地':3A '地公':4A '公园':5A '园开':6A '开园':7A 'ss1' 'cc1'"
            try await db.write { sql in
                try await SearchIndex.put(
                    .init(
                        articleID: "old", siteID: "s1", columnIDs: ["c1"], title: "鹭洲湿地公园开园", text: "",
                        documentNumber: "", publishedAt: Date()), engine: .postgres, on: sql)
                try await sql.raw("UPDATE search_documents SET tsv = CAST(\(bind: old) AS tsvector) WHERE article_id = 'old'").run()
            }
            func holds(_ q: String) async throws -> Bool {
                try await db.read { sql in
                    try await sql.raw("SELECT COUNT(*) AS n FROM search_documents WHERE tsv @@ CAST(\(bind: q) AS tsquery)").first()!
                        .decode(column: "n", as: Int.self) == 1
                }
            }
            #expect(try await !holds("'_湿地公' <-> '_地公园'"))
            #expect(try await SearchIndex.rebuildAllVectors(in: db, batch: 1) == 1)
            #expect(try await holds("'_湿地公' <-> '_地公园' & 'ss1' & 'cc1' & '_a0' & '_b0'"), "trigrams and key blocks added, tags kept")
            // Rebuilding again changes nothing (the key blocks are not taken for tags).
            let before = try await db.read { sql in
                try await sql.raw("SELECT tsv::text AS v FROM search_documents").first()!.decode(column: "v", as: String.self)
            }
            _ = try await db.write { sql in try await SearchIndex.rebuildVectors(after: 0, on: sql) }
            #expect(
                try await db.read { sql in
                    try await sql.raw("SELECT tsv::text AS v FROM search_documents").first()!.decode(column: "v", as: String.self)
                } == before)
            #expect(try await db.setting(SearchIndex.vectorTask) == "ready")
        }
    }
}
