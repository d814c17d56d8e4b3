import Foundation
import MenhuCore
import SQLKit

/// What the applicant gets back: the request, its 查询码 (shown once; only its digest is kept) and the 登记回执.
public struct DisclosureReceipt: Sendable, Equatable {
    public let request: DisclosureRequest
    public let code: String
    public let receipt: DisclosureDocument
}

/// 依申请公开 (条例第二十九条至第四十五条): taking requests in, the handler's actions on the legal
/// clock, the documents they issue, the applicant's correction, the office settings and table 三.
/// Each change is written with the request, its documents and its audit event in one transaction;
/// the rules come from `DisclosureFlow` and `DisclosureClock` in MenhuCore. I7.
public struct DisclosureService: Sendable {
    public let database: Database
    public let clock: any WallClock
    /// Requests one network address may send within an hour.
    public var perAddressHourly = 5

    public init(database: Database, clock: any WallClock) { self.database = database; self.clock = clock }

    // MARK: The public side

    /// Takes a request from the online form of `siteID`, sent from `address`: checks it (`FieldErrors`),
    /// refuses a flood from one address and the same request twice within 30 days
    /// (`ServiceError.refused`), and registers it with its 登记回执 (条例第三十一条: received when
    /// the system confirms it).
    public func submit(_ fields: [String: String], siteID: String, address: String) async throws -> DisclosureReceipt {
        let (applicant, ask) = try DisclosureSubmission.read(fields)
        let address = String(address.prefix(100))
        for attempt in 1... {
            do {
                return try await store(applicant, ask, siteID: siteID, address: address, now: clock.now())
            } catch  where attempt < 3 && Self.isClash(error) {
                continue
            }
        }
        fatalError("unreachable")
    }

    /// A unique-index clash of a new number or 文号 (two requests at once); the second tries again.
    static func isClash(_ error: any Error) -> Bool {
        let text = String(reflecting: error)
        return text.contains("disclosure_requests.number") || text.contains("disclosure_requests_number_key")
            || text.contains("disclosure_documents.site_id") || text.contains("disclosure_documents_site_id_kind_year_serial_key")
    }

    func store(_ applicant: DisclosureApplicant, _ ask: DisclosureAsk, siteID: String, address: String, now: Date) async throws
        -> DisclosureReceipt
    {
        let limit = perAddressHourly
        let code = LetterNumber.makeCode()
        return try await database.write { db in
            guard try await SiteRecords.find(id: siteID, on: db) != nil else { throw ServiceError.notFound("网站不存在") }
            let key = try await LetterCode.key(on: db)
            let applicantKey = LetterCode.fingerprint(applicant.identityKey, key: key)
            let fromAddress =
                try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(DisclosureRequestRow.table)
                .where("address", .equal, address).where("received_at", .greaterThanOrEqual, now.addingTimeInterval(-3600).storedMillis)
                .first()?.decode(column: "n", as: Int.self) ?? 0
            if fromAddress >= limit { throw ServiceError.refused("同一网络地址 1 小时内最多提交 \(limit) 件申请，请稍后再试。") }
            let same =
                try await db.select().column("number").from(DisclosureRequestRow.table).where("site_id", .equal, siteID)
                .where("applicant_key", .equal, applicantKey).where("title", .equal, ask.title)
                .where("received_at", .greaterThanOrEqual, now.addingTimeInterval(-30 * 86_400).storedMillis).first()?
                .decode(column: "number", as: String.self)
            if let same {
                throw ServiceError.refused("您已提交过相同名称的申请（申请编号 \(same)），请勿重复提交；可凭申请编号和查询码查询办理情况。")
            }
            let day = CalendarDay(now)
            let prefix = DisclosureNumber.prefix(day)
            let last =
                try await db.select().column(SQLFunction("MAX", args: SQLColumn("number")), as: "n").from(DisclosureRequestRow.table)
                .where("number", .greaterThanOrEqual, prefix + "0000").where("number", .lessThanOrEqual, prefix + "9999").first()?
                .decode(column: "n", as: String?.self) ?? nil
            let sequence = (last.flatMap(DisclosureNumber.sequence(of:)) ?? 0) + 1
            guard sequence <= 9999 else { throw ServiceError.refused("今日申请已达上限，请明日再提交。") }
            let request = DisclosureRequest(
                siteID: siteID, number: DisclosureNumber.make(day: day, sequence: sequence), applicant: applicant, ask: ask, receivedAt: now,
                actorName: "申请人 \(applicant.name)")
            let office = try await DisclosureRecords.office(siteID: siteID, on: db)
            let calendar = try await CalendarRecords.effectiveCalendar(on: db)
            let clock = DisclosureClock(request, calendar: calendar, correctionDays: office.correctionDays)
            try await db.insert(
                try DisclosureRequestRow(
                    request, codeDigest: LetterCode.digest(number: request.number, code: code, key: key), applicantKey: applicantKey,
                    address: address, due: clock.due)
            ).run()
            let receipt = try await DisclosureRecords.issue(.receipt, for: request, office: office, calendar: calendar, at: now, on: db)
            try await AuditRecords.append(
                Actor(accountID: nil, name: "申请人 \(applicant.name)", address: address).event(
                    "disclosure.submit", "disclosure_request", request.id, siteID: siteID,
                    summary: "收到政府信息公开申请 \(request.number)（\(applicant.kind.label)），答复期限 \(clock.due?.chineseDate ?? "—")",
                    requirement: "I7", at: now), on: db)
            return DisclosureReceipt(request: request, code: code, receipt: receipt)
        }
    }

