import Foundation
import Testing

@testable import MenhuCore

/// The link rules that need no network: the platform's own addresses answered from its data, the
/// addresses never visited, links found in pages and in plain text, and the waits between tries.
@Suite struct LinkHealthTests {
    static let now = Date(timeIntervalSince1970: 1_796_000_000)

    func column(_ slug: String, site: String, parent: String? = nil) -> Column {
        Column(
            id: "\(site)-\(slug)", siteID: site,
            settings: ColumnSettings(name: slug, slug: slug, kind: .news, parentID: parent, ownerDepartmentID: nil, updateRule: .none),
            createdAt: Self.now)
    }

    /// A portal with a domain and a sub-site reached by its code.
    var platform: PlatformLinks {
        PlatformLinks(
            sites: [
                .init(id: "p", code: "portal", domains: ["www.example.gov.cn"], isPortal: true),
                .init(id: "j", code: "jyj", domains: [], isPortal: false),
            ],
            columns: [column("zwyw", site: "p"), column("bmdt", site: "p", parent: "p-zwyw"), column("tzgg", site: "j")],
            items: [
                "a1": .init(siteID: "p", columnID: "p-bmdt", withdrawn: false),
                "a2": .init(siteID: "p", columnID: "p-zwyw", withdrawn: true),
                "b1": .init(siteID: "j", columnID: "j-tzgg", withdrawn: false),
            ],
            files: ["f1"], ownHosts: ["127.0.0.1:8080"])
    }

    @Test func linksToOurOwnSitesAreAnsweredFromTheDatabase() {
        let p = platform
        // An item of a sub-column is reached through its parent column too.
        #expect(p.resolve("https://www.example.gov.cn/zwyw/a1.html")?.verdict == .ok)
        #expect(p.resolve("https://www.example.gov.cn/bmdt/a1.html")?.verdict == .ok)
        #expect(p.resolve("http://WWW.example.gov.cn/zwyw/")?.verdict == .ok)
        #expect(p.resolve("https://www.example.gov.cn/")?.verdict == .ok)
        #expect(p.resolve("https://www.example.gov.cn/search?q=x")?.verdict == .ok)
        #expect(p.resolve("https://menhu.platform/sites/jyj/tzgg/b1.html")?.verdict == .ok)
        #expect(p.resolve("http://127.0.0.1:8080/sites/jyj/tzgg/b1.html")?.verdict == .ok, "the server's own address")
        #expect(p.resolve("https://www.example.gov.cn/sites/jyj/")?.verdict == .ok, "a site's domain serves the others by code too")
        #expect(p.resolve("https://www.example.gov.cn/files/f1/a.pdf")?.verdict == .ok)

        let withdrawn = p.resolve("https://www.example.gov.cn/zwyw/a2.html")
        #expect(withdrawn?.verdict == .broken && withdrawn?.code == 410)
        #expect(withdrawn?.reason.contains("已撤回") == true)
        #expect(p.resolve("https://www.example.gov.cn/zwyw/nope.html")?.code == 404)
        #expect(p.resolve("https://www.example.gov.cn/bmdt/b1.html")?.verdict == .broken, "another site's item")
        #expect(p.resolve("https://www.example.gov.cn/qita/")?.reason.contains("“qita”栏目") == true)
        #expect(p.resolve("https://www.example.gov.cn/files/f9/a.pdf")?.reason.contains("附件") == true)
        #expect(p.resolve("https://menhu.platform/sites/nosuch/")?.verdict == .broken)
        // Not ours: left to HTTP.
        #expect(p.resolve("https://www.gov.cn/zhengce/") == nil)
        #expect(p.resolve("http://127.0.0.1:9090/") == nil)
    }

    @Test func aPagesRelativeLinksResolveAgainstWhereItIsRead() {
        let p = platform
        let page = p.pageAddress(siteID: "j", slug: "tzgg", itemID: "b1")
        #expect(page.absoluteString == "https://menhu.platform/sites/jyj/tzgg/b1.html")
        #expect(LinkExtractor.absolute("b1.html", page: page).flatMap(p.resolve)?.verdict == .ok)
        #expect(LinkExtractor.absolute("../tzgg/", page: page).flatMap(p.resolve)?.verdict == .ok)
        #expect(p.pageAddress(siteID: "p", slug: "zwyw", itemID: "a1").absoluteString == "https://www.example.gov.cn/zwyw/a1.html")
    }

