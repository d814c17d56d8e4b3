import Crypto
import Foundation
import MenhuCore
import SQLKit

/// The letters' stored side: channels, letters, their history, and the counts the back office and
/// the inspection read. I1–I6.
public enum LetterRecords {
    // MARK: Channels

    /// I1, W3: every site has one channel of each kind from the start (called wherever a site is inserted).
    static func insertDefaultChannels(siteID: String, now: Date, on db: any SQLDatabase) async throws {
        for channel in LetterChannel.defaults(siteID: siteID, now: now) {
            try await db.insert(LetterChannelRow(channel, changedAt: now)).run()
        }
    }

    /// The channels of a site, in display order.
    public static func channels(siteID: String, on db: any SQLDatabase) async throws -> [LetterChannel] {
        try await db.select(LetterChannelRow.self).where("site_id", .equal, siteID).orderBy("position").orderBy("id")
            .all(decoding: LetterChannelRow.self).map { try $0.model() }
    }

    /// One channel.
    public static func channel(id: String, on db: any SQLDatabase) async throws -> LetterChannel? {
        try await db.select(LetterChannelRow.self).where("id", .equal, id).first(decoding: LetterChannelRow.self)?.model()
    }

    static func save(_ channel: LetterChannel, now: Date, isNew: Bool, on db: any SQLDatabase) async throws {
        let row = LetterChannelRow(channel, changedAt: now)
        if isNew { try await db.insert(row).run() } else { try await db.update(row).run() }
    }

    // MARK: Letters

    static func row(id: String, lock: Bool = false, on db: any SQLDatabase) async throws -> LetterRow? {
        var query = db.select(LetterRow.self).where("id", .equal, id)
        if lock { query = query.for(.update) }
        return try await query.first(decoding: LetterRow.self)
    }

    /// One letter by its id (the back office).
    public static func letter(id: String, on db: any SQLDatabase) async throws -> Letter? {
        try await row(id: id, on: db)?.model()
    }

    /// One letter by its 查询编号 (the back office; never for the public, who need the code too).
    public static func letter(number: String, siteID: String, on db: any SQLDatabase) async throws -> Letter? {
        try await db.select(LetterRow.self).where("number", .equal, number).where("site_id", .equal, siteID)
            .first(decoding: LetterRow.self)?.model()
    }

    /// The writer's look-up: the letter with this 查询编号 whose 查询码 matches, else nil. The code is
    /// compared as its keyed digest in constant time, and an unknown number costs the same work as a
    /// wrong code, so the answer tells nothing about other letters.
    public static func lookup(number: String, code: String, on db: any SQLDatabase) async throws -> Letter? {
        let number = number.trimmed
        let code = LetterNumber.normalisedCode(code)
        guard LetterNumber.sequence(of: number) != nil, (1...40).contains(code.count) else { return nil }
        guard let key = try await db.setting(LetterCode.keySetting) else { return nil }
        let row = try await db.select(LetterRow.self).where("number", .equal, number).first(decoding: LetterRow.self)
        let given = LetterCode.digest(number: number, code: code, key: key)
        let stored = row?.codeDigest ?? LetterCode.digest(number: number, code: "-", key: key)
        guard constantTimeEqual(given, stored), let row else { return nil }
        return try row.model()
    }

    /// Whose letters a person sees: every letter of some sites (nil: of every site), and the letters
    /// whose 主办 department is one of some departments, wherever they were sent.
    public struct Scope: Sendable, Equatable {
        public var siteIDs: Set<String>?
        public var departmentIDs: Set<String>

        public init(siteIDs: Set<String>?, departmentIDs: Set<String> = []) {
            self.siteIDs = siteIDs; self.departmentIDs = departmentIDs
        }

        /// Every letter of the platform.
        public static let everything = Scope(siteIDs: nil)

        /// Whether the scope holds no letter at all.
        var isEmpty: Bool { siteIDs?.isEmpty == true && departmentIDs.isEmpty }

        func narrow(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            guard let siteIDs else { return query }
            switch (siteIDs.isEmpty, departmentIDs.isEmpty) {
            case (false, true): return query.where("site_id", .in, Array(siteIDs))
            case (true, false): return query.where("lead_department_id", .in, Array(departmentIDs))
            default:
                return query.where { group in
                    group.where("site_id", .in, Array(siteIDs)).orWhere("lead_department_id", .in, Array(departmentIDs))
                }
            }
        }
    }

