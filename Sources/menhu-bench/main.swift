// menhu-bench: measures Menhu's speed on this machine. Build with `-c release`.
//
//   swift run -c release menhu-bench pages [requests]     public page latency over real HTTP
//   swift run -c release menhu-bench startup [runs]       `menhu serve` start-up time on the demo database
//   swift run -c release menhu-bench publish [items]      time from the last approval to the public page showing it
//   swift run -c release menhu-bench checks [megabytes]   content-gate throughput on generated Chinese text
//   swift run -c release menhu-bench search [articles] [postgres-url]
//                                                         站内搜索 latency over generated articles (SQLite, or an
//                                                         empty PostgreSQL database)
//   swift run -c release menhu-bench letters [count] [postgres-url]
//                                                         互动交流 at scale: submission, back-office lists,
//                                                         due/overdue counts and the reminder scan
import Foundation
import Hummingbird
import HummingbirdTesting
import MenhuChecks
import MenhuCore
import MenhuDemo
import MenhuStore
import MenhuWeb

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.down)))]
}

func report(_ name: String, _ samples: [Double]) {
    let s = samples.sorted()
    let label = name + String(repeating: " ", count: max(0, 26 - name.count))
    print(
        label
            + String(
                format: " n=%5d  p50 %7.3f ms  p95 %7.3f ms  p99 %7.3f ms", s.count,
                percentile(s, 0.5), percentile(s, 0.95), percentile(s, 0.99)))
}

func milliseconds(_ d: Duration) -> Double {
    Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
}

func temporaryDatabasePath() throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("menhu-bench-\(RecordID.make())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent("menhu.sqlite").path
}

/// A freshly seeded demo platform on a temporary SQLite file.
func demoEnvironment() async throws -> WebEnvironment {
    let database = try Database(.sqlite(path: try temporaryDatabasePath()))
    try await database.migrate()
    _ = try await DemoPlatform.seed(into: database, hasher: .fastForTests, now: Date())
    let renderer = try await Renderer.load(themesDirectory: Renderer.defaultThemesDirectory())
    return WebEnvironment(database: database, service: PlatformService(database: database), renderer: renderer, isDemo: true)
}

