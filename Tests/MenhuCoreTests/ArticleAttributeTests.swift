import Foundation
import Testing

@testable import MenhuCore

/// The addresses and captions of a sanitised body, read on bytes (the inspection reads every live page).
@Suite struct ArticleAttributeTests {
    @Test func imagesKeepTheirCaptionsInOrderAndFilesAreFoundOnce() {
        let file = String(repeating: "ab", count: 16)
        let html = """
            <p><img src="/files/\(file)/a.png" alt="图一"><img src="/b.png"><img alt="图三" src="/c.png"></p>\
            <p><a href="/files/\(file)/a.png">下载</a> <a title="x" href="/d?x=1&amp;y=2">链接</a><a>无</a></p>\
            <p><a href="/e\u{301}.html" data-href="no">带组合符</a></p>
            """
        let images = ArticleContent.images(in: html)
        #expect(images.map(\.src) == ["/files/\(file)/a.png", "/b.png", "/c.png"])
        #expect(images.map(\.caption) == ["图一", "", "图三"], "a missing alt keeps the others in place")
        #expect(ArticleContent.attribute("href", in: html, tag: "<a ") == ["/files/\(file)/a.png", "/d?x=1&y=2", "/e\u{301}.html"])
        #expect(ArticleContent.fileIDs(in: html) == [file])
    }
}

/// The fast way of making a root-relative link absolute gives what URL resolution gives.
@Suite struct LinkAbsoluteTests {
    func reference(_ value: String, page: URL) -> String? {
        guard let url = URL(string: value, relativeTo: page), var c = URLComponents(url: url.absoluteURL, resolvingAgainstBaseURL: true),
            c.scheme != nil
        else { return nil }
        c.fragment = nil
        return c.string
    }

    @Test func rootRelativeLinksResolveAsURLDoes() throws {
        let pages = ["https://www.example.gov.cn/zwyw/a1.html", "http://127.0.0.1:8080/sites/jyj/tzgg/", "HTTP://Example.gov.cn/x"]
        let values = [
            "/zwyw/", "/zwyw/a1.html?x=1&y=2", "/a/./b", "/a/../b", "/a/..", "/.", "//other.example/x", "/a%20b", "/a%zz", "/a b",
            "/a#frag", "/政务要闻/", "/a\\b", "/(x)*!$;:@", "/", "/files/ab12/表.pdf",
        ]
        for p in pages {
            let page = try #require(URL(string: p))
            for v in values where reference(v, page: page) != nil {
                #expect(LinkExtractor.absolute(v, page: page) == reference(v, page: page), "\(p) + \(v)")
            }
        }
    }
}