    @Test func privateLoopbackAndLinkLocalAddressesAreNeverVisited() {
        for address in [
            "127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "0.0.0.0", "100.64.0.1", "::1", "fe80::1",
            "fc00::1", "::ffff:10.0.0.1",
        ] {
            #expect(NetworkAddressRule.isNonPublic(address), "\(address)")
        }
        for address in ["8.8.8.8", "172.32.0.1", "202.108.22.5", "2400:3200::1"] {
            #expect(!NetworkAddressRule.isNonPublic(address), "\(address)")
        }
    }

    @Test func linksAreFoundInPagesButNotInCommentsOrScripts() {
        let html = """
            <base href="https://www.example.gov.cn/zwyw/"><a href="a1.html">x</a><!-- <a href="/hidden"> -->
            <script>var s = '<a href="/in-script">';</script><img src='/p.png'><a href="mailto:a@b.cn">m</a><a href="#top">t</a>
            <A HREF="https://www.gov.cn/?a=1&amp;b=2">g</A>
            """
        let found = LinkExtractor.links(inHTML: html)
        #expect(found.base == "https://www.example.gov.cn/zwyw/")
        let values = found.links.map(\.value).filter(LinkExtractor.isAddress)
        #expect(values == ["a1.html", "/p.png", "https://www.gov.cn/?a=1&b=2"])
    }

    @Test func addressesInAnAttachmentsTextStopAtChinesePunctuation() {
        let text = "详见 https://www.gov.cn/zhengce/content/2019-04/15/c.htm，或访问http://www.example.gov.cn/bsfw/。电话 12345"
        #expect(TextLinks.addresses(in: text) == ["https://www.gov.cn/zhengce/content/2019-04/15/c.htm", "http://www.example.gov.cn/bsfw/"])
        #expect(TextLinks.addresses(in: "http:// 与 httpx 都不是地址").isEmpty)
    }

    @Test func pagesAreReadAtOnceAndFilesAskedForTheirHeadFirst() {
        for page in ["/", "/zwgk/", "/art/2024/1/2/art_123.html", "/index.shtml?id=3", "/list.jsp", "/News.ASPX"] {
            #expect(LinkRule.looksLikePage(page), "\(page)")
        }
        for file in ["/files/a.pdf", "/doc/b.DOCX", "/flaky", "/v1.2/data", "/a.html/download"] {
            #expect(!LinkRule.looksLikePage(file), "\(file)")
        }
    }

    /// A "page not found" page is known by its title, however its tags are written.
    @Test func aPagesTitleIsReadWhateverTheCaseOfItsTags() {
        #expect(LinkRule.title(ofPage: "<HTML><HEAD><TITLE lang=\"zh\">\n  页面不存在\n  - 某市 </Title></HEAD>") == "页面不存在 - 某市")
        #expect(LinkRule.title(ofPage: "<title>欢迎</title>") == "欢迎")
        #expect(LinkRule.title(ofPage: "<titl>半个标签") == nil)
        #expect(LinkRule.title(ofPage: "<title>没有结束") == nil)
        #expect(LinkRule.saysNotFound(LinkRule.title(ofPage: "<TITLE>404 Not Found</TITLE>")))
    }

    @Test func triesWaitAsTheServerAsksButNotTooLong() {
        func answer(_ status: Int, retryAfter: String? = nil) -> Result<LinkResponse, LinkFailure> {
            .success(LinkResponse(status: status, retryAfter: retryAfter))
        }
        #expect(LinkRule.retryDelay(after: answer(429, retryAfter: "3"), attempt: 0, now: Self.now) == 3)
        #expect(LinkRule.retryDelay(after: answer(429, retryAfter: "120"), attempt: 0, now: Self.now) == nil, "longer than 30 s: give up")
        let date = "Sun, 30 Nov 2026 00:00:10 GMT"
        let at = LinkRule.waitSeconds(date, now: Date(timeIntervalSince1970: 1_795_996_800))
        #expect(at == 10)
        #expect(LinkRule.retryDelay(after: answer(503), attempt: 1, now: Self.now) == 1, "back-off doubles")
        #expect(LinkRule.retryDelay(after: answer(503), attempt: LinkRule.retries, now: Self.now) == nil)
        #expect(LinkRule.retryDelay(after: answer(404), attempt: 0, now: Self.now) == nil, "a 404 is not tried again")
        #expect(LinkRule.retryDelay(after: .failure(.timeout), attempt: 0, now: Self.now) == 0.5)
        #expect(LinkRule.retryDelay(after: .failure(.unknownHost), attempt: 0, now: Self.now) == nil)
    }
}
