import Foundation
import MenhuCore
import SQLKit

/// What the writer gets back on submitting: the letter and its 查询码, shown once (only its digest is kept).
public struct LetterReceipt: Sendable, Equatable {
    public let letter: Letter
    /// 查询编号.
    public var number: String { letter.number }
    /// 查询码.
    public let code: String
}

/// Letters from the public (互动交流): taking them in, acting on them, the writer's rating, and the
/// channels. Each change is written with the letter's history and its audit event in one transaction;
/// the rules come from `LetterFlow` and `LetterSubmission` in MenhuCore. I1–I6.
public struct LetterService: Sendable {
    public let database: Database
    public let clock: any WallClock
    /// Anti-abuse limits on the public form (I1).
    public var rateLimit: LetterRateLimit

    public init(database: Database, clock: any WallClock, rateLimit: LetterRateLimit = LetterRateLimit()) {
        self.database = database; self.clock = clock; self.rateLimit = rateLimit
    }

    // MARK: The public side

    /// Takes a letter from the public form of `channelID`, sent from `address`: checks the form
    /// (`FieldErrors` in Chinese), the rate limits per address and per contact and duplicates (a
    /// `ServiceError.refused`), then stores it as 待受理 with a new 查询编号 and 查询码. Nothing of it is
    /// public until reviewed (I4).
    public func submit(
        _ fields: [String: String], attachments: [LetterAttachmentRule.Sent] = [], channelID: String, address: String
    ) async throws -> LetterReceipt {
        let now = clock.now()
        let channel = try await database.read { db in try await LetterRecords.channel(id: channelID, on: db) }
        guard let channel else { throw ServiceError.notFound("留言渠道不存在") }
        let submission = try LetterSubmission.read(fields, channel: channel)
        let files = try LetterAttachmentRule.check(attachments)
        let address = String(address.prefix(100))
        // Two letters received at once may take the same next number; the second tries again.
        for attempt in 1... {
            do {
                return try await store(submission, files: files, channel: channel, address: address, now: now)
            } catch  where attempt < 3 && Self.isNumberClash(error) {
                continue
            }
        }
        fatalError("unreachable")
    }

    /// True for the unique-index error of `letters.number` (SQLite and PostgreSQL spell it differently).
    static func isNumberClash(_ error: any Error) -> Bool {
        let text = String(reflecting: error)
        return text.contains("letters.number") || text.contains("letters_number_key")
    }

