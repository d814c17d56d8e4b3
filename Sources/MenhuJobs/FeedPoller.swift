import Foundation
import Logging
import MenhuCore
import MenhuImport
import MenhuStore
import ServiceLifecycle

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Reads the registered feeds of superior governments and turns new items into repost
/// tasks with a 12-hour deadline (P8).
public struct FeedPoller: Service {
    /// Fetches a feed's bytes; injected so tests need no network.
    public typealias Fetch = @Sendable (URL) async throws -> Data

    let flow: InformationFlowService
    let logger: Logger
    let interval: Duration
    let fetch: Fetch

    public init(flow: InformationFlowService, logger: Logger, interval: Duration = .seconds(600), fetch: Fetch? = nil) {
        self.flow = flow; self.logger = logger; self.interval = interval
        self.fetch = fetch ?? FeedPoller.download
    }

    /// One pass over every feed; returns how many tasks were added.
    @discardableResult
    public func runOnce() async -> Int {
        guard let feeds = try? await flow.database.read({ db in try await InformationFlowService.feeds(siteID: nil, on: db) }) else {
            return 0
        }
        var added = 0
        for feed in feeds {
            var items: [FeedReader.Item]? = nil
            var problem: String? = nil
            do {
                guard let url = URL(string: feed.url) else { throw FeedError("地址无效") }
                guard let parsed = FeedReader.items(try await fetch(url)) else { throw FeedError("不是 RSS 或 Atom 订阅") }
                items = parsed
            } catch {
                problem = "\(error)"
            }
            do {
                added += try await flow.recordFeed(feed, items: items, error: problem)
            } catch {
                logger.error("记录订阅“\(feed.name)”失败：\(error)")
            }
        }
        if added > 0 { logger.info("转载来源：新增 \(added) 项转载任务") }
        return added
    }

    public func run() async throws {
        await runPeriodically(every: interval) { await self.runOnce() }
    }

    struct FeedError: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    /// Downloads a feed over HTTP(S), refusing addresses inside private networks (DESIGN:
    /// no server-side fetching of private or loopback addresses) at the first address and at
    /// every redirect (at most 5), with a 20 s timeout and 5 MB cap.
    @Sendable static func download(_ url: URL) async throws -> Data {
        var current = url
        for hop in 0...maxRedirects {
            try checkFetchable(current)
            let (data, http) = try await fetchOnce(current)
            if (300..<400).contains(http.statusCode), let location = http.value(forHTTPHeaderField: "Location") {
                guard hop < maxRedirects else { throw FeedError("重定向次数过多") }
                current = try redirectTarget(from: current, location: location)
                continue
            }
            guard (200..<300).contains(http.statusCode) else { throw FeedError("读取失败：HTTP \(http.statusCode)") }
            guard data.count <= 5 * 1024 * 1024 else { throw FeedError("订阅内容超过 5 MB") }
            return data
        }
        throw FeedError("重定向次数过多")
    }

    static let maxRedirects = 5

    /// http or https to a host that resolves only to public addresses.
    static func checkFetchable(_ url: URL) throws {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty else {
            throw FeedError("只读取 http/https 地址")
        }
        guard NetworkAddress.isPublic(host: host) else { throw FeedError("拒绝读取内网或本机地址：\(host)") }
    }

    /// Where a redirect leads, checked like the first address.
    public static func redirectTarget(from url: URL, location: String) throws -> URL {
        guard let target = URL(string: location, relativeTo: url)?.absoluteURL else { throw FeedError("重定向地址无效") }
        try checkFetchable(target)
        return target
    }

    /// One request, redirects not followed (each is checked before it is asked for).
    static func fetchOnce(_ url: URL) async throws -> (Data, HTTPURLResponse) {
        var request = URLRequest(url: url, timeoutInterval: 20)
        request.setValue("Menhu feed reader", forHTTPHeaderField: "User-Agent")
        return try await withCheckedThrowingContinuation { continuation in
            session.dataTask(with: request) { data, response, error in
                if let error { return continuation.resume(throwing: error) }
                guard let http = response as? HTTPURLResponse else { return continuation.resume(throwing: FeedError("读取失败")) }
                continuation.resume(returning: (data ?? Data(), http))
            }.resume()
        }
    }

    static let session = URLSession(configuration: .ephemeral, delegate: NoRedirects(), delegateQueue: nil)

    /// Hands every redirect back as its response instead of following it.
    final class NoRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
        func urlSession(
            _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
            newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
        ) {
            completionHandler(nil)
        }
    }
}

/// Whether a host resolves only to public addresses.
public enum NetworkAddress {
    public static func isPublic(host: String) -> Bool {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return false }
        defer { freeaddrinfo(result) }
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let n = node {
            if let addr = n.pointee.ai_addr {
                if n.pointee.ai_family == AF_INET {
                    let v4 = addr.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr.s_addr }
                    let b = withUnsafeBytes(of: v4) { Array($0) }
                    if isPrivate(v4: b) { return false }
                } else if n.pointee.ai_family == AF_INET6 {
                    let b = addr.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { p in withUnsafeBytes(of: p.pointee.sin6_addr) { Array($0) } }
                    if isPrivate(v6: b) { return false }
                }
            }
            node = n.pointee.ai_next
        }
        return true
    }

    /// 0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12, 192.168/16, 224/4 and above.
    public static func isPrivate(v4 b: [UInt8]) -> Bool {
        b[0] == 0 || b[0] == 10 || b[0] == 127 || (b[0] == 100 && (64...127).contains(b[1])) || (b[0] == 169 && b[1] == 254)
            || (b[0] == 172 && (16...31).contains(b[1])) || (b[0] == 192 && b[1] == 168) || b[0] >= 224
    }

    /// ::, ::1, fc00::/7, fe80::/10, and IPv4-mapped private addresses.
    public static func isPrivate(v6 b: [UInt8]) -> Bool {
        if b[0..<15].allSatisfy({ $0 == 0 }) && (b[15] == 0 || b[15] == 1) { return true }
        if b[0] & 0xFE == 0xFC || (b[0] == 0xFE && b[1] & 0xC0 == 0x80) { return true }
        if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xFF && b[11] == 0xFF { return isPrivate(v4: Array(b[12..<16])) }
        return false
    }
}
