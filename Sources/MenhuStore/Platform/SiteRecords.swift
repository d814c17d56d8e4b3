import Foundation
import MenhuCore
import SQLKit

/// Sites and their domains.
public enum SiteRecords {
    /// Every site, the portal first, then by name.
    public static func all(on db: any SQLDatabase) async throws -> [Site] {
        let rows = try await db.select(SiteRow.self).orderBy("created_at").all(decoding: SiteRow.self)
        let domains = Dictionary(
            grouping: try await db.select(SiteDomainRow.self).orderBy("position").all(decoding: SiteDomainRow.self), by: \.siteID
        ).mapValues { $0.map(\.domain) }
        let sites = try rows.map { try $0.model(domains: domains[$0.id] ?? []) }
        return sites.sorted { ($0.kind == .portal ? 0 : 1, $0.createdAt) < ($1.kind == .portal ? 0 : 1, $1.createdAt) }
    }

    /// The site with `code`.
    public static func find(code: String, on db: any SQLDatabase) async throws -> Site? {
        guard let row = try await db.select(SiteRow.self).where("code", .equal, code).first(decoding: SiteRow.self) else { return nil }
        return try row.model(domains: try await domains(of: row.id, on: db))
    }

    /// The site with `id`.
    public static func find(id: String, on db: any SQLDatabase) async throws -> Site? {
        guard let row = try await db.select(SiteRow.self).where("id", .equal, id).first(decoding: SiteRow.self) else { return nil }
        return try row.model(domains: try await domains(of: id, on: db))
    }

    /// The site serving `domain` (a Host header without the port, or with it).
    public static func find(domain: String, on db: any SQLDatabase) async throws -> Site? {
        guard
            let row = try await db.select(SiteDomainRow.self).where("domain", .equal, domain.lowercased()).first(decoding: SiteDomainRow.self)
        else { return nil }
        return try await find(id: row.siteID, on: db)
    }

    /// W4: the other language versions of a site: the site it translates, and its foreign-language versions.
    public static func languageVersions(of site: Site, on db: any SQLDatabase) async throws -> [Site] {
        var ids = try await db.select().column("id").from("sites").where("variant_of", .equal, site.id).orderBy("created_at").all()
            .map { try $0.decode(column: "id", as: String.self) }
        if let original = site.identity.variantOf { ids.insert(original, at: 0) }
        var sites: [Site] = []
        for id in ids { if let found = try await find(id: id, on: db) { sites.append(found) } }
        return sites
    }

    /// Every domain of every site of the platform.
    public static func allDomains(on db: any SQLDatabase) async throws -> [String] {
        try await db.select(SiteDomainRow.self).orderBy("domain").all(decoding: SiteDomainRow.self).map(\.domain)
    }

    static func domains(of siteID: String, on db: any SQLDatabase) async throws -> [String] {
        try await db.select(SiteDomainRow.self).where("site_id", .equal, siteID).orderBy("position").all(decoding: SiteDomainRow.self).map(\.domain)
    }

    /// Sites other than `siteID` that already use any of `domains`.
    public static func domainConflicts(_ domains: [String], excluding siteID: String?, on db: any SQLDatabase) async throws -> [String] {
        guard !domains.isEmpty else { return [] }
        var query = db.select(SiteDomainRow.self).where("domain", .in, domains)
        if let siteID { query = query.where("site_id", .notEqual, siteID) }
        return try await query.all(decoding: SiteDomainRow.self).map(\.domain)
    }

    /// Inserts a new site with its domains and its default letter channels (I1, W3: every site has them).
    public static func insert(_ site: Site, on db: any SQLDatabase) async throws {
        try await db.insert(SiteRow(site)).run()
        try await replaceDomains(of: site, on: db)
        try await LetterRecords.insertDefaultChannels(siteID: site.id, now: site.createdAt, on: db)
        try await PageChangeRecords.record(siteID: site.id, tags: [.all], on: db)
    }

    /// Writes the identity fields and domains of an existing site.
    public static func update(_ site: Site, on db: any SQLDatabase) async throws {
        try await db.update(SiteRow(site)).run()
        try await replaceDomains(of: site, on: db)
        // Domains decide which site a host name shows: every cached page may be affected.
        try await PageChangeRecords.record(siteID: site.id, tags: [.all], on: db)
    }

    private static func replaceDomains(of site: Site, on db: any SQLDatabase) async throws {
        try await db.delete(from: "site_domains").where("site_id", .equal, site.id).run()
        for (position, domain) in site.domains.enumerated() {
            try await db.insert(SiteDomainRow(domain: domain, siteID: site.id, position: position)).run()
        }
    }
}

/// Units and departments.
public enum DepartmentRecords {
    /// Every unit and department, ordered by creation.
    public static func all(on db: any SQLDatabase) async throws -> [Department] {
        try await db.select(DepartmentRow.self).orderBy("created_at").orderBy("name").all(decoding: DepartmentRow.self).map { $0.model() }
    }

    public static func find(id: String, on db: any SQLDatabase) async throws -> Department? {
        try await db.select(DepartmentRow.self).where("id", .equal, id).first(decoding: DepartmentRow.self)?.model()
    }

    /// A department and every unit above it (a unit's staff answer for the unit); empty for nil.
    public static func withUnitsAbove(_ id: String?, on db: any SQLDatabase) async throws -> Set<String> {
        var ids: Set<String> = []
        var next = id
        while let current = next, ids.insert(current).inserted { next = try await find(id: current, on: db)?.parentID }
        return ids
    }

    /// `withUnitsAbove(_:on:)` over departments already read.
    public static func withUnitsAbove(_ id: String?, among departments: [String: Department]) -> Set<String> {
        var ids: Set<String> = []
        var next = id
        while let current = next, ids.insert(current).inserted { next = departments[current]?.parentID }
        return ids
    }

    public static func insert(_ d: Department, on db: any SQLDatabase) async throws {
        try await db.insert(DepartmentRow(d)).run()
    }

    public static func rename(id: String, to name: String, on db: any SQLDatabase) async throws {
        try await db.update("departments").set("name", to: SQLBind(name)).where("id", .equal, id).run()
    }
}
