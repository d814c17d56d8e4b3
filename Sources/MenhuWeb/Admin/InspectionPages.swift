import Foundation
import Hummingbird
import MenhuCore
import MenhuStore

/// 值班读网 and 整改 (M1, M2): the day's worklist of a site with each item's mark, and the tasks
/// the daily inspection opened for the departments that must act.
struct InspectionPages: Sendable {
    let env: WebEnvironment
    let layout: AdminLayout

    var endpoints: [AdminEndpoint] {
        [
            AdminEndpoint.site(.get, .reading(site: .route), .site(.readDuty)) { r in try await reading(r) },
            AdminEndpoint.site(.post, .readingMark(site: .route, article: .route), .site(.readDuty)) { r in try await mark(r) },
            // A refused mark leaves the browser at the form's address: reloading it goes back to the list.
            AdminEndpoint.site(.get, .readingMark(site: .route, article: .route), .site(.readDuty)) { r in
                Reply.redirect(AdminURL.reading(site: r.site.code).path + "#item-\(r.parameter("id"))")
            },
            AdminEndpoint.site(.get, .rectifications(site: .route), .withinSite(Permission.siteHealth)) { r in
                try await rectifications(r)
            },
            AdminEndpoint.site(.post, .dismissRectification(site: .route, id: .route), .site(.manageColumns)) { r in try await dismiss(r) },
            AdminEndpoint.site(.get, .dismissRectification(site: .route, id: .route), .site(.manageColumns)) { r in
                Reply.redirect(AdminURL.rectifications(site: r.site.code).path + "#task-\(r.parameter("id"))")
            },
        ]
    }

    var inspection: InspectionService { InspectionService(database: env.database, clock: env.clock) }

    func reading(_ r: SiteAdminRequest, status: HTTPResponse.Status = .ok, errors: [String: [String]] = [:]) async throws -> Response {
        let site = r.site, now = env.clock.now()
        let asked = r.request.uri.queryParameters["day"].map(String.init) ?? r.form["day"]
        let today = CalendarDay(now)
        let day = asked.flatMap(CalendarDay.init).map { min($0, today) } ?? today
        let (list, columns) = try await env.database.read { db in
            (try await DutyReadingRecords.day(day, siteID: site.id, now: now, on: db), try await ColumnRecords.all(siteID: site.id, on: db).byID())
        }
        let view = ReadingView(
            list, site: site, columns: columns, errors: errors, values: status == .ok ? [:] : r.form,
            previous: ChinaTime.calendar.date(byAdding: .day, value: -1, to: day.start)!,
            next: day < today ? ChinaTime.calendar.date(byAdding: .day, value: 1, to: day.start) : nil)
        return layout.page(r, .reading, title: "值班读网：\(site.name)", view, status: status)
    }

    func mark(_ r: SiteAdminRequest) async throws -> Response {
        let article = r.parameter("id")
        do {
            try await inspection.markReading(articleID: article, fields: r.form, site: r.site, by: r.actor)
        } catch let errors as FieldErrors {
            return try await reading(r, status: .unprocessableContent, errors: [article: errors.problems.map(\.message)])
        }
        let day = r.form["day"].flatMap(CalendarDay.init)?.description ?? ""
        return Reply.redirect(AdminURL.reading(site: r.site.code).path + "?day=\(day)&notice=reading-marked#item-\(article)")
    }

    func rectifications(_ r: SiteAdminRequest, status: HTTPResponse.Status = .ok, errors: [String: [String]] = [:]) async throws -> Response {
        let site = r.site, now = env.clock.now()
        let (tasks, departments, told) = try await env.database.read { db in
            let tasks = try await RectificationRecords.list(siteID: site.id, limit: 300, on: db)
            return (
                tasks, try await DepartmentRecords.all(on: db).byID(),
                try await IncidentRecords.told(rectificationIDs: tasks.filter { $0.source == .veto }.map(\.id), on: db)
            )
        }
        // The same check as the dismissal's own endpoint.
        let canDismiss = AccessPolicy.allows(r.signedIn.grants, .manageColumns, on: .site(site.id))
        let view = RectificationsView(
            tasks, site: site, departments: departments, told: told, now: now, canDismiss: canDismiss, errors: errors,
            values: status == .ok ? [:] : r.form)
        return layout.page(r, .rectifications, title: "整改：\(site.name)", view, status: status)
    }

    func dismiss(_ r: SiteAdminRequest) async throws -> Response {
        let id = r.parameter("id")
        do {
            try await inspection.dismiss(id: id, fields: r.form, site: r.site, by: r.actor)
        } catch let errors as FieldErrors {
            return try await rectifications(r, status: .unprocessableContent, errors: [id: errors.problems.map(\.message)])
        }
        return Reply.redirect(AdminURL.rectifications(site: r.site.code).notice("rectification-dismissed"))
    }
}

