/// A set of Basic Multilingual Plane characters as one bit each (8 KB): membership is one load,
/// for the loops that look at every character of a text.
struct ScalarBits: Sendable {
    private var bits = [UInt64](repeating: 0, count: 1024)

    init() {}

    init(_ scalars: some Sequence<Unicode.Scalar>) {
        for c in scalars { insert(c) }
    }

    /// Adds a BMP character (others are ignored).
    mutating func insert(_ c: Unicode.Scalar) {
        let v = Int(c.value)
        if v < 0x10000 { bits[v >> 6] |= 1 << UInt64(v & 63) }
    }

    /// Whether `c` is in the set (always false outside the BMP).
    @inline(__always) func contains(_ c: Unicode.Scalar) -> Bool {
        let v = Int(c.value)
        return v < 0x10000 && bits[v >> 6] & (1 << UInt64(v & 63)) != 0
    }
}
