import Foundation

/// The texts of the demo platform (演示数据): a fictional city, 江源市, and its English version
/// (W4). All names, figures and events are invented; people are referred to by office only, and
/// no real person names, telephone numbers or ID numbers appear.
///
/// The texts are resources (`Resources/*.json`), not code: the column descriptions here, and the
/// items' subjects, templates, guides, forms, tables and English texts that `DemoWriting` writes
/// whole items from.
public enum DemoCorpus {
    struct Chinese: Decodable {
        let columnDescriptions: [String: String]
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

    /// Government prose by subject domain (portal, education, health …): every sentence the demo's
    /// work subjects are written with (goal, measures, progress, problem). Benchmarks use it as text.
    public static var paragraphs: [String: [String]] {
        DemoWriting.domains.mapValues { domain in
            domain.subjects.flatMap { [$0.goal] + $0.measures + [$0.figures, $0.problem] }
        }
    }
    /// What each demo column is for, by column key.
    static var columnDescriptions: [String: String] { chinese.columnDescriptions }
}
