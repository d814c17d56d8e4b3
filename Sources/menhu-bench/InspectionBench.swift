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
func inspection(items: Int) async throws {
    let database = try Database(.sqlite(path: try temporaryDatabasePath()))
    try await database.migrate()
    let clock = ContinuousClock()
    var t0 = clock.now
    _ = try await DemoPlatform.seed(into: database, hasher: .fastForTests, now: Date(), articleCount: items)
    let seeded = try await database.read { db in try await ArticleRecords.countAll(on: db) }
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
    print(String(format: "seeded the demo platform: %d items in %.1f s", seeded, milliseconds(clock.now - t0) / 1000))
    let context = JobContext(database: database, clock: SystemWallClock())
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