    /// The applicant's look-up by 申请编号 and 查询码 (nil for a wrong pair).
    public func lookup(number: String, code: String) async throws -> DisclosureRequest? {
        try await database.read { db in try await DisclosureRecords.lookup(number: number, code: code, on: db) }
    }

    /// The applicant's correction (补正), from the look-up: the clock starts again (第三十条).
    public func correct(number: String, code: String, text: String, address: String) async throws -> DisclosureRequest {
        let found = try await lookup(number: number, code: code)
        guard let found else { throw ServiceError.notFound("申请编号或查询码不正确") }
        return try await act(
            .correct, requestID: found.id, expectedVersion: found.version, fields: ["text": text],
            by: DisclosureActor.applicant("申请人 \(found.applicant.name)"), address: address)
    }

    // MARK: The back office

    /// The person as the flow sees them on `siteID`.
    public static func actor(_ p: Participant, siteID: String) -> DisclosureActor {
        DisclosureActor(
            accountID: p.accountID, name: p.actor.name, handles: AccessPolicy.allows(p.grants, .handleDisclosure, on: .site(siteID)),
            approves: AccessPolicy.allows(p.grants, .approveDisclosureExtension, on: .site(siteID)))
    }

    /// Takes `action` on a request whose page showed `expectedVersion`. `fields`: `text` (the note,
    /// the 补正 items, the reason), `days`, and for 答复 the reply form (`DisclosureReply.read`);
    /// a fee is computed here from the office's mode (the applicant's count in the month, or the
    /// pages). Writes the request, the document the action issues and the audit event in one transaction.
    public func act(
        _ action: DisclosureAction, requestID: String, expectedVersion: Int, fields: [String: String], by p: Participant
    ) async throws -> DisclosureRequest {
        let siteID = try await database.read { db in try await DisclosureRecords.request(id: requestID, on: db)?.siteID }
        guard let siteID else { throw ServiceError.notFound("申请不存在") }
        return try await act(
            action, requestID: requestID, expectedVersion: expectedVersion, fields: fields, by: Self.actor(p, siteID: siteID),
            address: p.actor.address)
    }

    func act(
        _ action: DisclosureAction, requestID: String, expectedVersion: Int, fields: [String: String], by actor: DisclosureActor,
        address: String
    ) async throws -> DisclosureRequest {
        let now = clock.now()
        var input = DisclosureInput(text: fields["text"] ?? "")
        let daysText = (fields["days"] ?? "").trimmed
        if !daysText.isEmpty {
            guard let days = Int(daysText) else { throw FieldErrors.single("days", "期限请填写工作日天数（整数）。") }
            input.days = days
        }
        if action == .answer { input.reply = try DisclosureReply.read(fields, at: now) }
        for attempt in 1... {
            do {
                return try await write(
                    action, requestID: requestID, expectedVersion: expectedVersion, input: input, actor: actor, fields: fields, address: address,
                    now: now)
            } catch  where attempt < 3 && Self.isClash(error) {
                continue
            }
        }
        fatalError("unreachable")
    }

