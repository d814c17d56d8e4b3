import Foundation
import Logging
import MenhuCore
import MenhuStore
import ServiceLifecycle

/// Does the background tasks people asked for (BackgroundTaskRecords), one at a time, on
/// whichever instance claims them first. A task that fails is recorded with its error.
public struct TaskRunner: Service {
    /// Does one task for its scope; returns what came of it, for people.
    public typealias Handler = @Sendable (BackgroundTask) async throws -> String

    let database: Database
    let clock: any WallClock
    let handlers: [String: Handler]
    let logger: Logger
    let interval: Duration
    /// Names this instance in the claim.
    let instance: String

    public init(database: Database, clock: any WallClock, handlers: [String: Handler], logger: Logger,
                interval: Duration = .seconds(2)) {
        self.database = database; self.clock = clock; self.handlers = handlers; self.logger = logger; self.interval = interval
        instance = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
    }

    /// Runs every task waiting now; returns how many it ran.
    @discardableResult
    public func runOnce() async -> Int {
        var ran = 0
        while let task = await claim() {
            ran += 1
            let started = ContinuousClock.now
            var result: String, failed = false
            do {
                guard let handler = handlers[task.kind] else { throw UnknownKind() }
                result = try await handler(task)
            } catch {
                result = "失败：\(error)"
                failed = true
                logger.error("后台任务 \(task.kind)（\(task.scope)）失败：\(error)")
            }
            let finishedAt = clock.now()
            let outcome = (result, failed)
            do {
                try await database.write { db in
                    try await BackgroundTaskRecords.finish(task.id, result: outcome.0, failed: outcome.1, at: finishedAt, on: db)
                }
            } catch {
                logger.error("记录后台任务结果失败：\(error)")
            }
            logger.info("后台任务 \(task.kind)（\(task.scope)）用时 \(ContinuousClock.now - started)：\(result)")
        }
        return ran
    }

    func claim() async -> BackgroundTask? {
        let now = clock.now()
        do {
            return try await database.write { db in
                try await BackgroundTaskRecords.claim(kinds: Array(handlers.keys), instance: instance, at: now, on: db)
            }
        } catch {
            logger.error("读取后台任务失败：\(error)")
            return nil
        }
    }

    public func run() async throws {
        await runPeriodically(every: interval) { await self.runOnce() }
    }

    struct UnknownKind: Error, CustomStringConvertible { var description: String { "没有处理此类任务的程序" } }
}
