import CompressNIO
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MenhuCore
import MenhuStore
import MenhuTestSupport
import MenhuWeb
import NIOCore
import SQLKit
import Testing

/// Public pages are served from memory, revalidated with ETag, gzipped, and dropped exactly when
/// a change shows on them — on every instance sharing the database.
@Suite struct PageCacheTests {
    @Test(arguments: [TestEngine.sqlite])
    func pagesAreRevalidatedAndCompressed(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 20) { (h: Harness, client: any TestClientProtocol) async throws in
            let first = try await client.execute(uri: "/sites/www/zwyw/", method: .get)
            let etag = try #require(first.headers[.eTag])
            #expect(first.headers[.lastModified] != nil && first.headers[.vary] == "Accept-Encoding")
            let again = try await client.execute(uri: "/sites/www/zwyw/", method: .get, headers: [.ifNoneMatch: etag])
            #expect(again.status == .notModified && again.body.readableBytes == 0)
            let zipped = try await client.execute(uri: "/sites/www/zwyw/", method: .get, headers: [.acceptEncoding: "gzip, br"])
            #expect(zipped.headers[.contentEncoding] == "gzip" && zipped.body.readableBytes < first.body.readableBytes / 2)
            var packed = zipped.body
            let unpacked = try packed.decompress(with: .gzip())
            #expect(String(buffer: unpacked) == first.text)
            // Search results are never kept.
            #expect(try await client.execute(uri: "/sites/www/search?q=" + "工作".urlEncoded, method: .get).headers[.eTag] == nil)
        }
    }

    /// Kept pages are answered on the connection (PageCacheChannelHandler), with every header the
    /// application would send, to HEAD as to GET, and in the order the requests came.
    @Test func keptPagesAreAnsweredOnTheConnectionInOrder() async throws {
        try await Harness.with(.sqlite, articles: 20, live: true) { (h: Harness, client: any TestClientProtocol) async throws in
            let port = try #require(client.port)
            let first = try await client.execute(uri: "/sites/www/zwyw/", method: .get)
            let answered = h.env.pageCache.answeredOnConnection
            let kept = try await client.execute(uri: "/sites/www/zwyw/", method: .get)
            #expect(h.env.pageCache.answeredOnConnection == answered + 1, "answered on the connection, not by the application")
            #expect(kept.status == .ok && kept.text == first.text && kept.headers[.eTag] == first.headers[.eTag])
            #expect(kept.headers[.server] == "Menhu" && kept.headers[.date] != nil && kept.headers[.contentSecurityPolicy] != nil)
            #expect(kept.headers[.contentLength] == String(first.body.readableBytes))
            let etag = try #require(kept.headers[.eTag])
            #expect(try await client.execute(uri: "/sites/www/zwyw/", method: .get, headers: [.ifNoneMatch: etag]).status == .notModified)
            // HEAD: the GET's headers and length, no body; also for a page not kept yet.
            let head = try await client.execute(uri: "/sites/www/zwyw/", method: .head)
            #expect(head.status == .ok && head.body.readableBytes == 0 && head.headers[.contentLength] == String(first.body.readableBytes))
            let fresh = try await client.execute(uri: "/sites/www/tzgg/", method: .head)
            #expect(fresh.status == .ok && fresh.body.readableBytes == 0 && Int(fresh.headers[.contentLength] ?? "") ?? 0 > 1000)
            // Pipelined on one connection: a search (never kept, answered by the application), then
            // the kept list, then a request that closes. The answers come in that order.
            let host = "Host: 127.0.0.1:\(port)\r\n"
            _ = try await Self.exchange(port: port, "GET /sites/www/zwyw/ HTTP/1.1\r\n\(host)Connection: close\r\n\r\n")
            let answers = try await Self.exchange(
                port: port,
                "GET /sites/www/search?q=\("工作".urlEncoded) HTTP/1.1\r\n\(host)\r\n"
                    + "GET /sites/www/zwyw/ HTTP/1.1\r\n\(host)\r\nGET /healthz HTTP/1.1\r\n\(host)Connection: close\r\n\r\n")
            let search = try #require(answers.range(of: "<mark>工作</mark>")), list = try #require(answers.range(of: "content=\"政务要闻\">"))
            let health = try #require(answers.range(of: "\r\n\r\nok\n"))
            #expect(search.lowerBound < list.lowerBound && list.lowerBound < health.lowerBound)
            #expect(answers.components(separatedBy: "HTTP/1.1 200 OK\r\n").count == 4)
            // A HEAD of an unknown page: a 404 without its page, so the next answer starts clean.
            let head404 = try await Self.exchange(
                port: port,
                "HEAD /sites/www/no-such-page/ HTTP/1.1\r\n\(host)\r\n"
                    + "GET /healthz HTTP/1.1\r\n\(host)Connection: close\r\n\r\n")
            let parts = head404.components(separatedBy: "\r\n\r\n")
            #expect(head404.hasPrefix("HTTP/1.1 404") && parts.count == 3 && parts[1].hasPrefix("HTTP/1.1 200") && parts[2] == "ok\n", "\(head404)")
        }
    }

    /// A TCP connection to 127.0.0.1:`port` whose reads give up after `timeout` seconds, or nil.
    static func connectLocally(port: Int, timeout seconds: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(fd); return nil }
        return fd
    }

    /// Sends `text` as is on a new connection and reads until the server closes it.
    static func exchange(port: Int, _ text: String) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                guard let fd = Self.connectLocally(port: port, timeout: 20) else { return continuation.resume(throwing: POSIXError(.ECONNREFUSED)) }
                defer { close(fd) }
                let bytes = Array(text.utf8)
                _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
                var received: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 65_536)
                while true {
                    let n = recv(fd, &buffer, buffer.count, 0)
                    if n <= 0 { break }
                    received += buffer[0..<n]
                }
                continuation.resume(returning: String(decoding: received, as: UTF8.self))
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func publishingDropsItsPagesHereAndOnOtherInstancesButNothingElse(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 40) { (h: Harness, client: any TestClientProtocol) async throws in
            // A second instance on the same database, with its own cache.
            let other = WebEnvironment(database: h.db, service: h.env.service, renderer: h.env.renderer, isDemo: true)
            try await other.pageCache.start(h.db)
            let otherApp = Application(router: MenhuApplication.router(env: other), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            try await otherApp.test(.router) { otherClient in
                let site = try await h.site("www")
                let news = try await h.column("zwyw"), notices = try await h.column("tzgg")
                for c in [client, otherClient] {
                    for uri in ["/sites/www/", "/sites/www/zwyw/", "/sites/www/tzgg/"] { _ = try await c.execute(uri: uri, method: .get) }
                }
                // Behind the cache's back, a notice's title changes in the database: cached pages keep the old one.
                let notice = try await h.db.read { sql in try await ArticleRecords.published(columnIDs: [notices.id], limit: 1, on: sql) }.first!
                try await h.db.write { sql in
                    try await sql.update("articles").set("title", to: SQLBind("后台改过的标题")).where("id", .equal, notice.id).run()
                }
                #expect(!(try await client.execute(uri: "/sites/www/tzgg/", method: .get).text.contains("后台改过的标题")))
                // Publishing in 政务要闻 drops that column's pages and the homepage, not the notices list.
                var desk = try await SearchTests.Desk(h, client)
                _ = try await desk.publish(
                    client,
                    [
                        "title": "缓存验证：新发布的要闻", "columnID": news.id, "source": "办公室",
                        "body": "<p>正文。</p>",
                    ])
                #expect(try await client.execute(uri: "/sites/www/zwyw/", method: .get).text.contains("缓存验证：新发布的要闻"))
                #expect(try await client.execute(uri: "/sites/www/", method: .get).text.contains("缓存验证：新发布的要闻"))
                #expect(!(try await client.execute(uri: "/sites/www/tzgg/", method: .get).text.contains("后台改过的标题")))
                // The other instance still has the old list until it reads the change log, then drops the same pages.
                #expect(!(try await otherClient.execute(uri: "/sites/www/zwyw/", method: .get).text.contains("缓存验证：新发布的要闻")))
                #expect(try await other.pageCache.sync(h.db) >= 1)
                #expect(try await otherClient.execute(uri: "/sites/www/zwyw/", method: .get).text.contains("缓存验证：新发布的要闻"))
                #expect(!(try await otherClient.execute(uri: "/sites/www/tzgg/", method: .get).text.contains("后台改过的标题")))
                // A change to the site's columns (archiving 通知公告) drops all its pages.
                var admin = try await h.browser(client, "siteadmin")
                let edit = try await admin.get(client, "/admin/sites/www/columns/\(notices.id)/edit")
                #expect(
                    try await admin.post(client, "/admin/sites/www/columns/\(notices.id)/archive", ["_csrf": Browser.csrf(edit)!]).status == .seeOther
                )
                let archived = try await client.execute(uri: "/sites/www/tzgg/", method: .get).text
                #expect(archived.contains("本栏目已归档") && archived.contains("后台改过的标题"))
                _ = site
            }
        }
    }
}
