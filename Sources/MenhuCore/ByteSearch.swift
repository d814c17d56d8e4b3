/// Finding ASCII text in UTF-8 bytes, for scanners that read many pages (Foundation's `range(of:)`
/// goes through NSString and is many times slower).
public enum ByteSearch {
    /// Where `needle` (ASCII; lower case when `ignoringCase`) first occurs in `bytes` from `start`.
    public static func first(_ needle: [UInt8], in bytes: [UInt8], from start: Int = 0, ignoringCase: Bool = false) -> Int? {
        guard let head = needle.first, needle.count <= bytes.count else { return nil }
        var i = max(start, 0)
        let last = bytes.count - needle.count
        while i <= last {
            if fold(bytes[i], ignoringCase) == head {
                var j = 1
                while j < needle.count, fold(bytes[i + j], ignoringCase) == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// Whether `needle` (ASCII) occurs in `text`.
    public static func contains(_ needle: [UInt8], in text: String) -> Bool {
        var text = text
        return text.withUTF8 { buffer in
            guard let head = needle.first, needle.count <= buffer.count else { return false }
            var i = 0
            let last = buffer.count - needle.count
            while i <= last {
                if buffer[i] == head {
                    var j = 1
                    while j < needle.count, buffer[i + j] == needle[j] { j += 1 }
                    if j == needle.count { return true }
                }
                i += 1
            }
            return false
        }
    }

    @inline(__always) static func fold(_ b: UInt8, _ ignoringCase: Bool) -> UInt8 {
        ignoringCase && b >= 0x41 && b <= 0x5A ? b + 0x20 : b
    }
}
