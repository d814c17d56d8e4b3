import Foundation

/// The platform's own public addresses (本平台链接), answered from what it holds instead of over
/// HTTP: the link health of 国办秘函〔2019〕19号 reads 100,000 pages' links in seconds this way,
/// and a link to one of our sites is never refused as a private address (P11, M1).
public struct PlatformLinks: Sendable {
    /// A site as its addresses name it.
    public struct SiteEntry: Sendable {
        public var id: String, code: String, domains: [String], isPortal: Bool
        public init(id: String, code: String, domains: [String], isPortal: Bool) {
            self.id = id; self.code = code; self.domains = domains.map { $0.lowercased() }; self.isPortal = isPortal
        }
    }

    /// An item that has been public: where it lives and whether it was withdrawn (撤回).
    public struct ItemEntry: Sendable {
        public var siteID: String, columnID: String, withdrawn: Bool
        public init(siteID: String, columnID: String, withdrawn: Bool) { self.siteID = siteID; self.columnID = columnID; self.withdrawn = withdrawn }
    }

    /// The host of the platform's own addresses when a site has no domain (`/sites/{code}/…`).
    public static let platformHost = "menhu.platform"

    let sites: [SiteEntry]
    let siteByHost: [String: SiteEntry]
    let siteByCode: [String: SiteEntry]
    let trees: [String: ColumnTree]
    let slugs: [String: [String: String]]
    let items: [String: ItemEntry]
    let files: Set<String>
    /// Other hosts that mean the platform itself (the server's own address).
    let ownHosts: Set<String>

    public init(sites: [SiteEntry], columns: [Column], items: [String: ItemEntry], files: Set<String>, ownHosts: Set<String> = []) {
        self.sites = sites
        var byHost: [String: SiteEntry] = [:]
        for site in sites { for d in site.domains { byHost[d] = site } }
        siteByHost = byHost
        siteByCode = Dictionary(sites.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let bySite = Dictionary(grouping: columns, by: \.siteID)
        trees = bySite.mapValues { ColumnTree($0) }
        slugs = bySite.mapValues { Dictionary($0.map { ($0.settings.slug, $0.id) }, uniquingKeysWith: { a, _ in a }) }
        self.items = items; self.files = files
        self.ownHosts = Set(ownHosts.map { $0.lowercased() }).union([Self.platformHost])
    }

    /// The address an item's page is read at, against which its relative links resolve.
    public func pageAddress(siteID: String, slug: String, itemID: String) -> URL {
        URL(string: siteBase(siteID) + "/\(slug)/\(itemID).html")!
    }

    /// The address of a site's homepage.
    public func homeAddress(siteID: String) -> URL { URL(string: siteBase(siteID) + "/")! }

    func siteBase(_ siteID: String) -> String {
        guard let site = sites.first(where: { $0.id == siteID }) else { return "https://\(Self.platformHost)" }
        if let domain = site.domains.first { return "https://\(domain)" }
        return "https://\(Self.platformHost)/sites/\(site.code)"
    }

    /// Whether an absolute address is one of the platform's own.
    public func isOwn(_ address: String) -> Bool { target(of: address) != nil }

    /// The verdict on an absolute address of the platform's own, read from the database's picture;
    /// nil when the address is not the platform's (it is checked over HTTP).
    public func resolve(_ address: String) -> LinkOutcome? {
        guard let (site, path) = target(of: address) else { return nil }
        func ok() -> LinkOutcome { LinkOutcome(url: address, verdict: .ok, code: 200) }
        func broken(_ code: Int, _ reason: String) -> LinkOutcome { LinkOutcome(url: address, verdict: .broken, code: code, reason: reason) }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if site == nil && parts.first != "files" { return broken(404, "本平台没有这个网站；请核实网站地址") }
        guard let first = parts.first else { return ok() }
        if first == "files" {
            guard parts.count >= 2, files.contains(parts[1]) else { return broken(404, "本平台的附件已删除或不存在；请重新上传附件后改正链接") }
            return ok()
        }
        guard let site else { return broken(404, "本平台没有这个网站；请核实网站地址") }
        if Self.fixedPaths.contains(first) { return ok() }
        guard let columnID = slugs[site.id]?[first], let tree = trees[site.id] else {
            return broken(404, "本站没有“\(first)”栏目（HTTP 404）；请改为正确的栏目地址或删除链接")
        }
        guard parts.count >= 2 else { return ok() }
        let file = parts[1]
        if parts.count == 2 && (file == "rss.xml" || file == "atom.xml") { return ok() }
        guard parts.count == 2, file.hasSuffix(".html") else { return broken(404, "本站没有这个页面（HTTP 404）；请改为正确地址或删除链接") }
        let id = String(file.dropLast(5))
        guard let item = items[id], item.siteID == site.id else {
            return broken(404, "信息不存在或尚未发布（HTTP 404）；请改为正确地址或删除链接")
        }
        if item.withdrawn { return broken(410, "所链接的信息已撤回（HTTP 410）；请删除链接或改链到替代信息") }
        guard tree.subtree(of: columnID).contains(item.columnID) else {
            return broken(404, "信息不在“\(first)”栏目下（HTTP 404）；请改为信息所在栏目的地址")
        }
        return ok()
    }

    /// First path segments that every site answers whatever its columns (search, letters, feeds…).
    static let fixedPaths: Set<String> = [
        "search", "sitemap", "sitemap.xml", "disclosure", "services", "letters", "theme.css", "static", "robots.txt", "favicon.ico", "rss.xml",
        "atom.xml", "admin",
    ]

    /// The site an absolute address is on (nil for the platform itself with no site) and the path
    /// within it; nil when the address is not the platform's.
    func target(of address: String) -> (SiteEntry?, String)? {
        guard let c = URLComponents(string: address), let scheme = c.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = c.host?.lowercased()
        else { return nil }
        let path = c.percentEncodedPath.removingPercentEncoding ?? c.percentEncodedPath
        let withPort = host + (c.port.map { ":\($0)" } ?? "")
        let bySite = siteByHost[host] ?? siteByHost[withPort]
        guard bySite != nil || ownHosts.contains(host) || ownHosts.contains(withPort) else { return nil }
        // Every host of the platform also serves each site at /sites/{code}/.
        if path.hasPrefix("/sites/") {
            let rest = path.dropFirst("/sites/".count)
            let code = String(rest.prefix { $0 != "/" })
            return (siteByCode[code], String(rest.dropFirst(code.count)))
        }
        return (bySite ?? sites.first(where: \.isPortal) ?? sites.first, path)
    }
}

/// Addresses written out in plain text (an attachment's words): `http://` or `https://` up to the
/// first space, quote, bracket or Chinese punctuation.
public enum TextLinks {
    public static func addresses(in text: String) -> [String] {
        var out: [String] = []
        var rest = Substring(text)
        while let r = rest.range(of: "http", options: .caseInsensitive) {
            let tail = rest[r.lowerBound...]
            let lower = tail.prefix(8).lowercased()
            guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
                rest = rest[r.upperBound...]
                continue
            }
            let end = tail.unicodeScalars.firstIndex { s in
                s.value <= 0x20 || "\"'<>()[]{}，。；：、！？（）《》“”‘’【】".unicodeScalars.contains(s) || s.value >= 0x3000
            }
            var address = String(end.map { tail[..<$0] } ?? tail)
            while let last = address.last, ".,;:!?".contains(last) { address.removeLast() }
            if address.count > "https://".count { out.append(address) }
            rest = end.map { tail[$0...] } ?? ""
        }
        return out
    }
}