    /// What the back-office list shows.
    public struct Filter: Sendable, Equatable {
        public var scope: Scope
        public var states: [LetterState]?
        public var channelID: String?
        public var channelKind: ChannelKind?
        /// Only letters due today, or overdue, at `now`.
        public var timeliness: LetterTimeliness?
        /// Words in the title, or the 查询编号.
        public var text: String
        public var now: Date

        public init(
            scope: Scope, states: [LetterState]? = nil, channelID: String? = nil, channelKind: ChannelKind? = nil,
            timeliness: LetterTimeliness? = nil, text: String = "", now: Date
        ) {
            self.scope = scope; self.states = states; self.channelID = channelID; self.channelKind = channelKind
            self.timeliness = timeliness; self.text = text; self.now = now
        }
    }

    /// - Parameter running: only letters with a deadline; their states need no test when the filter
    ///   takes every state that has one (a test on state would keep the (site_id, due_at) index from
    ///   giving the deadline order).
    static func narrow(_ query: SQLSelectBuilder, _ f: Filter, running: Bool = false) -> SQLSelectBuilder {
        var q = f.scope.narrow(query)
        if let states = f.states, !(running && LetterState.allCases.filter(\.hasDeadline).allSatisfy(states.contains)) {
            q = q.where("state", .in, states.map(\.rawValue))
        }
        if let channelID = f.channelID { q = q.where("channel_id", .equal, channelID) }
        if let kind = f.channelKind { q = q.where("channel_kind", .equal, kind.rawValue) }
        switch f.timeliness {
        case .overdue?: q = q.where("due_at", .lessThan, SQLBind(f.now.storedMillis))
        case .dueToday?:
            q = q.where("due_at", .greaterThanOrEqual, SQLBind(f.now.storedMillis))
                .where("due_at", .lessThan, SQLBind(LetterTimeliness.endOfDay(f.now).storedMillis))
        case .onTime?: q = q.where("due_at", .greaterThanOrEqual, SQLBind(LetterTimeliness.endOfDay(f.now).storedMillis))
        case .none?: q = q.where("due_at", .is, SQLLiteral.null)
        case nil: break
        }
        let text = f.text.trimmed
        if !text.isEmpty {
            let pattern = "%" + text.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
            q = q.where { group in group.where("title", .like, SQLBind(pattern)).orWhere("number", .equal, SQLBind(text)) }
        }
        return q
    }

    /// The columns `LetterListing` reads.
    static let listingColumns = ["id", "number", "title", "site_id", "channel_id", "channel_kind", "state", "received_at", "due_at"]

    static func listing(_ row: any SQLRow) throws -> LetterListing {
        let r = RowReader(row)
        return LetterListing(
            id: try r.string("id"), number: try r.string("number"), title: try r.string("title"), siteID: try r.string("site_id"),
            channelID: try r.string("channel_id"), channelKind: try ChannelKind(stored: try r.string("channel_kind")),
            state: try LetterState(stored: try r.string("state")), receivedAt: try r.date("received_at"), dueAt: try r.optionalDate("due_at"))
    }

    /// I2: the back-office list in the order work is done: the letters with a running step first,
    /// the soonest due (the longest overdue) at the top; then those with no deadline, newest first.
    /// One page of `limit` from `offset`, and how many match in all.
    public static func list(_ filter: Filter, limit: Int, offset: Int, on db: any SQLDatabase) async throws -> (
        letters: [LetterListing], total: Int
    ) {
        if filter.scope.isEmpty { return ([], 0) }
        // Two counts, each read from an index alone: all that match, and those with a deadline.
        func count(_ query: SQLSelectBuilder) async throws -> Int {
            try await query.first().map { try RowReader($0).int("n") } ?? 0
        }
        func counting() -> SQLSelectBuilder {
            db.select().column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n"))).from(LetterRow.table)
        }
        let total = try await count(narrow(counting(), filter))
        let running = try await count(narrow(counting(), filter, running: true).where("due_at", .isNot, SQLLiteral.null))
        func page(_ query: SQLSelectBuilder, limit: Int, offset: Int) async throws -> [LetterListing] {
            guard limit > 0 else { return [] }
            return try await query.limit(limit).offset(offset).all().map(listing)
        }
        func base(running: Bool = false) -> SQLSelectBuilder {
            narrow(db.select().columns(listingColumns.map { SQLIdentifier($0) }).from(LetterRow.table), filter, running: running)
        }
        var letters: [LetterListing] = []
        if offset < running {
            letters = try await page(
                base(running: true).where("due_at", .isNot, SQLLiteral.null).orderBy("due_at").orderBy("id"), limit: limit, offset: offset)
        }
        if letters.count < limit && total > running {
            letters += try await page(
                base().where("due_at", .is, SQLLiteral.null).orderBy("received_at", .descending).orderBy("id", .descending),
                limit: limit - letters.count, offset: max(0, offset - running))
        }
        return (letters, total)
    }

