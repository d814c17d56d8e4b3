/// Decisions about what a person's grants let them see, beyond one route's check.
extension Permission {
    /// Every permission that opens a site's item pages (信息发布): writing, reviewing, signing,
    /// publishing, withdrawing and archiving items.
    public static let contentWork: [Permission] = [
        .editContent, .reviewContent, .signContent, .approveImportant, .approveMajor, .publishNotices,
        .emergencyPublish, .withdrawContent, .archiveContent,
    ]

    /// M1, M3: every permission that watches a site's health (网站健康, 规则落实, 整改, the veto alerts):
    /// the site admin, those who answer for its content, the technical operators.
    public static let siteHealth: [Permission] = [.manageColumns, .viewAssuranceTable, .operateSystem]
}

extension AccessPolicy {
    /// Whether the person does content work on the site or one of its columns.
    public static func doesContentWork(_ grants: [RoleGrant], site siteID: String) -> Bool {
        Permission.contentWork.contains { holdsWithin(grants, $0, site: siteID) }
    }

    /// Whether the person does content work anywhere (and so has a 我的待办).
    public static func doesContentWork(_ grants: [RoleGrant]) -> Bool {
        Permission.contentWork.contains { p in grants.contains { $0.role.definition.permissions.contains(p) } }
    }

    /// M1, M3: whether the person watches the site's health.
    public static func watchesHealth(_ grants: [RoleGrant], site siteID: String) -> Bool {
        Permission.siteHealth.contains { holdsWithin(grants, $0, site: siteID) }
    }

    /// X2: an emergency publication stays before those who review or may publish in an emergency
    /// on its site until someone other than its publisher has reviewed it.
    public static func watchesEmergencies(_ grants: [RoleGrant], site siteID: String) -> Bool {
        holdsWithin(grants, .reviewContent, site: siteID) || holdsWithin(grants, .emergencyPublish, site: siteID)
    }
}
