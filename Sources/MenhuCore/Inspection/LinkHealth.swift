import Foundation

/// 链接检查结论: a link works, works with something to fix (提醒), or is broken (失效).
public enum LinkVerdict: String, Sendable, Codable, CaseIterable, Comparable {
    case ok
    /// 提醒: works, but should be fixed or checked by a person (rate-limited, redirected twice or more,
    /// a page that says it does not exist).
    case caution
    /// 失效: the public cannot reach what the link points at.
    case broken

    public var label: String {
        switch self {
        case .ok: "正常"
        case .caution: "提醒"
        case .broken: "失效"
        }
    }

    var rank: Int {
        switch self {
        case .ok: 0
        case .caution: 1
        case .broken: 2
        }
    }

    public static func < (a: LinkVerdict, b: LinkVerdict) -> Bool { a.rank < b.rank }
}

/// What one request for a link gave back: the response head, and for a GET the page's title.
public struct LinkResponse: Sendable, Equatable {
    public var status: Int
    /// `Location`, for a redirect.
    public var location: String?
    /// `Retry-After`, as sent (seconds or an HTTP date).
    public var retryAfter: String?
    /// `cf-mitigated: challenge`: a bot challenge page rather than the page.
    public var challenge: Bool
    /// `Content-Type`, lowercased.
    public var contentType: String
    /// The `<title>` of a page read with GET.
    public var title: String?
    /// The page itself, when it was asked for (`menhu links check` reading a page's links).
    public var body: String?

    public init(
        status: Int, location: String? = nil, retryAfter: String? = nil, challenge: Bool = false, contentType: String = "",
        title: String? = nil
    ) {
        self.status = status; self.location = location; self.retryAfter = retryAfter; self.challenge = challenge
        self.contentType = contentType; self.title = title
    }

    /// A page (HTML) rather than a file.
    public var isPage: Bool { contentType.hasPrefix("text/html") || contentType.hasPrefix("application/xhtml") }
}

/// Why no response came.
public enum LinkFailure: Sendable, Equatable, Error {
    /// Nothing within the time limit (15 s).
    case timeout
    /// The name does not resolve.
    case unknownHost
    /// The resolver did not answer (a temporary DNS failure): no verdict on the link itself.
    case lookupUnavailable
    /// Refused, reset or unreachable.
    case connection(String)
    /// The certificate or the TLS handshake failed.
    case tls(String)
    /// The address is private, loopback or link-local and not allowed.
    case privateAddress(String)
    /// Not an http(s) address one can request.
    case invalidAddress
}

/// The result of checking one link, as the inspection stores it and `menhu links check` prints it.
public struct LinkOutcome: Sendable, Equatable, Codable {
    public var url: String
    public var verdict: LinkVerdict
    /// The last HTTP status (nil when no response came).
    public var code: Int?
    /// What is wrong and how to fix it, in Chinese ("" when nothing is).
    public var reason: String
    /// Where the redirects ended, when there were any.
    public var finalURL: String?
    /// Redirects followed.
    public var hops: Int

    public init(url: String, verdict: LinkVerdict, code: Int? = nil, reason: String = "", finalURL: String? = nil, hops: Int = 0) {
        self.url = url; self.verdict = verdict; self.code = code; self.reason = reason; self.finalURL = finalURL; self.hops = hops
    }
}

/// P11, M1: how the link health of the daily inspection (and `menhu links check`) decides, the
/// rules a best-in-class checker follows; the network part is in MenhuJobs' `LinkChecker`.
public enum LinkRule {
    /// A request that has not answered in this time fails (the probe's 15 s).
    public static let timeout: Duration = .seconds(15)
    /// Tries after the first, for timeouts, 5xx and 429.
    public static let retries = 2
    /// Redirect chains this long are broken; from `cautionHops` on they are a warning.
    public static let brokenHops = 8, cautionHops = 2
    /// The longest `Retry-After` waited for; a longer one ends the tries.
    public static let longestWait: Double = 30

    /// Words of a page that says the page does not exist (a "soft 404").
    public static let notFoundTitles = ["页面不存在", "页面未找到", "找不到页面", "页面找不到", "404", "not found", "page not found", "文章不存在", "信息不存在"]

    /// Whether a HEAD answer means "try GET instead": servers that refuse or mishandle HEAD.
    public static func retryWithGet(afterHead status: Int) -> Bool {
        [400, 403, 405, 406, 409, 501].contains(status) || (status >= 500 && status != 503)
    }

    /// Whether an address names a web page (a directory, or .html, .shtml, .php, .jsp, .aspx…):
    /// it is asked for with GET at once, since its title must be read anyway; a file (.pdf, .doc,
    /// or anything else) gets HEAD first, so it is not downloaded.
    public static func looksLikePage(_ path: String) -> Bool {
        let bare = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? path
        if bare.isEmpty || bare.hasSuffix("/") { return true }
        guard let dot = bare.lastIndex(of: "."), !bare[dot...].contains("/") else { return false }
        return pageExtensions.contains(bare[bare.index(after: dot)...].lowercased())
    }

