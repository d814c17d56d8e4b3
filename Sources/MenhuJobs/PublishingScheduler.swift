import Foundation
import Logging
import MenhuCore
import MenhuStore
import ServiceLifecycle

/// Publishes scheduled items when their time comes (定时发布). The schedule lives in the
/// database, so nothing is lost across restarts, and with several instances on one
/// PostgreSQL each item is published once (the row lock and stage check decide).
public struct PublishingScheduler: Service {
    let publishing: PublishingService
    let logger: Logger
    /// How often to look; items go live at most this long after their time (bar: 60 s).
    let interval: Duration

    public init(publishing: PublishingService, logger: Logger, interval: Duration = .seconds(15)) {
        self.publishing = publishing; self.logger = logger; self.interval = interval
    }

    /// One pass: publishes everything due now; returns how many went live.
    @discardableResult
    public func runOnce() async -> Int {
        do {
            let sites = try await publishing.publishDue()
            if !sites.isEmpty { logger.info("定时发布：\(sites.count) 条信息已发布") }
            return sites.count
        } catch {
            logger.error("定时发布失败，将在下一轮重试：\(error)")
            return 0
        }
    }

    public func run() async throws {
        await runPeriodically(every: interval) { await self.runOnce() }
    }

}
