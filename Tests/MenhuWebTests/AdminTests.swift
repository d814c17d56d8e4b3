import Foundation
import HTTPTypes
import HummingbirdTesting
import MenhuCore
import MenhuStore
import MenhuTestSupport
import MenhuWeb
import NIOCore
import Testing

@Suite struct AdminTests {
    @Test(arguments: TestEngine.available)
    func firstLoginForcesThePasswordChangeBeforeAnythingElse(engine: TestEngine) async throws {
        try await Harness.with(engine) { (h: Harness, client: any TestClientProtocol) async throws in
            var browser = Browser()
            let form = try await browser.get(client, "/admin/login")
            let login = try await browser.post(
                client, "/admin/login",
                ["_csrf": Browser.csrf(form)!, "username": "editor", "password": h.credentials["editor"]!])
            #expect(login.status == .seeOther && login.headers[.location] == "/admin/password")
            let cookie = try #require(login.headers[values: .setCookie].first { $0.hasPrefix("menhu_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/admin"))
            // Every other page sends the person back to the change form.
            let dashboard = try await browser.get(client, "/admin")
            #expect(dashboard.status == .seeOther && dashboard.headers[.location] == "/admin/password")
            // A weak new password is refused with Chinese reasons and nothing changes.
            let page = try await browser.get(client, "/admin/password")
            let token = try #require(Browser.csrf(page))
            let weak = try await browser.post(
                client, "/admin/password",
                ["_csrf": token, "current": h.credentials["editor"]!, "new": "abc", "confirm": "abc"])
            #expect(weak.status == .unprocessableContent)
            #expect(weak.text.contains("密码至少 10 位"))
            #expect(try await browser.get(client, "/admin").status == .seeOther)
            let good = try await browser.post(
                client, "/admin/password",
                ["_csrf": token, "current": h.credentials["editor"]!, "new": "Xin-Xi-Yuan-2026", "confirm": "Xin-Xi-Yuan-2026"])
            #expect(good.status == .seeOther)
            #expect(try await browser.get(client, "/admin").status == .ok)
            // The initial password no longer works.
            var other = Browser()
            let form2 = try await other.get(client, "/admin/login")
            let old = try await other.post(
                client, "/admin/login",
                ["_csrf": Browser.csrf(form2)!, "username": "editor", "password": h.credentials["editor"]!])
            #expect(old.status == .unauthorized && old.text.contains("用户名或密码不正确"))
        }
    }

    @Test(arguments: TestEngine.available)
    func passwordExpiryAfterNinetyDaysForcesAChange(engine: TestEngine) async throws {
        try await Harness.with(engine) { (h: Harness, client: any TestClientProtocol) async throws in
            var browser = Browser()
            try await browser.logIn(client, "admin", h.credentials["admin"]!)
            h.clock.advance(by: 91 * 86_400)
            // The old session has long expired; logging in again leads to the change form.
            let page = try await browser.get(client, "/admin/accounts")
            #expect(page.status == .seeOther && page.headers[.location]?.hasPrefix("/admin/login") == true)
            let form = try await browser.get(client, "/admin/login")
            let login = try await browser.post(
                client, "/admin/login",
                ["_csrf": Browser.csrf(form)!, "username": "admin", "password": "Menhu-Test-2026!"])
            #expect(login.headers[.location] == "/admin/password")
            #expect(try await browser.get(client, "/admin/accounts").headers[.location] == "/admin/password")
            #expect(try await browser.get(client, "/admin/password").text.contains("密码已超过 90 天"))
        }
    }

