import Foundation
import MenhuWeb
import Testing

/// The one configuration reader: every `MENHU_*` variable is read, checked and documented.
@Suite struct ConfigurationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func everyVariableTheCodeReadsIsInTheReadmeTable() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        for name in Configuration.variables {
            #expect(readme.contains("| `\(name)` |"), "README's Configuration table lacks \(name)")
        }
        // And the code reads no MENHU_ variable the reader does not know.
        let pattern = try NSRegularExpression(pattern: #""(MENHU_[A-Z0-9_]+)""#)
        var used: Set<String> = []
        let files = FileManager.default.enumerator(atPath: Self.root.appendingPathComponent("Sources").path)!
        for case let file as String in files where file.hasSuffix(".swift") {
            let text = try String(contentsOf: Self.root.appendingPathComponent("Sources/" + file), encoding: .utf8)
            for m in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                used.insert(String(text[Range(m.range(at: 1), in: text)!]))
            }
        }
        let known = Set(Configuration.variables + Configuration.toolVariables + ["MENHU_HTML"])
        #expect(used.subtracting(known).isEmpty, "read but unknown to Configuration: \(used.subtracting(known).sorted())")
    }

    @Test func noEnvironmentGivesTheDocumentedDefaults() throws {
        let config = try Configuration(environment: [:])
        #expect(config == Configuration())
        #expect(config.port == 8080 && config.database == "menhu.sqlite" && config.headerTimeoutSeconds == 10 && config.pageCacheMB == 128)
    }

    @Test(arguments: [
        ("MENHU_PORT", "80a"), ("MENHU_PORT", "70000"), ("MENHU_PASSWORD_EXPIRY_DAYS", "0"), ("MENHU_SECURE_COOKIES", "yes"),
        ("MENHU_TRUSTED_PROXIES", "127.0.0.1, nginx"), ("MENHU_THREADS", "-1"), ("MENHU_LOG_LEVEL", "verbose"),
        ("MENHU_HEADER_TIMEOUT", "0"), ("MENHU_IDLE_TIMEOUT", "10s"), ("MENHU_PAGE_CACHE_MB", "0"), ("MENHU_METRICS_TOKEN", "short"),
        ("MENHU_IMAGE_LIMIT_KB", "many"), ("MENHU_SMTP_URL", "mail.example.gov.cn:25"), ("MENHU_SMTP_FROM", "门户平台"),
    ])
    func aValueThatDoesNotFitStopsTheStartNamingTheVariable(_ name: String, _ value: String) {
        do {
            _ = try Configuration(environment: [name: value])
            Issue.record("\(name)=\(value) was accepted")
        } catch let problem as Configuration.Problem {
            #expect(problem.variable == name && problem.description.hasPrefix(name))
        } catch { Issue.record("\(error)") }
    }

    @Test func valuesAreReadAndMisspeltNamesReported() throws {
        var unknown: [String] = []
        let config = try Configuration(environment: [
            "MENHU_PORT": "9090", "MENHU_TRUSTED_PROXIES": "127.0.0.1,::1", "MENHU_SECURE_COOKIES": "1",
            "MENHU_IDLE_TIMEOUT": "5", "MENHU_PROT": "1",
        ]) { unknown.append($0) }
        #expect(config.port == 9090 && config.trustedProxies == ["127.0.0.1", "::1"] && config.secureCookies)
        #expect(config.idleTimeoutSeconds == 5)
        #expect(unknown == ["MENHU_PROT"])
    }
}
