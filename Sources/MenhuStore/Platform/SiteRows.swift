import Foundation
import MenhuCore

/// A row of `sites` (its domains are rows of `site_domains`).
struct SiteRow: TableRow {
    static let table = "sites"

    var id: String
    var code: String
    var name: String
    var kind: String
    var sponsor: String
    var organizer: String
    var siteIDCode: String
    var icpFiling: String
    var publicSecurityFiling: String
    var personInCharge: String
    var contactPhone: String
    var contactEmail: String
    var address: String
    var theme: String
    var createdAt: Int
    var indexScheme: String
    var language: String
    var variantOf: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, code, name, kind, sponsor, organizer, siteIDCode = "site_id_code", icpFiling = "icp_filing"
        case publicSecurityFiling = "public_security_filing", personInCharge = "person_in_charge"
        case contactPhone = "contact_phone", contactEmail = "contact_email", address, theme, createdAt = "created_at"
        case indexScheme = "index_scheme", language, variantOf = "variant_of"
    }
}

extension SiteRow {
    init(_ site: Site) {
        let i = site.identity
        self.init(
            id: site.id, code: i.code, name: i.name, kind: i.kind.rawValue, sponsor: i.sponsor, organizer: i.organizer,
            siteIDCode: i.siteIDCode, icpFiling: i.icpFiling, publicSecurityFiling: i.publicSecurityFiling,
            personInCharge: i.personInCharge, contactPhone: i.contactPhone, contactEmail: i.contactEmail, address: i.address,
            theme: site.theme, createdAt: site.createdAt.storedMillis, indexScheme: i.indexScheme, language: i.language.rawValue,
            variantOf: i.variantOf)
    }

    func model(domains: [String]) throws -> Site {
        var identity = SiteIdentity(
            code: code, name: name, kind: try Site.Kind(stored: kind), sponsor: sponsor, organizer: organizer,
            siteIDCode: siteIDCode, icpFiling: icpFiling, publicSecurityFiling: publicSecurityFiling, domains: domains,
            personInCharge: personInCharge, contactPhone: contactPhone, contactEmail: contactEmail, address: address,
            indexScheme: indexScheme)
        identity.language = SiteLanguage(rawValue: language) ?? .chinese
        identity.variantOf = variantOf
        return Site(id: id, identity: identity, theme: theme, createdAt: Date(storedMillis: createdAt))
    }
}

/// A row of `site_domains`: one domain of a site, in the site's order.
struct SiteDomainRow: TableRow {
    static let table = "site_domains"
    static let key: [CodingKeys] = [.domain]

    var domain: String
    var siteID: String
    var position: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case domain, siteID = "site_id", position
    }
}

/// A row of `departments`.
struct DepartmentRow: TableRow {
    static let table = "departments"

    var id: String
    var name: String
    var parentID: String?
    var siteID: String?
    var createdAt: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, name, parentID = "parent_id", siteID = "site_id", createdAt = "created_at"
    }
}

extension DepartmentRow {
    init(_ d: Department) {
        self.init(id: d.id, name: d.name, parentID: d.parentID, siteID: d.siteID, createdAt: d.createdAt.storedMillis)
    }

    func model() -> Department {
        Department(id: id, name: name, parentID: parentID, siteID: siteID, createdAt: Date(storedMillis: createdAt))
    }
}

/// A row of `home_blocks`. Quick links are stored one per line as `name<TAB>url`.
struct HomeBlockRow: TableRow {
    static let table = "home_blocks"

    var id: String
    var siteID: String
    var position: Int
    var kind: String
    var title: String
    var columnID: String?
    var itemCount: Int
    var links: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, siteID = "site_id", position, kind, title, columnID = "column_id", itemCount = "item_count", links
    }
}

extension HomeBlockRow {
    init(_ block: HomeBlock) {
        let s = block.settings
        self.init(
            id: block.id, siteID: block.siteID, position: block.position, kind: s.kind.rawValue, title: s.title, columnID: s.columnID,
            itemCount: s.count, links: s.links.map { "\($0.name)\t\($0.url)" }.joined(separator: "\n"))
    }

    func model() throws -> HomeBlock {
        let links = links.split(separator: "\n").compactMap { line -> HomeBlock.Link? in
            let parts = line.split(separator: "\t", maxSplits: 1)
            return parts.count == 2 ? HomeBlock.Link(name: String(parts[0]), url: String(parts[1])) : nil
        }
        let settings = HomeBlockSettings(kind: try HomeBlock.Kind(stored: kind), title: title, columnID: columnID, count: itemCount, links: links)
        return HomeBlock(id: id, siteID: siteID, position: position, settings: settings)
    }
}

/// A row of `theme_overrides`: one of a site's changes to its theme, live and drafted.
struct ThemeOverrideRow: TableRow {
    static let table = "theme_overrides"
    static let key: [CodingKeys] = [.siteID, .name]

    var siteID: String
    var name: String
    var draft: String?
    var live: String?
    var updatedAt: Int
    var updatedBy: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case siteID = "site_id", name, draft, live, updatedAt = "updated_at", updatedBy = "updated_by"
    }
}
