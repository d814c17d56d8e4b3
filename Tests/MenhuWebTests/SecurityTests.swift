import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MenhuCore
import MenhuStore
import MenhuTestSupport
import NIOCore
import Testing

@testable import MenhuJobs
@testable import MenhuWeb

/// Issue 12, part 1: the holes found by probing the running server, each with the test that
/// failed before the fix.
@Suite struct SecurityFixTests {
    /// 1.2: a 1 MB .docx inflated to 4.2 GB in memory, by upload and by import.
    @Test func zipBombsAreRefusedOnUploadAndImportWithAMessage() async throws {
        try await Harness.with(.sqlite, articles: 5) { (h: Harness, client: any TestClientProtocol) async throws in
            let bomb = try makeDocxBomb(megabytes: 200)
            #expect(bomb.count < 2 * 1024 * 1024)
            var editor = try await h.browser(client, "editor")
            let filesBefore = try await h.count("files")
            let page = try await editor.get(client, "/admin/sites/www/files")
            let uploaded = try await editor.upload(
                client, "/admin/sites/www/files", fields: ["_csrf": Browser.csrf(page)!],
                fileField: "file", fileName: "通知.docx", data: bomb)
            #expect(uploaded.status == .unprocessableContent)
            #expect(uploaded.text.contains("恶意构造的压缩文件"))
            let form = try await editor.get(client, "/admin/sites/www/articles/new")
            let imported = try await editor.upload(
                client, "/admin/sites/www/articles/import", fields: ["_csrf": Browser.csrf(form)!],
                fileField: "docx", fileName: "通知.docx", data: bomb)
            #expect(imported.status == .unprocessableContent)
            #expect(imported.text.contains("恶意构造的压缩文件"))
            #expect(try await h.count("files") == filesBefore)
        }
    }

    /// Issues a push token for the portal's 工作动态 column.
    func pushToken(_ h: Harness, _ client: any TestClientProtocol) async throws -> String {
        let site = try await h.site("www")
        let gzdt = try await h.db.read { sql in try await ColumnRecords.all(siteID: site.id, on: sql) }.first { $0.slug == "gzdt" }!
        var admin = try await h.browser(client, "siteadmin")
        let page = try await admin.get(client, "/admin/sites/www/push")
        let issued = try await admin.post(
            client, "/admin/sites/www/push",
            ["_csrf": Browser.csrf(page)!, "name": "政务服务系统", "column_\(gzdt.id)": "on"])
        let html = issued.text
        return try #require(html.range(of: "<code class=\"token\">").map { String(html[$0.upperBound...].prefix { $0 != "<" }) })
    }

