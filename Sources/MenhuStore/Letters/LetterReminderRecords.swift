import Foundation
import MenhuCore
import SQLKit

/// A row of `letter_reminders`.
struct LetterReminderRow: TableRow {
    static let table = "letter_reminders"

    var id: String
    var letterID: String
    var accountID: String
    var kind: String
    var step: String
    var dueAt: Int
    var createdAt: Int
    var readAt: Int?
    /// When it was e-mailed (claimed for sending); nil while not.
    var mailedAt: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, letterID = "letter_id", accountID = "account_id", kind, step, dueAt = "due_at", createdAt = "created_at"
        case readAt = "read_at", mailedAt = "mailed_at"
    }

    init(_ r: LetterReminder) {
        self.init(
            id: r.id, letterID: r.letterID, accountID: r.accountID, kind: r.kind.rawValue, step: r.step.rawValue, dueAt: r.dueAt.storedMillis,
            createdAt: r.createdAt.storedMillis, readAt: r.readAt.storedMillis, mailedAt: nil)
    }

    init(
        id: String, letterID: String, accountID: String, kind: String, step: String, dueAt: Int, createdAt: Int, readAt: Int?,
        mailedAt: Int?
    ) {
        self.id = id; self.letterID = letterID; self.accountID = accountID; self.kind = kind; self.step = step; self.dueAt = dueAt
        self.createdAt = createdAt; self.readAt = readAt; self.mailedAt = mailedAt
    }

    func model() throws -> LetterReminder {
        LetterReminder(
            id: id, letterID: letterID, accountID: accountID, kind: try LetterReminderKind(stored: kind), step: try LetterStep(stored: step),
            dueAt: Date(storedMillis: dueAt), createdAt: Date(storedMillis: createdAt), readAt: readAt.storedDate)
    }
}

/// I2: reminders of deadlines, before they end and when they have passed, to the people who can
/// take the step (`LetterReminders`), shown in the console.
public enum LetterReminderRecords {
    /// A reminder with its letter, for the person's 工作台.
    public struct Shown: Sendable, Equatable {
        public var reminder: LetterReminder
        public var letter: Letter
    }

    /// One pass of the reminder scan at `now`: every running deadline that ends within
    /// `LetterReminders.ahead` and has not been reminded of, and every passed one not yet reminded
    /// as overdue, gets its reminders; returns how many were made. Reads the letters whose
    /// `remind_at` has come (an index), so the cost follows the reminders due, not the open letters.
    /// Safe to run on several instances at once (a reminder is unique per letter, person, kind,
    /// step and deadline).
    @discardableResult
    public static func scan(now: Date, on db: any SQLDatabase) async throws -> Int {
        let rows = try await db.select(LetterRow.self).where("remind_at", .lessThanOrEqual, SQLBind(now.storedMillis)).orderBy("remind_at")
            .limit(5000).all(decoding: LetterRow.self)
        guard !rows.isEmpty else { return 0 }
        let people = try await LetterRecords.people(on: db)
        var made = 0
        for row in rows {
            let letter = try row.model()
            var next: Int? = nil
            if let due = letter.dueAt, let step = letter.dueStep {
                if let kind = LetterReminders.kind(due: due, at: now) {
                    for accountID in LetterReminders.recipients(of: letter, step: step, people: people) {
                        let reminder = LetterReminder(
                            letterID: letter.id, accountID: accountID, kind: kind, step: step, dueAt: due, createdAt: now)
                        try await db.insert(LetterReminderRow(reminder)).ignoringConflicts().run()
                        made += 1
                    }
                    // After 即将到期, 已超期 once the deadline has passed; after that, nothing more.
                    next = kind == .dueSoon ? due.storedMillis + 1 : nil
                } else {
                    next = LetterRow.firstReminder(due: due)
                }
            }
            try await db.update(LetterRow.table).set("remind_at", to: SQLBind(next)).where("id", .equal, row.id).run()
        }
        return made
    }

