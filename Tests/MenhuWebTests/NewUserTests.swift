import Foundation
import HummingbirdTesting
import MenhuCore
import MenhuStore
import MenhuTestSupport
import MenhuWeb
import Testing

/// Issue 14: what a new user ran into.
@Suite struct NewUserTests {
    /// 14.1: sub-site search printed a dump of the site record in every result's meta line.
    @Test func subSiteSearchResultsShowNoSiteRecord() async throws {
        try await Harness.with(.sqlite, articles: 30) { (h: Harness, client: any TestClientProtocol) async throws in
            for code in ["jyj", "en"] {
                let site = try await h.site(code)
                let items = try await h.db.read { sql in try await ArticleRecords.live(siteID: site.id, on: sql) }
                let title = try #require(items.first?.content.title)
                let word = code == "en" ? String(title.split(separator: " ").first ?? "") : String(title.prefix(2))
                let page = try await client.execute(
                    uri: "/sites/\(code)/search?q=" + word.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!,
                    method: .get
                ).text
                let meta = page.components(separatedBy: "<p class=\"meta\">").dropFirst()
                #expect(!meta.isEmpty, "no results for \(word) on \(code)")
                for line in meta {
                    let text = line.components(separatedBy: "</p>").first ?? ""
                    #expect(!text.contains("contactEmail") && !text.contains("[&quot;"), "\(code): \(text.prefix(200))")
                }
            }
        }
    }

    /// The class of that bug: a template printing a dictionary or a list where it expects text
    /// shows Swift's description of it (`["name": …]`). No public page of any site does.
    @Test func noPublicPagePrintsARecord() async throws {
        try await Harness.with(.sqlite, articles: 30) { (h: Harness, client: any TestClientProtocol) async throws in
            for code in ["www", "jyj", "wjw", "en"] {
                let site = try await h.site(code)
                let columns = try await h.db.read { sql in try await ColumnRecords.all(siteID: site.id, on: sql) }
                let item = try await h.db.read { sql in try await ArticleRecords.live(siteID: site.id, on: sql) }.first
                var paths = ["/", "/sitemap", "/disclosure", "/search?q=%E5%B7%A5%E4%BD%9C", "/search?q=work"]
                paths += columns.prefix(6).map { "/\($0.slug)/" }
                if let item, let column = columns.first(where: { $0.id == item.content.columnID }) { paths.append("/\(column.slug)/\(item.id).html") }
                for path in paths {
                    let page = try await client.execute(uri: "/sites/\(code)" + path, method: .get)
                    #expect(!page.text.contains("[&quot;") && !page.text.contains("&quot;: "), "\(code)\(path) prints a record")
                }
            }
        }
    }
}
