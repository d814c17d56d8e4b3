import ArgumentParser
import Foundation
import MenhuCore
import MenhuJobs
import MenhuStore
import MenhuWeb

/// `menhu inspect`: the daily self-inspection now, every indicator of the national veto checklist
/// with its value, threshold and verdict (M1, M2).
struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "按全国政府网站单项否决指标自查：站点无法访问、首页不更新、栏目不更新、互动回应差、服务不实用。",
        discussion: """
            先复查已发布信息并巡检全部链接（与每日 02:00 的日常自查相同；--skip-links 只读上次巡检的结果），再逐项输出。
            退出码：0 没有单项否决；1 有网站触及单项否决；2 网站不存在或参数有误。
            """)

    @Option(help: "只查这个网站（网站代码）") var site: String?
    @Option(help: "输出格式：text 或 json") var format: String = "text"
    @Flag(help: "不重新巡检链接，只读上次巡检的结果") var skipLinks = false
    @OptionGroup var db: DatabaseOptions

    struct Report: Encodable {
        let site: String, name: String, at: String, verdict: String
        let indicators: [Indicator]
        let links: Links
    }

    /// P11: the broken and doubtful links of the site's live pages.
    struct Links: Encodable {
        let checkedAt: String?, broken: Int, caution: Int
        let findings: [Link]
    }

    struct Link: Encodable {
        let url: String, verdict: String, code: Int?, reason: String, page: String, articleID: String, since: String, platform: Bool
    }

    struct Indicator: Encodable {
        let indicator: String, label: String, verdict: String, verdictLabel: String, value: String, threshold: String
        let findings: [String]
        let daysToVeto: Int?
    }

    func run() async throws {
        guard format == "text" || format == "json" else {
            FileHandle.standardError.write(Data("输出格式只能是 text 或 json\n".utf8))
            throw ExitCode(2)
        }
        let database = try await db.open(logger: makeLogger("menhu"))
        let chosen = try await database.read { db in try await SiteRecords.all(on: db).filter { site == nil || $0.code == site } }
        guard !chosen.isEmpty else {
            await database.shutdown()
            FileHandle.standardError.write(Data("网站不存在：\(site ?? "")\n".utf8))
            throw ExitCode(2)
        }
        if !skipLinks {
            let allow = (try? Configuration(environment: ProcessInfo.processInfo.environment).linkCheckAllow) ?? []
            let context = JobContext(database: database, clock: SystemWallClock(), linkCheck: LinkCheckOptions(allowedHosts: allow))
            let done = try await DailyInspection.inspect(siteIDs: site == nil ? nil : chosen.map(\.id), in: context)
            if format == "text" { print("日常自查：\(done)") }
        }
        let inspections = try await database.read { db in try await InspectionQuery.read(code: site, now: Date(), on: db) }
        await database.shutdown()
        if format == "json" {
            let reports = inspections.map { i in
                Report(
                    site: i.site.code, name: i.site.name, at: ChinaTime.second(i.at), verdict: i.verdict.rawValue,
                    indicators: i.results.map { r in
                        Indicator(
                            indicator: r.indicator.rawValue, label: r.indicator.label, verdict: r.verdict.rawValue, verdictLabel: r.verdict.label,
                            value: r.value, threshold: r.threshold, findings: r.findings, daysToVeto: r.daysToVeto)
                    },
                    links: Links(
                        checkedAt: i.linksCheckedAt.map(ChinaTime.second), broken: i.links.filter { $0.outcome.verdict == .broken }.count,
                        caution: i.links.filter { $0.outcome.verdict == .caution }.count,
                        findings: i.links.map { f in
                            Link(
                                url: f.source.url, verdict: f.outcome.verdict.rawValue, code: f.outcome.code, reason: f.outcome.reason,
                                page: f.source.pageTitle, articleID: f.source.articleID, since: ChinaTime.day(f.since), platform: f.isInternal)
                        }))
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(reports), as: UTF8.self))
        } else {
            for i in inspections {
                print("\(i.site.name)（\(i.site.code)）：\(i.verdict.label)")
                for r in i.results {
                    let left = r.daysToVeto.map { "，距否决线 \($0) 天" } ?? ""
                    print("  [\(r.verdict.label)] \(r.indicator.label)：\(r.value)\(left)（标准：\(r.threshold)）")
                    for f in r.findings.prefix(20) { print("      · \(f)") }
                }
                let broken = i.links.filter { $0.outcome.verdict == .broken }
                print("  链接：失效 \(broken.count) 个，提醒 \(i.links.count - broken.count) 个")
                for f in i.links.prefix(20) {
                    print("      · [\(f.outcome.verdict.label)] \(f.source.url)（\(f.source.pageTitle)）：\(f.outcome.reason)")
                }
            }
        }
        if inspections.contains(where: { $0.verdict == .veto }) { throw ExitCode(1) }
    }
}
