import Foundation
import MenhuCore
import ZIPFoundation

/// Writes small Office Open XML files (the demo's downloadable forms): a .docx form with a title,
/// a table of fields to fill in and notes, and a one-sheet .xlsx with a title row, a header row
/// and empty rows to fill in. Both open in Word/WPS/Excel and LibreOffice, and read back with
/// `DocxImporter` and `TextExtractor`.
public enum OfficeWriter {
    /// A .docx: `title` as a centred heading, `fields` as a two-column table (label, empty
    /// space to write in), then `notes` as paragraphs.
    public static func docx(title: String, fields: [String], notes: [String]) throws -> Data {
        func run(_ text: String, bold: Bool = false, size: Int = 24) -> String {
            "<w:r><w:rPr><w:rFonts w:ascii=\"SimSun\" w:eastAsia=\"宋体\" w:hAnsi=\"SimSun\"/>\(bold ? "<w:b/>" : "")<w:sz w:val=\"\(size)\"/></w:rPr>"
                + "<w:t xml:space=\"preserve\">\(xml(text))</w:t></w:r>"
        }
        var body =
            "<w:p><w:pPr><w:pStyle w:val=\"Title\"/><w:jc w:val=\"center\"/><w:spacing w:after=\"240\"/></w:pPr>\(run(title, bold: true, size: 36))</w:p>"
        let border = ["top", "left", "bottom", "right", "insideH", "insideV"].map {
            "<w:\($0) w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
        }
        .joined()
        body += "<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblBorders>\(border)</w:tblBorders></w:tblPr>"
        body += "<w:tblGrid><w:gridCol w:w=\"3200\"/><w:gridCol w:w=\"5800\"/></w:tblGrid>"
        for field in fields {
            body += "<w:tr><w:trPr><w:trHeight w:val=\"560\"/></w:trPr>"
            body += "<w:tc><w:tcPr><w:tcW w:w=\"3200\" w:type=\"dxa\"/><w:vAlign w:val=\"center\"/></w:tcPr><w:p>\(run(field))</w:p></w:tc>"
            body += "<w:tc><w:tcPr><w:tcW w:w=\"5800\" w:type=\"dxa\"/></w:tcPr><w:p/></w:tc></w:tr>"
        }
        body += "</w:tbl>"
        for note in notes { body += "<w:p><w:pPr><w:spacing w:before=\"120\"/></w:pPr>\(run(note, size: 21))</w:p>" }
        body +=
            "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1440\" w:right=\"1440\" w:bottom=\"1440\" w:left=\"1440\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/></w:sectPr>"
        let document =
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            + "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>\(body)</w:body></w:document>"
        return try package([
            (
                "[Content_Types].xml",
                types([("/word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")])
            ),
            ("_rels/.rels", rels([("officeDocument", "word/document.xml")])),
            ("word/document.xml", document),
        ])
    }

