/// P10: leaders' names with their current titles (领导姓名职务). A title written next to a
/// registered name that is not one of the person's titles — 副市长 for the mayor, 书记 for a
/// deputy secretary — is a serious error and blocks. A name on its own is never flagged.
enum LeaderTitles {
    /// Titles as they stand next to a name, longest first where one ends another.
    static let lexicon: [String] = [
        "常务副书记", "副书记", "书记", "常务副市长", "副市长", "市长", "常务副县长", "副县长", "县长", "常务副区长", "副区长", "区长",
        "常务副省长", "副省长", "省长", "副州长", "州长", "副镇长", "镇长", "副乡长", "乡长", "常务副主任", "副主任", "主任",
        "副局长", "局长", "副厅长", "厅长", "副部长", "部长", "副主席", "主席", "副秘书长", "秘书长", "副处长", "处长", "副科长", "科长",
        "副院长", "院长", "副检察长", "检察长", "副校长", "校长", "副所长", "所长", "副组长", "组长", "副主任委员", "主任委员",
        "副总经理", "总经理", "副董事长", "董事长", "副理事长", "理事长", "副会长", "会长", "一级巡视员", "二级巡视员", "巡视员",
        "一级调研员", "二级调研员", "调研员", "政委", "副队长", "队长",
    ]
    static let byLength: [[Unicode.Scalar]] = lexicon.map { Array($0.unicodeScalars) }.sorted { $0.count > $1.count }

    /// The longest title ending just before `start` (or starting at `end` when `after`).
    static func title(in s: [Unicode.Scalar], before start: Int) -> [Unicode.Scalar]? {
        byLength.first { t in t.count <= start && s[(start - t.count)..<start].elementsEqual(t) }
    }

    static func title(in s: [Unicode.Scalar], after end: Int) -> [Unicode.Scalar]? {
        byLength.first { t in end + t.count <= s.count && s[end..<(end + t.count)].elementsEqual(t) }
    }

    /// Whether `written` may stand for one of `titles`: a title ends with it, and it does not
    /// drop a 副 (书记 for 市委副书记 is wrong; 副市长 for 常务副市长 is fine).
    static func fits(_ written: String, _ titles: [String]) -> Bool {
        titles.contains { t in
            guard t.hasSuffix(written) else { return false }
            let before = t.dropLast(written.count)
            return written.hasPrefix("副") || written.hasPrefix("常务") || !before.hasSuffix("副") && !before.hasSuffix("常务")
        }
    }

    /// The person's title to write instead of `written`: one with the same office (书记 → 副书记), else the first.
    static func correction(for written: String, _ titles: [String]) -> String {
        let office = written.replacingOccurrences(of: "常务", with: "").replacingOccurrences(of: "副", with: "")
        let ranks = titles.map { t in lexicon.filter { t.hasSuffix($0) }.max { $0.count < $1.count } ?? t }
        return ranks.first { $0.hasSuffix(office) } ?? ranks.first ?? written
    }

    /// A finding for each registered name written with a title that is not the person's.
    static func findings(
        name: String, titles: [String], severity: Severity, at start: Int, length: Int,
        in s: [Unicode.Scalar]
    ) -> [Finding] {
        var result: [Finding] = []
        let current = titles.joined(separator: "、")
        if let t = title(in: s, before: start), case let written = String(String.UnicodeScalarView(t)), !fits(written, titles) {
            let fix = correction(for: written, titles)
            result.append(
                Finding(
                    rule: "expression.leader-title", severity: severity, start: start - t.count, length: t.count + length,
                    matched: written + name, message: "“\(written)\(name)”职务有误：\(name)现任\(current)（依据 P10）",
                    requirement: "P10", suggestion: fix + name))
        }
        if let t = title(in: s, after: start + length), case let written = String(String.UnicodeScalarView(t)), !fits(written, titles) {
            let fix = correction(for: written, titles)
            result.append(
                Finding(
                    rule: "expression.leader-title", severity: severity, start: start, length: length + t.count,
                    matched: name + written, message: "“\(name)\(written)”职务有误：\(name)现任\(current)（依据 P10）",
                    requirement: "P10", suggestion: name + fix))
        }
        return result
    }

    /// The titles of a registration: "市委副书记、市长" → ["市委副书记", "市长"].
    static func titles(_ registered: String) -> [String] {
        registered.split(whereSeparator: { "、,，;；/ ".contains($0) }).map(String.init)
    }
}
