import Foundation
import MenhuChecks
import Testing

/// The content gate over real-looking government texts (Corpus/README.md): planted problems are
/// found exactly — rule, span and suggestion — and ordinary prose raises nothing.
@Suite struct CorpusTests {
    static let checker = ContentChecker(extra: [
        .init(text: "王建华", category: ContentChecker.leaderCategory, severity: .block, suggestion: "市委副书记、市长", requirement: "P10"),
        .init(text: "李明远", category: ContentChecker.leaderCategory, severity: .block, suggestion: "副市长", requirement: "P10"),
        .init(text: "某某功", category: "敏感词", severity: .block, suggestion: nil, requirement: "P10"),
    ])
    static let context = CheckContext(allowedDomains: ["jiangyuan.gov.cn"], publicEmails: ["xinxi@jyedu.cn"])

    struct Expected: Hashable, CustomStringConvertible {
        var rule: String, start: Int, length: Int, matched: String, suggestion: String
        var description: String { "\(rule) @\(start)+\(length) “\(matched)” → \(suggestion)" }
    }

    static func files(_ folder: String) throws -> [URL] {
        let dir = try #require(Bundle.module.url(forResource: folder, withExtension: nil, subdirectory: "Corpus"))
        return try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "txt" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Removes the marks: the clean text and the findings they stand for.
    static func unmark(_ marked: String) -> (text: String, expected: [Expected]) {
        var text: [Unicode.Scalar] = [], expected: [Expected] = []
        var rest = Substring(marked)
        while let open = rest.firstIndex(of: "⟦"), let close = rest[open...].firstIndex(of: "⟧") {
            text += rest[..<open].unicodeScalars
            let mark = rest[rest.index(after: open)..<close]
            let rule = String(mark.prefix { $0 != ":" })
            let body = mark.dropFirst(rule.count + 1)
            let matched = String(body.prefix { $0 != ">" })
            let suggestion = body.count > matched.count ? String(body.dropFirst(matched.count + 1)) : ""
            expected.append(Expected(rule: rule, start: text.count, length: matched.unicodeScalars.count, matched: matched, suggestion: suggestion))
            text += matched.unicodeScalars
            rest = rest[rest.index(after: close)...]
        }
        text += rest.unicodeScalars
        return (String(String.UnicodeScalarView(text)), expected)
    }

    @Test func plantedProblemsAreFoundExactly() throws {
        let files = try Self.files("planted")
        #expect(files.count >= 4)
        var planted = 0
        for file in files {
            let (text, expected) = Self.unmark(try String(contentsOf: file, encoding: .utf8))
            planted += expected.count
            let found = Self.checker.check(CheckInput(text: text), context: Self.context).map {
                Expected(rule: $0.rule, start: $0.start, length: $0.length, matched: $0.matched, suggestion: $0.suggestion ?? "")
            }
            let missed = Set(expected).subtracting(found), extra = Set(found).subtracting(expected)
            #expect(missed.isEmpty, "\(file.lastPathComponent) missed: \(missed)")
            #expect(extra.isEmpty, "\(file.lastPathComponent) raised too: \(extra)")
        }
        #expect(planted >= 20)
    }

    @Test func ordinaryGovernmentProseRaisesNothing() throws {
        let files = try Self.files("clean")
        #expect(files.count >= 10)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let found = Self.checker.check(CheckInput(text: text), context: Self.context)
            #expect(found.isEmpty, "\(file.lastPathComponent): \(found.map { "\($0.rule) “\($0.matched)”" })")
        }
    }
}
