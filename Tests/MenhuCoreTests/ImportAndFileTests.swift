import Foundation
import MenhuCore
import MenhuImport
import MenhuTestSupport
import Testing

@Suite struct ImportAndFileTests {
    @Test func aWordDocumentBecomesTitleBodyAndImages() throws {
        let draft = try DocxImporter.read(try makeDocx(sampleDocument, image: tinyPNG))
        #expect(draft.title == "关于做好冬季供暖工作的通知")
        #expect(draft.bodyHTML.contains("<p>各区县人民政府：</p>"))
        #expect(draft.bodyHTML.contains("<p><strong>一、提高认识</strong>，确保群众温暖过冬。</p>"))
        #expect(draft.bodyHTML.contains("<ul><li>供暖时间：11月15日起</li></ul>"))
        #expect(draft.bodyHTML.contains("<tr><td>东区</td><td>&lt;热电厂&gt;</td></tr>"))
        #expect(draft.bodyHTML.contains("<img src=\"docx-image:0\" alt=\"\">"))
        #expect(!draft.bodyHTML.contains("关于做好冬季供暖工作的通知") && !draft.bodyHTML.contains("仿宋"))
        #expect(draft.images.map(\.name) == ["image1.png"] && draft.images.first?.data == tinyPNG)
    }

    @Test func somethingElseIsNotTakenForAWordDocument() {
        #expect(throws: DocxImporter.ImportError.self) { try DocxImporter.read(Data("%PDF-1.7 not a docx".utf8)) }
        #expect(throws: DocxImporter.ImportError.self) { try DocxImporter.read(try makeDocx("<w:document xmlns:w=\"x\"><w:body/></w:document>")) }
    }

    @Test func fileKindsAreCheckedByContentNotName() throws {
        #expect(FileKind.detect(tinyPNG, name: "图.png") == .png)
        #expect(FileKind.detect(Data("%PDF-1.7\n".utf8), name: "通知.pdf") == .pdf)
        #expect(FileKind.detect(Data("%PDF-1.7\n".utf8), name: "照片.jpg") == nil)
        #expect(FileKind.detect(Data("<script>alert(1)</script>".utf8), name: "a.pdf") == nil)
        #expect(FileKind.detect(try makeDocx(sampleDocument), name: "通知.docx") == .docx)
        #expect(FileKind.imageSize(tinyPNG, kind: .png).map { [$0.width, $0.height] } == [4, 3])
        let rule = ImageSizeRule.bureau
        #expect(rule.advice(width: 400, height: 300) == nil)
        #expect(rule.advice(width: 1920, height: 1080) == "尺寸 1920×1080 超过本站要求的 500×375，宽高比不是 4:3（依据 P12）")
        #expect(rule.advice(width: 640, height: 480) == "尺寸 640×480 超过本站要求的 500×375（依据 P12）")
        #expect(ImageSizeRule("６４０ x 400").map { ($0.text, $0.ratio) }! == ("640×400", "8:5"))
        #expect(ImageSizeRule("640") == nil && ImageSizeRule("0×0") == nil && ImageSizeRule("") == nil)
        #expect(throws: FieldErrors.self) { try StoredFile.validate(tinyPNG, name: "图.png", caption: " ") }
        #expect(throws: FieldErrors.self) { try StoredFile.validate(Data(count: 6 * 1024 * 1024) + tinyPNG, name: "大.png", caption: "说明") }
        #expect((try? StoredFile.validate(tinyPNG, name: "图.png", caption: "会议现场")) == .png)
    }
}

/// Issue 12, 1.2: zip bombs are refused before they are read.
@Suite struct ZipBombTests {
    @Test func aDocumentPartInflatingPastTheLimitIsRefusedWithAMessage() throws {
        let bomb = try makeDocxBomb(megabytes: 100)
        #expect(throws: PackageError.self) { try OfficePackage.check(bomb) }
        do { _ = try DocxImporter.read(bomb); Issue.record("a bomb was read") } catch let error as DocxImporter.ImportError {
            #expect(error.description.contains("恶意构造的压缩文件"))
        }
        let text = TextExtractor.extract(bomb, kind: .docx)
        #expect(text.text == nil && text.note.contains("恶意构造的压缩文件"))
    }

    @Test func aSpreadsheetBombIsRefusedToo() throws {
        let bomb = try makeDocxBomb(megabytes: 100, part: "xl/worksheets/sheet1.xml")
        let text = TextExtractor.extract(bomb, kind: .xlsx)
        #expect(text.text == nil && text.note.contains("恶意构造的压缩文件"))
    }

    @Test func realDocumentsPassTheCheck() throws {
        try OfficePackage.check(try makeDocx("<w:document><w:body><w:p><w:r><w:t>通知</w:t></w:r></w:p></w:body></w:document>", image: tinyPNG))
        try OfficePackage.check(try makeXlsx([["姓名", "电话"], ["张三", "13912345678"]]))
    }
}

extension ZipBombTests {
    /// One picture referred to thousands of times is read once; a package's parts share one budget.
    @Test func aPictureReferredToManyTimesIsReadOnce() throws {
        let references = (0..<2_000).map { _ in "<w:p><w:r><w:drawing><a:blip r:embed=\"rId5\"/></w:drawing></w:r></w:p>" }.joined()
        let document = "<w:document><w:body><w:p><w:r><w:t>通知</w:t></w:r></w:p>\(references)</w:body></w:document>"
        let draft = try DocxImporter.read(try makeDocx(document, image: tinyPNG))
        #expect(draft.images.count == 1)
    }

    /// One shared string in a hundred thousand cells would become gigabytes of text.
    @Test func aSharedStringRepeatedInEveryCellIsRefused() throws {
        let xlsx = try makeXlsxSharingOneString(String(repeating: "长", count: 400_000), cells: 2_000)
        let text = TextExtractor.extract(xlsx, kind: .xlsx)
        #expect(text.text == nil && text.note.contains("恶意构造的压缩文件"), "\(text.note)")
    }
}
