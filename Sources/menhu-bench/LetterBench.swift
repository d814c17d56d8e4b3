import Foundation
import MenhuCore
import MenhuDemo
import MenhuStore

/// 互动交流 at scale (issue 15's bars): `count` letters spread over the demo platform's sites and
/// channels, every one open at some step with its deadline (some overdue), on SQLite or an empty
/// PostgreSQL database; then the public submission through `LetterService`, the back-office list
/// of a site admin (open letters, newest first, with the due counts), and the due/overdue scans.
func letters(count: Int, postgresURL: String?) async throws {
    let database = try Database(postgresURL.map { .postgres(url: $0) } ?? .sqlite(path: try temporaryDatabasePath()))
    try await database.migrate()
    let now = Date()
    if try await database.read({ db in try await SiteRecords.all(on: db) }).isEmpty {
        _ = try await DemoPlatform.seed(into: database, hasher: .fastForTests, now: now)
    }
    let (sites, channels, departments, calendar) = try await database.read { db in
        let sites = try await SiteRecords.all(on: db)
        var channels: [LetterChannel] = []
        for site in sites { channels += try await LetterRecords.channels(siteID: site.id, on: db) }
        return (sites, channels, try await DepartmentRecords.all(on: db), try await CalendarRecords.effectiveCalendar(on: db))
    }
    let clock = ContinuousClock()
    var rng = SeededGenerator(seed: 20_261_202)
    let existing = try await database.read { db in try await LetterRecords.count(on: db) }
    let loadStart = clock.now
    var made = existing
    let open: [LetterState] = [.submitted, .accepted, .transferred, .signed, .handling, .answered]
    while made < count {
        let batch = min(200, count - made)
        var batchLetters: [Letter] = []
        for i in made..<(made + batch) {
            let channel = channels[Int(rng.next() % UInt64(channels.count))]
            // Received over the last 120 days, so that some are overdue and a few past the veto line.
            let received = now.addingTimeInterval(-Double(rng.next() % (120 * 86_400)))
            var letter = Letter(
                siteID: channel.siteID, channelID: channel.id, channelKind: channel.kind,
                number: "G\(i)", title: "关于第\(i)号事项的咨询",
                body: "请问第\(i)号事项如何办理？需要准备哪些材料，在哪里办理，多长时间可以办结？", writer: LetterWriter(name: "市民", phone: "", email: ""),
                wantsPublic: i % 3 != 0, receivedAt: received)
            letter.state = open[Int(rng.next() % UInt64(open.count))]
            if letter.state != .submitted { letter.acceptedAt = received.addingTimeInterval(3600) }
            if [.transferred, .signed, .handling, .answered].contains(letter.state) {
                letter.transferredAt = received.addingTimeInterval(7200)
                letter.leadDepartmentID = departments[Int(rng.next() % UInt64(departments.count))].id
                letter.replyFrom = letter.transferredAt
            }
            if [.signed, .handling, .answered].contains(letter.state) { letter.signedAt = received.addingTimeInterval(10_800) }
            if letter.state == .answered {
                letter.reply = LetterReply(
                    text: "您好，第\(i)号事项可在市政务服务中心办理。", departmentID: letter.leadDepartmentID ?? "", byID: "", byName: "办理人",
                    at: received.addingTimeInterval(86_400))
            }
            let deadline = LetterDeadline.current(of: letter, deadlines: channel.deadlines, calendar: calendar)
            letter.dueAt = deadline?.due
            letter.dueStep = deadline?.step
            batchLetters.append(letter)
        }
        let letters = batchLetters
        try await database.write { db in try await LetterRecords.insertGenerated(letters, on: db) }
        made += batch
    }
    let loadSeconds = milliseconds(clock.now - loadStart) / 1000
    // PostgreSQL plans from statistics and answers counts from the index alone once the visibility
    // map is set; autovacuum does both some time after a bulk load, so a platform that has been
    // running has them (VACUUM cannot run in a transaction). SQLite plans from its indexes alone.
    if database.engine == .postgres { try await database.read { db in try await db.raw("VACUUM ANALYZE letters").run() } }
    let total = try await database.read { db in try await LetterRecords.count(on: db) }
    print("\(database.engine) · \(total) letters (\(made - existing) generated in \(String(format: "%.1f", loadSeconds)) s)")

    // The public submission: the form's checks, the rate-limit and duplicate counts, the next
    // number, the insert with its history and audit event, in one transaction (no challenge).
    let service = LetterService(
        database: database, clock: SystemWallClock(), rateLimit: LetterRateLimit(perAddress: 1_000_000, perContact: 1_000_000))
    let portal = sites.first { $0.identity.kind == .portal } ?? sites[0]
    let consultation = channels.first { $0.siteID == portal.id && $0.kind == .consultation }!
    var submissions: [Double] = []
    for i in 0..<300 {
        let fields = [
            "title": "测试留言第\(i)件：供暖时间", "body": "请问今年供暖从哪天开始？我住在人民路\(i)号，室内温度偏低。", "name": "测试",
            "phone": "139\(String(format: "%08d", i))", "public": "1", "privacy": "1",
        ]
        let start = clock.now
        _ = try await service.submit(fields, channelID: consultation.id, address: "198.51.100.\(i % 250)")
        if i >= 20 { submissions.append(milliseconds(clock.now - start)) }
    }
    report("submission (service)", submissions)

    // The back office: 留言办理 as the page reads it: one page of 50 open letters in deadline order,
    // their count, and the due counts; for the site admin (first page and page 200) and a department.
    func listing(_ scope: LetterRecords.Scope, page: Int) async throws -> Double {
        let start = clock.now
        _ = try await database.read { db in
            let filter = LetterRecords.Filter(scope: scope, states: LetterState.open, now: now)
            let found = try await LetterRecords.list(filter, limit: 50, offset: (page - 1) * 50, on: db)
            let counts = try await LetterRecords.dueCounts(scope, now: now, on: db)
            return (found.total, counts.running)
        }
        return milliseconds(clock.now - start)
    }
    let department = departments[0].id
    for (name, scope, page) in [
        ("letter list (site admin)", LetterRecords.Scope(siteIDs: [portal.id]), 1),
        ("letter list (site admin, page 200)", LetterRecords.Scope(siteIDs: [portal.id]), 200),
        ("letter list (department)", LetterRecords.Scope(siteIDs: [], departmentIDs: [department]), 1),
    ] {
        var times: [Double] = []
        for i in 0..<220 {
            let t = try await listing(scope, page: page)
            if i >= 20 { times.append(t) }
        }
        report(name, times)
    }

    // The due/overdue scan over every open letter of the platform, and the veto watch.
    var scans: [Double] = []
    for i in 0..<60 {
        let start = clock.now
        _ = try await database.read { db in
            (
                try await LetterRecords.dueCounts(.everything, now: now, on: db),
                try await LetterRecords.vetoCounts(siteIDs: nil, now: now, on: db)
            )
        }
        if i >= 10 { scans.append(milliseconds(clock.now - start)) }
    }
    report("due + veto counts (all)", scans)

    // The reminder scan: the first pass reminds the backlog (5,000 letters a pass); later passes
    // find what became due since.
    let backlogStart = clock.now
    var passes = 0, reminders = 0
    while true {
        let n = try await database.write { db in try await LetterReminderRecords.scan(now: now, on: db) }
        if n == 0 { break }
        passes += 1; reminders += n
    }
    print(
        String(
            format: "reminder backlog: %d reminders in %d passes, %.1f s", reminders, passes, milliseconds(clock.now - backlogStart) / 1000))
    var steady: [Double] = []
    for _ in 0..<30 {
        let start = clock.now
        _ = try await database.write { db in try await LetterReminderRecords.scan(now: now.addingTimeInterval(60), on: db) }
        steady.append(milliseconds(clock.now - start))
    }
    report("reminder scan (steady)", steady)
    await database.shutdown()
}