    /// A one-sheet .xlsx named `sheet`: `title` in the first row, `columns` as the header row,
    /// and `emptyRows` numbered rows to fill in (the first column counts them when it is 序号).
    public static func xlsx(sheet: String, title: String, columns: [String], emptyRows: Int = 10) throws -> Data {
        var shared: [String] = []
        func cell(_ ref: String, _ text: String, style: Int) -> String {
            shared.append(text)
            return "<c r=\"\(ref)\" t=\"s\" s=\"\(style)\"><v>\(shared.count - 1)</v></c>"
        }
        func column(_ i: Int) -> String {
            var n = i + 1, name = ""
            while n > 0 {
                name = String(UnicodeScalar(UInt8(65 + (n - 1) % 26))) + name
                n = (n - 1) / 26
            }
            return name
        }
        let last = column(max(columns.count - 1, 0))
        var rows = "<row r=\"1\" ht=\"28\" customHeight=\"1\">\(cell("A1", title, style: 1))</row>"
        rows += "<row r=\"2\">" + columns.enumerated().map { i, name in cell("\(column(i))2", name, style: 2) }.joined() + "</row>"
        for r in 0..<emptyRows {
            let row = r + 3
            rows += "<row r=\"\(row)\">"
            rows += columns.indices.map { i in
                i == 0 && columns.first == "序号" ? "<c r=\"A\(row)\" s=\"3\"><v>\(r + 1)</v></c>" : "<c r=\"\(column(i))\(row)\" s=\"3\"/>"
            }.joined()
            rows += "</row>"
        }
        let widths = columns.enumerated().map { i, name in
            "<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(min(40, max(8, name.count * 2 + 2)))\" customWidth=\"1\"/>"
        }.joined()
        let worksheet =
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
            + "<cols>\(widths)</cols><sheetData>\(rows)</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:\(last)1\"/></mergeCells></worksheet>"
        let strings =
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            + "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"\(shared.count)\" uniqueCount=\"\(shared.count)\">"
            + shared.map { "<si><t xml:space=\"preserve\">\(xml($0))</t></si>" }.joined() + "</sst>"
        let workbook =
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            + "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
            + "<sheets><sheet name=\"\(xml(String(sheet.prefix(31))))\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
        let border = "<border><left style=\"thin\"/><right style=\"thin\"/><top style=\"thin\"/><bottom style=\"thin\"/><diagonal/></border>"
        let styles =
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            + "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
            + "<fonts count=\"3\"><font><sz val=\"11\"/><name val=\"宋体\"/></font><font><b/><sz val=\"16\"/><name val=\"宋体\"/></font><font><b/><sz val=\"11\"/><name val=\"宋体\"/></font></fonts>"
            + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
            + "<borders count=\"2\"><border><left/><right/><top/><bottom/><diagonal/></border>\(border)</borders>"
            + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
            + "<cellXfs count=\"4\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
            + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyAlignment=\"1\"><alignment horizontal=\"center\" vertical=\"center\"/></xf>"
            + "<xf numFmtId=\"0\" fontId=\"2\" fillId=\"0\" borderId=\"1\" xfId=\"0\" applyFont=\"1\" applyBorder=\"1\" applyAlignment=\"1\"><alignment horizontal=\"center\" vertical=\"center\" wrapText=\"1\"/></xf>"
            + "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"1\" xfId=\"0\" applyBorder=\"1\"/></cellXfs>"
            + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>"
        let workbookRels =
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
            + "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
            + "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
            + "</Relationships>"
        let sheetML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        return try package([
            (
                "[Content_Types].xml",
                types([
                    ("/xl/workbook.xml", "\(sheetML).sheet.main+xml"), ("/xl/worksheets/sheet1.xml", "\(sheetML).worksheet+xml"),
                    ("/xl/sharedStrings.xml", "\(sheetML).sharedStrings+xml"), ("/xl/styles.xml", "\(sheetML).styles+xml"),
                ])
            ),
            ("_rels/.rels", rels([("officeDocument", "xl/workbook.xml")])),
            ("xl/workbook.xml", workbook),
            ("xl/_rels/workbook.xml.rels", workbookRels),
            ("xl/worksheets/sheet1.xml", worksheet),
            ("xl/sharedStrings.xml", strings),
            ("xl/styles.xml", styles),
        ])
    }

    /// `[Content_Types].xml` with the defaults every package needs and `overrides` (part, type).
    static func types(_ overrides: [(String, String)]) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + overrides.map { "<Override PartName=\"\($0.0)\" ContentType=\"\($0.1)\"/>" }.joined() + "</Types>"
    }

    /// The package relationships (`_rels/.rels`): (type, target) with the office document type names.
    static func rels(_ targets: [(String, String)]) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + targets.enumerated().map { i, t in
                "<Relationship Id=\"rId\(i + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/\(t.0)\" Target=\"\(t.1)\"/>"
            }.joined() + "</Relationships>"
    }

    /// A zip archive of `parts` (path, XML text), deflated, in their order.
    static func package(_ parts: [(String, String)]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create, pathEncoding: nil)
        for (path, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    /// Text escaped for XML content and attribute values.
    static func xml(_ text: String) -> String { HTMLText.escape(text) }
}
