import Foundation

/// 留言附件: a picture or PDF a writer sends with a letter (I1). Never public: only the people who
/// handle the letter open it, and it is served as a download or an image, its type taken from its
/// content, never from its name.
public struct LetterAttachment: Sendable, Equatable, Identifiable {
    public var id: String
    public var letterID: String
    /// The order it was sent in.
    public var position: Int
    /// The file's name as sent (cleaned).
    public var name: String
    public var kind: FileKind
    public var size: Int
    public var sha256: String
    public var createdAt: Date

    public init(
        id: String = RecordID.make(), letterID: String, position: Int, name: String, kind: FileKind, size: Int, sha256: String, createdAt: Date
    ) {
        self.id = id; self.letterID = letterID; self.position = position; self.name = name; self.kind = kind; self.size = size
        self.sha256 = sha256; self.createdAt = createdAt
    }
}

/// I1: what a letter may carry: at most three pictures (JPEG, PNG) or PDF files, each up to 5 MB,
/// their type checked by their content and their name's extension.
public enum LetterAttachmentRule {
    public static let kinds: Set<FileKind> = [.jpg, .png, .pdf]
    public static let maxCount = 3
    public static let maxSize = 5 * 1024 * 1024
    public static let nameLimit = 100

    /// A file as the form sent it.
    public struct Sent: Sendable {
        public var name: String
        public var data: Data
        public init(name: String, data: Data) { self.name = name; self.data = data }
    }

    /// The files that are kept (empty file inputs left out), each with its kind and clean name;
    /// a `FieldErrors` on `attachments` naming the file when one is not allowed.
    public static func check(_ files: [Sent]) throws -> [(name: String, kind: FileKind, data: Data)] {
        let sent = files.filter { !$0.data.isEmpty || !$0.name.trimmed.isEmpty }
        var errors = FieldErrors()
        if sent.count > maxCount { errors.add("attachments", "附件最多 \(maxCount) 个") }
        var kept: [(name: String, kind: FileKind, data: Data)] = []
        for file in sent.prefix(maxCount) {
            let name = cleanName(file.name)
            if file.data.isEmpty {
                errors.add("attachments", "附件“\(name)”是空文件")
            } else if file.data.count > maxSize {
                errors.add("attachments", "附件“\(name)”超过 5 MB，请压缩后再上传")
            } else if let kind = FileKind.detect(file.data, name: name), kinds.contains(kind) {
                kept.append((name, kind, file.data))
            } else {
                errors.add("attachments", "附件“\(name)”不是 JPG、PNG 图片或 PDF 文件（按文件内容判断），请重新选择")
            }
        }
        try errors.throwIfAny()
        return kept
    }

    /// The name without folders, control characters or quotes, at most `nameLimit` characters.
    public static func cleanName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let scalars = last.unicodeScalars.filter { !$0.properties.isNoncharacterCodePoint && $0.value >= 0x20 && $0 != "\"" && $0.value != 0x7F }
        let clean = String(String.UnicodeScalarView(scalars)).trimmed
        return clean.isEmpty ? "附件" : String(clean.prefix(nameLimit))
    }
}
