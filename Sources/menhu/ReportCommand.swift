import ArgumentParser
import Foundation
import MenhuCore
import MenhuStore

/// `menhu report yearly --site CODE --year YYYY`: the 政府网站工作年度报表 of a site's year (A4),
/// every figure the platform knows computed from what happened, the rest marked 待填报.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "年度报表。", subcommands: [Yearly.self])

    struct Yearly: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "yearly",
            abstract: "输出网站的《政府网站工作年度报表》（国办函〔2018〕12号）。",
            discussion: """
                平台掌握的数据（信息发布、专栏专题、解读回应、办事服务、互动交流等）按当年发生的记录统计，每项注明统计口径；\
                平台无法掌握的（安全检测、移动新媒体、填报人等）为 null（json）或“待填报”（text）。\
                json 的键为报表中的栏目和指标名称，稳定不变。
                """)

        @OptionGroup var db: DatabaseOptions
        @Option(name: .long, help: "网站代码（menhu site list 可查）") var site: String
        @Option(name: .long, help: "年度，如 2026（默认今年）") var year: Int?
        @Option(name: .long, help: "输出格式：text 或 json") var format: String = "text"

        func run() async throws {
            guard format == "text" || format == "json" else { throw CommandError("输出格式只能是 text 或 json") }
            let thisYear = CalendarDay(Date()).year
            let year = self.year ?? thisYear
            guard (2008...thisYear).contains(year) else { throw CommandError("年度应在 2008 至 \(thisYear) 之间") }
            let database = try await db.open(logger: makeLogger("menhu"))
            let code = site
            let report = try await database.read { db -> WebsiteYearReport? in
                guard let site = try await SiteRecords.find(code: code, on: db) else { return nil }
                return try await WebsiteYearReportQuery.read(site: site, year: year, on: db)
            }
            await database.shutdown()
            guard let report else { throw CommandError("网站不存在：\(code)") }
            print(format == "json" ? YearReportJSON.write(report) : YearReportText.write(report))
        }
    }
}

/// The report as JSON, keys in the table's order and words.
enum YearReportJSON {
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func value(_ v: WebsiteYearReport.Value?) -> String {
        switch v {
        case nil: "null"
        case .count(let n): String(n)
        case .decimal(let d): String(format: "%.1f", d)
        case .flag(let b): b ? "true" : "false"
        case .text(let t): string(t)
        }
    }

    static func object(_ members: [(String, String)], indent: Int) -> String {
        let pad = String(repeating: "  ", count: indent + 1)
        return "{\n" + members.map { pad + string($0.0) + ": " + $0.1 }.joined(separator: ",\n") + "\n" + String(repeating: "  ", count: indent) + "}"
    }

    static func section(_ s: WebsiteYearReport.Section, indent: Int) -> String {
        object(s.fields.map { ($0.name, value($0.value)) } + s.parts.map { ($0.name, section($0, indent: indent + 1)) }, indent: indent)
    }

    static func write(_ r: WebsiteYearReport) -> String {
        var members: [(String, String)] = [("年度", String(r.year))]
        members += r.header.map { f -> (String, String) in (f.name, value(f.value)) }
        members += r.sections.map { s -> (String, String) in (s.name, section(s, indent: 1)) }
        members += r.footer.map { f -> (String, String) in (f.name, value(f.value)) }
        let pending: [String] = r.toEnter.map { string($0) }
        members.append(("待填报", "[" + pending.joined(separator: ", ") + "]"))
        return object(members, indent: 0)
    }
}

/// The report as lines a person reads: each figure with its unit and how it was counted.
enum YearReportText {
    static func line(_ f: WebsiteYearReport.Field, _ prefix: String) -> String {
        let shown = f.value.map { $0.display + (f.unit.isEmpty ? "" : " \(f.unit)") } ?? "待填报"
        return "\(prefix)\(f.name)：\(shown)（\(f.basis)）"
    }

    static func write(_ r: WebsiteYearReport) -> String {
        var lines = ["\(r.year) 年度政府网站工作年度报表", ""]
        lines += r.header.map { line($0, "") }
        func walk(_ s: WebsiteYearReport.Section, _ path: String) {
            lines.append("")
            lines.append(path + s.name)
            lines += s.fields.map { line($0, "  ") }
            for part in s.parts { walk(part, path + s.name + " › ") }
        }
        for s in r.sections { walk(s, "") }
        lines.append("")
        lines += r.footer.map { line($0, "") }
        lines.append("")
        lines.append("待填报 \(r.toEnter.count) 项。")
        return lines.joined(separator: "\n")
    }
}
