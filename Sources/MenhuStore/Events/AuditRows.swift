import Foundation
import MenhuCore

/// A row of `audit_events`.
struct AuditEventRow: TableRow {
    static let table = "audit_events"

    var id: String
    var at: Int
    var actorID: String?
    var actorName: String
    var action: String
    var targetType: String
    var targetID: String
    var siteID: String?
    var summary: String
    var requirement: String?
    var address: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, at, actorID = "actor_id", actorName = "actor_name", action, targetType = "target_type"
        case targetID = "target_id", siteID = "site_id", summary, requirement, address
    }
}

extension AuditEventRow {
    init(_ e: AuditEvent) {
        self.init(
            id: e.id, at: e.at.storedMillis, actorID: e.actorID, actorName: e.actorName, action: e.action, targetType: e.targetType,
            targetID: e.targetID, siteID: e.siteID, summary: e.summary, requirement: e.requirement, address: e.address)
    }

    func model() -> AuditEvent {
        AuditEvent(
            id: id, at: Date(storedMillis: at), actorID: actorID, actorName: actorName, action: action, targetType: targetType,
            targetID: targetID, siteID: siteID, summary: summary, requirement: requirement, address: address)
    }
}
