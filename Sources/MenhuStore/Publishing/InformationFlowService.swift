import Foundation
import MenhuCore
import SQLKit

/// Business-system push (P9), office submissions (P13, P14) and repost tasks (P8).
public struct InformationFlowService: Sendable {
    public let database: Database
    public let clock: any WallClock

    public init(database: Database, clock: any WallClock) { self.database = database; self.clock = clock }

    static func tokenHash(_ token: String) -> String { Digest.hex("menhu-push-v1:" + token) }

    static func randomToken() -> String { "mh_" + RecordID.random(bytes: 32) }

    // MARK: Business systems (P9)

    /// Registers a system for some columns; returns it with its token (shown once, stored as a hash).
    public func registerSystem(siteID: String, name rawName: String, columnIDs: [String], by actor: Actor) async throws -> (PushSystem, String) {
        let name = try FormReader.requiredText(rawName, field: "name", label: "系统名称", maxLength: 50)
        let now = clock.now()
        guard !columnIDs.isEmpty else { throw FieldErrors.single("columns", "请至少选择一个允许推送的栏目") }
        let token = Self.randomToken()
        let system = PushSystem(id: RecordID.make(), siteID: siteID, name: name, columnIDs: columnIDs, createdAt: now)
        try await database.write { db in
            let known = Set(try await ColumnRecords.all(siteID: siteID, on: db).map(\.id))
            guard columnIDs.allSatisfy(known.contains) else { throw FieldErrors.single("columns", "栏目不属于本网站") }
            try await db.insert(PushSystemRow(system, tokenHash: Self.tokenHash(token), createdBy: actor.name)).run()
            try await AuditRecords.append(
                actor.event(
                    "push.register", "push_system", system.id, siteID: siteID,
                    summary: "登记业务系统“\(name)”，可推送 \(columnIDs.count) 个栏目", requirement: "P9", at: now), on: db)
        }
        return (system, token)
    }

    public func revokeSystem(id: String, siteID: String, by actor: Actor) async throws {
        let now = clock.now()
        try await database.write { db in
            guard let system = try await Self.systems(siteID: siteID, on: db).first(where: { $0.id == id }) else {
                throw ServiceError.notFound("业务系统不存在")
            }
            try await db.update("push_systems").set("revoked_at", to: SQLBind(now.storedMillis)).where("id", .equal, id).run()
            try await AuditRecords.append(
                actor.event(
                    "push.revoke", "push_system", id, siteID: siteID,
                    summary: "停用业务系统“\(system.name)”的推送令牌", requirement: "P9", at: now), on: db)
        }
    }

    public static func systems(siteID: String, on db: any SQLDatabase) async throws -> [PushSystem] {
        try await db.select(PushSystemRow.self).where("site_id", .equal, siteID).orderBy("created_at").all(decoding: PushSystemRow.self)
            .map { $0.model() }
    }

    /// The active system a bearer token belongs to.
    public func authenticate(token: String) async throws -> PushSystem? {
        guard token.hasPrefix("mh_"), token.count < 100 else { return nil }
        return try await database.read { db in
            try await db.select(PushSystemRow.self).where("token_hash", .equal, Self.tokenHash(token))
                .where("revoked_at", .is, SQLLiteral.null).first(decoding: PushSystemRow.self)?.model()
        }
    }

    // MARK: Office submissions (P13, P14)

    /// Submissions of a site, newest first; `from` limits to those submitted since then.
    public static func submissions(siteID: String, from: Date? = nil, limit: Int = 200, on db: any SQLDatabase) async throws -> [Submission] {
        var q = db.select(SubmissionRow.self).where("site_id", .equal, siteID)
        if let from { q = q.where("submitted_at", .greaterThanOrEqual, from.storedMillis) }
        return try await q.orderBy("submitted_at", .descending).limit(limit).all(decoding: SubmissionRow.self).map { try $0.model() }
    }

