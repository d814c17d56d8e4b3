/// Finding ASCII text in UTF-8 bytes, for scanners that read many pages (Foundation's `range(of:)`
/// goes through NSString and is many times slower).
public enum ByteSearch {
    /// Where `needle` (ASCII; lower case when `ignoringCase`) first occurs in `bytes` from `start`.
    public static func first<Bytes: RandomAccessCollection<UInt8>>(
        _ needle: [UInt8], in bytes: Bytes, from start: Int = 0, ignoringCase: Bool = false
    ) -> Int? where Bytes.Index == Int {
        guard let head = needle.first, needle.count <= bytes.count else { return nil }
        var i = bytes.startIndex + max(start, 0)
        let last = bytes.endIndex - needle.count
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
        return text.withUTF8 { first(needle, in: $0) != nil }
    }

    @inline(__always) static func fold(_ b: UInt8, _ ignoringCase: Bool) -> UInt8 {
        ignoringCase && b >= 0x41 && b <= 0x5A ? b + 0x20 : b
    }
}
