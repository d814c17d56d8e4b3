import Foundation
import HTTPTypes
import HummingbirdTesting
import MenhuCore
import MenhuHTML
import MenhuImport
import MenhuStore
import MenhuTestSupport
import Testing

/// 14.20: the demo is the product's first impression. Its items are written whole, each about
/// its title and in the style of its column; 下载中心 offers real forms; 数据查询 holds tables.
@Suite struct DemoContentTests {
    /// The whole demo as `menhu serve` seeds it.
    static let fullDemo = 320

    /// Every live item of every site: site code, column slug and kind, title, body.
    static func items(_ h: Harness) async throws -> [(site: String, column: Column, title: String, body: String, id: String)] {
        var all: [(site: String, column: Column, title: String, body: String, id: String)] = []
        for code in ["www", "jyj", "wjw", "en"] {
            let site = try await h.site(code)
            let (columns, live) = try await h.db.read { sql in
                (try await ColumnRecords.all(siteID: site.id, on: sql), try await ArticleRecords.live(siteID: site.id, on: sql))
            }
            let byID = Dictionary(uniqueKeysWithValues: columns.map { ($0.id, $0) })
            for item in live {
                all.append((code, byID[item.content.columnID]!, item.content.title, item.content.bodyHTML, item.id))
            }
        }
        return all
    }