    /// 1.3: a pushed item with 绝密★1年, an ID number and a mobile number went live.
    @Test(arguments: TestEngine.available)
    func pushedItemsPassTheContentGate(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 5) { (h: Harness, client: any TestClientProtocol) async throws in
            let token = try await pushToken(h, client)
            let before = try await h.count("articles")
            let item = """
                {"column": "gzdt", "title": "关于补助发放的通知", "bodyHTML": "<p>绝密★1年 联系人身份证号 11010519491231002X，手机 13912345678。</p>",
                 "source": "市政务服务管理局", "upstream": {"editor": "王敏", "reviewer": "李强", "signer": "赵刚"}}
                """
            let answer = try await client.execute(
                uri: "/api/v1/articles", method: .post,
                headers: [.contentType: "application/json", .authorization: "Bearer \(token)"],
                body: ByteBuffer(string: item))
            #expect(answer.status == .unprocessableContent)
            #expect(answer.headers[.contentType]?.hasPrefix("application/json") == true)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(buffer: answer.body)) as? [String: Any])
            let error = try #require(json["error"] as? [String: Any])
            #expect(error["code"] as? String == "content_blocked")
            let findings = try #require(error["findings"] as? [[String: Any]])
            let rules = Set(findings.compactMap { $0["rule"] as? String })
            #expect(rules.contains { $0.hasPrefix("classified") }, "\(rules)")
            #expect(rules.contains { $0.contains("id-number") }, "\(rules)")
            #expect(rules.contains { $0.contains("mobile") }, "\(rules)")
            #expect(findings.allSatisfy { $0["field"] as? String == "bodyHTML" })
            #expect(try await h.count("articles") == before, "nothing was published or half-written")
            // A clean item still goes through.
            let clean = item.replacingOccurrences(of: "绝密★1年 联系人身份证号 11010519491231002X，手机 13912345678。", with: "补助将于本月发放。")
            let published = try await client.execute(
                uri: "/api/v1/articles", method: .post,
                headers: [.contentType: "application/json", .authorization: "Bearer \(token)"],
                body: ByteBuffer(string: clean))
            #expect(published.status == .created)
        }
    }

    /// A login that checked the old password while it was being changed gets no lasting session.
    @Test func aSessionOpenedBeforeTheLastPasswordChangeIsRefused() async throws {
        try await Harness.with(.sqlite, articles: 5) { (h: Harness, client: any TestClientProtocol) async throws in
            var owner = try await h.browser(client, "editor")
            #expect(try await owner.get(client, "/admin").status == .ok)
            let account = try await h.db.read { sql in try await AccountRecords.find(username: "editor", on: sql)! }
            let token = AdminSession.randomToken()
            try await h.db.write { sql in
                try await SessionRecords.insert(
                    SessionRecord(
                        tokenHash: AdminSession.hash(token), accountID: account.id, csrfToken: "x",
                        createdAt: account.passwordChangedAt.addingTimeInterval(-1), expiresAt: account.passwordChangedAt.addingTimeInterval(3600),
                        address: "203.0.113.9"), on: sql)
            }
            var late = Browser()
            late.cookies[AdminSession.cookie] = token
            let page = try await late.get(client, "/admin")
            #expect(page.status == .seeOther && page.headers[.location]?.hasPrefix("/admin/login") == true)
        }
    }

    /// 1.4: changing the password left the other sessions alive, the one opened with the
    /// initial password included.
    @Test(arguments: TestEngine.available)
    func changingThePasswordEndsEveryOtherSession(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 5) { (h: Harness, client: any TestClientProtocol) async throws in
            let initial = h.credentials["editor"]!
            // Someone else signs in with the initial password and stays on the change form.
            var other = Browser()
            let form = try await other.get(client, "/admin/login")
            let first = try await other.post(client, "/admin/login", ["_csrf": Browser.csrf(form)!, "username": "editor", "password": initial])
            #expect(first.headers[.location] == "/admin/password")
            // The owner signs in too and changes the password.
            var owner = Browser()
            try await owner.logIn(client, "editor", initial)
            #expect(try await owner.get(client, "/admin").status == .ok, "the person who changed it stays signed in")
            let afterwards = try await other.get(client, "/admin/password")
            #expect(afterwards.status == .seeOther && afterwards.headers[.location]?.hasPrefix("/admin/login") == true)
        }
    }
}

