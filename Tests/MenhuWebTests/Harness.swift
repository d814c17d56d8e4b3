import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import MenhuCore
import MenhuDemo
import MenhuJobs
import MenhuStore
import MenhuTestSupport
import MenhuWeb
import NIOCore
import SQLKit
import Testing

/// A demo platform served by the real router, on one engine.
struct Harness: Sendable {
    let db: Database
    let env: WebEnvironment
    let clock: ManualClock
    let credentials: [String: String]

    /// Runs `body` with a seeded demo platform (fewer articles than the real demo, same shape).
    static func with(
        _ engine: TestEngine, articles: Int = 60, live: Bool = false, trustedProxies: Set<String> = [],
        timeouts: ConnectionTimeouts = ConnectionTimeouts(), metricsToken: String? = nil,
        _ body: @Sendable (Harness, any TestClientProtocol) async throws -> Void
    ) async throws {
        try await TestDatabase.with(engine) { (db: Database) async throws in
            let clock = ManualClock(testNow)
            let service = PlatformService(database: db, clock: clock, hasher: .fastForTests)
            let summary = try await DemoPlatform.seed(into: db, hasher: .fastForTests, now: testNow, articleCount: articles)
            // Every page a test renders is checked against its template: a name the view lacks fails the test.
            let renderer = try await Renderer.load(themesDirectory: Renderer.defaultThemesDirectory(environment: [:]), checkingTemplates: true)
            var env = WebEnvironment(
                database: db, service: service, renderer: renderer, isDemo: true,
                trustedProxies: trustedProxies)
            env.connectionTimeouts = timeouts
            env.metricsToken = metricsToken
            try await env.pageCache.start(db)
            let harness = Harness(
                db: db, env: env, clock: clock,
                credentials: Dictionary(uniqueKeysWithValues: summary.credentials.map { ($0.username, $0.password) }))
            let app = Application(
                router: MenhuApplication.router(env: env), server: MenhuApplication.server(env: env),
                configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "Menhu"))
            try await app.test(live ? .live : .router) { client in try await body(harness, client) }
            // 14.7: every kind of event a test caused has a Chinese name in the audit log (and a filter).
            // (A test that closed the database has nothing to read.)
            let actions =
                (try? await db.read { sql in
                    try await sql.raw("SELECT DISTINCT action FROM audit_events").all().map { try $0.decode(column: "action", as: String.self) }
                }) ?? []
            let unnamed = actions.filter { AuditEvent.actionLabels[$0] == nil }
            #expect(unnamed.isEmpty, "操作日志中没有中文名称的操作：\(unnamed)")
            let problems = renderer.problems?.all ?? []
            #expect(problems.isEmpty, "模板中有视图里没有的名字：\(problems.joined(separator: "；"))")
        }
    }

    /// Does the background tasks asked for so far, as the task runner of `menhu serve` would.
    @discardableResult
    func runBackgroundTasks() async -> Int {
        await TaskRunner(context: JobContext(database: db, clock: clock, imageByteLimit: env.imageByteLimit), logger: Logger(label: "test")).runOnce()
    }

    func count(_ table: String) async throws -> Int {
        try await db.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()!.decode(column: "n", as: Int.self)
        }
    }

    /// A column of the portal by its path.
    func column(_ slug: String, site code: String = "www") async throws -> Column {
        let site = try await site(code)
        return try await db.read { sql in try await ColumnRecords.find(siteID: site.id, slug: slug, on: sql)! }
    }

    /// A browser in which `username` is logged in (initial password already changed).
    func browser(_ client: any TestClientProtocol, _ username: String) async throws -> Browser {
        var browser = Browser()
        try await browser.logIn(client, username, credentials[username]!)
        return browser
    }

    func site(_ code: String) async throws -> Site {
        try await db.read { sql in try await SiteRecords.find(code: code, on: sql)! }
    }

    /// A demo account by its username.
    func account(_ username: String) async throws -> Account {
        try await db.read { sql in try await AccountRecords.find(username: username, on: sql)! }
    }

    /// A demo account as a service's caller, with its grants.
    func participant(_ username: String) async throws -> Participant {
        let account = try await account(username)
        let grants = try await db.read { sql in try await AccountRecords.grants(of: account.id, on: sql) }
        return Participant(actor: Actor(accountID: account.id, name: account.displayName, address: "127.0.0.1"), grants: grants)
    }
}

