import Foundation
import MenhuCore
import ZIPFoundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Turns a Word document (.docx) into a draft: its title, its body as HTML of the allowed
/// elements (headings, paragraphs, bold, lists, tables, images), and the images it embeds.
/// Styling is dropped, as when pasting from Word.
public enum DocxImporter {
    public struct Draft: Sendable, Equatable {
        public var title: String
        /// Body HTML; images appear as `<img src="docx-image:N">` for the caller to replace
        /// with the stored files' addresses.
        public var bodyHTML: String
        public var images: [Image]
    }

    public struct Image: Sendable, Equatable {
        public var name: String
        public var data: Data
    }

    public enum ImportError: Error, CustomStringConvertible {
        case notDocx
        case empty
        /// The package would inflate beyond `OfficePackage`'s bounds (a zip bomb).
        case unsafe(PackageError)

        public var description: String {
            switch self {
            case .notDocx: "不是有效的 Word（.docx）文档。旧版 .doc 文档请先在 Word 或 WPS 中另存为 .docx。"
            case .empty: "文档中没有可导入的文字。"
            case .unsafe(let problem): problem.description
            }
        }
    }

    public static func read(_ data: Data) throws -> Draft {
        do { return try readChecked(data) } catch let problem as PackageError { throw ImportError.unsafe(problem) }
    }

    static func readChecked(_ data: Data) throws -> Draft {
        try OfficePackage.check(data)
        guard let package = OfficePackageReader(data), let document = try package.contents(of: "word/document.xml") else {
            throw ImportError.notDocx
        }
        var targets: [String: String] = [:]
        if let rels = try package.contents(of: "word/_rels/document.xml.rels") {
            let delegate = RelationshipReader()
            OfficeXML.parse(rels, delegate)
            targets = delegate.targets
        }
        let reader = BodyReader()
        guard OfficeXML.parse(document, reader) else { throw ImportError.notDocx }
        var images: [Image] = []
        var imageIndex: [String: Int] = [:]
        // Each picture once, however many references point at it, and at most `imageLimit`.
        var byTarget: [String: Int] = [:]
        for id in reader.imageIDs where imageIndex[id] == nil {
            guard let target = targets[id] else { continue }
            if let known = byTarget[target] { imageIndex[id] = known; continue }
            guard images.count < OfficePackage.imageLimit else { break }
            let data: Data?
            do { data = try package.contents(of: "word/" + target) } catch let problem as PackageError { throw problem } catch { continue }
            guard let data else { continue }
            byTarget[target] = images.count
            imageIndex[id] = images.count
            images.append(Image(name: (target as NSString).lastPathComponent, data: data))
        }
        var blocks = reader.blocks
        // The title: a paragraph styled Title or Heading 1, else the first paragraph.
        let titleIndex = blocks.firstIndex { $0.isTitle } ?? blocks.firstIndex { $0.kind == .paragraph && !$0.text.isEmpty }
        guard let titleIndex else { throw ImportError.empty }
        let title = blocks[titleIndex].text.trimmed
        blocks.remove(at: titleIndex)
        var html = ""
        var list: String? = nil
        for block in blocks {
            if block.kind != .listItem, let open = list { html += "</\(open)>\n"; list = nil }
            switch block.kind {
            case .paragraph:
                let inner = block.html(images: imageIndex)
                if !inner.trimmed.isEmpty { html += "<p>\(inner)</p>\n" }
            case .heading(let level):
                html += "<h\(level)>\(block.html(images: imageIndex))</h\(level)>\n"
            case .listItem:
                if list == nil { list = "ul"; html += "<ul>" }
                html += "<li>\(block.html(images: imageIndex))</li>"
            case .table(let rows):
                html +=
                    "<table><tbody>"
                    + rows.map { row in
                        "<tr>" + row.map { "<td>\(HTMLText.escape($0))</td>" }.joined() + "</tr>"
                    }.joined() + "</tbody></table>\n"
            }
        }
        if let open = list { html += "</\(open)>\n" }
        return Draft(title: title, bodyHTML: html, images: images)
    }