    /// P13: a department hands an item to the office.
    public func submit(siteID: String, _ fields: [String: String], by actor: Actor) async throws -> Submission {
        let now = clock.now()
        return try await database.write { db in
            let departments = Set(try await DepartmentRecords.all(on: db).map(\.id))
            let f = try Submission.read(fields, departmentIDs: departments)
            let s = Submission(
                siteID: siteID, departmentID: f.departmentID, submittedBy: actor.accountID ?? "",
                submitterName: actor.name, submittedAt: now, workDate: f.workDate, title: f.title,
                content: f.content, source: f.source, form: f.form, requirements: f.requirements)
            try await db.insert(SubmissionRow(s)).run()
            try await AuditRecords.append(
                actor.event(
                    "submission.create", "submission", s.id, siteID: siteID,
                    summary: "报送信息“\(s.title)”", requirement: "P13", at: now), on: db)
            return s
        }
    }

    /// P13: the office adopts (采用) a submission: it becomes a draft in `columnID` that then
    /// passes the normal three steps; or declines it with a reason.
    public func decide(
        submissionID: String, siteID: String, adopt: Bool, columnID: String?, reason: String,
        assigneeID: String? = nil, by p: Participant
    ) async throws -> Submission {
        let now = clock.now()
        return try await database.write { db in
            guard
                var s = try await db.select(SubmissionRow.self).where("id", .equal, submissionID)
                    .where("site_id", .equal, siteID).for(.update).first(decoding: SubmissionRow.self)?.model()
            else { throw ServiceError.notFound("报送信息不存在") }
            guard s.status == .pending else { throw ServiceError.conflict("这条报送已由其他人处理（\(s.status.label)），请刷新页面。") }
            s.decidedBy = p.actor.name
            s.decidedAt = now
            if adopt {
                let columns = try await ColumnRecords.all(siteID: siteID, on: db)
                guard let columnID, let column = columns.first(where: { $0.id == columnID }), !column.isArchived else {
                    throw FieldErrors.single("columnID", "请选择采用后发布的栏目")
                }
                // P13: the draft is given to a named editor of that column, in whose 我的待办 it waits.
                let tree = ColumnTree(columns)
                guard let assigneeID, let assignee = try await AccountRecords.find(id: assigneeID, on: db), assignee.status == .active,
                    AccessPolicy.allows(
                        try await AccountRecords.grants(of: assignee.id, on: db), .editContent,
                        on: .column(siteID: siteID, path: tree.path(of: column.id)))
                else { throw FieldErrors.single("assigneeID", "请选择在该栏目有编辑权限的信息员，由其编辑后提交审核") }
                var content = ArticleContent(
                    title: s.title, columnID: column.id,
                    bodyHTML: s.content.split(separator: "\n").map { "<p>\(HTMLText.escape(String($0).trimmed))</p>" }
                        .filter { $0 != "<p></p>" }.joined(separator: "\n"),
                    source: s.source)
                content.eventDate = s.workDate
                content.leadDepartmentID = s.departmentID
                let articleID = try await PublishingService.insertDraft(
                    siteID: siteID, content: content, scheduledFor: nil,
                    authorID: assignee.id, authorName: assignee.displayName, now: now, on: db)
                s.status = .adopted
                s.articleID = articleID
            } else {
                let why = reason.trimmed
                guard !why.isEmpty else { throw FieldErrors.single("reason", "不采用时须说明理由") }
                s.status = .declined
                s.declineReason = why
            }
            try await db.update(SubmissionRow(s)).run()
            try await AuditRecords.append(
                p.actor.event(
                    "submission.\(adopt ? "adopt" : "decline")", "submission", s.id, siteID: siteID,
                    summary: adopt ? "采用报送信息“\(s.title)”，转为稿件交由信息员编辑后提交审核" : "不采用报送信息“\(s.title)”：\(s.declineReason)",
                    requirement: "P13", at: now), on: db)
            return s
        }
    }

    /// P14: submissions and adoptions per department in the month containing `day`.
    public static func tallies(siteID: String, month day: CalendarDay, on db: any SQLDatabase) async throws -> [SubmissionTally] {
        let start = CalendarDay("\(String(format: "%04d-%02d", day.year, day.month))-01")!.start
        let end = ChinaTime.calendar.date(byAdding: .month, value: 1, to: start)!
        let rows = try await db.select().columns("department_id", "status").from("submissions").where("site_id", .equal, siteID)
            .where("submitted_at", .greaterThanOrEqual, start.storedMillis).where("submitted_at", .lessThan, end.storedMillis).all()
        var tallies: [String: SubmissionTally] = [:]
        for row in rows {
            let department = try row.decode(column: "department_id", as: String.self)
            let status = try row.decode(column: "status", as: String.self)
            tallies[department, default: SubmissionTally(departmentID: department, submitted: 0, adopted: 0)].submitted += 1
            if status == Submission.Status.adopted.rawValue { tallies[department]!.adopted += 1 }
        }
        return tallies.values.sorted { $0.departmentID < $1.departmentID }
    }