    /// Stores a checked submission after the rate limits and duplicate check, in one transaction.
    func store(
        _ submission: LetterSubmission, files: [(name: String, kind: FileKind, data: Data)], channel: LetterChannel, address: String, now: Date
    ) async throws -> LetterReceipt {
        let limit = rateLimit
        let code = LetterNumber.makeCode()
        return try await database.write { db in
            let key = try await LetterCode.key(on: db)
            let contact = LetterCode.fingerprint(submission.writer.contactKey, key: key)
            let body = LetterCode.fingerprint(submission.duplicateKey, key: key)
            func count(_ column: String, _ value: String, since: TimeInterval) async throws -> Int {
                try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(LetterRow.table)
                    .where(SQLColumn(column), .equal, SQLBind(value)).where(
                        "received_at", .greaterThanOrEqual, SQLBind(now.addingTimeInterval(-since).storedMillis)
                    )
                    .first()?.decode(column: "n", as: Int.self) ?? 0
            }
            let fromAddress = try await count("address", address, since: limit.addressWindow)
            let fromContact = contact.isEmpty ? 0 : try await count("contact_digest", contact, since: limit.contactWindow)
            let duplicate =
                try await db.select().column("id").from(LetterRow.table).where("body_digest", .equal, body)
                .where(contact.isEmpty ? "address" : "contact_digest", .equal, contact.isEmpty ? address : contact)
                .where("received_at", .greaterThanOrEqual, SQLBind(now.addingTimeInterval(-limit.duplicateWindow).storedMillis))
                .first() != nil
            if let refusal = limit.refusal(fromAddress: fromAddress, fromContact: fromContact, duplicate: duplicate) {
                throw ServiceError.refused(refusal)
            }
            let day = CalendarDay(now)
            let prefix = LetterNumber.prefix(day)
            let last =
                try await db.select().column(SQLFunction("MAX", args: SQLColumn("number")), as: "n").from(LetterRow.table)
                // A range, not LIKE: PostgreSQL uses the unique index for it under any collation.
                .where("number", .greaterThanOrEqual, SQLBind(prefix + "00000")).where("number", .lessThanOrEqual, SQLBind(prefix + "99999"))
                .first()?.decode(column: "n", as: String?.self) ?? nil
            let sequence = (last.flatMap(LetterNumber.sequence(of:)) ?? 0) + 1
            guard sequence <= 99_999 else { throw ServiceError.refused("今日留言已达上限，请明日再提交。") }
            var letter = Letter(
                siteID: channel.siteID, channelID: channel.id, channelKind: channel.kind, number: LetterNumber.make(day: day, sequence: sequence),
                title: submission.title, body: submission.body, writer: submission.writer, wantsPublic: submission.wantsPublic, receivedAt: now)
            let calendar = try await CalendarRecords.effectiveCalendar(on: db)
            let deadline = LetterDeadline.current(of: letter, deadlines: channel.deadlines, calendar: calendar)
            letter.dueAt = deadline?.due
            letter.dueStep = deadline?.step
            try await db.insert(
                LetterRow(
                    letter, codeDigest: LetterCode.digest(number: letter.number, code: code, key: key), address: address,
                    contactDigest: contact, bodyDigest: body)
            ).run()
            _ = try await LetterAttachmentRecords.insert(files, letterID: letter.id, now: now, on: db)
            let writer = Self.writerActor(letter, address: address)
            try await LetterRecords.append(
                LetterEvent(
                    letterID: letter.id, at: now, action: "submit", actorID: nil, actorName: writer.name, from: .submitted, to: .submitted,
                    summary: "提交留言", notifiesWriter: true), on: db)
            try await AuditRecords.append(
                writer.event(
                    "letter.submit", "letter", letter.id, siteID: letter.siteID,
                    summary:
                        "收到“\(channel.name)”留言 \(letter.number)（\(submission.wantsPublic ? "愿意公开" : "不公开")\(files.isEmpty ? "" : "，附件 \(files.count) 个")）",
                    requirement: "I1", at: now),
                on: db)
            return LetterReceipt(letter: letter, code: code)
        }
    }

    /// The writer as an actor of the audit log: the name they gave, or 留言人.
    static func writerActor(_ letter: Letter, address: String) -> Actor {
        Actor(accountID: nil, name: letter.writer.name.isEmpty ? "留言人" : "留言人 \(letter.writer.name)", address: address)
    }

    /// The writer's look-up by 查询编号 and 查询码 (nil for a wrong pair, whichever part is wrong).
    public func lookup(number: String, code: String) async throws -> Letter? {
        try await database.read { db in try await LetterRecords.lookup(number: number, code: code, on: db) }
    }

    /// The writer rates the reviewed reply of their letter (满意/基本满意/不满意 with a reason). I2.
    public func rate(number: String, code: String, _ satisfaction: LetterSatisfaction, reason: String, address: String) async throws -> Letter {
        let now = clock.now()
        return try await database.write { db in
            guard let found = try await LetterRecords.lookup(number: number, code: code, on: db),
                var row = try await LetterRecords.row(id: found.id, lock: true, on: db)
            else { throw ServiceError.notFound("查询编号或查询码不正确") }
            var rated = try Self.result(LetterFlow.rate(try row.model(), satisfaction, reason: reason, now: now))
            rated.version += 1
            row.apply(rated)
            try await db.update(row).run()
            let writer = Self.writerActor(rated, address: address)
            let summary = "评价答复：\(satisfaction.label)" + (rated.rating!.reason.isEmpty ? "" : "（\(rated.rating!.reason)）")
            try await LetterRecords.append(
                LetterEvent(
                    letterID: rated.id, at: now, action: "rate", actorID: nil, actorName: writer.name, from: rated.state, to: rated.state,
                    summary: summary, note: rated.rating!.reason, notifiesWriter: true), on: db)
            try await AuditRecords.append(
                writer.event(
                    "letter.rate", "letter", rated.id, siteID: rated.siteID, summary: "留言 \(rated.number) \(summary)", requirement: "I2", at: now),
                on: db)
            return rated
        }
    }

    // MARK: The back office

