import Foundation
import MenhuCore
import SQLKit

/// M1, M2: what each numbered requirement is judged on for one site, counted from the database.
public enum ComplianceQuery {
    public static func read(site: Site, now: Date, on db: any SQLDatabase) async throws -> (SiteInspection, [RequirementStatus]) {
        let inspection = try await InspectionQuery.read(site: site, now: now, on: db)
        var f = ComplianceFacts()
        let id = site.identity
        f.missingIdentity = [
            ("主办单位", id.sponsor), ("承办单位", id.organizer), ("网站标识码", id.siteIDCode), ("ICP备案号", id.icpFiling),
            ("公安机关备案号", id.publicSecurityFiling), ("域名", id.domains.joined()), ("负责人", id.personInCharge), ("联系电话", id.contactPhone),
            ("联系邮箱", id.contactEmail), ("地址", id.address),
        ].filter { $0.1.trimmingCharacters(in: .whitespaces).isEmpty }.map(\.0)
        let columns = try await ColumnRecords.all(siteID: site.id, on: db)
        f.archivedColumns = columns.filter(\.isArchived).count
        f.columnsWithoutOwner = columns.filter { !$0.isArchived && $0.settings.ownerDepartmentID == nil }.map(\.name)

        let accounts = try await AccountRecords.all(on: db).byID()
        let grants = try await AccountRecords.allGrants(on: db).filter { $0.siteID == nil || $0.siteID == site.id }
        let holders = grants.compactMap { accounts[$0.accountID] }
        f.roles = Set(grants.filter { accounts[$0.accountID]?.status == .active }.map(\.role))
        f.closedWithRoles = Set(holders.filter { $0.status != .active }.map(\.id)).count
        let active = Set(holders.filter { $0.status == .active }.map(\.id)).compactMap { accounts[$0] }
        let policy = PasswordPolicy()
        f.initialPasswordsKept = active.filter { $0.mustChangePassword && now.timeIntervalSince($0.createdAt) > 7 * 86_400 }.count
        f.expiredPasswords = active.filter { !$0.mustChangePassword && policy.isExpired(changedAt: $0.passwordChangedAt, now: now) }.count

        let live = [Article.Status.published.rawValue, Article.Status.archived.rawValue]
        func count(_ query: SQLQueryString) async throws -> Int {
            try await db.raw(query).first().map { try $0.decode(column: "n", as: Int.self) } ?? 0
        }
        f.selfApprovals = try await count(
            """
            SELECT COUNT(*) AS n FROM approvals p JOIN revisions r ON r.id = p.revision_id JOIN articles a ON a.id = p.article_id
            WHERE a.site_id = \(bind: site.id) AND p.voided_at IS NULL AND p.account_id = r.author_id
            """)
        f.liveItems = try await count(
            "SELECT COUNT(*) AS n FROM articles WHERE site_id = \(bind: site.id) AND status IN (\(binds: live))")
        f.liveUnapproved = try await count(
            """
            SELECT COUNT(*) AS n FROM articles a WHERE a.site_id = \(bind: site.id) AND a.status IN (\(binds: live)) AND a.emergency_by IS NULL
              AND (NOT EXISTS (SELECT 1 FROM approvals p WHERE p.article_id = a.id AND p.revision_id = a.live_revision_id
                                 AND p.step = \(bind: ApprovalStep.review.rawValue) AND p.voided_at IS NULL)
                OR NOT EXISTS (SELECT 1 FROM approvals p WHERE p.article_id = a.id AND p.revision_id = a.live_revision_id
                                 AND p.step = \(bind: ApprovalStep.signOff.rawValue) AND p.voided_at IS NULL))
            """)
        let registry = try await PublishingRecords.verifyRegistry(on: db)
        f.registryChecked = registry.checked
        f.registryBroken = registry.firstBroken.map { "第 \($0.sequence) 条：\($0.problem)" }
        let timeliness = try await TimelinessQuery.yearSoFar(siteID: site.id, now: now, on: db)
        (f.publishedThisYear, f.lateThisYear) = (timeliness.total, timeliness.late.count)
        f.blockedLivePages = try await LiveFindingRecords.blockingCount(siteID: site.id, on: db)
        f.brokenLinks = inspection.links.filter { $0.outcome.verdict == .broken }.count
        f.linksCheckedAt = inspection.linksCheckedAt
        f.overdueColumns = inspection.contracts.filter { $0.state == .overdue }.count
        f.blankColumns = inspection.contracts.filter { $0.state == .blank }.count
        let channels = try await LetterRecords.channels(siteID: site.id, on: db)
        f.openChannels = channels.filter(\.accepting).count
        f.siteErrorOpen = channels.contains { $0.kind == .siteError && $0.accepting }
        f.overdueLetters = try await LetterRecords.dueCounts(LetterRecords.Scope(siteIDs: [site.id]), now: now, on: db).overdue
        (f.consultationsOverTwoMonths, f.consultationsOverThreeMonths) = try await LetterRecords.vetoCounts(siteIDs: [site.id], now: now, on: db)
        f.lastInspection = try await BackgroundTaskRecords.recent(BackgroundTaskKind.inspection, scopes: ["*", site.id], limit: 5, on: db)
            .compactMap { $0.state == .done ? $0.finishedAt : nil }.max()
        let yesterday = CalendarDay(ChinaTime.calendar.date(byAdding: .day, value: -1, to: CalendarDay(now).start)!)
        let reading = try await DutyReadingRecords.day(yesterday, siteID: site.id, now: now, on: db)
        (f.readYesterday, f.toReadYesterday) = (reading.done, reading.readable.count)
        f.overdueRectifications = try await RectificationRecords.list(siteID: site.id, states: [.open], limit: nil, on: db)
            .filter { $0.isOverdue(at: now) }.count
        f.vetoes = inspection.results
        var emergencies = PublishingRecords.WorkFilter()
        emergencies.emergencyOnly = true
        emergencies.siteID = site.id
        f.emergenciesUnreviewed = try await PublishingRecords.works(emergencies, limit: 500, on: db).count
        return (inspection, ComplianceRule.evaluate(f, now: now))
    }
}
