import Foundation

/// Field-level problems found when checking what a person typed into a form.
///
/// Each problem carries the form field it belongs to and a message in Simplified
/// Chinese, ready to show next to that field.
public struct FieldErrors: Error, Sendable, Equatable {
    /// One problem with one field.
    public struct Problem: Sendable, Equatable {
        /// The form field name (e.g. `siteIDCode`).
        public var field: String
        /// The message shown to the person, in Chinese.
        public var message: String
    }

    /// The problems in the order they were found.
    public private(set) var problems: [Problem] = []

    public init() {}

    /// Records a problem with `field`.
    public mutating func add(_ field: String, _ message: String) {
        problems.append(Problem(field: field, message: message))
    }

    /// True when nothing was wrong.
    public var isEmpty: Bool { problems.isEmpty }

    /// The first message for `field`, if any.
    public func message(for field: String) -> String? {
        problems.first { $0.field == field }?.message
    }

    /// One problem with one field.
    public static func single(_ field: String, _ message: String) -> FieldErrors {
        var errors = FieldErrors()
        errors.add(field, message)
        return errors
    }

    /// Throws `self` when any problem was recorded.
    public func throwIfAny() throws {
        if !isEmpty { throw self }
    }
}

extension String {
    /// The string with surrounding white space (including full-width spaces) removed.
    public var trimmed: String {
        trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Reads and checks text fields of a submitted form.
public struct FormReader: Sendable {
    /// The submitted fields.
    public let fields: [String: String]
    /// Problems found so far.
    public var errors = FieldErrors()

    public init(_ fields: [String: String]) {
        self.fields = fields
    }

    /// A trimmed value, or an empty string.
    public func optional(_ name: String) -> String {
        (fields[name] ?? "").trimmed
    }

    /// A trimmed value that must be present and at most `maxLength` characters.
    public mutating func required(_ name: String, label: String, maxLength: Int = 200) -> String {
        let value = optional(name)
        if value.isEmpty {
            errors.add(name, "请填写\(label)")
        } else if value.count > maxLength {
            errors.add(name, "\(label)不能超过 \(maxLength) 个字")
        }
        return value
    }

    /// One required text value, trimmed; throws `FieldErrors` naming `field` when empty or too long.
    public static func requiredText(_ value: String, field: String, label: String, maxLength: Int) throws -> String {
        var form = FormReader([field: value])
        let text = form.required(field, label: label, maxLength: maxLength)
        try form.errors.throwIfAny()
        return text
    }

    /// A trimmed optional value of at most `maxLength` characters.
    public mutating func limited(_ name: String, label: String, maxLength: Int = 500) -> String {
        let value = optional(name)
        if value.count > maxLength {
            errors.add(name, "\(label)不能超过 \(maxLength) 个字")
        }
        return value
    }
}