    /// Takes `action` on a letter whose form showed `expectedVersion`: loads it, decides in `LetterFlow`,
    /// writes the letter, its history and the audit event `letter.<action>` in one transaction. A stale
    /// form is refused (`ServiceError.conflict`), a refused action throws its `LetterRefusal`.
    public func act(
        _ action: LetterAction, letterID: String, expectedVersion: Int, input: LetterInput = LetterInput(), by p: Participant
    ) async throws -> Letter {
        let now = clock.now()
        return try await database.write { db in
            guard var row = try await LetterRecords.row(id: letterID, lock: true, on: db) else { throw ServiceError.notFound("留言不存在") }
            let letter = try row.model()
            guard letter.version == expectedVersion else {
                throw ServiceError.conflict("这件留言刚被其他人处理过（现为“\(letter.state.label)”），您看到的已不是最新状态。请刷新页面后再操作。")
            }
            guard let channel = try await LetterRecords.channel(id: letter.channelID, on: db) else {
                throw ServiceError.notFound("留言渠道不存在")
            }
            var input = input
            try await Self.check(&input, for: action, letter: letter, on: db)
            let actor = try await Self.letterActor(p, on: db)
            let context = LetterContext(channel: channel, calendar: try await CalendarRecords.effectiveCalendar(on: db), now: now)
            let decision = try Self.result(LetterFlow.decide(action, on: letter, by: actor, input: input, context: context))
            var changed = decision.letter
            changed.version = letter.version + 1
            row.apply(changed)
            try await db.update(row).run()
            let note = action == .answer ? input.text.trimmed : input.reason.trimmed
            try await LetterRecords.append(
                LetterEvent(
                    letterID: letter.id, at: now, action: action.rawValue, actorID: p.accountID, actorName: p.actor.name, from: decision.from,
                    to: changed.state, summary: decision.summary, note: note, notifiesWriter: decision.notifiesWriter), on: db)
            try await AuditRecords.append(
                p.actor.event(
                    action.eventName, "letter", letter.id, siteID: letter.siteID,
                    summary: "留言 \(letter.number)“\(letter.title)”：\(decision.summary)（\(decision.from.label) → \(changed.state.label)）",
                    requirement: decision.requirement, at: now), on: db)
            return changed
        }
    }

    /// Checks what only the store can: the departments exist; the letter to merge into is another open
    /// letter of the site (given by id or 查询编号, replaced by its id).
    static func check(_ input: inout LetterInput, for action: LetterAction, letter: Letter, on db: any SQLDatabase) async throws {
        if action == .transfer || action == .reassign {
            for id in input.departmentIDs.map(\.trimmed) where !id.isEmpty {
                if try await DepartmentRecords.find(id: id, on: db) == nil { throw ServiceError.notFound("所选部门不存在") }
            }
        }
        if action == .merge, let target = input.mergeInto?.trimmed, !target.isEmpty, target != letter.id, target != letter.number {
            let found: Letter?
            if let byID = try await LetterRecords.letter(id: target, on: db) {
                found = byID
            } else {
                found = try await LetterRecords.letter(number: target, siteID: letter.siteID, on: db)
            }
            guard let found, found.siteID == letter.siteID else { throw ServiceError.notFound("要并入的留言不存在") }
            guard found.state != .merged, found.state != .rejected else {
                throw ServiceError.refused("留言 \(found.number) 为“\(found.state.label)”，不能并入。")
            }
            input.mergeInto = found.id
        }
    }

    /// The person as the letter flow sees them: their department with the units above it.
    static func letterActor(_ p: Participant, on db: any SQLDatabase) async throws -> LetterActor {
        let account = try await AccountRecords.find(id: p.accountID, on: db)
        let departments = try await DepartmentRecords.withUnitsAbove(account?.departmentID, on: db)
        return LetterActor(accountID: p.accountID, name: p.actor.name, departmentIDs: departments, grants: p.grants)
    }

    static func result<T>(_ r: Result<T, LetterRefusal>) throws -> T {
        switch r {
        case .success(let value): return value
        case .failure(let refusal): throw refusal
        }
    }

    /// The actions `p` may take on a letter now (for the letter's page).
    public func available(letterID: String, by p: Participant) async throws -> [LetterAction] {
        let now = clock.now()
        return try await database.read { db in
            guard let letter = try await LetterRecords.letter(id: letterID, on: db),
                let channel = try await LetterRecords.channel(id: letter.channelID, on: db)
            else { return [] }
            let context = LetterContext(channel: channel, calendar: try await CalendarRecords.effectiveCalendar(on: db), now: now)
            return LetterFlow.available(on: letter, by: try await Self.letterActor(p, on: db), context: context)
        }
    }