    /// I2: what runs on a deadline, for an inbox or a dashboard.
    public struct DueCounts: Sendable, Equatable {
        /// Letters with a running step.
        public var running: Int
        /// 今日到期.
        public var dueToday: Int
        /// 已超期.
        public var overdue: Int

        public init(running: Int = 0, dueToday: Int = 0, overdue: Int = 0) {
            self.running = running; self.dueToday = dueToday; self.overdue = overdue
        }
    }

    /// I2: the running, due-today and overdue letters of a scope.
    public static func dueCounts(
        _ scope: Scope, steps: [LetterStep]? = nil, now: Date, on db: any SQLDatabase
    ) async throws -> DueCounts {
        if scope.isEmpty { return DueCounts() }
        let nowMillis = now.storedMillis
        let endOfDay = LetterTimeliness.endOfDay(now).storedMillis
        var query = db.select()
            .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
            .column(
                SQLAlias(SQLQueryString("COALESCE(SUM(CASE WHEN due_at < \(bind: nowMillis) THEN 1 ELSE 0 END), 0)"), as: SQLIdentifier("overdue"))
            )
            .column(
                SQLAlias(
                    SQLQueryString("COALESCE(SUM(CASE WHEN due_at >= \(bind: nowMillis) AND due_at < \(bind: endOfDay) THEN 1 ELSE 0 END), 0)"),
                    as: SQLIdentifier("today"))
            )
            .from(LetterRow.table).where("due_at", .isNot, SQLLiteral.null)
        query = scope.narrow(query)
        if let steps { query = query.where("due_step", .in, steps.map(\.rawValue)) }
        guard let row = try await query.first() else { return DueCounts() }
        let r = RowReader(row)
        return DueCounts(running: try r.int("n"), dueToday: try r.int("today"), overdue: try r.int("overdue"))
    }

    /// The veto watch of a site (nil: all): unanswered 政务咨询 letters older than 2 months (red) and
    /// than 3 months (the national veto line; these are counted in `warning` too).
    public static func vetoCounts(siteIDs: Set<String>?, now: Date, on db: any SQLDatabase) async throws -> (warning: Int, veto: Int) {
        if let s = siteIDs, s.isEmpty { return (0, 0) }
        let t = VetoWatch.thresholds(at: now)
        let unanswered = LetterState.allCases.filter(\.isUnanswered).map(\.rawValue)
        var query = db.select()
            .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
            .column(
                SQLAlias(
                    SQLQueryString("COALESCE(SUM(CASE WHEN received_at < \(bind: t.veto.storedMillis) THEN 1 ELSE 0 END), 0)"),
                    as: SQLIdentifier("veto"))
            )
            .from(LetterRow.table).where("channel_kind", .equal, ChannelKind.consultation.rawValue).where("state", .in, unanswered)
            .where("received_at", .lessThan, SQLBind(t.warning.storedMillis))
        if let siteIDs { query = query.where("site_id", .in, Array(siteIDs)) }
        guard let row = try await query.first() else { return (0, 0) }
        return (try RowReader(row).int("n"), try RowReader(row).int("veto"))
    }

    /// I4, I6: the published letters of a channel, newest first (only reviewed replies are ever here).
    public static func published(channelID: String, limit: Int, offset: Int, on db: any SQLDatabase) async throws -> (letters: [Letter], total: Int) {
        let states = [LetterState.published.rawValue, LetterState.closed.rawValue]
        func base(_ q: SQLSelectBuilder) -> SQLSelectBuilder {
            q.where("channel_id", .equal, channelID).where("state", .in, states).where("published_at", .isNot, SQLLiteral.null)
        }
        let rows = try await base(db.select(LetterRow.self)).orderBy("published_at", .descending).orderBy("id", .descending)
            .limit(limit).offset(offset).all(decoding: LetterRow.self)
        let total =
            try await base(db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(LetterRow.table)).first()?
            .decode(column: "n", as: Int.self) ?? 0
        return (try rows.map { try $0.model() }, total)
    }

    /// The letters of a site received from `start` until before `end` (a month's figures).
    public static func received(siteID: String, from start: Date, before end: Date, on db: any SQLDatabase) async throws -> [Letter] {
        try await db.select(LetterRow.self).where("site_id", .equal, siteID)
            .where("received_at", .greaterThanOrEqual, SQLBind(start.storedMillis)).where("received_at", .lessThan, SQLBind(end.storedMillis))
            .orderBy("received_at").all(decoding: LetterRow.self).map { try $0.model() }
    }

