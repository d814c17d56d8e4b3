import Foundation
import MenhuCore
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

#if canImport(Glibc)
    import Glibc
#endif

/// How `LinkChecker` goes about it.
public struct LinkCheckOptions: Sendable {
    /// Requests in flight at once, over all origins.
    public var concurrency: Int
    /// Requests in flight at once to one origin (host and port).
    public var perOrigin: Int
    public var timeout: Duration
    /// Visit private, loopback and link-local addresses too (`--allow-private`; tests).
    public var allowPrivate: Bool
    /// Hosts (`name` or `name:port`) visited even where they resolve to a private address: the
    /// platform's own sites and `MENHU_LINKCHECK_ALLOW`.
    public var allowedHosts: Set<String>
    public var userAgent: String

    public init(
        concurrency: Int = 64, perOrigin: Int = 4, timeout: Duration = LinkRule.timeout, allowPrivate: Bool = false,
        allowedHosts: Set<String> = [], userAgent: String = "Mozilla/5.0 (compatible; Menhu-LinkCheck/1.0; 政府网站链接巡检)"
    ) {
        self.concurrency = max(1, concurrency); self.perOrigin = max(1, perOrigin); self.timeout = timeout
        self.allowPrivate = allowPrivate; self.allowedHosts = Set(allowedHosts.map { $0.lowercased() }); self.userAgent = userAgent
    }
}

/// P11, M1: follows links over HTTP the way LinkRule says: one request per distinct address per
/// run (also while one is in flight), a limit per origin and overall, HEAD then GET, retries with
/// back-off honouring Retry-After (the waits hold no slot, so a slow origin slows only itself),
/// redirects followed one by one with every hop's address checked after DNS resolution.
public final class LinkChecker: Sendable {
    let options: LinkCheckOptions
    let group: any EventLoopGroup
    let tls: NIOSSLContext
    let overall: Slots
    let origins: OriginSlots
    let memo = Memo()

    public init(options: LinkCheckOptions = LinkCheckOptions(), group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) throws {
        self.options = options
        self.group = group
        self.tls = try NIOSSLContext(configuration: .makeClientConfiguration())
        self.overall = Slots(options.concurrency)
        self.origins = OriginSlots(options.perOrigin)
    }

    /// Checks every distinct address of `urls`, all at once within the limits.
    public func check(_ urls: [String]) async -> [String: LinkOutcome] {
        await withTaskGroup(of: (String, LinkOutcome).self) { tasks in
            for url in Set(urls) { tasks.addTask { (url, await self.check(url)) } }
            var result: [String: LinkOutcome] = [:]
            for await (url, outcome) in tasks { result[url] = outcome }
            return result
        }
    }

    /// Checks one address; the same address asked for again in this run (or while in flight) is not requested again.
    public func check(_ url: String) async -> LinkOutcome {
        await memo.value(for: url) { await self.follow(url) }
    }

    /// A page's HTML (up to `pageBytes`), fetched with GET after the same address checks, following
    /// up to 8 redirects; nil when it cannot be read.
    public func page(_ url: String) async -> String? {
        var current = url
        for _ in 0..<LinkRule.brokenHops {
            guard let target = HTTPTarget(current), case .success(let address) = await resolve(target) else { return nil }
            let result = await Self.fetch(
                target, at: address, method: .GET, readBody: true, bodyLimit: Self.pageBytes, options: options, group: group, tls: tls)
            guard case .success(let r) = result else { return nil }
            if (300..<400).contains(r.status), let location = r.location,
                let next = URL(string: location, relativeTo: URL(string: current))?.absoluteURL.absoluteString
            {
                current = next
                continue
            }
            return (200..<300).contains(r.status) ? r.body : nil
        }
        return nil
    }

    /// The most of a page `page(_:)` reads.
    static let pageBytes = 10 * 1024 * 1024

    func follow(_ url: String) async -> LinkOutcome {
        var current = url, hops = 0, seen: Set<String> = [url]
        while true {
            guard let target = HTTPTarget(current) else {
                return hops == 0
                    ? LinkRule.outcome(url, .failure(.invalidAddress), hops: 0, finalURL: nil)
                    : LinkRule.badRedirect(url, to: current, hops: hops, code: 0)
            }
            let result = await request(target)
            if case .success(let r) = result, (300..<400).contains(r.status), r.status != 304, let location = r.location {
                hops += 1
                guard let next = URL(string: location, relativeTo: URL(string: current))?.absoluteURL.absoluteString,
                    let scheme = URL(string: next)?.scheme?.lowercased(), scheme == "http" || scheme == "https"
                else { return LinkRule.badRedirect(url, to: location, hops: hops, code: r.status) }
                if !seen.insert(next).inserted { return LinkRule.loop(url, hops: hops, code: r.status) }
                if hops >= LinkRule.brokenHops { return LinkRule.tooManyHops(url, hops: hops, code: r.status) }
                current = next
                continue
            }
            return LinkRule.outcome(url, result, hops: hops, finalURL: current)
        }
    }

