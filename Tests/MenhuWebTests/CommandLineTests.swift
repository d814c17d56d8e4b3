import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The stable command-line interfaces of the self-inspection (issue 16): `menhu links check` and
/// `menhu inspect`, run as the built program is run, with their output shapes and exit codes.
@Suite struct CommandLineTests {
    /// The built `menhu`, beside the test bundle (`swift test` builds it with the tests).
    static func menhu() throws -> URL {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("menhu"),
            root.appendingPathComponent(".build/debug/menhu"),
        ]
        return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }, "menhu is built")
    }

    /// Runs `menhu` with `arguments` on a Dispatch thread (the server under test needs the
    /// concurrency threads): its exit code and what it printed.
    static func run(_ arguments: [String]) async throws -> (code: Int32, out: String, err: String) {
        let program = try menhu()
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    let process = Process()
                    process.executableURL = program
                    process.arguments = arguments
                    var environment = ProcessInfo.processInfo.environment
                    environment["MENHU_LOG_LEVEL"] = "error"
                    process.environment = environment
                    let out = Pipe(), err = Pipe()
                    process.standardOutput = out
                    process.standardError = err
                    try process.run()
                    let data = out.fileHandleForReading.readDataToEndOfFile()
                    let errors = err.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    continuation.resume(
                        returning: (process.terminationStatus, String(decoding: data, as: UTF8.self), String(decoding: errors, as: UTF8.self)))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("menhu-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func linksCheckPrintsOneEntryPerAddressAndExitsOnWhatItFound() async throws {
        let router = Router()
        router.on("/ok.pdf", method: .head) { _, _ in Response(status: .ok, headers: [.contentType: "application/pdf"]) }
        router.on("/gone.pdf", method: .head) { _, _ in Response(status: .notFound) }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port), dir = try Self.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let web = "http://127.0.0.1:\(port)"
            let broken = dir.appendingPathComponent("a.html"), fine = dir.appendingPathComponent("b.html")
            try """
            <p><a href="\(web)/ok.pdf">表格</a> <a href="\(web)/gone.pdf">旧附件</a> <a href="\(web)/gone.pdf">又一次</a>
            <a href="mailto:zwgk@example.gov.cn">信箱</a> <a href="nosuch.docx">本地文件</a></p>
            """.write(to: broken, atomically: true, encoding: .utf8)
            try "<p><a href=\"\(web)/ok.pdf\">表格</a></p>".write(to: fine, atomically: true, encoding: .utf8)

            let found = try await Self.run(["links", "check", "--allow-private", "--format", "json", broken.path, fine.path])
            #expect(found.code == 1, "something is broken: \(found.err)")
            let entries = try #require(try JSONSerialization.jsonObject(with: Data(found.out.utf8)) as? [[String: Any]])
            #expect(entries.allSatisfy { Set($0.keys) == ["url", "status", "code", "reason", "pages"] })
            func entry(_ url: String) -> [String: Any]? { entries.first { ($0["url"] as? String) == url } }
            let gone = try #require(entry("\(web)/gone.pdf"))
            #expect(gone["status"] as? String == "broken" && gone["code"] as? Int == 404 && (gone["reason"] as? String)?.contains("页面不存在") == true)
            #expect(gone["pages"] as? [String] == [broken.path], "each input once, however often it links")
            let ok = try #require(entry("\(web)/ok.pdf"))
            #expect(ok["status"] as? String == "ok" && ok["pages"] as? [String] == [broken.path, fine.path].sorted())
            #expect(entry(dir.appendingPathComponent("nosuch.docx").path)?["status"] as? String == "broken")
            #expect(entries.count == 3, "mailto is not checked")

            #expect(try await Self.run(["links", "check", "--allow-private", fine.path]).code == 0)
            // Loopback is refused without --allow-private: the link is broken, not visited.
            let refused = try await Self.run(["links", "check", "--format", "json", fine.path])
            #expect(refused.code == 1 && refused.out.contains("内网或本机地址"))
            let bad = try await Self.run(["links", "check", dir.appendingPathComponent("missing.html").path])
            #expect(bad.code == 2 && bad.err.contains("无法读取文件"))
            #expect(try await Self.run(["links", "check", "--format", "xml", fine.path]).code == 2)
        }
    }

    @Test func inspectPrintsEveryIndicatorOfEverySite() async throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let database = dir.appendingPathComponent("demo.sqlite").path
        #expect(try await Self.run(["demo", "--database", database]).code == 0)
        let report = try await Self.run(["inspect", "--skip-links", "--format", "json", "--database", database])
        #expect(report.code == 0 || report.code == 1, "\(report.err)")
        let sites = try #require(try JSONSerialization.jsonObject(with: Data(report.out.utf8)) as? [[String: Any]])
        #expect(Set(sites.compactMap { $0["site"] as? String }) == ["www", "jyj", "wjw", "en"])
        for site in sites {
            let indicators = try #require(site["indicators"] as? [[String: Any]])
            #expect(
                indicators.compactMap { $0["label"] as? String } == ["站点无法访问", "首页不更新", "栏目不更新", "严重问题", "互动回应差", "服务不实用"])
            #expect(indicators.allSatisfy { !($0["value"] as? String ?? "").isEmpty && !($0["threshold"] as? String ?? "").isEmpty })
        }
        // The exit code says whether a site is vetoed.
        let vetoed = sites.contains { $0["verdict"] as? String == "veto" }
        #expect(report.code == (vetoed ? 1 : 0))
        let one = try await Self.run(["inspect", "--skip-links", "--site", "jyj", "--database", database])
        #expect(one.out.contains("江源市教育局（jyj）") && !one.out.contains("（wjw）"))
        #expect(try await Self.run(["inspect", "--site", "nosuch", "--skip-links", "--database", database]).code == 2)
    }

    /// `menhu report yearly` (A4): the table's words as JSON keys, in its order; unknown is null.
    @Test func theYearlyReportIsPrintedWithTheTablesWords() async throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let database = dir.appendingPathComponent("demo.sqlite").path
        #expect(try await Self.run(["demo", "--database", database]).code == 0)
        let year = String(Calendar(identifier: .gregorian).component(.year, from: Date()))
        let json = try await Self.run(["report", "yearly", "--site", "www", "--year", year, "--format", "json", "--database", database])
        #expect(json.code == 0, "\(json.err)")
        #expect(json.out.hasPrefix("{\n  \"年度\": \(year),\n  \"填报单位\": "), "the table's order")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        #expect(report["网站名称"] as? String == "江源市人民政府" && report["网站类型"] as? String == "政府门户网站")
        #expect(report["网站总访问量"] is NSNull, "visits are not counted yet: null, not 0")
        let interaction = try #require(report["互动交流"] as? [String: Any])
        let surveys = try #require(interaction["征集调查"] as? [String: Any])
        #expect(surveys["征集调查期数"] is NSNumber && surveys["收到意见数量"] is NSNumber)
        #expect((try #require(report["安全防护"] as? [String: Any]))["是否开展应急演练"] is NSNull)
        #expect((report["待填报"] as? [String])?.contains("安全防护 › 是否开展应急演练") == true)
        let text = try await Self.run(["report", "yearly", "--site", "www", "--year", year, "--database", database])
        #expect(text.out.contains("信息发布\n  总数：") && text.out.contains("安全检测评估次数：待填报（由网站管理员填报）"))
        #expect(try await Self.run(["report", "yearly", "--site", "nosuch", "--database", database]).code != 0)
    }
}
