/// What a public page shows, as the page cache knows it (页面缓存标签): a rendered page carries
/// the tags of what it shows, and a change (PageChangeRecords) names the tags of the pages it
/// affects. Stored in the change log by its string form, `column:ID` and so on.
public enum PageTag: Hashable, Sendable, CustomStringConvertible {
    /// Everything of a site: its navigation, identity and theme (`site:SITE`).
    case site(String)
    /// A column's lists and feeds, and the homepage blocks of it (`column:ID`).
    case column(String)
    /// An item's page (`article:ID`).
    case article(String)
    /// A site's homepage, for its blocks' own settings (`home:SITE`).
    case home(String)
    /// A site's map of pages (`sitemap:SITE`).
    case sitemap(String)
    /// Every page of every site (`all`): a change of domains or identity.
    case all

    /// The string form stored in the change log.
    public var description: String {
        switch self {
        case .site(let id): "site:\(id)"
        case .column(let id): "column:\(id)"
        case .article(let id): "article:\(id)"
        case .home(let id): "home:\(id)"
        case .sitemap(let id): "sitemap:\(id)"
        case .all: "all"
        }
    }

    /// Reads the string form; nil for anything else.
    public init?(_ text: some StringProtocol) {
        if text == "all" { self = .all; return }
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let id = String(text[text.index(after: colon)...])
        guard !id.isEmpty else { return nil }
        switch text[..<colon] {
        case "site": self = .site(id)
        case "column": self = .column(id)
        case "article": self = .article(id)
        case "home": self = .home(id)
        case "sitemap": self = .sitemap(id)
        default: return nil
        }
    }
}
