import Foundation
import MenhuCore
import MenhuDemo
import MenhuJobs
import MenhuStore

/// `menhu-bench inspection COUNT`: the daily self-inspection of the demo platform grown to COUNT
/// items (issue 16 bars: internal links of 100,000 pages in under 10 s without HTTP; the daily
/// inspection of the demo platform in under 10 s). Every paragraph of every item gets a link to one
/// of the platform's own pages (a column, an item, one that does not exist), so each page carries
/// about five; external links are left out (they are bench/links' business).
/// With MENHU_BENCH_KEEP=PATH the seeded database is kept at PATH and used again by the next run.
func inspection(items: Int) async throws {
    let kept = ProcessInfo.processInfo.environment["MENHU_BENCH_KEEP"]
    let reuse = kept.map { FileManager.default.fileExists(atPath: $0) } ?? false
    let database = try Database(.sqlite(path: try kept ?? temporaryDatabasePath()))
    try await database.migrate()
    let clock = ContinuousClock()
    let t0 = clock.now
    if !reuse { try await seedLinkedDemo(items: items, into: database) }
    let seeded = try await database.read { db in try await ArticleRecords.countAll(on: db) }
    print(String(format: "%@ the demo platform: %d items in %.1f s", reuse ? "reused" : "seeded", seeded, milliseconds(clock.now - t0) / 1000))
    try await inspectionRuns(database, context: JobContext(database: database, clock: SystemWallClock()))
}

/// The demo platform grown to `items` items, three links to the platform's own pages at the end of every paragraph.
func seedLinkedDemo(items: Int, into database: Database) async throws {
    _ = try await DemoPlatform.seed(into: database, hasher: .fastForTests, now: Date(), articleCount: items)
    // Three links at the end of every paragraph: the 政务要闻 column, an item of it, and a page that is
    // gone (on the sub-sites, which have no such columns, all three are broken, as they would be).
    let sample = try await database.read { db in
        try await db.raw("SELECT a.id AS id FROM articles a JOIN site_columns c ON c.id = a.column_id WHERE c.slug = 'zwyw' LIMIT 1").first()?
            .decode(column: "id", as: String.self)
    }
    let links =
        #"<a href=\"/zwyw/\">政务要闻</a><a href=\"/zwyw/\#(sample ?? "x").html\">相关信息</a><a href=\"/gzdt/2019-old.html\">旧信息</a></p>"#
    try await database.write { db in
        try await db.raw("UPDATE revisions SET content_json = replace(content_json, '</p>', '\(unsafeRaw: links)')").run()
    }
}

/// The link inspection, the veto checklist and the rectifications, each timed.
func inspectionRuns(_ database: Database, context: JobContext) async throws {
    let clock = ContinuousClock()
    var t0 = clock.now
    for run in 1...3 {
        t0 = clock.now
        let summary = try await LinkInspection.inspect(siteIDs: nil, external: false, in: context)
        print(String(format: "internal links, run %d: %.2f s — %@", run, milliseconds(clock.now - t0) / 1000, summary.description))
    }
    for run in 1...3 {
        t0 = clock.now
        let sites = try await database.read { db in try await InspectionQuery.read(code: nil, now: Date(), on: db) }
        print(String(format: "veto checklist of %d sites, run %d: %.3f s", sites.count, run, milliseconds(clock.now - t0) / 1000))
    }
    t0 = clock.now
    let service = InspectionService(database: database, clock: SystemWallClock())
    var opened = 0
    for site in try await database.read({ db in try await SiteRecords.all(on: db) }) { opened += try await service.reconcile(site: site).opened }
    print(String(format: "rectifications of every site: %.2f s (%d opened)", milliseconds(clock.now - t0) / 1000, opened))
    await database.shutdown()
}

/// `menhu-bench freshness SITES ITEMS`: the freshness indicators (首页不更新, 栏目不更新 and each
/// column's update contract) of a platform of SITES sites holding ITEMS items (issue 16 bar: 1,000
/// sites in under 2 s), and the whole veto checklist of every site for comparison.
func freshness(sites: Int, items: Int) async throws {
    let database = try Database(.sqlite(path: try temporaryDatabasePath()))
    try await database.migrate()
    let clock = ContinuousClock()
    var t0 = clock.now
    let seeded = try await DemoPlatform.seed(
        into: database, hasher: .fastForTests, now: Date(), articleCount: items, letters: false, moreSites: max(0, sites - 4))
    print(
        String(
            format: "seeded %d sites, %d columns, %d items in %.1f s", seeded.sites, seeded.columns, seeded.articles,
            milliseconds(clock.now - t0) / 1000))
    let all = try await database.read { db in try await SiteRecords.all(on: db) }
    for run in 1...3 {
        t0 = clock.now
        let (vetoes, columns) = try await database.read { db in
            var vetoes = 0, columns = 0
            for site in all {
                let (_, rule) = try await InspectionQuery.freshness(site: site, now: Date(), on: db)
                vetoes += [rule.homepage(), rule.columns()].filter { $0.verdict == .veto }.count
                columns += rule.contracts().count
            }
            return (vetoes, columns)
        }
        print(
            String(
                format: "freshness of %d sites (%d columns), run %d: %.3f s — %d veto indicators", all.count, columns, run,
                milliseconds(clock.now - t0) / 1000, vetoes))
    }
    for run in 1...2 {
        t0 = clock.now
        let read = try await database.read { db in try await InspectionQuery.read(code: nil, now: Date(), on: db) }
        print(String(format: "whole veto checklist of %d sites, run %d: %.3f s", read.count, run, milliseconds(clock.now - t0) / 1000))
    }
    await database.shutdown()
}