/// Issue 12, 1.6: slow-header connections stayed open for 100 s, idle keep-alive and HTTP/1.0
/// connections for ever.
@Suite struct ConnectionTimeoutTests {
    /// Connects, sends each step's text and waits its pause, then reads until the server closes
    /// the connection. Returns what came back and the seconds from the last send to the close
    /// (nil when it stayed open for 10 s).
    static func held(port: Int, _ steps: [(String, Double)]) async throws -> (text: String, closedAfter: Double?) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                guard let fd = PageCacheTests.connectLocally(port: port, timeout: 10) else {
                    return continuation.resume(throwing: POSIXError(.ECONNREFUSED))
                }
                defer { close(fd) }
                var lastSend = Date()
                var closedEarly = false
                for (text, pause) in steps {
                    let bytes = Array(text.utf8)
                    let sent = bytes.isEmpty ? 0 : bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                    if sent < 0 { closedEarly = true; break }
                    lastSend = Date()
                    if pause > 0 { Thread.sleep(forTimeInterval: pause) }
                }
                var received: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 65_536)
                var closed = closedEarly
                while !closed {
                    let n = recv(fd, &buffer, buffer.count, 0)
                    if n == 0 || (n < 0 && errno == ECONNRESET) { closed = true; break }
                    if n < 0 { break }
                    received += buffer[0..<n]
                }
                continuation.resume(returning: (String(decoding: received, as: UTF8.self), closed ? Date().timeIntervalSince(lastSend) : nil))
            }
        }
    }

    @Test func slowHeadersIdleConnectionsAndHTTP10AreClosed() async throws {
        let timeouts = ConnectionTimeouts(header: .seconds(1), idle: .seconds(2))
        try await Harness.with(.sqlite, articles: 5, live: true, timeouts: timeouts) { (h: Harness, client: any TestClientProtocol) async throws in
            let port = try #require(client.port)
            // A header line every 0.3 s: closed about a second after the first byte, unanswered.
            var trickle: [(String, Double)] = [("GET /healthz HTTP/1.1\r\n", 0.3)]
            for n in 0..<20 { trickle.append(("X-Slow-\(n): 1\r\n", 0.3)) }
            let slow = try await Self.held(port: port, trickle)
            #expect(!slow.text.contains("200 OK"))
            #expect(slow.closedAfter != nil, "a slow-header connection was kept open")
            // Kept alive after an answer: closed after the idle timeout, not before.
            let idle = try await Self.held(port: port, [("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 0)])
            #expect(idle.text.hasPrefix("HTTP/1.1 200"))
            let idleClose = try #require(idle.closedAfter, "an idle kept-alive connection stayed open")
            #expect(idleClose > 1.5 && idleClose < 4, "\(idleClose)")
            // Opened and silent: closed after the idle timeout.
            let silent = try await Self.held(port: port, [("", 0)])
            #expect((silent.closedAfter ?? 99) < 4)
            // HTTP/1.0 without keep-alive: closed with the answer.
            let old = try await Self.held(port: port, [("GET /healthz HTTP/1.0\r\n\r\n", 0)])
            #expect(old.text.contains("200 OK"))
            #expect((old.closedAfter ?? 99) < 1, "\(String(describing: old.closedAfter))")
            // A cached page answered on the connection is watched the same way.
            _ = try await Self.held(port: port, [("GET /sites/www/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 0)])
            let cached = try await Self.held(port: port, [("GET /sites/www/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 0)])
            #expect(cached.text.hasPrefix("HTTP/1.1 200"))
            #expect((cached.closedAfter ?? 99) > 1.5 && (cached.closedAfter ?? 99) < 4)
        }
    }
}

/// Issue 12, 1.7: the smaller holes.
@Suite struct SmallerHoleTests {
    @Test func theFeedReaderChecksEveryRedirectBeforeFollowingIt() async throws {
        let start = URL(string: "http://203.0.113.5/feed.xml")!
        #expect(throws: (any Error).self) { try FeedPoller.redirectTarget(from: start, location: "http://127.0.0.1:5432/") }
        #expect(throws: (any Error).self) { try FeedPoller.redirectTarget(from: start, location: "http://10.1.2.3/internal") }
        #expect(throws: (any Error).self) { try FeedPoller.redirectTarget(from: start, location: "file:///etc/passwd") }
        #expect(try FeedPoller.redirectTarget(from: start, location: "/rss/new.xml").absoluteString == "http://203.0.113.5/rss/new.xml")
        // The reader itself never follows a redirect: it gets the 3xx back to check.
        try await Harness.with(.sqlite, articles: 5, live: true) { (h: Harness, client: any TestClientProtocol) async throws in
            let port = try #require(client.port)
            let (_, response) = try await FeedPoller.fetchOnce(URL(string: "http://127.0.0.1:\(port)/admin")!)
            #expect(response.statusCode == 303)
            #expect(response.value(forHTTPHeaderField: "Location")?.hasPrefix("/admin/login") == true)
        }
    }

    @Test func madeUpQueryStringsAndHostsDoNotGrowThePageCache() async throws {
        try await Harness.with(.sqlite, articles: 5, live: true) { (h: Harness, client: any TestClientProtocol) async throws in
            let port = try #require(client.port)
            _ = try await client.execute(uri: "/sites/www/", method: .get)
            let kept = h.env.pageCache.count
            for n in 0..<300 {
                let page = try await client.execute(uri: "/sites/www/?utm=\(n)", method: .get)
                #expect(page.status == .ok)
                _ = try await client.execute(uri: "/sites/www/zwyw/?page=0\(n)", method: .get)
            }
            for n in 0..<30 {
                let page = try await PageCacheTests.exchange(port: port, "GET / HTTP/1.1\r\nHost: made-up-\(n).example\r\nConnection: close\r\n\r\n")
                #expect(page.hasPrefix("HTTP/1.1 200"))
                // Other ports and spellings of a real domain, and other spellings of a path.
                for request in [
                    "GET / HTTP/1.1\r\nHost: www.jiangyuan.gov.cn:\(n + 1)", "GET / HTTP/1.1\r\nHost: WWW.jiangyuan.gov.cn:\(n + 1)",
                    "GET /sites/www//zwyw/?x\u{0301}=\(n) HTTP/1.1\r\nHost: 127.0.0.1",
                ] {
                    _ = try await PageCacheTests.exchange(port: port, request + "\r\nConnection: close\r\n\r\n")
                }
            }
            #expect(h.env.pageCache.count <= kept + PageCache.unknownHostLimit + 1, "\(h.env.pageCache.count)")
            // Canonical addresses are still kept.
            _ = try await client.execute(uri: "/sites/www/zwyw/?page=2", method: .get)
            #expect(h.env.pageCache.count >= kept + 1)
        }
    }

    @Test func thePageCacheStaysWithinItsBytesGzipCopiesIncluded() async throws {
        let cache = PageCache(byteLimit: 64 * 1024)
        for n in 0..<200 {
            var head = HTTPRequest(method: .get, scheme: "http", authority: "www.example", path: "/p\(n)/")
            head.headerFields[.acceptEncoding] = "gzip"
            let request = Request(head: head, body: .init(buffer: ByteBuffer()))
            let text = String(repeating: "政府网站页面 \(n) ", count: 200)
            _ = try await cache.serve(request, key: PageCache.key(head)) { PageCache.Rendered(body: text, tags: [.column("t\(n % 7)")]) }
            _ = try cache.answer(head)
            #expect(cache.heldBytes <= 64 * 1024)
        }
        #expect(cache.count > 0)
        cache.drop(tags: (0..<7).map { .column("t\($0)") })
        #expect(cache.heldBytes == 0 && cache.count == 0)
    }

    @Test func metricsAnswerLoopbackOrTheTokenOnly() async throws {
        func request(_ fields: HTTPFields = [:]) -> Request {
            var head = HTTPRequest(method: .get, scheme: "http", authority: "x", path: "/metrics")
            head.headerFields = fields
            return Request(head: head, body: .init(buffer: ByteBuffer()))
        }
        typealias Access = MenhuApplication.MetricsAccess
        #expect(Access.allows(request(), peer: "127.0.0.1", token: nil))
        #expect(Access.allows(request(), peer: "::1", token: nil))
        #expect(!Access.allows(request(), peer: "203.0.113.9", token: nil))
        #expect(!Access.allows(request(), peer: nil, token: "s3cret"))
        #expect(Access.allows(request([.authorization: "Bearer s3cret"]), peer: "203.0.113.9", token: "s3cret"))
        #expect(!Access.allows(request([.authorization: "Bearer s3cret"]), peer: "203.0.113.9", token: "other"))
        // Forwarded by a proxy on this machine: the client is elsewhere, whether the proxy is
        // trusted (the header stays) or not (the connection dropped it and left its mark).
        #expect(!Access.allows(request([HTTPField.Name("X-Forwarded-For")!: "203.0.113.9"]), peer: "127.0.0.1", token: nil))
        #expect(!Access.allows(request([HTTPField.Name(UntrustedForwarding.marker)!: "1"]), peer: "127.0.0.1", token: nil))
    }

    /// X-Forwarded-Proto from anyone chose the scheme of secure cookies and of cached feeds.
    @Test func forwardedSchemeIsBelievedFromTrustedProxiesOnly() async throws {
        try await Harness.with(.sqlite, articles: 5, live: true) { (h: Harness, client: any TestClientProtocol) async throws in
            let port = try #require(client.port)
            let host = "Host: 127.0.0.1:\(port)\r\n"
            let sitemap = try await PageCacheTests.exchange(
                port: port,
                "GET /sites/www/sitemap.xml HTTP/1.1\r\n\(host)X-Forwarded-Proto: https\r\nConnection: close\r\n\r\n")
            #expect(sitemap.contains("<loc>http://127.0.0.1:\(port)/"), "\(sitemap.prefix(600))")
            #expect(!sitemap.contains("<loc>https://"))
            let login = try await PageCacheTests.exchange(
                port: port,
                "GET /admin/login HTTP/1.1\r\n\(host)X-Forwarded-Proto: https\r\nConnection: close\r\n\r\n")
            #expect(login.contains("menhu_login=") && !login.lowercased().contains("; secure"))
        }
        try await Harness.with(.sqlite, articles: 5, live: true, trustedProxies: ["127.0.0.1"]) {
            (h: Harness, client: any TestClientProtocol) async throws in
            let port = try #require(client.port)
            let host = "Host: 127.0.0.1:\(port)\r\n"
            let https = try await PageCacheTests.exchange(
                port: port,
                "GET /sites/www/sitemap.xml HTTP/1.1\r\n\(host)X-Forwarded-Proto: https\r\nConnection: close\r\n\r\n")
            #expect(https.contains("<loc>https://127.0.0.1:\(port)/"))
            // The plain one is kept apart from it.
            let http = try await PageCacheTests.exchange(port: port, "GET /sites/www/sitemap.xml HTTP/1.1\r\n\(host)Connection: close\r\n\r\n")
            #expect(http.contains("<loc>http://127.0.0.1:\(port)/"))
        }
    }

    @Test func pushedFieldsOverTheirDocumentedLimitsAreRefusedNotCut() async throws {
        let item = """
            {"column": "gzdt", "title": "标题", "bodyHTML": "<p>正文</p>", "source": "来源", "summary": "\(String(repeating: "摘", count: 501))",
             "author": "\(String(repeating: "作", count: 51))", "subtitle": "\(String(repeating: "副", count: 201))",
             "documentNumber": "\(String(repeating: "号", count: 101))",
             "upstream": {"editor": "王敏", "reviewer": "李强", "signer": "赵刚", "reference": "\(String(repeating: "R", count: 101))"}}
            """
        let pushed = try JSONDecoder().decode(PushedItem.self, from: Data(item.utf8))
        do {
            _ = try pushed.content(sanitize: { $0 }, columnID: { _ in "c1" })
            Issue.record("over-long fields were accepted")
        } catch let errors as FieldErrors {
            #expect(Set(errors.problems.map(\.field)) == ["summary", "author", "subtitle", "documentNumber", "upstream.reference"])
        }
    }
}

extension SmallerHoleTests {
    /// Malformed chunks answered 413, as if the body were too large.
    @Test func malformedChunkedBodiesAnswer400() async throws {
        try await Harness.with(.sqlite, articles: 5, live: true) { (h: Harness, client: any TestClientProtocol) async throws in
            let port = try #require(client.port)
            let token = try await SecurityFixTests().pushToken(h, client)
            for (path, type) in [("/api/v1/articles", "application/json"), ("/admin/login", "application/x-www-form-urlencoded")] {
                let answer = try await PageCacheTests.exchange(
                    port: port,
                    "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Authorization: Bearer \(token)\r\nContent-Type: \(type)\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabc\r\nZZ\r\nxyz\r\n0\r\n\r\n"
                )
                #expect(answer.hasPrefix("HTTP/1.1 400"), "\(path): \(answer.prefix(80))")
            }
        }
    }
}

extension SmallerHoleTests {
    /// The static-export nginx example sent none of the security headers.
    @Test func theNginxExampleSendsTheSameSecurityHeaders() throws {
        let doc = try String(contentsOf: TemplateEscapingTests.sources.appendingPathComponent("docs/static-export.md"), encoding: .utf8)
        for field in PageCache.securityHeaders {
            #expect(doc.contains("add_header \(field.name.rawName) \"\(field.value)\" always;"), "\(field.name)")
        }
    }
}

/// Issue 13, 5: one error mapping; the API never answers HTML; workflow refusals keep their kind.
@Suite struct ErrorAnswerTests {
    @Test func workflowRefusalsKeepTheirKind() {
        #expect(ErrorAnswer.of(WorkflowRefusal.wrongState("x"))?.status == .conflict)
        #expect(ErrorAnswer.of(WorkflowRefusal.noPermission("x"))?.status == .forbidden)
        #expect(ErrorAnswer.of(WorkflowRefusal.ownWork("x"))?.code == "own_work")
        #expect(ErrorAnswer.of(WorkflowRefusal.reasonRequired("x"))?.status == .unprocessableContent)
        #expect(ErrorAnswer.of(WorkflowRefusal.contentBlocked("x"))?.code == "content_blocked")
        #expect(ErrorAnswer.of(FieldErrors.single("title", "缺少标题"))?.fields?.problems.first?.field == "title")
        struct Unknown: Error {}
        #expect(ErrorAnswer.of(Unknown()) == nil)
    }

    @Test func theAPIAnswersJSONEvenForUnknownAddressesAndMethods() async throws {
        try await Harness.with(.sqlite, articles: 5) { (h: Harness, client: any TestClientProtocol) async throws in
            for (uri, method) in [("/api/v1/nothing", HTTPRequest.Method.get), ("/api/v1/articles", .get), ("/api/v2/articles", .post)] {
                let answer = try await client.execute(uri: uri, method: method)
                #expect(answer.status.code >= 400 && answer.status.code < 500, "\(uri)")
                #expect(
                    answer.headers[.contentType]?.hasPrefix("application/json") == true,
                    "\(method) \(uri) answered \(answer.headers[.contentType] ?? "")")
                let json = try JSONSerialization.jsonObject(with: Data(buffer: answer.body)) as? [String: Any]
                #expect((json?["error"] as? [String: Any])?["code"] is String)
            }
        }
    }
}
