import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MenhuCore
import NIOConcurrencyHelpers
import Testing

@testable import MenhuJobs

/// P11, M1: the link checker against a small web this test serves on loopback (allowed here
/// only), one route per rule of the checklist.
@Suite struct LinkCheckerTests {
    /// What the link web saw: requests per path and method, and the most in flight at once.
    final class Log: Sendable {
        let requests = NIOLockedValueBox<[String: Int]>([:])
        let inFlight = NIOLockedValueBox<(now: Int, most: Int)>((0, 0))
        let finished = NIOLockedValueBox<[String]>([])
        /// The rate limiter of /quota: when it started, requests per second, and how many it refused.
        let quota = NIOLockedValueBox<(first: ContinuousClock.Instant?, counts: [Int: Int], refused: Int)>((nil, [:], 0))

        func saw(_ method: String, _ path: String) -> Int {
            requests.withLockedValue { r in
                r["\(method) \(path)", default: 0] += 1
                return r["\(method) \(path)"]!
            }
        }
        func count(_ method: String, _ path: String) -> Int { requests.withLockedValue { $0["\(method) \(path)"] ?? 0 } }
        func total(_ path: String) -> Int { requests.withLockedValue { r in r.filter { $0.key.hasSuffix(" " + path) }.values.reduce(0, +) } }
    }