/// A browser's cookies and the page it last saw.
struct Browser {
    var cookies: [String: String] = [:]
    /// Headers sent with every request (e.g. X-Forwarded-For, to stand at another address behind a trusted proxy).
    var extra: HTTPFields = [:]

    var cookieHeader: HTTPFields {
        var headers = extra
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        return headers
    }

    /// A browser at `address`, as a trusted proxy reports it.
    static func at(_ address: String) -> Browser {
        Browser(extra: [HTTPField.Name("X-Forwarded-For")!: address])
    }

    mutating func absorb(_ response: TestResponse) {
        for value in response.headers[values: .setCookie] {
            let pair = value.split(separator: ";").first ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { continue }
            let name = String(parts[0]).trimmingCharacters(in: .whitespaces)
            if parts[1].isEmpty || value.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = String(parts[1]) }
        }
    }

    mutating func get(_ client: any TestClientProtocol, _ uri: String) async throws -> TestResponse {
        let response = try await client.execute(uri: uri, method: .get, headers: cookieHeader)
        absorb(response)
        return response
    }

    mutating func post(
        _ client: any TestClientProtocol, _ uri: String, _ fields: [String: String],
        contentType: String = "application/x-www-form-urlencoded"
    ) async throws -> TestResponse {
        var headers = cookieHeader
        headers[.contentType] = contentType
        let body = fields.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        let response = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        absorb(response)
        return response
    }

    static func encode(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed)!
    }

    /// The CSRF token of a page's forms.
    static func csrf(_ response: TestResponse) -> String? {
        let html = response.text
        guard let range = html.range(of: "name=\"_csrf\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    /// Logs in; changes the initial password first when asked to. Returns the CSRF token.
    @discardableResult
    mutating func logIn(
        _ client: any TestClientProtocol, _ username: String, _ password: String,
        newPassword: String = "Menhu-Test-2026!"
    ) async throws -> String {
        let form = try await get(client, "/admin/login")
        let response = try await post(
            client, "/admin/login",
            ["_csrf": Self.csrf(form) ?? "", "username": username, "password": password])
        #expect(response.status == .seeOther, "login of \(username)")
        if response.headers[.location] == "/admin/password" {
            let page = try await get(client, "/admin/password")
            let token = Self.csrf(page) ?? ""
            let changed = try await post(
                client, "/admin/password",
                ["_csrf": token, "current": password, "new": newPassword, "confirm": newPassword])
            #expect(changed.status == .seeOther, "password change of \(username): \(changed.text.prefix(300))")
        }
        let home = try await get(client, "/admin")
        #expect(home.status == .ok)
        return Self.csrf(home) ?? ""
    }
}

extension Browser {
    /// Files a submission to the office (P13) for the first department the form offers, as a
    /// 处室负责人 does; returns the answer (303 when filed).
    mutating func fileSubmission(
        _ client: any TestClientProtocol, title: String, content: String, source: String, requirements: String = "请在工作动态发布"
    ) async throws -> TestResponse {
        let form = try await get(client, "/admin/sites/www/submissions")
        let department = try #require(
            form.text.firstMatch(of: #/name="departmentID"[^>]*>(?:<option value="">[^<]*</option>)?<option value="(?<id>[^"]+)"/#))
        return try await post(
            client, "/admin/sites/www/submissions",
            [
                "_csrf": Self.csrf(form) ?? "", "title": title, "departmentID": String(department.output.id), "workDate": "2026-11-30",
                "source": source, "form": "文字", "requirements": requirements, "content": content,
            ])
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}

/// How the console cites a rule in text: “依据” and a link to it on the page of rules (14.6).
func citing(_ id: String) -> String { "依据<a class=\"basis-link\" href=\"/admin/basis#\(id)\"" }
