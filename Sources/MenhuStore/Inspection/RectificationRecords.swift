import Foundation
import MenhuCore
import SQLKit

/// 整改 tasks (M1, M2): stored one per site and subject, brought in line with each inspection's
/// findings by `RectificationRule.reconcile`.
public enum RectificationRecords {
    /// A site's tasks, open ones first by deadline, then the rest newest first; only `states` when
    /// given, at most `limit` (nil: all, as the reconciliation needs: one task per subject).
    public static func list(siteID: String, states: [Rectification.State]? = nil, limit: Int? = 500, on db: any SQLDatabase) async throws
        -> [Rectification]
    {
        var q = db.select(RectificationRow.self).where("site_id", .equal, siteID)
        if let states { q = q.where("state", .in, SQLBind.group(states.map(\.rawValue))) }
        let rows = try await q.all(decoding: RectificationRow.self).map { $0.model() }
        return Array(
            rows.sorted { a, b in
                if (a.state == .open) != (b.state == .open) { return a.state == .open }
                return a.state == .open ? (a.dueAt, a.id) < (b.dueAt, b.id) : (a.closedAt ?? a.openedAt) > (b.closedAt ?? b.openedAt)
            }.prefix(limit ?? rows.count))
    }

    public static func find(id: String, on db: any SQLDatabase) async throws -> Rectification? {
        try await db.select(RectificationRow.self).where("id", .equal, id).first(decoding: RectificationRow.self)?.model()
    }

    /// Writes what `RectificationRule.reconcile` decided for `siteID` at `now`; returns how many
    /// tasks were opened (new or again) and closed.
    @discardableResult
    public static func apply(
        _ changes: [RectificationRule.Change], siteID: String, calendar: WorkingCalendar, at now: Date, on db: any SQLDatabase
    ) async throws -> (opened: Int, closed: Int) {
        var opened = 0, closed = 0
        let today = CalendarDay(now)
        for change in changes {
            switch change {
            case .open(let f):
                let row = RectificationRow(
                    id: RecordID.make(), siteID: siteID, source: f.source.rawValue, subject: f.subject, departmentID: f.departmentID,
                    title: f.title, detail: f.detail, openedAt: now.storedMillis,
                    dueAt: RectificationRule.due(f.source, openedOn: today, calendar: calendar).storedMillis,
                    state: Rectification.State.open.rawValue,
                    closedAt: nil, note: "", dismissedUntil: nil)
                try await db.insert(row).run()
                opened += 1
            case .reopen(let id, let f):
                try await db.update(RectificationRow.table).set("state", to: SQLBind(Rectification.State.open.rawValue))
                    .set("title", to: SQLBind(f.title)).set("detail", to: SQLBind(f.detail)).set("department_id", to: SQLBind(f.departmentID))
                    .set("opened_at", to: SQLBind(now.storedMillis))
                    .set("due_at", to: SQLBind(RectificationRule.due(f.source, openedOn: today, calendar: calendar).storedMillis))
                    .set("closed_at", to: SQLLiteral.null).set("dismissed_until", to: SQLLiteral.null).set("note", to: SQLBind("复查仍发现此问题，重新整改"))
                    .where("id", .equal, id).run()
                opened += 1
            case .update(let id, let f):
                try await db.update(RectificationRow.table).set("title", to: SQLBind(f.title)).set("detail", to: SQLBind(f.detail))
                    .set("department_id", to: SQLBind(f.departmentID)).where("id", .equal, id).run()
            case .close(let id):
                try await db.update(RectificationRow.table).set("state", to: SQLBind(Rectification.State.fixed.rawValue))
                    .set("closed_at", to: SQLBind(now.storedMillis)).set("note", to: SQLBind("复查未再发现，自动关闭"))
                    .where("id", .equal, id).run()
                closed += 1
            }
        }
        return (opened, closed)
    }

    /// Sets a task aside until the end of a day, with the reason (暂不整改).
    public static func dismiss(id: String, reason: String, until: Date, at now: Date, on db: any SQLDatabase) async throws {
        try await db.update(RectificationRow.table).set("state", to: SQLBind(Rectification.State.dismissed.rawValue))
            .set("note", to: SQLBind(reason)).set("dismissed_until", to: SQLBind(until.storedMillis)).set("closed_at", to: SQLBind(now.storedMillis))
            .where("id", .equal, id).run()
    }
}

/// A row of `rectifications` (migration 24).
struct RectificationRow: TableRow {
    static let table = "rectifications"

    var id: String
    var siteID: String
    var source: String
    var subject: String
    var departmentID: String?
    var title: String
    var detail: String
    var openedAt: Int
    var dueAt: Int
    var state: String
    var closedAt: Int?
    var note: String
    var dismissedUntil: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, siteID = "site_id", source, subject, departmentID = "department_id", title, detail, openedAt = "opened_at"
        case dueAt = "due_at", state, closedAt = "closed_at", note, dismissedUntil = "dismissed_until"
    }

    func model() -> Rectification {
        Rectification(
            id: id, siteID: siteID, source: Rectification.Source(rawValue: source) ?? .veto, subject: subject, departmentID: departmentID,
            title: title, detail: detail, openedAt: Date(storedMillis: openedAt), dueAt: Date(storedMillis: dueAt),
            state: Rectification.State(rawValue: state) ?? .open, closedAt: closedAt.map(Date.init(storedMillis:)), note: note,
            dismissedUntil: dismissedUntil.map(Date.init(storedMillis:)))
    }
}

