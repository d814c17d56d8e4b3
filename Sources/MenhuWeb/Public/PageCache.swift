import CompressNIO
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MenhuCore
import MenhuStore
import NIOCore
import ServiceLifecycle

/// Rendered public pages kept in memory per (host, path and query), served with ETag and
/// Last-Modified (304 on revalidation) and gzip when asked. A page carries the tags of what it
/// shows; a change (PageChangeRecords, written by whichever instance made it) drops exactly
/// the pages with its tags: publishing an item drops its page, its columns' lists and feeds,
/// the homepage blocks of those columns and the sitemap — not the whole cache.
public final class PageCache: @unchecked Sendable {
    /// One rendered page.
    struct Entry {
        let status: HTTPResponse.Status
        let contentType: String
        let cacheControl: String
        let body: ByteBuffer
        var gzipped: ByteBuffer?
        let etag: String
        let lastModified: String
        let tags: [PageTag]
        /// Every header of a kept page, security headers included, made once.
        let headers: HTTPFields
    }

    /// Headers every response carries (SecurityHeadersMiddleware adds them to the others).
    static let securityHeaders: HTTPFields = [
        .contentSecurityPolicy: SecurityHeaders.policy, .xContentTypeOptions: "nosniff",
        HTTPField.Name("X-Frame-Options")!: "DENY", HTTPField.Name("Referrer-Policy")!: "strict-origin-when-cross-origin",
        HTTPField.Name("Permissions-Policy")!: "camera=(), microphone=(), geolocation=()",
    ]

    /// What a page handler renders, with the tags of what it shows.
    struct Rendered {
        var status: HTTPResponse.Status = .ok
        var contentType = "text/html; charset=utf-8"
        var cacheControl = "public, max-age=60"
        var body: String
        var tags: [PageTag]
        /// Only pages of known things are kept (a 404 for any made-up path is not).
        var cacheable = true
        /// A cookie to set (pages never cached only, such as a survey's form).
        var cookie: Cookie? = nil
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var byTag: [PageTag: Set<String>] = [:]
    private var bytes = 0
    /// At most this much is kept, gzip copies and keys included (`MENHU_PAGE_CACHE_MB`); beyond
    /// it, pages are dropped.
    let byteLimit: Int
    let enabled: Bool

    /// Changes already applied (ids), and up to when changes have been read.
    private var applied: [String: Int] = [:]
    private var readUpTo = Int(Date().timeIntervalSince1970 * 1000)

    public init(byteLimit: Int = 128 * 1024 * 1024, enabled: Bool = true) {
        self.byteLimit = byteLimit
        self.enabled = enabled
    }

    var count: Int { lock.withLock { entries.count } }

    // MARK: Serving

