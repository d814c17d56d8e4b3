import Foundation
import MenhuCore
import SQLKit

/// A row of `site_probes`.
struct SiteProbeRow: TableRow {
    static let table = "site_probes"
    static var key: [CodingKeys] { [.siteID, .address, .slot] }

    var siteID: String
    var address: String
    var slot: Int
    var at: Int
    var status: Int?
    var durationMs: Int
    var error: String?
    var bodyDigest: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case siteID = "site_id", address, slot, at, status, durationMs = "duration_ms", error, bodyDigest = "body_digest"
    }

    func model() -> SiteProbe {
        SiteProbe(at: Date(storedMillis: at), status: status, durationMillis: durationMs, error: error)
    }
}

/// Probes of the sites' homepages (M1).
public enum ProbeRecords {
    /// The length of a probe slot: every 30 minutes, 48 a day (the checklist asks for 20).
    public static let slotSeconds = 1_800

    /// The start of the slot `at` falls in.
    public static func slot(of at: Date) -> Int {
        let ms = at.storedMillis
        return ms - ms % (slotSeconds * 1000)
    }

    /// Claims the slot of `at` for `address` of the site; false when another instance has it.
    public static func claim(siteID: String, address: String, at: Date, on db: any SQLDatabase) async throws -> Bool {
        let row = SiteProbeRow(
            siteID: siteID, address: address, slot: slot(of: at), at: at.storedMillis, status: nil, durationMs: -1, error: nil,
            bodyDigest: nil)
        let claimed = try await db.insert(row).ignoringConflicts().returning("slot").all()
        return !claimed.isEmpty
    }

    /// Records what a claimed probe found.
    public static func record(
        siteID: String, address: String, at: Date, probe: SiteProbe, bodyDigest: String?, on db: any SQLDatabase
    ) async throws {
        try await db.update(SiteProbeRow.table).set("at", to: probe.at.storedMillis).set("status", to: probe.status)
            .set("duration_ms", to: probe.durationMillis).set("error", to: probe.error).set("body_digest", to: bodyDigest)
            .where("site_id", .equal, siteID).where("address", .equal, address).where("slot", .equal, slot(of: at)).run()
    }

    /// Stores a finished probe directly (the demo's week of probes, imports).
    public static func insert(siteID: String, address: String, probe: SiteProbe, on db: any SQLDatabase) async throws {
        let row = SiteProbeRow(
            siteID: siteID, address: address, slot: slot(of: probe.at), at: probe.at.storedMillis, status: probe.status,
            durationMs: probe.durationMillis, error: probe.error, bodyDigest: nil)
        try await db.insert(row).ignoringConflicts().run()
    }

    /// The site's finished probes since `from`, oldest first.
    public static func since(_ from: Date, siteID: String, on db: any SQLDatabase) async throws -> [SiteProbe] {
        try await db.select(SiteProbeRow.self).where("site_id", .equal, siteID).where("at", .greaterThanOrEqual, from.storedMillis)
            .where("duration_ms", .greaterThanOrEqual, 0).orderBy("at").all(decoding: SiteProbeRow.self).map { $0.model() }
    }
}
