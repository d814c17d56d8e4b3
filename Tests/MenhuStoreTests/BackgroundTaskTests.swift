import Foundation
import MenhuCore
import MenhuStore
import MenhuTestSupport
import Testing

/// Background tasks are claimed once, by one instance, and a task whose instance died is taken up again.
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
}
