import Foundation
import MenhuCore
import SQLKit

/// The audit log: appended to in the same transaction as the change it records.
public enum AuditRecords {
    public static func append(_ e: AuditEvent, on db: any SQLDatabase) async throws {
        try await db.insert(AuditEventRow(e)).run()
    }

    /// Narrows the audit log: by site, action, words in the actor or summary, and time.
    public struct Filter: Sendable, Equatable {
        public var siteID: String?
        public var action: String?
        public var text: String?
        public var from: Date?
        public var until: Date?
        public init(siteID: String? = nil, action: String? = nil, text: String? = nil, from: Date? = nil, until: Date? = nil) {
            self.siteID = siteID; self.action = action; self.text = text; self.from = from; self.until = until
        }
    }

    /// Events newest first; `siteIDs` nil means all, otherwise only those sites' events.
    public static func recent(
        siteIDs: Set<String>?, filter: Filter = Filter(), limit: Int, offset: Int,
        on db: any SQLDatabase
    ) async throws -> (events: [AuditEvent], total: Int) {
        if let siteIDs, siteIDs.isEmpty { return ([], 0) }
        var query = db.select(AuditEventRow.self)
        var countQuery = db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("audit_events")
        func narrow(_ q: SQLSelectBuilder) -> SQLSelectBuilder {
            var q = q
            if let siteIDs { q = q.where("site_id", .in, Array(siteIDs)) }
            if let siteID = filter.siteID { q = q.where("site_id", .equal, siteID) }
            if let action = filter.action { q = q.where("action", .equal, action) }
            if let from = filter.from { q = q.where("at", .greaterThanOrEqual, SQLBind(from.storedMillis)) }
            if let until = filter.until { q = q.where("at", .lessThan, SQLBind(until.storedMillis)) }
            if let text = filter.text, !text.isEmpty {
                let pattern = "%" + text.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
                q = q.where { group in
                    group.where("summary", .like, SQLBind(pattern)).orWhere("actor_name", .like, SQLBind(pattern))
                }
            }
            return q
        }
        query = narrow(query)
        countQuery = narrow(countQuery)
        let rows = try await query.orderBy("at", .descending).orderBy("id", .descending).limit(limit).offset(offset).all(decoding: AuditEventRow.self)
        let total = try await countQuery.first()?.decode(column: "n", as: Int.self) ?? 0
        return (rows.map { $0.model() }, total)
    }

    /// Every event about one record (an account's history), newest first.
    public static func about(targetID: String, limit: Int = 200, on db: any SQLDatabase) async throws -> [AuditEvent] {
        try await db.select(AuditEventRow.self).where("target_id", .equal, targetID)
            .orderBy("at", .descending).orderBy("id", .descending).limit(limit).all(decoding: AuditEventRow.self).map { $0.model() }
    }
}
