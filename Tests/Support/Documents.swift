import Foundation
import MenhuImport
import ZIPFoundation

/// A 4×3 PNG (the smallest honest image).
public let tinyPNG = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAAEklEQVR4nGP4z8CAB+GTG8HSALfKY52fOpfrAAAAAElFTkSuQmCC")!

/// Builds a .docx the way Word lays one out: document, relationships, media.
public func makeDocx(_ documentXML: String, image: Data? = nil) throws -> Data {
    let archive = try Archive(data: Data(), accessMode: .create, pathEncoding: nil)
    func add(_ path: String, _ data: Data) throws { try addEntry(archive, path, data) }
    try add("[Content_Types].xml", Data("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>".utf8))
    try add("word/document.xml", Data(documentXML.utf8))
    try add(
        "word/_rels/document.xml.rels",
        Data(
            """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            <Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/>
            </Relationships>
            """.utf8))
    if let image { try add("word/media/image1.png", image) }
    return archive.data!
}

func addEntry(_ archive: Archive, _ path: String, _ data: Data) throws {
    try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
        data.subdata(in: Int(position)..<Int(position) + size)
    }
}

/// A one-sheet .xlsx as Excel writes it: `rows` of cells; text goes to the shared strings,
/// whole numbers stay numbers.
public func makeXlsx(_ rows: [[String]]) throws -> Data {
    let archive = try Archive(data: Data(), accessMode: .create, pathEncoding: nil)
    var shared: [String] = []
    var sheet = "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
    for (r, row) in rows.enumerated() {
        sheet += "<row r=\"\(r + 1)\">"
        for cell in row {
            if cell.allSatisfy(\.isNumber) && !cell.isEmpty {
                sheet += "<c><v>\(cell)</v></c>"
            } else {
                sheet += "<c t=\"s\"><v>\(shared.count)</v></c>"
                shared.append(cell)
            }
        }
        sheet += "</row>"
    }
    sheet += "</sheetData></worksheet>"
    let strings =
        "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        + shared.map { "<si><t>\($0.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;"))</t></si>" }.joined()
        + "</sst>"
    try addEntry(archive, "[Content_Types].xml", Data("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>".utf8))
    try addEntry(archive, "xl/workbook.xml", Data("<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>".utf8))
    try addEntry(archive, "xl/sharedStrings.xml", Data(strings.utf8))
    try addEntry(archive, "xl/worksheets/sheet1.xml", Data(sheet.utf8))
    return archive.data!
}

/// A one-page PDF whose text layer says `line` (ASCII, Helvetica), with a correct xref table.
public func makePDF(_ line: String) -> Data {
    let stream = "BT /F1 12 Tf 72 720 Td (\(line)) Tj ET"
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        "<< /Length \(stream.utf8.count) >>\nstream\n\(stream)\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return PDFFile.assemble(objects)
}

/// A short notice as Word writes it: title, styled paragraph, bold run, list, table, image.
public let sampleDocument = """
    <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>
    <w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>关于做好冬季供暖工作的通知</w:t></w:r></w:p>
    <w:p><w:r><w:rPr><w:rFonts w:ascii="仿宋"/></w:rPr><w:t xml:space="preserve">各区县人民政府：</w:t></w:r></w:p>
    <w:p><w:r><w:rPr><w:b/></w:rPr><w:t>一、提高认识</w:t></w:r><w:r><w:t>，确保群众温暖过冬。</w:t></w:r></w:p>
    <w:p><w:pPr><w:numPr><w:ilvl w:val="0"/></w:numPr></w:pPr><w:r><w:t>供暖时间：11月15日起</w:t></w:r></w:p>
    <w:tbl><w:tr><w:tc><w:p><w:r><w:t>区县</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>热源</w:t></w:r></w:p></w:tc></w:tr>
    <w:tr><w:tc><w:p><w:r><w:t>东区</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>&lt;热电厂&gt;</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
    <w:p><w:r><w:drawing><a:graphic><a:graphicData><a:blip r:embed="rId5"/></a:graphicData></a:graphic></w:drawing></w:r></w:p>
    </w:body></w:document>
    """

/// A .docx whose document part inflates to `megabytes` MB of one repeated paragraph: a zip bomb
/// of about a thousandth of that size.
public func makeDocxBomb(megabytes: Int, part: String = "word/document.xml") throws -> Data {
    let archive = try Archive(data: Data(), accessMode: .create, pathEncoding: nil)
    try addEntry(archive, "[Content_Types].xml", Data("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>".utf8))
    let chunk = Data(String(repeating: "<w:p><w:r><w:t>炸</w:t></w:r></w:p>", count: 1 << 12).utf8)
    let total = Int64(megabytes) * 1024 * 1024
    try archive.addEntry(with: part, type: .file, uncompressedSize: total, compressionMethod: .deflate, bufferSize: chunk.count) { position, size in
        let offset = Int(position % Int64(chunk.count))
        var piece = Data(capacity: size)
        var from = offset
        while piece.count < size {
            let take = min(size - piece.count, chunk.count - from)
            piece.append(chunk.subdata(in: from..<(from + take)))
            from = 0
        }
        return piece
    }
    return archive.data!
}

/// An .xlsx with one shared string and `cells` cells that all show it.
public func makeXlsxSharingOneString(_ text: String, cells: Int) throws -> Data {
    let archive = try Archive(data: Data(), accessMode: .create, pathEncoding: nil)
    let sheet =
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\">"
        + String(repeating: "<c t=\"s\"><v>0</v></c>", count: cells) + "</row></sheetData></worksheet>"
    try addEntry(archive, "[Content_Types].xml", Data("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>".utf8))
    try addEntry(archive, "xl/workbook.xml", Data("<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>".utf8))
    try addEntry(archive, "xl/sharedStrings.xml", Data("<sst><si><t>\(text)</t></si></sst>".utf8))
    try addEntry(archive, "xl/worksheets/sheet1.xml", Data(sheet.utf8))
    return archive.data!
}
