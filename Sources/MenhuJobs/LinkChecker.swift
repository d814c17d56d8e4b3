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
        concurrency: Int = 64, perOrigin: Int = 8, timeout: Duration = LinkRule.timeout, allowPrivate: Bool = false,
        allowedHosts: Set<String> = [], userAgent: String = "Mozilla/5.0 (compatible; Menhu-LinkCheck/1.0; 政府网站链接巡检)"
    ) {
        self.concurrency = max(1, concurrency); self.perOrigin = max(1, perOrigin); self.timeout = timeout
        self.allowPrivate = allowPrivate; self.allowedHosts = Set(allowedHosts.map { $0.lowercased() }); self.userAgent = userAgent
    }
}

/// P11, M1: follows links over HTTP the way LinkRule says: one request per distinct address per
/// run (also while one is in flight), a limit per origin and overall, HEAD then GET, retries with
/// back-off honouring Retry-After (the waits hold no slot over all origins, so a slow origin slows
/// only itself; a 429 pauses the whole host for its Retry-After, not just the one address),
/// redirects followed one by one with every hop's address checked after DNS resolution.
public final class LinkChecker: Sendable {
    let options: LinkCheckOptions
    let group: any EventLoopGroup
    let tls: NIOSSLContext
    let overall: Slots
    let origins: OriginSlots
    let memo = Memo()
    /// Origins that stopped answering: their other links are not waited for again.
    let silent = SilentOrigins()
    /// Connections kept open between requests to the same origin.
    let pool = LinkConnectionPool()

    public init(options: LinkCheckOptions = LinkCheckOptions(), group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) throws {
        self.options = options
        self.group = group
        self.tls = try NIOSSLContext(configuration: .makeClientConfiguration())
        self.overall = Slots(options.concurrency)
        self.origins = OriginSlots(options.perOrigin)
    }

