import Foundation
import Logging
import MenhuCore
import NIOCore

/// Every `MENHU_*` setting of the server, read and checked once at start (DESIGN: configuration
/// runs without any; every setting has a working default). A value that does not fit stops the
/// start with a message naming the variable, instead of a default silently taking its place.
public struct Configuration: Sendable, Equatable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// A SQLite file path or a `postgres://` address.
    public var database = "menhu.sqlite"
    /// The folder holding the theme folders; nil: `./Themes`, else the source checkout's.
    public var themes: String?
    /// O6: days before a password must be changed.
    public var passwordExpiryDays = 90
    public var secureCookies = false
    public var trustedProxies: Set<String> = []
    /// Event-loop threads; nil: one per core.
    public var threads: Int?
    /// P12: pictures above this many KB warn at the content gate.
    public var imageLimitKB = 1024
    public var logLevel: Logger.Level = .info
    public var headerTimeoutSeconds = 10
    public var idleTimeoutSeconds = 30
    public var pageCacheMB = 128
    public var metricsToken: String?
    /// I2: the mail relay reminders are e-mailed through (`smtp://host:port`), and their sender.
    public var smtp: MailRelay?
    public var smtpFrom: String?
    /// P11: hosts the link health visits even where they resolve to a private address.
    public var linkCheckAllow: Set<String> = []
    /// M1: homepage addresses probed besides this server on loopback, by site code (`*`: every
    /// site, `{domain}` standing for its first domain), so the public domain is watched through
    /// the real network too.
    public var probeURLs: [String: String] = [:]
    /// M1: the daily self-inspection's time of day, China time, in minutes after midnight (02:00).
    public var inspectionMinute = 120

    /// The variables `menhu serve` reads, with what they mean (the README's table lists each).
    public static let variables: [String] = [
        "MENHU_HOST", "MENHU_PORT", "MENHU_DATABASE_URL", "MENHU_THEMES", "MENHU_PASSWORD_EXPIRY_DAYS",
        "MENHU_SECURE_COOKIES", "MENHU_TRUSTED_PROXIES", "MENHU_THREADS", "MENHU_HEADER_TIMEOUT", "MENHU_IDLE_TIMEOUT",
        "MENHU_PAGE_CACHE_MB", "MENHU_METRICS_TOKEN", "MENHU_IMAGE_LIMIT_KB", "MENHU_LOG_LEVEL",
        "MENHU_SMTP_URL", "MENHU_SMTP_FROM", "MENHU_LINKCHECK_ALLOW", "MENHU_INSPECTION_TIME", "MENHU_PROBE_URLS",
    ]
    /// Variables of the test and benchmark tools, which the server ignores.
    public static let toolVariables: [String] = [
        "MENHU_TEST_POSTGRES_URL", "MENHU_TEST_PGPORT", "MENHU_BROWSER_WALK", "MENHU_BENCH_PARAGRAPHS", "MENHU_BENCH_KEEP", "MENHU_PID",
    ]

    /// A mail relay's address.
    public struct MailRelay: Sendable, Equatable {
        public var host: String
        public var port: Int
    }

    /// A setting that does not fit, in Chinese, naming the variable.
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public let variable: String
        public let description: String
    }

    /// The defaults.
    public init() {}

    /// Reads `environment`; throws the first value that does not fit. `unknown` gets the names of
    /// `MENHU_*` variables nobody reads (most likely misspelt), for a warning.
    public init(environment: [String: String], unknown: ((String) -> Void)? = nil) throws {
        func text(_ name: String) -> String? {
            guard let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return value
        }
        func number(_ name: String, _ range: ClosedRange<Int>, _ fallback: Int) throws -> Int {
            guard let value = text(name) else { return fallback }
            guard let n = Int(value), range.contains(n) else {
                throw Problem(variable: name, description: "\(name) 应为 \(range.lowerBound)–\(range.upperBound) 的整数，现为“\(value)”")
            }
            return n
        }
        host = text("MENHU_HOST") ?? host
        port = try number("MENHU_PORT", 1...65_535, port)
        database = text("MENHU_DATABASE_URL") ?? database
        themes = text("MENHU_THEMES")
        passwordExpiryDays = try number("MENHU_PASSWORD_EXPIRY_DAYS", 1...3650, passwordExpiryDays)
        if let value = text("MENHU_SECURE_COOKIES") {
            guard ["0", "1"].contains(value) else {
                throw Problem(variable: "MENHU_SECURE_COOKIES", description: "MENHU_SECURE_COOKIES 应为 1（开启）或 0（关闭），现为“\(value)”")
            }
            secureCookies = value == "1"
        }
        if let value = text("MENHU_TRUSTED_PROXIES") {
            let addresses = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if let bad = addresses.first(where: { !Self.isAddress($0) }) {
                throw Problem(variable: "MENHU_TRUSTED_PROXIES", description: "MENHU_TRUSTED_PROXIES 应为以逗号分隔的 IP 地址，“\(bad)”不是")
            }
            trustedProxies = Set(addresses)
        }
        threads = text("MENHU_THREADS") == nil ? nil : try number("MENHU_THREADS", 1...1024, 1)
        imageLimitKB = try number("MENHU_IMAGE_LIMIT_KB", 1...1_048_576, imageLimitKB)
        if let value = text("MENHU_LOG_LEVEL") {
            guard let level = Logger.Level(rawValue: value) else {
                throw Problem(
                    variable: "MENHU_LOG_LEVEL", description: "MENHU_LOG_LEVEL 应为 trace、debug、info、notice、warning、error 或 critical，现为“\(value)”")
            }
            logLevel = level
        }
        headerTimeoutSeconds = try number("MENHU_HEADER_TIMEOUT", 1...600, headerTimeoutSeconds)
        idleTimeoutSeconds = try number("MENHU_IDLE_TIMEOUT", 1...3600, idleTimeoutSeconds)
        pageCacheMB = try number("MENHU_PAGE_CACHE_MB", 1...65_536, pageCacheMB)
        metricsToken = text("MENHU_METRICS_TOKEN")
        if let token = metricsToken, token.utf8.count < 16 {
            throw Problem(variable: "MENHU_METRICS_TOKEN", description: "MENHU_METRICS_TOKEN 至少 16 个字符")
        }
        if let value = text("MENHU_SMTP_URL") {
            guard let url = URL(string: value), url.scheme == "smtp", let relay = url.host, !relay.isEmpty, (url.port ?? 25) > 0 else {
                throw Problem(variable: "MENHU_SMTP_URL", description: "MENHU_SMTP_URL 应为 smtp://主机:端口，如 smtp://mail.example.gov.cn:25，现为“\(value)”")
            }
            smtp = MailRelay(host: relay, port: url.port ?? 25)
        }
        smtpFrom = text("MENHU_SMTP_FROM")
        if let from = smtpFrom, (Account.readEmail(Self.bareAddress(from)) ?? "").isEmpty {
            throw Problem(variable: "MENHU_SMTP_FROM", description: "MENHU_SMTP_FROM 应为电子邮箱（可带名称，如 门户平台 <menhu@example.gov.cn>），现为“\(from)”")
        }
        if let value = text("MENHU_LINKCHECK_ALLOW") {
            let hosts = value.split { $0 == "," || $0 == " " }.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
            if let bad = hosts.first(where: { !Self.isHostAndPort($0) }) {
                throw Problem(
                    variable: "MENHU_LINKCHECK_ALLOW", description: "MENHU_LINKCHECK_ALLOW 应为以逗号分隔的主机名（可带端口，如 oa.example.gov.cn:8443），“\(bad)”不是")
            }
            linkCheckAllow = Set(hosts)
        }
        if let value = text("MENHU_PROBE_URLS") {
            for pair in value.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }).filter({ !$0.isEmpty }) {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[0].isEmpty, ProbeTargets.isAddress(parts[1]) else {
                    throw Problem(
                        variable: "MENHU_PROBE_URLS",
                        description: "MENHU_PROBE_URLS 应为以逗号分隔的“网站代码=首页地址”，如 www=https://www.example.gov.cn/ 或 *=https://{domain}/，“\(pair)”不是")
                }
                probeURLs[parts[0]] = parts[1]
            }
        }
        if let value = text("MENHU_INSPECTION_TIME") {
            let parts = value.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h),
                (0..<60).contains(m)
            else {
                throw Problem(variable: "MENHU_INSPECTION_TIME", description: "MENHU_INSPECTION_TIME 应为北京时间的时刻 HH:MM，如 02:00，现为“\(value)”")
            }
            inspectionMinute = h * 60 + m
        }
        let known = Set(Self.variables + Self.toolVariables)
        for name in environment.keys.sorted() where name.hasPrefix("MENHU_") && !known.contains(name) { unknown?(name) }
    }

    /// An IPv4 or IPv6 address written as such.
    /// The address of `Name <a@b>`, or the text.
    static func bareAddress(_ text: String) -> String {
        guard let open = text.firstIndex(of: "<"), let close = text[open...].firstIndex(of: ">") else { return text }
        return String(text[text.index(after: open)..<close])
    }

    /// `name` or `name:port`: a host name of letters, digits, dots and hyphens, or an address.
    static func isHostAndPort(_ text: String) -> Bool {
        var host = Substring(text)
        if let colon = text.lastIndex(of: ":"), !text.hasPrefix("["), text.filter({ $0 == ":" }).count == 1 {
            guard let port = Int(text[text.index(after: colon)...]), (1...65_535).contains(port) else { return false }
            host = text[..<colon]
        }
        return !host.isEmpty && host.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || $0 == "." || $0 == "-" }
    }

    static func isAddress(_ text: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }

    /// The connection timeouts these settings give.
    public var connectionTimeouts: ConnectionTimeouts {
        ConnectionTimeouts(header: .seconds(Int64(headerTimeoutSeconds)), idle: .seconds(Int64(idleTimeoutSeconds)))
    }
}
