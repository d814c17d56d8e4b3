import Foundation
import HTTPTypes
import HummingbirdTesting
import MenhuCore
import MenhuStore
import MenhuTestSupport
import MenhuWeb
import Testing

/// `menhu export`: the static copy of a site is the site, and later runs touch only what changed.
@Suite struct StaticExportTests {
    func file(_ dir: String, _ path: String) -> String? {
        (try? Data(contentsOf: URL(fileURLWithPath: dir + "/" + path))).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test(arguments: TestEngine.available)
    func exportedPagesAreTheServedPagesAndReExportsWriteOnlyWhatChanged(engine: TestEngine) async throws {
        try await Harness.with(engine, articles: 150) { (h: Harness, client: any TestClientProtocol) async throws in
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("menhu-export-\(RecordID.make())").path
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let export = StaticExport(env: h.env)
            let first = try await export.run(siteCode: "www", to: dir, origin: "https://www.example.gov.cn")
            #expect(first.written == first.files && first.unchanged == 0 && first.articles > 20)

            // Byte for byte what the server answers for the same addresses (the portal is served at /).
            let column = try await h.column("zwyw")
            let newest = try await h.db.read { db in try await ArticleRecords.published(columnIDs: [column.id], limit: 1, on: db) }[0]
            for (path, name) in [
                ("/", "index.html"), ("/zwyw/", "zwyw/index.html"), ("/gzdt/?page=2", "gzdt/index-2.html"),
                ("/ztzl/", "ztzl/index.html"), ("/zwyw/\(newest.id).html", "zwyw/\(newest.id).html"),
                ("/sitemap", "sitemap/index.html"), ("/disclosure", "disclosure/index.html"),
            ] {
                let served = try await client.execute(uri: path, method: .get)
                #expect(served.status == .ok, "\(path)")
                #expect(file(dir, name) == served.text, "\(name) is the page served at \(path)")
            }
            #expect(file(dir, "zwyw/rss.xml")?.contains("<link>https://www.example.gov.cn/zwyw/\(newest.id).html</link>") == true)
            #expect(file(dir, "sitemap.xml")?.contains("https://www.example.gov.cn/zwyw/") == true)
            #expect(file(dir, "static/default/site.css")?.contains("--primary") == true)
            // The picture news' pictures are there, under the address the pages use.
            let picture = try #require(
                file(dir, "index.html")?.components(separatedBy: "<img src=\"/files/").dropFirst().first?.prefix { $0 != "\"" })
            let parts = picture.split(separator: "/")
            #expect(FileManager.default.fileExists(atPath: "\(dir)/files/\(parts[0])/\(String(parts[1]).removingPercentEncoding!)"))

            // Nothing changed: nothing written.
            let again = try await export.run(siteCode: "www", to: dir, origin: "https://www.example.gov.cn")
            #expect(again.written == 0 && again.unchanged == first.files && again.removed == 0)

            // An item withdrawn: its page and its picture (the newest 政务要闻 carry one) are removed; the
            // lists, feeds, sitemap and homepage are rewritten; nothing else.
            var admin = try await h.browser(client, "siteadmin")
            #expect(try await admin.act(client, "/admin/sites/www/articles/\(newest.id)", "withdraw", reason: "内容有误").status == .seeOther)
            let after = try await export.run(siteCode: "www", to: dir, origin: "https://www.example.gov.cn")
            // (A list one item shorter may also lose its last page.)
            #expect(
                (2...3).contains(after.removed) && !FileManager.default.fileExists(atPath: "\(dir)/zwyw/\(newest.id).html"),
                "removed \(after.removed)")
            #expect(after.written > 0 && after.written < 40, "wrote \(after.written) of \(after.files)")
            #expect(file(dir, "zwyw/index.html") == (try await client.execute(uri: "/zwyw/", method: .get)).text)
            await #expect(throws: StaticExport.ExportError.self) { _ = try await export.run(siteCode: "nosuch", to: dir) }
        }
    }
}
