import Foundation

/// Values that are costly to build (content checkers for word lists, theme template sets with a
/// site's own templates), kept by a key that changes with what they were built from. It holds
/// at most `capacity`: when full it is emptied, as keys go stale rather than cold.
public final class BoundedCache<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Value] = [:]
    public let capacity: Int

    public init(capacity: Int) { self.capacity = capacity }

    /// The value for `key`, built by `make` when it is not kept.
    public func get(_ key: String, make: () -> Value) -> Value {
        if let found = lock.withLock({ values[key] }) { return found }
        let made = make()
        lock.withLock {
            if values.count >= capacity { values.removeAll() }
            values[key] = made
        }
        return made
    }
}
