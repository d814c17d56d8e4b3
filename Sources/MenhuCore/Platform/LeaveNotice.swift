import Foundation

/// W2: a link to a site outside the platform tells the visitor where it goes before leaving,
/// except to the domains the site's admin lists (other government sites the visitor expects to
/// reach, such as www.gov.cn). A listed domain covers its sub-domains: `gov.cn` lets every
/// government site open directly.
public enum LeaveNotice {
    /// At most this many domains in a site's list.
    public static let maximumDomains = 50

    /// The list a site admin typed (one a line, or separated by spaces, commas or 、; a pasted
    /// address keeps only its host), checked: problems are reported on `field`.
    public static func domains(from text: String, field: String = "directHosts") throws -> [String] {
        var domains: [String] = []
        for entry in SiteIdentity.parseDomains(text) {
            let host = host(of: entry)
            guard SiteIdentity.isValidDomain(host), !host.contains(":"), host.contains(".") else {
                throw FieldErrors.single(field, "“\(entry)”不是域名，请写成 www.gov.cn 这样")
            }
            if !domains.contains(host) { domains.append(host) }
        }
        if domains.count > maximumDomains { throw FieldErrors.single(field, "最多 \(maximumDomains) 个域名") }
        return domains
    }

    /// The host of `https://www.gov.cn/zhengce/` or of `www.gov.cn`.
    static func host(of entry: String) -> String {
        var rest = Substring(entry)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        return String(rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" })
    }
}