    static func page(_ title: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: "<html><head><title>\(title)</title></head><body>内容</body></html>")))
    }

    static func redirect(_ to: String) -> Response { Response(status: .movedPermanently, headers: [.location: to]) }

    static func web(_ log: Log) -> Router<BasicRequestContext> {
        let router = Router()
        router.on("/ok", method: .head) { _, _ in Response(status: .ok, headers: [.contentType: "text/html"]) }
        router.get("/ok") { r, _ in
            _ = log.saw("GET", r.uri.path)
            return Self.page("欢迎")
        }
        router.on("/news/1.html", method: .head) { r, _ in
            _ = log.saw("HEAD", r.uri.path)
            return Response(status: .ok, headers: [.contentType: "text/html"])
        }
        router.get("/news/1.html") { r, _ in
            _ = log.saw("GET", r.uri.path)
            return Self.page("新闻")
        }
        router.get("/dead/:n") { r, _ in
            _ = log.saw("GET", "/dead")
            try await Task.sleep(for: .seconds(5))
            return Self.page("迟到")
        }
        router.on("/file.pdf", method: .head) { r, _ in
            _ = log.saw("HEAD", r.uri.path)
            return Response(status: .ok, headers: [.contentType: "application/pdf"])
        }
        router.get("/missing") { _, _ in Response(status: .notFound) }
        router.on("/missing", method: .head) { _, _ in Response(status: .notFound) }
        router.on("/gone", method: .head) { _, _ in Response(status: .gone) }
        router.on("/soft", method: .head) { _, _ in Response(status: .ok, headers: [.contentType: "text/html"]) }
        router.get("/soft") { _, _ in Self.page("页面不存在 - 某某市人民政府") }
        router.on("/head-refused", method: .head) { r, _ in
            _ = log.saw("HEAD", r.uri.path)
            return Response(status: .methodNotAllowed)
        }
        router.get("/head-refused") { r, _ in
            _ = log.saw("GET", r.uri.path)
            return Response(status: .ok, headers: [.contentType: "application/pdf"])
        }
        router.on("/flaky", method: .head) { r, _ in
            log.saw("HEAD", r.uri.path) == 1 ? Response(status: .serviceUnavailable) : Response(status: .ok)
        }
        router.on("/down", method: .head) { r, _ in
            _ = log.saw("HEAD", r.uri.path)
            return Response(status: .internalServerError)
        }
        router.get("/down") { r, _ in
            _ = log.saw("GET", r.uri.path)
            return Response(status: .internalServerError)
        }
        router.on("/limited", method: .head) { r, _ in
            log.saw("HEAD", r.uri.path) == 1 ? Response(status: .tooManyRequests, headers: [.retryAfter: "1"]) : Response(status: .ok)
        }
        router.on("/busy", method: .head) { r, _ in
            _ = log.saw("HEAD", r.uri.path)
            return Response(status: .tooManyRequests, headers: [.retryAfter: "0"])
        }
        router.on("/challenge", method: .head) { _, _ in
            Response(status: .forbidden, headers: [HTTPField.Name("cf-mitigated")!: "challenge"])
        }
        router.get("/challenge") { _, _ in Response(status: .forbidden, headers: [HTTPField.Name("cf-mitigated")!: "challenge"]) }
        router.on("/r1", method: .head) { _, _ in Self.redirect("/file.pdf") }
        router.on("/r2", method: .head) { _, _ in Self.redirect("/r1") }
        router.on("/loop-a", method: .head) { _, _ in Self.redirect("/loop-b") }
        router.on("/loop-b", method: .head) { _, _ in Self.redirect("/loop-a") }
        router.on("/chain/:n", method: .head) { _, c in
            let n = Int(c.parameters.get("n") ?? "0") ?? 0
            return n >= 12 ? Response(status: .ok) : Self.redirect("/chain/\(n + 1)")
        }
        router.on("/inward", method: .head) { r, _ in
            let port = r.head.authority?.split(separator: ":").last.map(String.init) ?? "80"
            return Self.redirect("http://127.0.0.1:\(port)/once")
        }
        router.on("/to-mail", method: .head) { _, _ in Self.redirect("mailto:someone@example.cn") }
        router.on("/slow", method: .head) { r, _ in
            try await Task.sleep(for: .seconds(3))
            return Response(status: .ok)
        }
        router.on("/once", method: .head) { r, _ in
            _ = log.saw("HEAD", r.uri.path)
            try await Task.sleep(for: .milliseconds(200))
            return Response(status: .ok)
        }
        router.on("/quota/:n", method: .head) { r, _ in
            // At most three requests a second (seconds counted from the first request), as a rate limiter does.
            let allowed = log.quota.withLockedValue { q in
                let now = ContinuousClock.now
                let first = q.first ?? now
                q.first = first
                let window = Int((now - first) / .seconds(1))
                q.counts[window, default: 0] += 1
                if q.counts[window]! > 3 { q.refused += 1 }
                return q.counts[window]! <= 3
            }
            return allowed ? Response(status: .ok) : Response(status: .tooManyRequests, headers: [.retryAfter: "1"])
        }
        router.on("/held/:n", method: .head) { r, _ in
            log.inFlight.withLockedValue { v in
                v.now += 1
                v.most = max(v.most, v.now)
            }
            // The busy origin's requests are held until the other origin's two are answered (or 5 s
            // pass): a checker that made the other origin queue behind the busy one would run into that.
            let held = ContinuousClock.now
            repeat {
                try await Task.sleep(for: .milliseconds(150))
            } while r.uri.path.contains("busy")
                && log.finished.withLockedValue({ $0.filter { $0.contains("other") }.count }) < 2
                && ContinuousClock.now - held < .seconds(5)
            log.inFlight.withLockedValue { $0.now -= 1 }
            log.finished.withLockedValue { $0.append(r.uri.path) }
            return Response(status: .ok)
        }
        return router
    }

    static func withWeb(_ body: @Sendable (Int, Log) async throws -> Void) async throws {
        let log = Log()
        let app = Application(router: web(log), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in try await body(try #require(client.port), log) }
    }

    static func checker(port: Int, perOrigin: Int = 4, timeout: Duration = .seconds(1)) throws -> LinkChecker {
        try LinkChecker(options: LinkCheckOptions(perOrigin: perOrigin, timeout: timeout, allowedHosts: ["127.0.0.1:\(port)"]))
    }

    @Test func everyRuleOfTheChecklistGivesItsVerdict() async throws {
        try await Self.withWeb { port, log in
            let base = "http://127.0.0.1:\(port)"
            let checker = try Self.checker(port: port)
            let cases: [(String, LinkVerdict, Int?)] = [
                ("/ok", .ok, 200), ("/file.pdf", .ok, 200), ("/news/1.html", .ok, 200), ("/missing", .broken, 404), ("/gone", .broken, 410),
                ("/soft", .caution, 200), ("/head-refused", .ok, 200), ("/flaky", .ok, 200), ("/down", .broken, 500),
                ("/limited", .ok, 200), ("/busy", .caution, 429), ("/challenge", .caution, 403), ("/r1", .ok, 200),
                ("/r2", .caution, 200), ("/loop-a", .broken, 301), ("/chain/0", .broken, 301), ("/to-mail", .broken, 301),
                ("/slow", .broken, nil),
            ]
            let outcomes = await checker.check(cases.map { base + $0.0 })
            for (path, verdict, code) in cases {
                let o = try #require(outcomes[base + path])
                #expect(o.verdict == verdict && o.code == code, "\(path): \(o)")
                #expect((o.verdict == .ok) == o.reason.isEmpty, "\(path): a finding says what to do")
            }
            #expect(outcomes[base + "/soft"]?.reason.contains("页面不存在") == true)
            #expect(outcomes[base + "/r2"]?.hops == 2 && outcomes[base + "/r2"]?.finalURL == base + "/file.pdf")
            #expect(outcomes[base + "/chain/0"]?.hops == LinkRule.brokenHops)
            #expect(outcomes[base + "/loop-a"]?.reason.contains("循环") == true)
            #expect(outcomes[base + "/slow"]?.reason.contains("没有响应") == true)
            // HEAD first; GET only where HEAD was refused; a 5xx tried again, then given up.
            #expect(log.count("HEAD", "/head-refused") == 1 && log.count("GET", "/head-refused") == 1)
            #expect(log.count("GET", "/file.pdf") == 0)
            // A page is read with one GET: its title is needed anyway.
            #expect(log.count("GET", "/news/1.html") == 1 && log.count("HEAD", "/news/1.html") == 0)
            #expect(log.count("HEAD", "/flaky") == 2)
            #expect(log.count("HEAD", "/down") + log.count("GET", "/down") == 2 * (LinkRule.retries + 1))
            #expect(log.count("HEAD", "/busy") == LinkRule.retries + 1 && log.count("HEAD", "/limited") == 2)
        }
    }

    /// A site that has stopped answering is not waited for link by link.
    @Test func anOriginThatStoppedAnsweringIsNotWaitedForAgain() async throws {
        try await Self.withWeb { port, log in
            let checker = try Self.checker(port: port, perOrigin: 2, timeout: .milliseconds(300))
            let urls = (0..<12).map { "http://127.0.0.1:\(port)/dead/\($0).html" }
            let started = ContinuousClock.now
            let outcomes = await checker.check(urls)
            #expect(outcomes.values.allSatisfy { $0.verdict == .broken && $0.reason.contains("没有响应") })
            #expect(log.count("GET", "/dead") <= 4, "two at a time, and no more once two went unanswered")
            #expect(ContinuousClock.now - started < .seconds(3), "not 12 × 3 tries × 0.3 s")
        }
    }

    @Test func aLinkOnThreeThousandPagesIsRequestedOnce() async throws {
        try await Self.withWeb { port, log in
            let checker = try Self.checker(port: port)
            let url = "http://127.0.0.1:\(port)/once"
            // As a list with repeats, and asked for again while the first request is in flight.
            async let listed = checker.check(Array(repeating: url, count: 3000))
            async let asked = withTaskGroup(of: LinkVerdict.self) { group in
                for _ in 0..<50 { group.addTask { await checker.check(url).verdict } }
                return await group.reduce(into: [LinkVerdict]()) { $0.append($1) }
            }
            let (a, b) = await (listed, asked)
            #expect(a[url]?.verdict == .ok && b.allSatisfy { $0 == .ok })
            #expect(log.count("HEAD", "/once") == 1)
        }
    }

    @Test func oneOriginGetsAtMostItsShareAndASlowOriginDoesNotHoldUpTheOthers() async throws {
        try await Self.withWeb { port, log in
            // 127.0.0.1 and localhost are two origins on the same server.
            let checker = try LinkChecker(
                options: LinkCheckOptions(perOrigin: 2, timeout: .seconds(10), allowedHosts: ["127.0.0.1:\(port)", "localhost:\(port)"]))
            let busy = (0..<8).map { "http://127.0.0.1:\(port)/held/busy\($0)" }
            let other = (0..<2).map { "http://localhost:\(port)/held/other\($0)" }
            async let busyDone = checker.check(busy)
            try await Task.sleep(for: .milliseconds(50))
            let otherDone = await checker.check(other)
            let allBusy = await busyDone
            #expect(otherDone.values.allSatisfy { $0.verdict == .ok } && allBusy.values.allSatisfy { $0.verdict == .ok })
            let order = log.finished.withLockedValue { $0 }
            // Two of the busy origin's at a time take four rounds; the other origin did not wait for them.
            let lastOther = try #require(order.lastIndex { $0.contains("other") })
            let lastBusy = try #require(order.lastIndex { $0.contains("busy") })
            #expect(lastOther < lastBusy, "\(order)")
            #expect(log.inFlight.withLockedValue { $0.most } <= 4)
        }
    }

    /// A host that allows three requests a second is paused as a whole when it says 429: every
    /// link ends checked, not "rate limited", and each is turned away about once.
    @Test func aHostThatLimitsItsRateIsWaitedForAsAWhole() async throws {
        try await Self.withWeb { port, log in
            let checker = try Self.checker(port: port, perOrigin: 3, timeout: .seconds(5))
            let urls = (0..<12).map { "http://127.0.0.1:\(port)/quota/\($0).pdf" }
            let outcomes = await checker.check(urls)
            #expect(outcomes.values.allSatisfy { $0.verdict == .ok }, "\(outcomes.values.filter { $0.verdict != .ok })")
            #expect(log.quota.withLockedValue { $0.refused } <= urls.count)
        }
    }

    @Test func privateAddressesAreRefusedUnlessAllowedAlsoAtARedirect() async throws {
        try await Self.withWeb { port, log in
            let url = "http://127.0.0.1:\(port)/once"
            let strict = try LinkChecker(options: LinkCheckOptions(timeout: .seconds(1)))
            let refused = await strict.check(url)
            #expect(refused.verdict == .broken && refused.reason.contains("内网或本机地址"))
            #expect(log.count("HEAD", "/once") == 0, "nothing was sent")
            // localhost is allowed; its redirect to 127.0.0.1 is checked again and refused.
            let one = try LinkChecker(options: LinkCheckOptions(timeout: .seconds(1), allowedHosts: ["localhost:\(port)"]))
            let bounced = await one.check("http://localhost:\(port)/inward")
            #expect(bounced.verdict == .broken && bounced.reason.contains("127.0.0.1") && bounced.hops == 1)
            #expect(log.count("HEAD", "/once") == 0)
            let open = try LinkChecker(options: LinkCheckOptions(timeout: .seconds(1), allowPrivate: true))
            #expect(await open.check(url).verdict == .ok)
        }
    }
}
