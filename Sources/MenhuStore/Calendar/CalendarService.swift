import Foundation
import MenhuCore
import SQLKit

/// I2, I3, I7: the platform admin's changes to the working-day calendar — a year's holiday notice,
/// the working hours — each with its audit event in one transaction.
public struct CalendarService: Sendable {
    public let database: Database
    public let clock: any WallClock

    public init(database: Database, clock: any WallClock) { self.database = database; self.clock = clock }

    /// Records a year's 放假通知 from the notice form (`CalendarNotice.read`); from now on it is the
    /// year's calendar, replacing the built-in days and any earlier notice for the year.
    @discardableResult
    public func addNotice(_ fields: [String: String], by actor: Actor) async throws -> CalendarNoticeRecord {
        try await addNotice(CalendarNotice.read(fields), by: actor)
    }

    /// Records a checked notice (the rules of `CalendarNotice.check` are applied again).
    @discardableResult
    public func addNotice(_ notice: CalendarNotice, by actor: Actor) async throws -> CalendarNoticeRecord {
        var errors = FieldErrors()
        notice.check(&errors)
        try errors.throwIfAny()
        let now = clock.now()
        let record = CalendarNoticeRecord(notice: notice, addedByID: actor.accountID, addedByName: actor.name, addedAt: now)
        return try await database.write { db in
            let replaced = try await db.select().column("id").from("calendar_notices").where("year", .equal, notice.year).first() != nil
            try await CalendarRecords.insert(record, on: db)
            // I2: every open letter's deadline follows the new calendar at once.
            try await LetterRecords.recomputeDeadlines(calendar: try await CalendarRecords.effectiveCalendar(on: db), on: db)
            let document = [notice.documentNumber, notice.documentTitle].filter { !$0.isEmpty }.joined(separator: " ")
            try await AuditRecords.append(
                actor.event(
                    "calendar.notice", "calendar_notice", notice.id,
                    summary: "添加 \(notice.year) 年放假通知（\(document)）：放假 \(notice.daysOff.count) 天，调休上班 \(notice.makeUpDays.count) 天"
                        + (replaced ? "，取代此前录入的 \(notice.year) 年通知" : "，取代内置的 \(notice.year) 年数据"),
                    requirement: "I2", at: now), on: db)
            return record
        }
    }

    /// Sets the platform's working hours (`09:00-12:00,13:30-17:30`), in which half working days are counted.
    public func setWorkingHours(_ text: String, by actor: Actor) async throws -> WorkingHours {
        guard let hours = WorkingHours(text) else {
            throw FieldErrors.single("workingHours", "工作时间应写作“09:00-12:00,13:30-17:30”：每段开始早于结束，各段按时间先后且不重叠")
        }
        let now = clock.now()
        try await database.write { db in
            let before = try await CalendarRecords.workingHours(on: db)
            try await db.setSetting(CalendarRecords.workingHoursKey, hours.description)
            // I3: half-day deadlines (the review of a reply) are counted in the new hours.
            try await LetterRecords.recomputeDeadlines(calendar: try await CalendarRecords.effectiveCalendar(on: db), on: db)
            try await AuditRecords.append(
                actor.event(
                    "calendar.hours", "platform", CalendarRecords.workingHoursKey,
                    summary: "工作时间由 \(before) 改为 \(hours)", requirement: "I3", at: now), on: db)
        }
        return hours
    }
}
