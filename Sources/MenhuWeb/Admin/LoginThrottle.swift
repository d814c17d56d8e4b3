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

    /// Attempts under way per address: they count until they end, so parallel tries cannot
    /// all pass the limit at once (each costs a bcrypt check).
    private var inFlight: [String: Int] = [:]

    /// Starts an attempt; false when the address has failed `limit` times within the window, counting
    /// the attempts under way (the attempt is refused). Every started attempt must `end`.
    func begin(_ address: String, now: Date) -> Bool {
        let cutoff = now.addingTimeInterval(-window)
        let recent = (failures[address] ?? []).filter { $0 > cutoff }.count
        guard recent + inFlight[address, default: 0] < limit else { return false }
        inFlight[address, default: 0] += 1
        return true
    }

    /// Ends an attempt begun with `begin`; a failure counts within the window.
    func end(_ address: String, failed: Bool, now: Date) {
        inFlight[address] = max(0, inFlight[address, default: 1] - 1)
        if inFlight[address] == 0 { inFlight[address] = nil }
        guard failed else { return }
        let cutoff = now.addingTimeInterval(-window)
        var recent = (failures[address] ?? []).filter { $0 > cutoff }
        recent.append(now)
        failures[address] = recent
        if failures.count > 10_000 { failures = failures.filter { $0.value.contains { $0 > cutoff } } }
    }
}
