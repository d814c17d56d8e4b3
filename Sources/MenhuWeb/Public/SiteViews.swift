import MenhuCore

// The views of a site's public pages: what each theme template receives (docs/themes.md lists
// them for theme authors). Text that may be absent is `String?`, so a template's
// `{{#x}}label {{x}}{{/x}}` shows nothing rather than a label with nothing after it.
// Templates see stored properties only (they are read by reflection), so the `has…` flags are
// stored, set where their list is.

/// What every page of a site shows (layout.mustache, footer.mustache): identity, navigation,
/// the words of its language, and the page's meta tags, feeds and breadcrumb.
struct SiteFrame {
    /// The site's identity as its footer shows it (S2).
    struct Identity {
        let name: String, code: String, homeURL: String
        let sponsor: String, organizer: String, siteIDCode: String, icp: String, publicSecurityFiling: String
        let contactPhone: String, contactEmail: String, address: String, domain: String
    }
    /// A link of the main navigation.
    struct NavLink { let name: String, url: String, current: Bool }
    /// Another language version of the site (W4).
    struct LanguageLink { let name: String, url: String, lang: String }
    /// One step of the breadcrumb; the last has no address.
    struct Crumb { let name: String, url: String? }
    /// A national meta tag (网页标签, W2).
    struct MetaTag { let name: String, content: String }
    /// An RSS or Atom link in the page head.
    struct FeedLink { let type: String, url: String, title: String }

    let pageTitle: String
    let site: Identity
    let nav: [NavLink]
    let searchURL: String, siteMapURL: String, catalogueURL: String, servicesURL: String, staticBase: String
    /// W3: 找错 on every page.
    let reportErrorURL: String
    let demoNotice: String?
    let previewNotice: String?
    /// The platform's host names, for the script that marks links leaving the platform.
    let internalHosts: String
    /// W2: the domains the site's admin lets links open without the leaving notice (and their
    /// sub-domains), space-separated.
    let directHosts: String
    /// A department's sub-site links back to the platform's portal.
    let portal: LinkView?
    let lang: String
    /// The words of the page language, by name (`{{ui.key}}`; see `UIStrings`).
    let ui: UIWords
    let languageLinks: [LanguageLink]
    let hasLanguageLinks: Bool
    let siteStyleURL: String?
    let logoURL: String?
    let hasBanner: Bool
    var breadcrumb: [Crumb] = [] { didSet { hasBreadcrumb = !breadcrumb.isEmpty } }
    /// Set with `breadcrumb` (assign it after the frame is made).
    var hasBreadcrumb = false
    var meta: [MetaTag] = []
    var feeds: [FeedLink] = []
}

/// An item in a list: title, address, day.
struct ItemView { let title: String, url: String, date: String }

/// A named link (sub-columns, quick links, the catalogue's guide and reports).
struct LinkView { let name: String, url: String }

/// The pager of a list (pagination.mustache).
struct PaginationView {
    struct PageLink { let number: Int, url: String, current: Bool }
    let current: Int, total: Int
    let pages: [PageLink]
    let prevURL: String?, nextURL: String?
}

/// home.mustache: the homepage's blocks (W1).
struct HomeView {
    /// A titled entry with a line of text (专题, interaction entries).
    struct Entry { let name: String, url: String, summary: String? }
    /// A picture item (P12: its caption is the image's alt text).
    struct Picture { let title: String, url: String, date: String, src: String, caption: String }
    struct Block {
        let title: String, kind: String, id: String
        let moreURL: String?
        var isLatest = false, isNotices = false, isPictures = false, isTopics = false, isLinks = false, isInteraction = false
        var items: [ItemView] = [], pictures: [Picture] = [], topics: [Entry] = [], links: [LinkView] = [], entries: [Entry] = []
        var hasItems = false
    }
    let blocks: [Block]
}

/// column.mustache and topic.mustache: one page of a column's list, or a 专题 with its parts.
struct ColumnView {
    struct Heading { let name: String, archived: Bool, description: String?, archivedDate: String? }
    /// A part of a 专题 with its newest items.
    struct Section { let id: String, name: String, url: String, items: [ItemView], hasItems: Bool }
    let column: Heading
    let children: [LinkView]
    let hasChildren: Bool
    let items: [ItemView]
    let pagination: PaginationView?
    let sections: [Section]
    let hasSections: Bool

    init(column: Heading, children: [LinkView], items: [ItemView], pagination: PaginationView?, sections: [Section]) {
        self.column = column; self.children = children; hasChildren = !children.isEmpty; self.items = items
        self.pagination = pagination; self.sections = sections; hasSections = !sections.isEmpty
    }
}