    /// The key of a request: scheme (as a trusted proxy reports it; the connection drops the
    /// header from anyone else), host name and address.
    static func key(_ head: HTTPRequest) -> String {
        let https = head.headerFields[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased() == "https"
        return "\(https ? "s" : "")|\((head.authority ?? "").lowercased())|\(head.path ?? "")"
    }

    /// Only canonical addresses are kept: no query, or `page=N` for N from 2 on written plainly.
    /// Anything else (`?x=1`, `?page=01`, `?page=1`) is rendered each time, so made-up query
    /// strings cannot fill the memory.
    /// The path itself is plain ASCII without `%`, `//` or `\\`, which the router would read as
    /// another spelling of the same page. Checked on bytes.
    static func isCanonical(_ path: String) -> Bool {
        let bytes = Array(path.utf8)
        let mark = bytes.firstIndex(of: UInt8(ascii: "?")) ?? bytes.count
        let route = bytes[..<mark]
        guard route.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "%") && $0 != UInt8(ascii: "\\") }),
            !zip(route, route.dropFirst()).contains(where: { $0 == UInt8(ascii: "/") && $1 == UInt8(ascii: "/") })
        else { return false }
        guard mark < bytes.count else { return true }
        let query = String(decoding: bytes[(mark + 1)...], as: UTF8.self)
        guard query.hasPrefix("page="), let n = Int(query.dropFirst(5)), n >= 2, n <= 100_000 else { return false }
        return query.dropFirst(5) == Substring(String(n))
    }

    /// Hosts that are none of the platform's domains (local use: `127.0.0.1:8080`) whose pages
    /// are kept; pages of further unknown hosts are rendered each time.
    static let unknownHostLimit = 8
    private var unknownHosts: Set<String> = []

    /// Whether pages of `authority` may be kept: a platform domain, or one of the first few others.
    func admits(authority: String, known: Bool) -> Bool {
        if known { return true }
        return lock.withLock {
            if unknownHosts.contains(authority) { return true }
            guard unknownHosts.count < Self.unknownHostLimit else { return false }
            unknownHosts.insert(authority)
            return true
        }
    }

    /// How a kept page answers one request; `body` is nil for HEAD and 304.
    struct Answer {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: ByteBuffer?

        var response: Response { Response(status: status, headers: headers, body: body.map { .init(byteBuffer: $0) } ?? .init()) }
    }

    /// How many requests PageCacheChannelHandler answered on the connection.
    public var answeredOnConnection: Int { lock.withLock { onConnection } }
    private var onConnection = 0

    /// A kept page's answer to a GET or HEAD, or nil. `onConnection`: counted as answered there.
    func answer(_ head: HTTPRequest, onConnection counted: Bool = false) throws -> Answer? {
        guard enabled, head.method == .get || head.method == .head else { return nil }
        let key = Self.key(head)
        guard
            let entry = lock.withLock({ () -> Entry? in
                let entry = entries[key]
                if counted, entry != nil { onConnection += 1 }
                return entry
            })
        else { return nil }
        return try answer(head, entry, key: key)
    }

    /// The cached page for `key`, or renders, keeps and serves it. `keep`: whether the address
    /// and host are ones to keep (`isCanonical`, `admits`).
    func serve(_ request: Request, key: String, keep: Bool = true, render: () async throws -> Rendered) async throws -> Response {
        if enabled, let entry = lock.withLock({ entries[key] }) { return try answer(request.head, entry, key: key).response }
        let rendered = try await render()
        let body = ByteBuffer(string: rendered.body)
        guard rendered.cacheable, keep else {
            return Response(
                status: rendered.status, headers: [.contentType: rendered.contentType, .cacheControl: rendered.cacheControl],
                body: .init(byteBuffer: body))
        }
        let digest = Digest.hex(rendered.body).prefix(24)
        let etag = "\"\(digest)\"", lastModified = Self.httpDate(Date())
        var headers: HTTPFields = [
            .contentType: rendered.contentType, .cacheControl: rendered.cacheControl, .eTag: etag,
            .lastModified: lastModified, .vary: "Accept-Encoding",
        ]
        headers.append(contentsOf: Self.securityHeaders)
        let entry = Entry(
            status: rendered.status, contentType: rendered.contentType, cacheControl: rendered.cacheControl, body: body,
            gzipped: nil, etag: etag, lastModified: lastModified, tags: rendered.tags, headers: headers)
        if enabled { store(key, entry) }
        return try answer(request.head, entry, key: key).response
    }

    /// What an entry holds in memory: the page, its gzip copy, its key and the bookkeeping.
    static func size(_ key: String, _ entry: Entry) -> Int {
        entry.body.readableBytes + (entry.gzipped?.readableBytes ?? 0) + key.utf8.count * 2 + 512
            + entry.tags.reduce(0) { $0 + $1.description.utf8.count * 2 + 64 }
    }

    /// Bytes held now (pages, gzip copies, keys), never above `byteLimit`.
    var heldBytes: Int { lock.withLock { bytes } }

    private func store(_ key: String, _ entry: Entry) {
        lock.withLock {
            removeLocked(key)
            let size = Self.size(key, entry)
            guard size <= byteLimit else { return }
            while bytes + size > byteLimit, let victim = entries.keys.first { removeLocked(victim) }
            entries[key] = entry
            bytes += size
            for tag in entry.tags { byTag[tag, default: []].insert(key) }
        }
    }

    private func answer(_ head: HTTPRequest, _ entry: Entry, key: String) throws -> Answer {
        var headers = entry.headers
        let asked = head.headerFields
        let ifNoneMatch = asked[.ifNoneMatch]
        if let ifNoneMatch, ifNoneMatch.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == entry.etag || $0 == "*" })
        {
            return Answer(status: .notModified, headers: headers, body: nil)
        }
        if ifNoneMatch == nil, let since = asked[.ifModifiedSince], since == entry.lastModified {
            return Answer(status: .notModified, headers: headers, body: nil)
        }
        var body = entry.body
        if (asked[.acceptEncoding] ?? "").contains("gzip"), entry.body.readableBytes > 512 {
            headers[.contentEncoding] = "gzip"
            body = try gzipped(entry, key: key)
        }
        // A HEAD gets the headers of the GET, its length included.
        headers[.contentLength] = String(body.readableBytes)
        return Answer(status: entry.status, headers: headers, body: head.method == .head ? nil : body)
    }

    /// The gzip form, made once per page.
    private func gzipped(_ entry: Entry, key: String) throws -> ByteBuffer {
        if let ready = entry.gzipped { return ready }
        var source = entry.body
        let packed = try source.compress(with: .gzip())
        lock.withLock {
            guard var kept = entries[key], kept.etag == entry.etag, kept.gzipped == nil else { return }
            // The copy counts against the limit like the page: room is made for it (compressing
            // the same page for every request would cost the event loop more than a miss).
            while bytes + packed.readableBytes > byteLimit, let victim = entries.keys.first(where: { $0 != key }) { removeLocked(victim) }
            guard bytes + packed.readableBytes <= byteLimit else { return }
            kept.gzipped = packed
            entries[key] = kept
            bytes += packed.readableBytes
        }
        return packed
    }

    // MARK: Dropping

    /// Drops the pages carrying any of `tags` (`all`: every page).
    func drop(tags: [PageTag]) {
        lock.withLock {
            if tags.contains(.all) {
                entries.removeAll(); byTag.removeAll(); bytes = 0
                return
            }
            for tag in tags { for key in byTag[tag] ?? [] { removeLocked(key) } }
        }
    }

    private func removeLocked(_ key: String) {
        guard let entry = entries.removeValue(forKey: key) else { return }
        bytes -= Self.size(key, entry)
        for tag in entry.tags {
            byTag[tag]?.remove(key)
            if byTag[tag]?.isEmpty == true { byTag[tag] = nil }
        }
    }

    /// Call once before serving: marks the changes already in the log as applied (the pages they
    /// concern are rendered fresh anyway).
    public func start(_ database: Database) async throws {
        let from = lock.withLock { readUpTo } - 10_000
        let changes = try await database.read { db in try await PageChangeRecords.since(from, on: db) }
        lock.withLock { for c in changes { applied[c.id] = c.at } }
    }

    /// Applies the changes recorded since the last call (by this or any other instance). Changes
    /// are read with a 10-second overlap, as a slower transaction may commit an earlier stamp.
    @discardableResult
    public func sync(_ database: Database) async throws -> Int {
        let from = lock.withLock { readUpTo } - 10_000
        let changes = try await database.read { db in try await PageChangeRecords.since(from, on: db) }
        let fresh = lock.withLock { () -> [PageChangeRecords.Change] in
            let new = changes.filter { applied[$0.id] == nil }
            for c in new { applied[c.id] = c.at }
            if let newest = changes.last?.at { readUpTo = max(readUpTo, newest) }
            applied = applied.filter { $0.value >= readUpTo - 60_000 }
            return new
        }
        for change in fresh { drop(tags: change.tags) }
        return fresh.count
    }

    static func httpDate(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return f.string(from: date)
    }
}

