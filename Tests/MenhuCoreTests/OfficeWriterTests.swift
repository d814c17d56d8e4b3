import Foundation
import MenhuCore
import MenhuHTML
import MenhuImport
import Testing

/// The forms the demo offers for download (14.20) are files that open: Office packages that
/// read back, and a PDF whose structure and text are right.
@Suite struct OfficeWriterTests {
    static let fields = ["申请人姓名", "联系电话", "所需信息的内容描述（写明文件名称、文号）", "申请日期"]

    @Test func aWrittenWordFormReadsBackAsTitleAndFields() throws {
        let data = try OfficeWriter.docx(title: "政府信息公开申请表", fields: Self.fields, notes: ["填写说明：请如实填写 <全部> 内容。"])
        #expect(FileKind.detect(data, name: "表.docx") == .docx)
        try OfficePackage.check(data)
        let draft = try DocxImporter.read(data)
        #expect(draft.title == "政府信息公开申请表")
        #expect(draft.bodyHTML.contains("<td>申请人姓名</td>") && draft.bodyHTML.contains("&lt;全部&gt;"))
    }

    @Test func aWrittenSpreadsheetHasItsTitleAndColumns() throws {
        let data = try OfficeWriter.xlsx(sheet: "进度月报表", title: "重点项目建设进度月报表", columns: ["序号", "项目名称", "总投资（万元）"])
        #expect(FileKind.detect(data, name: "表.xlsx") == .xlsx)
        let text = try #require(TextExtractor.extract(data, kind: .xlsx).text)
        #expect(text.contains("重点项目建设进度月报表") && text.contains("项目名称") && text.contains("总投资（万元）"))
    }

    @Test func aWrittenPDFHasACorrectCrossReferenceTableAndReadableText() throws {
        let data = PDFFile(title: "最低生活保障申请审批表", fields: Self.fields, notes: ["填写说明：家庭收入填写申请前12个月的收入。"]).data
        #expect(FileKind.detect(data, name: "表.pdf") == .pdf)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.hasSuffix("%%EOF\n") && text.unicodeScalars.allSatisfy(\.isASCII))
        // Every object sits at the offset the xref table gives it.
        let startxref = try #require(Int(text.components(separatedBy: "startxref\n").last?.split(separator: "\n").first ?? ""))
        let xref = text.utf8.dropFirst(startxref)
        let table = String(decoding: xref, as: UTF8.self).split(separator: "\n")
        #expect(table.first == "xref")
        let count = try #require(Int(table[1].split(separator: " ")[1]))
        for n in 1..<count {
            let offset = try #require(Int(table[2 + n].prefix(10)))
            #expect(String(decoding: text.utf8.dropFirst(offset).prefix(12), as: UTF8.self).hasPrefix("\(n) 0 obj"))
        }
        // The text layer says what the page shows (with poppler-utils installed).
        if TextExtractor.findPdftotext() != nil {
            let read = try #require(TextExtractor.extract(data, kind: .pdf).text)
            #expect(read.contains("最低生活保障申请审批表") && read.contains("所需信息的内容描述") && read.contains("前12个月"))
        }
    }

    /// The demo's 数据查询 tables survive the sanitiser with their caption, header and header cells.
    @Test func theSanitiserKeepsADataTable() {
        let table =
            "<table><caption>主要经济指标</caption><thead><tr><th scope=\"col\">指标</th><th scope=\"col\">同比增长（%）</th></tr></thead>"
            + "<tbody><tr><th scope=\"row\">固定资产投资</th><td>5.6</td></tr></tbody></table>"
        #expect(Sanitizer.clean(table).replacingOccurrences(of: "\n", with: "") == table)
    }
}
