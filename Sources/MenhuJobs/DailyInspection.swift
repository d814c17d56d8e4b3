import Foundation
import Logging
import MenhuCore
import MenhuStore
import ServiceLifecycle

/// 日常自查 (M1, M2): every day at 02:00 Asia/Shanghai the whole platform is inspected once — the
/// content gate over live pages again (P10) and the link health of every page (P11). The day's
/// task has an id of its own (`inspection-2026-12-03`), so with several instances the first to
/// ask makes it, and the task runner's claim decides who does it.
public struct DailyInspection: Service {
    let database: Database
    let clock: any WallClock
    let logger: Logger
    /// The time of day, China time, in minutes after midnight (02:00).
    let minuteOfDay: Int
    let interval: Duration

    public init(database: Database, clock: any WallClock, logger: Logger, minuteOfDay: Int = 120, interval: Duration = .seconds(60)) {
        self.database = database; self.clock = clock; self.logger = logger; self.minuteOfDay = minuteOfDay; self.interval = interval
    }

    /// The id of a day's inspection task.
    public static func taskID(_ day: CalendarDay) -> String { "inspection-\(day)" }

    /// Asks for an inspection now when none has ever been done (a new platform, the demo), so the
    /// health pages show real findings from the first day.
    public static func requestIfNeverRun(in database: Database, at now: Date) async throws {
        try await database.write { db in
            guard try await BackgroundTaskRecords.recent(BackgroundTaskKind.inspection, scopes: ["*"], limit: 1, on: db).isEmpty else { return }
            try await BackgroundTaskRecords.request(BackgroundTaskKind.inspection, scope: "*", by: "日常自查", at: now, on: db)
        }
    }

    /// Asks for today's inspection once its time has come; true when this call asked for it.
    @discardableResult
    public func runOnce() async -> Bool {
        let now = clock.now()
        let day = CalendarDay(now)
        let time = day.start.addingTimeInterval(Double(minuteOfDay) * 60)
        guard now >= time else { return false }
        do {
            let made = try await database.write { db in
                // An inspection of every site already asked for since today's time (the first start's
                // own, or a person's) is today's: the platform is not inspected twice in a row.
                if let last = try await BackgroundTaskRecords.recent(BackgroundTaskKind.inspection, scopes: ["*"], limit: 1, on: db).first,
                    last.requestedAt >= time, last.id != Self.taskID(day)
                {
                    return false
                }
                return try await BackgroundTaskRecords.schedule(
                    id: Self.taskID(day), kind: BackgroundTaskKind.inspection, scope: "*", by: "日常自查", at: now, on: db)
            }
            if made { logger.info("日常自查：已安排 \(day) 的巡检") }
            return made
        } catch {
            logger.error("安排日常自查失败，将在下一轮重试：\(error)")
            return false
        }
    }

    public func run() async throws {
        await runPeriodically(every: interval) { await self.runOnce() }
    }

    /// The task: the inspection of its scope (a site id, or `*`).
    static func run(_ task: BackgroundTask, in context: JobContext) async throws -> String {
        try await inspect(siteIDs: task.scope == "*" ? nil : [task.scope], in: context)
    }

    /// The inspection of the given sites (every site when nil), as the 02:00 task and `menhu inspect`
    /// run it: the live pages re-checked (P10), every link (P11), then the rectifications (M1).
    /// Returns what came of it, for people.
    public static func inspect(siteIDs sites: [String]?, in context: JobContext) async throws -> String {
        let pages = try await LiveRecheck.recheck(siteIDs: sites, in: context)
        let links = try await LinkInspection.inspect(siteIDs: sites, in: context)
        // M1: what was found becomes rectification tasks; what is gone closes them.
        let service = InspectionService(database: context.database, clock: context.clock)
        var opened = 0, closed = 0
        for site in try await context.database.read({ db in try await SiteRecords.all(on: db) }) where sites?.contains(site.id) ?? true {
            let counts = try await service.reconcile(site: site)
            opened += counts.opened
            closed += counts.closed
        }
        return "已发布信息复查：\(pages == 0 ? "没有须处理的问题" : "\(pages) 个页面有须处理的问题")；链接巡检：\(links.description)；整改：新增 \(opened) 项，复查关闭 \(closed) 项"
    }
}
