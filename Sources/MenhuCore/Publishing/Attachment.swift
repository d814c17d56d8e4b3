import Foundation

/// The kinds of file an item may carry, recognised by their content, not their name.
public enum FileKind: String, Sendable, CaseIterable {
    case pdf, doc, docx, xls, xlsx, txt, jpg, png

    public var contentType: String {
        switch self {
        case .pdf: "application/pdf"
        case .doc: "application/msword"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .xls: "application/vnd.ms-excel"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .txt: "text/plain; charset=utf-8"
        case .jpg: "image/jpeg"
        case .png: "image/png"
        }
    }

    public var isImage: Bool { self == .jpg || self == .png }

    /// Images up to 5 MB, documents up to 20 MB.
    public var sizeLimit: Int { isImage ? 5 * 1024 * 1024 : 20 * 1024 * 1024 }

    /// The kind of `data`, checked against its name's extension; nil when it is not an
    /// allowed kind or the content does not match the name.
    public static func detect(_ data: Data, name: String) -> FileKind? {
        let ext = (name as NSString).pathExtension.lowercased()
        let bytes = [UInt8](data.prefix(8))
        func starts(_ magic: [UInt8]) -> Bool { bytes.count >= magic.count && Array(bytes.prefix(magic.count)) == magic }
        let found: FileKind?
        if starts([0x25, 0x50, 0x44, 0x46, 0x2D]) {
            found = .pdf
        } else if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            found = .png
        } else if starts([0xFF, 0xD8, 0xFF]) {
            found = .jpg
        } else if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            found = ext == "xls" ? .xls : (ext == "doc" ? .doc : nil)
        } else if starts([0x50, 0x4B, 0x03, 0x04]) {
            // An Office Open XML package names its main part in the archive.
            if data.range(of: Data("word/".utf8)) != nil {
                found = .docx
            } else if data.range(of: Data("xl/".utf8)) != nil {
                found = .xlsx
            } else {
                found = nil
            }
        } else if ext == "txt", !data.contains(0), String(data: data, encoding: .utf8) != nil {
            found = .txt
        } else {
            found = nil
        }
        guard let kind = found else { return nil }
        let expected: Set<String> = kind == .jpg ? ["jpg", "jpeg"] : [kind.rawValue]
        return expected.contains(ext) ? kind : nil
    }

    /// Width and height of a PNG or JPEG.
    public static func imageSize(_ data: Data, kind: FileKind) -> (width: Int, height: Int)? {
        let b = [UInt8](data)
        if kind == .png, b.count >= 24 {
            let w = Int(b[16]) << 24 | Int(b[17]) << 16 | Int(b[18]) << 8 | Int(b[19])
            let h = Int(b[20]) << 24 | Int(b[21]) << 16 | Int(b[22]) << 8 | Int(b[23])
            return (w, h)
        }
        if kind == .jpg {
            var i = 2
            while i + 9 < b.count {
                guard b[i] == 0xFF else { i += 1; continue }
                let marker = b[i + 1]
                let length = Int(b[i + 2]) << 8 | Int(b[i + 3])
                if (0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker) {
                    return (Int(b[i + 7]) << 8 | Int(b[i + 8]), Int(b[i + 5]) << 8 | Int(b[i + 6]))
                }
                i += 2 + length
            }
        }
        return nil
    }

}

/// P12: the size a site asks of the pictures in its pages (网页图片规格). 001 asks for 4:3 at
/// most 500×375, but that is one bureau's rule: a site turns the advice on with its own size, and
/// without one nobody is warned.
public struct ImageSizeRule: Sendable, Equatable {
    public let width: Int, height: Int

    /// 001's size, offered when a site turns the advice on.
    public static let bureau = ImageSizeRule(width: 500, height: 375)!

    public init?(width: Int, height: Int) {
        guard (16...10_000).contains(width), (16...10_000).contains(height) else { return nil }
        self.width = width; self.height = height
    }

