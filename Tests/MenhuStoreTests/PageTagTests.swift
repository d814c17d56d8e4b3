import MenhuStore
import Testing

/// Page-cache tags are stored in the change log by their string form and read back the same.
@Suite struct PageTagTests {
    @Test func everyTagReadsBackFromItsStoredForm() {
        let tags: [PageTag] = [.site("s1"), .column("c1"), .article("a1"), .home("s1"), .sitemap("s1"), .all]
        #expect(tags.map(\.description) == ["site:s1", "column:c1", "article:a1", "home:s1", "sitemap:s1", "all"])
        #expect(tags.map(\.description).compactMap(PageTag.init) == tags)
    }

    @Test func anythingElseIsNoTag() {
        #expect(["", "site", "site:", "page:x", "All"].compactMap(PageTag.init).isEmpty)
    }
}
