import Foundation
import Logging
import MenhuCore
import MenhuDemo
import MenhuJobs
import MenhuStore
import MenhuTestSupport
import SQLKit
import Testing

/// The demo platform with a few items, and its people as participants.
struct PublishingFixture {
    let db: Database
    let clock: ManualClock
    let publishing: PublishingService
    let site: Site
    let column: Column
    let people: [String: Participant]

    static func with(_ engine: TestEngine, _ body: (PublishingFixture) async throws -> Void) async throws {
        try await TestDatabase.with(engine) { (db: Database) async throws in
            _ = try await DemoPlatform.seed(into: db, hasher: .fastForTests, now: testNow, articleCount: 40)
            let clock = ManualClock(testNow.addingTimeInterval(3600))
            let (site, column, people) = try await db.read { sql in
                let site = try await SiteRecords.find(code: "www", on: sql)!
                let column = try await ColumnRecords.find(siteID: site.id, slug: "gzdt", on: sql)!
                return (site, column, try await Participant.all(address: "test", on: sql))
            }
            try await body(
                PublishingFixture(
                    db: db, clock: clock, publishing: PublishingService(database: db, clock: clock),
                    site: site, column: column, people: people))
        }
    }

    func content(_ title: String = "我市召开安全生产工作会议", importance: Importance = .normal) -> ArticleContent {
        var c = ArticleContent(title: title, columnID: column.id, bodyHTML: "<p>会议强调，要压实安全生产责任。</p>", source: "市应急管理局")
        c.importance = importance
        c.eventDate = CalendarDay(clock.now())
        return c
    }

    func act(_ action: WorkflowAction, _ work: ArticleWork, by who: String, reason: String = "") async throws -> ArticleWork {
        try await publishing.act(action, articleID: work.id, expectedVersion: work.version, reason: reason, by: people[who]!)
    }

    func publicArticle(_ id: String) async throws -> Article? {
        try await db.read { sql in try await ArticleRecords.findPublic(id: id, siteID: site.id, on: sql) }
    }
}

@Suite struct PublishingTests {
    @Test(arguments: TestEngine.available)
    func threeDifferentPeopleTakeAnItemLiveAndTheRegistryNamesThem(engine: TestEngine) async throws {
        try await PublishingFixture.with(engine) { f in
            var work = try await f.publishing.create(siteID: f.site.id, content: f.content(), scheduledFor: nil, by: f.people["editor"]!)
            #expect(work.stage == .draft && work.status == .draft)
            #expect(try await f.publicArticle(work.id) == nil)
            work = try await f.act(.submit, work, by: "editor")
            // The author holds no review role, and nobody may review their own item anyway.
            await #expect(throws: WorkflowRefusal.self) { _ = try await f.act(.approve, work, by: "editor") }
            work = try await f.act(.approve, work, by: "reviewer")
            #expect(work.stage == .signOff)
            f.clock.advance(by: 120)
            work = try await f.act(.approve, work, by: "signer")
            #expect(work.stage == .live && work.status == .published)
            #expect(work.publishedAt == f.clock.now())
            let live = try await f.publicArticle(work.id)
            #expect(live?.title == "我市召开安全生产工作会议" && live?.status == .published)

            let (entries, approvals, revision) = try await f.db.read { [work] sql in
                (
                    try await PublishingRecords.registry(of: work.id, on: sql), try await PublishingRecords.approvals(of: work.id, on: sql),
                    try await PublishingRecords.revision(id: work.currentRevisionID, on: sql)!
                )
            }
            #expect(entries.count == 1)
            #expect(entries.first?.author == "信息员" && entries.first?.reviewer == "内容审核员" && entries.first?.signer == "栏目责任人")
            #expect(entries.first?.revisionDigest == revision.digest)
            #expect(approvals.count == 2 && approvals.allSatisfy { $0.digest == revision.digest })
            #expect(entries.first?.url.hasSuffix("/gzdt/\(work.id).html") == true)
        }
    }

    @Test(arguments: TestEngine.available)
    func importantItemsNeedTheLeaderAndMajorOnesTheGroup(engine: TestEngine) async throws {
        try await PublishingFixture.with(engine) { f in
            var work = try await f.publishing.create(
                siteID: f.site.id, content: f.content(importance: .major), scheduledFor: nil,
                by: f.people["editor"]!)
            work = try await f.act(.submit, work, by: "editor")
            work = try await f.act(.approve, work, by: "reviewer")
            work = try await f.act(.approve, work, by: "signer")
            #expect(work.stage == .leader && work.status == .draft)
            work = try await f.act(.approve, work, by: "leader")
            #expect(work.stage == .group)
            work = try await f.act(.approve, work, by: "group")
            #expect(work.stage == .live)
            let entry = try await f.db.read { [work] sql in try await PublishingRecords.registry(of: work.id, on: sql) }.first
            #expect(entry?.leader == "分管领导" && entry?.group == "领导小组成员")
        }
    }

