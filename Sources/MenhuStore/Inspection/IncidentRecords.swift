import Foundation
import MenhuCore
import SQLKit

/// M3: who was told of an incident (a veto indicator turning red), and the e-mails still to send.
public enum IncidentRecords {
    /// A notice to e-mail, with the person's address and the site's name.
    public struct Mail: Sendable, Equatable {
        public var id: String
        public var email: String
        public var name: String
        public var siteName: String
        public var siteCode: String
        public var title: String
        public var detail: String
        public var raisedAt: Date
    }

    /// Tells everyone `IncidentRule` names for `site` of `tasks` turning red at `now`; returns the
    /// names of those told.
    @discardableResult
    public static func raise(_ tasks: [Rectification], site: Site, at now: Date, on db: any SQLDatabase) async throws -> [String] {
        guard !tasks.isEmpty else { return [] }
        let grants = Dictionary(grouping: try await AccountRecords.allGrants(on: db), by: \.accountID)
        let people = try await AccountRecords.all(on: db).filter { a in
            a.status == .active && (grants[a.id] ?? []).contains { IncidentRule.tells($0, site: site.id) }
        }
        for task in tasks {
            for person in people {
                try await db.insert(
                    IncidentNoticeRow(
                        id: RecordID.make(), siteID: site.id, rectificationID: task.id, accountID: person.id, title: task.title,
                        detail: task.detail, raisedAt: now.storedMillis, mailedAt: nil)
                ).ignoringConflicts(with: ["rectification_id", "account_id", "raised_at"]).run()
            }
        }
        return people.map(\.displayName)
    }

    /// Claims up to `limit` notices of the last day not yet e-mailed, for people with an address;
    /// each is claimed by one instance (the update that sets `mailed_at` decides).
    public static func claimMail(limit: Int, now: Date, on db: any SQLDatabase) async throws -> [Mail] {
        let rows = try await db.select(IncidentNoticeRow.self).where("mailed_at", .is, SQLLiteral.null)
            .where("raised_at", .greaterThanOrEqual, SQLBind(now.addingTimeInterval(-86_400).storedMillis)).orderBy("raised_at")
            .limit(limit * 4).all(decoding: IncidentNoticeRow.self)
        let sites = try await SiteRecords.all(on: db).byID()
        var claimed: [Mail] = []
        for row in rows where claimed.count < limit {
            guard let account = try await AccountRecords.find(id: row.accountID, on: db), account.status == .active, !account.email.isEmpty,
                let site = sites[row.siteID]
            else {
                // Nobody to mail: marked, so that it is not looked at again.
                try await db.update(IncidentNoticeRow.table).set("mailed_at", to: SQLBind(-1)).where("id", .equal, row.id)
                    .where("mailed_at", .is, SQLLiteral.null).run()
                continue
            }
            let won = try await db.raw(
                "UPDATE incident_notices SET mailed_at = \(bind: now.storedMillis) WHERE id = \(bind: row.id) AND mailed_at IS NULL RETURNING id"
            ).all()
            if !won.isEmpty {
                claimed.append(
                    Mail(
                        id: row.id, email: account.email, name: account.displayName, siteName: site.name, siteCode: site.code, title: row.title,
                        detail: row.detail, raisedAt: Date(storedMillis: row.raisedAt)))
            }
        }
        return claimed
    }

    /// A claimed notice that could not be sent for now goes back to be tried on the next pass.
    public static func unclaimMail(id: String, on db: any SQLDatabase) async throws {
        try await db.update(IncidentNoticeRow.table).set("mailed_at", to: SQLLiteral.null).where("id", .equal, id).run()
    }

    /// The names of the people told of each task's latest incident, by task id.
    public static func told(rectificationIDs: [String], on db: any SQLDatabase) async throws -> [String: [String]] {
        guard !rectificationIDs.isEmpty else { return [:] }
        let rows = try await db.select(IncidentNoticeRow.self).where("rectification_id", .in, SQLBind.group(rectificationIDs))
            .orderBy("raised_at", .descending).all(decoding: IncidentNoticeRow.self)
        let names = Dictionary(try await AccountRecords.all(on: db).map { ($0.id, $0.displayName) }, uniquingKeysWith: { a, _ in a })
        var latest: [String: Int] = [:]
        var out: [String: [String]] = [:]
        for row in rows {
            let at = latest[row.rectificationID, default: row.raisedAt]
            guard row.raisedAt == at else { continue }
            latest[row.rectificationID] = at
            out[row.rectificationID, default: []].append(names[row.accountID] ?? "已删除的账号")
        }
        return out.mapValues { $0.sorted() }
    }
}

struct IncidentNoticeRow: TableRow {
    static let table = "incident_notices"

    var id: String
    var siteID: String
    var rectificationID: String
    var accountID: String
    var title: String
    var detail: String
    var raisedAt: Int
    var mailedAt: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, siteID = "site_id", rectificationID = "rectification_id", accountID = "account_id", title, detail, raisedAt = "raised_at"
        case mailedAt = "mailed_at"
    }
}
