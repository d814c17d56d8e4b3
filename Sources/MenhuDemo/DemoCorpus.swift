import Foundation

/// The texts of the demo platform (演示数据): a fictional city, 江源市, and its English version
/// (W4). All names, figures and events are invented; people are referred to by office only, and
/// no real person names, telephone numbers or ID numbers appear.
///
/// The texts are resources (`Resources/corpus-zh.json`, `corpus-en.json`), not code: title and
/// paragraph templates by column key, with `{org}` (a department or unit), `{topic}` (one of
/// `topics`) and `{month}` (a month number) to fill in.
public enum DemoCorpus {
    struct Chinese: Decodable {
        let titles: [String: [String]]
        let paragraphs: [String: [String]]
        let topics: [String]
        let columnDescriptions: [String: String]
    }

    struct English: Decodable {
        let englishTitles: [String: [String]]
        let englishParagraphs: [String: [String]]
    }

    static func load<T: Decodable>(_ name: String, as type: T.Type) -> T {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Resources"),
            let data = try? Data(contentsOf: url)
        else {
            preconditionFailure("the demo's texts \(name).json are missing from the MenhuDemo bundle")
        }
        do { return try JSONDecoder().decode(T.self, from: data) } catch {
            preconditionFailure("the demo's texts \(name).json do not read: \(error)")
        }
    }

    static let chinese = load("corpus-zh", as: Chinese.self)
    static let english = load("corpus-en", as: English.self)

    /// Title templates by column key.
    static var titles: [String: [String]] { chinese.titles }
    /// Body paragraph templates by column key; an article body takes 3–6 of them.
    public static var paragraphs: [String: [String]] { chinese.paragraphs }
    /// Work topics, e.g. 优化营商环境, 城乡环境综合整治 …
    static var topics: [String] { chinese.topics }
    /// What each demo column is for, by column key.
    static var columnDescriptions: [String: String] { chinese.columnDescriptions }
    /// Titles of the English portal's items, by column key.
    static var englishTitles: [String: [String]] { english.englishTitles }
    /// Paragraphs of the English portal's items, by column key.
    static var englishParagraphs: [String: [String]] { english.englishParagraphs }
}