    @Test(arguments: TestEngine.available)
    func anEditVoidsApprovalsAndTheLiveTextStaysUntilTheNewOneIsApproved(engine: TestEngine) async throws {
        try await PublishingFixture.with(engine) { f in
            var work = try await f.publishing.create(siteID: f.site.id, content: f.content(), scheduledFor: nil, by: f.people["editor"]!)
            work = try await f.act(.submit, work, by: "editor")
            work = try await f.act(.approve, work, by: "reviewer")
            // Edited while waiting for sign-off: the review no longer covers the text.
            var changed = f.content()
            changed.bodyHTML = "<p>会议强调，要压实安全生产责任，确保不发生重大事故。</p>"
            work = try await f.publishing.edit(
                articleID: work.id, expectedVersion: work.version, content: changed,
                scheduledFor: nil, by: f.people["editor"]!)
            #expect(work.stage == .draft)
            var approvals = try await f.db.read { [work] sql in try await PublishingRecords.approvals(of: work.id, on: sql) }
            #expect(approvals.count == 1 && approvals[0].voidedAt != nil)
            work = try await f.act(.submit, work, by: "editor")
            #expect(work.stage == .review)
            work = try await f.act(.approve, work, by: "reviewer")
            work = try await f.act(.approve, work, by: "signer")
            #expect(work.stage == .live)
            let firstPublished = work.publishedAt

            // P15: a new revision of a live item keeps the URL; the public sees the old text until approval.
            f.clock.advance(by: 86_400)
            var third = changed
            third.title = "我市召开安全生产工作会议（更新）"
            work = try await f.publishing.edit(
                articleID: work.id, expectedVersion: work.version, content: third,
                scheduledFor: nil, by: f.people["editor"]!)
            #expect(try await f.publicArticle(work.id)?.title == "我市召开安全生产工作会议")
            work = try await f.act(.submit, work, by: "editor")
            work = try await f.act(.approve, work, by: "reviewer")
            work = try await f.act(.approve, work, by: "signer")
            let live = try await f.publicArticle(work.id)
            #expect(live?.title == "我市召开安全生产工作会议（更新）")
            #expect(live?.publishedAt == firstPublished && live?.updatedAt == f.clock.now())
            approvals = try await f.db.read { [work] sql in try await PublishingRecords.approvals(of: work.id, on: sql) }
            let liveDigest = try await f.db.read { sql in try await PublishingRecords.revision(id: live!.liveRevisionID!, on: sql)!.digest }
            #expect(Set(approvals.filter { $0.voidedAt == nil && $0.digest == liveDigest }.map(\.step)) == [.review, .signOff])
            let revisions = try await f.db.read { [work] sql in try await PublishingRecords.revisions(of: work.id, on: sql) }
            #expect(revisions.map(\.number) == [3, 2, 1])
        }
    }

