import Foundation
import MenhuCore
import MenhuDemo
import MenhuStore
import MenhuTestSupport
import SQLKit
import Testing

@testable import MenhuStore

/// The demo platform, its 政务咨询 channel answered by the demo office, and its people.
struct LetterFixture {
    let db: Database
    let clock: ManualClock
    let letters: LetterService
    let site: Site
    let channel: LetterChannel
    let office: String
    let people: [String: Participant]

    static func with(_ engine: TestEngine, rateLimit: LetterRateLimit = LetterRateLimit(), _ body: (LetterFixture) async throws -> Void) async throws
    {
        try await TestDatabase.with(engine) { (db: Database) async throws in
            _ = try await DemoPlatform.seed(into: db, hasher: .fastForTests, now: testNow, articleCount: 0, letters: false)
            let clock = ManualClock(testNow)
            let (site, channel, office, people) = try await db.read { sql in
                let site = try await SiteRecords.find(code: "www", on: sql)!
                let channel = try await LetterRecords.channels(siteID: site.id, on: sql).first { $0.kind == .consultation }!
                let office = try await AccountRecords.find(username: "editor", on: sql)!.departmentID!
                return (site, channel, office, try await Participant.all(address: "test", on: sql))
            }
            try await body(
                LetterFixture(
                    db: db, clock: clock, letters: LetterService(database: db, clock: clock, rateLimit: rateLimit), site: site, channel: channel,
                    office: office, people: people))
        }
    }

    func form(_ title: String = "咨询公交线路恢复时间", body: String = "请问 12 路公交什么时候恢复运营？", phone: String = "13800138000") -> [String: String] {
        ["title": title, "body": body, "name": "张三", "phone": phone, "public": "1", "privacy": "1"]
    }

    @discardableResult
    func act(_ action: LetterAction, _ letter: Letter, by who: String, _ input: LetterInput = LetterInput()) async throws -> Letter {
        try await letters.act(action, letterID: letter.id, expectedVersion: letter.version, input: input, by: people[who]!)
    }

    func audit(_ action: String) async throws -> [AuditEvent] {
        try await db.read { sql in try await AuditRecords.recent(siteIDs: nil, filter: .init(action: action), limit: 50, offset: 0, on: sql).events }
    }
}

@Suite struct LetterTests {
    @Test(arguments: TestEngine.available)
    func everySiteHasItsChannelsFromTheStart(engine: TestEngine) async throws {
        try await LetterFixture.with(engine) { (f: LetterFixture) async throws in
            let channels = try await f.db.read { sql in try await LetterRecords.channels(siteID: f.site.id, on: sql) }
            #expect(channels.map(\.kind) == ChannelKind.allCases)
            #expect(channels.first { $0.kind == .siteError }?.deadlines == .siteError)
            let site = try await service(f.db).createSite(siteForm, by: .commandLine())
            let created = try await f.db.read { sql in try await LetterRecords.channels(siteID: site.id, on: sql) }
            #expect(created.map(\.name) == ["政务咨询", "投诉举报", "建言献策", "领导信箱", "政风行风", "网站找错"])
        }
    }

