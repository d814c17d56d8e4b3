import Foundation
import MenhuCore
import SQLKit

/// Sites and their domains.
public enum SiteRecords {
    static func decode(_ row: any SQLRow, domains: [String]) throws -> Site {
        let r = RowReader(row)
        let identity = SiteIdentity(
            code: try r.string("code"), name: try r.string("name"), kind: try r.enumValue("kind", Site.Kind.self),
            sponsor: try r.string("sponsor"), organizer: try r.string("organizer"),
            siteIDCode: try r.string("site_id_code"), icpFiling: try r.string("icp_filing"),
            publicSecurityFiling: try r.string("public_security_filing"), domains: domains,
            personInCharge: try r.string("person_in_charge"), contactPhone: try r.string("contact_phone"),
            contactEmail: try r.string("contact_email"), address: try r.string("address"),
            indexScheme: try r.string("index_scheme"))
        var site = Site(id: try r.string("id"), identity: identity, theme: try r.string("theme"), createdAt: try r.date("created_at"))
        site.identity.language = SiteLanguage(rawValue: try r.string("language")) ?? .chinese
        site.identity.variantOf = try r.optionalString("variant_of")
        return site
    }

    /// Every site, the portal first, then by name.
    public static func all(on db: any SQLDatabase) async throws -> [Site] {
        let rows = try await db.select().column("*").from("sites").orderBy("created_at").all()
        let domainRows = try await db.select().columns("domain", "site_id").from("site_domains").orderBy("position").all()
        var domains: [String: [String]] = [:]
        for row in domainRows {
            domains[try row.decode(column: "site_id", as: String.self), default: []]
                .append(try row.decode(column: "domain", as: String.self))
        }
        let sites = try rows.map { row in
            try decode(row, domains: domains[try row.decode(column: "id", as: String.self)] ?? [])
        }
        return sites.sorted { ($0.kind == .portal ? 0 : 1, $0.createdAt) < ($1.kind == .portal ? 0 : 1, $1.createdAt) }
    }

    /// The site with `code`.
    public static func find(code: String, on db: any SQLDatabase) async throws -> Site? {
        guard let row = try await db.select().column("*").from("sites").where("code", .equal, code).first() else { return nil }
        return try decode(row, domains: try await domains(of: try row.decode(column: "id", as: String.self), on: db))
    }

    /// The site with `id`.
    public static func find(id: String, on db: any SQLDatabase) async throws -> Site? {
        guard let row = try await db.select().column("*").from("sites").where("id", .equal, id).first() else { return nil }
        return try decode(row, domains: try await domains(of: id, on: db))
    }

    /// The site serving `domain` (a Host header without the port, or with it).
    public static func find(domain: String, on db: any SQLDatabase) async throws -> Site? {
        guard
            let row = try await db.select().column("site_id").from("site_domains")
                .where("domain", .equal, domain.lowercased()).first()
        else { return nil }
        return try await find(id: try row.decode(column: "site_id", as: String.self), on: db)
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
        try await db.select().column("domain").from("site_domains").orderBy("domain").all()
            .map { try $0.decode(column: "domain", as: String.self) }
    }

    static func domains(of siteID: String, on db: any SQLDatabase) async throws -> [String] {
        try await db.select().column("domain").from("site_domains").where("site_id", .equal, siteID)
            .orderBy("position").all().map { try $0.decode(column: "domain", as: String.self) }
    }

    /// Sites other than `siteID` that already use any of `domains`.
    public static func domainConflicts(_ domains: [String], excluding siteID: String?, on db: any SQLDatabase) async throws -> [String] {
        guard !domains.isEmpty else { return [] }
        var query = db.select().column("domain").from("site_domains").where("domain", .in, domains)
        if let siteID { query = query.where("site_id", .notEqual, siteID) }
        return try await query.all().map { try $0.decode(column: "domain", as: String.self) }
    }