/// Public page latency: a demo platform on SQLite, served over loopback HTTP.
func pages(requests: Int) async throws {
    let env = try await demoEnvironment()
    let database = env.database
    let app = Application(router: MenhuApplication.router(env: env), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    try await app.test(.live) { client in
        let column = try await client.execute(uri: "/zwyw/", method: .get)
        let html = String(buffer: column.body)
        let article =
            html.components(separatedBy: "href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            .first { $0.hasSuffix(".html") } ?? "/"
        let targets = [
            ("homepage /", "/"), ("column /zwyw/", "/zwyw/"), ("column page 3", "/zwyw/?page=3"),
            ("article", article), ("sub-site /sites/jyj/", "/sites/jyj/"),
        ]
        let clock = ContinuousClock()
        for (name, uri) in targets {
            for _ in 0..<20 { _ = try await client.execute(uri: uri, method: .get) }  // warm-up
            var samples: [Double] = []
            for _ in 0..<requests {
                let start = clock.now
                let response = try await client.execute(uri: uri, method: .get)
                samples.append(milliseconds(clock.now - start))
                precondition(response.status == .ok, "\(uri) answered \(response.status)")
            }
            report(name, samples)
        }
    }
    await database.shutdown()
}

/// Start-up: launch `menhu serve` on an already seeded database until /healthz answers.
func startup(runs: Int) async throws {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("menhu").path
    guard FileManager.default.isExecutableFile(atPath: binary) else {
        print("build menhu first: swift build -c release --product menhu"); return
    }
    let path = try temporaryDatabasePath()
    let database = try Database(.sqlite(path: path))
    try await database.migrate()
    _ = try await DemoPlatform.seed(into: database, hasher: .fastForTests, now: Date())
    await database.shutdown()
    var samples: [Double] = []
    let clock = ContinuousClock()
    for run in 0..<runs {
        let port = 18_000 + run
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--database", path, "--port", String(port)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let start = clock.now
        try process.run()
        var ready = false
        while !ready && clock.now - start < .seconds(20) {
            if let url = URL(string: "http://127.0.0.1:\(port)/healthz"),
                let (_, response) = try? await URLSession.shared.data(from: url),
                (response as? HTTPURLResponse)?.statusCode == 200
            {
                ready = true
            } else {
                try await Task.sleep(for: .milliseconds(5))
            }
        }
        samples.append(milliseconds(clock.now - start))
        process.terminate()
        process.waitUntilExit()
        precondition(ready, "menhu did not answer /healthz")
    }
    report("serve → /healthz 200", samples)
}

/// Publication to visibility: the signer's approval (the last step of a normal item) is sent
/// over HTTP-free service calls as the console does, then the public page is fetched over
/// real HTTP until it shows the new title.
func publish(items: Int) async throws {
    let env = try await demoEnvironment()
    let database = env.database
    let (site, column, people) = try await database.read { db in
        let site = try await SiteRecords.find(code: "www", on: db)!
        let column = try await ColumnRecords.find(siteID: site.id, slug: "gzdt", on: db)!
        return (site, column, try await Participant.all(address: "bench", on: db))
    }
    let publishing = env.publishing
    let app = Application(router: MenhuApplication.router(env: env), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    try await app.test(.live) { client in
        var approve: [Double] = [], visible: [Double] = []
        let clock = ContinuousClock()
        for i in 0..<items {
            let title = "时效测量第\(i)条"
            var content = ArticleContent(title: title, columnID: column.id, bodyHTML: "<p>测量正文。</p>", source: "办公室")
            content.eventDate = CalendarDay(Date())
            var work = try await publishing.create(siteID: site.id, content: content, scheduledFor: nil, by: people["editor"]!)
            work = try await publishing.act(.submit, articleID: work.id, expectedVersion: work.version, by: people["editor"]!)
            work = try await publishing.act(.approve, articleID: work.id, expectedVersion: work.version, by: people["reviewer"]!)
            let start = clock.now
            work = try await publishing.act(.approve, articleID: work.id, expectedVersion: work.version, by: people["signer"]!)
            approve.append(milliseconds(clock.now - start))
            var shown = false
            while !shown {
                let page = try await client.execute(uri: "/gzdt/\(work.id).html", method: .get)
                shown = page.status == .ok && String(buffer: page.body).contains(title)
                let home = try await client.execute(uri: "/gzdt/", method: .get)
                shown = shown && String(buffer: home.body).contains(title)
                precondition(clock.now - start < .seconds(5), "not visible after 5 s")
            }
            visible.append(milliseconds(clock.now - start))
        }
        report("last approval (sign-off)", approve)
        report("approval → page + column", visible)
        print(String(format: "max approval → visible: %.3f ms (bar: 1000 ms)", visible.max() ?? 0))
    }
    await database.shutdown()
}

/// Content gate: all checks over generated government prose (the demo corpus with personal
/// data, traditional characters and markings sprinkled in), and the matcher alone against
/// 10,000 random patterns of 2–6 level-1 characters.
func checks(megabytes: Int) {
    var rng = SeededGenerator(seed: 20_261_121)
    let paragraphs = DemoCorpus.paragraphs.keys.sorted().flatMap { DemoCorpus.paragraphs[$0]! }.map {
        $0.replacingOccurrences(of: "{org}", with: "市教育局").replacingOccurrences(of: "{topic}", with: "安全生产")
            .replacingOccurrences(of: "{month}", with: "11")
    }
    let spice = ["联系电话13800138000。", "國務院辦公廳", "机密★1年", "再接再励", "国土资源部", "来信请寄zhangsan@163.com。"]
    var corpus = ""
    corpus.reserveCapacity(megabytes * 1_048_576 + 4096)
    while corpus.utf8.count < megabytes * 1_048_576 {
        corpus += paragraphs[Int(rng.next() % UInt64(paragraphs.count))]
        if rng.next() % 20 == 0 { corpus += spice[Int(rng.next() % UInt64(spice.count))] }
        corpus += "\n"
    }
    let bytes = Double(corpus.utf8.count)
    let checker = ContentChecker()
    let clock = ContinuousClock()
    var best = Double.infinity, found = 0
    for _ in 0..<3 {
        let start = clock.now
        found = checker.check(CheckInput(text: corpus)).count
        best = min(best, milliseconds(clock.now - start))
    }
    print(
        String(
            format: "all checks      %6.1f MB  best of 3 %8.1f ms  %7.1f MB/s  (%d findings)", bytes / 1_048_576, best,
            bytes / 1_048_576 / (best / 1000), found))
    // A 100 KB article.
    let article = String(
        corpus.utf8.prefix(100 * 1024).split(separator: 0x0A).dropLast().map { String(decoding: $0, as: UTF8.self) }
            .joined(separator: "\n"))
    var samples: [Double] = []
    for _ in 0..<50 {
        let start = clock.now
        _ = checker.check(CheckInput(text: article))
        samples.append(milliseconds(clock.now - start))
    }
    report("100 KB article, all checks", samples)
    // The matcher alone: 10,000 random patterns of level-1 characters.
    let level1 = Array(CheckTables.shipped.standard.filter { $0.value >= 0x4E00 && $0.value <= 0x9FA5 }).sorted { $0.value < $1.value }
    var patterns = Set<String>()
    while patterns.count < 10_000 {
        let n = 2 + Int(rng.next() % 5)
        patterns.insert(String(String.UnicodeScalarView((0..<n).map { _ in level1[Int(rng.next() % UInt64(level1.count))] })))
    }
    let buildStart = clock.now
    let matcher = Matcher(Array(patterns))
    let build = milliseconds(clock.now - buildStart)
    let utf8 = Array(corpus.utf8)
    var bestScan = Double.infinity, hits = 0
    for _ in 0..<3 {
        let start = clock.now
        hits = utf8.withUnsafeBufferPointer { matcher.count(in: $0) }
        bestScan = min(bestScan, milliseconds(clock.now - start))
    }
    print(
        String(
            format: "matcher alone   10000 random patterns, build %.1f ms, best of 3 %8.1f ms  %7.1f MB/s  (%d hits)", build, bestScan,
            bytes / 1_048_576 / (bestScan / 1000), hits))
    // Worst case: 10,000 patterns cut from the text itself, so they match everywhere.
    let scalars = Array(corpus.unicodeScalars.prefix(2_000_000)).filter { $0.value >= 0x4E00 }
    var words = Set<String>()
    while words.count < 10_000 {
        let n = 2 + Int(rng.next() % 5), at = Int(rng.next() % UInt64(scalars.count - n))
        words.insert(String(String.UnicodeScalarView(scalars[at..<(at + n)])))
    }
    let dense = Matcher(Array(words))
    var bestDense = Double.infinity
    for _ in 0..<3 {
        let start = clock.now
        hits = utf8.withUnsafeBufferPointer { dense.count(in: $0) }
        bestDense = min(bestDense, milliseconds(clock.now - start))
    }
    print(
        String(
            format: "matcher alone   10000 patterns from the text, best of 3 %8.1f ms  %7.1f MB/s  (%d hits)", bestDense,
            bytes / 1_048_576 / (bestDense / 1000), hits))
}

/// 站内搜索: `count` generated articles (demo prose, 3 sites, 12 columns, one a day-ish) are
/// indexed as publishing does, then 2- and 4-character queries — common, middling and rare —
/// are timed, across all sites and within one site.
/// `paragraphs`: how many demo paragraphs make one article's text (3: about 230 characters;
/// 12: about 930, nearer a real 政务要闻). A PostgreSQL database holds one length: use a new
/// database for another.
func search(count: Int, postgresURL: String?, paragraphs perArticle: Int) async throws {
    let database = try Database(postgresURL.map { .postgres(url: $0) } ?? .sqlite(path: try temporaryDatabasePath()))
    try await database.migrate()
    let engine = database.engine
    var rng = SeededGenerator(seed: 20_261_122)
    let paragraphs = DemoCorpus.paragraphs.keys.sorted().flatMap { DemoCorpus.paragraphs[$0]! }.enumerated().map { i, p in
        p.replacingOccurrences(of: "{org}", with: ["市教育局", "市水利局", "市卫健委", "市交通运输局"][i % 4])
            .replacingOccurrences(of: "{topic}", with: ["安全生产", "防汛抗旱", "乡村振兴", "营商环境", "义务教育"][i % 5])
            .replacingOccurrences(of: "{month}", with: "\(i % 12 + 1)")
    }
    let sites = (0..<3).map { "site\($0)" }, columns = (0..<12).map { "column\($0)" }
    let start = Date(timeIntervalSince1970: 1_500_000_000)
    let clock = ContinuousClock()
    let loadStart = clock.now
    // A database that already holds the articles (a second run on PostgreSQL) is not loaded again.
    var done = try await database.read { db in
        try await db.raw("SELECT COUNT(*) AS n FROM search_documents").first()!.decode(column: "n", as: Int.self)
    }
    while done < count {
        let batch = min(1000, count - done)
        var docs: [SearchIndex.Document] = []
        for i in done..<(done + batch) {
            let pick = { paragraphs[Int(rng.next() % UInt64(paragraphs.count))] }
            let body = (0..<perArticle).map { _ in pick() }.joined(separator: "\n")
            let title = String(pick().prefix(18 + Int(rng.next() % 10)))
            let column = Int(rng.next() % UInt64(columns.count))
            docs.append(
                .init(
                    articleID: "a\(i)", siteID: sites[column % 3], columnIDs: [columns[column]], title: title, text: body,
                    documentNumber: i % 20 == 0 ? "江府发〔\(2017 + i % 9)〕\(i % 97)号" : "",
                    publishedAt: start.addingTimeInterval(Double(i) * 3000)))
        }
        let batchDocs = docs
        try await database.write { db in
            for d in batchDocs { try await SearchIndex.put(d, engine: engine, on: db) }
        }
        done += batch
    }
    let loadSeconds = milliseconds(clock.now - loadStart) / 1000
    if engine == .postgres, try await database.setting(SearchIndex.vectorTask) == "pending" {
        // Vectors written by an older build: rebuilt as the background task of `menhu serve` would.
        let rebuildStart = clock.now
        try await SearchIndex.rebuildAllVectors(in: database)
        print(String(format: "rebuilt the vectors of an older build in %.1f s", milliseconds(clock.now - rebuildStart) / 1000))
    }
    if engine == .postgres { try await database.write { db in try await db.raw("ANALYZE search_documents").run() } }
    print(
        String(
            format: "indexed %d articles of %d paragraphs on %@ in %.1f s (%.0f per second)", count, perArticle, engine.rawValue, loadSeconds,
            Double(count) / loadSeconds))
    let (two, four) = searchWords(paragraphs)
    let now = start.addingTimeInterval(Double(count) * 3000)
    for (label, words) in [("2-character", two), ("4-character", four)] {
        for (scope, site) in [("all sites", nil as String?), ("one site", sites[1])] {
            var samples: [Double] = []
            var slowest: [String: Double] = [:]
            for round in 0..<5 {
                for word in words {
                    let q = SearchQuery(text: word, siteID: site, order: .relevance, page: round % 2 + 1)
                    let t0 = clock.now
                    let found = try await database.read { db in try await SearchIndex.search(q, now: now, engine: engine, on: db) }
                    let ms = milliseconds(clock.now - t0)
                    samples.append(ms)
                    if ms > slowest["\(word)（\(found.total)\(found.more ? "+" : "")）", default: 0] {
                        slowest["\(word)（\(found.total)\(found.more ? "+" : "")）"] = ms
                    }
                }
            }
            report("\(label), \(scope)", samples)
            print(
                "  slowest: "
                    + slowest.sorted { $0.value > $1.value }.prefix(3).map { String(format: "%@ %.1f ms", $0.key, $0.value) }.joined(separator: ", "))
        }
    }
    await database.shutdown()
}

/// The words `search` asks: two-character words by how many paragraphs hold them (the 10 commonest,
/// 10 in the middle, the 10 rarest) and 30 four-character phrases cut from the paragraphs.
func searchWords(_ paragraphs: [String]) -> (two: [String], four: [String]) {
    var frequency: [String: Int] = [:]
    for p in paragraphs { for t in Set(SearchText.tokens(p)) where t.unicodeScalars.count == 2 { frequency[t, default: 0] += 1 } }
    let ranked = frequency.sorted { ($0.value, $0.key) > ($1.value, $1.key) }.map(\.key)
    let two = Array(ranked.prefix(10)) + Array(ranked[ranked.count / 2..<(ranked.count / 2 + 10)]) + Array(ranked.suffix(10))
    // Its own generator: a second run on PostgreSQL (no loading) asks the same phrases.
    var queryRNG = SeededGenerator(seed: 4)
    var four: [String] = []
    while four.count < 30 {
        let p = Array(paragraphs[Int(queryRNG.next() % UInt64(paragraphs.count))].unicodeScalars)
        let at = Int(queryRNG.next() % UInt64(max(1, p.count - 4)))
        let piece = String(String.UnicodeScalarView(p[at..<min(p.count, at + 4)]))
        if piece.unicodeScalars.count == 4, SearchText.tokens(piece).count == 3 { four.append(piece) }
    }
    return (two, four)
}

/// `menhu export` of a site with `articles` items: the demo platform seeded until its portal holds
/// that many, exported to a fresh folder, then exported again with nothing changed.
func export(articles: Int) async throws {
    let database = try Database(.sqlite(path: try temporaryDatabasePath()))
    try await database.migrate()
    let clock = ContinuousClock()
    var t0 = clock.now
    // The portal holds about 61 % of the demo's items.
    _ = try await DemoPlatform.seed(into: database, hasher: .fastForTests, now: Date(), articleCount: articles * 431 / 262 + 10)
    let portal = try await database.read { db in try await SiteRecords.find(code: "www", on: db)! }
    let count = try await database.read { db in try await ArticleRecords.allPublic(siteID: portal.id, on: db).count }
    print(String(format: "seeded the demo platform: %d items on the portal in %.1f s", count, milliseconds(clock.now - t0) / 1000))
    let renderer = try await Renderer.load(themesDirectory: Renderer.defaultThemesDirectory())
    let env = WebEnvironment(database: database, service: PlatformService(database: database), renderer: renderer, isDemo: true)
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("menhu-export-\(RecordID.make())").path
    for run in ["first export", "again, nothing changed"] {
        t0 = clock.now
        let report = try await StaticExport(env: env).run(siteCode: "www", to: out)
        print(
            String(
                format: "%@: %.2f s — %d files (%d item pages), %d written, %d unchanged", run,
                milliseconds(clock.now - t0) / 1000, report.files, report.articles, report.written, report.unchanged))
    }
    try? FileManager.default.removeItem(atPath: out)
    await database.shutdown()
}

/// xorshift, so the corpus is the same every run.
struct SeededGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed | 1 }
    mutating func next() -> UInt64 {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return state
    }
}

let arguments = CommandLine.arguments.dropFirst()
switch arguments.first {
case "pages": try await pages(requests: arguments.dropFirst().first.flatMap(Int.init) ?? 2000)
case "startup": try await startup(runs: arguments.dropFirst().first.flatMap(Int.init) ?? 10)
case "publish": try await publish(items: arguments.dropFirst().first.flatMap(Int.init) ?? 200)
case "checks": checks(megabytes: arguments.dropFirst().first.flatMap(Int.init) ?? 20)
case "export": try await export(articles: arguments.dropFirst().first.flatMap(Int.init) ?? 10_000)
case "inspection": try await inspection(items: arguments.dropFirst().first.flatMap(Int.init) ?? 100_000)
case "freshness":
    try await freshness(
        sites: arguments.dropFirst().first.flatMap(Int.init) ?? 1000, items: arguments.dropFirst(2).first.flatMap(Int.init) ?? 20_000)
case "letters":
    try await letters(count: arguments.dropFirst().first.flatMap(Int.init) ?? 100_000, postgresURL: arguments.dropFirst(2).first)
case "search":
    try await search(
        count: arguments.dropFirst().first.flatMap(Int.init) ?? 100_000, postgresURL: arguments.dropFirst(2).first,
        paragraphs: ProcessInfo.processInfo.environment["MENHU_BENCH_PARAGRAPHS"].flatMap(Int.init) ?? 3)
default:
    print(
        "usage: menhu-bench pages [requests] | startup [runs] | publish [items] | checks [megabytes] | search [articles] [postgres-url] (MENHU_BENCH_PARAGRAPHS=3) | export [articles] | letters [count] [postgres-url] | inspection [items] | freshness [sites] [items]"
    )
}
