import Foundation

/// How important an item is; decides how far up it must be approved. P2.
public enum Importance: String, Sendable, CaseIterable, Codable, Comparable {
    /// 一般信息: reviewed, then signed off by the column owner or department head.
    case normal
    /// 重要信息: also approved by the responsible leader (分管领导).
    case important
    /// 特别重大信息: also decided by the leadership group (领导小组).
    case major

    public var label: String {
        switch self {
        case .normal: "一般"
        case .important: "重要"
        case .major: "特别重大"
        }
    }

    public static func < (a: Importance, b: Importance) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Whether a document is in force (有效性).
public enum Validity: String, Sendable, CaseIterable, Codable {
    case valid, invalid

    public var label: String { self == .valid ? "有效" : "失效" }
}

/// A calendar day in Asia/Shanghai, written `2026-11-20`.
public struct CalendarDay: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Parses `yyyy-MM-dd`; nil for anything else or a day that does not exist.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1...12).contains(m), (1...31).contains(d)
        else { return nil }
        let comps = DateComponents(year: y, month: m, day: d)
        guard let date = ChinaTime.calendar.date(from: comps),
            ChinaTime.calendar.component(.day, from: date) == d
        else { return nil }
        year = y; month = m; day = d
    }

    /// The day an instant falls on in China.
    public init(_ date: Date) {
        let c = ChinaTime.calendar.dateComponents([.year, .month, .day], from: date)
        year = c.year!; month = c.month!; day = c.day!
    }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    /// Midnight at the start of the day, China time.
    public var start: Date { ChinaTime.calendar.date(from: DateComponents(year: year, month: month, day: day))! }

    /// Whole days from `self` to `other` (negative when `other` is earlier).
    public func days(to other: CalendarDay) -> Int {
        ChinaTime.calendar.dateComponents([.day], from: start, to: other.start).day ?? 0
    }

    public static func < (a: CalendarDay, b: CalendarDay) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = CalendarDay(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad day \(text)"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// Everything an editor writes for one revision of an item (稿件内容). The revision's
/// digest is taken over exactly these fields, so an approval covers all of them.
public struct ArticleContent: Sendable, Equatable, Codable {
    public var title: String
    public var subtitle: String = ""
    /// The column the item lives in (its URL).
    public var columnID: String
    /// Further columns of the same site that list the item too.
    public var extraColumnIDs: [String] = []
    /// Sanitised HTML.
    public var bodyHTML: String
    public var summary: String = ""
    /// 来源.
    public var source: String
    public var author: String = ""
    /// P4: a reposted item names the original author and the source address.
    public var isRepost: Bool = false
    public var originalAuthor: String = ""
    public var sourceURL: String = ""
    /// P8: the day the work the item reports ended.
    public var eventDate: CalendarDay?
    /// P2.
    public var importance: Importance = .normal
    /// 文号.
    public var documentNumber: String = ""
    /// 主题分类.
    public var topic: String = ""
    public var validity: Validity = .valid
    public var tags: [String] = []
    /// P5: a whole-bureau notice or announcement (全局性通知公告), released only by the office publisher.
    public var isBureauNotice: Bool = false
    /// P7: the lead department of an item several departments produced.
    public var leadDepartmentID: String?
    /// P7: the other departments taking part.
    public var jointDepartmentIDs: [String] = []
    /// W5: the ten elements of a 办事指南 (items of 办事服务 columns).
    public var serviceGuide: ServiceGuide?

    public init(title: String, columnID: String, bodyHTML: String, source: String) {
        self.title = title; self.columnID = columnID; self.bodyHTML = bodyHTML; self.source = source
    }

    /// Every column the item is listed in, its own first.
    public var allColumnIDs: [String] { [columnID] + extraColumnIDs.filter { $0 != columnID } }

    /// Reads and checks the editor's form. `sanitize` turns submitted HTML into the
    /// allow-listed HTML that is stored; `columns` are the site's columns the editor may use.
    public static func read(
        _ fields: [String: String], sanitize: (String) -> String, columns: [Column], departmentIDs: Set<String>
    ) throws -> ArticleContent {
        var form = FormReader(fields)
        let title = form.required("title", label: "标题", maxLength: 200)
        let subtitle = form.limited("subtitle", label: "副标题", maxLength: 200)
        let columnID = form.optional("columnID")
        let usable = Set(columns.filter { !$0.isArchived }.map(\.id))
        if columnID.isEmpty {
            form.errors.add("columnID", "请选择栏目")
        } else if !usable.contains(columnID) {
            form.errors.add("columnID", "所选栏目不存在、已归档或不在您的授权范围内")
        }
        let extras = (fields["extraColumnIDs"] ?? "").split(separator: ",").map { String($0).trimmed }
            .filter { !$0.isEmpty && $0 != columnID }
        if extras.contains(where: { !usable.contains($0) }) {
            form.errors.add("extraColumnIDs", "同时发布的栏目必须是本网站未归档且您有权编辑的栏目")
        }
        let body = sanitize(fields["body"] ?? "")
        if Self.visibleText(body).trimmed.isEmpty {
            form.errors.add("body", "请填写正文")
        } else if body.utf8.count > 2_000_000 {
            form.errors.add("body", "正文过长（超过 2 MB），请拆分或以附件形式提供")
        }
        let source = form.required("source", label: "来源", maxLength: 100)
        var content = ArticleContent(title: title, columnID: columnID, bodyHTML: body, source: source)
        content.subtitle = subtitle
        var seen = Set<String>()
        content.extraColumnIDs = extras.filter { seen.insert($0).inserted }
        content.summary = form.limited("summary", label: "摘要", maxLength: 500)
        content.author = form.limited("author", label: "作者", maxLength: 50)
        readAttribution(fields, &form, into: &content)
        readMetadata(fields, &form, into: &content)
        readDepartments(fields, departmentIDs: departmentIDs, &form, into: &content)
        if columns.first(where: { $0.id == columnID })?.kind == .service {
            var guide = ServiceGuide()
            for e in ServiceGuide.Element.allCases {
                guide[e] = form.limited("guide.\(e.rawValue)", label: e.label, maxLength: e.maxLength)
            }
            content.serviceGuide = guide
        }
        try form.errors.throwIfAny()
        return content
    }

    /// P4: a repost names its original author and where it came from.
    private static func readAttribution(_ fields: [String: String], _ form: inout FormReader, into content: inout ArticleContent) {
        content.isRepost = fields["isRepost"] == "on" || fields["isRepost"] == "true"
        content.originalAuthor = form.limited("originalAuthor", label: "原作者", maxLength: 100)
        content.sourceURL = form.limited("sourceURL", label: "原文地址", maxLength: 500)
        if content.isRepost {
            if content.originalAuthor.isEmpty { form.errors.add("originalAuthor", "转载信息须注明原作者（依据 P4）") }
            if content.sourceURL.isEmpty {
                form.errors.add("sourceURL", "转载信息须注明原文地址（依据 P4）")
            } else if !(content.sourceURL.hasPrefix("http://") || content.sourceURL.hasPrefix("https://"))
                || URL(string: content.sourceURL)?.host == nil
            {
                form.errors.add("sourceURL", "原文地址应为以 http:// 或 https:// 开头的网址")
            }
        }
    }

    /// The item's date, importance and disclosure metadata (文号, 主题分类, 有效性, 标签).
    private static func readMetadata(_ fields: [String: String], _ form: inout FormReader, into content: inout ArticleContent) {
        let eventText = form.optional("eventDate")
        if !eventText.isEmpty {
            if let day = CalendarDay(eventText) {
                content.eventDate = day
            } else {
                form.errors.add("eventDate", "工作完成日期应写成 2026-11-20 的格式")
            }
        }
        if let raw = fields["importance"], !raw.isEmpty {
            if let importance = Importance(rawValue: raw) {
                content.importance = importance
            } else {
                form.errors.add("importance", "请选择信息重要程度")
            }
        }
        content.documentNumber = form.limited("documentNumber", label: "文号", maxLength: 100)
        content.topic = form.limited("topic", label: "主题分类", maxLength: 50)
        content.validity = fields["validity"] == Validity.invalid.rawValue ? .invalid : .valid
        let tagText = form.limited("tags", label: "标签", maxLength: 200)
        content.tags = tagText.split(whereSeparator: { $0 == "," || $0 == "，" || $0 == " " || $0 == "、" })
            .map { String($0).trimmed }.filter { !$0.isEmpty }
        content.isBureauNotice = fields["isBureauNotice"] == "on" || fields["isBureauNotice"] == "true"
    }

    /// The lead and joint departments. P7: several departments → one answers for the item.
    private static func readDepartments(
        _ fields: [String: String], departmentIDs: Set<String>, _ form: inout FormReader, into content: inout ArticleContent
    ) {
        let lead = form.optional("leadDepartmentID")
        let joint = (fields["jointDepartmentIDs"] ?? "").split(separator: ",").map { String($0).trimmed }.filter { !$0.isEmpty }
        if !lead.isEmpty {
            if departmentIDs.contains(lead) {
                content.leadDepartmentID = lead
            } else {
                form.errors.add("leadDepartmentID", "牵头处室不存在")
            }
        }
        if joint.contains(where: { !departmentIDs.contains($0) }) {
            form.errors.add("jointDepartmentIDs", "参与处室不存在")
        }
        content.jointDepartmentIDs = joint.filter { $0 != lead }
        if !content.jointDepartmentIDs.isEmpty && content.leadDepartmentID == nil {
            form.errors.add("leadDepartmentID", "多个处室共同产生的信息须指定牵头处室（依据 P7）")
        }
    }

    /// The text of sanitised HTML, one line per block: the sanitiser already ends every block
    /// element with a newline, so only `<br>` needs turning into one. For diffs and the content gate.
    /// Addresses the body links to (`<a href>`).
    public var links: [String] { Self.attribute("href", in: bodyHTML, tag: "<a ") }

    /// The body's images: address and caption (`alt`, empty when missing).
    public var images: [(src: String, caption: String)] { Self.images(in: bodyHTML) }

    /// The images of sanitised HTML: address and caption (`alt`, empty when missing).
    public static func images(in html: String) -> [(src: String, caption: String)] {
        Array(zip(attribute("src", in: html, tag: "<img "), attribute("alt", in: html, tag: "<img ")))
    }

    /// Ids of the platform's files (`/files/{id}/…`) the body links to or shows, each once.
    public var fileIDs: [String] { Self.fileIDs(in: bodyHTML) }

    /// Ids of the platform's files that sanitised HTML links to or shows, each once.
    public static func fileIDs(in html: String) -> [String] {
        guard ByteSearch.contains(Self.filesPath, in: html) else { return [] }
        var seen = Set<String>()
        return (attribute("href", in: html, tag: "<a ") + images(in: html).map(\.src)).compactMap { address -> String? in
            guard let id = fileID(of: address) else { return nil }
            return seen.insert(id).inserted ? id : nil
        }
    }

    /// The id of the platform's file an address points to (`…/files/{id}/…`), or nil.
    public static func fileID(of address: String) -> String? {
        let bytes = Array(address.utf8)
        guard let at = ByteSearch.first(filesPath, in: bytes) else { return nil }
        let id = bytes[(at + filesPath.count)...].prefix { $0 != UInt8(ascii: "/") }
        guard id.count == 32, id.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) || (0x41...0x46).contains($0) }) else {
            return nil
        }
        return String(decoding: id, as: UTF8.self)
    }

    static let filesPath = Array("/files/".utf8)

    /// Values of `name="…"` in every `tag` of sanitised HTML (whose attributes are always
    /// double-quoted), "" where a tag lacks it. Read on UTF-8 bytes: a `>` or `"` followed by a
    /// combining mark is still a `>` or `"`, and the daily inspection reads every live page.
    static func attribute(_ name: String, in html: String, tag: String) -> [String] {
        let bytes = Array(html.utf8), opening = Array(tag.utf8), key = Array("\(name)=\"".utf8)
        let n = bytes.count
        func matches(_ needle: [UInt8], at i: Int) -> Bool {
            guard i + needle.count <= n else { return false }
            for k in 0..<needle.count where bytes[i + k] != needle[k] { return false }
            return true
        }
        var values: [String] = []
        var i = 0
        while i + opening.count <= n {
            guard bytes[i] == opening[0], matches(opening, at: i) else {
                i += 1
                continue
            }
            // The head of the tag: up to its first `>` or the next occurrence of the tag.
            var j = i + opening.count
            let headStart = j
            var value = "", found = false
            while j < n && bytes[j] != 0x3E && !(bytes[j] == opening[0] && matches(opening, at: j)) {
                if (j == headStart || bytes[j - 1] == 0x20) && matches(key, at: j) {
                    var k = j + key.count
                    let start = k
                    while k < n && bytes[k] != 0x22 && bytes[k] != 0x3E { k += 1 }
                    if !found {
                        found = true
                        value = String(decoding: bytes[start..<k], as: UTF8.self)
                        if bytes[start..<k].contains(0x26) {
                            value = value.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&quot;", with: "\"")
                        }
                    }
                    j = k
                    continue
                }
                j += 1
            }
            values.append(value)
            i = j
        }
        return values
    }

    public static func plainText(_ html: String) -> String {
        visibleText(html.replacingOccurrences(of: "<br>", with: "\n"))
    }

    /// The text of some HTML with the tags dropped, for emptiness checks and diffs.
    /// Works on Unicode scalars: `>` followed by a combining mark is one `Character` that is not
    /// `>`, and reading by Character would drop the text after it from what the gate checks.
    public static func visibleText(_ html: String) -> String {
        var out = String.UnicodeScalarView()
        var inTag = false
        for scalar in html.unicodeScalars {
            if scalar == "<" { inTag = true; continue }
            if scalar == ">" { inTag = false; continue }
            if !inTag { out.append(scalar) }
        }
        return String(out).replacingOccurrences(of: "&nbsp;", with: " ").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The canonical bytes a digest is taken over: JSON with sorted keys.
    public var canonicalJSON: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try! encoder.encode(self)
    }

    /// Decodes stored canonical JSON.
    public static func decode(_ json: String) throws -> ArticleContent {
        try JSONDecoder().decode(ArticleContent.self, from: Data(json.utf8))
    }

    /// Fields for people, in display order, for the revision diff: label and text.
    public func describedFields(columnName: (String) -> String, departmentName: (String) -> String) -> [(String, String)] {
        var fields: [(String, String)] = [
            ("标题", title), ("副标题", subtitle), ("栏目", allColumnIDs.map(columnName).joined(separator: "、")),
            ("摘要", summary), ("来源", source), ("作者", author),
            ("转载", isRepost ? "是（原作者：\(originalAuthor)；原文：\(sourceURL)）" : "否"),
            ("工作完成日期", eventDate?.description ?? ""), ("重要程度", importance.label),
            ("文号", documentNumber), ("主题分类", topic), ("有效性", validity.label), ("标签", tags.joined(separator: "、")),
            ("全局性通知公告", isBureauNotice ? "是" : "否"),
            ("牵头处室", leadDepartmentID.map(departmentName) ?? ""),
            ("参与处室", jointDepartmentIDs.map(departmentName).joined(separator: "、")),
        ]
        if let g = serviceGuide { fields += ServiceGuide.Element.allCases.map { ($0.label, g[$0]) } }
        fields.append(("正文", Self.plainText(bodyHTML)))
        return fields
    }
}