    final class RelationshipReader: NSObject, XMLParserDelegate {
        var targets: [String: String] = [:]
        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            if name.hasSuffix("Relationship"), let id = attributes["Id"], let target = attributes["Target"] {
                targets[id] = target.hasPrefix("/word/") ? String(target.dropFirst(6)) : target
            }
        }
    }

    struct Run {
        var text: String
        var bold: Bool
        var imageID: String?
    }

    struct Block {
        enum Kind: Equatable { case paragraph, heading(Int), listItem, table([[String]]) }
        var kind: Kind
        var runs: [Run]
        var isTitle = false

        var text: String { runs.map(\.text).joined() }

        func html(images: [String: Int]) -> String {
            runs.map { run in
                if let id = run.imageID { return images[id].map { "<img src=\"docx-image:\($0)\" alt=\"\">" } ?? "" }
                let escaped = HTMLText.escape(run.text)
                return run.bold && !run.text.trimmed.isEmpty ? "<strong>\(escaped)</strong>" : escaped
            }.joined()
        }
    }

    final class BodyReader: NSObject, XMLParserDelegate {
        var blocks: [Block] = []
        var imageIDs: [String] = []
        private var paragraph: Block?
        private var style = ""
        private var numbered = false
        private var runBold = false
        private var inText = false
        private var text = ""
        private var tableDepth = 0
        private var rows: [[String]] = []
        private var cells: [String] = []
        private var cellText = ""

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            switch name {
            case "w:tbl": tableDepth += 1; if tableDepth == 1 { rows = [] }
            case "w:tr": if tableDepth == 1 { cells = [] }
            case "w:tc": if tableDepth == 1 { cellText = "" }
            case "w:p": paragraph = Block(kind: .paragraph, runs: []); style = ""; numbered = false
            case "w:pStyle": style = attributes["w:val"] ?? ""
            case "w:numPr": numbered = true
            case "w:r": runBold = false
            case "w:b": runBold = attributes["w:val"].map { $0 != "0" && $0 != "false" } ?? true
            case "w:t": inText = true; text = ""
            case "w:tab": append(" ")
            case "w:br": append("\n")
            case "a:blip":
                if let id = attributes["r:embed"], tableDepth == 0 {
                    imageIDs.append(id)
                    paragraph?.runs.append(Run(text: "", bold: false, imageID: id))
                }
            default: break
            }
        }

        func append(_ s: String) {
            if tableDepth > 0 { cellText += s } else { paragraph?.runs.append(Run(text: s, bold: runBold, imageID: nil)) }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { text += string } }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "w:t": inText = false; append(text)
            case "w:p":
                guard tableDepth == 0, var p = paragraph else {
                    if tableDepth > 0 { cellText += cellText.isEmpty ? "" : "\n" }
                    break
                }
                let s = style.lowercased()
                if s == "title" || s == "heading1" || s == "1" || s.contains("标题1") {
                    p.isTitle = true; p.kind = .heading(2)
                } else if s == "heading2" || s == "2" || s.contains("标题2") {
                    p.kind = .heading(2)
                } else if s.hasPrefix("heading") || s == "3" || s.contains("标题3") {
                    p.kind = .heading(3)
                } else if numbered || s.contains("list") {
                    p.kind = .listItem
                }
                blocks.append(p)
                paragraph = nil
            case "w:tc": if tableDepth == 1 { cells.append(cellText.trimmed) }
            case "w:tr": if tableDepth == 1 { rows.append(cells) }
            case "w:tbl":
                if tableDepth == 1, !rows.isEmpty { blocks.append(Block(kind: .table(rows), runs: [])) }
                tableDepth -= 1
            default: break
            }
        }
    }
}
