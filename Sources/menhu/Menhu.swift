import ArgumentParser
import Foundation
import Hummingbird
import Logging
import MenhuCore
import MenhuDemo
import MenhuJobs
import MenhuStore
import MenhuWeb
import Metrics
import NIOCore
import NIOPosix
import Prometheus

/// 门户 — runs the government-website platform.
/// The process entry: before any async work, SwiftNIO's event loops become Swift concurrency's
/// executor, so a request is handled on the thread that read it (no hop to another pool).
/// `MENHU_THREADS` sets how many loops (by default one per core).
@main
enum Entry {
    static func main() {
        if let threads = (try? Configuration(environment: ProcessInfo.processInfo.environment))?.threads {
            NIOSingletons.groupLoopCountSuggestion = threads
        }
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        Task {
            await Menhu.main()
            exit(0)
        }
        dispatchMain()
    }
}

struct Menhu: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "menhu",
        abstract: "门户（Menhu）：政府网站集约化平台。",
        subcommands: [
            Serve.self, Migrate.self, Demo.self, AccountCommand.self, SiteCommand.self, RegistryCommand.self, CheckCommand.self, ExportCommand.self,
            WorkdaysCommand.self, InspectCommand.self, LinksCommand.self, ReportCommand.self,
        ]
    )
}

/// Options shared by every command that touches data.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite 文件路径，或 postgres:// 地址（默认 MENHU_DATABASE_URL，否则 menhu.sqlite）")
    var database: String?

    var location: DatabaseLocation {
        let configured = (try? Configuration(environment: ProcessInfo.processInfo.environment))?.database ?? Configuration().database
        let text = database ?? configured
        return DatabaseLocation(text.isEmpty ? Configuration().database : text)
    }

    /// Opens and migrates the database.
    func open(logger: Logger) async throws -> Database {
        try await Self.open(location, logger: logger)
    }

    /// Opens and migrates the database at `location`.
    static func open(_ location: DatabaseLocation, logger: Logger) async throws -> Database {
        let database: Database
        do { database = try Database(location, logger: logger) } catch {
            throw CommandError("无法打开数据库 \(location)：\(error)")
        }
        do { try await database.migrate() } catch {
            await database.shutdown()
            throw CommandError("无法连接或迁移数据库 \(location)：\(error)")
        }
        return database
    }
}

/// A failure to report in Chinese, without the usage text ArgumentParser prints for bad arguments.
struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func makeLogger(_ label: String) -> Logger {
    var logger = Logger(label: label)
    logger.logLevel = (try? Configuration(environment: ProcessInfo.processInfo.environment))?.logLevel ?? .info
    return logger
}

/// Writes straight to standard output (no buffering), so one-time passwords reach a log
/// file or the journal at once, before the server runs.
func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