    /// One address, with its tries: HEAD (then GET where HEAD is refused, or to read a page's title).
    func request(_ target: HTTPTarget) async -> Result<LinkResponse, LinkFailure> {
        var attempt = 0
        while true {
            let result = await origins.with(target.origin) {
                await self.overall.with { await self.exchange(target) }
            }
            guard let wait = LinkRule.retryDelay(after: result, attempt: attempt) else { return result }
            attempt += 1
            try? await Task.sleep(for: .milliseconds(Int(wait * 1000)))
        }
    }

    func exchange(_ target: HTTPTarget) async -> Result<LinkResponse, LinkFailure> {
        let address: SocketAddress
        switch await resolve(target) {
        case .success(let a): address = a
        case .failure(let f): return .failure(f)
        }
        let head = await Self.fetch(target, at: address, method: .HEAD, readBody: false, options: options, group: group, tls: tls)
        switch head {
        case .success(let r) where LinkRule.retryWithGet(afterHead: r.status) || LinkRule.readsTitle(r):
            return await Self.fetch(target, at: address, method: .GET, readBody: true, options: options, group: group, tls: tls)
        case .failure(.connection):
            // Some servers drop a HEAD; try GET once before calling it broken.
            return await Self.fetch(target, at: address, method: .GET, readBody: true, options: options, group: group, tls: tls)
        default: return head
        }
    }

    /// The address to connect to, after DNS, refused when it is not public and not allowed.
    func resolve(_ target: HTTPTarget) async -> Result<SocketAddress, LinkFailure> {
        let allowed = options.allowPrivate || options.allowedHosts.contains(target.host) || options.allowedHosts.contains(target.origin)
        let found: [SocketAddress]
        if let literal = try? SocketAddress(ipAddress: target.host, port: target.port) {
            found = [literal]
        } else {
            do {
                found = try await NIOThreadPool.singleton.runIfActive { try Self.lookUp(target.host, port: target.port) }
            } catch { return .failure(.unknownHost) }
        }
        guard let first = found.first else { return .failure(.unknownHost) }
        if !allowed, let bad = found.compactMap(\.ipAddress).first(where: NetworkAddressRule.isNonPublic) {
            return .failure(.privateAddress(bad))
        }
        return .success(first)
    }

    static func lookUp(_ host: String, port: Int) throws -> [SocketAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
            hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let list else { throw LinkFailure.unknownHost }
        defer { freeaddrinfo(list) }
        var result: [SocketAddress] = []
        var next: UnsafeMutablePointer<addrinfo>? = list
        while let info = next {
            if let addr = info.pointee.ai_addr {
                switch Int32(info.pointee.ai_family) {
                case AF_INET: result.append(addr.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { SocketAddress($0.pointee, host: host) })
                case AF_INET6:
                    result.append(addr.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { SocketAddress($0.pointee, host: host) })
                default: break
                }
            }
            next = info.pointee.ai_next
        }
        // IPv4 first: most hosts' IPv6 is less often reachable from a government network.
        return result.filter { $0.protocol == .inet } + result.filter { $0.protocol != .inet }
    }

    /// Bytes of a page read to find its title.
    static let titleBytes = 32 * 1024