/// 值班读网 (M1): the day's worklist of a site and the marks on it.
public enum DutyReadingRecords {
    /// The items of `siteID` published or changed on `day` (withdrawn ones too), each with its newest mark.
    public static func day(_ day: CalendarDay, siteID: String, now: Date, on db: any SQLDatabase) async throws -> ReadingDay {
        try await days(day, through: day, siteID: siteID, now: now, on: db)[0]
    }

    /// The worklists of every day from `first` through `last`, read at once: an item is on the list
    /// of each day it was published or changed.
    public static func days(_ first: CalendarDay, through last: CalendarDay, siteID: String, now: Date, on db: any SQLDatabase) async throws
        -> [ReadingDay]
    {
        let from = first.start.storedMillis, to = ChinaTime.calendar.date(byAdding: .day, value: 1, to: last.start)!.storedMillis
        let shown = [Article.Status.published, .archived, .withdrawn].map(\.rawValue)
        let rows = try await db.select().columns("id", "title", "column_id", "status", "published_at", "updated_at", "live_revision_id")
            .from("articles").where("site_id", .equal, siteID).where("status", .in, SQLBind.group(shown))
            .where { w in
                w.where { $0.where("published_at", .greaterThanOrEqual, from).where("published_at", .lessThan, to) }
                    .orWhere { $0.where("updated_at", .greaterThanOrEqual, from).where("updated_at", .lessThan, to) }
            }.all()
        var byDay: [CalendarDay: [ReadingItem]] = [:]
        var ids: [String] = []
        for row in rows {
            let published = try row.decode(column: "published_at", as: Int?.self), updated = try row.decode(column: "updated_at", as: Int?.self)
            let item = ReadingItem(
                articleID: try row.decode(column: "id", as: String.self), title: try row.decode(column: "title", as: String.self),
                columnID: try row.decode(column: "column_id", as: String.self), at: Date(storedMillis: from),
                revisionID: try row.decode(column: "live_revision_id", as: String?.self),
                withdrawn: try row.decode(column: "status", as: String.self) == Article.Status.withdrawn.rawValue, lastRead: nil)
            ids.append(item.articleID)
            // On each day it went live or changed, at the latest of those times that day.
            let times = [published, updated].compactMap { $0 }.filter { $0 >= from && $0 < to }.map(Date.init(storedMillis:))
            for day in Set(times.map(CalendarDay.init)) {
                var onDay = item
                onDay.at = times.filter { CalendarDay($0) == day }.max()!
                byDay[day, default: []].append(onDay)
            }
        }
        let marks = try await lastReads(articleIDs: ids, on: db)
        var out: [ReadingDay] = []
        var day = first
        while day <= last {
            let items = (byDay[day] ?? []).map { item in
                var item = item
                item.lastRead = marks[item.articleID]
                return item
            }
            out.append(ReadingDay(day: day, items: items, now: now))
            day = CalendarDay(ChinaTime.calendar.date(byAdding: .day, value: 1, to: day.start)!)
        }
        return out
    }

    /// The newest mark of each item.
    static func lastReads(articleIDs: [String], on db: any SQLDatabase) async throws -> [String: DutyRead] {
        var out: [String: DutyRead] = [:]
        for start in stride(from: 0, to: articleIDs.count, by: 500) {
            let part = Array(articleIDs[start..<min(start + 500, articleIDs.count)])
            for row in try await db.select(DutyReadRow.self).where("article_id", .in, SQLBind.group(part)).all(decoding: DutyReadRow.self) {
                let read = row.model()
                if let seen = out[read.articleID], seen.at >= read.at { continue }
                out[read.articleID] = read
            }
        }
        return out
    }

    /// Records a mark on the revision read (a second mark on it replaces the first).
    public static func mark(
        articleID: String, revisionID: String, siteID: String, reader: Actor, verdict: ReadingVerdict, note: String, at now: Date,
        on db: any SQLDatabase
    ) async throws {
        try await db.delete(from: DutyReadRow.table).where("article_id", .equal, articleID).where("revision_id", .equal, revisionID).run()
        try await db.insert(
            DutyReadRow(
                articleID: articleID, revisionID: revisionID, siteID: siteID, readerID: reader.accountID, readerName: reader.name,
                verdict: verdict.rawValue, note: note, readAt: now.storedMillis)
        ).run()
    }
}

/// A row of `duty_reads` (migration 24).
struct DutyReadRow: TableRow {
    static let table = "duty_reads"
    static let key: [CodingKeys] = [.articleID, .revisionID]

    var articleID: String
    var revisionID: String
    var siteID: String
    var readerID: String?
    var readerName: String
    var verdict: String
    var note: String
    var readAt: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case articleID = "article_id", revisionID = "revision_id", siteID = "site_id", readerID = "reader_id", readerName = "reader_name"
        case verdict, note, readAt = "read_at"
    }

    func model() -> DutyRead {
        DutyRead(
            articleID: articleID, revisionID: revisionID, readerName: readerName, verdict: ReadingVerdict(rawValue: verdict) ?? .correct,
            note: note, at: Date(storedMillis: readAt))
    }
}
