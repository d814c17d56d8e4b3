import Foundation

/// Limits failed logins per client address, so that bcrypt checks (≈0.3 s of CPU each) cannot be
/// used to exhaust the server and names cannot be sprayed from one address. Only failures count:
/// a hundred colleagues behind one NAT address who sign in correctly are never held back. Per
/// instance; the per-name back-off (`LoginBackoff`, O6) is in the database and shared.
actor LoginThrottle {
    /// Failures allowed per address within `window`.
    let limit: Int
    /// The window in seconds.
    let window: TimeInterval
    private var failures: [String: [Date]] = [:]

    init(limit: Int = 100, window: TimeInterval = 300) {
        self.limit = limit; self.window = window
    }

    /// False when the address has failed `limit` times within the window (the attempt is refused).
    func allow(_ address: String, now: Date) -> Bool {
        let cutoff = now.addingTimeInterval(-window)
        return (failures[address] ?? []).filter { $0 > cutoff }.count < limit
    }

    /// Counts a failed attempt from `address`.
    func failed(_ address: String, now: Date) {
        let cutoff = now.addingTimeInterval(-window)
        var recent = (failures[address] ?? []).filter { $0 > cutoff }
        recent.append(now)
        failures[address] = recent
        if failures.count > 10_000 { failures = failures.filter { $0.value.contains { $0 > cutoff } } }
    }
}
