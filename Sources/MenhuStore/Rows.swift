import Foundation
import SQLKit

extension Date {
    /// Milliseconds since 1970, as stored (DESIGN: dates stored in UTC).
    var storedMillis: Int { Int((timeIntervalSince1970 * 1000).rounded()) }
    init(storedMillis: Int) { self.init(timeIntervalSince1970: Double(storedMillis) / 1000) }
}

/// Typed reads of one row's columns.
struct RowReader {
    let row: any SQLRow

    init(_ row: any SQLRow) { self.row = row }

    func string(_ column: String) throws -> String { try row.decode(column: column, as: String.self) }
    func optionalString(_ column: String) throws -> String? { try row.decode(column: column, as: String?.self) }
    func int(_ column: String) throws -> Int { try row.decode(column: column, as: Int.self) }
    func bool(_ column: String) throws -> Bool { try int(column) != 0 }
    func date(_ column: String) throws -> Date { Date(storedMillis: try int(column)) }
    func optionalDate(_ column: String) throws -> Date? {
        try row.decode(column: column, as: Int?.self).map(Date.init(storedMillis:))
    }
    func enumValue<E: RawRepresentable>(_ column: String, _ type: E.Type) throws -> E where E.RawValue == String {
        let raw = try string(column)
        guard let value = E(rawValue: raw) else { throw StoreError.corrupt("\(column) = \(raw)") }
        return value
    }
}

extension Optional where Wrapped == Date {
    /// The stored form of an optional date.
    var storedMillis: Int? { self?.storedMillis }
}

extension SQLDatabase {
    /// `SELECT COUNT(*)` of a prepared query.
    func count(_ query: SQLQueryString) async throws -> Int {
        guard let row = try await raw(query).first() else { return 0 }
        return try row.decode(column: "n", as: Int.self)
    }
}
