import Foundation
import SQLKit

extension Date {
    /// Milliseconds since 1970, as stored (DESIGN: dates stored in UTC).
    var storedMillis: Int { Int((timeIntervalSince1970 * 1000).rounded()) }
    init(storedMillis: Int) { self.init(timeIntervalSince1970: Double(storedMillis) / 1000) }
}

extension Optional where Wrapped == Date {
    /// The stored form of an optional date.
    var storedMillis: Int? { self?.storedMillis }
}

extension Optional where Wrapped == Int {
    /// The date an optional stored value of milliseconds stands for.
    var storedDate: Date? { self.map(Date.init(storedMillis:)) }
}

extension String {
    /// Nil for "": for a column that stores "nothing" as NULL.
    var nonEmpty: String? { isEmpty ? nil : self }
}

extension RawRepresentable where RawValue == String {
    /// The case stored as `raw`; a value this version does not know is corrupt data.
    init(stored raw: String) throws {
        guard let value = Self(rawValue: raw) else { throw StoreError.corrupt("\(Self.self) = \(raw)") }
        self = value
    }
}

/// One table's row as stored. Each table has one `Codable` row type: its coding keys are the
/// table's columns in the schema's spelling, so a table's column list exists once, there (DESIGN:
/// GRDB's record types). Its properties hold what the schema stores: dates as Int milliseconds,
/// flags as Int 0/1, enums as their raw strings. Row types convert to Core's models with `model()`
/// and from them with `init(_:)`. A column that some query leaves out (an item's body, a file's
/// bytes) is optional: nil when it was left out.
protocol TableRow: Codable, Sendable {
    /// The table's columns.
    associatedtype CodingKeys: CodingKey, CaseIterable, Hashable
    /// The table the row is in.
    static var table: String { get }
    /// The columns that name one row, which `update(_:)` matches on (`id` unless said).
    static var key: [CodingKeys] { get }
}

extension TableRow {
    static var key: [CodingKeys] { [CodingKeys(stringValue: "id")!] }

    /// The table's columns, in the order of the coding keys.
    static var columns: [String] { CodingKeys.allCases.map(\.stringValue) }

    /// Every column is written, NULL for nil: an update clears what the model cleared.
    static var encoder: SQLQueryEncoder { SQLQueryEncoder(nilEncodingStrategy: .asNil) }
}

extension SQLDatabase {
    /// `SELECT *` from the row type's table.
    func select<Row: TableRow>(_: Row.Type) -> SQLSelectBuilder {
        select().column("*").from(Row.table)
    }

    /// Every column of the row type's table but `leftOut` (they read as nil: lists leave bodies out).
    func select<Row: TableRow>(_: Row.Type, leavingOut leftOut: Set<Row.CodingKeys>) -> SQLSelectBuilder {
        select().columns(Row.CodingKeys.allCases.filter { !leftOut.contains($0) }.map { SQLColumn($0.stringValue) }).from(Row.table)
    }

    /// `INSERT` of every column of the row (with `extra` columns an engine adds, like PostgreSQL's
    /// search vector).
    func insert<Row: TableRow>(_ row: Row, adding extra: [(String, any SQLExpression)] = []) throws -> SQLInsertBuilder {
        let values = try Row.encoder.encode(row) + extra
        return insert(into: Row.table).columns(values.map(\.0)).values(values.map(\.1))
    }

    /// One `INSERT` of several rows of a table (not empty).
    func insert<Row: TableRow>(rows: some Collection<Row>) throws -> SQLInsertBuilder {
        let encoded = try rows.map { try Row.encoder.encode($0) }
        let builder = insert(into: Row.table).columns(encoded[encoded.startIndex].map(\.0))
        for values in encoded { builder.values(values.map(\.1)) }
        return builder
    }

    /// `UPDATE` of every column of the row but its key, in the row its key names.
    func update<Row: TableRow>(_ row: Row) throws -> SQLUpdateBuilder {
        let key = Set(Row.key.map(\.stringValue))
        let builder = update(Row.table)
        for (column, value) in try Row.encoder.encode(row) {
            if key.contains(column) {
                builder.where(SQLColumn(column), .equal, value)
            } else {
                builder.set(SQLColumn(column), to: value)
            }
        }
        return builder
    }

    /// `SELECT COUNT(*)` of a prepared query.
    func count(_ query: SQLQueryString) async throws -> Int {
        guard let row = try await raw(query).first() else { return 0 }
        return try row.decode(column: "n", as: Int.self)
    }
}

/// Typed reads of one row's columns, for queries that are no table's row: counts, joins, and
/// projections of a few columns of many rows.
struct RowReader {
    let row: any SQLRow

    init(_ row: any SQLRow) { self.row = row }

    func string(_ column: String) throws -> String { try row.decode(column: column, as: String.self) }
    func optionalString(_ column: String) throws -> String? { try row.decode(column: column, as: String?.self) }
    func int(_ column: String) throws -> Int { try row.decode(column: column, as: Int.self) }
    func date(_ column: String) throws -> Date { Date(storedMillis: try int(column)) }
    func optionalDate(_ column: String) throws -> Date? { try row.decode(column: column, as: Int?.self).storedDate }
}
