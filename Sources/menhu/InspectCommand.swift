import ArgumentParser
import Foundation
import MenhuCore
import MenhuStore

/// `menhu inspect`: the daily self-inspection now, every indicator of the national veto checklist
/// with its value, threshold and verdict (M1, M2).
struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "按全国政府网站单项否决指标自查：站点无法访问、首页不更新、栏目不更新、互动回应差、服务不实用。",
        discussion: "退出码：0 没有单项否决；1 有网站触及单项否决；2 网站不存在或参数有误。")

    @Option(help: "只查这个网站（网站代码）") var site: String?
    @Option(help: "输出格式：text 或 json") var format: String = "text"
    @OptionGroup var db: DatabaseOptions

    struct Report: Encodable {
        let site: String, name: String, at: String, verdict: String
        let indicators: [Indicator]
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
        let inspections = try await database.read { db in try await InspectionQuery.read(code: site, now: Date(), on: db) }
        await database.shutdown()
        guard !inspections.isEmpty else {
            FileHandle.standardError.write(Data("网站不存在：\(site ?? "")\n".utf8))
            throw ExitCode(2)
        }
        if format == "json" {
            let reports = inspections.map { i in
                Report(
                    site: i.site.code, name: i.site.name, at: ChinaTime.second(i.at), verdict: i.verdict.rawValue,
                    indicators: i.results.map { r in
                        Indicator(
                            indicator: r.indicator.rawValue, label: r.indicator.label, verdict: r.verdict.rawValue, verdictLabel: r.verdict.label,
                            value: r.value, threshold: r.threshold, findings: r.findings, daysToVeto: r.daysToVeto)
                    })
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
            }
        }
        if inspections.contains(where: { $0.verdict == .veto }) { throw ExitCode(1) }
    }
}
