import Foundation
import MenhuCore
import SQLKit

/// The audit log: appended to in the same transaction as the change it records.
public enum AuditRecords {
    public static func append(_ e: AuditEvent, on db: any SQLDatabase) async throws {
        try await db.insert(into: "audit_events")
            .columns(
                "id", "at", "actor_id", "actor_name", "action", "target_type", "target_id", "site_id",
                "summary", "requirement", "address"
            )
            .values(
                SQLBind(e.id), SQLBind(e.at.storedMillis), SQLBind(e.actorID), SQLBind(e.actorName),
                SQLBind(e.action), SQLBind(e.targetType), SQLBind(e.targetID), SQLBind(e.siteID),
                SQLBind(e.summary), SQLBind(e.requirement), SQLBind(e.address)
            )
            .run()
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
        var query = db.select().column("*").from("audit_events")
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
        let rows = try await query.orderBy("at", .descending).orderBy("id", .descending).limit(limit).offset(offset).all()
        let total = try await countQuery.first()?.decode(column: "n", as: Int.self) ?? 0
        return (try rows.map(decode), total)
    }

    /// Every event about one record (an account's history), newest first.
    public static func about(targetID: String, limit: Int = 200, on db: any SQLDatabase) async throws -> [AuditEvent] {
        try await db.select().column("*").from("audit_events").where("target_id", .equal, targetID)
            .orderBy("at", .descending).orderBy("id", .descending).limit(limit).all().map(decode)
    }

    static func decode(_ row: any SQLRow) throws -> AuditEvent {
        let r = RowReader(row)
        return AuditEvent(
            id: try r.string("id"), at: try r.date("at"), actorID: try r.optionalString("actor_id"),
            actorName: try r.string("actor_name"), action: try r.string("action"),
            targetType: try r.string("target_type"), targetID: try r.string("target_id"),
            siteID: try r.optionalString("site_id"), summary: try r.string("summary"),
            requirement: try r.optionalString("requirement"), address: try r.string("address"))
    }
}