    func write(
        _ action: DisclosureAction, requestID: String, expectedVersion: Int, input: DisclosureInput, actor: DisclosureActor,
        fields: [String: String], address: String, now: Date
    ) async throws -> DisclosureRequest {
        try await database.write { db in
            guard let row = try await DisclosureRecords.row(id: requestID, on: db) else { throw ServiceError.notFound("申请不存在") }
            let request = try row.model()
            guard request.version == expectedVersion else {
                throw ServiceError.conflict("这件申请刚被其他人处理过（现为“\(request.state.label)”），您看到的已不是最新状态。请刷新页面后再操作。")
            }
            let office = try await DisclosureRecords.office(siteID: request.siteID, on: db)
            let calendar = try await CalendarRecords.effectiveCalendar(on: db)
            var input = input
            if action == .notifyFee {
                input.fee = try await Self.fee(for: request, row: row, office: office, pages: fields["pages"], on: db)
            }
            let decided = DisclosureFlow.decide(
                action, on: request, by: actor, input: input, calendar: calendar, correctionDays: office.correctionDays, now: now)
            let changed: DisclosureRequest
            switch decided {
            case .success(let r): changed = r
            case .failure(let refusal): throw refusal
            }
            let clock = DisclosureClock(changed, calendar: calendar, correctionDays: office.correctionDays)
            var updated = try DisclosureRequestRow(
                changed, codeDigest: row.codeDigest, applicantKey: row.applicantKey, address: row.address, due: clock.due)
            updated.changedAt = now.storedMillis
            try await db.update(updated).run()
            let document = try await action.document.asyncMap { kind in
                try await DisclosureRecords.issue(kind, for: changed, office: office, calendar: calendar, at: now, on: db)
            }
            let summary =
                "依申请公开 \(request.number)：\(action.label)（\(request.state.label) → \(changed.state.label)）"
                + (document.map { "，出具\($0.title)（\($0.number)）" } ?? "")
            try await AuditRecords.append(
                Actor(accountID: actor.accountID, name: actor.name, address: address).event(
                    "disclosure.\(action.rawValue)", "disclosure_request", request.id, siteID: request.siteID, summary: summary,
                    requirement: "I7", at: now), on: db)
            return changed
        }
    }

    /// 国办函〔2020〕109号: by item, the request's place among the applicant's requests of its
    /// calendar month on this site; by volume, the pages given.
    static func fee(
        for request: DisclosureRequest, row: DisclosureRequestRow, office: DisclosureOffice, pages: String?, on db: any SQLDatabase
    ) async throws -> DisclosureFee? {
        switch office.feeMode {
        case .off: return nil
        case .perItem:
            let month = request.receivedOn.firstOfMonth
            let nth = try await DisclosureRecords.count(
                applicantKey: row.applicantKey, siteID: request.siteID, from: month.start, before: request.receivedAt.addingTimeInterval(0.001),
                on: db)
            return DisclosureFee.perItem(nth: nth)
        case .perVolume:
            guard let count = Int((pages ?? "").trimmed), (1...100_000).contains(count) else {
                throw FieldErrors.single("pages", "按量计收请填写提供信息的页数（1 至 100000）。")
            }
            return DisclosureFee.perVolume(pages: count)
        }
    }

    /// The actions `p` may take on a request now.
    public func available(requestID: String, by p: Participant) async throws -> [DisclosureAction] {
        let now = clock.now()
        return try await database.read { db in
            guard let request = try await DisclosureRecords.request(id: requestID, on: db) else { return [] }
            let office = try await DisclosureRecords.office(siteID: request.siteID, on: db)
            return DisclosureFlow.available(
                on: request, by: Self.actor(p, siteID: request.siteID), calendar: try await CalendarRecords.effectiveCalendar(on: db),
                correctionDays: office.correctionDays, feeMode: office.feeMode, now: now)
        }
    }

    /// Saves a site's office settings. Needs `handleDisclosure` on the site.
    public func saveOffice(_ fields: [String: String], siteID: String, by p: Participant) async throws -> DisclosureOffice {
        guard AccessPolicy.allows(p.grants, .handleDisclosure, on: .site(siteID)) else {
            throw DisclosureRefusal("您没有本网站的“\(Permission.handleDisclosure.label)”权限。", forbidden: true)
        }
        let now = clock.now()
        return try await database.write { db in
            let office = try await DisclosureRecords.office(siteID: siteID, on: db).reading(fields)
            try await DisclosureRecords.saveOffice(office, now: now, on: db)
            try await AuditRecords.append(
                p.actor.event(
                    "disclosure.office", "disclosure_office", siteID, siteID: siteID,
                    summary:
                        "修改依申请公开设置：答复机关“\(office.organ)”，文号代字“\(office.prefix)”，复议机关“\(office.appealBody)”，\(office.feeMode.label)，补正期限 \(office.correctionDays) 个工作日",
                    requirement: "I7", at: now), on: db)
            return office
        }
    }

    /// Table 三 of `year` for a site.
    public func yearTable(siteID: String, year: Int) async throws -> DisclosureYearTable {
        let start = CalendarDay.firstOf(year: year).start, end = CalendarDay.firstOf(year: year + 1).start
        let requests = try await database.read { db in try await DisclosureRecords.forYear(siteID: siteID, from: start, before: end, on: db) }
        return DisclosureYearTable(year: year, requests: requests)
    }
}

extension Optional {
    /// `map` with an async transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
