import Foundation

/// Opaque identifiers for stored records (DESIGN: IDs are opaque strings).
///
/// An ID is 32 lowercase hexadecimal characters: 12 of milliseconds since 1970 and
/// 20 of a per-process sequence and randomness, so IDs made later sort later
/// (events at the same recorded instant keep their order).
public enum RecordID {
    private static let state = Mutex()

    /// A new identifier.
    public static func make() -> String {
        let millis = UInt64(max(0, Date().timeIntervalSince1970 * 1000))
        let (time, sequence) = state.next(millis)
        var rng = SystemRandomNumberGenerator()
        let random = UInt64.random(in: 0..<(1 << 48), using: &rng)
        return hex(time, 12) + hex(sequence, 8) + hex(random, 12)
    }

    /// `bytes` random bytes as lowercase hex: unguessable ids (files) and tokens (push systems).
    public static func random(bytes: Int) -> String {
        var rng = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &rng)) }.joined()
    }

    private static func hex(_ value: UInt64, _ width: Int) -> String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - s.count)) + s.suffix(width)
    }

    private final class Mutex: @unchecked Sendable {
        private let lock = NSLock()
        private var lastTime: UInt64 = 0
        private var sequence: UInt64 = 0

        func next(_ millis: UInt64) -> (UInt64, UInt64) {
            lock.withLock {
                if millis > lastTime { lastTime = millis; sequence = 0 } else { sequence += 1 }
                return (lastTime, sequence)
            }
        }
    }
}

extension Sequence where Element: Identifiable, Element.ID == String {
    /// The records keyed by their id (the first wins if an id repeats).
    public func byID() -> [String: Element] {
        Dictionary(map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

/// Compares two secrets (tokens, digests) in time that does not depend on where they differ.
public func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count else { return false }
    return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
}