    /// How many letters the platform holds.
    public static func count(on db: any SQLDatabase) async throws -> Int {
        try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(LetterRow.table).first()?
            .decode(column: "n", as: Int.self) ?? 0
    }

    /// Generated letters (the benchmarks' and the scale generator's), written as multi-row inserts
    /// without history, codes or digests: they cannot be looked up by the public.
    public static func insertGenerated(_ letters: [Letter], on db: any SQLDatabase) async throws {
        guard !letters.isEmpty else { return }
        let rows = try letters.map { try LetterRow.encoder.encode(LetterRow($0, codeDigest: "", address: "", contactDigest: "", bodyDigest: "")) }
        let insert = db.insert(into: LetterRow.table).columns(rows[0].map(\.0))
        for row in rows { insert.values(row.map(\.1)) }
        try await insert.run()
    }

    // MARK: History

    static func append(_ event: LetterEvent, on db: any SQLDatabase) async throws {
        try await db.insert(LetterEventRow(event)).run()
    }

    /// A letter's history, oldest first.
    /// The key the public form's challenge (`TextChallenge`) is signed with, derived from the platform's letter key.
    public static func challengeKey(on db: any SQLDatabase) async throws -> String { "challenge:" + (try await LetterCode.key(on: db)) }

    public static func events(letterID: String, on db: any SQLDatabase) async throws -> [LetterEvent] {
        try await db.select(LetterEventRow.self).where("letter_id", .equal, letterID).orderBy("at").orderBy("id")
            .all(decoding: LetterEventRow.self).map { try $0.model() }
    }

    // MARK: Deadlines

    /// I2: recomputes the deadline of every letter with a running step (after the calendar, the working
    /// hours or a channel's deadlines changed); `channelID` narrows to one channel. Returns how many changed.
    @discardableResult
    static func recomputeDeadlines(calendar: WorkingCalendar, channelID: String? = nil, on db: any SQLDatabase) async throws -> Int {
        var channelQuery = db.select(LetterChannelRow.self)
        if let channelID { channelQuery = channelQuery.where("id", .equal, channelID) }
        let channels = try await channelQuery.all(decoding: LetterChannelRow.self).map { try $0.model() }.byID()
        var query = db.select(LetterRow.self).where("state", .in, LetterState.open.map(\.rawValue))
        if let channelID { query = query.where("channel_id", .equal, channelID) }
        var changed = 0
        for row in try await query.all(decoding: LetterRow.self) {
            guard let channel = channels[row.channelID] else { continue }
            let letter = try row.model()
            let deadline = LetterDeadline.current(of: letter, deadlines: channel.deadlines, calendar: calendar)
            let due = deadline?.due.storedMillis
            let step = deadline?.step.rawValue
            if due == row.dueAt && step == row.dueStep { continue }
            try await db.update(LetterRow.table).set("due_at", to: SQLBind(due)).set("due_step", to: SQLBind(step))
                .set("remind_at", to: SQLBind(LetterRow.firstReminder(due: deadline?.due))).where("id", .equal, row.id).run()
            changed += 1
        }
        return changed
    }
}

/// The 查询码's keyed digest: HMAC-SHA256 with the platform's secret key, over the number and the code.
enum LetterCode {
    /// The settings key holding the platform's secret (64 hex characters), made at the first letter.
    static let keySetting = "letter-code-key"

    static func digest(number: String, code: String, key: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(number):\(code)".utf8), using: SymmetricKey(data: Data(key.utf8)))
        return mac.map { String(format: "%02x", $0) }.joined()
    }

    /// The platform's key (made by migration 19; made here, once, if someone removed it: a second
    /// instance racing to make it keeps the first one's key).
    static func key(on db: any SQLDatabase) async throws -> String {
        if let key = try await db.setting(keySetting) { return key }
        try await db.raw(
            "INSERT INTO settings (key, value) VALUES (\(bind: keySetting), \(bind: RecordID.random(bytes: 32))) ON CONFLICT (key) DO NOTHING"
        ).run()
        guard let key = try await db.setting(keySetting) else { throw StoreError.corrupt(keySetting) }
        return key
    }

    /// A digest of a contact or body for the rate limit and duplicate detection (keyed, so the stored
    /// value does not reveal a phone number by brute force without the key).
    static func fingerprint(_ text: String, key: String) -> String {
        text.isEmpty ? "" : digest(number: "fp", code: text, key: key)
    }
}
