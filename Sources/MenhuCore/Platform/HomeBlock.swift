import Foundation

/// A block of a site's homepage (首页区块), configured by the site's admin. W1, W2.
///
/// A homepage without configured blocks shows the newest items of its first top-level
/// columns (`HomeBlock.defaults`), so a new site has a working homepage at once.
public struct HomeBlock: Sendable, Equatable, Identifiable {
    public enum Kind: String, Sendable, CaseIterable {
        /// 最新信息: the newest items of a column and the columns below it.
        case latest
        /// 图片新闻: items of a column that show a picture, with its caption (P12).
        case pictures
        /// 通知公告: the newest notices, with their dates prominent.
        case notices
        /// 专题专栏: the site's special-topic columns (`ColumnKind.topic`).
        case topics
        /// 快捷链接: links chosen by the admin (other sites, service halls…).
        case links
        /// 互动交流: the entries of the interaction columns and the 找错 link.
        case interaction

        public var label: String {
            switch self {
            case .latest: "最新信息"
            case .pictures: "图片新闻"
            case .notices: "通知公告"
            case .topics: "专题专栏"
            case .links: "快捷链接"
            case .interaction: "互动交流入口"
            }
        }

        /// Whether the block shows the items of one chosen column.
        public var needsColumn: Bool { self == .latest || self == .pictures || self == .notices }
    }

    /// One quick link (name and address).
    public struct Link: Sendable, Equatable {
        public var name: String
        public var url: String
        public init(name: String, url: String) { self.name = name; self.url = url }
    }

    public var id: String
    public var siteID: String
    public var position: Int
    public var settings: HomeBlockSettings

    public init(id: String = RecordID.make(), siteID: String, position: Int, settings: HomeBlockSettings) {
        self.id = id; self.siteID = siteID; self.position = position; self.settings = settings
    }

    /// The blocks a site without configured ones shows: the newest items of its first six
    /// top-level columns that are not interaction columns.
    public static func defaults(siteID: String, columns: [Column]) -> [HomeBlock] {
        let tree = ColumnTree(columns.filter { !$0.isArchived })
        return tree.children(of: nil).filter { $0.kind != .interaction }.prefix(6).enumerated().map { n, column in
            HomeBlock(
                id: "default-\(n)", siteID: siteID, position: n,
                settings: HomeBlockSettings(
                    kind: column.kind == .notice ? .notices : .latest, title: column.name,
                    columnID: column.id, count: 8))
        }
    }
}

/// The fields of the block form, checked.
public struct HomeBlockSettings: Sendable, Equatable {
    public var kind: HomeBlock.Kind
    /// The heading of the block on the homepage.
    public var title: String
    /// The column whose items the block shows (latest, pictures, notices).
    public var columnID: String?
    /// How many items (or pictures) it shows.
    public var count: Int
    /// The quick links (kind `links`).
    public var links: [HomeBlock.Link]

    public init(kind: HomeBlock.Kind, title: String, columnID: String? = nil, count: Int = 8, links: [HomeBlock.Link] = []) {
        self.kind = kind; self.title = title; self.columnID = columnID; self.count = count; self.links = links
    }

    /// The most items a block may show.
    public static let maxCount = 20

    /// Reads the block form. Quick links are typed one per line as `名称 地址`
    /// (or `名称|地址`); addresses are http(s) or a path of the site.
    public static func read(_ fields: [String: String], columns: [Column]) throws -> HomeBlockSettings {
        var form = FormReader(fields)
        let kind = HomeBlock.Kind(rawValue: form.optional("kind"))
        if kind == nil { form.errors.add("kind", "请选择区块类型") }
        var title = form.limited("title", label: "区块标题", maxLength: 20)
        if title.isEmpty, let kind { title = kind.label }
        var columnID: String? = nil
        if let kind, kind.needsColumn {
            let chosen = form.optional("columnID")
            if chosen.isEmpty {
                form.errors.add("columnID", "“\(kind.label)”区块须选择栏目")
            } else if let column = columns.first(where: { $0.id == chosen }) {
                if column.isArchived { form.errors.add("columnID", "不能选择已归档的栏目") } else { columnID = column.id }
            } else {
                form.errors.add("columnID", "所选栏目不存在")
            }
        }
        let countText = form.optional("count")
        var count = 8
        if !countText.isEmpty {
            if let n = Int(countText), (1...maxCount).contains(n) {
                count = n
            } else {
                form.errors.add("count", "显示条数应为 1 到 \(maxCount) 之间的整数")
            }
        }
        var links: [HomeBlock.Link] = []
        if kind == .links {
            let text = form.limited("links", label: "链接", maxLength: 4000)
            for (n, line) in text.split(whereSeparator: \.isNewline).enumerated() {
                let line = String(line).trimmed
                guard !line.isEmpty else { continue }
                guard let link = parseLink(line) else {
                    form.errors.add("links", "第 \(n + 1) 行应为“名称 地址”，地址以 https://、http:// 或 / 开头")
                    break
                }
                links.append(link)
            }
            if links.isEmpty && form.errors.message(for: "links") == nil { form.errors.add("links", "请至少填写一个链接") }
            if links.count > 30 { form.errors.add("links", "一个区块最多 30 个链接") }
        }
        try form.errors.throwIfAny()
        return HomeBlockSettings(kind: kind!, title: title, columnID: columnID, count: count, links: links)
    }

    /// `名称 地址` or `名称|地址`.
    static func parseLink(_ line: String) -> HomeBlock.Link? {
        let separator = line.lastIndex(of: "|") ?? line.lastIndex(where: { $0 == " " || $0 == "\t" || $0 == "　" })
        guard let separator else { return nil }
        let name = String(line[..<separator]).trimmed
        let url = String(line[line.index(after: separator)...]).trimmed
        guard !name.isEmpty, name.count <= 30, url.count <= 500, isLinkAddress(url) else { return nil }
        return HomeBlock.Link(name: name, url: url)
    }

    /// http(s) addresses with a host, or paths of the site (not `//host`), checked on bytes (SafeURL).
    public static func isLinkAddress(_ url: String) -> Bool {
        guard !url.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || "\"<>\\".unicodeScalars.contains($0) })
        else { return false }
        return SafeURL.allowed(url, image: true)
    }

    /// The links as the form shows them, one per line.
    public var linksText: String { links.map { "\($0.name) \($0.url)" }.joined(separator: "\n") }
}
