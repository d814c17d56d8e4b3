import Foundation
import Logging
import MenhuCore
import MenhuJobs
import MenhuStore
import MenhuTestSupport
import Testing

/// Background tasks are done once, by one instance, and a task whose instance died is taken up again.
@Suite struct BackgroundTaskTests {
    @Test(arguments: TestEngine.available)
    func aTaskIsClaimedOnceAndRequestsWaitingForTheSameWorkAreOne(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (db: Database) async throws in
            let now = Date(timeIntervalSince1970: 1_790_000_000)
            let first = try await db.write { sql in try await BackgroundTaskRecords.request("recheck", scope: "s1", by: "甲", at: now, on: sql) }
            let again = try await db.write { sql in try await BackgroundTaskRecords.request("recheck", scope: "s1", by: "乙", at: now, on: sql) }
            #expect(first == again)
            let a = try await db.write { sql in try await BackgroundTaskRecords.claim(kinds: ["recheck"], instance: "a", at: now, on: sql) }
            let b = try await db.write { sql in try await BackgroundTaskRecords.claim(kinds: ["recheck"], instance: "b", at: now, on: sql) }
            #expect(a?.id == first && b == nil)
            // While it runs, a new change asks for a new pass (the running one may have read the old lists).
            let third = try await db.write { sql in try await BackgroundTaskRecords.request("recheck", scope: "s1", by: "丙", at: now, on: sql) }
            #expect(third != first)
            // An instance that died mid-task: after ten minutes another takes it over.
            let later = now.addingTimeInterval(BackgroundTaskRecords.staleAfter + 1)
            let taken = try await db.write { sql in try await BackgroundTaskRecords.claim(kinds: ["recheck"], instance: "b", at: later, on: sql) }
            #expect(taken?.id == first)
        }
    }

    @Test(arguments: TestEngine.available)
    func theRunnerRecordsWhatCameOfEachTaskIncludingFailures(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (db: Database) async throws in
            let clock = ManualClock(Date(timeIntervalSince1970: 1_790_000_000))
            try await db.write { sql in
                try await BackgroundTaskRecords.request("recheck", scope: "good", by: "甲", at: clock.now(), on: sql)
                try await BackgroundTaskRecords.request("recheck", scope: "bad", by: "甲", at: clock.now().addingTimeInterval(1), on: sql)
            }
            struct Broken: Error, CustomStringConvertible { var description: String { "词库读取失败" } }
            let recheck = TaskKind(name: "recheck", label: "复查") { task, _ in
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
}