    @Test(arguments: TestEngine.available)
    func aWriterGetsANumberAndACodeAndOnlyThatPairFindsTheLetter(engine: TestEngine) async throws {
        try await LetterFixture.with(engine) { (f: LetterFixture) async throws in
            let first = try await f.letters.submit(f.form(), channelID: f.channel.id, address: "203.0.113.5")
            let second = try await f.letters.submit(
                f.form("咨询社保卡补办", body: "社保卡丢失后在哪里补办？", phone: "13900139000"), channelID: f.channel.id, address: "203.0.113.6")
            // testNow is 2026-03-02 in Beijing.
            #expect(first.number == "2026030200001" && second.number == "2026030200002")
            #expect(first.code.count == 10 && first.letter.state == .submitted && first.letter.dueStep == .transfer)
            #expect(CalendarDay(first.letter.dueAt!) == CalendarDay("2026-03-05"))

            #expect(try await f.letters.lookup(number: first.number, code: first.code)?.id == first.letter.id)
            #expect(try await f.letters.lookup(number: first.number, code: first.code.lowercased())?.id == first.letter.id)
            #expect(try await f.letters.lookup(number: first.number, code: second.code) == nil)
            #expect(try await f.letters.lookup(number: second.number, code: first.code) == nil)
            #expect(try await f.letters.lookup(number: "2026030200003", code: first.code) == nil)
            #expect(try await f.letters.lookup(number: first.number, code: "") == nil)
            #expect(try await f.letters.lookup(number: "' OR 1=1 --", code: first.code) == nil)
            // The code is never stored, only its keyed digest.
            let stored = try await f.db.read { sql in
                try await sql.raw("SELECT code_digest FROM letters WHERE number = \(bind: first.number)").first()!.decode(
                    column: "code_digest", as: String.self)
            }
            #expect(stored.count == 64 && !stored.contains(first.code))

            let events = try await f.db.read { sql in try await LetterRecords.events(letterID: first.letter.id, on: sql) }
            #expect(events.map(\.action) == ["submit"] && events[0].actorName == "留言人 张三")
            let audit = try await f.audit("letter.submit")
            #expect(audit.count == 2 && audit.allSatisfy { $0.requirement == "I1" && $0.siteID == f.site.id })
            #expect(AuditEvent.actionLabels["letter.submit"] == "收到留言")
        }
    }

    @Test(arguments: TestEngine.available)
    func aBadFormStoresNothing(engine: TestEngine) async throws {
        try await LetterFixture.with(engine) { (f: LetterFixture) async throws in
            var bad = f.form()
            bad["title"] = "短"
            await #expect(throws: FieldErrors.self) { try await f.letters.submit(bad, channelID: f.channel.id, address: "203.0.113.5") }
            await #expect(throws: ServiceError.self) { try await f.letters.submit(f.form(), channelID: "nope", address: "203.0.113.5") }
            #expect(try await count("letters", f.db) == 0)
            #expect(try await count("letter_events", f.db) == 0)
        }
    }

