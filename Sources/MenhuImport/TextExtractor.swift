import Foundation
import MenhuCore
import ZIPFoundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads the text of an uploaded document so the content gate can check attachments like the
/// item's own text (P3, P16): .txt, .docx and .xlsx here, .pdf with poppler-utils' `pdftotext`
/// when the server has it. What cannot be read says why, so the gate shows "未检查", never silence.
public enum TextExtractor {
    /// Where `pdftotext` is looked for; tests point it elsewhere.
    public static let pdftotextCandidates = ["/usr/bin/pdftotext", "/usr/local/bin/pdftotext"]

    /// The text of `data` of `kind`, or why there is none. Images have neither.
    public static func extract(_ data: Data, kind: FileKind, pdftotext: String? = findPdftotext()) -> FileText.Extracted {
        switch kind {
        case .jpg, .png:
            return .init(text: nil, note: "")
        case .txt:
            guard let text = String(data: data, encoding: .utf8) else { return .init(text: nil, note: "不是 UTF-8 编码的文本") }
            return .init(text: text, note: "")
        case .docx:
            let draft: DocxImporter.Draft
            do { draft = try DocxImporter.read(data) } catch DocxImporter.ImportError.unsafe(let problem) {
                return .init(text: nil, note: problem.description)
            } catch { return .init(text: nil, note: "无法读取此 Word 文档") }
            return .init(text: draft.title + "\n" + ArticleContent.plainText(draft.bodyHTML), note: "")
        case .xlsx:
            let text: String
            do { text = try spreadsheetText(data) } catch let problem as PackageError {
                return .init(text: nil, note: problem.description)
            } catch { return .init(text: nil, note: "无法读取此 Excel 表格") }
            return .init(text: text, note: "")
        case .doc, .xls:
            return .init(text: nil, note: "旧版 .\(kind.rawValue) 格式无法读取文字，建议另存为 .\(kind.rawValue)x 后上传")
        case .pdf:
            guard let pdftotext else {
                return .init(text: nil, note: "服务器未安装 poppler-utils（pdftotext），无法读取 PDF 文字")
            }
            guard let text = runPdftotext(pdftotext, data) else { return .init(text: nil, note: "无法读取此 PDF") }
            if text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace || $0 == "\u{0C}" }) {
                return .init(text: nil, note: "PDF 中没有文字层（可能是扫描件）")
            }
            return .init(text: text, note: "")
        }
    }

    public static func findPdftotext() -> String? {
        pdftotextCandidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// `pdftotext -enc UTF-8 -q FILE -`, given at most 30 s.
    static func runPdftotext(_ tool: String, _ data: Data) -> String? {
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("menhu-\(UUID().uuidString).pdf")
        guard (try? data.write(to: input)) != nil else { return nil }
        defer { try? FileManager.default.removeItem(at: input) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["-enc", "UTF-8", "-q", input.path, "-"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 30, execute: watchdog)
        let bytes = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Every sheet's cells, tab-separated by row: shared strings, inline strings and numbers
    /// (a mobile number typed as a number is still a mobile number).
    static func spreadsheetText(_ data: Data) throws -> String {
        try OfficePackage.check(data)
        guard let package = OfficePackageReader(data) else { throw DocxImporter.ImportError.notDocx }
        let archive = package.archive
        var shared: [String] = []
        if let xml = try package.contents(of: "xl/sharedStrings.xml") {
            let reader = SharedStrings()
            OfficeXML.parse(xml, reader)
            shared = reader.strings
        }
        let sheets = archive.map(\.path).filter { $0.hasPrefix("xl/worksheets/sheet") && $0.hasSuffix(".xml") }
            .sorted { $0.localizedStandardCompare($1) == .orderedAscending }
        var lines: [String] = []
        for path in sheets {
            guard let xml = try package.contents(of: path) else { continue }
            let reader = SheetCells(shared: shared)
            OfficeXML.parse(xml, reader)
            // One shared string in a hundred thousand cells must not become gigabytes of text.
            if reader.overflow { throw PackageError.packageTooLarge }
            try package.produced(reader.produced)
            lines += reader.rows.map { $0.joined(separator: "\t") }
        }
        return lines.joined(separator: "\n")
    }

    /// `<si>` items of sharedStrings.xml, their `<t>` runs joined.
    final class SharedStrings: NSObject, XMLParserDelegate {
        var strings: [String] = []
        var current = ""
        var inText = false
        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            if name == "si" { current = "" } else if name == "t" { inText = true }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "t" { inText = false } else if name == "si" { strings.append(current) }
        }
    }

    /// The cells of one worksheet, row by row.
    final class SheetCells: NSObject, XMLParserDelegate {
        let shared: [String]
        var rows: [[String]] = []
        var type = ""
        var value = ""
        var collecting = false
        /// Bytes of text the cells add up to, and whether they went past `OfficePackage.textLimit`.
        var produced = 0
        var overflow = false
        init(shared: [String]) { self.shared = shared }
        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            switch name {
            case "row": rows.append([])
            case "c": type = attributes["t"] ?? ""; value = ""
            case "v", "t": collecting = true
            default: break
            }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { if collecting { value += string } }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "v", "t": collecting = false
            case "c":
                let cell = type == "s" ? (Int(value).flatMap { shared.indices.contains($0) ? shared[$0] : nil } ?? "") : value
                produced += cell.utf8.count + 1
                if produced > OfficePackage.textLimit {
                    overflow = true
                    parser.abortParsing()
                    return
                }
                if !cell.isEmpty, !rows.isEmpty { rows[rows.count - 1].append(cell) }
            default: break
            }
        }
    }
}
