import ArgumentParser
import Foundation
import MenhuChecks
import MenhuCore
import MenhuHTML
import MenhuImport
import MenhuStore

/// `menhu check FILE…`: the content gate from the command line, on text, HTML or .docx files.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "用发布前内容检查规则检查文件（.txt、.html、.docx）：密级标识、个人信息、繁体字、错别字、规范表述、链接。",
        discussion: "退出码：0 没有须修改的问题；1 有“阻止”级问题；2 文件无法读取。")

    @Argument(help: "要检查的文件") var files: [String]
    @Option(help: "按此网站的域名和公开信箱判断外部链接和个人邮箱（需要数据库）") var site: String?
    @Option(help: "输出格式：text 或 json") var format: String = "text"
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        guard format == "text" || format == "json" else { throw ExitCode(2) }
        var context = CheckContext()
        var entries: [DictionaryEntry] = []
        if let code = site {
            let database = try await db.open(logger: makeLogger("menhu"))
            let found = try await database.read { db in try await SiteRecords.find(code: code, on: db) }
            guard let found else {
                await database.shutdown()
                FileHandle.standardError.write(Data("网站不存在：\(code)\n".utf8))
                throw ExitCode(2)
            }
            // The same word lists the gate applies to the site (platform's and its own).
            entries = try await database.read { db in try await DictionaryRecords.applying(to: found.id, on: db) }
            await database.shutdown()
            context = ContentGate.context(found)
        }
        let checker = ContentGate.checker(for: entries)
        var blocked = false, unreadable = false
        var report: [FileFinding] = []
        for path in files {
            guard let input = Self.input(path) else {
                FileHandle.standardError.write(Data("无法读取：\(path)（只支持 .txt、.html、.docx、.xlsx，以及安装了 poppler-utils 时的 .pdf）\n".utf8))
                unreadable = true
                continue
            }
            let findings = checker.check(input, context: context)
            blocked = blocked || ContentChecker.blocks(findings)
            if format == "json" {
                report += findings.map { FileFinding(file: path, finding: $0) }
            } else {
                print("\(path)：\(findings.isEmpty ? "未发现问题" : "\(findings.count) 处")")
                for f in findings {
                    let fix = f.suggestion.map { " → \($0)" } ?? ""
                    let place = f.length > 0 ? "第 \(f.start + 1) 字 " : ""
                    print("  [\(f.severity.label)] \(place)“\(f.matched)”\(fix)：\(f.message)")
                }
            }
        }
        if format == "json" {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        }
        if unreadable { throw ExitCode(2) }
        if blocked { throw ExitCode(1) }
    }

    /// The text a file gives the checks: plain text, or HTML/.docx reduced to text plus links and images.
    static func input(_ path: String) -> CheckInput? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let ext = (path as NSString).pathExtension.lowercased()
        let html: String
        switch ext {
        case "txt", "text", "md": return String(data: data, encoding: .utf8).map { CheckInput(text: $0) }
        case "html", "htm":
            guard let text = String(data: data, encoding: .utf8) else { return nil }
            html = text
        case "docx":
            guard let draft = try? DocxImporter.read(data) else { return nil }
            html = "<h2>\(HTMLText.escape(draft.title))</h2>" + draft.bodyHTML
        case "xlsx", "pdf":
            guard let kind = FileKind.detect(data, name: path), let text = TextExtractor.extract(data, kind: kind).text else { return nil }
            return CheckInput(text: text)
        default: return nil
        }
        // Sanitised as the editor's body would be, then read exactly as the gate reads an item.
        return ContentGate.input(ArticleContent(title: "", columnID: "", bodyHTML: Sanitizer.clean(html), source: ""))
    }
}

/// One finding of one file, as JSON: the finding's own fields plus `file`.
struct FileFinding: Encodable {
    let file: String
    let finding: Finding

    enum Key: String, CodingKey { case file }

    func encode(to encoder: any Encoder) throws {
        try finding.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(file, forKey: .file)
    }
}