/// article.mustache: a live item with its disclosure facts.
struct ArticleView {
    /// P4: a repost names its original author and source.
    struct Repost { let originalAuthor: String, sourceURL: String }
    struct Item {
        let title: String, bodyHTML: String, columnName: String, columnURL: String, publishedAt: String
        let subtitle: String?, source: String?, author: String?
        /// P15: a replaced item says when.
        let updatedAt: String?
        /// S5: an archived item says so.
        let archivedAt: String?
        /// The 政府信息公开 header box of a disclosed document (W1); nil for an ordinary item.
        let documentInfo: DocumentInfo?
        let repost: Repost?
        /// W5: a 办事指南's ten elements as a table; nil for an ordinary item.
        let guide: Guide?
    }
    /// The elements of a 办事指南, each a row (its text keeps its line breaks).
    struct Guide {
        struct Row { let label: String, text: String }
        let rows: [Row]
    }
    /// 索引号, 主题分类, 发布机构, 成文日期, 文号 and 有效性, all six always shown (empty when unknown),
    /// as 政府信息公开 pages show them.
    struct DocumentInfo {
        let indexNumber: String, topic: String, issuingOrgan: String, writtenDate: String, documentNumber: String, validity: String
    }
    /// 附件: a document the body links to, with its type and size.
    struct Attachment { let name: String, url: String, kind: String, size: String }
    let article: Item
    let attachments: [Attachment]
    let hasAttachments: Bool
    /// 上一篇/下一篇 in the item's column (nil: there is none).
    let previous: LinkView?, next: LinkView?

    init(article: Item, attachments: [Attachment], previous: LinkView?, next: LinkView?) {
        self.article = article; self.attachments = attachments; hasAttachments = !attachments.isEmpty
        self.previous = previous; self.next = next
    }
}

/// notfound.mustache: a missing page (404) or a withdrawn item (410, X2).
struct NotFoundView {
    let heading: String, message: String
    var backURL: String? = nil, backLabel: String? = nil
}

/// sitemap.mustache and sitemap-branch.mustache: 网站地图, the columns as a tree.
struct SiteMapView {
    struct Branch {
        let name: String, url: String, children: [Branch]
        let hasChildren: Bool
        init(name: String, url: String, children: [Branch]) {
            self.name = name; self.url = url; self.children = children; hasChildren = !children.isEmpty
        }
    }
    let columns: [Branch]
}

/// search.mustache: 站内搜索, its form and one page of results.
struct SearchView {
    struct ColumnChoice { let slug: String, name: String, selected: Bool }
    struct Form {
        let action: String, q: String
        let docno: String?, from: String?, to: String?
        let recent: Bool, portal: Bool, allSites: Bool
        let columns: [ColumnChoice]
        let dateError: String?
    }
    struct Result {
        let title: String, titleHTML: String, snippet: String, date: String, url: String, column: String, archived: Bool
        let documentNumber: String?
        /// The result's site, when searching every site (named apart from the frame's `site`).
        let siteName: String?
    }
    let form: Form
    var prompt: String? = nil
    var total: String? = nil
    var windowNote: String? = nil
    var results: [Result] = [] { didSet { hasResults = !results.isEmpty } }
    /// Set with `results` (assign them after the view is made).
    var hasResults = false
    var pagination: PaginationView? = nil
}

/// services.mustache: 办事服务, the site's 办事指南 by item, agency, place and telephone (W5).
struct ServicesView {
    struct Row { let item: String, agency: String, place: String, phone: String, url: String, column: String }
    let rows: [Row]
    let hasRows: Bool
    let total: Int
    let totalAfter: String
    let pagination: PaginationView?

    init(rows: [Row], total: Int, totalAfter: String, pagination: PaginationView?) {
        self.rows = rows; hasRows = !rows.isEmpty; self.total = total; self.totalAfter = totalAfter; self.pagination = pagination
    }
}

/// disclosure.mustache: 政府信息公开目录 with its filters.
struct CatalogueView {
    struct Choice { let value: String, selected: Bool }
    struct ValidityChoice { let value: String, label: String, selected: Bool }
    struct Form {
        let action: String, q: String, docno: String, index: String, from: String, to: String
        let topics: [Choice], organs: [Choice], validities: [ValidityChoice]
    }
    struct Row {
        let index: String, title: String, organ: String, written: String, number: String, validity: String
        let invalid: Bool, url: String, published: String
    }
    let form: Form
    let rows: [Row]
    let hasRows: Bool
    let total: Int
    /// The words after the count: "1 item", "2 items" (W4).
    let totalAfter: String
    let links: [LinkView]
    let hasLinks: Bool
    let pagination: PaginationView?

    init(form: Form, rows: [Row], total: Int, totalAfter: String, links: [LinkView], pagination: PaginationView?) {
        self.form = form; self.rows = rows; hasRows = !rows.isEmpty; self.total = total; self.totalAfter = totalAfter
        self.links = links; hasLinks = !links.isEmpty; self.pagination = pagination
    }
}