    /// Security issue 12, 1.5: five wrong guesses locked any account for everyone, and the
    /// message told which names exist.
    @Test(arguments: TestEngine.available)
    func guessingElsewhereNeitherLocksThePersonOutNorTellsWhichNamesExist(engine: TestEngine) async throws {
        try await Harness.with(engine, live: true, trustedProxies: ["127.0.0.1"]) { (h: Harness, client: any TestClientProtocol) async throws in
            func attempts(_ name: String, from address: String, _ n: Int) async throws -> [String] {
                var browser = Browser.at(address)
                var seen: [String] = []
                for _ in 0..<n {
                    let form = try await browser.get(client, "/admin/login")
                    let answer = try await browser.post(
                        client, "/admin/login",
                        ["_csrf": Browser.csrf(form)!, "username": name, "password": "wrong-password"])
                    let message =
                        answer.text.components(separatedBy: "class=\"error\"").dropFirst().first?.components(separatedBy: "</p>").first ?? ""
                    seen.append("\(answer.status.code) \(message)")
                }
                return seen
            }
            let known = try await attempts("admin", from: "203.0.113.66", 6)
            let unknown = try await attempts("no-such-person", from: "203.0.113.66", 6)
            #expect(known == unknown)
            #expect(known.last?.hasPrefix("429") == true)
            #expect(!known.joined().contains("锁定"))
            // The admin, at the office, signs in at once.
            var office = Browser.at("198.51.100.7")
            try await office.logIn(client, "admin", h.credentials["admin"]!)
        }
    }

    @Test func aHundredColleaguesBehindOneAddressAllSignIn() async throws {
        try await Harness.with(.sqlite, live: true, trustedProxies: ["127.0.0.1"]) { (h: Harness, client: any TestClientProtocol) async throws in
            let service = PlatformService(database: h.db, clock: h.clock, hasher: .fastForTests)
            var passwords: [String: String] = [:]
            for n in 0..<100 {
                let made = try await service.createAccount(username: "staff\(n)", displayName: "职员\(n)", departmentID: nil, by: .commandLine())
                passwords["staff\(n)"] = made.initialPassword
            }
            // Someone behind the same address mistypes a few times first.
            var typo = Browser.at("192.0.2.1")
            for _ in 0..<3 {
                let form = try await typo.get(client, "/admin/login")
                _ = try await typo.post(client, "/admin/login", ["_csrf": Browser.csrf(form)!, "username": "staff0", "password": "oops"])
            }
            var signedIn = 0
            for (name, password) in passwords.sorted(by: { $0.key < $1.key }) where name != "staff0" {
                var browser = Browser.at("192.0.2.1")
                let form = try await browser.get(client, "/admin/login")
                let answer = try await browser.post(client, "/admin/login", ["_csrf": Browser.csrf(form)!, "username": name, "password": password])
                if answer.status == .seeOther { signedIn += 1 }
            }
            #expect(signedIn == 99)
        }
    }

    @Test(arguments: TestEngine.available)
    func formsWithoutTheCSRFTokenChangeNothing(engine: TestEngine) async throws {
        try await Harness.with(engine) { (h: Harness, client: any TestClientProtocol) async throws in
            var browser = Browser()
            try await browser.logIn(client, "admin", h.credentials["admin"]!)
            let before = try await h.count("departments")
            let missing = try await browser.post(client, "/admin/departments", ["name": "新单位"])
            let wrong = try await browser.post(client, "/admin/departments", ["name": "新单位", "_csrf": "forged"])
            #expect(missing.status == .forbidden && wrong.status == .forbidden)
            #expect(missing.text.contains("页面已过期"))
            #expect(try await h.count("departments") == before)
            // A login form posted from elsewhere is refused too.
            var stranger = Browser()
            let forged = try await stranger.post(client, "/admin/login", ["username": "admin", "password": "x", "_csrf": "abc"])
            #expect(forged.status == .forbidden)
        }
    }

    @Test(arguments: TestEngine.available)
    func badSiteFormComesBackWithChineseMessagesAndWritesNothing(engine: TestEngine) async throws {
        try await Harness.with(engine) { (h: Harness, client: any TestClientProtocol) async throws in
            var browser = Browser()
            let token = try await browser.logIn(client, "admin", h.credentials["admin"]!)
            let before = try await h.count("sites")
            let response = try await browser.post(
                client, "/admin/sites",
                [
                    "_csrf": token, "code": "tjj", "name": "江源市统计局", "siteIDCode": "12345", "domains": "www.jiangyuan.gov.cn",
                    "contactEmail": "bad",
                ])
            #expect(response.status == .unprocessableContent)
            let html = response.text
            for message in ["网站标识码应为 10 位数字", "请填写主办单位", "域名已被其他网站使用", "电子邮箱格式不正确"] {
                #expect(html.contains(message), "missing \(message)")
            }
            #expect(html.contains("value=\"江源市统计局\""), "typed values are kept")
            #expect(try await h.count("sites") == before)
        }
    }

