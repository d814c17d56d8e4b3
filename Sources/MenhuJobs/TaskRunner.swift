import Foundation
import Logging
import MenhuCore
import MenhuStore
import ServiceLifecycle

/// Does the background tasks people asked for (BackgroundTaskRecords), one at a time, on
/// whichever instance claims them first, with the job its kind names (TaskKind). A task that
/// fails is recorded with its error.
public struct TaskRunner: Service {
    let context: JobContext
    /// The kinds this runner claims, by stored name.
    let kinds: [TaskKind]
    let logger: Logger
    let interval: Duration
    /// Names this instance in the claim.
    let instance: String

    public init(context: JobContext, kinds: [TaskKind] = TaskKind.all, logger: Logger, interval: Duration = .seconds(2)) {
        self.context = context; self.kinds = kinds; self.logger = logger; self.interval = interval
        instance = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
    }

    /// Runs every task waiting now; returns how many it ran.
    @discardableResult
    public func runOnce() async -> Int {
        var ran = 0
        while let task = await claim() {
            ran += 1
            let started = ContinuousClock.now
            let kind = kinds.first { $0.name == task.kind }
            let label = kind?.label ?? task.kind
            var result: String, failed = false
            // The claim is renewed while the job runs (a third of the time after which it counts as abandoned).
            let lease = Task { [context, instance] in
                while !Task.isCancelled {
                    try await Task.sleep(for: .seconds(BackgroundTaskRecords.staleAfter / 3))
                    let now = context.clock.now()
                    _ = try await context.database.write { db in try await BackgroundTaskRecords.renew(task.id, instance: instance, at: now, on: db) }
                }
            }
            defer { lease.cancel() }
            do {
                guard let kind else { throw UnknownKind() }
                result = try await kind.job(task, context)
            } catch {
                result = "失败：\(error)"
                failed = true
                logger.error("后台任务 \(label)（\(task.scope)）失败：\(error)")
            }
            let finishedAt = context.clock.now()
            let outcome = (result, failed)
            do {
                try await context.database.write { db in
                    try await BackgroundTaskRecords.finish(task.id, result: outcome.0, failed: outcome.1, at: finishedAt, on: db)
                }
            } catch {
                logger.error("记录后台任务结果失败：\(error)")
            }
            logger.info("后台任务 \(label)（\(task.scope)）用时 \(ContinuousClock.now - started)：\(result)")
        }
        return ran
    }

    func claim() async -> BackgroundTask? {
        let now = context.clock.now()
        let names = kinds.map(\.name)
        do {
            return try await context.database.write { db in
                try await BackgroundTaskRecords.claim(kinds: names, instance: instance, at: now, on: db)
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
