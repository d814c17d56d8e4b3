import Foundation

/// A minimal PDF writer for one-page forms (the demo's downloadable 申请表): a title, a table of
/// fields with room to write, and notes below. Chinese text uses the standard CJK font
/// STSong-Light (Adobe-GB1, encoding UniGB-UCS2-H) without embedding it, as every PDF reader
/// provides it; a ToUnicode map keeps the text searchable and readable by `pdftotext`.
/// The file is PDF 1.4 with a correct cross-reference table.
public struct PDFFile {
    /// A4 in points.
    public static let pageWidth = 595.0, pageHeight = 842.0
    let margin = 56.0

    public let title: String
    public let fields: [String]
    public let notes: [String]

    public init(title: String, fields: [String], notes: [String]) {
        self.title = title; self.fields = fields; self.notes = notes
    }

    /// The PDF's bytes.
    public var data: Data {
        let stream = contents()
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 \(Int(Self.pageWidth)) \(Int(Self.pageHeight))] /Contents 4 0 R "
                + "/Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(stream.utf8.count) >>\nstream\n\(stream)\nendstream",
            "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] /ToUnicode 8 0 R >>",
            "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
                + "/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R /DW 1000 /W [1 95 500] >>",
            "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 "
                + "/Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
            {
                let map = Self.toUnicode; return "<< /Length \(map.utf8.count) >>\nstream\n\(map)\nendstream"
            }(),
            "<< /Title <FEFF\(Self.hex(title).dropFirst()) /Producer (Menhu) >>",
        ]
        return Self.assemble(objects, info: objects.count)
    }

    /// A PDF 1.4 file of `objects` (numbered from 1, the first the catalog), with its
    /// cross-reference table; `info` names the document-information object, if any. The objects
    /// must be ASCII (text goes in as hex), so that their UTF-8 bytes are the file's.
    public static func assemble(_ objects: [String], info: Int? = nil) -> Data {
        var pdf = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (i, body) in objects.enumerated() {
            offsets.append(pdf.utf8.count)
            pdf += "\(i + 1) 0 obj\n\(body)\nendobj\n"
        }
        let xref = pdf.utf8.count
        pdf += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for o in offsets { pdf += String(format: "%010d 00000 n \n", o) }
        let infoEntry = info.map { " /Info \($0) 0 R" } ?? ""
        pdf += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R\(infoEntry) >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(pdf.utf8)
    }

    /// The page's content stream: the title, the field table, the notes.
    func contents() -> String {
        var ops: [String] = []
        let width = Self.pageWidth - 2 * margin
        var y = Self.pageHeight - margin - 22
        let titleSize = 18.0
        ops.append(text(title, x: (Self.pageWidth - Self.width(title, size: titleSize)) / 2, y: y, size: titleSize))
        y -= 30
        let labelWidth = 190.0, size = 10.5, line = 15.0
        ops.append("0.6 w")
        var top = y
        ops.append(String(format: "%.1f %.1f m %.1f %.1f l S", margin, top, margin + width, top))
        for field in fields {
            let lines = Self.wrap(field, width: labelWidth - 12, size: size)
            let height = max(30, Double(lines.count) * line + 14)
            for (i, piece) in lines.enumerated() {
                ops.append(text(piece, x: margin + 6, y: top - 10 - size - Double(i) * line + 2, size: size))
            }
            let bottom = top - height
            ops.append(String(format: "%.1f %.1f m %.1f %.1f l S", margin, bottom, margin + width, bottom))
            ops.append(String(format: "%.1f %.1f m %.1f %.1f l S", margin, top, margin, bottom))
            ops.append(String(format: "%.1f %.1f m %.1f %.1f l S", margin + labelWidth, top, margin + labelWidth, bottom))
            ops.append(String(format: "%.1f %.1f m %.1f %.1f l S", margin + width, top, margin + width, bottom))
            top = bottom
            if top < margin + 80 { break }
        }
        y = top - 24
        for note in notes {
            for piece in Self.wrap(note, width: width, size: 9.5) where y > margin {
                ops.append(text(piece, x: margin, y: y, size: 9.5))
                y -= 14
            }
            y -= 4
        }
        return ops.joined(separator: "\n")
    }

    /// One line of text at (x, y) in the CJK font.
    func text(_ line: String, x: Double, y: Double, size: Double) -> String {
        String(format: "BT /F1 %.1f Tf %.1f %.1f Td ", size, x, y) + Self.hex(line) + " Tj ET"
    }

    /// Text as a hex string of UTF-16 code units (UCS-2 for the Basic Multilingual Plane; other
    /// characters become U+FFFD).
    static func hex(_ text: String) -> String {
        "<" + text.unicodeScalars.map { String(format: "%04X", $0.value <= 0xFFFF ? $0.value : 0xFFFD) }.joined() + ">"
    }

    /// The width of `text` at `size`: full-width characters take 1 em, ASCII half of one.
    static func width(_ text: String, size: Double) -> Double {
        text.unicodeScalars.reduce(0) { $0 + ($1.isASCII ? 0.5 : 1) } * size
    }

    /// `text` broken into lines no wider than `width`.
    static func wrap(_ text: String, width: Double, size: Double) -> [String] {
        var lines: [String] = [], current = ""
        for character in text {
            if Self.width(current + String(character), size: size) > width, !current.isEmpty {
                lines.append(current); current = ""
            }
            current.append(character)
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }

    /// A ToUnicode CMap for UCS-2 codes: every code is its own Unicode value.
    static let toUnicode: String = {
        var map = """
            /CIDInit /ProcSet findresource begin
            12 dict begin
            begincmap
            /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
            /CMapName /Adobe-Identity-UCS def
            /CMapType 2 def
            1 begincodespacerange
            <0000> <FFFF>
            endcodespacerange

            """
        for block in stride(from: 0, to: 256, by: 100) {
            let high = min(block + 100, 256)
            map += "\(high - block) beginbfrange\n"
            for b in block..<high { map += String(format: "<%02X00> <%02XFF> <%02X00>\n", b, b, b) }
            map += "endbfrange\n"
        }
        map += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
        return map
    }()
}