    @Test(arguments: TestEngine.available)
    func theRateLimitAndDuplicatesRefuseWithoutStoring(engine: TestEngine) async throws {
        try await LetterFixture.with(engine, rateLimit: LetterRateLimit(perAddress: 3, perContact: 2)) { (f: LetterFixture) async throws in
            // The same body from the same phone is a duplicate, even with other spacing.
            _ = try await f.letters.submit(f.form(), channelID: f.channel.id, address: "198.51.100.1")
            await #expect(throws: ServiceError.refused(LetterRateLimit().refusal(fromAddress: 0, fromContact: 0, duplicate: true)!)) {
                try await f.letters.submit(f.form(body: "请问12路公交 什么时候恢复运营？"), channelID: f.channel.id, address: "198.51.100.2")
            }
            // Per contact: two a day.
            _ = try await f.letters.submit(f.form(body: "第二件留言的内容，换了问题。"), channelID: f.channel.id, address: "198.51.100.3")
            await #expect(throws: ServiceError.refused("同一联系方式 1 天内最多提交 2 件留言，请稍后再试。")) {
                try await f.letters.submit(f.form(body: "第三件留言的内容，又换了问题。"), channelID: f.channel.id, address: "198.51.100.4")
            }
            // Per address: three an hour, whoever writes.
            for i in 0..<3 {
                _ = try await f.letters.submit(
                    f.form(body: "同一地址的第 \(i) 件留言内容。", phone: "1370013700\(i)"), channelID: f.channel.id, address: "192.0.2.9")
            }
            await #expect(throws: ServiceError.refused("同一网络地址 1 小时内最多提交 3 件留言，请稍后再试。")) {
                try await f.letters.submit(f.form(body: "同一地址的又一件留言内容。", phone: "13600136000"), channelID: f.channel.id, address: "192.0.2.9")
            }
            #expect(try await count("letters", f.db) == 5)
            // An hour later the address may write again.
            f.clock.advance(by: 3601)
            _ = try await f.letters.submit(f.form(body: "一小时后的留言内容。", phone: "13600136000"), channelID: f.channel.id, address: "192.0.2.9")
        }
    }

    @Test(arguments: TestEngine.available)
    func aLetterGoesFromTheWriterToTheDepartmentAndBackWithItsHistoryAndAudit(engine: TestEngine) async throws {
        try await LetterFixture.with(engine) { (f: LetterFixture) async throws in
            let receipt = try await f.letters.submit(f.form(), channelID: f.channel.id, address: "203.0.113.5")
            var letter = receipt.letter
            // The editor cannot accept; a stale form is refused.
            await #expect(throws: LetterRefusal.self) { try await f.act(.accept, letter, by: "editor") }
            letter = try await f.act(.accept, letter, by: "siteadmin")
            await #expect(throws: ServiceError.self) {
                try await f.letters.act(.transfer, letterID: letter.id, expectedVersion: letter.version - 1, by: f.people["siteadmin"]!)
            }
            await #expect(throws: ServiceError.notFound("所选部门不存在")) {
                try await f.act(.transfer, letter, by: "siteadmin", LetterInput(departmentIDs: ["no-such-department"]))
            }
            letter = try await f.act(.transfer, letter, by: "siteadmin", LetterInput(departmentIDs: [f.office]))
            #expect(letter.state == .transferred && letter.leadDepartmentID == f.office && letter.version == 3)
            let counts = try await f.db.read { sql in
                try await LetterRecords.dueCounts(
                    .init(siteIDs: [f.site.id], departmentIDs: [f.office]), now: testNow.addingTimeInterval(86_400 * 2), on: sql)
            }
            #expect(counts == LetterRecords.DueCounts(running: 1, dueToday: 0, overdue: 1))
            letter = try await f.act(.sign, letter, by: "editor")
            letter = try await f.act(.answer, letter, by: "editor", LetterInput(text: "12 路公交将于 3 月 10 日恢复运营。"))
            #expect(letter.state == .answered && letter.dueStep == .review)
            #expect(try await f.letters.lookup(number: receipt.number, code: receipt.code)?.state.showsReply == false)
            letter = try await f.act(.approveReply, letter, by: "siteadmin")
            letter = try await f.act(.publish, letter, by: "siteadmin")
            let published = try await f.db.read { sql in try await LetterRecords.published(channelID: f.channel.id, limit: 10, offset: 0, on: sql) }
            #expect(published.total == 1 && published.letters.first?.reply?.text == "12 路公交将于 3 月 10 日恢复运营。")

            // The writer rates with the code; 不满意 lets the site admin reopen it once.
            await #expect(throws: ServiceError.self) {
                try await f.letters.rate(number: receipt.number, code: "WRONGCODE2", .satisfied, reason: "", address: "203.0.113.5")
            }
            letter = try await f.letters.rate(number: receipt.number, code: receipt.code, .unsatisfied, reason: "没有说明首末班时间", address: "203.0.113.5")
            letter = try await f.act(.reopen, letter, by: "siteadmin", LetterInput(reason: "请补充首末班时间"))
            #expect(letter.state == .handling && letter.rating == nil)

            let history = try await f.db.read { [letter] sql in try await LetterRecords.events(letterID: letter.id, on: sql) }
            #expect(history.map(\.action) == ["submit", "accept", "transfer", "sign", "answer", "approveReply", "publish", "rate", "reopen"])
            #expect(history.last?.note == "请补充首末班时间" && history.last?.from == .published && history.last?.to == .handling)
            for action in [LetterAction.accept, .transfer, .sign, .answer, .approveReply, .publish, .reopen] {
                let events = try await f.audit(action.eventName)
                #expect(events.count == 1, "\(action)")
                #expect(events.first?.targetID == letter.id && events.first?.siteID == f.site.id)
                #expect(AuditEvent.actionLabels[action.eventName] == "留言" + action.label)
            }
            #expect(try await f.audit("letter.rate").count == 1)
            let list = try await f.db.read { sql in
                try await LetterRecords.list(
                    .init(scope: .init(siteIDs: [f.site.id]), states: [.handling], now: f.clock.now()), limit: 20, offset: 0, on: sql)
            }
            #expect(list.total == 1 && list.letters.first?.id == letter.id)
            let available = try await f.letters.available(letterID: letter.id, by: f.people["editor"]!)
            #expect(available.contains(.answer) && !available.contains(.accept))
        }
    }

    @Test(arguments: TestEngine.available)
    func aDuplicateIsMergedByItsNumberAndARefusalWritesNothing(engine: TestEngine) async throws {
        try await LetterFixture.with(engine) { (f: LetterFixture) async throws in
            let first = try await f.letters.submit(f.form(), channelID: f.channel.id, address: "203.0.113.5")
            let second = try await f.letters.submit(
                f.form("再次咨询公交线路", body: "12 路公交到底什么时候恢复？", phone: "13900139000"), channelID: f.channel.id, address: "203.0.113.6")
            let before = try await count("audit_events", f.db)
            await #expect(throws: ServiceError.notFound("要并入的留言不存在")) {
                try await f.act(.merge, second.letter, by: "siteadmin", LetterInput(mergeInto: "2026030200099"))
            }
            await #expect(throws: LetterRefusal.reasonRequired("请填写不予受理理由。")) { try await f.act(.reject, second.letter, by: "siteadmin") }
            #expect(try await count("audit_events", f.db) == before)
            #expect(try await count("letter_events", f.db) == 2)
            let merged = try await f.act(.merge, second.letter, by: "siteadmin", LetterInput(mergeInto: first.number))
            #expect(merged.state == .merged && merged.mergedInto == first.letter.id && merged.dueAt == nil)
            // The writer of the merged letter still finds it, and sees where it went.
            #expect(try await f.letters.lookup(number: second.number, code: second.code)?.mergedInto == first.letter.id)
        }
    }

    @Test(arguments: TestEngine.available)
    func aCalendarChangeMovesOpenDeadlines(engine: TestEngine) async throws {
        try await LetterFixture.with(engine) { (f: LetterFixture) async throws in
            let receipt = try await f.letters.submit(f.form(), channelID: f.channel.id, address: "203.0.113.5")
            #expect(CalendarDay(receipt.letter.dueAt!) == CalendarDay("2026-03-05"))
            let notice = [
                "year": "2026", "daysOff": "2026-03-03至2026-03-05 测试假期", "makeUpDays": "2026-03-07 测试假期",
                "documentNumber": "测试〔2026〕1号", "documentTitle": "测试通知",
            ]
            try await CalendarService(database: f.db, clock: f.clock).addNotice(notice, by: .commandLine())
            let moved = try await f.db.read { sql in try await LetterRecords.letter(id: receipt.letter.id, on: sql)! }
            // 03-06 (Friday), 03-07 (the make-up Saturday), 03-09.
            #expect(CalendarDay(moved.dueAt!) == CalendarDay("2026-03-09") && moved.version == receipt.letter.version)
        }
    }

    @Test(arguments: TestEngine.available)
    func theSiteAdminEditsAChannelAndItsLettersFollow(engine: TestEngine) async throws {
        try await LetterFixture.with(engine) { (f: LetterFixture) async throws in
            let receipt = try await f.letters.submit(f.form(), channelID: f.channel.id, address: "203.0.113.5")
            await #expect(throws: ServiceError.self) {
                try await f.letters.saveChannel(["name": "政务咨询"], channelID: f.channel.id, siteID: f.site.id, by: f.people["editor"]!)
            }
            let saved = try await f.letters.saveChannel(
                [
                    "name": "政务咨询", "transfer": "1", "publishesReplies": "1", "accepting": "1", "contactDetails": "咨询电话：0799-12345678",
                    "ownerDepartmentIDs": f.office,
                ],
                channelID: f.channel.id, siteID: f.site.id, by: f.people["siteadmin"]!)
            #expect(saved.deadlines.transfer == WorkingDays(1) && saved.contactDetails == "咨询电话：0799-12345678")
            #expect(try await f.db.read { sql in try await LetterRecords.channel(id: f.channel.id, on: sql) } == saved)
            let moved = try await f.db.read { sql in try await LetterRecords.letter(id: receipt.letter.id, on: sql)! }
            #expect(CalendarDay(moved.dueAt!) == CalendarDay("2026-03-03"))
            let mailbox = try await f.letters.saveChannel(
                ["name": "市长信箱", "publishesReplies": "1", "accepting": "1", "required": "name,phone"], channelID: nil, kind: .leaderMailbox,
                siteID: f.site.id, by: f.people["siteadmin"]!)
            #expect(mailbox.position == 7 && mailbox.requiredContacts == [.name, .phone])
            #expect(try await f.audit("letter.channel-update").count == 1)
            #expect(try await f.audit("letter.channel-create").count == 1)
        }
    }

    @Test(arguments: TestEngine.available)
    func theVetoWatchCountsOldUnansweredConsultations(engine: TestEngine) async throws {
        try await LetterFixture.with(engine) { (f: LetterFixture) async throws in
            _ = try await f.letters.submit(f.form(), channelID: f.channel.id, address: "203.0.113.5")
            func counts(after days: Double) async throws -> (Int, Int) {
                try await f.db.read { sql in
                    try await LetterRecords.vetoCounts(siteIDs: [f.site.id], now: testNow.addingTimeInterval(days * 86_400), on: sql)
                }
            }
            #expect(try await counts(after: 30) == (0, 0))
            #expect(try await counts(after: 70) == (1, 0))
            #expect(try await counts(after: 100) == (1, 1))
        }
    }
}