    static let pageExtensions: Set<String> = ["html", "htm", "shtml", "xhtml", "php", "jsp", "asp", "aspx", "do", "action", "jhtml"]

    /// Whether a 2xx page must be read (GET) to see whether it is a "page not found" page.
    public static func readsTitle(_ head: LinkResponse) -> Bool { (200..<300).contains(head.status) && head.isPage }

    /// The wait before try `attempt + 1` (attempt counts from 0) after `result`, or nil for no more tries.
    public static func retryDelay(after result: Result<LinkResponse, LinkFailure>, attempt: Int, now: Date = Date()) -> Double? {
        guard attempt < retries else { return nil }
        let backoff = 0.5 * Double(1 << attempt)
        switch result {
        case .failure(.timeout), .failure(.connection): return backoff
        case .failure: return nil
        case .success(let r):
            guard r.status == 429 || r.status == 503 || (500..<600).contains(r.status) else { return nil }
            guard let after = r.retryAfter else { return backoff }
            guard let wait = waitSeconds(after, now: now) else { return backoff }
            return wait <= longestWait ? max(wait, 0) : nil
        }
    }

    /// `Retry-After` in seconds from `now`: a number of seconds, or an HTTP date.
    public static func waitSeconds(_ value: String, now: Date) -> Double? {
        let v = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(v) { return seconds }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return f.date(from: v).map { $0.timeIntervalSince(now) }
    }

    /// Whether a page title says the page does not exist.
    public static func saysNotFound(_ title: String?) -> Bool {
        guard let t = title?.lowercased(), !t.isEmpty else { return false }
        return notFoundTitles.contains { t.contains($0) }
    }

    /// The verdict on a link from its last answer (or failure) after `hops` redirects ending at `finalURL`.
    public static func outcome(_ url: String, _ result: Result<LinkResponse, LinkFailure>, hops: Int, finalURL: String?) -> LinkOutcome {
        let moved = hops > 0 ? finalURL : nil
        func make(_ verdict: LinkVerdict, _ code: Int?, _ reason: String) -> LinkOutcome {
            LinkOutcome(url: url, verdict: verdict, code: code, reason: reason, finalURL: moved, hops: hops)
        }
        switch result {
        case .failure(.timeout): return make(.broken, nil, "15 秒内没有响应，对方网站可能已关闭或过慢；请核实后修改或删除链接")
        case .failure(.unknownHost): return make(.broken, nil, "域名无法解析，网站可能已停用；请核实后修改或删除链接")
        case .failure(.lookupUnavailable): return make(.caution, nil, "域名解析服务暂时没有应答，本次无法核实；下次巡检会再查")
        case .failure(.connection(let why)): return make(.broken, nil, "无法连接（\(why)）；请核实后修改或删除链接")
        case .failure(.tls(let why)): return make(.broken, nil, "HTTPS 证书或加密连接有误（\(why)），浏览器会拦截；请联系对方网站或删除链接")
        case .failure(.privateAddress(let address)):
            return make(.broken, nil, "链接指向内网或本机地址 \(address)，公众无法访问，巡检也不访问；请改为公开地址")
        case .failure(.invalidAddress): return make(.broken, nil, "不是有效的网址；请改正")
        case .success(let r):
            if r.challenge { return make(.caution, r.status, "对方网站要求人机验证，无法自动检查；请人工打开核实") }
            switch r.status {
            case 200..<300:
                if saysNotFound(r.title) {
                    return make(.caution, r.status, "页面可以打开，但标题为“\(r.title ?? "")”，内容可能已删除；请人工核实")
                }
                if hops >= cautionHops {
                    return make(.caution, r.status, "经过 \(hops) 次跳转才到达 \(finalURL ?? "")；建议直接链接到最终地址")
                }
                return make(.ok, r.status, "")
            case 300..<400: return make(.broken, r.status, "跳转没有给出新地址；请核实后修改链接")
            case 429: return make(.caution, r.status, "对方网站限制访问频率（HTTP 429），稍后再查；请人工打开核实")
            case 404, 410: return make(.broken, r.status, "页面不存在（HTTP \(r.status)）；请改为正确地址或删除链接")
            case 401, 403: return make(.broken, r.status, "对方网站拒绝访问（HTTP \(r.status)），公众也打不开；请核实后修改或删除链接")
            case 400..<500: return make(.broken, r.status, "请求被拒绝（HTTP \(r.status)）；请核实后修改或删除链接")
            default: return make(.broken, r.status, "对方网站出错（HTTP \(r.status)），重试后仍未恢复；请核实后修改或删除链接")
            }
        }
    }

