import Foundation
import Mustache

/// The templates of a public theme (主题模板). A theme folder lacking one is refused when it loads,
/// so a page can never render as an empty 200 because of a missing or misspelt template.
public enum ThemeTemplate: String, CaseIterable, Sendable {
    case layout, footer, home, column, article, notfound, search, sitemap, disclosure, pagination, topic
    case sitemapBranch = "sitemap-branch"
}

/// The admin console's templates (Resources/admin), checked when the console loads.
enum AdminTemplate: String, CaseIterable, Sendable {
    case layout, login, message, password, dashboard, roles, workflow, inbox, audit
    case sites, siteForm = "site-form", departments, accounts, account, accountNew = "account-new"
    case passwordIssued = "password-issued"
    case articles, article, articleForm = "article-form", articleDiff = "article-diff", timeliness, assurance
    case columns, columnForm = "column-form", homeBlocks = "home-blocks", theme, themeTemplate = "theme-template"
    case files, dictionary, liveFindings = "live-findings", pushSystems = "push-systems", submissions, reposts
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
    let layers: [Any]

    init(_ layers: Any...) { self.layers = layers }

    func child(named name: String) -> Any? {
        for layer in layers {
            if let value = Views.value(of: layer, named: name) { return value }
        }
        return nil
    }
}

/// Reading a view the way the templates do.
enum Views {
    /// The value a template sees for `name` on `object`: a stored property of a view struct (an
    /// absent optional is nothing), or a key of a `MustacheParent`.
    static func value(of object: Any, named name: String) -> Any? {
        if let parent = object as? any MustacheParent { return parent.child(named: name) }
        for child in Mirror(reflecting: object).children where child.label == name {
            return unwrapped(child.value)
        }
        return nil
    }

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