@Suite struct LetterMigrationTests {
    @Test(arguments: TestEngine.available)
    func migrationNineteenGivesExistingSitesTheirChannelsAndAKey(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (db: Database) async throws in
            let site = try await service(db).createSite(siteForm, by: .commandLine())
            // Undo migrations 19 to 27 as if the site had been made before them, and run them again.
            try await db.write { sql in
                for statement in [
                    "DROP TABLE interview_questions", "DROP TABLE interviews", "DROP TABLE survey_answers", "DROP TABLE surveys",
                    "DROP TABLE disclosure_documents", "DROP TABLE disclosure_requests", "DROP TABLE disclosure_offices",
                    "DROP TABLE incident_notices", "DROP TABLE rectifications", "DROP TABLE duty_reads", "DROP INDEX articles_site_updated",
                    "DROP TABLE link_findings",
                    "ALTER TABLE link_checks DROP COLUMN verdict", "ALTER TABLE link_checks DROP COLUMN broken_since",
                    "DROP TABLE letter_attachments", "ALTER TABLE accounts DROP COLUMN email", "DROP TABLE letter_reminders",
                    "DROP TABLE letter_faqs",
                    "DROP TABLE letter_events", "DROP TABLE letters", "DROP TABLE letter_channels",
                    "DELETE FROM schema_migrations WHERE version >= 19",
                    "DELETE FROM settings WHERE key = 'letter-code-key'",
                ] {
                    try await sql.raw(SQLQueryString(statement)).run()
                }
            }
            #expect(try await db.migrate() == Array(19...27))
            let channels = try await db.read { sql in try await LetterRecords.channels(siteID: site.id, on: sql) }
            #expect(channels.map(\.kind) == ChannelKind.allCases)
            #expect(channels.map(\.id).first == "ch-\(site.id)-consultation")
            #expect(channels.first { $0.kind == .siteError }?.deadlines == .siteError)
            #expect(channels.first { $0.kind == .complaint }?.requiredContacts == [.name, .phone])
            #expect(channels.allSatisfy { $0.createdAt == site.createdAt && $0.publishesReplies && $0.accepting })
            let key = try await db.setting("letter-code-key")
            #expect(key?.count == 64 && key?.allSatisfy(\.isHexDigit) == true)
        }
    }
}
