import Crypto
import Foundation

/// I1: the public form's self-hosted challenge — a sum in words that a screen reader reads aloud
/// (GB/T 37668: never image-only), answered in digits. Stateless: the token carries its expiry and
/// a keyed digest of the answer, so every instance with the platform's key can check it.
public struct TextChallenge: Sendable, Equatable {
    /// e.g. "七加五等于几？".
    public let question: String
    /// Sent back with the form.
    public let token: String

    /// How long a form may stay open before its challenge expires.
    public static let lifetime: TimeInterval = 2 * 3600
    static let numerals = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]

    /// A new challenge: two numbers from 1 to 9, added, or the smaller taken from the larger.
    public static func make(key: String, now: Date, using rng: inout some RandomNumberGenerator) -> TextChallenge {
        let a = Int.random(in: 1...9, using: &rng), b = Int.random(in: 1...9, using: &rng)
        let adding = Bool.random(using: &rng) || a == b
        let (x, y) = adding ? (a, b) : (max(a, b), min(a, b))
        let answer = adding ? x + y : x - y
        let question = "\(numerals[x])\(adding ? "加" : "减")\(numerals[y])等于几？"
        let expiry = Int((now.timeIntervalSince1970 + lifetime) * 1000)
        let nonce = (0..<8).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &rng)) }.joined()
        return TextChallenge(question: question, token: "\(expiry).\(nonce).\(mac(expiry, nonce, answer, key: key))")
    }

    public static func make(key: String, now: Date) -> TextChallenge {
        var rng = SystemRandomNumberGenerator()
        return make(key: key, now: now, using: &rng)
    }

    /// Whether `answer` (digits, full-width allowed) answers the challenge of `token` before it expired.
    public static func verify(token: String, answer: String, key: String, now: Date) -> Bool {
        let parts = token.split(separator: ".").map(String.init)
        guard parts.count == 3, let expiry = Int(parts[0]), Double(expiry) / 1000 > now.timeIntervalSince1970 else { return false }
        let digits = String(
            answer.trimmingCharacters(in: .whitespaces).unicodeScalars.compactMap { s -> Character? in
                if ("0"..."9").contains(s) { return Character(s) }
                if (0xFF10...0xFF19).contains(s.value) { return Character(Unicode.Scalar(s.value - 0xFF10 + 0x30)!) }
                return nil
            })
        guard let value = Int(digits), digits.count <= 2 else { return false }
        return constantTimeEqual(mac(expiry, parts[1], value, key: key), parts[2])
    }

    static func mac(_ expiry: Int, _ nonce: String, _ answer: Int, key: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data("\(expiry).\(nonce).\(answer)".utf8), using: SymmetricKey(data: Data(key.utf8)))
        return Data(code).map { String(format: "%02x", $0) }.joined()
    }
}
