/// How serious a finding is.
public enum Severity: String, Sendable, Codable, Comparable {
    /// Stops the workflow until fixed (or the emergency path is taken).
    case block
    /// Shown to the editor and reviewers; does not stop the flow.
    case warn

    public var label: String { self == .block ? "阻止" : "提示" }

    public static func < (a: Severity, b: Severity) -> Bool { a == .warn && b == .block }
}

/// One thing the content gate found in a text.
public struct Finding: Sendable, Equatable, Codable {
    /// A stable rule id, e.g. `classified`, `personal.id-number`, `chars.traditional`.
    public var rule: String
    public var severity: Severity
    /// Where, in Unicode scalars (characters) of the checked text.
    public var start: Int
    public var length: Int
    /// The text found.
    public var matched: String
    /// What is wrong, in Chinese.
    public var message: String
    /// The requirement the rule enforces, e.g. `P16`.
    public var requirement: String
    /// A replacement for `matched`, when one is known.
    public var suggestion: String?
    /// A blocking finding the signer may let through with a recorded reason (rule 2).
    public var overridable: Bool
    /// The attachment the finding is in (its file name); nil for the item's own text. Spans are
    /// then in the attachment's extracted text.
    public var source: String?

    public init(
        rule: String, severity: Severity, start: Int, length: Int, matched: String, message: String,
        requirement: String, suggestion: String? = nil, overridable: Bool = false, source: String? = nil
    ) {
        self.rule = rule; self.severity = severity; self.start = start; self.length = length; self.matched = matched
        self.message = message; self.requirement = requirement; self.suggestion = suggestion; self.overridable = overridable
        self.source = source
    }
}

/// What the gate checks: the text and the facts about the item that some rules need.
public struct CheckInput: Sendable {
    /// The plain text (title and body, or a file's text).
    public var text: String
    /// Addresses of links found in the HTML, for the link rule.
    public var links: [String]
    /// Images: their address and caption (empty when missing).
    public var images: [(src: String, caption: String)]
    public var isRepost: Bool
    public var originalAuthor: String
    public var sourceURL: String
    /// The platform's files the item links to or shows.
    public var attachments: [Attachment]

    public init(
        text: String, links: [String] = [], images: [(src: String, caption: String)] = [], isRepost: Bool = false,
        originalAuthor: String = "", sourceURL: String = "", attachments: [Attachment] = []
    ) {
        self.text = text; self.links = links; self.images = images; self.isRepost = isRepost
        self.originalAuthor = originalAuthor; self.sourceURL = sourceURL; self.attachments = attachments
    }

    /// An uploaded file of the item, with the text extracted from it.
    public struct Attachment: Sendable {
        public var name: String
        public var isImage: Bool
        /// Bytes.
        public var size: Int
        /// The document's text; nil when it could not be read.
        public var text: String?
        /// Why there is no text ("未安装 poppler-utils"…).
        public var note: String

        public init(name: String, isImage: Bool, size: Int, text: String?, note: String = "") {
            self.name = name; self.isImage = isImage; self.size = size; self.text = text; self.note = note
        }
    }
}

/// Facts about the site an item is checked for.
public struct CheckContext: Sendable {
    /// Domains whose links are not external (the site's own, the platform's, gov.cn).
    public var allowedDomains: [String]
    /// Public contact mailboxes that are not personal data.
    public var publicEmails: Set<String>
    /// Links the inspection found broken, with what it saw ("HTTP 404，2026-11-20").
    public var brokenLinks: [String: String]
    /// Pictures larger than this many bytes slow pages down (P12).
    public var imageByteLimit: Int

    public init(
        allowedDomains: [String] = [], publicEmails: Set<String> = [], brokenLinks: [String: String] = [:],
        imageByteLimit: Int = 1024 * 1024
    ) {
        self.allowedDomains = allowedDomains.map { $0.lowercased() }
        self.publicEmails = Set(publicEmails.map { $0.lowercased() })
        self.brokenLinks = brokenLinks
        self.imageByteLimit = imageByteLimit
    }
}

/// Converts UTF-8 byte offsets of a text to offsets in Unicode scalars.
struct ScalarIndex {
    let bytes: [UInt8]
    /// `scalarAt[i]`: how many scalars start before byte `i` (for i in 0...count).
    private let scalarAt: [Int32]

    init(_ text: String) {
        bytes = Array(text.utf8)
        var table = [Int32](repeating: 0, count: bytes.count + 1)
        var n: Int32 = 0
        for (i, b) in bytes.enumerated() {
            table[i] = n
            if b & 0xC0 != 0x80 { n += 1 }
        }
        table[bytes.count] = n
        scalarAt = table
    }

    func scalar(_ byte: Int) -> Int { Int(scalarAt[byte]) }

    func text(_ start: Int, _ end: Int) -> String { String(decoding: bytes[start..<end], as: UTF8.self) }
}