    @Test(arguments: TestEngine.available)
    func malformedRequestsGetA4xxNeverA500(engine: TestEngine) async throws {
        try await Harness.with(engine) { (h: Harness, client: any TestClientProtocol) async throws in
            var browser = Browser()
            let token = try await browser.logIn(client, "admin", h.credentials["admin"]!)
            let before = try await h.count("audit_events")
            var headers = browser.cookieHeader
            headers[.contentType] = "application/x-www-form-urlencoded"
            let garbage = try await client.execute(
                uri: "/admin/sites", method: .post, headers: headers,
                body: ByteBuffer(bytes: [0xff, 0xfe, 0x00, 0x25, 0x26, 0x3d]))
            #expect((400..<500).contains(garbage.status.code))
            let json = try await browser.post(client, "/admin/sites", ["_csrf": token], contentType: "application/json")
            #expect(json.status == .unsupportedMediaType)
            var big = browser.cookieHeader
            big[.contentType] = "application/x-www-form-urlencoded"
            let huge = try await client.execute(
                uri: "/admin/departments", method: .post, headers: big,
                body: ByteBuffer(string: "_csrf=\(token)&name=" + String(repeating: "a", count: 3_200_000)))
            #expect(huge.status == .contentTooLarge)
            let badParent = try await browser.post(client, "/admin/departments", ["_csrf": token, "name": "新处室", "parentID": "nope"])
            #expect(badParent.status == .notFound)
            let noAccount = try await browser.get(client, "/admin/accounts/does-not-exist")
            #expect(noAccount.status == .notFound)
            let noSite = try await browser.get(client, "/admin/sites/nosite/columns")
            #expect(noSite.status == .notFound)
            let badEdit = try await browser.post(client, "/admin/sites/www/columns/nope/edit", ["_csrf": token, "name": "x"])
            #expect(badEdit.status == .notFound)
            #expect(try await h.count("audit_events") == before)
        }
    }

    @Test(arguments: TestEngine.available)
    func closingAnAccountEndsItsSessionAtOnce(engine: TestEngine) async throws {
        try await Harness.with(engine) { (h: Harness, client: any TestClientProtocol) async throws in
            var admin = Browser()
            let token = try await admin.logIn(client, "admin", h.credentials["admin"]!)
            var editor = Browser()
            try await editor.logIn(client, "editor", h.credentials["editor"]!)
            let id = try await h.db.read { sql in try await AccountRecords.find(username: "editor", on: sql)!.id }
            let noReason = try await admin.post(client, "/admin/accounts/\(id)/close", ["_csrf": token, "reason": ""])
            #expect(noReason.status == .unprocessableContent && noReason.text.contains("请填写注销原因"))
            let closed = try await admin.post(client, "/admin/accounts/\(id)/close", ["_csrf": token, "reason": "调离本单位"])
            #expect(closed.status == .seeOther)
            let after = try await editor.get(client, "/admin")
            #expect(after.status == .seeOther && after.headers[.location]?.hasPrefix("/admin/login") == true)
            let page = try await admin.get(client, "/admin/accounts/\(id)")
            #expect(page.text.contains("调离本单位") && page.text.contains("已注销"))
            let audit = try await admin.get(client, "/admin/audit")
            #expect(audit.text.contains("注销账号 editor") && audit.text.contains("调离本单位"))
        }
    }

