/// What a check is about: the whole platform, a site, or a column of a site.
public enum AccessTarget: Sendable, Equatable {
    /// Platform-wide actions (sites, accounts, departments).
    case platform
    /// An action on one site.
    case site(String)
    /// An action on one column; `path` lists the column and its ancestors' ids.
    case column(siteID: String, path: [String])
    /// Any site at all: allowed if the permission is held anywhere (e.g. the audit log,
    /// which then shows only what the person may see).
    case anywhere
}

/// Decides whether a set of grants permits an action. O2, O5: a person sees and
/// changes only what their roles grant; no grant means no back-office access.
public enum AccessPolicy {
    /// True when one of `grants` gives `permission` on `target`.
    public static func allows(_ grants: [RoleGrant], _ permission: Permission, on target: AccessTarget) -> Bool {
        grants.contains { grant in
            grant.role.definition.permissions.contains(permission) && covers(grant, target)
        }
    }

    /// True when the grant's scope includes the target.
    public static func covers(_ grant: RoleGrant, _ target: AccessTarget) -> Bool {
        switch (grant.scope, target) {
        case (_, .anywhere): return true
        case (.platform, _): return true
        case (_, .platform): return false
        case (.site, .site(let siteID)): return grant.siteID == siteID
        case (.site, .column(let siteID, _)): return grant.siteID == siteID
        case (.column, .site): return false
        case (.column, .column(let siteID, let path)):
            return grant.siteID == siteID && grant.columnID.map(path.contains) == true
        }
    }

    /// True when one of `grants` gives `permission` on the site or on any column of it.
    public static func holdsWithin(_ grants: [RoleGrant], _ permission: Permission, site siteID: String) -> Bool {
        grants.contains { grant in
            grant.role.definition.permissions.contains(permission) && (grant.siteID == nil || grant.siteID == siteID)
        }
    }

    /// The site ids on which `permission` is held, or nil when it is held platform-wide.
    public static func sites(_ grants: [RoleGrant], with permission: Permission) -> Set<String>? {
        let holding = grants.filter { $0.role.definition.permissions.contains(permission) }
        if holding.contains(where: { $0.scope == .platform }) { return nil }
        return Set(holding.compactMap(\.siteID))
    }
}
