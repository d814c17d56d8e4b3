import Foundation

/// 政府网站工作年度报表 (国办函〔2018〕12号), A4: a site's year in the national table's sections —
/// 信息发布、专栏专题、解读回应、办事服务、互动交流、安全防护、移动新媒体、创新发展 — under the header
/// that names the site. Each figure the platform knows is computed from what happened, with the
/// rule it was counted by; what it cannot know (outside security tests, new-media accounts, the
/// footer's people) is left for the site admin to enter, and says so.
public struct WebsiteYearReport: Sendable, Equatable {
    /// A figure, a yes or no, or a text; nil while it is still to be entered (待填报).
    public enum Value: Sendable, Equatable {
        case count(Int)
        case decimal(Double)
        case flag(Bool)
        case text(String)

        public var display: String {
            switch self {
            case .count(let n): String(n)
            case .decimal(let d): String(format: "%.1f", d)
            case .flag(let b): b ? "是" : "否"
            case .text(let t): t
            }
        }
    }

    public struct Field: Sendable, Equatable {
        /// The field's name as in the table (the JSON key).
        public let name: String
        /// 条, 个, 次, 天 … (empty for text and yes/no).
        public let unit: String
        public let value: Value?
        /// How it was counted, or who enters it.
        public let basis: String
        public init(_ name: String, _ unit: String, _ value: Value?, basis: String) {
            self.name = name; self.unit = unit; self.value = value; self.basis = basis
        }
        /// A text or a yes or no, without a unit.
        public init(_ name: String, _ value: Value?, basis: String) { self.init(name, "", value, basis: basis) }
    }

    /// A section (or a part of one, like 留言办理 in 互动交流).
    public struct Section: Sendable, Equatable {
        public let name: String
        public let fields: [Field]
        public let parts: [Section]
        public init(_ name: String, _ fields: [Field], parts: [Section] = []) { self.name = name; self.fields = fields; self.parts = parts }
    }

    public let year: Int
    public let header: [Field]
    public let sections: [Section]
    public let footer: [Field]

    /// What the platform counted for a site's year.
    public struct Counts: Sendable, Equatable {
        /// Items first published in the year (文本登记备案), by the kind of their column.
        public var published: [ColumnKind: Int] = [:]
        /// 专题专栏 columns open at the year's end, and those opened in it.
        public var topicsMaintained = 0, topicsOpened = 0
        /// Live 办事指南 in the site's 办事服务 columns.
        public var serviceGuides = 0
        /// Letters received in the year (not 不予受理 or 并件), finished, their average working days, replies published.
        public var letters = LetterFigures.Row(departmentID: nil)
        public var lettersPublished = 0
        public var surveys = SurveyFigures(surveys: 0, answers: 0, concluded: 0)
        public var interviews = InterviewFigures(interviews: 0, questions: 0, answered: 0)
        /// W4: the site has a foreign-language version.
        public var hasForeignVersion = false
        public init() {}
    }

    static let entered = "由网站管理员填报"