    /// The person's unread reminders, newest first, with their letters.
    public static func unread(accountID: String, limit: Int = 20, on db: any SQLDatabase) async throws -> (shown: [Shown], total: Int) {
        let rows = try await db.select(LetterReminderRow.self).where("account_id", .equal, accountID).where("read_at", .is, SQLLiteral.null)
            .orderBy("created_at", .descending).orderBy("id").limit(limit).all(decoding: LetterReminderRow.self)
        let total =
            try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(LetterReminderRow.table)
            .where("account_id", .equal, accountID).where("read_at", .is, SQLLiteral.null).first()?.decode(column: "n", as: Int.self) ?? 0
        var shown: [Shown] = []
        for row in rows {
            if let letter = try await LetterRecords.letter(id: row.letterID, on: db) {
                shown.append(Shown(reminder: try row.model(), letter: letter))
            }
        }
        return (shown, total)
    }

    /// A reminder to e-mail: to whom, about which letter.
    public struct Mail: Sendable, Equatable {
        public var reminder: LetterReminder
        public var letter: Letter
        public var email: String
        public var name: String
    }

    /// I2: claims up to `limit` reminders made within the last day that are not yet e-mailed, for
    /// people with an address; each is claimed by one instance only (the update that sets
    /// `mailed_at` decides). Older ones are not mailed: they are on the 工作台.
    public static func claimMail(limit: Int, now: Date, on db: any SQLDatabase) async throws -> [Mail] {
        let rows = try await db.select(LetterReminderRow.self).where("mailed_at", .is, SQLLiteral.null)
            .where("created_at", .greaterThanOrEqual, SQLBind(now.addingTimeInterval(-86_400).storedMillis)).orderBy("created_at")
            .limit(limit * 4).all(decoding: LetterReminderRow.self)
        var claimed: [Mail] = []
        for row in rows where claimed.count < limit {
            guard let account = try await AccountRecords.find(id: row.accountID, on: db), account.status == .active,
                !account.email.isEmpty, let letter = try await LetterRecords.letter(id: row.letterID, on: db)
            else {
                // Nobody to mail: marked, so that it is not looked at again.
                try await db.update(LetterReminderRow.table).set("mailed_at", to: SQLBind(-1)).where("id", .equal, row.id)
                    .where("mailed_at", .is, SQLLiteral.null).run()
                continue
            }
            let won = try await db.raw(
                "UPDATE letter_reminders SET mailed_at = \(bind: now.storedMillis) WHERE id = \(bind: row.id) AND mailed_at IS NULL RETURNING id"
            ).all()
            if !won.isEmpty { claimed.append(Mail(reminder: try row.model(), letter: letter, email: account.email, name: account.displayName)) }
        }
        return claimed
    }

    /// A claimed reminder that could not be sent for now goes back to be tried on the next pass.
    public static func unclaimMail(id: String, on db: any SQLDatabase) async throws {
        try await db.update(LetterReminderRow.table).set("mailed_at", to: SQLLiteral.null).where("id", .equal, id).run()
    }

    /// The person opened the letter: its reminders to them are read.
    public static func markRead(accountID: String, letterID: String, at now: Date, on db: any SQLDatabase) async throws {
        try await db.update(LetterReminderRow.table).set("read_at", to: SQLBind(now.storedMillis)).where("account_id", .equal, accountID)
            .where("letter_id", .equal, letterID).where("read_at", .is, SQLLiteral.null).run()
    }
}

extension LetterRecords {
    /// Everyone who may act on letters, as the letter flow sees them: active accounts with their
    /// department and the units above it, and their grants.
    static func people(on db: any SQLDatabase) async throws -> [LetterActor] {
        let grants = Dictionary(grouping: try await AccountRecords.allGrants(on: db), by: \.accountID)
        let departments = try await DepartmentRecords.all(on: db).byID()
        return try await AccountRecords.all(on: db).filter { $0.status == .active && grants[$0.id] != nil }.map { a in
            LetterActor(
                accountID: a.id, name: a.displayName, departmentIDs: DepartmentRecords.withUnitsAbove(a.departmentID, among: departments),
                grants: grants[a.id] ?? [])
        }
    }
}
