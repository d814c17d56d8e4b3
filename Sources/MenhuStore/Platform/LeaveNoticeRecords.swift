import Foundation
import MenhuCore
import SQLKit

/// W2: the domains a site's links open without the leaving notice, one `settings` entry per
/// site (space-separated).
public enum LeaveNoticeRecords {
    static func key(siteID: String) -> String { "leave-notice-direct:\(siteID)" }

    /// The site's listed domains, in the order they were written.
    public static func directDomains(siteID: String, on db: any SQLDatabase) async throws -> [String] {
        (try await db.setting(key(siteID: siteID)) ?? "").split(separator: " ").map(String.init)
    }
}

extension PlatformService {
    /// W2: sets the domains whose links open without the leaving notice from what the site admin
    /// typed (`FieldErrors` on `directHosts` when an entry is not a domain), with its event; the
    /// site's pages are rendered again.
    @discardableResult
    public func setDirectDomains(siteID: String, _ text: String, by actor: Actor) async throws -> [String] {
        let domains = try LeaveNotice.domains(from: text)
        let now = clock.now()
        return try await database.write { db in
            let before = try await LeaveNoticeRecords.directDomains(siteID: siteID, on: db)
            guard before != domains else { return domains }
            try await db.setSetting(LeaveNoticeRecords.key(siteID: siteID), domains.joined(separator: " "))
            try await PageChangeRecords.siteChanged(siteID, on: db)
            try await AuditRecords.append(
                actor.event(
                    "site.direct-links", "site", siteID, siteID: siteID,
                    summary: domains.isEmpty
                        ? "离开本站提示：所有外部链接均提示"
                        : "离开本站提示：访问 \(domains.joined(separator: "、")) 不再提示",
                    requirement: "W2", at: now), on: db)
            return domains
        }
    }
}