    // MARK: Repost tasks (P8)

    public static func feeds(siteID: String?, on db: any SQLDatabase) async throws -> [Feed] {
        var q = db.select(FeedRow.self)
        if let siteID { q = q.where("site_id", .equal, siteID) }
        return try await q.orderBy("created_at").all(decoding: FeedRow.self).map { $0.model() }
    }

    /// Registers a feed (RSS or Atom) of a superior government.
    public func addFeed(siteID: String, name rawName: String, url rawURL: String, by actor: Actor) async throws -> Feed {
        var errors = FieldErrors()
        let name = rawName.trimmed, url = rawURL.trimmed
        if name.isEmpty || name.count > 50 { errors.add("name", "请填写来源名称（50 字以内）") }
        if !(url.hasPrefix("https://") || url.hasPrefix("http://")) || URL(string: url)?.host == nil || url.count > 500 {
            errors.add("url", "订阅地址应为 http:// 或 https:// 开头的网址")
        }
        try errors.throwIfAny()
        let now = clock.now()
        let feed = Feed(id: RecordID.make(), siteID: siteID, name: name, url: url, checkedAt: nil, lastError: "")
        try await database.write { db in
            if try await Self.feeds(siteID: siteID, on: db).contains(where: { $0.url == url }) {
                throw FieldErrors.single("url", "这个订阅地址已登记")
            }
            try await db.insert(FeedRow(feed, createdAt: now)).run()
            try await AuditRecords.append(
                actor.event(
                    "feed.add", "feed", feed.id, siteID: siteID,
                    summary: "登记转载来源“\(name)”：\(url)", requirement: "P8", at: now), on: db)
        }
        return feed
    }

    /// Records the result of reading a feed: new items become repost tasks with a 12-hour
    /// deadline; returns how many were new.
    @discardableResult
    public func recordFeed(_ feed: Feed, items: [FeedItem]?, error: String?) async throws -> Int {
        let now = clock.now()
        return try await database.write { db in
            var added = 0
            for item in items ?? [] {
                let exists =
                    try await db.select().column("id").from("repost_tasks").where("site_id", .equal, feed.siteID)
                    .where("link", .equal, item.link).first() != nil
                if exists { continue }
                try await Self.insert(
                    RepostTask(
                        siteID: feed.siteID, feedID: feed.id, sourceName: feed.name,
                        title: String(item.title.prefix(300)), link: item.link, foundAt: now), on: db)
                added += 1
            }
            try await db.update("feeds").set("checked_at", to: SQLBind(now.storedMillis))
                .set("last_error", to: SQLBind(error)).where("id", .equal, feed.id).run()
            return added
        }
    }

    static func insert(_ t: RepostTask, on db: any SQLDatabase) async throws {
        try await db.insert(RepostTaskRow(t)).run()
    }

    /// A task entered by hand (an item received on paper or by notice).
    public func addTask(siteID: String, sourceName: String, title: String, link: String, by actor: Actor) async throws -> RepostTask {
        var errors = FieldErrors()
        if sourceName.trimmed.isEmpty { errors.add("sourceName", "请填写来源") }
        if title.trimmed.isEmpty || title.count > 300 { errors.add("title", "请填写标题（300 字以内）") }
        if !(link.hasPrefix("https://") || link.hasPrefix("http://")) || URL(string: link.trimmed)?.host == nil {
            errors.add("link", "原文地址应为 http:// 或 https:// 开头的网址")
        }
        try errors.throwIfAny()
        let now = clock.now()
        let task = RepostTask(
            siteID: siteID, feedID: nil, sourceName: sourceName.trimmed, title: title.trimmed, link: link.trimmed,
            foundAt: now)
        try await database.write { db in
            if try await db.select().column("id").from("repost_tasks").where("site_id", .equal, siteID)
                .where("link", .equal, task.link).first() != nil
            {
                throw FieldErrors.single("link", "这篇原文已在转载任务中")
            }
            try await Self.insert(task, on: db)
            try await AuditRecords.append(
                actor.event(
                    "repost.add", "repost_task", task.id, siteID: siteID,
                    summary: "登记转载任务“\(task.title)”，12 小时内完成", requirement: "P8", at: now), on: db)
        }
        return task
    }

