import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MenhuCore
import MenhuTestSupport
import Mustache
import Testing

@testable import MenhuWeb

/// Security issue 12, 1.1: every template escapes a quote, `<`, `>`, `&` or `'` followed by a
/// combining mark (swift-mustache's own escaping compares `Character`s and wrote them raw).
@Suite struct TemplateEscapingTests {
    static let specials: [Unicode.Scalar] = ["\"", "'", "<", ">", "&"]
    static let marks: [Unicode.Scalar] = ["\u{0301}", "\u{20DD}", "\u{0338}"]
    static let payload = specials.flatMap { s in marks.map { m in "\(Character(s))\(Character(m)) onmouseover=alert(1) " } }.joined()

    static func hasRawSpecial(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        return zip(scalars, scalars.dropFirst()).contains { specials.contains($0) && marks.contains($1) }
    }

    /// Whatever a template asks for, it gets the payload: as text, and as a section to enter.
    /// Names a template prints unescaped (`{{{bodyHTML}}}`, sanitised before it is stored) get
    /// safe text. Each name is answered a few times per render, which ends recursive partials.
    final class Anything: MustacheParent, CustomStringConvertible {
        final class Answers { var given: [String: Int] = [:] }
        let answers: Answers
        let raw: Set<String>
        init(raw: Set<String>, answers: Answers = Answers()) { self.raw = raw; self.answers = answers }
        var description: String { payload }
        func child(named name: String) -> Any? {
            let given = answers.given[name, default: 0]
            guard given < 12 else { return nil }
            answers.given[name] = given + 1
            if raw.contains(name) { return "已清洗的正文" }
            return Anything(raw: raw, answers: answers)
        }
    }

    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The names of a folder's templates, and the variables they print unescaped.
    static func templates(in folder: URL) throws -> (names: [String], raw: Set<String>) {
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }.sorted()
        var raw: Set<String> = []
        let pattern = try NSRegularExpression(pattern: #"\{\{(?:\{|&)\s*([A-Za-z0-9_.]+)"#)
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                if let r = Range(match.range(at: 1), in: text), let last = text[r].split(separator: ".").last { raw.insert(String(last)) }
            }
        }
        return (files.map { String($0.dropLast(".mustache".count)) }, raw)
    }

    @Test func everyThemeAndAdminTemplateEscapesMarksAfterSpecialCharacters() async throws {
        let renderer = try await Renderer.load(themesDirectory: Renderer.defaultThemesDirectory(environment: [:]))
        let theme = try Self.templates(in: Self.sources.appendingPathComponent("Themes/default"))
        let admin = try Self.templates(in: Self.sources.appendingPathComponent("Sources/MenhuWeb/Resources/admin"))
        #expect(theme.names.count >= 12 && admin.names.count >= 30)
        let themeLibrary = renderer.library(theme: "default", overrides: ThemeOverrides())
        for (library, set) in [(themeLibrary, theme), (renderer.admin, admin)] {
            for name in set.names {
                let html = try #require(library.render(Anything(raw: set.raw), withTemplate: name), "\(name)")
                #expect(!Self.hasRawSpecial(html), "\(name).mustache writes a special character raw")
                #expect(html.contains("&quot;\u{0301} onmouseover"), "\(name).mustache printed no value at all")
            }
        }
    }

    @Test func aSiteOwnTemplateEscapesTheSameWay() async throws {
        let renderer = try await Renderer.load(themesDirectory: Renderer.defaultThemesDirectory(environment: [:]))
        var look = ThemeOverrides()
        look.templates["notfound"] = #"<p title="{{title}}">{{title}}</p>"#
        let html = try #require(renderer.library(theme: "default", overrides: look).render(["title": Self.payload], withTemplate: "notfound"))
        #expect(html.hasPrefix("<p title=\"&quot;\u{0301}"), "\(html.prefix(40))")
        #expect(!Self.hasRawSpecial(html))
    }

    /// The reflected cases found by probing: search, the catalogue and the login page's `next`.
    @Test func queryStringsAreEscapedOnThePagesThatShowThem() async throws {
        try await Harness.with(.sqlite) { (h: Harness, client: any TestClientProtocol) async throws in
            let q = Self.payload.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            for path in ["/search?q=\(q)", "/sites/www/search?q=\(q)", "/disclosure?q=\(q)", "/admin/login?next=/admin\(q)"] {
                let page = try await client.execute(uri: path, method: .get)
                #expect(page.status.code < 500, "\(path)")
                #expect(!Self.hasRawSpecial(page.text), "\(path) reflects a special character raw")
            }
        }
    }
}
