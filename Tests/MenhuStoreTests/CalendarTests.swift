import Foundation
import MenhuCore
import MenhuTestSupport
import SQLKit
import Testing

@testable import MenhuStore

@Suite struct CalendarTests {
    /// A made-up 2025 notice whose National Day holiday is three days, without the make-up Saturday.
    let shorterNationalDay: [String: String] = [
        "year": "2025", "daysOff": "2025-10-01至2025-10-03 国庆节", "makeUpDays": "2025-09-28 国庆节",
        "documentNumber": "测试〔2025〕1号", "documentTitle": "关于2025年国庆节放假的测试通知",
    ]

    func calendar(_ db: Database) async throws -> WorkingCalendar {
        try await db.read { sql in try await CalendarRecords.effectiveCalendar(on: sql) }
    }

    @Test(arguments: TestEngine.available)
    func aStoredNoticeReplacesTheBuiltInYearAndIsAudited(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (db: Database) async throws in
            let clock = ManualClock(testNow)
            let calendars = CalendarService(database: db, clock: clock)
            let admin = Actor(accountID: nil, name: "平台管理员", address: "127.0.0.1")
            let received = CalendarDay("2025-09-30")!
            // Nothing stored: the built-in data (the research note's 3-day 转办 example, due on a make-up Saturday).
            #expect(try await calendar(db) == WorkingCalendar.builtIn)
            #expect(try await calendar(db).dueDate(receivedOn: received, workingDays: 3) == CalendarDay("2025-10-11"))

            let record = try await calendars.addNotice(shorterNationalDay, by: admin)
            #expect(record.addedByName == "平台管理员" && record.addedAt == testNow)
            let stored = try await db.read { sql in try await CalendarRecords.all(on: sql) }
            #expect(stored == [record])
            #expect(stored[0].notice.daysOff.map(\.day.description) == ["2025-10-01", "2025-10-02", "2025-10-03"])
            let changed = try await calendar(db)
            // 10-06, 10-07, 10-08 are working days now; 10-11 is a Saturday off again.
            #expect(changed.dueDate(receivedOn: received, workingDays: 3) == CalendarDay("2025-10-08"))
            #expect(changed.isWorkingDay(CalendarDay("2025-01-28")!), "the built-in Spring Festival of 2025 is replaced too")
            #expect(changed.dueDate(receivedOn: CalendarDay("2024-09-27")!, workingDays: 20) == CalendarDay("2024-10-30"), "2024 stays built in")
            #expect(changed.source(ofYear: 2025) == .notice(id: record.notice.id, document: "测试〔2025〕1号"))

            // A second notice for the year replaces the first.
            clock.advance(by: 60)
            var second = shorterNationalDay
            second["daysOff"] = "2025-10-01至2025-10-08 国庆节"
            second["documentNumber"] = "测试〔2025〕2号"
            try await calendars.addNotice(second, by: admin)
            #expect(try await calendar(db).dueDate(receivedOn: received, workingDays: 3) == CalendarDay("2025-10-13"))

            let events = try await db.read { sql in
                try await AuditRecords.recent(siteIDs: nil, filter: .init(action: "calendar.notice"), limit: 10, offset: 0, on: sql)
            }
            #expect(events.total == 2)
            #expect(events.events[0].summary.contains("取代此前录入的 2025 年通知") && events.events[1].summary.contains("取代内置的 2025 年数据"))
            #expect(events.events.allSatisfy { $0.requirement == "I2" && $0.actorName == "平台管理员" && $0.targetType == "calendar_notice" })
            #expect(AuditEvent.actionLabels["calendar.notice"] != nil)
        }
    }

    @Test(arguments: TestEngine.available)
    func aBadNoticeIsRefusedAndNothingIsStored(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (db: Database) async throws in
            let calendars = CalendarService(database: db, clock: ManualClock(testNow))
            var bad = shorterNationalDay
            bad["makeUpDays"] = "2025-09-29"  // a Monday
            await #expect(throws: FieldErrors.self) { try await calendars.addNotice(bad, by: .commandLine()) }
            let empty = CalendarNotice(year: 2025, daysOff: [], makeUpDays: [], documentNumber: "测试")
            await #expect(throws: FieldErrors.self) { try await calendars.addNotice(empty, by: .commandLine()) }
            #expect(try await count("calendar_notices", db) == 0)
            #expect(try await count("audit_events", db) == 0)
        }
    }

    @Test(arguments: TestEngine.available)
    func theWorkingHoursSettingCountsHalfDays(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (db: Database) async throws in
            let calendars = CalendarService(database: db, clock: ManualClock(testNow))
            #expect(try await calendar(db).workingHours == .standard)
            await #expect(throws: FieldErrors.self) { try await calendars.setWorkingHours("17:30-09:00", by: .commandLine()) }
            let hours = try await calendars.setWorkingHours("08:30-12:00，14:00-18:00", by: .commandLine())
            #expect(hours.description == "08:30-12:00,14:00-18:00")
            let stored = try await calendar(db)
            #expect(stored.workingHours == hours)
            // 0.5 of 7.5 h = 3 h 45 min: 8:30–12:00 and 14:00–14:15.
            let received = ChinaTime.calendar.date(from: DateComponents(year: 2025, month: 9, day: 30, hour: 8, minute: 30))!
            let due = ChinaTime.calendar.date(from: DateComponents(year: 2025, month: 9, day: 30, hour: 14, minute: 15))!
            #expect(stored.due(receivedAt: received, workingDays: WorkingDays(halfDays: 1)) == due)
            let events = try await db.read { sql in try await AuditRecords.recent(siteIDs: nil, limit: 10, offset: 0, on: sql) }
            #expect(events.events.map(\.action) == ["calendar.hours"] && AuditEvent.actionLabels["calendar.hours"] != nil)
            #expect(events.events[0].summary == "工作时间由 09:00-12:00,13:30-17:30 改为 08:30-12:00,14:00-18:00")
        }
    }

    /// What `menhu workdays add --database …` does: the question, answered on the database's calendar.
    @Test(arguments: TestEngine.available)
    func theCommandLineReadsTheDatabasesCalendar(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (db: Database) async throws in
            let question = try DeadlineQuestion(from: "2025-09-30", days: "5")
            #expect(question.dueDate(in: try await calendar(db)) == CalendarDay("2025-10-14"))
            try await CalendarService(database: db, clock: ManualClock(testNow)).addNotice(shorterNationalDay, by: .commandLine())
            let stored = try await calendar(db)
            #expect(question.dueDate(in: stored) == CalendarDay("2025-10-10"))
            #expect(question.explanation(in: stored).text == "收到 2025-09-30；放假 10-01至10-03（国庆节）；工作日 10-06、10-07、10-08、10-09、10-10；到期 10-10")
        }
    }
}