    @Test(arguments: TestEngine.available)
    func twoPeopleActingOnTheSameVersionCannotBothSucceed(engine: TestEngine) async throws {
        try await PublishingFixture.with(engine) { f in
            var work = try await f.publishing.create(siteID: f.site.id, content: f.content(), scheduledFor: nil, by: f.people["editor"]!)
            work = try await f.act(.submit, work, by: "editor")
            let seen = work
            // The reviewer approves while the editor, looking at the same version, edits.
            let approve = Task { try await f.act(.approve, seen, by: "reviewer") }
            let edit = Task {
                try await f.publishing.edit(
                    articleID: seen.id, expectedVersion: seen.version,
                    content: f.content("另一个标题"), scheduledFor: nil, by: f.people["editor"]!)
            }
            let results = [await approve.result, await edit.result]
            let successes = results.filter { if case .success = $0 { true } else { false } }
            #expect(successes.count == 1)
            for case .failure(let error) in results {
                guard case ServiceError.conflict(let message) = error else { Issue.record("unexpected \(error)"); continue }
                #expect(message.contains("刷新"))
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func scheduledItemsGoLiveByTheSchedulerWithTheServersTime(engine: TestEngine) async throws {
        try await PublishingFixture.with(engine) { f in
            let at = f.clock.now().addingTimeInterval(1800)
            var work = try await f.publishing.create(siteID: f.site.id, content: f.content(), scheduledFor: at, by: f.people["editor"]!)
            work = try await f.act(.submit, work, by: "editor")
            work = try await f.act(.approve, work, by: "reviewer")
            work = try await f.act(.approve, work, by: "signer")
            #expect(work.stage == .scheduled && work.status == .draft)
            let scheduler = PublishingScheduler(publishing: f.publishing, logger: Logger(label: "test"))
            #expect(await scheduler.runOnce() == 0)
            f.clock.advance(by: 1830)
            #expect(await scheduler.runOnce() == 1)
            #expect(await scheduler.runOnce() == 0)
            let live = try await f.publicArticle(work.id)
            #expect(live?.status == .published && live?.publishedAt == f.clock.now())
            let entry = try await f.db.read { [work] sql in try await PublishingRecords.registry(of: work.id, on: sql) }.first
            #expect(entry?.actor == "定时发布" && entry?.signer == "栏目责任人")
        }
    }

    @Test(arguments: TestEngine.available)
    func withdrawArchiveAndEmergencyPublishingAreRecorded(engine: TestEngine) async throws {
        try await PublishingFixture.with(engine) { f in
            var work = try await f.publishing.create(siteID: f.site.id, content: f.content(), scheduledFor: nil, by: f.people["editor"]!)
            await #expect(throws: WorkflowRefusal.reasonRequired("请填写紧急发布理由（依据 X2）。")) {
                _ = try await f.act(.emergencyPublish, work, by: "siteadmin", reason: " ")
            }
            work = try await f.act(.emergencyPublish, work, by: "siteadmin", reason: "暴雨红色预警，须立即发布")
            #expect(work.status == .published && work.emergencyBy != nil)
            work = try await f.act(.confirmEmergency, work, by: "reviewer")
            #expect(work.emergencyBy == nil)
            work = try await f.act(.archive, work, by: "siteadmin")
            #expect(try await f.publicArticle(work.id)?.archivedAt == f.clock.now())
            work = try await f.act(.withdraw, work, by: "siteadmin", reason: "信息有误")
            #expect(try await f.publicArticle(work.id)?.status == .withdrawn)
            let entries = try await f.db.read { [work] sql in try await PublishingRecords.registry(of: work.id, on: sql) }
            #expect(entries.map(\.action) == [.publish, .archive, .withdraw])
            #expect(entries[0].note.contains("暴雨红色预警") && entries[2].note == "信息有误")
            #expect(entries[2].actor == "门户网站管理员")
        }
    }

    @Test(arguments: TestEngine.available)
    func tamperingWithAStoredRegistryRowIsDetected(engine: TestEngine) async throws {
        try await PublishingFixture.with(engine) { f in
            let ok = try await f.db.read { sql in try await PublishingRecords.verifyRegistry(on: sql) }
            let seeded = try await count("registry_entries", f.db)
            let articles = try await count("articles", f.db)
            #expect(seeded >= 10 && seeded == articles)
            #expect(ok.firstBroken == nil && ok.checked == seeded)
            // Someone with database access changes who signed entry 5.
            try await f.db.write { sql in
                try await sql.raw("UPDATE registry_entries SET signer = '他人' WHERE sequence = 5").run()
            }
            var broken = try await f.db.read { sql in try await PublishingRecords.verifyRegistry(on: sql) }
            #expect(broken.firstBroken?.sequence == 5 && broken.checked == 4)
            try await f.db.write { sql in
                try await sql.raw("UPDATE registry_entries SET signer = '栏目责任人' WHERE sequence = 5").run()
                try await sql.raw("DELETE FROM registry_entries WHERE sequence = 8").run()
            }
            broken = try await f.db.read { sql in try await PublishingRecords.verifyRegistry(on: sql) }
            #expect(broken.firstBroken?.sequence == 9)
            #expect(broken.firstBroken?.problem.contains("删除") == true)
        }
    }
}

@Suite struct IndexNumberStoreTests {
    @Test(arguments: TestEngine.available)
    func disclosureItemsGetTheSitesIndexNumberOnFirstPublication(engine: TestEngine) async throws {
        try await PublishingFixture.with(engine) { f in
            var identity = f.site.identity
            identity.indexScheme = "{code}/{topic}-{year}-{seq}"
            try await f.db.write { [identity] sql in
                var site = f.site
                site.identity = identity
                try await SiteRecords.update(site, on: sql)
            }
            let policy = try await f.db.read { sql in try await ColumnRecords.find(siteID: f.site.id, slug: "zcwj", on: sql)! }
            var content = f.content("关于印发某某办法的通知")
            content.columnID = policy.id
            content.topic = "综合政务"
            content.documentNumber = "江府发〔2026〕3号"
            let editor = f.people["editor"]!
            var work = try await f.publishing.create(siteID: f.site.id, content: content, scheduledFor: nil, by: editor)
            work = try await f.act(.submit, work, by: "editor")
            work = try await f.act(.approve, work, by: "reviewer")
            work = try await f.act(.approve, work, by: "signer")
            let year = CalendarDay(f.clock.now()).year
            #expect(work.indexNumber.hasPrefix("\(f.site.siteIDCode)/综合政务-\(year)-"))
            #expect(work.indexNumber.count == "\(f.site.siteIDCode)/综合政务-\(year)-00001".count)
            // A replaced revision keeps its index number (P15).
            var changed = content
            changed.title = "关于印发某某办法的通知（修订）"
            work = try await f.publishing.edit(articleID: work.id, expectedVersion: work.version, content: changed, scheduledFor: nil, by: editor)
            let number = work.indexNumber
            work = try await f.act(.submit, work, by: "editor")
            work = try await f.act(.approve, work, by: "reviewer")
            work = try await f.act(.approve, work, by: "signer")
            #expect(work.indexNumber == number)
        }
    }
}
