import Foundation
import MenhuCore
import Mustache

/// Errors of loading templates.
public enum ThemeError: Error, CustomStringConvertible {
    case missing(String)
    case invalid(String, String)

    public var description: String {
        switch self {
        case .missing(let m): "找不到模板目录：\(m)"
        case .invalid(let name, let detail): "模板“\(name)”有误：\(detail)"
        }
    }
}

/// Renders pages from logic-less Mustache templates: public themes from `Themes/`
/// (site admins may edit them; a template cannot run code or fetch URLs) and the
/// admin console's own templates.
public final class Renderer: Sendable {
    /// Templates every public theme must have.
    public static let requiredThemeTemplates = ThemeTemplate.allCases.map(\.rawValue)

    /// Where the theme folders are.
    public let themesDirectory: String
    private let themes: [String: MustacheLibrary]
    let admin: MustacheLibrary
    /// RSS, Atom and the sitemap file.
    let feeds: MustacheLibrary
    /// Template sources by library (`theme/NAME`, `admin`, `feeds`), for the template check.
    let sources: [String: [String: String]]
    /// Set when templates are checked against the views they render (tests): what was found.
    public let problems: TemplateProblems?
    /// Static files (CSS, images, small JS) read once at load, by `theme/file`
    /// (`admin/file` for the console): requests never wait on the disk.
    private let staticFiles: [String: Data]
    /// Theme libraries with a site's own templates registered over the theme's, by theme and texts.
    private let withOverrides = BoundedCache<MustacheLibrary>(capacity: 256)

    init(
        themesDirectory: String, themes: [String: MustacheLibrary], admin: MustacheLibrary, feeds: MustacheLibrary,
        sources: [String: [String: String]], staticFiles: [String: Data], checking: Bool
    ) {
        self.themesDirectory = themesDirectory; self.themes = themes; self.admin = admin; self.feeds = feeds
        self.sources = sources; problems = checking ? TemplateProblems() : nil
        self.staticFiles = staticFiles
    }