    /// I4: the reviewer's words to hide from the public, besides the personal data found; replaces
    /// the list. Needs `manageLetters` on the letter's site; a stale form is refused.
    public func setMasks(_ text: String, letterID: String, expectedVersion: Int, by p: Participant) async throws -> Letter {
        let now = clock.now()
        let words = try Self.result(Letter.readMasks(text))
        return try await database.write { db in
            guard var row = try await LetterRecords.row(id: letterID, lock: true, on: db) else { throw ServiceError.notFound("留言不存在") }
            var letter = try row.model()
            guard AccessPolicy.allows(p.grants, .manageLetters, on: .site(letter.siteID)) else {
                throw LetterRefusal.noPermission("您没有本网站的“\(Permission.manageLetters.label)”权限，不能设置隐去的内容。")
            }
            guard letter.version == expectedVersion else {
                throw ServiceError.conflict("这件留言刚被其他人处理过，您看到的已不是最新状态。请刷新页面后再操作。")
            }
            guard words != letter.masks else { return letter }
            letter.masks = words
            letter.version += 1
            letter.changedAt = now
            row.apply(letter)
            try await db.update(row).run()
            let summary = words.isEmpty ? "取消审核人隐去的内容" : "公开时另行隐去 \(words.count) 项内容"
            try await LetterRecords.append(
                LetterEvent(
                    letterID: letter.id, at: now, action: "mask", actorID: p.accountID, actorName: p.actor.name, from: letter.state,
                    to: letter.state, summary: summary, note: "", notifiesWriter: false), on: db)
            try await AuditRecords.append(
                p.actor.event(
                    "letter.mask", "letter", letter.id, siteID: letter.siteID, summary: "留言 \(letter.number)：\(summary)", requirement: "I4",
                    at: now), on: db)
            return letter
        }
    }

    // MARK: Channels

    /// Saves a channel from its form (`LetterChannel.reading`): an existing one by `channelID`, or a new
    /// one of `kind` on `siteID` (a second 领导信箱 for another leader). Needs `manageLetters` on the site;
    /// the open letters of the channel get deadlines by its new lengths. I1, I2, I5.
    public func saveChannel(
        _ fields: [String: String], channelID: String?, kind: ChannelKind? = nil, siteID: String, by p: Participant
    ) async throws -> LetterChannel {
        try Self.mayManage(p, siteID: siteID)
        let now = clock.now()
        return try await database.write { db in
            let existing: LetterChannel?
            if let channelID {
                guard let found = try await LetterRecords.channel(id: channelID, on: db), found.siteID == siteID else {
                    throw ServiceError.notFound("留言渠道不存在")
                }
                existing = found
            } else {
                existing = nil
            }
            guard let base = existing ?? kind.map({ LetterChannel(siteID: siteID, kind: $0, name: $0.label, createdAt: now) }) else {
                throw FieldErrors.single("kind", "请选择渠道类型")
            }
            var channel = try base.reading(fields)
            if existing == nil {
                channel.position = (try await LetterRecords.channels(siteID: siteID, on: db).map(\.position).max() ?? 0) + 1
            }
            for id in channel.ownerDepartmentIDs where try await DepartmentRecords.find(id: id, on: db) == nil {
                throw FieldErrors.single("ownerDepartmentIDs", "所选责任部门不存在")
            }
            try await LetterRecords.save(channel, now: now, isNew: existing == nil, on: db)
            if existing != nil {
                try await LetterRecords.recomputeDeadlines(
                    calendar: try await CalendarRecords.effectiveCalendar(on: db), channelID: channel.id, on: db)
            }
            let d = channel.deadlines
            try await AuditRecords.append(
                p.actor.event(
                    existing == nil ? "letter.channel-create" : "letter.channel-update", "letter_channel", channel.id, siteID: siteID,
                    summary:
                        "\(existing == nil ? "新建" : "修改")留言渠道“\(channel.name)”（\(channel.kind.label)）：转办 \(d.transfer)、签收 \(d.sign)、答复 \(d.reply)、审核 \(d.review) 个工作日，\(channel.publishesReplies ? "公开答复" : "不公开答复")\(channel.accepting ? "" : "，暂停接收")",
                    requirement: "I5", at: now), on: db)
            return channel
        }
    }
}
