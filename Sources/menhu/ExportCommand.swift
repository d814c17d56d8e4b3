import ArgumentParser
import Foundation
import MenhuDemo
import MenhuStore
import MenhuWeb

/// `menhu export --site CODE --out DIR`: the site as static files for nginx or a CDN.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "把一个网站导出为静态文件（页面、订阅、站点地图、主题文件、附件），供 nginx 或 CDN 发布。",
        discussion: "再次导出时只写入有变化的文件，并删除已不属于网站的文件（如撤下的信息）。站内搜索、公开目录的筛选和互动功能仍由 Menhu 提供，反向代理配置见 docs/static-export.md。")

    @OptionGroup var db: DatabaseOptions
    @Option(name: .long, help: "网站代码（menhu site list 可查）")
    var site: String
    @Option(name: .long, help: "导出目录")
    var out: String
    @Option(name: .long, help: "发布地址，订阅和站点地图中的链接以它开头（默认 https:// 加网站主域名）")
    var origin: String?

    func run() async throws {
        let logger = makeLogger("menhu")
        let database = try await db.open(logger: logger)
        let renderer = try await Renderer.load(themesDirectory: Renderer.defaultThemesDirectory())
        let web = WebEnvironment(
            database: database, service: PlatformService(database: database), renderer: renderer,
            isDemo: try await database.setting(DemoPlatform.settingKey) == "1", logger: logger)
        if let origin, !(origin.hasPrefix("https://") || origin.hasPrefix("http://")) || origin.hasSuffix("/") {
            throw CommandError("--origin 应为 https://域名 或 http://域名，末尾不带 /")
        }
        let clock = ContinuousClock()
        let started = clock.now
        let report: StaticExport.Report
        do {
            report = try await StaticExport(env: web).run(siteCode: site, to: out, origin: origin)
        } catch let error as StaticExport.ExportError {
            throw CommandError(error.description)
        }
        let seconds = Double((clock.now - started).components.attoseconds) / 1e18 + Double((clock.now - started).components.seconds)
        print(
            String(
                format: "已导出 %d 个文件（其中信息页面 %d 个）：写入 %d，未变 %d，删除 %d，用时 %.1f 秒。",
                report.files, report.articles, report.written, report.unchanged, report.removed, seconds))
        await database.shutdown()
    }
}