    /// A stored task; one whose draft went live counts as done at the publication time.
    static func task(_ row: RepostTaskRow, on db: any SQLDatabase) async throws -> RepostTask {
        var t = try row.model()
        if t.status == .open, let articleID = t.articleID,
            let article = try await PublishingRecords.work(id: articleID, on: db), let published = article.publishedAt
        {
            t.status = .done
            t.closedAt = published
        }
        return t
    }

    /// One task of a site.
    static func task(id: String, siteID: String, on db: any SQLDatabase) async throws -> RepostTask? {
        guard
            let row = try await db.select(RepostTaskRow.self).where("id", .equal, id).where("site_id", .equal, siteID).first(
                decoding: RepostTaskRow.self)
        else { return nil }
        return try await task(row, on: db)
    }

    /// Tasks of a site, open ones first by deadline.
    public static func tasks(siteID: String, limit: Int = 200, on db: any SQLDatabase) async throws -> [RepostTask] {
        let rows = try await db.select(RepostTaskRow.self).where("site_id", .equal, siteID)
            .orderBy("due_at", .descending).limit(limit).all(decoding: RepostTaskRow.self)
        var tasks: [RepostTask] = []
        for row in rows { tasks.append(try await task(row, on: db)) }
        return tasks.sorted { a, b in
            (a.status == .open ? 0 : 1, a.status == .open ? a.dueAt : Date.distantFuture) < (
                b.status == .open ? 0 : 1, b.status == .open ? b.dueAt : Date.distantFuture
            )
        }
    }

    /// Starts the repost: a draft marked as a repost of the original, linked to the task.
    public func startRepost(taskID: String, siteID: String, columnID: String, by p: Participant) async throws -> String {
        let now = clock.now()
        return try await database.write { db in
            guard let task = try await Self.task(id: taskID, siteID: siteID, on: db) else {
                throw ServiceError.notFound("转载任务不存在")
            }
            if let existing = task.articleID { return existing }
            let tree = ColumnTree(try await ColumnRecords.all(siteID: siteID, on: db))
            var content = ArticleContent(
                title: task.title, columnID: columnID,
                bodyHTML: "<p>（请在此粘贴原文正文）</p>", source: task.sourceName)
            content.isRepost = true
            content.originalAuthor = task.sourceName
            content.sourceURL = task.link
            try PublishingService.checkColumns(content, tree: tree, siteID: siteID, participant: p)
            let id = try await PublishingService.insertDraft(
                siteID: siteID, content: content, scheduledFor: nil,
                authorID: p.accountID, authorName: p.actor.name, now: now, on: db)
            try await db.update("repost_tasks").set("article_id", to: SQLBind(id)).where("id", .equal, taskID).run()
            try await AuditRecords.append(
                p.actor.event(
                    "repost.start", "repost_task", taskID, siteID: siteID,
                    summary: "开始转载“\(task.title)”", requirement: "P8", at: now), on: db)
            return id
        }
    }

    /// Closes a task that needs no repost, with a reason.
    public func dismissTask(taskID: String, siteID: String, reason: String, by actor: Actor) async throws {
        let why = try FormReader.requiredText(reason, field: "reason", label: "不转载的理由", maxLength: 500)
        let now = clock.now()
        try await database.write { db in
            try await db.update("repost_tasks").set("status", to: SQLBind(RepostTask.Status.dismissed.rawValue))
                .set("closed_at", to: SQLBind(now.storedMillis)).set("closed_by", to: SQLBind(actor.name)).set("note", to: SQLBind(why))
                .where("id", .equal, taskID).where("site_id", .equal, siteID).run()
            try await AuditRecords.append(
                actor.event(
                    "repost.dismiss", "repost_task", taskID, siteID: siteID,
                    summary: "转载任务无需转载：\(why)", requirement: "P8", at: now), on: db)
        }
    }
}