    /// The text of each `<p>` of a body, tags removed.
    static func paragraphs(_ html: String) -> [String] {
        html.components(separatedBy: "<p>").dropFirst().map { piece in
            ArticleContent.plainText(piece.components(separatedBy: "</p>").first ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    @Test func noTwoDemoItemsShareAParagraph() async throws {
        try await Harness.with(.sqlite, articles: Self.fullDemo) { (h: Harness, _: any TestClientProtocol) async throws in
            var seen: [String: String] = [:]
            var shared: [String] = []
            for item in try await Self.items(h) {
                // Salutations, headings, signatures and dates are short and may repeat; sentences may not.
                for paragraph in Set(Self.paragraphs(item.body)) where paragraph.count >= 30 {
                    if let other = seen[paragraph] { shared.append("“\(item.title)” 与 “\(other)”：\(paragraph.prefix(30))") }
                    seen[paragraph] = item.title
                }
            }
            #expect(shared.isEmpty, "\(shared.count) 段重复，如 \(shared.prefix(3))")
        }
    }

    @Test func everyDemoItemIsAboutItsTitle() async throws {
        try await Harness.with(.sqlite, articles: Self.fullDemo) { (h: Harness, _: any TestClientProtocol) async throws in
            var strays: [String] = []
            for item in try await Self.items(h) {
                let body = ArticleContent.plainText(item.body)
                if item.site == "en" {
                    // A word of the title (not the city's name) is in the body.
                    let words = item.title.lowercased().split { !$0.isLetter }.map(String.init).filter { $0.count >= 5 && $0 != "jiangyuan" }
                    if !words.contains(where: { body.lowercased().contains($0) }) { strays.append(item.title) }
                    continue
                }
                // Most pairs of characters of the title are in the body (a news item about 托育 speaks of 托育).
                let han = item.title.unicodeScalars.split { !(0x4E00...0x9FFF).contains($0.value) }.map { String(String.UnicodeScalarView($0)) }
                let pairs = Set(han.flatMap { run in zip(run, run.dropFirst()).map { String([$0, $1]) } })
                let found = pairs.filter { body.contains($0) }.count
                if pairs.count > 0 && Double(found) < 0.5 * Double(pairs.count) { strays.append(item.title) }
            }
            #expect(strays.isEmpty, "\(strays.count) 条正文与标题无关，如 \(strays.prefix(5))")
        }
    }

    @Test func policiesNoticesNewsAndInterpretationsReadAsTheirKind() async throws {
        try await Harness.with(.sqlite, articles: Self.fullDemo) { (h: Harness, _: any TestClientProtocol) async throws in
            let items = try await Self.items(h).filter { $0.site != "en" }
            let date = #/^\d{4}年\d{1,2}月\d{1,2}日$/#
            for item in items {
                let paragraphs = Self.paragraphs(item.body)
                let first = paragraphs.first ?? ""
                switch item.column.kind {
                case .policy:
                    // From the beginning: an addressee, or 第一条; never in the middle of a list.
                    #expect(!first.hasPrefix("（") && first.firstMatch(of: #/^[二三四五六七八九十]、/#) == nil, "\(item.title): \(first.prefix(20))")
                    #expect(first.hasSuffix("：") || first.hasPrefix("第一条"), "\(item.title): \(first.prefix(20))")
                    #expect(paragraphs.contains { $0.hasPrefix("一、") || $0.hasPrefix("第一条") }, "\(item.title)")
                case .notice:
                    #expect(first.hasSuffix("："), "通知公告“\(item.title)”没有主送单位：\(first.prefix(20))")
                    #expect(paragraphs.contains { $0 == "特此通知。" || $0 == "特此通报。" }, "\(item.title)")
                    #expect(paragraphs.last?.wholeMatch(of: date) != nil, "通知公告“\(item.title)”末尾没有成文日期")
                case .news:
                    #expect(first.firstMatch(of: #/\d{1,2}月\d{1,2}日|今年以来/#) != nil, "动态“\(item.title)”的导语没有时间：\(first.prefix(30))")
                default: break
                }
            }
            // 政策解读 explains a policy the site has published, by its name.
            for item in items where item.column.kind == .interpretation {
                let named = try #require(item.title.firstMatch(of: #/《(?<name>[^》]+)》/#)).output.name
                #expect(item.body.contains("《\(named)》"))
                #expect(items.contains { $0.site == item.site && $0.column.kind == .policy && $0.title.contains(named) }, "解读的《\(named)》未发布")
            }
        }
    }

    @Test func downloadCentreItemsCarryRealForms() async throws {
        try await Harness.with(.sqlite, articles: Self.fullDemo) { (h: Harness, client: any TestClientProtocol) async throws in
            let downloads = try await Self.items(h).filter { $0.column.kind == .download }
            #expect(downloads.count >= 10)
            var kinds = Set<String>()
            for item in downloads {
                let link = try #require(item.body.firstMatch(of: #/href="(?<path>/files/[0-9a-f]{32}/[^"]+)"/#), "“\(item.title)”没有附件")
                let path = String(link.output.path)
                let file = try await client.execute(uri: path, method: .get)
                #expect(file.status == .ok)
                let ext = (path as NSString).pathExtension.lowercased()
                kinds.insert(ext)
                let kind = try #require(FileKind(rawValue: ext))
                #expect(file.headers[.contentType] == kind.contentType)
                #expect(file.headers[.contentDisposition]?.hasPrefix("attachment") == true)
                let data = Data(buffer: file.body)
                switch kind {
                case .docx:
                    #expect(data.starts(with: [0x50, 0x4B, 0x03, 0x04]))
                    #expect(try DocxImporter.read(data).title == item.title, "\(item.title)")
                case .xlsx:
                    #expect(data.starts(with: [0x50, 0x4B, 0x03, 0x04]))
                    #expect(TextExtractor.extract(data, kind: .xlsx).text?.contains(item.title) == true, "\(item.title)")
                case .pdf:
                    #expect(data.starts(with: Array("%PDF-".utf8)) && String(decoding: data.suffix(6), as: UTF8.self).contains("%%EOF"))
                    if TextExtractor.findPdftotext() != nil {
                        #expect(TextExtractor.extract(data, kind: .pdf).text?.contains(item.title) == true, "\(item.title)")
                    }
                default: Issue.record("下载中心的“\(item.title)”是 \(ext) 文件")
                }
            }
            #expect(kinds == ["docx", "xlsx", "pdf"])
        }
    }

    @Test func theDataColumnHoldsTablesOfFigures() async throws {
        try await Harness.with(.sqlite, articles: Self.fullDemo) { (h: Harness, client: any TestClientProtocol) async throws in
            let data = try await Self.items(h).filter { $0.column.slug == "sjcx" }
            #expect(data.count >= 3)
            for item in data {
                for tag in ["<table>", "<caption>", "<thead>", "<th scope=\"col\">", "<th scope=\"row\">", "<td>"] {
                    #expect(item.body.contains(tag), "“\(item.title)”缺少 \(tag)")
                }
                // A figure in every row.
                let rows = item.body.components(separatedBy: "<tbody>").last?.components(separatedBy: "<tr>").dropFirst() ?? []
                #expect(rows.count >= 5 && rows.allSatisfy { $0.firstMatch(of: #/<td>[\d.]+</td>/#) != nil }, "\(item.title)")
                // The sanitiser keeps such a table as it is, and the page shows it.
                #expect(Sanitizer.clean(item.body).contains("<caption>") && Sanitizer.clean(item.body).contains("<th scope=\"col\">"))
                let page = try await client.execute(uri: "/sites/www/sjcx/\(item.id).html", method: .get)
                #expect(page.status == .ok && page.text.contains("<table><caption>"))
            }
        }
    }
}
