import Foundation
import Mustache

/// The templates of a public theme (主题模板). A theme folder lacking one is refused when it loads,
/// so a page can never render as an empty 200 because of a missing or misspelt template.
public enum ThemeTemplate: String, CaseIterable, Sendable {
    case layout, footer, home, column, article, notfound, search, sitemap, disclosure, pagination, topic, interaction, services
    case sitemapBranch = "sitemap-branch"
    /// 依申请公开: the request form, the receipt, the look-up and the documents issued.
    case disclosureRequest = "disclosure-request"
    /// 征集调查: the list, a survey with its form, its results and 采纳情况.
    case survey
    /// 在线访谈: the list, an interview with its guests, the question form and the 文字实录.
    case interview
}

/// The admin console's templates (Resources/admin), checked when the console loads.
enum AdminTemplate: String, CaseIterable, Sendable {
    case layout, login, message, password, dashboard, roles, workflow, inbox, audit
    case sites, siteForm = "site-form", departments, accounts, account, accountNew = "account-new"
    case passwordIssued = "password-issued"
    case articles, article, articleForm = "article-form", articleDiff = "article-diff", timeliness, assurance
    case columns, columnForm = "column-form", homeBlocks = "home-blocks", theme, themeTemplate = "theme-template"
    case files, dictionary, liveFindings = "live-findings", pushSystems = "push-systems", submissions, reposts
    case basis, calendar, health, reading, rectifications, letters, letter, letterChannels = "letter-channels", letterFAQs = "letter-faqs"
    case letterFAQ = "letter-faq"
    case spotCheck = "spot-check"
    case disclosureRequests = "disclosure-requests", disclosureRequest = "disclosure-request", disclosureOffice = "disclosure-office"
    case surveys, survey, surveyForm = "survey-form"
    case interviews, interview, interviewForm = "interview-form"
    case yearReport = "year-report"
    case requirements
}

/// The platform's own machine-readable documents (Resources/feeds): RSS, Atom and the sitemap
/// protocol file. Not part of a theme: their format is fixed by their specifications.
enum FeedTemplate: String, CaseIterable, Sendable {
    case rss, atom, sitemap
}

/// A page's views stacked over the frame its surface shares (the console's menu, a site's
/// navigation and footer). Templates read every layer's names at the top level; the first
/// layer that has a value for a name wins, so a page's own `pageTitle` is never hidden.
struct Layers: MustacheParent {
    /// The views, page first (kept as given, for the template check).
    let layers: [Any]
    /// Every layer's stored properties by name, read once.
    fileprivate let table: [String: Any]

    init(_ layers: Any...) {
        self.layers = layers
        var table: [String: Any] = [:]
        for layer in layers.reversed() { table.merge(Reflected.table(of: layer)) { $1 } }
        self.table = table
    }

    func child(named name: String) -> Any? { table[name] }
}

/// A view read by reflection once, when a template first looks into it: its stored properties
/// by name, nested views wrapped in turn. Without it every `{{name}}` would reflect over the
/// whole struct again (a page does a hundred such lookups; reflection per lookup made the static
/// export 2.3 times slower).
final class Reflected: MustacheParent {
    private let object: Any
    private var table: [String: Any]?

    init(_ object: Any) { self.object = object }

    func child(named name: String) -> Any? {
        if table == nil { table = Self.table(of: object) }
        return table![name]
    }

    /// The stored properties of a view that hold a value, by name.
    static func table(of object: Any) -> [String: Any] {
        if let layers = object as? Layers { return layers.table }  // layers within layers
        var table: [String: Any] = [:]
        for child in Mirror(reflecting: object).children {
            guard let label = child.label else { continue }
            // Text, flags and numbers (optional or not: a cast looks through an optional) without
            // reflecting on the value; everything else by reflection.
            let value = child.value
            if let text = value as? String {
                table[label] = text
            } else if let flag = value as? Bool {
                table[label] = flag
            } else if let number = value as? Int {
                table[label] = number
            } else if let other = Views.unwrapped(value) {
                table[label] = wrap(other)
            }
        }
        return table
    }

    /// Text, numbers, flags and dictionaries as they are; views and lists of views wrapped.
    static func wrap(_ value: Any) -> Any {
        switch value {
        case is String, is Bool, is Int, is Double: return value
        case let parent as any MustacheParent: return parent
        case let list as [Any]: return list.map(wrap)
        default: return Mirror(reflecting: value).displayStyle == .struct ? Reflected(value) : value
        }
    }
}

/// Reading a view the way the templates do.
enum Views {
    /// The value inside an optional (nil when it holds none), or the value itself.
    static func unwrapped(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first.map { unwrapped($0.value) } ?? nil
    }
}

extension String {
    /// The text, or nil when it is empty: views hold `String?` for what may be absent, so that
    /// `{{#x}}label {{x}}{{/x}}` shows no label with nothing after it.
    var nonEmpty: String? { isEmpty ? nil : self }
}