    /// The report of `site` for `year` from what the platform counted. A4.
    public init(site: Site, year: Int, counts c: Counts) {
        self.year = year
        func count(_ n: Int) -> Value { .count(n) }
        let pending = "访问量尚未由平台统计，须据访问日志填报"
        header = [
            Field("填报单位", .text(site.sponsor.isEmpty ? site.name : site.sponsor), basis: "网站主办单位"),
            Field("网站名称", .text(site.name), basis: "网站标识信息"),
            Field("首页网址", site.domains.first.map { .text("https://\($0)/") }, basis: "网站的第一个域名"),
            Field("主办单位", .text(site.sponsor), basis: "网站标识信息"),
            Field("网站类型", .text(site.kind == .portal ? "政府门户网站" : "部门网站"), basis: "网站类型"),
            Field("政府网站标识码", site.siteIDCode.isEmpty ? nil : .text(site.siteIDCode), basis: "网站标识信息"),
            Field("ICP备案号", site.icpFiling.isEmpty ? nil : .text(site.icpFiling), basis: "网站标识信息"),
            Field("公安机关备案号", site.publicSecurityFiling.isEmpty ? nil : .text(site.publicSecurityFiling), basis: "网站标识信息"),
            Field("独立用户访问总量", "个", nil, basis: pending),
            Field("网站总访问量", "次", nil, basis: pending),
        ]
        let published = c.published.values.reduce(0, +)
        let catalogue = DisclosureCatalogueRule.columnKinds.map { c.published[$0] ?? 0 }.reduce(0, +)
        let firstPublished = "本年首次发布的信息条数（按文本登记备案，之后撤稿的仍计入）"
        let letters = c.letters
        sections = [
            Section(
                "信息发布",
                [
                    Field("总数", "条", count(published), basis: firstPublished),
                    Field("概况类信息更新量", "条", count(c.published[.overview] ?? 0), basis: "其中发布在概况信息栏目的"),
                    Field("政务动态信息更新量", "条", count(c.published[.news] ?? 0), basis: "其中发布在政务动态栏目的"),
                    Field("信息公开目录信息更新量", "条", count(catalogue), basis: "其中发布在政府信息公开、政策文件和政策解读栏目的"),
                ]),
            Section(
                "专栏专题",
                [
                    Field("维护数量", "个", count(c.topicsMaintained), basis: "年末未归档的专题专栏栏目"),
                    Field("新开设数量", "个", count(c.topicsOpened), basis: "本年新建的专题专栏栏目"),
                ]),
            Section(
                "解读回应",
                [
                    Field("解读信息发布总数", "条", count(c.published[.interpretation] ?? 0), basis: "本年首次发布在政策解读栏目的信息"),
                    Field("解读材料数量", "条", count(c.published[.interpretation] ?? 0), basis: "政策解读栏目的文字解读"),
                    Field("解读产品数量", "个", nil, basis: Self.entered + "（图解、音视频等）"),
                    Field("媒体评论文章数量", "篇", nil, basis: Self.entered),
                    Field("回应公众关注热点或重大舆情数量", "次", nil, basis: Self.entered),
                ]),
            Section(
                "办事服务",
                [
                    Field("是否发布服务事项目录", .flag(c.serviceGuides > 0), basis: "办事服务栏目有已发布的办事指南"),
                    Field("注册用户数", "个", nil, basis: Self.entered + "（本平台不设公众注册）"),
                    Field("政务服务事项数量", "项", count(c.serviceGuides), basis: "办事服务栏目中已发布的办事指南"),
                    Field("可全程在线办理政务服务事项数量", "项", nil, basis: Self.entered + "（据政务服务平台）"),
                    Field("办件量", "件", nil, basis: Self.entered + "（据政务服务平台）"),
                ]),
            Section(
                "互动交流",
                [
                    Field("是否使用统一平台", .flag(true), basis: "留言、征集调查和在线访谈均在本平台办理"),
                    Field("是否提供智能问答", .flag(false), basis: "本平台未提供智能问答"),
                ],
                parts: [
                    Section(
                        "留言办理",
                        [
                            Field("收到留言数量", "条", count(letters.received), basis: "本年收到的留言（不予受理和并件的不计）"),
                            Field("办结留言数量", "条", count(letters.finished), basis: "其中已答复的"),
                            Field(
                                "平均办理时间", "天", letters.averageWorkingDays.map { .decimal($0) }, basis: "已答复留言自收到至答复的平均工作日"),
                            Field("公开答复数量", "条", count(c.lettersPublished), basis: "其中答复已公开的"),
                        ]),
                    Section(
                        "征集调查",
                        [
                            Field("征集调查期数", "期", count(c.surveys.surveys), basis: "本年开始的已发布征集调查"),
                            Field("收到意见数量", "条", count(c.surveys.answers), basis: "本年收到的答卷和意见"),
                            Field("公布调查结果期数", "期", count(c.surveys.concluded), basis: "本年公布结果和采纳情况的"),
                        ]),
                    Section(
                        "在线访谈",
                        [
                            Field("访谈期数", "期", count(c.interviews.interviews), basis: "访谈时间在本年的已发布访谈"),
                            Field("网民留言数量", "条", count(c.interviews.questions), basis: "本年收到的网友提问"),
                            Field("答复网民提问数量", "条", count(c.interviews.answered), basis: "本年嘉宾答复的网友提问"),
                        ]),
                ]),
            Section(
                "安全防护",
                [
                    Field("安全检测评估次数", "次", nil, basis: Self.entered),
                    Field("发现问题数量", "个", nil, basis: Self.entered),
                    Field("问题整改数量", "个", nil, basis: Self.entered),
                    Field("是否建立安全监测预警机制", nil, basis: Self.entered),
                    Field("是否开展应急演练", nil, basis: Self.entered),
                    Field("是否明确网站安全责任人", nil, basis: Self.entered),
                ]),
            Section(
                "移动新媒体",
                [
                    Field("是否有移动新媒体", nil, basis: Self.entered),
                    Field("微博", nil, basis: Self.entered + "（名称、信息发布量、关注量）"),
                    Field("微信", nil, basis: Self.entered + "（名称、信息发布量、订阅数）"),
                    Field("其他", nil, basis: Self.entered),
                ]),
            Section(
                "创新发展",
                [
                    Field("搜索即服务", .flag(true), basis: "站内搜索可按文号、栏目和日期查找"),
                    Field("多语言版本", .flag(c.hasForeignVersion), basis: "网站有外文版"),
                    Field("无障碍浏览", .flag(true), basis: "每个页面有无障碍工具条"),
                    Field("千人千网", nil, basis: Self.entered),
                    Field("其他", nil, basis: Self.entered),
                ]),
        ]
        footer = [
            Field("单位负责人", nil, basis: Self.entered), Field("审核人", nil, basis: Self.entered), Field("填报人", nil, basis: Self.entered),
            Field("联系电话", site.contactPhone.isEmpty ? nil : .text(site.contactPhone), basis: "网站标识信息中的联系电话"),
            Field("填报日期", nil, basis: Self.entered),
        ]
    }

    /// Every field still to be entered, by its place (`安全防护 › 是否开展应急演练`).
    public var toEnter: [String] {
        func walk(_ s: Section, _ path: String) -> [String] {
            s.fields.filter { $0.value == nil }.map { "\(path)\(s.name) › \($0.name)" } + s.parts.flatMap { walk($0, "\(path)\(s.name) › ") }
        }
        return header.filter { $0.value == nil }.map(\.name) + sections.flatMap { walk($0, "") } + footer.filter { $0.value == nil }.map(\.name)
    }
}
