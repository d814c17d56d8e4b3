import Foundation
import Logging
import MenhuCore
import MenhuJobs
import MenhuStore
import MenhuTestSupport
import Testing

/// The task runner does each task with its kind's job and records what came of it.
@Suite struct TaskRunnerTests {
    @Test(arguments: TestEngine.available)
    func theRunnerRecordsWhatCameOfEachTaskIncludingFailures(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (db: Database) async throws in
            let clock = ManualClock(Date(timeIntervalSince1970: 1_790_000_000))
            try await db.write { sql in
                try await BackgroundTaskRecords.request("recheck", scope: "good", by: "甲", at: clock.now(), on: sql)
                try await BackgroundTaskRecords.request("recheck", scope: "bad", by: "甲", at: clock.now().addingTimeInterval(1), on: sql)
            }
            struct Broken: Error, CustomStringConvertible { var description: String { "词库读取失败" } }
            let recheck = TaskKind(name: "recheck") { task, _ in
                if task.scope == "bad" { throw Broken() }
                return "复查了 \(task.scope)"
            }
            let runner = TaskRunner(context: JobContext(database: db, clock: clock), kinds: [recheck], logger: Logger(label: "test"))
            #expect(await runner.runOnce() == 2)
            #expect(await runner.runOnce() == 0)
            let tasks = try await db.read { sql in try await BackgroundTaskRecords.recent("recheck", scopes: ["good", "bad"], on: sql) }
            #expect(tasks.map(\.state) == [.failed, .done])
            #expect(tasks.map(\.result) == ["失败：词库读取失败", "复查了 good"])
        }
    }

    @Test func everyKindHasItsOwnStoredNameAndALabel() {
        let names = TaskKind.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(
            names.contains(BackgroundTaskKind.recheck) && names.contains(SearchIndex.vectorTask),
            "the names the store and menhu serve ask for have a job")
        #expect(TaskKind.all.allSatisfy { !$0.label.isEmpty && $0.label != $0.name })
    }
}

/// M1, M2: the daily self-inspection is asked for once a day at its time, however many instances ask.
@Suite struct DailyInspectionTests {
    @Test(arguments: TestEngine.available)
    func theDaysInspectionIsAskedForOnceAtItsTime(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (db: Database) async throws in
            let day = try #require(CalendarDay("2026-12-03"))
            let clock = ManualClock(day.start.addingTimeInterval(1 * 3600 + 59 * 60))
            let a = DailyInspection(database: db, clock: clock, logger: Logger(label: "a"))
            let b = DailyInspection(database: db, clock: clock, logger: Logger(label: "b"))
            #expect(await a.runOnce() == false, "01:59 China time is too early")
            clock.advance(by: 120)
            let asked = [await a.runOnce(), await b.runOnce(), await a.runOnce()]
            #expect(asked == [true, false, false])
            let tasks = try await db.read { sql in try await BackgroundTaskRecords.recent(BackgroundTaskKind.inspection, scopes: ["*"], on: sql) }
            #expect(tasks.map(\.id) == [DailyInspection.taskID(day)])
            // The next day gets its own.
            clock.advance(by: 86_400)
            #expect(await b.runOnce() == true)
        }
    }

    /// A platform started at 09:00 for the first time is inspected then, and not again that day.
    @Test(arguments: TestEngine.available)
    func theFirstStartsInspectionIsThatDays(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (db: Database) async throws in
            let day = try #require(CalendarDay("2026-12-03"))
            let clock = ManualClock(day.start.addingTimeInterval(9 * 3600))
            try await DailyInspection.requestIfNeverRun(in: db, at: clock.now())
            try await DailyInspection.requestIfNeverRun(in: db, at: clock.now())
            let scheduler = DailyInspection(database: db, clock: clock, logger: Logger(label: "a"))
            #expect(await scheduler.runOnce() == false, "the first start's inspection is today's")
            let tasks = try await db.read { sql in try await BackgroundTaskRecords.recent(BackgroundTaskKind.inspection, scopes: ["*"], on: sql) }
            #expect(tasks.count == 1)
            clock.advance(by: 86_400)
            #expect(await scheduler.runOnce() == true, "the next day at its time as usual")
        }
    }
}
