import Foundation

/// P11, M1: the links of an HTML page, as a browser would follow them: `href` of `a`, `area` and
/// `link`, `src` of `img`, `script`, `iframe`, `embed`, `source`, `video`, `audio`, and the
/// page's `<base href>`. Reads bytes (so a quote or `>` followed by a combining mark stays a
/// quote or `>`), skips comments and the insides of `script` and `style`, and leaves out what
/// is not an address (`#…`, `mailto:`, `tel:`, `javascript:`, `data:`).
public enum LinkExtractor {
    /// One link and where it is in the page.
    public struct Link: Sendable, Equatable {
        public var value: String
        /// The tag it is on (`a`, `img`…).
        public var tag: String
    }

    static let hrefTags: Set<String> = ["a", "area", "link"]
    static let srcTags: Set<String> = ["img", "script", "iframe", "embed", "source", "video", "audio", "track", "frame", "input"]

    /// The page's links in order (repeats kept), and its `<base href>`.
    public static func links(inHTML html: String) -> (links: [Link], base: String?) {
        let bytes = Array(html.utf8)
        var links: [Link] = [], base: String?
        var i = 0
        let n = bytes.count
        func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }
        func skip(until needle: [UInt8], from start: Int) -> Int {
            var j = start
            while j + needle.count <= n {
                var k = 0
                while k < needle.count && lower(bytes[j + k]) == needle[k] { k += 1 }
                if k == needle.count { return j + needle.count }
                j += 1
            }
            return n
        }
        while i < n {
            guard bytes[i] == 0x3C else {  // <
                i += 1
                continue
            }
            if i + 3 < n && bytes[i + 1] == 0x21 && bytes[i + 2] == 0x2D && bytes[i + 3] == 0x2D {  // <!--
                i = skip(until: Array("-->".utf8), from: i + 4)
                continue
            }
            var j = i + 1
            var name: [UInt8] = []
            while j < n, (bytes[j] >= 65 && bytes[j] <= 90) || (bytes[j] >= 97 && bytes[j] <= 122) || (bytes[j] >= 48 && bytes[j] <= 57) {
                name.append(lower(bytes[j]))
                j += 1
            }
            guard !name.isEmpty else {
                i += 1
                continue
            }
            let tag = String(decoding: name, as: UTF8.self)
            // Attributes up to the tag's end.
            var attributes: [(String, String)] = []
            while j < n && bytes[j] != 0x3E {
                while j < n && (bytes[j] == 0x20 || bytes[j] == 0x09 || bytes[j] == 0x0A || bytes[j] == 0x0D || bytes[j] == 0x2F) { j += 1 }
                var attr: [UInt8] = []
                while j < n, bytes[j] != 0x3D, bytes[j] != 0x3E, bytes[j] != 0x20, bytes[j] != 0x09, bytes[j] != 0x0A, bytes[j] != 0x0D,
                    bytes[j] != 0x2F
                {
                    attr.append(lower(bytes[j]))
                    j += 1
                }
                while j < n && (bytes[j] == 0x20 || bytes[j] == 0x09 || bytes[j] == 0x0A || bytes[j] == 0x0D) { j += 1 }
                var value: [UInt8] = []
                if j < n && bytes[j] == 0x3D {  // =
                    j += 1
                    while j < n && (bytes[j] == 0x20 || bytes[j] == 0x09 || bytes[j] == 0x0A || bytes[j] == 0x0D) { j += 1 }
                    if j < n && (bytes[j] == 0x22 || bytes[j] == 0x27) {
                        let quote = bytes[j]
                        j += 1
                        while j < n && bytes[j] != quote {
                            value.append(bytes[j])
                            j += 1
                        }
                        j += 1
                    } else {
                        while j < n, bytes[j] != 0x3E, bytes[j] != 0x20, bytes[j] != 0x09, bytes[j] != 0x0A, bytes[j] != 0x0D {
                            value.append(bytes[j])
                            j += 1
                        }
                    }
                }
                if !attr.isEmpty { attributes.append((String(decoding: attr, as: UTF8.self), String(decoding: value, as: UTF8.self))) }
                if attr.isEmpty && value.isEmpty && j < n && bytes[j] != 0x3E { j += 1 }
            }
            i = j + 1
            let wanted = hrefTags.contains(tag) ? "href" : srcTags.contains(tag) ? "src" : tag == "base" ? "href" : nil
            if let wanted, let raw = attributes.first(where: { $0.0 == wanted })?.1 {
                let value = trimmed(decodeEntities(raw))
                if tag == "base" {
                    if base == nil { base = value }
                } else if isAddress(value) {
                    links.append(Link(value: value, tag: tag))
                }
            }
            if tag == "script" || tag == "style" { i = skip(until: Array("</\(tag)".utf8), from: i) }
        }
        return (links, base)
    }

    /// `s` without the white space around it (as a browser reads an attribute's address); most
    /// values have none, and are returned as they are.
    static func trimmed(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard let first = scalars.first, let last = scalars.last, first.properties.isWhitespace || last.properties.isWhitespace else { return s }
        return s.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether a link value names something to check.
    public static func isAddress(_ value: String) -> Bool {
        guard !value.isEmpty, !value.hasPrefix("#") else { return false }
        let lower = value.lowercased()
        return !["mailto:", "tel:", "javascript:", "data:", "sms:", "about:", "blob:"].contains { lower.hasPrefix($0) }
    }

    /// `value` resolved against the page's address (or its `<base href>`), the fragment dropped;
    /// nil when it cannot be made absolute.
    public static func absolute(_ value: String, page: URL?) -> String? {
        // The common case, a plain root-relative path on an http(s) page, without URL parsing.
        if let page, value.utf8.first == 0x2F, Self.isPlainPath(value), let origin = Self.origin(of: page) { return origin + value }
        guard
            let url = URL(string: value, relativeTo: page)
                ?? URL(string: value.addingPercentEncoding(withAllowedCharacters: .urlFragmentAllowed) ?? "", relativeTo: page),
            var c = URLComponents(url: url.absoluteURL, resolvingAgainstBaseURL: true), c.scheme != nil
        else { return nil }
        c.fragment = nil
        return c.string
    }

    /// A path that URL resolution would leave as it is: `/…`, not `//…`, printable ASCII with no
    /// dot segments, fragment, backslash or character that needs percent-encoding.
    static func isPlainPath(_ value: String) -> Bool {
        let b = Array(value.utf8)
        guard b.count >= 1, b.count < 2 || b[1] != 0x2F else { return false }
        for (i, c) in b.enumerated() {
            // Letters, digits and - . _ ~ / ? = & % + , ; : @ ! $ ( ) * ' are kept as they are.
            let plain = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || "-._~/?=&%+,;:@!$()*'".utf8.contains(c)
            guard plain else { return false }
            if c == 0x2E && b[i - 1] == 0x2F && (i + 1 == b.count || b[i + 1] == 0x2F || (b[i + 1] == 0x2E && (i + 2 == b.count || b[i + 2] == 0x2F)))
            {
                return false
            }
            if c == 0x25 {  // a % must start an escape of two hex digits
                guard i + 2 < b.count, b[i + 1].isHexDigit, b[i + 2].isHexDigit else { return false }
            }
        }
        return true
    }

    /// `http://host[:port]` of an http(s) page, as URLComponents would write it; nil for anything else.
    static func origin(of page: URL) -> String? {
        guard let scheme = page.scheme, ["http", "https"].contains(scheme.lowercased()), let host = page.host, !host.isEmpty,
            page.user == nil, host.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x5B })
        else { return nil }
        return "\(scheme)://\(host)" + (page.port.map { ":\($0)" } ?? "")
    }

    static func decodeEntities(_ s: String) -> String {
        guard s.utf8.contains(UInt8(ascii: "&")) else { return s }
        return s.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&#x27;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool { (self >= 0x30 && self <= 0x39) || (self >= 0x41 && self <= 0x46) || (self >= 0x61 && self <= 0x66) }
}
