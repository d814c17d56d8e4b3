/// Escaping of text placed into HTML: the platform's one HTML escaper (the sanitiser, the
/// templates and every page built in code use it).
///
/// It works on UTF-8 bytes, never on Swift `Character`s: a quote followed by a combining mark
/// (`"` + U+0301) is one `Character` that is not equal to `"`, and an escaper comparing
/// Characters writes that quote raw, which breaks out of an attribute (stored XSS).
public enum HTMLText {
    /// Escapes `&`, `<`, `>`, `"` and `'`: safe in element content and in quoted attribute values.
    public static func escape(_ text: String) -> String {
        escape(text, quotes: true)
    }

    /// Escapes `&`, `<` and `>`, and with `quotes` also `"` and `'`.
    public static func escape(_ text: String, quotes: Bool) -> String {
        let utf8 = text.utf8
        // Most text has nothing to escape: answer it as it is, without copying.
        let needs =
            utf8.withContiguousStorageIfAvailable { bytes in bytes.contains { isSpecial($0, quotes: quotes) } }
            ?? utf8.contains { isSpecial($0, quotes: quotes) }
        guard needs else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 16)
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "&"): out.append(contentsOf: amp)
            case UInt8(ascii: "<"): out.append(contentsOf: lt)
            case UInt8(ascii: ">"): out.append(contentsOf: gt)
            case UInt8(ascii: "\"") where quotes: out.append(contentsOf: quot)
            case UInt8(ascii: "'") where quotes: out.append(contentsOf: apos)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always)
    static func isSpecial(_ byte: UInt8, quotes: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"): true
        case UInt8(ascii: "\""), UInt8(ascii: "'"): quotes
        default: false
        }
    }

    private static let amp = Array("&amp;".utf8), lt = Array("&lt;".utf8), gt = Array("&gt;".utf8)
    private static let quot = Array("&quot;".utf8), apos = Array("&#39;".utf8)
}

/// Which addresses stored HTML and the homepage's links may carry, checked on UTF-8 bytes: a
/// `/` followed by a combining mark is one `Character` that is not `/`, so `//\u{FE0F}evil.example`
/// would pass a Character check as a path of this site.
public enum SafeURL {
    /// Web addresses with a host, site-relative paths, and (unless `image`) anchors and mail addresses.
    public static func allowed(_ url: String, image: Bool) -> Bool {
        let bytes = Array(url.utf8)
        func starts(_ prefix: String) -> Bool {
            let p = Array(prefix.utf8)
            guard bytes.count >= p.count else { return false }
            for (i, b) in p.enumerated() where lower(bytes[i]) != b { return false }
            return true
        }
        // What follows the scheme's slashes, or a path's first slash, must begin a host or a
        // segment: not another slash or backslash, and not a mark that would join the slash.
        func beginsPart(_ offset: Int) -> Bool {
            guard bytes.count > offset else { return false }
            let b = bytes[offset]
            return b != UInt8(ascii: "/") && b != UInt8(ascii: "\\") && !joins(url, at: offset)
        }
        if starts("https://") { return beginsPart(8) }
        if starts("http://") { return beginsPart(7) }
        if starts("/") { return bytes.count == 1 || beginsPart(1) }
        if image { return false }
        return starts("mailto:") || starts("#")
    }

    static func lower(_ b: UInt8) -> UInt8 { (0x41...0x5A).contains(b) ? b + 0x20 : b }

    /// True when the scalar at UTF-8 offset `offset` combines with what comes before it.
    static func joins(_ url: String, at offset: Int) -> Bool {
        let view = url.utf8
        guard let scalar = url.unicodeScalars[view.index(view.startIndex, offsetBy: offset)...].first else { return false }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .format: return true
        default: return scalar.properties.isGraphemeExtend
        }
    }
}