/// reading.mustache: one day's 值班读网 worklist (M1).
struct ReadingView {
    struct Item {
        let id: String, title: String, url: String, column: String, at: String, state: String, stateClass: String
        let open: Bool, withdrawn: Bool, revisionID: String, readBy: String?, note: String?
        let errors: [String]
        let hasErrors: Bool
        let correct: Bool, wrong: Bool, typed: String
        let action: String
    }
    let day: String
    let coverage: String
    let items: [Item]
    let hasItems: Bool
    /// M1: unread when the day ended.
    let unreadAtMidnight: String?
    let previousURL: String
    let nextURL: String?
    /// A refused mark, said at the top too (the row may be far down on a phone).
    struct Refused { let id: String, title: String, message: String }
    let refused: Refused?

    init(
        _ list: ReadingDay, site: Site, columns: [String: Column], errors: [String: [String]], values: [String: String], previous: Date,
        next: Date?
    ) {
        day = list.day.description
        coverage = list.coverage
        unreadAtMidnight = list.unreadAtMidnight > 0 ? "当天 24 时仍有 \(list.unreadAtMidnight) 条未读，已列入整改" : nil
        let base = "/sites/\(site.code)"
        items = list.items.map { i in
            let column = columns[i.columnID]
            let state = i.state
            // A refused mark keeps what the reader chose and wrote.
            let kept = errors[i.articleID] != nil ? values : [:]
            return Item(
                id: i.articleID, title: i.title, url: "\(base)/\(column?.settings.slug ?? "-")/\(i.articleID).html",
                column: column?.name ?? "—", at: ChinaTime.minute(i.at),
                state: state.label,
                stateClass: state == .wrong ? "bad" : state.isOpen ? "warn" : state == .correct ? "ok" : "none", open: state.isOpen,
                withdrawn: state == .withdrawn, revisionID: i.revisionID ?? "",
                readBy: i.lastRead.map { "\($0.readerName)，\(ChinaTime.minute($0.at))" }, note: i.lastRead?.note.nonEmpty,
                errors: errors[i.articleID] ?? [], hasErrors: errors[i.articleID] != nil,
                correct: kept["verdict"] == "correct", wrong: kept["verdict"] == "wrong", typed: kept["note"] ?? "",
                action: AdminURL.readingMark(site: site.code, article: i.articleID).path)
        }
        hasItems = !items.isEmpty
        refused = items.first { $0.hasErrors }.map { Refused(id: $0.id, title: $0.title, message: $0.errors.joined(separator: "；")) }
        previousURL = AdminURL.reading(site: site.code).path + "?day=\(CalendarDay(previous))"
        nextURL = next.map { AdminURL.reading(site: site.code).path + "?day=\(CalendarDay($0))" }
    }
}

/// rectifications.mustache: the 整改 tasks of a site (M1, M2).
struct RectificationsView {
    struct Task {
        let id: String, source: String, title: String, detail: String, department: String, opened: String, due: String, state: String
        let stateClass: String, overdue: Bool, open: Bool, note: String?, canDismiss: Bool, action: String
        let errors: [String]
        let hasErrors: Bool
        let reason: String, until: String
        /// M3: who was told when it turned red.
        let told: String?
    }
    let open: [Task]
    let closed: [Task]
    let hasOpen: Bool
    let hasClosed: Bool
    let summary: String

    init(
        _ tasks: [Rectification], site: Site, departments: [String: Department], told: [String: [String]] = [:], now: Date, canDismiss: Bool,
        errors: [String: [String]], values: [String: String]
    ) {
        let suggested = CalendarDay(ChinaTime.calendar.date(byAdding: .day, value: 30, to: now)!).description
        func task(_ t: Rectification) -> Task {
            let overdue = t.isOverdue(at: now)
            let failed = errors[t.id] != nil
            return Task(
                id: t.id, source: t.source.label, title: t.title, detail: t.detail,
                department: t.departmentID.flatMap { departments[$0]?.fullName(among: departments) } ?? "网站主办单位",
                opened: ChinaTime.day(t.openedAt), due: ChinaTime.day(t.dueAt.addingTimeInterval(-1)), state: overdue ? "已超期" : t.state.label,
                stateClass: overdue ? "bad" : t.state == .open ? "warn" : t.state == .fixed ? "ok" : "none", overdue: overdue, open: t.state == .open,
                note: t.note.nonEmpty.map { n in
                    t.state == .dismissed ? "\(n)（暂缓至 \(t.dismissedUntil.map { ChinaTime.day($0.addingTimeInterval(-1)) } ?? "")）" : n
                }, canDismiss: canDismiss && t.state == .open, action: AdminURL.dismissRectification(site: site.code, id: t.id).path,
                errors: errors[t.id] ?? [], hasErrors: failed, reason: failed ? values["reason"] ?? "" : "",
                until: failed ? values["until"] ?? suggested : suggested,
                told: told[t.id].map { "已告警通知：" + $0.joined(separator: "、") })
        }
        open = tasks.filter { $0.state == .open }.map(task)
        closed = tasks.filter { $0.state != .open }.prefix(100).map(task)
        hasOpen = !open.isEmpty
        hasClosed = !closed.isEmpty
        let overdue = open.filter(\.overdue).count
        summary = open.isEmpty ? "没有待整改事项" : "待整改 \(open.count) 项，其中已超期 \(overdue) 项"
    }
}
