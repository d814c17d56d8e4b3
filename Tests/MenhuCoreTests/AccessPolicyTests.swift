import MenhuCore
import Testing

@Suite struct AccessPolicyTests {
    func grant(_ role: Role, site: String? = nil, column: String? = nil) -> RoleGrant {
        RoleGrant(accountID: "a", role: role, siteID: site, columnID: column)
    }

    @Test func siteAdminManagesColumnsOfTheirOwnSiteOnly() {
        let grants = [grant(.siteAdmin, site: "www")]
        #expect(AccessPolicy.allows(grants, .manageColumns, on: .site("www")))
        #expect(!AccessPolicy.allows(grants, .manageColumns, on: .site("jyj")))
        #expect(!AccessPolicy.allows(grants, .manageAccounts, on: .platform))
    }

    @Test func platformAdminReachesEverySiteButDoesNotEditContent() {
        let grants = [grant(.platformAdmin)]
        #expect(AccessPolicy.allows(grants, .manageColumns, on: .site("jyj")))
        #expect(AccessPolicy.allows(grants, .manageAccounts, on: .platform))
        #expect(!AccessPolicy.allows(grants, .editContent, on: .site("jyj")))
        #expect(!AccessPolicy.allows(grants, .signContent, on: .site("jyj")))
    }

    @Test func columnGrantCoversItsSubcolumnsButNotSiblingsOrTheSite() {
        let grants = [grant(.editor, site: "www", column: "news")]
        #expect(AccessPolicy.allows(grants, .editContent, on: .column(siteID: "www", path: ["news"])))
        #expect(AccessPolicy.allows(grants, .editContent, on: .column(siteID: "www", path: ["dept-news", "news"])))
        #expect(!AccessPolicy.allows(grants, .editContent, on: .column(siteID: "www", path: ["notices"])))
        #expect(!AccessPolicy.allows(grants, .editContent, on: .site("www")))
        #expect(!AccessPolicy.allows(grants, .editContent, on: .column(siteID: "jyj", path: ["news"])))
    }

    @Test func noGrantMeansNoAccess() {
        for permission in Permission.allCases {
            #expect(!AccessPolicy.allows([], permission, on: .anywhere))
        }
    }

    @Test func rolesCanOnlyBeGrantedAtTheirScopes() {
        #expect(throws: FieldErrors.self) { try grant(.siteAdmin).validate() }
        #expect(throws: FieldErrors.self) { try grant(.platformAdmin, site: "www").validate() }
        #expect(throws: Never.self) { try grant(.editor, site: "www", column: "c").validate() }
        #expect(throws: Never.self) { try grant(.leadershipGroup).validate() }
    }

    @Test func editReviewAndSignAreSeparatePermissions() {
        // O3: no single role both writes and approves.
        for definition in RoleDefinition.all {
            let p = definition.permissions
            #expect(!(p.contains(.editContent) && (p.contains(.reviewContent) || p.contains(.signContent))), "\(definition.label)")
            #expect(!(p.contains(.reviewContent) && p.contains(.signContent)), "\(definition.label)")
        }
    }

    @Test func auditScopeListsOnlyTheSitesHeld() {
        #expect(AccessPolicy.sites([grant(.siteAdmin, site: "www")], with: .viewAuditLog) == ["www"])
        #expect(AccessPolicy.sites([grant(.platformAdmin)], with: .viewAuditLog) == nil)
        #expect(AccessPolicy.sites([grant(.editor, site: "www")], with: .viewAuditLog) == [])
    }
}