    /// One request on its own connection, within the time limit.
    static func fetch(
        _ target: HTTPTarget, at address: SocketAddress, method: HTTPMethod, readBody: Bool, bodyLimit: Int = titleBytes,
        options: LinkCheckOptions, group: any EventLoopGroup, tls: NIOSSLContext
    ) async -> Result<LinkResponse, LinkFailure> {
        let opened = NIOLockedValueBox<(any Channel)?>(nil)
        do {
            let response = try await withThrowingTaskGroup(of: LinkResponse?.self) { tasks in
                tasks.addTask {
                    let channel = try await ClientBootstrap(group: group)
                        .connectTimeout(.milliseconds(Int64(options.timeout.components.seconds * 1000)))
                        .connect(to: address) { channel in
                            channel.eventLoop.makeCompletedFuture {
                                if target.https {
                                    let sni = NetworkAddressRule.ipv4(target.host) == nil && !target.host.contains(":") ? target.host : nil
                                    try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: sni))
                                }
                                try channel.pipeline.syncOperations.addHTTPClientHandlers()
                                return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                                    wrappingChannelSynchronously: channel)
                            }
                        }
                    opened.withLockedValue { $0 = channel.channel }
                    return try await channel.executeThenClose { inbound, outbound in
                        var headers = HTTPHeaders()
                        headers.add(name: "Host", value: target.hostHeader)
                        headers.add(name: "User-Agent", value: options.userAgent)
                        headers.add(name: "Accept", value: "text/html,application/xhtml+xml,*/*;q=0.8")
                        headers.add(name: "Connection", value: "close")
                        try await outbound.write(.head(HTTPRequestHead(version: .http1_1, method: method, uri: target.path, headers: headers)))
                        try await outbound.write(.end(nil))
                        var response: LinkResponse?
                        var body = ByteBuffer()
                        reading: for try await part in inbound {
                            switch part {
                            case .head(let h):
                                response = LinkResponse(
                                    status: Int(h.status.code), location: h.headers.first(name: "location"),
                                    retryAfter: h.headers.first(name: "retry-after"),
                                    challenge: h.headers.first(name: "cf-mitigated")?.lowercased() == "challenge",
                                    contentType: (h.headers.first(name: "content-type") ?? "").lowercased())
                                if !readBody || !(response?.isPage ?? false) { break reading }
                            case .body(var chunk):
                                body.writeBuffer(&chunk)
                                if body.readableBytes >= bodyLimit { break reading }
                            case .end: break reading
                            }
                        }
                        if readBody, response?.isPage == true {
                            let text = String(decoding: body.readableBytesView, as: UTF8.self)
                            response?.title = LinkRule.title(ofPage: text)
                            if bodyLimit > titleBytes { response?.body = text }
                        }
                        return response
                    }
                }
                tasks.addTask {
                    try await Task.sleep(for: options.timeout)
                    return nil
                }
                let first = try await tasks.next() ?? nil
                if first == nil { opened.withLockedValue { $0?.close(promise: nil) } }
                tasks.cancelAll()
                return first
            }
            guard let response else { return .failure(.timeout) }
            return .success(response)
        } catch let error as NIOSSLError {
            return .failure(.tls(String(describing: error)))
        } catch let error as BoringSSLError {
            return .failure(.tls(String(describing: error)))
        } catch ChannelError.connectTimeout {
            return .failure(.timeout)
        } catch let error as IOError where error.errnoCode == ECONNREFUSED {
            return .failure(.connection("连接被拒绝"))
        } catch let error as NIOConnectionError {
            let refused = error.connectionErrors.contains { ($0.error as? IOError)?.errnoCode == ECONNREFUSED }
            return .failure(.connection(refused ? "连接被拒绝" : "无法建立连接"))
        } catch {
            if error is CancellationError { return .failure(.timeout) }
            return .failure(.connection("连接中断"))
        }
    }
}

/// An http(s) address split for a request: host, port, and the path with its query.
struct HTTPTarget: Sendable, Hashable {
    let https: Bool
    let host: String
    let port: Int
    let path: String

    init?(_ url: String) {
        guard let c = URLComponents(string: url), let scheme = c.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = c.host?.lowercased(), !host.isEmpty
        else { return nil }
        https = scheme == "https"
        self.host = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        port = c.port ?? (https ? 443 : 80)
        let p = c.percentEncodedPath.isEmpty ? "/" : c.percentEncodedPath
        path = p + (c.percentEncodedQuery.map { "?" + $0 } ?? "")
    }

    /// Host and port: what the per-origin limit counts.
    var origin: String { "\(host):\(port)" }

    var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == (https ? 443 : 80) ? name : "\(name):\(port)"
    }
}

/// A counting semaphore for async code: `with` waits for a slot, runs, gives the slot back.
actor Slots {
    var free: Int
    var waiting: [CheckedContinuation<Void, Never>] = []

    init(_ count: Int) { free = count }

    func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }

    nonisolated func with<T: Sendable>(_ body: @Sendable () async -> T) async -> T {
        await acquire()
        let result = await body()
        await release()
        return result
    }
}

/// One `Slots` per origin, made on first use.
actor OriginSlots {
    let perOrigin: Int
    var slots: [String: Slots] = [:]

    init(_ perOrigin: Int) { self.perOrigin = perOrigin }

    func slots(for origin: String) -> Slots {
        if let s = slots[origin] { return s }
        let s = Slots(perOrigin)
        slots[origin] = s
        return s
    }

    nonisolated func with<T: Sendable>(_ origin: String, _ body: @Sendable () async -> T) async -> T {
        await slots(for: origin).with(body)
    }
}

/// Each address's outcome, or the task finding it: asked twice, requested once.
actor Memo {
    var tasks: [String: Task<LinkOutcome, Never>] = [:]

    func value(for url: String, _ make: @escaping @Sendable () async -> LinkOutcome) async -> LinkOutcome {
        if let task = tasks[url] { return await task.value }
        let task = Task { await make() }
        tasks[url] = task
        return await task.value
    }
}