    /// Reads the plain files of a `static/` folder.
    static func readStatic(_ directory: String, prefix: String, into files: inout [String: Data]) {
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: directory)) ?? [] where isSafeFileName(name) {
            if let data = fm.contents(atPath: directory + "/" + name) { files[prefix + "/" + name] = data }
        }
    }

    /// Loads every theme folder under `themesDirectory` and the admin templates.
    /// A theme missing a required template is refused (a missing partial would render as nothing).
    /// With `checkingTemplates`, every render also checks that each name its template uses exists
    /// in its view (`TemplateCheck`), and `problems` collects what did not.
    public static func load(themesDirectory: String, checkingTemplates: Bool = false) async throws -> Renderer {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: themesDirectory, isDirectory: &isDir), isDir.boolValue else {
            throw ThemeError.missing(themesDirectory)
        }
        var themes: [String: MustacheLibrary] = [:]
        var sources: [String: [String: String]] = [:]
        var staticFiles: [String: Data] = [:]
        for name in try fm.contentsOfDirectory(atPath: themesDirectory).sorted() {
            let path = themesDirectory + "/" + name
            guard fm.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue, !name.hasPrefix(".") else { continue }
            let library: MustacheLibrary
            do { (library, sources["theme/" + name]) = try Self.loadLibrary(directory: path) } catch {
                throw ThemeError.invalid(name, String(describing: error))
            }
            for required in requiredThemeTemplates where library.getTemplate(named: required) == nil {
                throw ThemeError.invalid(name, "缺少 \(required).mustache")
            }
            themes[name] = library
            readStatic(path + "/static", prefix: name, into: &staticFiles)
        }
        guard themes["default"] != nil else { throw ThemeError.missing(themesDirectory + "/default") }
        guard let resources = Bundle.module.resourcePath else { throw ThemeError.missing("admin") }
        let admin: MustacheLibrary, feeds: MustacheLibrary
        (admin, sources["admin"]) = try builtIn(resources + "/admin", named: "admin", AdminTemplate.allCases.map(\.rawValue))
        (feeds, sources["feeds"]) = try builtIn(resources + "/feeds", named: "feeds", FeedTemplate.allCases.map(\.rawValue))
        readStatic(resources + "/admin/static", prefix: "admin", into: &staticFiles)
        return Renderer(
            themesDirectory: themesDirectory, themes: themes, admin: admin, feeds: feeds, sources: sources,
            staticFiles: staticFiles, checking: checkingTemplates)
    }

    /// One of our own template folders, refused when a template the code names is missing.
    private static func builtIn(_ directory: String, named name: String, _ required: [String]) throws
        -> (MustacheLibrary, [String: String])
    {
        let library: MustacheLibrary, sources: [String: String]
        do { (library, sources) = try loadLibrary(directory: directory) } catch {
            throw ThemeError.invalid(name, String(describing: error))
        }
        for template in required where library.getTemplate(named: template) == nil {
            throw ThemeError.invalid(name, "缺少 \(template).mustache")
        }
        return (library, sources)
    }

    /// The content type every template renders with: HTML escaped on UTF-8 bytes by Core's
    /// escaper. swift-mustache's own HTML escaping compares `Character`s, so a quote followed by
    /// a combining mark would be written raw and break out of an attribute.
    struct ScalarSafeHTML: MustacheContentType {
        func escapeText(_ text: String) -> String { HTMLText.escape(text) }
    }

    static let contentTypeName = "MENHU_HTML"
    private static let registered: Bool = {
        MustacheContentTypes.register(ScalarSafeHTML(), named: contentTypeName)
        // A site's own template asking for `{{% CONTENT_TYPE: HTML }}` gets the same escaping.
        MustacheContentTypes.register(ScalarSafeHTML(), named: "HTML")
        return true
    }()

    /// A template compiled to escape with `ScalarSafeHTML`. The pragma stands on its own line,
    /// which Mustache removes, so the output is the template's own. Every template carries it:
    /// a partial starts again with the library's default content type.
    static func compile(_ text: String) throws -> MustacheTemplate {
        _ = registered
        return try MustacheTemplate(string: "{{% CONTENT_TYPE: \(contentTypeName) }}\n" + text)
    }

    /// Every `.mustache` file under `directory`, named by its path without the extension
    /// (`sub/name` in subfolders), compiled with `compile`.
    static func loadLibrary(directory: String) throws -> (MustacheLibrary, [String: String]) {
        var library = MustacheLibrary()
        var sources: [String: String] = [:]
        let fm = FileManager.default
        guard let files = fm.enumerator(atPath: directory) else { throw ThemeError.missing(directory) }
        for case let file as String in files where file.hasSuffix(".mustache") {
            let text = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
            let name = String(file.dropLast(".mustache".count))
            do { library.register(try compile(text), named: name) } catch {
                throw ThemeError.invalid(file, String(describing: error))
            }
            sources[name] = text
        }
        return (library, sources)
    }

    /// The default place of the themes: `MENHU_THEMES`, else `./Themes`, else the source checkout's.
    public static func defaultThemesDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let configured = environment["MENHU_THEMES"], !configured.isEmpty { return configured }
        let local = FileManager.default.currentDirectoryPath + "/Themes"
        if FileManager.default.fileExists(atPath: local + "/default") { return local }
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Themes").path
        return source
    }

    /// True when the theme exists.
    public func hasTheme(_ name: String) -> Bool { themes[name] != nil }

    /// Renders a public page with the site's theme (falling back to the default theme) and
    /// the site's own templates over it.
    func site(_ template: ThemeTemplate, theme: String, overrides: ThemeOverrides = ThemeOverrides(), _ view: Any) -> String {
        let library = self.library(theme: theme, overrides: overrides)
        if let problems {
            let name = themes[theme] == nil ? "default" : theme
            problems.add(
                TemplateCheck(sources: sources["theme/" + name, default: [:]].merging(overrides.templates) { $1 })
                    .unresolved(template.rawValue, view: view))
        }
        let shown = Reflected.wrap(view)
        return library.render(shown, withTemplate: template.rawValue)
            ?? themes["default"]!.render(shown, withTemplate: template.rawValue) ?? ""
    }

    /// An RSS, Atom or sitemap document.
    func feed(_ template: FeedTemplate, _ view: Any) -> String {
        problems?.add(TemplateCheck(sources: sources["feeds", default: [:]]).unresolved(template.rawValue, view: view))
        return feeds.render(Reflected.wrap(view), withTemplate: template.rawValue) ?? ""
    }

    func library(theme: String, overrides: ThemeOverrides) -> MustacheLibrary {
        let name = themes[theme] == nil ? "default" : theme
        let base = themes[name]!
        guard !overrides.templates.isEmpty else { return base }
        return withOverrides.get(name + "\u{3}" + overrides.templatesKey) {
            var library = base
            for (template, text) in overrides.templates {
                // Checked when saved (`templateProblem`); one that no longer parses is skipped.
                if let compiled = try? Self.compile(text) { library.register(compiled, named: template) }
            }
            return library
        }
    }

    /// The template names a theme has (what a site may override).
    func templateNames(theme: String) -> [String] {
        let library = themes[theme] ?? themes["default"]!
        return Self.requiredThemeTemplates.filter { library.getTemplate(named: $0) != nil }
    }

    /// The source text of a theme's template, for the override editor to start from.
    func templateSource(theme: String, name: String) -> String? {
        guard Self.requiredThemeTemplates.contains(name) else { return nil }
        for folder in [theme, "default"] where themes[folder] != nil {
            if let text = try? String(contentsOfFile: themesDirectory + "/" + folder + "/" + name + ".mustache", encoding: .utf8) {
                return text
            }
        }
        return nil
    }

    /// Why a site's template text cannot be used, or nil. Mustache cannot run code or read
    /// files; the check is that it parses and stays within size.
    static func templateProblem(_ text: String) -> String? {
        if text.utf8.count > ThemeOverrides.maxTemplateBytes { return "模板不能超过 \(ThemeOverrides.maxTemplateBytes / 1024) KB" }
        do { _ = try MustacheTemplate(string: text) } catch let error as MustacheTemplate.ParserError {
            let what: String =
                switch error.error as? MustacheTemplate.Error {
                case .sectionCloseNameIncorrect: "区块结束标签与开始标签不一致"
                case .expectedSectionEnd: "区块缺少结束标签 {{/…}}"
                case .unfinishedName: "标签没有闭合"
                default: "语法错误"
                }
            return "模板第 \(error.context.lineNumber) 行第 \(error.context.columnNumber) 列：\(what)"
        } catch {
            return "模板无法解析"
        }
        return nil
    }

    /// Renders an admin console page.
    func admin(_ template: AdminTemplate, _ view: Any) -> String {
        problems?.add(TemplateCheck(sources: sources["admin", default: [:]]).unresolved(template.rawValue, view: view))
        // Rule numbers in the console's words become the regulation and article they stand for.
        return RuleCitations.linked(admin.render(Reflected.wrap(view), withTemplate: template.rawValue) ?? "")
    }

    /// Every static file of a theme, by name (for `menhu export`).
    func staticFiles(theme: String) -> [String: Data] {
        let prefix = theme + "/"
        var files: [String: Data] = [:]
        for (key, data) in staticFiles where key.hasPrefix(prefix) { files[String(key.dropFirst(prefix.count))] = data }
        return files
    }

    /// A static file of a theme (or of `admin`), or nil.
    func staticFile(theme: String, file: String) -> Data? {
        guard Self.isSafeFileName(theme), Self.isSafeFileName(file) else { return nil }
        return staticFiles[theme + "/" + file]
    }

    /// Names of plain files only: no slashes, no leading dots.
    static func isSafeFileName(_ name: String) -> Bool {
        !name.isEmpty && name.count < 100 && !name.hasPrefix(".") && !name.contains("/") && !name.contains("\\")
            && !name.contains("\0")
    }
}
