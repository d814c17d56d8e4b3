import Foundation
import HummingbirdTesting
import Logging
import MenhuCore
import MenhuJobs
import MenhuStore
import MenhuTestSupport
import Testing

/// 互动交流 beyond the flow (issue 15): reminders of deadlines, 常见问题 and the search before
/// writing, the monthly figures, the reviewer's extra masks, a second 领导信箱, the look-up limit.
@Suite struct LetterFollowUpTests {
    /// A letter of the portal's 政务咨询 channel, written through the service at the harness's time.
    static func write(_ h: Harness, title: String, body: String, phone: String) async throws -> LetterReceipt {
        let site = try await h.site("www")
        let channel = try #require(
            try await h.db.read { db in try await LetterRecords.channels(siteID: site.id, on: db) }.first { $0.kind == .consultation })
        return try await h.env.letters.submit(
            ["title": title, "body": body, "name": "李四", "phone": phone, "public": "1", "privacy": "1"], channelID: channel.id,
            address: "10.9.\(Int.random(in: 0...255)).\(Int.random(in: 1...254))")
    }

    /// Takes `letter` from 待受理 to a published reply from the editor's department.
    static func answerAndPublish(_ h: Harness, _ letter: Letter, reply: String) async throws -> Letter {
        let admin = try await h.participant("siteadmin"), editor = try await h.participant("editor")
        let department = try #require(try await h.account("editor").departmentID)
        var l = try await h.env.letters.act(.accept, letterID: letter.id, expectedVersion: letter.version, by: admin)
        l = try await h.env.letters.act(
            .transfer, letterID: l.id, expectedVersion: l.version, input: LetterInput(departmentIDs: [department]), by: admin)
        l = try await h.env.letters.act(.sign, letterID: l.id, expectedVersion: l.version, by: editor)
        l = try await h.env.letters.act(.answer, letterID: l.id, expectedVersion: l.version, input: LetterInput(text: reply), by: editor)
        l = try await h.env.letters.act(.approveReply, letterID: l.id, expectedVersion: l.version, by: admin)
        return try await h.env.letters.act(.publish, letterID: l.id, expectedVersion: l.version, by: admin)
    }

    /// I2: 留言办理 lists the letters in the order they are due, the longest overdue first however old
    /// it is, 50 to a page with the filter kept from page to page.
    @Test(arguments: TestEngine.available)
    func theLetterListPutsTheLongestOverdueFirstAndPages(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 3) { (h: Harness, client: any TestClientProtocol) async throws in
            let site = try await h.site("www")
            let channel = try #require(
                try await h.db.read { db in try await LetterRecords.channels(siteID: site.id, on: db) }.first { $0.kind == .consultation })
            let now = h.clock.now()
            // 230 letters: the first received longest ago and due longest ago; the last received most
            // recently and due last. A list of the newest 200 would never show the first.
            let letters = (0..<230).map { i -> Letter in
                var l = Letter(
                    siteID: site.id, channelID: channel.id, channelKind: channel.kind, number: "T\(1000 + i)", title: "排序测试第\(i)件",
                    body: "请问第\(i)号事项如何办理？", writer: LetterWriter(name: "市民", phone: "", email: ""), wantsPublic: false,
                    receivedAt: now.addingTimeInterval(Double(i - 240) * 3600))
                l.dueAt = now.addingTimeInterval(Double(i - 200) * 3600 + 60)
                l.dueStep = .transfer
                return l
            }
            try await h.db.write { db in try await LetterRecords.insertGenerated(letters, on: db) }
            var admin = try await h.browser(client, "siteadmin")
            let first = try await admin.get(client, "/admin/letters?q=排序测试").text
            #expect(first.contains("共 230 件") && first.contains("第 1 / 5 页"))
            let top = try #require(first.range(of: "排序测试第0件<")), next = try #require(first.range(of: "排序测试第1件<"))
            #expect(top.lowerBound < next.lowerBound, "the longest overdue is at the top")
            #expect(first.contains("排序测试第49件<") && !first.contains("排序测试第50件<"), "50 to a page")
            let nextURL = try #require(first.firstMatch(of: #/<a href="(?<u>[^"]+)">下一页</a>/#)).output.u
            let second = try await admin.get(client, String(nextURL).replacingOccurrences(of: "&amp;", with: "&")).text
            #expect(second.contains("第 2 / 5 页") && second.contains("排序测试第50件<") && !second.contains("排序测试第49件<"))
            #expect(second.contains("上一页") && second.contains("q=%E6%8E%92"), "the filter is kept")
            let last = try await admin.get(client, "/admin/letters?q=排序测试&page=5").text
            #expect(last.contains("排序测试第229件<") && !last.contains("下一页"))
            // 已超期 only: the 200 whose deadline has passed, still longest overdue first.
            let overdue = try await admin.get(client, "/admin/letters?q=排序测试&due=overdue").text
            #expect(overdue.contains("共 200 件") && overdue.contains("排序测试第0件<"))
            let lastOverdue = try await admin.get(client, "/admin/letters?q=排序测试&due=overdue&page=4").text
            #expect(lastOverdue.contains("排序测试第199件<") && !lastOverdue.contains("排序测试第200件<"))
        }
    }

    /// I2: the site admin is reminded the day a letter's 受理转办 deadline ends, and again once it
    /// has passed; the department's people are reminded of its 答复 deadline; opening the letter
    /// reads the reminders; each is made once however often the scan runs.
    @Test(arguments: TestEngine.available)
    func peopleAreRemindedBeforeAndAfterADeadline(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 3) { (h: Harness, client: any TestClientProtocol) async throws in
            // Clear the demo's own reminders, so that only this letter's count.
            _ = try await h.db.write { db in try await LetterReminderRecords.scan(now: h.clock.now(), on: db) }
            let siteadmin = try await h.account("siteadmin"), editor = try await h.account("editor")
            let before = try await h.db.read { db in try await LetterReminderRecords.unread(accountID: siteadmin.id, on: db).total }
            let receipt = try await Self.write(h, title: "路灯不亮何时修复", body: "人民路东段路灯已经一周不亮了，请问何时修复？", phone: "13700001111")
            let due = try #require(receipt.letter.dueAt)
            // Far from its deadline: nothing.
            let early = try await h.db.write { db in try await LetterReminderRecords.scan(now: h.clock.now(), on: db) }
            #expect(early == 0)
            // The day it ends: 即将到期, once.
            h.clock.set(due.addingTimeInterval(-3600))
            let soon = try await h.db.write { db in try await LetterReminderRecords.scan(now: h.clock.now(), on: db) }
            let again = try await h.db.write { db in try await LetterReminderRecords.scan(now: h.clock.now(), on: db) }
            #expect(soon >= 1 && again == 0)
            var admin = try await h.browser(client, "siteadmin")
            var board = try await admin.get(client, "/admin").text
            #expect(board.contains("到期提醒") && board.contains("即将到期") && board.contains("路灯不亮何时修复"))
            let unread = try await h.db.read { db in try await LetterReminderRecords.unread(accountID: siteadmin.id, on: db) }
            #expect(unread.total > before && unread.shown.filter { $0.letter.id == receipt.letter.id }.count == 1)
            // Passed: 已超期, once more.
            h.clock.set(due.addingTimeInterval(60))
            let late = try await h.db.write { db in try await LetterReminderRecords.scan(now: h.clock.now(), on: db) }
            #expect(late >= 1)
            board = try await admin.get(client, "/admin").text
            #expect(board.contains("已超期</span> <a href=\"/admin/letters/\(receipt.letter.id)\""))
            // Opening the letter reads its reminders.
            #expect(try await admin.get(client, "/admin/letters/\(receipt.letter.id)").status == .ok)
            board = try await admin.get(client, "/admin").text
            #expect(!board.contains("路灯不亮何时修复"))
            // Transferred to the editor's department: its people are reminded of the 签收 deadline, not the site admin.
            let admins = try await h.participant("siteadmin")
            let department = try #require(editor.departmentID)
            var letter = try #require(try await h.db.read { db in try await LetterRecords.letter(id: receipt.letter.id, on: db) })
            letter = try await h.env.letters.act(.accept, letterID: letter.id, expectedVersion: letter.version, by: admins)
            letter = try await h.env.letters.act(
                .transfer, letterID: letter.id, expectedVersion: letter.version, input: LetterInput(departmentIDs: [department]), by: admins)
            let signDue = try #require(letter.dueAt)
            h.clock.set(signDue.addingTimeInterval(-1800))
            _ = try await h.db.write { db in try await LetterReminderRecords.scan(now: h.clock.now(), on: db) }
            let editorReminders = try await h.db.read { db in try await LetterReminderRecords.unread(accountID: editor.id, on: db).shown }
            #expect(editorReminders.contains { $0.letter.id == letter.id && $0.reminder.step == .sign && $0.reminder.kind == .dueSoon })
            let adminReminders = try await h.db.read { db in try await LetterReminderRecords.unread(accountID: siteadmin.id, on: db).shown }
            #expect(!adminReminders.contains { $0.letter.id == letter.id && $0.reminder.step == .sign })
        }
    }

    /// I1: an answered letter becomes a 常见问题 entry (masked), which another manager reviews; it
    /// is shown on the site and to a writer who searches before writing, until its validity ends.
    @Test(arguments: TestEngine.available)
    func anAnsweredLetterBecomesAFAQShownUntilItsValidityEnds(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 3) { (h: Harness, client: any TestClientProtocol) async throws in
            let receipt = try await Self.write(
                h, title: "新生儿医保如何办理参保", body: "孩子刚出生，电话13600002222，请问新生儿医保在哪里办理？", phone: "13600002222")
            let letter = try await Self.answerAndPublish(h, receipt.letter, reply: "新生儿可在出生后三个月内到户籍所在地医保经办窗口或线上办理参保，李四可拨打12393咨询。")
            var admin = try await h.browser(client, "siteadmin")
            let page = try await admin.get(client, "/admin/letters/\(letter.id)")
            #expect(page.text.contains("加入常见问题"))
            let drafted = try await admin.post(
                client, "/admin/sites/www/letter-faqs", ["_csrf": Browser.csrf(page) ?? "", "fromLetter": letter.id])
            #expect(drafted.status == .seeOther)
            let entryURL = String(try #require(drafted.headers[.location]).split(separator: "?").first!)
            let entry = try await admin.get(client, entryURL)
            #expect(entry.text.contains("新生儿医保如何办理参保") && entry.text.contains("李*可拨打") && !entry.text.contains("李四"))
            // Not on the site before review, and not reviewed by who drafted it.
            #expect(!(try await client.execute(uri: "/letters/faq", method: .get).text.contains("新生儿医保")))
            let version = String(try #require(entry.text.firstMatch(of: #/name="version" value="(?<v>\d+)"/#)).output.v)
            let own = try await admin.post(
                client, entryURL, ["_csrf": Browser.csrf(entry) ?? "", "action": "publish", "version": version])
            #expect(own.status == .forbidden && own.text.contains("起草人以外"))
            // A bad validity date is refused with its message, nothing changed.
            let bad = try await admin.post(
                client, entryURL,
                [
                    "_csrf": Browser.csrf(entry) ?? "", "action": "save", "version": version, "question": "新生儿医保如何办理参保", "answer": "可线上办理。",
                    "validUntil": "2020-01-01",
                ])
            #expect(bad.status == .unprocessableContent && bad.text.contains("有效期不能早于今天"))
            // The platform admin reviews and publishes it.
            var platform = try await h.browser(client, "admin")
            let reviewPage = try await platform.get(client, entryURL)
            let published = try await platform.post(
                client, entryURL, ["_csrf": Browser.csrf(reviewPage) ?? "", "action": "publish", "version": version])
            #expect(published.status == .seeOther)
            let faq = try await client.execute(uri: "/letters/faq", method: .get).text
            #expect(faq.contains("新生儿医保如何办理参保") && faq.contains("12393"))
            // A writer who asks a similar question first sees the entry and the answered letter.
            let channel = String(
                try #require(
                    try await client.execute(uri: "/letters", method: .get).text.firstMatch(of: #/href="(?<u>/letters/[^"/]+)">政务咨询</a>/#)
                ).output.u)
            let q = "新生儿医保怎么办".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let search = try await client.execute(uri: "\(channel)?q=\(q)", method: .get).text
            #expect(search.contains("常见问题：新生儿医保如何办理参保") && search.contains("class=\"similar-letter\""))
            let unrelated = try await client.execute(
                uri: "\(channel)?q=\("垃圾分类".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)", method: .get
            ).text
            let section = try #require(
                unrelated.components(separatedBy: "class=\"letter-similar\"").dropFirst().first?.components(separatedBy: "</section>").first)
            #expect(section.contains("没有找到相近的已答复问题") && !section.contains("新生儿医保"))
            // Past its validity it is no longer shown (but kept in the console, marked).
            h.clock.advance(by: Double(LetterFAQ.defaultValidity + 2) * 86_400)
            #expect(!(try await client.execute(uri: "/letters/faq", method: .get).text.contains("新生儿医保如何办理参保")))
            var later = Browser()
            try await later.logIn(client, "siteadmin", "Menhu-Test-2026!", newPassword: "Menhu-Test-2027!")
            let list = try await later.get(client, "/admin/sites/www/letter-faqs").text
            #expect(list.contains("新生儿医保如何办理参保") && list.contains("已过期"))
        }
    }

    /// I2, I6: the month's figures by department: received, finished, on time, working days, satisfaction.
    @Test func theMonthlyFiguresCountEachDepartmentsLetters() async throws {
        try await Harness.with(.sqlite, articles: 3) { (h: Harness, client: any TestClientProtocol) async throws in
            let receipt = try await Self.write(h, title: "公交线路调整咨询", body: "请问12路公交线路调整后是否经过人民医院站？", phone: "13500003333")
            let letter = try await Self.answerAndPublish(h, receipt.letter, reply: "调整后的12路仍经过人民医院站。")
            _ = try await h.env.letters.rate(number: letter.number, code: receipt.code, .satisfied, reason: "", address: "10.0.0.1")
            let month = String(CalendarDay(h.clock.now()).description.prefix(7))
            let page = try await client.execute(uri: "/letters/figures?month=\(month)", method: .get)
            #expect(page.status == .ok)
            let editor = try await h.account("editor")
            let departments = try await h.db.read { db in try await DepartmentRecords.all(on: db).byID() }
            let departmentID = try #require(editor.departmentID)
            let name = try #require(departments[departmentID]).fullName(among: departments)
            let row = try #require(
                page.text.components(separatedBy: "<th scope=\"row\">\(name)</th>").dropFirst().first?.components(separatedBy: "</tr>").first)
            let cells = row.matches(of: #/<td>(?<v>[^<]*)</td>/#).map { String($0.output.v) }
            #expect(cells.count == 5)
            #expect(Int(cells[0]) ?? 0 >= 1 && Int(cells[1]) ?? 0 >= 1, "received and finished: \(cells)")
            #expect(cells[2].hasSuffix("%") && cells[4].hasSuffix("%"), "on time and satisfaction as shares: \(cells)")
            #expect(page.text.contains("<th scope=\"row\">合计</th>"))
            // A month in the future or not a month: this month.
            let odd = try await client.execute(uri: "/letters/figures?month=2999-01", method: .get)
            #expect(odd.status == .ok && odd.text.contains("\(CalendarDay(h.clock.now()).year) 年 \(CalendarDay(h.clock.now()).month) 月留言办理情况"))
        }
    }

    /// I4: the reviewer hides a village's name besides the personal data found; a single character
    /// is refused; the public page shows the mask.
    @Test func theReviewerMasksMoreThanWasFound() async throws {
        try await Harness.with(.sqlite, articles: 3) { (h: Harness, client: any TestClientProtocol) async throws in
            let receipt = try await Self.write(
                h, title: "幸福村道路破损", body: "幸福村三组到镇上的道路破损严重，雨天无法通行，请尽快维修。", phone: "13400004444")
            var admin = try await h.browser(client, "siteadmin")
            let url = "/admin/letters/\(receipt.letter.id)"
            var page = try await admin.get(client, url)
            func version(_ p: TestResponse) throws -> String {
                String(try #require(p.text.firstMatch(of: #/name="version" value="(?<v>\d+)"/#)).output.v)
            }
            let single = try await admin.post(
                client, url + "/masks", ["_csrf": Browser.csrf(page) ?? "", "version": try version(page), "masks": "村"])
            #expect(single.status == .unprocessableContent && single.text.contains("只有一个字"))
            page = try await admin.get(client, url)
            let saved = try await admin.post(
                client, url + "/masks", ["_csrf": Browser.csrf(page) ?? "", "version": try version(page), "masks": "幸福村三组\n幸福村"])
            #expect(saved.status == .seeOther)
            page = try await admin.get(client, url)
            #expect(page.text.contains("已隐去：审核人隐去 幸福村三组") && page.text.contains("***道路破损"))
            // The editor (no letter management) cannot.
            var editor = try await h.browser(client, "editor")
            let editorPage = try await editor.get(client, "/admin")
            let refused = try await editor.post(client, url + "/masks", ["_csrf": Browser.csrf(editorPage) ?? "", "version": "1", "masks": "人民路"])
            #expect(refused.status == .forbidden)
            let published = try await Self.answerAndPublish(
                h, try #require(try await h.db.read { db in try await LetterRecords.letter(id: receipt.letter.id, on: db) }), reply: "已安排幸福村道路维修。")
            let channel = try await client.execute(uri: "/letters/\(published.channelID)", method: .get).text
            #expect(channel.contains("***到镇上的道路") && channel.contains("已安排***道路维修") && !channel.contains("幸福村"))
        }
    }

    /// I1, I6: a second 领导信箱 (市长信箱) is opened from the console and takes letters at once;
    /// a 查询码 cannot be guessed at speed: 20 wrong look-ups from one address and it waits.
    @Test func aSecondLeaderMailboxAndTheLookUpLimit() async throws {
        try await Harness.with(.sqlite, articles: 3, live: true, trustedProxies: ["127.0.0.1"]) {
            (h: Harness, client: any TestClientProtocol) async throws in
            var admin = try await h.browser(client, "siteadmin")
            let page = try await admin.get(client, "/admin/sites/www/letter-channels")
            #expect(page.text.contains("新增渠道"))
            let blank = try await admin.post(
                client, "/admin/sites/www/letter-channels", ["_csrf": Browser.csrf(page) ?? "", "kind": "leaderMailbox", "name": ""])
            #expect(blank.status == .unprocessableContent && blank.text.contains("请填写渠道名称"))
            let before = try await h.count("letter_channels")
            let made = try await admin.post(
                client, "/admin/sites/www/letter-channels", ["_csrf": Browser.csrf(page) ?? "", "kind": "leaderMailbox", "name": "市长信箱"])
            #expect(made.status == .seeOther)
            #expect(try await h.count("letter_channels") == before + 1)
            let index = try await client.execute(uri: "/letters", method: .get).text
            let mailbox = String(try #require(index.firstMatch(of: #/href="(?<u>/letters/[^"/]+)">市长信箱</a>/#)).output.u)
            let form = try await client.execute(uri: mailbox, method: .get)
            #expect(form.status == .ok && form.text.contains("我要留言"))

            var guesser = Browser.at("10.20.30.40")
            let receipt = try await Self.write(h, title: "关于停车收费的建议", body: "建议医院周边停车收费时段调整为白天。", phone: "13300005555")
            for _ in 0..<20 {
                let wrong = try await guesser.post(client, "/letters/lookup", ["number": receipt.number, "code": "GUESS12345"])
                #expect(wrong.status == .notFound)
            }
            let held = try await guesser.post(client, "/letters/lookup", ["number": receipt.number, "code": receipt.code])
            #expect(held.status == .tooManyRequests && held.text.contains("请 10 分钟后再试") && !held.text.contains("停车收费"))
            // Another address is not held back.
            var writer = Browser.at("10.20.30.41")
            let found = try await writer.post(client, "/letters/lookup", ["number": receipt.number, "code": receipt.code])
            #expect(found.status == .ok && found.text.contains("关于停车收费的建议"))
        }
    }

    /// I1: a writer attaches a photo and a PDF; a file that is not what its name says is refused
    /// with nothing stored; the handler opens them, someone outside the letter cannot, the public never sees them.
    @Test func aLetterCarriesPicturesAndPDFsOnlyItsHandlersOpen() async throws {
        try await Harness.with(.sqlite, articles: 3) { (h: Harness, client: any TestClientProtocol) async throws in
            let index = try await client.execute(uri: "/letters", method: .get).text
            let channel = String(try #require(index.firstMatch(of: #/href="(?<u>/letters/[^"/]+)">政务咨询</a>/#)).output.u)
            var citizen = Browser()
            let form = try await citizen.get(client, channel)
            #expect(form.text.contains("enctype=\"multipart/form-data\"") && form.text.contains("name=\"attachment\""))
            let fields = try LetterPagesTests.answered(
                form.text,
                [
                    "title": "路面塌陷请处理", "body": "建设路中段路面塌陷，照片和情况说明见附件。", "name": "孙先生", "phone": "13200006666", "public": "1",
                    "privacy": "1",
                ])
            let before = try await h.count("letters"), files = try await h.count("letter_attachments")
            let fake = try await citizen.upload(
                client, channel, fields: fields, files: [("attachment", "现场.png", Data("<html>not a picture</html>".utf8))])
            #expect(fake.status == .unprocessableContent && fake.text.contains("不是 JPG、PNG 图片或 PDF 文件") && fake.text.contains("请修改后重新选择附件"))
            let (lettersAfter, filesAfter) = (try await h.count("letters"), try await h.count("letter_attachments"))
            #expect(lettersAfter == before && filesAfter == files)
            let again = try LetterPagesTests.answered(fake.text, fields)
            let sent = try await citizen.upload(
                client, channel, fields: again,
                files: [("attachment", "现场.png", tinyPNG), ("attachment", "C:\\Users\\sun\\情况说明.pdf", makePDF("road"))])
            #expect(sent.status == .created)
            #expect(try await h.count("letter_attachments") == files + 2)
            let number = String(try #require(sent.text.firstMatch(of: #/<dt>查询编号</dt><dd class="code">(?<n>\d+)</dd>/#)).output.n)
            let letter = try #require(
                try await h.db.read { db in try await LetterRecords.letter(number: number, siteID: try await h.site("www").id, on: db) })

            var admin = try await h.browser(client, "siteadmin")
            let page = try await admin.get(client, "/admin/letters/\(letter.id)").text
            #expect(page.contains("附件（仅办理人员可见，不公开）") && page.contains(">情况说明.pdf</a>") && page.contains(">现场.png</a>"))
            let pdfURL = String(try #require(page.firstMatch(of: #/href="(?<u>/admin/letters/[^"]+/attachments/[^"]+)">情况说明.pdf/#)).output.u)
            let pdf = try await admin.get(client, pdfURL)
            #expect(pdf.status == .ok && pdf.headers[.contentType] == "application/pdf")
            #expect(pdf.headers[.contentDisposition]?.hasPrefix("attachment;") == true && pdf.headers[.cacheControl] == "private, no-store")
            // Someone with no part in the letter, and the public, cannot.
            var reviewer = try await h.browser(client, "reviewer")
            #expect(try await reviewer.get(client, pdfURL).status == .forbidden)
            var anonymous = Browser()
            #expect(try await anonymous.get(client, pdfURL).status != .ok)
        }
    }

    /// I2: with an SMTP relay configured, a person with a reminder e-mail gets the reminder by mail
    /// too, once; a bad address is refused on the account page with nothing saved.
    @Test func remindersAreAlsoEmailedWhenARelayIsConfigured() async throws {
        try await Harness.with(.sqlite, articles: 3) { (h: Harness, client: any TestClientProtocol) async throws in
            let relay = try FakeSMTPServer()
            defer { relay.stop() }
            let siteadmin = try await h.account("siteadmin")
            var platform = try await h.browser(client, "admin")
            let page = try await platform.get(client, "/admin/accounts/\(siteadmin.id)")
            #expect(page.text.contains("提醒邮箱"))
            let bad = try await platform.post(
                client, "/admin/accounts/\(siteadmin.id)/email", ["_csrf": Browser.csrf(page) ?? "", "email": "not an address"])
            #expect(bad.status == .unprocessableContent && bad.text.contains("电子邮箱格式不正确"))
            #expect(try await h.account("siteadmin").email == "")
            let saved = try await platform.post(
                client, "/admin/accounts/\(siteadmin.id)/email", ["_csrf": Browser.csrf(page) ?? "", "email": " WangLi@Jiangyuan.gov.cn "])
            let email = try await h.account("siteadmin").email
            #expect(saved.status == .seeOther && email == "wangli@jiangyuan.gov.cn")

            let scan = LetterReminderScan(
                database: h.db, clock: h.clock, logger: Logger(label: "test"),
                smtp: SMTPSettings(host: "127.0.0.1", port: relay.port, from: "门户平台 <menhu@jiangyuan.gov.cn>", timeout: 5))
            // The demo's own backlog first, then this letter's reminder alone.
            _ = await scan.runOnce()
            let before = relay.messages.count
            let receipt = try await Self.write(h, title: "公园开放时间咨询", body: "请问人民公园冬季几点开门、几点闭园？", phone: "13100007777")
            h.clock.set(try #require(receipt.letter.dueAt).addingTimeInterval(-3600))
            _ = await scan.runOnce()
            _ = await scan.runOnce()
            let mine = relay.messages.dropFirst(before).filter { $0.subject.contains(receipt.number) }
            #expect(mine.count == 1, "one mail for one reminder: \(relay.messages.map { $0.subject })")
            let mail = try #require(mine.first)
            #expect(mail.recipient == "wangli@jiangyuan.gov.cn")
            let decoded = mail.subject
            #expect(decoded.contains("即将到期") && decoded.contains("公园开放时间咨询"))
            let body = mail.data.components(separatedBy: "\n\n").dropFirst().joined().replacingOccurrences(of: "\n", with: "")
            let text = String(decoding: try #require(Data(base64Encoded: body)), as: UTF8.self)
            #expect(text.contains("/admin/letters/\(receipt.letter.id)") && text.contains("受理转办"))
        }
    }
}
