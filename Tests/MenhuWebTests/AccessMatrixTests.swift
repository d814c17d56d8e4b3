import Foundation
import HTTPTypes
import HummingbirdTesting
import MenhuCore
import MenhuStore
import MenhuTestSupport
import MenhuWeb
import Testing

/// O2, O5: every admin route × every role, expected allow or deny from the role definitions.
@Suite struct AccessMatrixTests {
    @Test(arguments: TestEngine.available)
    func everyRouteAllowsExactlyTheRolesItsDefinitionNames(engine: TestEngine) async throws {
        try await Harness.with(engine) { (h: Harness, client: any TestClientProtocol) async throws in
            let www = try await h.site("www"), jyj = try await h.site("jyj")
            // Victims of allowed POSTs, so that testers never act on themselves.
            let victim = try await h.env.service.createAccount(
                username: "victim", displayName: "受测账号", departmentID: nil,
                grant: (.editor, www.id, nil), by: .commandLine())
            let victimGrant = try await h.db.read { sql in try await AccountRecords.grants(of: victim.account.id, on: sql)[0].id }
            let column = try await h.db.read { sql in try await ColumnRecords.find(siteID: www.id, slug: "xzzx", on: sql)! }
            let jyjColumn = try await h.db.read { sql in try await ColumnRecords.find(siteID: jyj.id, slug: "xzzx", on: sql)! }
            let endpoints = AdminConsole(env: h.env).endpoints
            #expect(endpoints.count >= 25)
            let allSites = try await h.db.read { sql in try await SiteRecords.all(on: sql) }

            // One account per role, plus one with no role at all.
            var testers: [(String, [RoleGrant])] = []
            for role in Role.allCases {
                let scope = role.definition.scopes.first!
                let made = try await h.env.service.createAccount(
                    username: "t-\(role.rawValue.lowercased())", displayName: role.label, departmentID: nil,
                    grant: (role, scope == .platform ? nil : www.id, nil), by: .commandLine())
                let grants = try await h.db.read { sql in try await AccountRecords.grants(of: made.account.id, on: sql) }
                testers.append((made.account.username + ":" + made.initialPassword, grants))
            }
            let nobody = try await h.env.service.createAccount(username: "t-nobody", displayName: "无角色", departmentID: nil, by: .commandLine())
            testers.append(("t-nobody:" + nobody.initialPassword, []))

            var checked = 0
            for (login, grants) in testers {
                let parts = login.split(separator: ":", maxSplits: 1).map(String.init)
                var browser = Browser()
                let token = try await browser.logIn(client, parts[0], parts[1])
                for endpoint in endpoints where endpoint.path != "/admin/logout" {
                    for site in [www, jyj] where site.code == "www" || endpoint.path.contains(":site") {
                        let path = endpoint.path.replacingOccurrences(of: ":site", with: site.code)
                            .replacingOccurrences(
                                of: ":id",
                                with: endpoint.path.contains("columns") ? (site.code == "www" ? column.id : jyjColumn.id) : victim.account.id
                            )
                            .replacingOccurrences(of: ":grant", with: victimGrant)
                        let expected =
                            grants.isEmpty && endpoint.access != .signedIn
                            ? false : endpoint.access.allows(grants, siteID: endpoint.path.contains(":site") ? site.id : nil)
                        let response =
                            endpoint.method == .get
                            ? try await browser.get(client, path)
                            : try await browser.post(client, path, ["_csrf": token])
                        if expected {
                            #expect(
                                response.status != .forbidden && response.status.code < 500,
                                "\(parts[0]) \(endpoint.method) \(path) should be allowed, got \(response.status.code)")
                            if endpoint.method == .get {
                                // 14.6: rules are cited by regulation and article, never by number.
                                if let bare = response.text.firstMatch(of: #/.{0,40}依据 ?[A-Z][0-9]+.{0,20}/#) {
                                    Issue.record("\(parts[0]) \(path) shows a bare rule number: \(bare.output)")
                                }
                                // 14.4: the page links only to pages this person may open.
                                for link in Self.adminLinks(in: response.text) {
                                    guard let target = Self.endpoint(for: link, in: endpoints) else { continue }
                                    let siteCode = link.split(separator: "/").dropFirst(2).first.map(String.init)
                                    let linkSite = target.path.contains(":site") ? allSites.first { $0.code == siteCode }?.id : nil
                                    #expect(
                                        target.access.allows(grants, siteID: linkSite),
                                        "\(parts[0]) \(path) links to \(link), which answers 没有权限")
                                }
                            }
                        } else {
                            #expect(
                                response.status == .forbidden, "\(parts[0]) \(endpoint.method) \(path) should be refused, got \(response.status.code)"
                            )
                        }
                        checked += 1
                    }
                }
            }
            #expect(checked > 250)
            // 14.7: every kind of event those requests recorded has a Chinese name (and so a filter).
            let actions = try await h.db.read { sql in
                try await sql.raw("SELECT DISTINCT action FROM audit_events").all().map { try $0.decode(column: "action", as: String.self) }
            }
            #expect(actions.count > 10)
            for action in actions { #expect(AuditEvent.actionLabels[action] != nil, "操作日志中的 \(action) 没有中文名称") }
            // Spot checks that do not depend on the table itself.
            let definitions = Dictionary(uniqueKeysWithValues: RoleDefinition.all.map { ($0.role, $0.permissions) })
            // I2: an editor also answers the letters transferred to their own department.
            #expect(definitions[.editor] == [.editContent, .answerLetters])
            #expect(definitions[.siteAdmin]?.contains(.manageAccounts) == false)
        }
    }

    @Test(arguments: TestEngine.available)
    func signedOutVisitorsAreSentToTheLoginPage(engine: TestEngine) async throws {
        try await Harness.with(engine) { (h: Harness, client: any TestClientProtocol) async throws in
            for endpoint in AdminConsole(env: h.env).endpoints {
                let path = endpoint.path.replacingOccurrences(of: ":site", with: "www")
                    .replacingOccurrences(of: ":id", with: "x").replacingOccurrences(of: ":grant", with: "y")
                let response = try await client.execute(uri: path, method: endpoint.method)
                if endpoint.method == .get {
                    #expect(response.status == .seeOther && response.headers[.location]?.hasPrefix("/admin/login?next=") == true, "\(path)")
                } else {
                    #expect(response.status == .unauthorized, "\(path)")
                }
            }
        }
    }

    /// The `/admin/…` addresses a page links to (static files and the login page left out).
    static func adminLinks(in html: String) -> [String] {
        html.matches(of: #/href="(?<url>/admin/[^"?#]*)/#).map { String($0.output.url) }
            .filter { !$0.hasPrefix("/admin/static/") && $0 != "/admin/login" }
    }

    /// The GET route an address opens.
    static func endpoint(for path: String, in endpoints: [AdminEndpoint]) -> AdminEndpoint? {
        endpoints.first { $0.method == .get && AdminURLTests.matches(path, pattern: $0.path) }
    }
}
