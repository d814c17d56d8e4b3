import MenhuCore
import MenhuHTML
import Testing

/// Security issue 12, 1.1: a quote followed by a combining mark is one Swift `Character` that
/// is not equal to `"`; escaping by Character wrote it raw and let a body break out of an attribute.
@Suite struct EscapingTests {
    static let specials: [Unicode.Scalar] = ["\"", "'", "<", ">", "&"]
    static let marks: [Unicode.Scalar] = ["\u{0301}", "\u{20DD}", "\u{0338}", "\u{FE0F}", "\u{200D}"]

    /// Every special character followed by every mark.
    static var attacks: [String] {
        specials.flatMap { s in marks.map { m in "x\(Character(s))\(Character(m)) onerror=alert(1) y" } }
    }

    /// True when `text` holds a special character followed by a mark: one written raw.
    static func hasRawSpecial(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        return zip(scalars, scalars.dropFirst()).contains { specials.contains($0) && marks.contains($1) }
    }

    @Test(arguments: attacks)
    func theEscaperEscapesAQuoteFollowedByACombiningMark(_ attack: String) {
        let escaped = HTMLText.escape(attack)
        #expect(!Self.hasRawSpecial(escaped), "\(escaped.unicodeScalars.map { String($0.value, radix: 16) })")
        #expect(!escaped.unicodeScalars.contains { Self.specials.contains($0) && $0 != "&" })
        // Nothing else changes: the marks and the text stay.
        #expect(escaped.unicodeScalars.filter { Self.marks.contains($0) }.count == 1)
    }

    @Test func textWithoutSpecialsIsReturnedAsItIs() {
        #expect(HTMLText.escape("江源市人民政府 2026年") == "江源市人民政府 2026年")
        #expect(HTMLText.escape("a<b & \"c\" 'd'") == "a&lt;b &amp; &quot;c&quot; &#39;d&#39;")
        #expect(HTMLText.escape("<\"'>", quotes: false) == "&lt;\"'&gt;")
    }

    @Test(arguments: marks)
    func theSanitiserKeepsAttributeValuesInsideTheirQuotes(_ mark: Unicode.Scalar) {
        let m = String(Character(mark))
        let body = """
            <p><a title="x&quot;\(m) onmouseover=alert(1) x=" href="/a">链接</a>\
            <img alt="&quot;\(m) onerror=alert(1)" src="/files/1/a.png">\
            <a href="/\(m)/evil.example/">相对</a><a href="http:/\(m)/evil.example/">外链</a></p>
            """
        let clean = Sanitizer.clean(body)
        #expect(!Self.hasRawSpecial(clean), "\(clean)")
        // Each kept attribute is name="value" with no quote inside the value: quotes come in
        // pairs, one pair per attribute.
        let quotes = clean.unicodeScalars.filter { $0 == "\"" }.count
        let attributes = ["href", "title", "src", "alt", "rel"].map { clean.components(separatedBy: " \($0)=\"").count - 1 }.reduce(0, +)
        #expect(quotes == attributes * 2, "\(clean)")
        #expect(!clean.contains("evil.example"), "an address whose slash carries a mark is not a path: \(clean)")
    }

    @Test func theSanitiserStillKeepsOrdinaryLinksAndPictures() {
        let clean = Sanitizer.clean(#"<p><a href="https://www.gov.cn/" title="中国政府网">政府网</a><img src="/files/1/a.png" alt="图"></p>"#)
        #expect(clean.contains(#"<a href="https://www.gov.cn/" title="中国政府网" rel="noopener noreferrer">"#))
        #expect(clean.contains(#"<img src="/files/1/a.png" alt="图">"#))
    }
}

/// From the review of the security fixes: what reading by `Character` still let through.
@Suite struct CharacterBypassTests {
    @Test func textAfterATagFollowedByAMarkIsStillChecked() {
        for mark in ["\u{FE0F}", "\u{200D}", "\u{0301}"] {
            let text = ArticleContent.visibleText("<p>\(mark)绝密★1年 名单</p><p>正常</p>")
            #expect(text.contains("绝密★1年"), "\(mark.unicodeScalars.first!.value)")
        }
    }

    @Test(arguments: ["//\u{FE0F}evil.example/", "/\\\u{0301}evil.example/", "https://\u{0301}evil.example/", "//\u{200D}evil.example"])
    func addressesWhoseSlashCarriesAMarkAreNotPathsOfThisSite(_ url: String) {
        #expect(!SafeURL.allowed(url, image: false))
        #expect(!HomeBlockSettings.isLinkAddress(url))
        #expect(!Sanitizer.clean("<p><a href=\"\(url)\">x</a></p>").contains("evil"))
    }

    @Test func ordinaryAddressesStillPass() {
        #expect(SafeURL.allowed("/zwyw/1.html", image: false) && SafeURL.allowed("https://www.gov.cn/", image: true))
        #expect(SafeURL.allowed("mailto:zwgk@jiangyuan.gov.cn", image: false) && !SafeURL.allowed("mailto:x@y", image: true))
        #expect(HomeBlockSettings.isLinkAddress("/bsfw/") && HomeBlockSettings.isLinkAddress("https://www.gov.cn/"))
    }
}