    /// A chain that came back to an address it had passed.
    public static func loop(_ url: String, hops: Int, code: Int) -> LinkOutcome {
        LinkOutcome(url: url, verdict: .broken, code: code, reason: "跳转形成循环，页面永远打不开；请改为正确地址", hops: hops)
    }

    /// A chain of `brokenHops` redirects or more.
    public static func tooManyHops(_ url: String, hops: Int, code: Int) -> LinkOutcome {
        LinkOutcome(url: url, verdict: .broken, code: code, reason: "跳转 \(hops) 次仍未到达页面；请改为最终地址", hops: hops)
    }

    /// A redirect to something that is not http(s).
    public static func badRedirect(_ url: String, to location: String, hops: Int, code: Int) -> LinkOutcome {
        LinkOutcome(url: url, verdict: .broken, code: code, reason: "跳转到无效地址“\(location)”；请改为正确地址", hops: hops)
    }

    /// The `<title>` of an HTML page's first bytes.
    public static func title(ofPage html: String) -> String? {
        let bytes = Array(html.utf8)
        guard let open = ByteSearch.first(Array("<title".utf8), in: bytes, ignoringCase: true),
            let gt = bytes[(open + 6)...].firstIndex(of: UInt8(ascii: ">")),
            let close = ByteSearch.first(Array("</title".utf8), in: bytes, from: gt + 1, ignoringCase: true)
        else { return nil }
        let text = String(decoding: bytes[(gt + 1)..<close], as: UTF8.self)
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

/// P11, M1: which addresses the checker must not visit (server-side request forgery): private,
/// loopback, link-local, shared, multicast and reserved ranges, IPv4 and IPv6.
public enum NetworkAddressRule {
    /// Whether a numeric address (dotted IPv4 or IPv6 text) is not on the public internet.
    public static func isNonPublic(_ address: String) -> Bool {
        let a = address.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if let v4 = ipv4(a) { return nonPublic(v4) }
        guard let v6 = ipv6(a) else { return true }
        if v6.allSatisfy({ $0 == 0 }) { return true }  // ::
        if v6[0..<15].allSatisfy({ $0 == 0 }) && v6[15] == 1 { return true }  // ::1
        if v6[0] == 0xfe && (v6[1] & 0xc0) == 0x80 { return true }  // fe80::/10
        if (v6[0] & 0xfe) == 0xfc { return true }  // fc00::/7
        if v6[0] == 0xff { return true }  // multicast
        if v6[0..<10].allSatisfy({ $0 == 0 }) && v6[10] == 0xff && v6[11] == 0xff { return nonPublic(Array(v6[12..<16])) }  // ::ffff:a.b.c.d
        if v6[0..<12] == [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0][...] { return nonPublic(Array(v6[12..<16])) }  // 64:ff9b::/96
        if v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0d && v6[3] == 0xb8 { return true }  // documentation
        return false
    }

    static func nonPublic(_ b: [UInt8]) -> Bool {
        switch (b[0], b[1]) {
        case (0, _), (10, _), (127, _): return true
        case (100, 64...127): return true  // shared (CGNAT)
        case (169, 254), (192, 168): return true
        case (172, 16...31): return true
        case (192, 0) where b[2] == 0 || b[2] == 2: return true
        case (198, 18...19): return true
        case (198, 51) where b[2] == 100: return true
        case (203, 0) where b[2] == 113: return true
        case (224...255, _): return true
        default: return false
        }
    }

    /// The four bytes of a dotted IPv4 address.
    public static func ipv4(_ s: String) -> [UInt8]? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        let bytes = parts.compactMap { p -> UInt8? in p.count <= 3 && p.allSatisfy(\.isASCII) ? UInt8(p) : nil }
        return bytes.count == 4 ? bytes : nil
    }

    /// The sixteen bytes of an IPv6 address (with `::` and a trailing IPv4 part).
    public static func ipv6(_ text: String) -> [UInt8]? {
        let s = text.split(separator: "%").first.map(String.init) ?? text
        guard s.contains(":") else { return nil }
        var head: [UInt16] = [], tail: [UInt16] = [], seenGap = false
        let halves = s.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            var out: [UInt16] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (i, piece) in pieces.enumerated() {
                if i == pieces.count - 1, piece.contains("."), let v4 = ipv4(String(piece)) {
                    out.append(UInt16(v4[0]) << 8 | UInt16(v4[1])); out.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
                } else {
                    guard piece.count >= 1, piece.count <= 4, let g = UInt16(piece, radix: 16) else { return nil }
                    out.append(g)
                }
            }
            return out
        }
        guard let h = groups(halves[0]) else { return nil }
        head = h
        if halves.count == 2 {
            seenGap = true
            guard let t = groups(halves[1]) else { return nil }
            tail = t
        }
        let missing = 8 - head.count - tail.count
        guard seenGap ? missing >= 1 : missing == 0 else { return nil }
        let all = head + Array(repeating: 0, count: seenGap ? missing : 0) + tail
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] }
    }
}
