import Foundation
import MenhuCore
import SQLKit

/// A holiday notice as stored: the notice, who added it and when.
public struct CalendarNoticeRecord: Sendable, Equatable {
    public var notice: CalendarNotice
    /// The platform admin's account; nil for the command line.
    public var addedByID: String?
    /// Their name at the time.
    public var addedByName: String
    public var addedAt: Date

    public init(notice: CalendarNotice, addedByID: String?, addedByName: String, addedAt: Date) {
        self.notice = notice; self.addedByID = addedByID; self.addedByName = addedByName; self.addedAt = addedAt
    }
}

/// The working-day calendar's stored part: the notices the platform admin added and the platform's
/// working hours. I2, I3, I7.
public enum CalendarRecords {
    /// The settings key of the working hours (`09:00-12:00,13:30-17:30`); absent means the standard ones.
    public static let workingHoursKey = "working-hours"

    public static func insert(_ record: CalendarNoticeRecord, on db: any SQLDatabase) async throws {
        try await db.insert(CalendarNoticeRow(record)).run()
    }

    /// Every notice, by year and then in the order added (the last of a year is the one in force).
    public static func all(on db: any SQLDatabase) async throws -> [CalendarNoticeRecord] {
        try await db.select(CalendarNoticeRow.self).orderBy("year").orderBy("added_at").orderBy("id")
            .all(decoding: CalendarNoticeRow.self).map { try $0.model() }
    }

    /// The calendar deadlines count on: the built-in days, each year with a stored notice replaced by
    /// its newest notice, in the platform's working hours.
    public static func effectiveCalendar(on db: any SQLDatabase) async throws -> WorkingCalendar {
        try await effectiveCalendar(notices: all(on: db), on: db)
    }

    /// The same from notices already read (`all`).
    public static func effectiveCalendar(notices: [CalendarNoticeRecord], on db: any SQLDatabase) async throws -> WorkingCalendar {
        WorkingCalendar(notices: notices.map(\.notice), workingHours: try await workingHours(on: db))
    }

    /// The platform's working hours (the standard ones until the platform admin sets others).
    public static func workingHours(on db: any SQLDatabase) async throws -> WorkingHours {
        guard let stored = try await db.setting(workingHoursKey) else { return .standard }
        guard let hours = WorkingHours(stored) else { throw StoreError.corrupt("\(workingHoursKey) = \(stored)") }
        return hours
    }
}
