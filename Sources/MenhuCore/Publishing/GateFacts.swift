/// What the content gate needs to know besides an item's content: its site, the word lists that
/// apply there, the platform files the item uses (with their text), and the links the inspection
/// found broken. The store reads them; the checks stay pure.
public struct GateFacts: Sendable {
    public var site: Site?
    /// The platform's and the site's word lists (P10).
    public var entries: [DictionaryEntry]
    /// Uploaded files linked or shown in the body.
    public var files: [FileText]
    /// Broken links among the item's links → what the inspection saw.
    public var brokenLinks: [String: String]
    /// The kind of the item's column (a 办事服务 column's items are 办事指南, W5).
    public var columnKind: ColumnKind?

    public init(
        site: Site?, entries: [DictionaryEntry] = [], files: [FileText] = [], brokenLinks: [String: String] = [:], columnKind: ColumnKind? = nil
    ) {
        self.site = site; self.entries = entries; self.files = files; self.brokenLinks = brokenLinks; self.columnKind = columnKind
    }
}