    /// Inserts a new site with its domains.
    public static func insert(_ site: Site, on db: any SQLDatabase) async throws {
        try await db.insert(into: "sites")
            .columns(
                "id", "code", "name", "kind", "sponsor", "organizer", "site_id_code", "icp_filing",
                "public_security_filing", "person_in_charge", "contact_phone", "contact_email", "address",
                "theme", "created_at", "index_scheme", "language", "variant_of"
            )
            .values(
                SQLBind(site.id), SQLBind(site.code), SQLBind(site.name), SQLBind(site.kind.rawValue),
                SQLBind(site.sponsor), SQLBind(site.organizer), SQLBind(site.siteIDCode), SQLBind(site.icpFiling),
                SQLBind(site.publicSecurityFiling), SQLBind(site.personInCharge), SQLBind(site.contactPhone),
                SQLBind(site.contactEmail), SQLBind(site.address), SQLBind(site.theme),
                SQLBind(site.createdAt.storedMillis), SQLBind(site.identity.indexScheme),
                SQLBind(site.identity.language.rawValue), SQLBind(site.identity.variantOf)
            )
            .run()
        try await replaceDomains(of: site, on: db)
        try await PageChangeRecords.record(siteID: site.id, tags: [.all], on: db)
    }

    /// Writes the identity fields and domains of an existing site.
    public static func update(_ site: Site, on db: any SQLDatabase) async throws {
        try await db.update("sites")
            .set("code", to: SQLBind(site.code)).set("name", to: SQLBind(site.name))
            .set("kind", to: SQLBind(site.kind.rawValue)).set("sponsor", to: SQLBind(site.sponsor))
            .set("organizer", to: SQLBind(site.organizer)).set("site_id_code", to: SQLBind(site.siteIDCode))
            .set("icp_filing", to: SQLBind(site.icpFiling))
            .set("public_security_filing", to: SQLBind(site.publicSecurityFiling))
            .set("person_in_charge", to: SQLBind(site.personInCharge))
            .set("contact_phone", to: SQLBind(site.contactPhone)).set("contact_email", to: SQLBind(site.contactEmail))
            .set("address", to: SQLBind(site.address)).set("theme", to: SQLBind(site.theme))
            .set("index_scheme", to: SQLBind(site.identity.indexScheme))
            .set("language", to: SQLBind(site.identity.language.rawValue)).set("variant_of", to: SQLBind(site.identity.variantOf))
            .where("id", .equal, site.id)
            .run()
        try await replaceDomains(of: site, on: db)
        // Domains decide which site a host name shows: every cached page may be affected.
        try await PageChangeRecords.record(siteID: site.id, tags: [.all], on: db)
    }

    private static func replaceDomains(of site: Site, on db: any SQLDatabase) async throws {
        try await db.delete(from: "site_domains").where("site_id", .equal, site.id).run()
        for (position, domain) in site.domains.enumerated() {
            try await db.insert(into: "site_domains").columns("domain", "site_id", "position")
                .values(SQLBind(domain), SQLBind(site.id), SQLBind(position)).run()
        }
    }
}

/// Units and departments.
public enum DepartmentRecords {
    static func decode(_ row: any SQLRow) throws -> Department {
        let r = RowReader(row)
        return Department(
            id: try r.string("id"), name: try r.string("name"), parentID: try r.optionalString("parent_id"),
            siteID: try r.optionalString("site_id"), createdAt: try r.date("created_at"))
    }

    /// Every unit and department, ordered by creation.
    public static func all(on db: any SQLDatabase) async throws -> [Department] {
        try await db.select().column("*").from("departments").orderBy("created_at").orderBy("name").all().map(decode)
    }

    public static func find(id: String, on db: any SQLDatabase) async throws -> Department? {
        try await db.select().column("*").from("departments").where("id", .equal, id).first().map(decode)
    }

    public static func insert(_ d: Department, on db: any SQLDatabase) async throws {
        try await db.insert(into: "departments").columns("id", "name", "parent_id", "site_id", "created_at")
            .values(SQLBind(d.id), SQLBind(d.name), SQLBind(d.parentID), SQLBind(d.siteID), SQLBind(d.createdAt.storedMillis))
            .run()
    }

    public static func rename(id: String, to name: String, on db: any SQLDatabase) async throws {
        try await db.update("departments").set("name", to: SQLBind(name)).where("id", .equal, id).run()
    }
}
