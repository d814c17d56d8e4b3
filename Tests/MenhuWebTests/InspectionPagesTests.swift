import Foundation
import HummingbirdTesting
import MenhuCore
import MenhuStore
import MenhuTestSupport
import SQLKit
import Testing

/// 值班读网 and 整改 (M1, M2), as the duty reader and the site admin use them.
@Suite struct InspectionPagesTests {
    /// The hidden revision of an item's mark form on the reading page.
    func revision(_ page: String, item: String) -> String? {
        guard let row = page.components(separatedBy: "<tr id=\"item-").first(where: { $0.hasPrefix(item + "\"") }),
            let r = row.range(of: "name=\"revisionID\" value=\"")
        else { return nil }
        return String(row[r.upperBound...].prefix { $0 != "\"" })
    }

    func row(_ page: String, item: String) -> String? {
        page.components(separatedBy: "<tr id=\"item-").first { $0.hasPrefix(item + "\"") }
    }

    @Test(arguments: TestEngine.available)
    func theDutyReaderMarksEachOfTheDaysItemsAndAnEditedOneComesBack(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 10) { (h: Harness, client: any TestClientProtocol) async throws in
            // A day of its own: only what this test publishes is on its list.
            h.clock.advance(by: 3 * 86_400)
            let column = try await h.column("gzdt")
            var desk = try await SearchTests.Desk(h, client)
            let fields = ["title": "读网测试信息一", "columnID": column.id, "source": "市政府办公室", "body": "<p>第一条。</p>"]
            let first = try await desk.publish(client, fields)
            let second = try await desk.publish(
                client, ["title": "读网测试信息二", "columnID": column.id, "source": "市政府办公室", "body": "<p>第二条。</p>"])
            let (a, b) = (String(first.split(separator: "/").last!), String(second.split(separator: "/").last!))
            var reader = try await h.browser(client, "siteadmin")
            let today = ChinaTime.day(h.clock.now())
            var page = try await reader.get(client, "/admin/sites/www/reading")
            #expect(page.status == .ok && page.text.contains("\(today)：已读 0 / 2（0.0%）"))
            #expect(row(page.text, item: a)?.contains("未读") == true)
            let csrf = try #require(Browser.csrf(page))
            // 有误 needs a note; the page says so and nothing is stored.
            let bare = try await reader.post(
                client, "/admin/sites/www/reading/\(b)",
                ["_csrf": csrf, "day": today, "verdict": "wrong", "revisionID": revision(page.text, item: b) ?? ""])
            #expect(bare.status == .unprocessableContent && bare.text.contains("标为有误时请写明问题所在"))
            #expect(row(bare.text, item: b)?.contains("value=\"wrong\" checked") == true, "the choice is kept")
            #expect(try await h.count("duty_reads") == 0)
            let marked = try await reader.post(
                client, "/admin/sites/www/reading/\(a)",
                ["_csrf": csrf, "day": today, "verdict": "correct", "revisionID": revision(page.text, item: a) ?? ""])
            #expect(marked.status == .seeOther)
            let wrong = try await reader.post(
                client, "/admin/sites/www/reading/\(b)",
                ["_csrf": csrf, "day": today, "verdict": "wrong", "note": "第二段数字有误", "revisionID": revision(page.text, item: b) ?? ""])
            #expect(wrong.status == .seeOther)
            page = try await reader.get(client, "/admin/sites/www/reading?day=\(today)")
            #expect(page.text.contains("已读 2 / 2（100.0%）") && row(page.text, item: b)?.contains("第二段数字有误") == true)
            // 有误 opens a rectification for the column's owner department at once.
            var admin = reader
            let tasks = try await admin.get(client, "/admin/sites/www/rectifications").text
            #expect(tasks.contains("「读网测试信息二」值班读网发现问题") && tasks.contains("第二段数字有误"))

            // The first item is edited and goes live again: it is back on the list, and a mark for
            // the revision that was read is refused.
            let oldRevision = try #require(revision(page.text, item: a))
            let edit = try await desk.editor.get(client, first + "/edit")
            var changed = fields
            changed["_csrf"] = Browser.csrf(edit)
            changed["version"] = Browser.version(edit)
            changed["body"] = "<p>第一条（修改）。</p>"
            #expect(try await desk.editor.post(client, first + "/edit", changed).status == .seeOther)
            _ = try await desk.editor.act(client, first, "submit")
            _ = try await desk.reviewer.act(client, first, "approve")
            _ = try await desk.signer.act(client, first, "approve")
            page = try await reader.get(client, "/admin/sites/www/reading?day=\(today)")
            #expect(row(page.text, item: a)?.contains("修改后待重读") == true && page.text.contains("已读 1 / 2"))
            let stale = try await reader.post(
                client, "/admin/sites/www/reading/\(a)", ["_csrf": csrf, "day": today, "verdict": "correct", "revisionID": oldRevision])
            #expect(stale.status == .unprocessableContent && stale.text.contains("刚刚又修改过"))
            // An editor does not read for the site.
            #expect(try await desk.editor.get(client, "/admin/sites/www/reading").status == .forbidden)
        }
    }

    @Test(arguments: TestEngine.available)
    func theInspectionOpensRectificationsAndItsRecheckClosesThem(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 10) { (h: Harness, client: any TestClientProtocol) async throws in
            let www = try await h.site("www")
            let service = InspectionService(database: h.db, clock: h.clock)
            let first = try await service.reconcile(site: www)
            #expect(first.opened > 0)
            #expect(try await service.reconcile(site: www) == (0, 0), "a second run finds the same and opens nothing")
            var admin = try await h.browser(client, "siteadmin")
            var page = try await admin.get(client, "/admin/sites/www/rectifications")
            #expect(page.status == .ok && page.text.contains("待整改 \(first.opened) 项"))
            // The demo's blank columns are owed by their owner departments.
            #expect(page.text.contains("「在线交流」是空白栏目，从未发布信息"), "a blank column is owed by its owner department")
            let tasks = try await h.db.read { sql in try await RectificationRecords.list(siteID: www.id, states: [.open], on: sql) }
            let task = try #require(tasks.first { $0.source == .contract })
            // Working days: opened on a Monday… whatever the day, the deadline is after it.
            #expect(task.dueAt > task.openedAt)
            let csrf = try #require(Browser.csrf(page))
            #expect(page.text.contains("/rectifications/\(task.id)/dismiss"), "the site admin is offered the dismissal")
            let refused = try await admin.post(
                client, "/admin/sites/www/rectifications/\(task.id)/dismiss", ["_csrf": csrf, "reason": "", "until": "2000-01-01"])
            #expect(refused.status == .unprocessableContent, "\(refused.status)")
            #expect(refused.text.contains("请填写暂不整改的理由") && refused.text.contains("暂缓至须为今天之后"))
            let until = CalendarDay(h.clock.now().addingTimeInterval(10 * 86_400)).description
            let dismissed = try await admin.post(
                client, "/admin/sites/www/rectifications/\(task.id)/dismiss", ["_csrf": csrf, "reason": "栏目正在调整，月底前合并", "until": until])
            #expect(dismissed.status == .seeOther)
            page = try await admin.get(client, "/admin/sites/www/rectifications")
            #expect(page.text.contains("栏目正在调整，月底前合并（暂缓至 \(until)）"))
            #expect(try await service.reconcile(site: www) == (0, 0), "a dismissal holds until its day")
            // After its day, still found: open again.
            h.clock.advance(by: 11 * 86_400)
            #expect(try await service.reconcile(site: www).opened >= 1)
            let again = try await h.db.read { sql in try await RectificationRecords.find(id: task.id, on: sql) }
            #expect(again?.state == .open && again?.note == "复查仍发现此问题，重新整改")
            // A finding that is gone is closed by the re-check: the blank column gets an item.
            let column = try await h.db.read { sql in try await ColumnRecords.find(id: task.subject.replacing("contract ", with: ""), on: sql) }
            var desk = try await SearchTests.Desk(h, client)
            _ = try await desk.publish(
                client, ["title": "补充栏目内容", "columnID": try #require(column).id, "source": "市政府办公室", "body": "<p>内容。</p>"])
            _ = try await service.reconcile(site: www)
            let fixed = try await h.db.read { sql in try await RectificationRecords.find(id: task.id, on: sql) }
            #expect(fixed?.state == .fixed && fixed?.note == "复查未再发现，自动关闭")
            // Only the site admin sets a task aside; an editor cannot see the list.
            #expect(try await desk.editor.get(client, "/admin/sites/www/rectifications").status == .forbidden)
        }
    }
    /// What was left unread at midnight is one task a day for the site's office, from the
    /// platform's first inspection on, and reading the day's items closes it.
    @Test(arguments: TestEngine.available)
    func aDayLeftUnreadIsOneTaskUntilItIsRead(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 10) { (h: Harness, client: any TestClientProtocol) async throws in
            let www = try await h.site("www")
            let service = InspectionService(database: h.db, clock: h.clock)
            h.clock.advance(by: 3 * 86_400)
            _ = try await h.db.write { db in
                try await BackgroundTaskRecords.request(BackgroundTaskKind.inspection, scope: "*", by: "日常自查", at: h.clock.now(), on: db)
            }
            let column = try await h.column("gzdt")
            var desk = try await SearchTests.Desk(h, client)
            var ids: [String] = []
            for n in 1...2 {
                let path = try await desk.publish(
                    client, ["title": "未读测试信息\(n)", "columnID": column.id, "source": "市政府办公室", "body": "<p>第\(n)条。</p>"])
                ids.append(String(path.split(separator: "/").last!))
            }
            let day = ChinaTime.day(h.clock.now())
            func unread() async throws -> [Rectification] {
                try await h.db.read { sql in try await RectificationRecords.list(siteID: www.id, limit: nil, on: sql) }
                    .filter { $0.subject.hasPrefix("unread") }
            }
            _ = try await service.reconcile(site: www)
            #expect(try await unread().isEmpty, "the demo's older items came before the first inspection, and today is not over")
            h.clock.advance(by: 86_400)
            _ = try await service.reconcile(site: www)
            var tasks = try await unread()
            #expect(tasks.count == 1 && tasks[0].title == "\(day) 发布的 2 条信息当天未读网" && tasks[0].departmentID == nil)
            #expect(tasks[0].detail.contains("「未读测试信息1」") && tasks[0].state == .open)
            var reader = try await h.browser(client, "siteadmin")
            // The 工作台 says where the site's self-inspection stands.
            let board = try await reader.get(client, "/admin").text
            #expect(board.contains("日常自查") && board.contains("项待整改") && board.contains("href=\"/admin/sites/www/reading\""))
            let page = try await reader.get(client, "/admin/sites/www/reading?day=\(day)")
            let csrf = try #require(Browser.csrf(page))
            for id in ids {
                let marked = try await reader.post(
                    client, "/admin/sites/www/reading/\(id)",
                    ["_csrf": csrf, "day": day, "verdict": "correct", "revisionID": revision(page.text, item: id) ?? ""])
                #expect(marked.status == .seeOther)
            }
            _ = try await service.reconcile(site: www)
            tasks = try await unread()
            #expect(tasks.count == 1 && tasks[0].state == .fixed, "read late, the task is closed by the re-check")
        }
    }
}
