import Foundation
import MenhuCore
import SQLKit

/// The self-inspection's writes (M1, M2): 值班读网 marks, the 整改 tasks the inspection opens and
/// closes, and their dismissals, each with its audit event in one transaction.
public struct InspectionService: Sendable {
    public let database: Database
    public let clock: any WallClock

    public init(database: Database, clock: any WallClock) { self.database = database; self.clock = clock }

    /// Who the daily inspection's own writes are recorded as.
    static let inspector = Actor(accountID: nil, name: "日常自查", address: "system")

    /// How far back the inspection looks for 值班读网 findings (items marked 有误, or left unread).
    public static let readingWindowDays = 30

    /// M1: marks an item of `site` as read (无误) or wrong (有误, which opens a rectification for
    /// the column's owner department at once).
    public func markReading(articleID: String, fields: [String: String], site: Site, by actor: Actor) async throws {
        let now = clock.now()
        try await database.write { db in
            guard let work = try await PublishingRecords.work(id: articleID, on: db), work.siteID == site.id, work.publishedAt != nil else {
                throw ServiceError.notFound("信息不存在")
            }
            let item = ReadingItem(
                articleID: work.id, title: work.workingTitle, columnID: work.columnID, at: work.publishedAt ?? now, revisionID: work.liveRevisionID,
                withdrawn: work.status == .withdrawn, lastRead: nil)
            let (verdict, note) = try ReadingDay.mark(fields, item: item)
            guard let revision = item.revisionID else { throw ServiceError.refused("这条信息没有已发布的版本") }
            try await DutyReadingRecords.mark(
                articleID: work.id, revisionID: revision, siteID: site.id, reader: actor, verdict: verdict, note: note, at: now, on: db)
            try await AuditRecords.append(
                actor.event(
                    "inspection.read", "article", work.id, siteID: site.id,
                    summary: "值班读网：「\(work.workingTitle)」\(verdict.label)\(note.isEmpty ? "" : "（\(note)）")",
                    requirement: "M1", at: now), on: db)
            if verdict == .wrong {
                let owner = try await ColumnRecords.find(id: work.columnID, on: db)?.settings.ownerDepartmentID
                let found = Self.readingFinding(title: work.workingTitle, articleID: work.id, revisionID: revision, note: note, department: owner)
                let existing = try await RectificationRecords.list(siteID: site.id, limit: nil, on: db).first { $0.subject == found.subject }
                let change: RectificationRule.Change? = existing.map { $0.state == .open ? nil : .reopen(id: $0.id, found) } ?? .open(found)
                try await RectificationRecords.apply(
                    change.map { [$0] } ?? [], siteID: site.id, calendar: try await CalendarRecords.effectiveCalendar(on: db), at: now, on: db)
            }
        }
    }

    /// A 有误 mark as a rectification finding.
    static func readingFinding(title: String, articleID: String, revisionID: String, note: String, department: String?) -> RectificationFinding {
        RectificationFinding(
            source: .reading, subject: "reading \(articleID) \(revisionID)", departmentID: department, title: "「\(title)」值班读网发现问题",
            detail: note)
    }

    /// M1, M2: sets a rectification aside with a reason until a day; it reopens after that day if
    /// the inspection still finds it.
    public func dismiss(id: String, fields: [String: String], site: Site, by actor: Actor) async throws {
        let now = clock.now()
        try await database.write { db in
            guard let task = try await RectificationRecords.find(id: id, on: db), task.siteID == site.id else {
                throw ServiceError.notFound("整改事项不存在")
            }
            guard task.state == .open else { throw ServiceError.refused("这项整改已\(task.state.label)") }
            let (reason, until) = try RectificationRule.dismissal(fields, today: CalendarDay(now))
            try await RectificationRecords.dismiss(id: id, reason: reason, until: until, at: now, on: db)
            try await AuditRecords.append(
                actor.event(
                    "rectification.dismiss", "rectification", id, siteID: site.id,
                    summary: "暂不整改「\(task.title)」至 \(ChinaTime.day(until.addingTimeInterval(-1)))：\(reason)", requirement: "M1", at: now), on: db)
        }
    }

