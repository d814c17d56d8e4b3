import Foundation
import Logging
import MenhuCore
import MenhuImport
import MenhuJobs
import MenhuStore
import MenhuTestSupport
import SQLKit
import Testing

@Suite struct InformationFlowTests {
    @Test(arguments: TestEngine.available)
    func submissionsAreCountedPerDepartmentAndAdoptedOnesBecomeDrafts(engine: TestEngine) async throws {
        try await PublishingFixture.with(engine) { f in
            let flow = InformationFlowService(database: f.db, clock: f.clock)
            let departments = try await f.db.read { sql in try await DepartmentRecords.all(on: sql) }
            let owner = try #require(f.column.ownerDepartmentID)
            var fields = [
                "departmentID": owner, "workDate": CalendarDay(f.clock.now()).description, "title": "我局开展消防演练",
                "content": "11月20日，我局组织全体干部开展消防演练。\n演练结束后进行了总结。", "source": "办公室",
                "form": "文字", "requirements": "请在工作动态发布",
            ]
            // P13: every named field is required.
            var missing = fields
            missing["requirements"] = ""
            await #expect(throws: FieldErrors.self) { _ = try await flow.submit(siteID: f.site.id, missing, by: f.people["editor"]!.actor) }
            let first = try await flow.submit(siteID: f.site.id, fields, by: f.people["editor"]!.actor)
            fields["title"] = "第二条"
            let second = try await flow.submit(siteID: f.site.id, fields, by: f.people["editor"]!.actor)
            let publisher = f.people["publisher"]!
            await #expect(throws: FieldErrors.self) {
                _ = try await flow.decide(submissionID: second.id, siteID: f.site.id, adopt: false, columnID: nil, reason: "", by: publisher)
            }
            // The draft must go to a named editor who can edit that column.
            await #expect(throws: FieldErrors.self) {
                _ = try await flow.decide(submissionID: first.id, siteID: f.site.id, adopt: true, columnID: f.column.id, reason: "", by: publisher)
            }
            await #expect(throws: FieldErrors.self) {
                _ = try await flow.decide(
                    submissionID: first.id, siteID: f.site.id, adopt: true, columnID: f.column.id, reason: "",
                    assigneeID: f.people["reviewer"]!.accountID, by: publisher)
            }
            let editor = f.people["editor"]!
            let adopted = try await flow.decide(
                submissionID: first.id, siteID: f.site.id, adopt: true, columnID: f.column.id,
                reason: "", assigneeID: editor.accountID, by: publisher)
            _ = try await flow.decide(
                submissionID: second.id, siteID: f.site.id, adopt: false, columnID: nil, reason: "与上条重复",
                by: publisher)
            await #expect(throws: ServiceError.self) {
                _ = try await flow.decide(submissionID: first.id, siteID: f.site.id, adopt: false, columnID: nil, reason: "x", by: publisher)
            }
            let draft = try await f.db.read { sql in try await PublishingRecords.work(id: adopted.articleID!, on: sql) }
            #expect(draft?.stage == .draft && draft?.workingTitle == "我局开展消防演练" && draft?.eventDate == CalendarDay(f.clock.now()))
            // 14.3: it is the editor's draft, so it waits in their 我的待办 with 修改 and 提交审核 offered.
            #expect(draft?.createdBy == editor.accountID)
            let tallies = try await f.db.read { sql in
                try await InformationFlowService.tallies(siteID: f.site.id, month: CalendarDay(f.clock.now()), on: sql)
            }
            #expect(tallies == [SubmissionTally(departmentID: owner, submitted: 2, adopted: 1)])
            let others = departments.map(\.id).filter { $0 != owner }
            #expect(SubmissionTally.below(tallies, departments: [owner] + others) == others)
        }
    }

    @Test(arguments: TestEngine.available)
    func feedItemsBecomeRepostTasksWithATwelveHourDeadline(engine: TestEngine) async throws {
        try await PublishingFixture.with(engine) { f in
            let flow = InformationFlowService(database: f.db, clock: f.clock)
            _ = try await flow.addFeed(
                siteID: f.site.id, name: "省人民政府", url: "https://www.example.gov.cn/rss.xml",
                by: f.people["siteadmin"]!.actor)
            let rss = """
                <?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>省政府</title>
                <item><title>省政府关于促进就业的若干措施</title><link>https://www.example.gov.cn/a/1.html</link></item>
                <item><title><![CDATA[省政府办公厅关于安全生产的通知]]></title><link>https://www.example.gov.cn/a/2.html</link></item>
                </channel></rss>
                """
            let poller = FeedPoller(flow: flow, logger: Logger(label: "test")) { _ in Data(rss.utf8) }
            #expect(await poller.runOnce() == 2)
            #expect(await poller.runOnce() == 0)
            var tasks = try await f.db.read { sql in try await InformationFlowService.tasks(siteID: f.site.id, on: sql) }
            #expect(tasks.count == 2 && tasks.allSatisfy { $0.dueAt == f.clock.now().addingTimeInterval(12 * 3600) })
            #expect(tasks[0].countdown(now: f.clock.now()) == "剩余 12 小时 0 分")
            // Start the repost: a draft that names the original (P4); done when it goes live.
            let task = tasks.first { $0.title == "省政府关于促进就业的若干措施" }!
            let id = try await flow.startRepost(taskID: task.id, siteID: f.site.id, columnID: f.column.id, by: f.people["editor"]!)
            var work = try await f.db.read { sql in try await PublishingRecords.work(id: id, on: sql)! }
            let content = try await f.db.read { [work] sql in try await PublishingRecords.revision(id: work.currentRevisionID, on: sql)!.content }
            #expect(content.isRepost && content.sourceURL == task.link && content.originalAuthor == "省人民政府")
            f.clock.advance(by: 13 * 3600)
            work = try await f.act(.submit, work, by: "editor")
            work = try await f.act(.approve, work, by: "reviewer")
            work = try await f.act(.approve, work, by: "signer")
            tasks = try await f.db.read { sql in try await InformationFlowService.tasks(siteID: f.site.id, on: sql) }
            let done = tasks.first { $0.id == task.id }!
            #expect(done.status == .done && done.isLate(now: f.clock.now()))
            let open = tasks.first { $0.id != task.id }!
            #expect(open.status == .open && open.isLate(now: f.clock.now()) && open.countdown(now: f.clock.now()) == "已超时 1 小时 0 分")
        }
    }

    @Test func feedReaderReadsRSSAndAtomAndRefusesOtherXML() {
        let atom = """
            <feed xmlns="http://www.w3.org/2005/Atom"><title>国务院</title>
            <entry><title>国务院常务会议</title><link rel="alternate" href="https://www.gov.cn/x.htm"/></entry></feed>
            """
        #expect(FeedReader.items(Data(atom.utf8)) == [FeedReader.Item(title: "国务院常务会议", link: "https://www.gov.cn/x.htm")])
        #expect(FeedReader.items(Data("<html><body>x</body></html>".utf8)) == nil)
        #expect(FeedReader.items(Data("not xml".utf8)) == nil)
    }

    @Test func privateAndLoopbackAddressesAreNotFetched() {
        #expect(!NetworkAddress.isPublic(host: "127.0.0.1"))
        #expect(!NetworkAddress.isPublic(host: "localhost"))
        #expect(!NetworkAddress.isPublic(host: "10.1.2.3"))
        #expect(!NetworkAddress.isPublic(host: "192.168.0.1"))
        #expect(!NetworkAddress.isPublic(host: "::1"))
        #expect(NetworkAddress.isPrivate(v4: [172, 20, 0, 1]) && !NetworkAddress.isPrivate(v4: [172, 32, 0, 1]))
        #expect(!NetworkAddress.isPrivate(v4: [202, 96, 128, 86]))
    }
}