func printCredentials(_ credentials: [DemoPlatform.Credential]) {
    var lines = ["", "演示账号（初始密码只显示这一次，首次登录须修改）："]
    for c in credentials {
        let name = c.username.padding(toLength: 10, withPad: " ", startingAt: 0)
        lines.append("  \(name)  \(c.password)  \(c.role.label)（\(c.site.map { "网站 \($0)" } ?? "全平台")）")
    }
    say(lines.joined(separator: "\n") + "\n")
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "启动网站服务（首次启动空数据库时写入演示数据）。")

    @Option(help: "监听地址（默认 MENHU_HOST，否则 127.0.0.1）") var host: String?
    @Option(help: "监听端口（默认 MENHU_PORT，否则 8080）") var port: Int?
    @OptionGroup var db: DatabaseOptions
    @Flag(name: .customLong("no-demo"), help: "空数据库不写入演示数据，只创建平台管理员 admin") var noDemo = false

    func run() async throws {
        let logger = makeLogger("menhu")
        let config: Configuration
        do {
            config = try Configuration(environment: ProcessInfo.processInfo.environment) { name in
                logger.warning("未知的环境变量 \(name)（拼写有误？可用的设置见 README 的 Configuration 一节）")
            }
        } catch let problem as Configuration.Problem {
            throw CommandError("配置有误：\(problem.description)")
        }
        let host = host ?? config.host
        let port = port ?? config.port
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))

        let database = try await db.open(logger: logger)
        var policy = PasswordPolicy()
        policy.expiryDays = config.passwordExpiryDays
        let service = PlatformService(database: database, policy: policy)
        let empty = try await database.read { db in
            let noSites = try await SiteRecords.all(on: db).isEmpty
            let noAccounts = try await AccountRecords.all(on: db).isEmpty
            return noSites && noAccounts
        }
        if empty && !noDemo {
            logger.info("数据库为空，正在写入演示平台……")
            let summary = try await DemoPlatform.seed(into: database, hasher: service.hasher, now: Date())
            logger.info("已写入演示平台：\(summary.sites) 个网站、\(summary.departments) 个单位处室、\(summary.columns) 个栏目、\(summary.articles) 条信息")
            printCredentials(summary.credentials)
        } else if empty {
            let made = try await service.createAccount(
                username: "admin", displayName: "平台管理员", departmentID: nil,
                grant: (.platformAdmin, nil, nil), by: .commandLine())
            say("\n已创建平台管理员 admin，初始密码（只显示这一次，首次登录须修改）：\(made.initialPassword)\n")
        }
        let renderer = try await Renderer.load(themesDirectory: config.themes ?? Renderer.defaultThemesDirectory())
        let isDemo = try await database.setting(DemoPlatform.settingKey) == "1"
        var web = WebEnvironment(
            database: database, service: service, renderer: renderer, secureCookies: config.secureCookies,
            isDemo: isDemo, trustedProxies: config.trustedProxies, imageByteLimit: config.imageLimitKB * 1024,
            pageCache: PageCache(byteLimit: config.pageCacheMB * 1024 * 1024), logger: logger)
        web.connectionTimeouts = config.connectionTimeouts
        web.metricsToken = config.metricsToken
        // Migrations 13 and 14: the search index's older vectors are rewritten in the background.
        try await SearchVectorRebuild.requestIfPending(in: database, at: Date())
        let scheduler = PublishingScheduler(publishing: web.publishing, logger: logger)
        let feeds = FeedPoller(flow: InformationFlowService(database: database, clock: service.clock), logger: logger)
        // M1: every site's homepage, probed through this server as a visitor reaches it.
        let probeHost = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
        // P11: links to this server itself are the platform's own, answered from the database.
        let ownHosts: Set<String> = ["\(probeHost):\(port)", "localhost:\(port)", "127.0.0.1:\(port)"]
        let jobs = JobContext(
            database: database, clock: service.clock, imageByteLimit: web.imageByteLimit,
            linkCheck: LinkCheckOptions(allowedHosts: config.linkCheckAllow), ownHosts: ownHosts)
        let tasks = TaskRunner(context: jobs, logger: logger)
        // M1, M2: the daily self-inspection, once a day across instances; the first start inspects now.
        let inspection = DailyInspection(database: database, clock: service.clock, logger: logger, minuteOfDay: config.inspectionMinute)
        try await DailyInspection.requestIfNeverRun(in: database, at: Date())
        try await web.pageCache.start(database)
        let cacheSync = PageCacheSync(cache: web.pageCache, database: database, logger: logger)
        let configured = config.probeURLs
        let prober = SiteProber(database: database, clock: service.clock, logger: logger) { site in
            ProbeTargets.addresses(for: site, loopback: "http://\(probeHost):\(port)/sites/\(site.code)/", configured: configured)
        }
        // I2: reminders are also e-mailed when an SMTP relay is configured (MENHU_SMTP_URL, MENHU_SMTP_FROM).
        let reminders = LetterReminderScan(
            database: database, clock: service.clock, logger: logger,
            smtp: config.smtp.map { SMTPSettings(host: $0.host, port: $0.port, from: config.smtpFrom ?? "menhu@\($0.host)") })
        // Services stop in reverse order: the server and the jobs first, the database (first here) last.
        let app = MenhuApplication.build(
            env: web, host: host, port: port, metrics: registry,
            services: [database, scheduler, feeds, tasks, cacheSync, prober, reminders, inspection])
        logger.info("门户服务：http://\(host):\(port)/  管理后台：http://\(host):\(port)/admin  数据库：\(database.location)")
        try await app.runService()
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "创建或升级数据库结构。")
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        let database = try await db.open(logger: makeLogger("menhu"))
        print("数据库结构版本：\(try await database.schemaVersion())（\(database.location)）")
        await database.shutdown()
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "向空数据库写入演示平台。")
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        let database = try await db.open(logger: makeLogger("menhu"))
        do {
            let summary = try await DemoPlatform.seed(into: database, hasher: .standard, now: Date())
            print("已写入演示平台：\(summary.sites) 个网站、\(summary.departments) 个单位处室、\(summary.columns) 个栏目、\(summary.articles) 条信息")
            printCredentials(summary.credentials)
        } catch let error as DemoPlatform.SeedError {
            await database.shutdown()
            throw CommandError(error.description)
        }
        await database.shutdown()
    }
}

struct SiteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "site", abstract: "网站。", subcommands: [List.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出网站：代码、名称、域名，每行一个。")
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let database = try await db.open(logger: makeLogger("menhu"))
            let sites = try await database.read { db in try await SiteRecords.all(on: db) }
            for site in sites { print("\(site.code)\t\(site.name)\t\(site.domains.joined(separator: ","))") }
            await database.shutdown()
        }
    }
}