    /// M1, M2: brings a site's rectifications in line with what the inspection finds now: the veto
    /// indicators at risk or vetoed, overdue and blank columns, broken links, and 值班读网 items
    /// marked wrong or left unread. Returns how many were opened and closed.
    @discardableResult
    public func reconcile(site: Site) async throws -> (opened: Int, closed: Int) {
        let now = clock.now()
        return try await database.write { db in
            let inspection = try await InspectionQuery.read(site: site, now: now, on: db)
            var found = Self.findings(of: inspection)
            let owners = Dictionary(
                try await ColumnRecords.all(siteID: site.id, on: db).map { ($0.id, $0.settings.ownerDepartmentID) }, uniquingKeysWith: { a, _ in a })
            let today = CalendarDay(now)
            let first = CalendarDay(ChinaTime.calendar.date(byAdding: .day, value: -Self.readingWindowDays, to: today.start)!)
            // M1: a day's items left unread at midnight are one task for the site's office, from the
            // day the platform's first inspection ran (before it, nobody was asked to read).
            let since = try await BackgroundTaskRecords.first(BackgroundTaskKind.inspection, on: db).map { CalendarDay($0.requestedAt) }
            for list in try await DutyReadingRecords.days(max(first, since ?? today), through: today, siteID: site.id, now: now, on: db) {
                var unread: [String] = []
                for item in list.items {
                    let owner = owners[item.columnID] ?? nil
                    if item.state == .wrong, let read = item.lastRead {
                        found.append(
                            Self.readingFinding(
                                title: item.title, articleID: item.articleID, revisionID: read.revisionID, note: read.note, department: owner))
                    } else if list.isOver && item.state.isOpen {
                        unread.append("「\(item.title)」")
                    }
                }
                if !unread.isEmpty {
                    found.append(
                        RectificationFinding(
                            source: .reading, subject: "unread \(list.day)", departmentID: nil,
                            title: "\(list.day) 发布的 \(unread.count) 条信息当天未读网",
                            detail: "请值班读网人员补读并标记无误或有误：" + unread.prefix(5).joined(separator: "、") + (unread.count > 5 ? " 等" : "")))
                }
            }
            let existing = try await RectificationRecords.list(siteID: site.id, limit: nil, on: db)
            let changes = RectificationRule.reconcile(existing: existing, found: found, sources: Set(Rectification.Source.allCases), now: now)
            let counts = try await RectificationRecords.apply(
                changes, siteID: site.id, calendar: try await CalendarRecords.effectiveCalendar(on: db), at: now, on: db)
            // M3: an indicator that has just reached the veto line is an incident: people are told.
            let raised = IncidentRule.raised(by: changes, existing: existing)
            if !raised.isEmpty {
                let red = try await RectificationRecords.list(siteID: site.id, states: [.open], limit: nil, on: db).filter {
                    raised.contains($0.subject)
                }
                let told = try await IncidentRecords.raise(red, site: site, at: now, on: db)
                try await AuditRecords.append(
                    Self.inspector.event(
                        "inspection.incident", "site", site.id, siteID: site.id,
                        summary: "单项否决告警：\(red.map(\.title).joined(separator: "；"))；已通知 \(told.isEmpty ? "（无人可通知）" : told.joined(separator: "、"))",
                        requirement: "M3", at: now), on: db)
            }
            if counts.opened + counts.closed > 0 {
                try await AuditRecords.append(
                    Self.inspector.event(
                        "rectification.sync", "site", site.id, siteID: site.id, summary: "日常自查：新增或重新整改 \(counts.opened) 项，复查关闭 \(counts.closed) 项",
                        requirement: "M1", at: now), on: db)
            }
            return counts
        }
    }

    /// The findings of an inspection that a department must put right.
    static func findings(of inspection: SiteInspection) -> [RectificationFinding] {
        var found: [RectificationFinding] = []
        for r in inspection.results where r.verdict == .veto || r.verdict == .atRisk {
            found.append(
                RectificationFinding(
                    source: .veto, subject: "veto \(r.indicator.rawValue)", departmentID: nil,
                    title: "\(r.indicator.label)\(r.verdict == .veto ? "：" + IncidentRule.vetoMark : "：接近否决线")",
                    detail: ([r.value] + r.findings.prefix(10)).joined(separator: "；")))
        }
        for c in inspection.contracts where c.state == .overdue || c.state == .blank {
            found.append(
                RectificationFinding(
                    source: .contract, subject: "contract \(c.column.id)", departmentID: c.column.settings.ownerDepartmentID,
                    title: c.state == .blank ? "「\(c.column.name)」是空白栏目，从未发布信息" : "「\(c.column.name)」\(c.state.label)",
                    detail: c.state == .blank
                        ? "全国政府网站抽查将从未发布信息的栏目计为空白栏目（超过（含）5 个即单项否决），无论栏目是否要求定期更新；请发布内容或将栏目归档"
                        : "更新要求：\(c.column.updateRule.label)；最近更新：\(c.latest.map(ChinaTime.day) ?? "—")"))
        }
        for f in inspection.links where f.outcome.verdict == .broken {
            found.append(
                RectificationFinding(
                    source: .link, subject: "link \(f.source.url) \(f.source.articleID)", departmentID: f.source.departmentID,
                    title: "\(f.source.pageTitle)中的链接失效", detail: "\(f.source.url)：\(f.outcome.reason)"))
        }
        return found
    }
}