    /// "500×375" (also with x, X, *, ＊ or full-width digits); nil for anything else.
    public init?(_ text: String) {
        let normalised = String(
            String.UnicodeScalarView(
                text.trimmed.unicodeScalars.map { s in
                    (0xFF10...0xFF19).contains(s.value) ? Unicode.Scalar(s.value - 0xFF10 + 0x30)! : s
                }))
        let parts = normalised.split(whereSeparator: { "×xX*＊".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]) else { return nil }
        self.init(width: w, height: h)
    }

    /// "500×375".
    public var text: String { "\(width)×\(height)" }

    /// The aspect ratio in lowest terms ("4:3").
    public var ratio: String {
        var (a, b) = (width, height)
        while b != 0 { (a, b) = (b, a % b) }
        return "\(width / a):\(height / a)"
    }

    /// A note for the editor about a picture of this size, or nil when it fits.
    public func advice(width w: Int, height h: Int) -> String? {
        var notes: [String] = []
        if w > width || h > height { notes.append("尺寸 \(w)×\(h) 超过本站要求的 \(text)") }
        if h > 0 && abs(Double(w) / Double(h) - Double(width) / Double(height)) > 0.05 { notes.append("宽高比不是 \(ratio)") }
        return notes.isEmpty ? nil : notes.joined(separator: "，") + "（依据 P12）"
    }
}

/// An uploaded file (附件或图片). Files never change: a new upload is a new file.
public struct StoredFile: Sendable, Equatable, Identifiable {
    public var id: String
    public var siteID: String
    public var name: String
    public var kind: FileKind
    public var size: Int
    public var sha256: String
    public var width: Int?
    public var height: Int?
    /// P12: images carry a caption (说明文字).
    public var caption: String
    public var uploadedBy: String
    public var createdAt: Date

    public init(
        id: String, siteID: String, name: String, kind: FileKind, size: Int, sha256: String, width: Int?, height: Int?,
        caption: String, uploadedBy: String, createdAt: Date
    ) {
        self.id = id; self.siteID = siteID; self.name = name; self.kind = kind; self.size = size; self.sha256 = sha256
        self.width = width; self.height = height; self.caption = caption; self.uploadedBy = uploadedBy; self.createdAt = createdAt
    }

    /// The public address: `/files/{id}/{name}`.
    public var path: String {
        "/files/\(id)/" + (name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? "file")
    }

    /// Checks an upload: kind by content, size, a caption for images; returns the kind.
    public static func validate(_ data: Data, name: String, caption: String) throws -> FileKind {
        var errors = FieldErrors()
        let clean = name.trimmed
        guard !data.isEmpty, !clean.isEmpty else { throw FieldErrors.single("file", "请选择要上传的文件") }
        if clean.count > 120 || clean.contains("/") || clean.contains("\\") { errors.add("file", "文件名过长或含有非法字符") }
        guard let kind = FileKind.detect(data, name: clean) else {
            throw FieldErrors.single("file", "只能上传 PDF、Word（doc/docx）、Excel（xls/xlsx）、UTF-8 文本（txt）文件和 JPG、PNG 图片；文件内容须与扩展名一致")
        }
        if data.count > kind.sizeLimit { errors.add("file", "\(kind.isImage ? "图片" : "文件")不能超过 \(kind.sizeLimit / 1024 / 1024) MB") }
        if kind.isImage && caption.trimmed.isEmpty { errors.add("caption", "图片须填写说明文字（依据 P12）") }
        if caption.count > 200 { errors.add("caption", "说明文字不能超过 200 个字") }
        try errors.throwIfAny()
        return kind
    }
}

/// An uploaded file with the text read from it, for the content gate.
public struct FileText: Sendable, Equatable {
    /// What could be read from a file: its text, or why there is none.
    public struct Extracted: Sendable, Equatable {
        public var text: String?
        /// Why there is no text ("" for images, which have none to read).
        public var note: String

        public init(text: String?, note: String) { self.text = text; self.note = note }
    }

    public var file: StoredFile
    public var extracted: Extracted

    public init(file: StoredFile, extracted: Extracted) { self.file = file; self.extracted = extracted }
}
