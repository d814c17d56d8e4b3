import Foundation
import Logging
import MenhuCore
import MenhuStore
import ServiceLifecycle

/// I2: reminds the people who must act of letters' deadlines, before they end and when they have
/// passed (`LetterReminderRecords.scan`), every few minutes. The reminders are in the database, so
/// with several instances each is made once.
public struct LetterReminderScan: Service {
    let database: Database
    let clock: any WallClock
    let logger: Logger
    let interval: Duration

    public init(database: Database, clock: any WallClock, logger: Logger, interval: Duration = .seconds(300)) {
        self.database = database; self.clock = clock; self.logger = logger; self.interval = interval
    }

    /// One pass; returns how many reminders were made.
    @discardableResult
    public func runOnce() async -> Int {
        do {
            let now = clock.now()
            let made = try await database.write { db in try await LetterReminderRecords.scan(now: now, on: db) }
            if made > 0 { logger.info("留言到期提醒：\(made) 条") }
            return made
        } catch {
            logger.error("留言到期提醒失败，将在下一轮重试：\(error)")
            return 0
        }
    }

    public func run() async throws {
        await runPeriodically(every: interval) { await self.runOnce() }
    }
}
