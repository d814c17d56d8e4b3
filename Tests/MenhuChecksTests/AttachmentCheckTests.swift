import Foundation
import MenhuChecks
import MenhuCore
import MenhuImport
import MenhuTestSupport
import Testing

/// Attachments are checked like the item's text (P3, P16), and what cannot be read says so.
@Suite struct AttachmentCheckTests {
    @Test func textIsReadFromTextWordAndExcelFiles() throws {
        let txt = TextExtractor.extract(Data("联系人手机13800138000".utf8), kind: .txt)
        #expect(txt.text == "联系人手机13800138000")
        let docx = TextExtractor.extract(try makeDocx(sampleDocument), kind: .docx)
        #expect(docx.text?.hasPrefix("关于做好冬季供暖工作的通知\n") == true && docx.text?.contains("确保群众温暖过冬") == true)
        let xlsx = TextExtractor.extract(try makeXlsx([["姓名", "身份证号", "手机"], ["张某", "11010519491231002X", "13800138000"]]), kind: .xlsx)
        #expect(xlsx.text == "姓名\t身份证号\t手机\n张某\t11010519491231002X\t13800138000")
    }

    @Test func whatCannotBeReadSaysWhy() throws {
        let pdf = TextExtractor.extract(makePDF("ID 11010519491231002X"), kind: .pdf, pdftotext: nil)
        #expect(pdf.text == nil && pdf.note.contains("poppler-utils"))
        let doc = TextExtractor.extract(Data([0xD0, 0xCF, 0x11, 0xE0]), kind: .doc)
        #expect(doc.text == nil && doc.note.contains(".docx"))
        #expect(TextExtractor.extract(Data("PK".utf8), kind: .xlsx).text == nil)
        let image = TextExtractor.extract(tinyPNG, kind: .png)
        #expect(image.text == nil && image.note.isEmpty)
    }

    @Test(.enabled(if: TextExtractor.findPdftotext() != nil, "poppler-utils is installed by scripts/test"))
    func pdfTextIsReadWithPoppler() throws {
        let pdf = TextExtractor.extract(makePDF("Contact ID 11010519491231002X"), kind: .pdf)
        #expect(pdf.text?.contains("11010519491231002X") == true)
        let found = ContentChecker().check(CheckInput(text: "", attachments: [.init(name: "名单.pdf", isImage: false, size: 600, text: pdf.text)]))
        #expect(found.map(\.rule) == ["personal.id-number"] && found[0].source == "名单.pdf")
    }

    @Test func attachmentFindingsNameTheirFileAndUnreadFilesAreNotSilent() {
        let checker = ContentChecker()
        let input = CheckInput(
            text: "请见附件。",
            attachments: [
                .init(name: "名单.xlsx", isImage: false, size: 9000, text: "张某\t11010519491231002X"),
                .init(name: "扫描件.pdf", isImage: false, size: 80000, text: nil, note: "PDF 中没有文字层（可能是扫描件）"),
                .init(name: "现场.jpg", isImage: true, size: 3 * 1024 * 1024, text: nil),
            ])
        let found = checker.check(input)
        #expect(found.map(\.rule) == ["personal.id-number", "attachment.unchecked", "format.image-size"])
        #expect(found[0].source == "名单.xlsx" && found[0].start == 3 && found[0].severity == .block)
        #expect(found[1].message.contains("扫描件") && found[1].severity == .warn)
        #expect(found[2].message.contains("3072 KB"))
    }

    @Test func linksToBrokenPagesToProgramsAndOddImagesWarn() {
        let input = CheckInput(
            text: "下载", links: ["https://www.jiangyuan.gov.cn/old.html", "/files/tools/setup.exe", "/files/a/表格.xlsx"],
            images: [("/img/scan.bmp", "扫描图"), ("/img/ok.png", "正常图")])
        let context = CheckContext(
            allowedDomains: ["jiangyuan.gov.cn"], brokenLinks: ["https://www.jiangyuan.gov.cn/old.html": "HTTP 404，2026-11-20 巡检"])
        let found = ContentChecker().check(input, context: context)
        #expect(Set(found.map(\.rule)) == ["link.broken", "format.attachment-type", "format.image-type"])
        #expect(found.first { $0.rule == "link.broken" }?.message.contains("HTTP 404") == true)
        #expect(found.first { $0.rule == "format.attachment-type" }?.matched == "/files/tools/setup.exe")
    }

    @Test func homeAddressesWarnButOrganAddressesDoNot() {
        let checker = ContentChecker()
        let home = checker.check(CheckInput(text: "申请人李某，现住址：江源市北湖区幸福小区5栋2单元301室，联系电话0799-1234567。"))
        #expect(home.map(\.rule) == ["personal.address"] && home[0].matched == "江源市北湖区幸福小区5栋2单元301室")
        #expect(checker.check(CheckInput(text: "办公地址：江源市人民路1号市民中心3楼。")).isEmpty)
    }

    @Test func leadersTitlesMustBeTheirCurrentOnes() {
        let checker = ContentChecker(extra: [
            .init(
                text: "王建华", category: ContentChecker.leaderCategory, severity: .block,
                suggestion: "市委副书记、市长", requirement: "P10")
        ])
        #expect(checker.check(CheckInput(text: "市委副书记、市长王建华出席。王建华市长指出……王建华同志强调……")).isEmpty)
        let wrong = checker.check(CheckInput(text: "市委书记王建华出席。"))
        #expect(wrong.map(\.matched) == ["书记王建华"] && wrong[0].suggestion == "副书记王建华" && wrong[0].severity == .block)
        #expect(wrong[0].message.contains("现任市委副书记、市长"))
        #expect(checker.check(CheckInput(text: "王建华副市长指出")).map(\.suggestion) == ["王建华市长"])
    }
}
