import Foundation
import MenhuCore
import Testing

@Suite struct SearchTextTests {
    @Test func chineseIsIndexedAsOverlappingPairsAndLatinWordsWhole() {
        #expect(SearchText.tokens("国务院办公厅2017年GB/T 9704") == ["国务", "务院", "院办", "办公", "公厅", "2017", "年", "gb", "t", "9704"])
        #expect(SearchText.tokens("水") == ["水"])
    }

    @Test func aQueryWordIsThePhraseOfItsPairs() {
        let terms = SearchText.terms("安全生产，供暖  水")
        #expect(terms.map(\.tokens) == [["安全", "全生", "生产"], ["供暖"], ["水"]])
        #expect(terms.map(\.prefix) == [false, false, true])
        #expect(
            SearchText.ftsQuery(terms, tags: ["s01ab"])
                == "{title body docno}:\"安全 全生 生产\" AND {title body docno}:\"供暖\" AND {title body docno}:\"水\" * AND tags:s01ab")
        #expect(SearchText.terms("第3期").map(\.prefix) == [true] && SearchText.tsQuery(SearchText.terms("第3期"), tags: []) == "('第' <-> '3' <-> '期':*)")
        #expect(
            SearchText.tsQuery(Array(terms.prefix(2)), numberTerms: SearchText.terms("47号"), tags: [])
                == "('安全' <-> '全生' <-> '生产') & ('供暖') & ('47':C <-> '号':*C)")
    }

    @Test func theIndexOfPostgreSQLCarriesPositionsAndWeights() {
        #expect(SearchText.tsVector(title: "供暖", body: "热线", documentNumber: "", tags: ["sab"]) == "'供暖':1A '热线':3B 'sab'")
        // Trigrams sit at their first bigram's place, within a run only (not across the comma).
        #expect(
            SearchText.tsVector(title: "", body: "湿地公园，园区", documentNumber: "", tags: []) == "'湿地':2B '地公':3B '_湿地公':2B '公园':4B '_地公园':3B '园区':5B")
        // A run and a number written together make a pair, at the first one's place.
        #expect(
            SearchText.tsVector(title: "", body: "第3期，方面1", documentNumber: "", tags: [])
                == "'第':2B '3':3B '_第3':2B '期':4B '_3期':3B '方面':5B '1':6B '_方面1':5B")
        // Spaces between a run and a number keep them together; between two runs they do not.
        #expect(SearchText.tsVector(title: "", body: "2024 年，安全 生产", documentNumber: "", tags: []) == "'2024':2B '年':3B '_2024年':2B '安全':4B '生产':5B")
        #expect(SearchText.keyBlocks(20_000) == ["_a19", "_b1"])
        #expect(SearchText.keyBlockQuery(low: 3_000, high: 1_500) == nil)
        #expect(SearchText.keyBlockQuery(low: 1_000, high: 20_000) == "('_b0' | '_a16' | '_a17' | '_a18' | '_a19')")
    }

    @Test func longerWordsArePhrasesOfTrigramsAndPairsOnceTheIndexHasThem() {
        let terms = SearchText.terms("湿地公园 湿地 第3期 园区建设")
        #expect(
            SearchText.tsQuery(terms, numberTerms: SearchText.terms("国办发"), tags: ["sab"], ngrams: true)
                == "('_湿地公' <-> '_地公园') & ('湿地') & ('_第3' <-> '_3期':*) & ('_园区建' <-> '_区建设') & ('_国办发':C) & 'sab'")
        #expect(SearchText.tsQuery(Array(terms.prefix(1)), tags: []) == "('湿地' <-> '地公' <-> '公园')", "without them in the index, bigrams")
        #expect(
            SearchText.tsQuery(SearchText.terms("水利局2 第12期工作简报"), tags: [], ngrams: true)
                == "('_水利局' <-> '_利局2') & ('_第12' <-> '_12期工' <-> '_期工作' <-> '_工作简' <-> '_作简报')")
    }

    @Test func postgresCandidatesAreEveryPieceWithoutPhrasesOrWeights() {
        let terms = SearchText.terms("湿地公园 湿地 第3期")
        #expect(
            SearchText.tsCandidates(terms, numberTerms: SearchText.terms("国办发"), tags: ["sab"], ngrams: true)
                == "'_湿地公' & '_地公园' & '湿地' & '_第3' & '_3期':* & '_国办发' & 'sab'")
        #expect(
            SearchText.tsCandidates(SearchText.terms("湿地 供暖 第3 水利局"), tags: ["sab"], ngrams: true) == nil,
            "words of one piece are already exact in the index")
        #expect(
            SearchText.tsCandidates(SearchText.terms("园区"), numberTerms: SearchText.terms("2"), tags: [], ngrams: true) == "'园区' & '2'",
            "a document number is asked for anywhere, then checked in the number")
    }

    @Test func snippetsMarkTheWordsAndEscapeTheText() {
        let text = String(repeating: "前文", count: 100) + "做好<冬季>供暖工作，供暖热线24小时值守。" + String(repeating: "后文", count: 100)
        let snippet = SearchText.snippet(text, terms: SearchText.terms("供暖"), length: 60)
        #expect(snippet.hasPrefix("…") && snippet.hasSuffix("…"))
        #expect(snippet.contains("做好&lt;冬季&gt;<mark>供暖</mark>工作，<mark>供暖</mark>热线"))
    }

    /// 14.15: the snippet shows where the words are found together, starts at a sentence, and
    /// never cuts an English word; titles are marked too.
    @Test func snippetsShowWhereTheWordsMeetAndKeepWordsWhole() {
        let text =
            "本市召开会议。" + String(repeating: "会议强调要统筹发展。", count: 20) + "会议部署冬季供暖工作，确保群众温暖过冬。"
            + String(repeating: "其他内容。", count: 30)
        let chinese = SearchText.snippet(text, terms: SearchText.terms("会议 供暖"), length: 60)
        #expect(chinese.contains("<mark>会议</mark>部署冬季<mark>供暖</mark>工作"))
        #expect(chinese.hasPrefix("…<mark>会议</mark>部署"), "begins at the sentence: \(chinese)")

        let english =
            String(repeating: "The city government held its regular press conference today. ", count: 6)
            + "Heating supply for the winter will start on November fifteenth across all districts of the city. "
            + String(repeating: "Other news follows here. ", count: 10)
        let snippet = SearchText.snippet(english, terms: SearchText.terms("heating"), length: 80)
        #expect(snippet.contains("<mark>Heating</mark> supply"))
        let visible = snippet.replacing("<mark>", with: "").replacing("</mark>", with: "").trimmingCharacters(in: CharacterSet(charactersIn: "…"))
        let words = Set(english.split(whereSeparator: { !$0.isLetter }).map(String.init))
        for word in visible.split(whereSeparator: { !$0.isLetter }).map(String.init) {
            #expect(words.contains(word), "“\(word)” is a piece of a word: \(snippet)")
        }

        #expect(SearchText.highlighted("关于<冬季>供暖的通知", terms: SearchText.terms("供暖")) == "关于&lt;冬季&gt;<mark>供暖</mark>的通知")
    }

    /// Texts without a space or a sentence end, and texts shorter than a snippet, do not trip it.
    @Test func snippetsOfOddTextsStayWithinTheText() {
        let word = String(repeating: "a", count: 500) + "heating" + String(repeating: "b", count: 500)
        #expect(SearchText.snippet(word, terms: SearchText.terms("heating"), length: 80).contains("<mark>heating</mark>"))
        #expect(SearchText.snippet("", terms: SearchText.terms("供暖")) == "")
        #expect(SearchText.snippet("供暖", terms: SearchText.terms("供暖")) == "<mark>供暖</mark>")
        #expect(SearchText.snippet("说明", terms: []) == "说明")
    }
}