    /// Checks every distinct address of `urls`, all at once within the limits.
    public func check(_ urls: [String]) async -> [String: LinkOutcome] {
        let result = await withTaskGroup(of: (String, LinkOutcome).self) { tasks in
            for url in Set(urls) { tasks.addTask { (url, await self.check(url)) } }
            var result: [String: LinkOutcome] = [:]
            for await (url, outcome) in tasks { result[url] = outcome }
            return result
        }
        pool.closeAll()
        return result
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
            let result = await fetch(target, at: address, method: .GET, readBody: true, bodyLimit: Self.pageBytes)
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

    /// One address, with its tries: HEAD (then GET where HEAD is refused, or to read a page's
    /// title), or GET at once for a page. Once an origin has let `SilentOrigins.limit` requests
    /// in a row go unanswered, its other links are not waited for again in this run. A 429 pauses
    /// the whole host for its Retry-After; the addresses it turned away keep their place and are
    /// asked first when the pause ends, so each is turned away about once, not on every try.
    func request(_ target: HTTPTarget) async -> Result<LinkResponse, LinkFailure> {
        var attempt = 0
        while true {
            let result = await origins.with(target.origin) { () async -> Result<LinkResponse, LinkFailure> in
                var limited = 0
                while true {
                    if await self.silent.isSilent(target.origin) { return .failure(.timeout) }
                    if let until = await self.origins.pausedUntil(target.origin) { try? await Task.sleep(until: until, clock: .continuous) }
                    let result = await self.overall.with { await self.exchange(target) }
                    guard case .success(let r) = result, r.status == 429, let wait = LinkRule.retryDelay(after: result, attempt: limited)
                    else { return result }
                    limited += 1
                    await self.origins.pause(target.origin, seconds: wait)
                }
            }
            await silent.saw(target.origin, result)
            if await silent.isSilent(target.origin) { return result }
            if case .success(let r) = result, r.status == 429 { return result }  // its tries were taken above
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
        // A page is read anyway (for a "page not found" title): one GET, not HEAD then GET.
        if LinkRule.looksLikePage(target.path) { return await fetch(target, at: address, method: .GET, readBody: true) }
        let head = await fetch(target, at: address, method: .HEAD, readBody: false)
        switch head {
        case .success(let r) where LinkRule.retryWithGet(afterHead: r.status) || LinkRule.readsTitle(r):
            return await fetch(target, at: address, method: .GET, readBody: true)
        case .failure(.connection):
            // Some servers drop a HEAD; try GET once before calling it broken.
            return await fetch(target, at: address, method: .GET, readBody: true)
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
            } catch let failure as LinkFailure {
                return .failure(failure)
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
        let status = getaddrinfo(host, String(port), &hints, &list)
        // EAI_AGAIN: the resolver did not answer now, which says nothing about the link.
        if status == EAI_AGAIN { throw LinkFailure.lookupUnavailable }
        guard status == 0, let list else { throw LinkFailure.unknownHost }
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

    /// One request within the time limit, on a connection left open by an earlier one to the
    /// same origin and address when there is one (tried once more on a new connection if the
    /// server had closed it meanwhile).
    func fetch(
        _ target: HTTPTarget, at address: SocketAddress, method: HTTPMethod, readBody: Bool, bodyLimit: Int = titleBytes
    ) async -> Result<LinkResponse, LinkFailure> {
        let key = "\(target.https ? "https" : "http")://\(target.origin)@\(address)"
        let deadline = NIODeadline.now() + .nanoseconds(Int64(options.timeout.components.seconds) * 1_000_000_000)
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: target.hostHeader)
        headers.add(name: "User-Agent", value: options.userAgent)
        headers.add(name: "Accept", value: "text/html,application/xhtml+xml,*/*;q=0.8")
        let head = HTTPRequestHead(version: .http1_1, method: method, uri: target.path, headers: headers)
        for _ in 0..<2 {
            let channel: any Channel, reused: Bool
            if let idle = pool.take(key) {
                (channel, reused) = (idle, true)
            } else {
                do {
                    (channel, reused) = (try await connect(target, at: address, until: deadline), false)
                } catch {
                    return .failure(Self.failure(error))
                }
            }
            let promise = channel.eventLoop.makePromise(of: LinkExchangeReply.self)
            let left = max(deadline - NIODeadline.now(), .milliseconds(1))
            channel.writeAndFlush(LinkExchange(head: head, readBody: readBody, bodyLimit: bodyLimit, timeout: left, promise: promise), promise: nil)
            do {
                let reply = try await promise.futureResult.get()
                if reply.reusable { pool.give(key, channel) }
                return .success(reply.response)
            } catch let failure as LinkFailure {
                if reused, case .connection = failure { continue }
                return .failure(failure)
            } catch {
                return .failure(Self.failure(error))
            }
        }
        return .failure(.connection("连接中断"))
    }

    /// A new connection, TLS and HTTP/1.1 set up, within what is left of the time limit.
    func connect(_ target: HTTPTarget, at address: SocketAddress, until deadline: NIODeadline) async throws -> any Channel {
        let tls = self.tls
        return try await ClientBootstrap(group: group)
            .connectTimeout(max(deadline - NIODeadline.now(), .milliseconds(1)))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if target.https {
                        let sni = NetworkAddressRule.ipv4(target.host) == nil && !target.host.contains(":") ? target.host : nil
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: sni))
                    }
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(LinkExchangeHandler())
                }
            }
            .connect(to: address).get()
    }

    /// What a connection error means for a link.
    static func failure(_ error: any Error) -> LinkFailure {
        switch error {
        case let f as LinkFailure: return f
        case let e as NIOSSLError: return .tls(String(describing: e))
        case let e as BoringSSLError: return .tls(String(describing: e))
        case ChannelError.connectTimeout: return .timeout
        case let e as IOError where e.errnoCode == ECONNREFUSED: return .connection("连接被拒绝")
        case let e as NIOConnectionError:
            let refused = e.connectionErrors.contains { ($0.error as? IOError)?.errnoCode == ECONNREFUSED }
            return .connection(refused ? "连接被拒绝" : "无法建立连接")
        case is CancellationError: return .timeout
        default: return .connection("连接中断")
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

/// Origins that stopped answering in this run: after `limit` timeouts in a row with no answer
/// between, the rest of their links fail at once instead of each waiting out the time limit.
actor SilentOrigins {
    static let limit = 2
    var timeouts: [String: Int] = [:]

    func saw(_ origin: String, _ result: Result<LinkResponse, LinkFailure>) {
        if case .failure(.timeout) = result { timeouts[origin, default: 0] += 1 } else { timeouts[origin] = 0 }
    }

    func isSilent(_ origin: String) -> Bool { (timeouts[origin] ?? 0) >= Self.limit }
}

/// One `Slots` per origin, made on first use, and the pauses hosts asked for.
actor OriginSlots {
    let perOrigin: Int
    var slots: [String: Slots] = [:]
    var pauses: [String: ContinuousClock.Instant] = [:]

    /// Holds back the origin's requests for `seconds` (it answered 429, with or without `Retry-After`).
    func pause(_ origin: String, seconds: Double) {
        let until = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        if let current = pauses[origin], current >= until { return }
        pauses[origin] = until
    }

    /// When the origin's pause ends, when it is paused now.
    func pausedUntil(_ origin: String) -> ContinuousClock.Instant? {
        guard let until = pauses[origin] else { return nil }
        if until <= ContinuousClock.now {
            pauses[origin] = nil
            return nil
        }
        return until
    }

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
