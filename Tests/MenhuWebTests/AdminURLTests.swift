import Foundation
import HTTPTypes
import MenhuTestSupport
import Testing

@testable import MenhuWeb

/// The console's addresses: routes are registered from `AdminURL`, and every link and form in the
/// admin templates opens a route that exists, with the method the route answers.
@Suite struct AdminURLTests {
    static let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/MenhuWeb/Resources/admin")

    @Test func everyRouteIsRegisteredOnce() async throws {
        try await Harness.with(.sqlite) { (h: Harness, _) async throws in
            let endpoints = AdminConsole(env: h.env).endpoints
            var seen: Set<String> = []
            for e in endpoints {
                #expect(seen.insert("\(e.method) \(e.path)").inserted, "\(e.method) \(e.path) is registered twice")
            }
            // The site menu names pages that exist.
            for item in ConsoleLinks.siteMenu {
                let url = item.url("www")
                #expect(endpoints.contains { $0.method == .get && $0.url == item.url(.route) }, "\(item.label) → \(url.path)")
                #expect(url.path == url.pattern.replacingOccurrences(of: ":site", with: "www"))
            }
        }
    }

    @Test func everyTemplateLinkOpensARouteWithItsMethod() async throws {
        try await Harness.with(.sqlite) { (h: Harness, _) async throws in
            let routes =
                AdminConsole(env: h.env).endpoints.map { ($0.method, $0.path) } + [
                    (.get, AdminURL.login.pattern), (.post, AdminURL.login.pattern), (.get, AdminURL.staticFile(.route).pattern),
                ]
            var checked = 0
            for file in try FileManager.default.contentsOfDirectory(atPath: Self.templates.path) where file.hasSuffix(".mustache") {
                let html = try String(contentsOf: Self.templates.appendingPathComponent(file), encoding: .utf8)
                for (method, address) in Self.links(in: html) {
                    for path in Self.variants(address) {
                        checked += 1
                        #expect(
                            routes.contains { $0.0 == method && Self.matches(path, pattern: $0.1) },
                            "\(file): \(method) \(address) opens no route")
                    }
                }
            }
            #expect(checked > 60)
        }
    }

    /// `href` links (GET) and form actions (with their form's method) that name `/admin…`.
    static func links(in html: String) -> [(HTTPRequest.Method, String)] {
        var found: [(HTTPRequest.Method, String)] = []
        for m in html.matches(of: #/(?<attr>href|src)="(?<url>/admin[^"?]*)/#) {
            found.append((.get, String(m.output.url)))
        }
        for m in html.matches(of: #/<form(?<attrs>[^>]*)>/#) {
            let attrs = m.output.attrs
            guard let action = attrs.firstMatch(of: #/action="(?<url>/admin[^"?]*)/#) else { continue }
            let post = attrs.contains(#/method="post"/#.ignoresCase())
            found.append((post ? .post : .get, String(action.output.url)))
        }
        return found
    }

    /// A template address with `{{#x}}a{{/x}}{{^x}}b{{/x}}` gives both addresses; `{{value}}` is one segment.
    static func variants(_ address: String) -> [String] {
        let choice = #/\{\{#(?<name>\w+)\}\}(?<yes>[^{]*)\{\{/\w+\}\}\{\{\^\w+\}\}(?<no>[^{]*)\{\{/\w+\}\}/#
        if let m = address.firstMatch(of: choice) {
            return [String(m.output.yes), String(m.output.no)].flatMap { part in
                variants(address.replacingCharacters(in: m.range, with: part))
            }
        }
        return [address.replacing(#/\{\{[^}]+\}\}/#, with: "x")]
    }

    static func matches(_ path: String, pattern: String) -> Bool {
        let parts = path.split(separator: "/"), keys = pattern.split(separator: "/")
        return parts.count == keys.count && zip(keys, parts).allSatisfy { k, p in k.hasPrefix(":") || k == p }
    }
}