/// Reads the change log every half second, so pages changed through another instance (or the
/// scheduler) leave this instance's cache; prunes the log daily.
public struct PageCacheSync: Service {
    let cache: PageCache
    let database: Database
    let logger: Logger

    public init(cache: PageCache, database: Database, logger: Logger) {
        self.cache = cache; self.database = database; self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            var passes = 0
            while !Task.isCancelled {
                do {
                    try await cache.sync(database)
                    passes += 1
                    if passes % 172_800 == 1 {
                        let dayAgo = Int(Date().timeIntervalSince1970 * 1000) - 86_400_000
                        try await database.write { db in try await PageChangeRecords.prune(before: dayAgo, on: db) }
                    }
                } catch {
                    logger.error("页面缓存同步失败：\(error)")
                }
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
    }
}

/// First in the chain: a kept page is answered before routing and the other middlewares (its
/// headers, security headers included, were made when it was kept). Most kept pages never get
/// here: PageCacheChannelHandler answers them on the connection. A HEAD leaves without a body.
struct PageCacheMiddleware<Context: RequestContext>: RouterMiddleware {
    let cache: PageCache

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let answer = try cache.answer(request.head) { return answer.response }
        guard request.method == .head else { return try await next(request, context) }
        // A HEAD never carries a body, error pages included (the client would read it as the
        // next response on the connection).
        var response = try await next(request, context)
        let length = response.headers[.contentLength] ?? response.body.contentLength.map { String($0) }
        response.body = .init()
        response.headers[.contentLength] = length
        return response
    }
}
