import MenhuChecks
import Testing

private let checker = ContentChecker()

private func findings(_ text: String, context: CheckContext = CheckContext()) -> [Finding] {
    checker.check(CheckInput(text: text), context: context)
}

@Suite struct ContentCheckerTests {
    @Test func classificationMarkingsBlockAndEverydayWordsOnlyWarn() {
        let marked = findings("本文件密级：绝密★1年，机密 ★ 启用前。")
        #expect(marked.filter { $0.rule == "classified.marking" }.map(\.matched) == ["绝密★1年", "机密 ★ 启用前"])
        #expect(ContentChecker.blocks(marked))
        let everyday = findings("保护商业秘密，不做秘密交易。")
        #expect(!ContentChecker.blocks(everyday) && everyday.allSatisfy { $0.rule == "classified.word" && $0.severity == .warn })
        let state = findings("严防泄露国家秘密。")
        #expect(state.map(\.matched) == ["国家秘密"] && ContentChecker.blocks(state))
    }

    @Test func idNumbersAreCheckedAndMasked() {
        let valid = findings("身份证号11010519491231002X，请核对。")
        #expect(valid.count == 1 && valid[0].rule == "personal.id-number" && valid[0].severity == .block)
        #expect(valid[0].suggestion == "110105********002X" && valid[0].start == 4 && valid[0].length == 18)
        let badChecksum = findings("号码110105194912310021。")
        #expect(badChecksum.first?.severity == .warn)
        #expect(PersonalData.idChecksumValid("440524188001010014"))
    }

    @Test func mobilesAndCardsBlockButPublicNumbersAndCodesDoNot() {
        let text = "联系人手机13800138000或138 0013 8000，卡号6228480402564890018。值班电话0746-8379670，统一社会信用代码91350100M000100Y43。"
        let found = findings(text)
        #expect(found.map(\.rule) == ["personal.mobile", "personal.mobile", "personal.bank-card"])
        #expect(found.map(\.suggestion) == ["138****8000", "138****8000", "622848*********0018"])
        let spans = found.map { String(String.UnicodeScalarView(Array(text.unicodeScalars)[$0.start..<($0.start + $0.length)])) }
        #expect(spans == ["13800138000", "138 0013 8000", "6228480402564890018"])
    }

    @Test func personalMailboxesWarnButTheSitesOwnDoNot() {
        let context = CheckContext(allowedDomains: ["jiangyuan.gov.cn"], publicEmails: ["xinxi@jyedu.cn"])
        let found = findings("来信请寄 zhangsan@163.com，或 jyj@jiangyuan.gov.cn、xinxi@jyedu.cn。", context: context)
        #expect(found.map(\.matched) == ["zhangsan@163.com"] && found[0].severity == .warn)
    }

    @Test func traditionalAndVariantCharactersGetTheirStandardForm() {
        let found = findings("國務院辦公廳通知：天氣乾燥，乾坤朗朗，栢樹常青。")
        let byChar = Dictionary(found.map { ($0.matched, $0.suggestion ?? "") }, uniquingKeysWith: { a, _ in a })
        #expect(byChar["國"] == "国" && byChar["廳"] == "厅" && byChar["乾"] == "干" && byChar["栢"] == "柏")
        #expect(!found.contains { $0.matched == "乾坤" || ($0.matched == "乾" && $0.start == 12) })
        #expect(found.allSatisfy { $0.severity == .warn && $0.requirement == "P10" })
        #expect(checker.simplified("國務院辦公廳 乾坤 乾燥") == "国务院办公厅 乾坤 干燥")
        #expect(findings("乾隆年间").isEmpty)
    }

    @Test func typosOutdatedNamesAndPoliticalExpressions() {
        let found = findings("再接再励，原国土资源部职能划入；不得称台湾总统。")
        #expect(found.map(\.rule) == ["typo", "expression.outdated", "expression.political"])
        #expect(found.map(\.suggestion) == ["再接再厉", "自然资源部", "台湾地区领导人"])
        #expect(found.map(\.severity) == [.warn, .warn, .block])
    }

    @Test func linksLeavingTheSiteOrThePublicNetworkAreNamed() {
        let input = CheckInput(
            text: "见链接",
            links: [
                "https://www.example.com/a", "http://www.jiangyuan.gov.cn/x.html",
                "http://192.168.1.10/oa", "https://www.gov.cn/zhengce/",
            ])
        let found = checker.check(input, context: CheckContext(allowedDomains: ["jiangyuan.gov.cn"]))
        #expect(Set(found.map(\.rule)) == ["link.external", "link.http", "link.private"])
        #expect(found.first { $0.rule == "link.http" }?.suggestion == "https://www.jiangyuan.gov.cn/x.html")
    }

    @Test func repostsWithoutAttributionBlockAndImagesNeedCaptions() {
        let found = checker.check(CheckInput(text: "正文", images: [("/files/x/a.png", "")], isRepost: true, originalAuthor: "新华社"))
        #expect(found.map(\.rule).sorted() == ["format.image-caption", "repost.attribution"])
    }

    @Test func requestsReportsAndLettersAreHeldButOverridable() {
        for (text, rule) in [
            ("关于增加人员编制的请示\n市政府：……妥否，请批示。", "doctype.request"),
            ("关于商请支持项目建设的函\n省交通厅：……", "doctype.letter"),
            ("关于上半年工作情况的报告\n市委：……特此报告。", "doctype.report"),
        ] {
            let found = findings(text).filter { $0.rule.hasPrefix("doctype.") }
            #expect(found.map(\.rule) == [rule] && found[0].severity == .block && found[0].overridable)
        }
        #expect(findings("2025年政府信息公开工作年度报告\n根据条例规定……").filter { $0.rule.hasPrefix("doctype.") }.isEmpty)
        #expect(findings("江源市政府工作报告\n各位代表……").filter { $0.rule.hasPrefix("doctype.") }.isEmpty)
    }

    @Test func cleanTextHasNoFindings() {
        #expect(findings("江源市教育局召开2026年秋季学期开学工作会议，部署安全生产工作。联系电话：0799-1234567。").isEmpty)
    }
}

@Suite struct MatcherTests {
    @Test func overlappingAndLeftmostLongestMatches() {
        let m = Matcher(["安全", "安全生产", "生产", "会议"])
        let text = Array("安全生产工作会议".utf8)
        #expect(m.allMatches(in: text).count == 4)
        #expect(m.matches(in: text).map { m.patterns[$0.pattern] } == ["安全生产", "会议"])
        #expect(text.withUnsafeBufferPointer { m.count(in: $0) } == 4)
    }
}

@Suite struct InvisibleCharacterTests {
    @Test func zeroWidthCharactersInsideWordsBlock() {
        let findings = ContentChecker().check(CheckInput(text: "本文件绝\u{200B}密，联系人李\u{FEFF}\u{200C}四。"))
        let invisible = findings.filter { $0.rule == "format.invisible" }
        #expect(invisible.count == 2 && invisible.allSatisfy { $0.severity == .block })
        #expect(invisible.map(\.length) == [1, 2])
        #expect(ContentChecker().check(CheckInput(text: "本文件不含不可见字符。")).allSatisfy { $0.rule != "format.invisible" })
    }
}
