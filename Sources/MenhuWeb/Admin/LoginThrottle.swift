import Foundation

/// Limits login attempts per client address, so that bcrypt checks (≈0.3 s of CPU each)
/// cannot be used to exhaust the server, and password guessing across many accounts
/// from one address is slowed. Per instance; the per-account lockout (O6) is shared.
actor LoginThrottle {
    /// Attempts allowed per address within `window`.
    let limit: Int
    /// The window in seconds.
    let window: TimeInterval
    private var attempts: [String: [Date]] = [:]

    init(limit: Int = 20, window: TimeInterval = 300) {
        self.limit = limit; self.window = window
    }

    /// Records an attempt; false when the address is over its limit (the attempt is refused).
    func allow(_ address: String, now: Date) -> Bool {
        let cutoff = now.addingTimeInterval(-window)
        var recent = (attempts[address] ?? []).filter { $0 > cutoff }
        guard recent.count < limit else {
            attempts[address] = recent
            return false
        }
        recent.append(now)
        attempts[address] = recent
        if attempts.count > 10_000 { attempts = attempts.filter { $0.value.contains { $0 > cutoff } } }
        return true
    }
}
