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
        let needs = utf8.withContiguousStorageIfAvailable { bytes in bytes.contains { isSpecial($0, quotes: quotes) } }
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
