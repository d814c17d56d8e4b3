import Foundation

/// Opaque identifiers for stored records (DESIGN: IDs are opaque strings).
public enum RecordID {
    /// A new random identifier: 32 lowercase hexadecimal characters.
    public static func make() -> String {
        UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }
}
