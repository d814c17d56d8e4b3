import Foundation
import ZIPFoundation

/// A 4×3 PNG (the smallest honest image).
public let tinyPNG = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAAEklEQVR4nGP4z8CAB+GTG8HSALfKY52fOpfrAAAAAElFTkSuQmCC")!

/// Builds a .docx the way Word lays one out: document, relationships, media.
public func makeDocx(_ documentXML: String, image: Data? = nil) throws -> Data {
    let archive = try Archive(data: Data(), accessMode: .create, pathEncoding: nil)
    func add(_ path: String, _ data: Data) throws {
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }
    try add("[Content_Types].xml", Data("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>".utf8))
    try add("word/document.xml", Data(documentXML.utf8))
    try add("word/_rels/document.xml.rels", Data("""
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
        <Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/>
        </Relationships>
        """.utf8))
    if let image { try add("word/media/image1.png", image) }
    return archive.data!
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

