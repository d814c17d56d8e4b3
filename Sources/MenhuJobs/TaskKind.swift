import Foundation
import MenhuChecks
import MenhuCore
import MenhuStore

/// What the job of a background task works with: the database, the clock and the settings jobs read.
public struct JobContext: Sendable {
    public let database: Database
    public let clock: any WallClock
    /// P12: pictures above this warn at the content gate (`MENHU_IMAGE_LIMIT_KB`).
    public let imageByteLimit: Int
    /// P11: how the link health follows external links (`MENHU_LINKCHECK_ALLOW` among them).
    public let linkCheck: LinkCheckOptions
    /// Hosts (`name` or `name:port`) that are this server itself: links to them are the
    /// platform's own, answered from the database like links to the sites' domains.
    public let ownHosts: Set<String>

    public init(
        database: Database, clock: any WallClock, imageByteLimit: Int = ContentGate.defaultImageLimit,
        linkCheck: LinkCheckOptions = LinkCheckOptions(), ownHosts: Set<String> = []
    ) {
        self.database = database; self.clock = clock; self.imageByteLimit = imageByteLimit
        self.linkCheck = linkCheck; self.ownHosts = ownHosts
    }
}

/// A kind of background task (后台任务类型): the name it is stored under, what people call it,
/// and the job that does it. `all` is the table of every kind, which the task runner serves.
public struct TaskKind: Sendable, Identifiable {
    /// Does one task for its scope; returns what came of it, for people.
    public typealias Job = @Sendable (BackgroundTask, JobContext) async throws -> String

    /// As stored in `background_tasks.kind` (the store asks for tasks by this name).
    public let name: String
    /// What people call it (the log names tasks by it).
    public let label: String
    /// What doing one task of this kind means.
    public let job: Job

    public var id: String { name }

    public init(name: String, job: @escaping Job) {
        self.name = name; self.label = BackgroundTaskKind.label(name); self.job = job
    }

    /// P10: re-checks every live page of a site (scope: its id, or `*` for every site) against the
    /// current word lists, after a list changed or when a site administrator asks.
    public static let recheck = TaskKind(name: BackgroundTaskKind.recheck) { task, context in
        try await LiveRecheck.run(task, in: context)
    }

    /// Rewrites the PostgreSQL search vectors written before migrations 13 and 14, 500 at a time.
    public static let searchVectors = TaskKind(name: BackgroundTaskKind.searchVectors) { _, context in
        try await SearchVectorRebuild.run(in: context)
    }

    /// M1, M2: the daily self-inspection (DailyInspection asks for it at 02:00).
    public static let inspection = TaskKind(name: BackgroundTaskKind.inspection) { task, context in
        try await DailyInspection.run(task, in: context)
    }

    /// P11: the link health of a site's live pages, now.
    public static let links = TaskKind(name: BackgroundTaskKind.links) { task, context in
        try await LinkInspection.run(task, in: context)
    }

    /// Every kind of background task.
    public static let all: [TaskKind] = [.recheck, .searchVectors, .inspection, .links]
}