    @Test(arguments: TestEngine.available)
    func newAccountShowsItsInitialPasswordOnceAndItWorks(engine: TestEngine) async throws {
        try await Harness.with(engine) { (h: Harness, client: any TestClientProtocol) async throws in
            var admin = Browser()
            let token = try await admin.logIn(client, "admin", h.credentials["admin"]!)
            let created = try await admin.post(
                client, "/admin/accounts",
                [
                    "_csrf": token, "username": "wangwu", "displayName": "王五", "role": "editor", "site": "jyj",
                ])
            #expect(created.status == .ok)
            let html = created.text
            let range = try #require(html.range(of: "<code class=\"secret\">"))
            let password = String(html[range.upperBound...].prefix { $0 != "<" })
            #expect(password.count >= 10)
            // A site-scoped role without a site is refused.
            let scoped = try await admin.post(client, "/admin/accounts", ["_csrf": token, "username": "zhaoliu", "role": "siteAdmin"])
            #expect(scoped.status == .unprocessableContent && scoped.text.contains("只能按网站授权"))
            var wangwu = Browser()
            try await wangwu.logIn(client, "wangwu", password)
            #expect(try await wangwu.get(client, "/admin/sites/jyj/columns").status == .forbidden)
        }
    }

    @Test(arguments: TestEngine.available)
    func siteAdminBuildsTheColumnTreeAndExportsTheAssuranceTable(engine: TestEngine) async throws {
        try await Harness.with(engine) { (h: Harness, client: any TestClientProtocol) async throws in
            var browser = Browser()
            let token = try await browser.logIn(client, "siteadmin", h.credentials["siteadmin"]!)
            let owner = try await h.db.read { sql in try await DepartmentRecords.all(on: sql).first { $0.name == "政务公开科" }!.id }
            let created = try await browser.post(
                client, "/admin/sites/www/columns",
                [
                    "_csrf": token, "name": "统计数据", "slug": "tjsj", "kind": "other", "ownerDepartmentID": owner,
                    "updateRule": "fixed", "fixedDates": "01-10, 07-10", "contentRequirements": "季度统计数据",
                ])
            #expect(created.status == .seeOther)
            let tree = try await browser.get(client, "/admin/sites/www/columns")
            #expect(tree.text.contains("统计数据") && tree.text.contains("每年1月10日、7月10日更新"))
            let csv = try await browser.get(client, "/admin/sites/www/assurance.csv")
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.text.hasPrefix("\u{FEFF}栏目,栏目类型,责任单位（处室）,更新频率,内容要求,质量要求"))
            #expect(csv.text.contains("统计数据,其他,江源市人民政府办公室／政务公开科,每年1月10日、7月10日更新,季度统计数据"))
            // A parent column is kept up by its sub-columns: its latest update is theirs.
            let parentRow = try #require(csv.text.components(separatedBy: "\r\n").first { $0.hasPrefix("工作动态,") })
            #expect(parentRow.hasSuffix(",正常,2026-03-02"), "\(parentRow)")
            // The public page of the new column exists at once.
            #expect(try await client.execute(uri: "/sites/www/tjsj/", method: .get).status == .ok)
            // Another site's columns stay closed to this site admin.
            #expect(try await browser.get(client, "/admin/sites/jyj/columns").status == .forbidden)
        }
    }

    @Test(arguments: TestEngine.available)
    func rolesCanBeGrantedOnOneColumnWhereTheDefinitionAllowsIt(engine: TestEngine) async throws {
        try await Harness.with(engine) { (h: Harness, client: any TestClientProtocol) async throws in
            var admin = Browser()
            let token = try await admin.logIn(client, "admin", h.credentials["admin"]!)
            let id = try await h.db.read { sql in try await AccountRecords.find(username: "reviewer", on: sql)!.id }
            let granted = try await admin.post(
                client, "/admin/accounts/\(id)/grants",
                ["_csrf": token, "role": "editor", "site": "www", "column": "tzgg"])
            #expect(granted.status == .seeOther)
            #expect(try await admin.get(client, "/admin/accounts/\(id)").text.contains("江源市人民政府／通知公告"))
            let grants = try await h.db.read { sql in try await AccountRecords.grants(of: id, on: sql) }
            #expect(grants.contains { $0.role == .editor && $0.scope == .column })
            let refused = try await admin.post(
                client, "/admin/accounts/\(id)/grants",
                ["_csrf": token, "role": "siteAdmin", "site": "www", "column": "tzgg"])
            #expect(refused.status == .unprocessableContent && refused.text.contains("只能按网站授权"))
            let unknown = try await admin.post(
                client, "/admin/accounts/\(id)/grants",
                ["_csrf": token, "role": "editor", "site": "www", "column": "nope"])
            #expect(unknown.status == .unprocessableContent && unknown.text.contains("没有路径为“nope”的栏目"))
            let after = try await h.db.read { sql in try await AccountRecords.grants(of: id, on: sql) }
            #expect(after.count == grants.count)
        }
    }

    /// Spraying many names from one address is stopped after 100 failures in five minutes.
    @Test func manyFailedLoginsFromOneAddressAreSlowedDown() async throws {
        try await Harness.with(.sqlite) { (h: Harness, client: any TestClientProtocol) async throws in
            var browser = Browser()
            var statuses: [Int] = []
            for i in 0..<101 {
                let form = try await browser.get(client, "/admin/login")
                let response = try await browser.post(
                    client, "/admin/login",
                    ["_csrf": Browser.csrf(form)!, "username": "nobody\(i)", "password": "x"])
                statuses.append(response.status.code)
            }
            #expect(statuses.prefix(100).allSatisfy { $0 == 401 })
            #expect(statuses.last == 429)
            h.clock.advance(by: 301)
            let form = try await browser.get(client, "/admin/login")
            let later = try await browser.post(client, "/admin/login", ["_csrf": Browser.csrf(form)!, "username": "nobody", "password": "x"])
            #expect(later.status == .unauthorized)
        }
    }

    @Test(arguments: TestEngine.available)
    func theAuditLogFiltersAndShowsSiteAdminsOnlyTheirSites(engine: TestEngine) async throws {
        try await Harness.with(engine) { (h: Harness, client: any TestClientProtocol) async throws in
            let www = try await h.site("www"), jyj = try await h.site("jyj")
            let owner = try await h.db.read { sql in try await DepartmentRecords.all(on: sql)[0].id }
            for (site, name) in [(www, "门户新栏目"), (jyj, "教育新栏目")] {
                _ = try await h.env.service.createColumn(
                    siteID: site.id,
                    [
                        "name": name, "slug": "new\(site.code)", "kind": "news",
                        "ownerDepartmentID": owner, "updateRule": "weekly",
                    ], by: .commandLine("测试员"))
            }
            var admin = Browser()
            try await admin.logIn(client, "admin", h.credentials["admin"]!)
            let all = try await admin.get(client, "/admin/audit?action=column.create").text
            #expect(all.contains("门户新栏目") && all.contains("教育新栏目") && !all.contains("<td>修改密码</td>"))
            let jyjOnly = try await admin.get(client, "/admin/audit?site=jyj").text
            #expect(jyjOnly.contains("教育新栏目") && !jyjOnly.contains("门户新栏目"))
            let words = try await admin.get(client, "/admin/audit?q=%E9%97%A8%E6%88%B7%E6%96%B0").text
            #expect(words.contains("门户新栏目") && !words.contains("教育新栏目"))
            let future = try await admin.get(client, "/admin/audit?from=2030-01-01").text
            #expect(future.contains("共 0 条记录"))
            let bad = try await admin.get(client, "/admin/audit?from=yesterday")
            #expect(bad.status == .badRequest && bad.text.contains("起始日期格式应为 YYYY-MM-DD"))

            var siteAdmin = Browser()
            try await siteAdmin.logIn(client, "siteadmin", h.credentials["siteadmin"]!)
            let mine = try await siteAdmin.get(client, "/admin/audit").text
            #expect(mine.contains("门户新栏目") && !mine.contains("教育新栏目") && mine.contains("仅显示您有权查看的网站"))
            let other = try await siteAdmin.get(client, "/admin/audit?site=jyj")
            #expect(other.status == .badRequest && !other.text.contains("教育新栏目"))
        }
    }
}
