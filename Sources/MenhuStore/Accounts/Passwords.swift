import Foundation
import HummingbirdBcrypt
import NIOPosix

/// Hashes and verifies passwords with bcrypt. O6: credentials are never stored in clear.
public struct PasswordHasher: Sendable {
    /// The bcrypt cost; production uses at least 12.
    public let cost: UInt8

    /// The production hasher (cost 12, ≈ 0.3 s per hash on this machine).
    public static let standard = PasswordHasher(cost: 12)

    /// For tests only: fast hashing. Verification reads the cost from the hash itself.
    public static let fastForTests = PasswordHasher(cost: 4)

    public init(cost: UInt8) { self.cost = cost }

    /// Hashes off the event loop, on NIO's thread pool.
    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// Verifies off the event loop.
    public func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// A random initial password that satisfies `PasswordPolicy` (O6), e.g. `Kq7-mZt4-Wp9x`.
    public static func makeInitialPassword() -> String {
        let upper = Array("ABCDEFGHJKLMNPQRSTUVWXYZ"), lower = Array("abcdefghijkmnpqrstuvwxyz"), digits = Array("23456789")
        var rng = SystemRandomNumberGenerator()
        var groups: [String] = []
        for _ in 0..<3 {
            let chars = [
                upper.randomElement(using: &rng)!, lower.randomElement(using: &rng)!,
                digits.randomElement(using: &rng)!, lower.randomElement(using: &rng)!,
            ]
            groups.append(String(chars))
        }
        return groups.joined(separator: "-")
    }
}
