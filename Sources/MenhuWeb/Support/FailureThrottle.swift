import Foundation

/// Limits failed attempts per client address: logins, so that bcrypt checks (≈0.3 s of CPU each)
/// cannot be used to exhaust the server and names cannot be sprayed from one address; and the
/// public 留言查询, so that 查询码 cannot be guessed at speed. Only failures count: a hundred
/// colleagues behind one NAT address who sign in correctly are never held back. Per instance; the
/// per-name back-off of logins (`LoginBackoff`, O6) is in the database and shared.
actor FailureThrottle {
    /// Failures allowed per address within `window`.
    let limit: Int
    /// The window in seconds.
    let window: TimeInterval
    private var failures: [String: [Date]] = [:]

    init(limit: Int, window: TimeInterval) {
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

extension FailureThrottle {
    /// Runs `attempt` as one attempt from `address`; nil (nothing run) when the address is held back.
    /// The attempt returns its result and whether it failed; a thrown error does not count as a failure.
    nonisolated func attempt<T>(_ address: String, now: Date, _ attempt: () async throws -> (T, failed: Bool)) async throws -> T? {
        guard await begin(address, now: now) else { return nil }
        do {
            let (result, failed) = try await attempt()
            await end(address, failed: failed, now: now)
            return result
        } catch {
            await end(address, failed: false, now: now)
            throw error
        }
    }
}
