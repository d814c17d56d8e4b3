import Foundation
import MenhuCore
import MenhuStore
import SQLKit

/// Seeds a demo platform into an empty database: a municipal portal, two department
/// sub-sites, units and departments, columns with owners and update rules, one account
/// per role, and a few hundred published articles (all fictional: 江源市).
public enum DemoPlatform {
    /// A demo account and its one-time initial password.
    public struct Credential: Sendable {
        public let username: String
        public let role: Role
        public let site: String?
        public let password: String
    }

    /// What was seeded.
    public struct Summary: Sendable {
        public let sites: Int
        public let departments: Int
        public let columns: Int
        public let articles: Int
        public let credentials: [Credential]
    }

    /// Errors of seeding.
    public enum SeedError: Error, CustomStringConvertible {
        case notEmpty
        public var description: String { "数据库中已有网站或账号，演示数据只能写入空数据库" }
    }

    /// The setting that marks a demo database.
    public static let settingKey = "demo.seeded"

    /// The demo's accounts, one per role (O2, O6): username, display name, role and site code.
    static let accounts: [(username: String, name: String, role: Role, site: String?)] = [
        ("admin", "平台管理员", .platformAdmin, nil),
        ("siteadmin", "门户网站管理员", .siteAdmin, "www"),
        ("editor", "信息员", .editor, "www"),
        ("reviewer", "内容审核员", .reviewer, "www"),
        ("signer", "栏目责任人", .signer, "www"),
        ("depthead", "处室负责人", .departmentHead, "www"),
        ("leader", "分管领导", .leader, "www"),
        ("group", "领导小组成员", .leadershipGroup, nil),
        ("publisher", "办公室发布员", .officePublisher, "www"),
        ("operator", "技术运维", .operator, nil),
    ]

    /// Seeds the demo. Everything is written in one transaction, or nothing; then the letters
    /// (`letters: false` leaves them out), through the letter service. `moreSites` adds that many
    /// department sites shaped like the two of the demo, for benchmarks of a large platform.
    public static func seed(
        into database: Database, hasher: PasswordHasher, now: Date, articleCount: Int = 320, letters: Bool = true, moreSites: Int = 0
    ) async throws -> Summary {
        // Hash the initial passwords before the transaction, in parallel.
        let passwords = accounts.map { _ in PasswordHasher.makeInitialPassword() }
        let hashes = try await hashAll(passwords, with: hasher)

        let summary = try await database.write { db in
            let existing = try await SiteRecords.all(on: db).count + AccountRecords.count(on: db)
            if existing > 0 { throw SeedError.notEmpty }
            var seeding = DemoSeeding(db: db, engine: database.engine, now: now)
            let sites = try await seeding.sites()
            let units = try await seeding.departments(sites)
            let more = try await seeding.moreSites(moreSites)
            try await seeding.columnsAndItems(columnPlans(sites) + more, articleCount: articleCount)
            try await seeding.homeBlocks(portal: sites.portal)
            try await seeding.probes(sites)
            let (credentials, people) = try await seeding.accounts(sites, units: units, passwords: passwords, hashes: hashes)
            try await seeding.register(by: people)
            try await seeding.leaders()
            try await seeding.finish(accountCount: accounts.count)
            return Summary(
                sites: 4 + moreSites, departments: seeding.departments.count, columns: seeding.columnCount, articles: seeding.articleTotal,
                credentials: credentials)
        }
        // Letters go through the letter service, as people wrote and answered them.
        let sites = try await database.read { db in try await SiteRecords.all(on: db) }
        if letters, let portal = sites.first(where: { $0.kind == .portal }) {
            try await DemoLetters.seed(into: database, portal: portal, now: now)
            try await DemoDisclosure.seed(into: database, portal: portal, now: now)
            try await DemoSurveys.seed(into: database, portal: portal, now: now)
            try await DemoInterviews.seed(into: database, portal: portal, now: now)
        }
        return summary
    }

    /// The bcrypt hashes of the initial passwords, in their order, computed in parallel.
    static func hashAll(_ passwords: [String], with hasher: PasswordHasher) async throws -> [String] {
        try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for (i, p) in passwords.enumerated() { group.addTask { (i, try await hasher.hash(p)) } }
            var result = [String](repeating: "", count: passwords.count)
            for try await (i, h) in group { result[i] = h }
            return result
        }
    }
}

extension DemoPlatform {
    /// A column's one-line description: the corpus's where it was written for this column.
    static func summary(_ key: String, slug: String, site: Site) -> String {
        switch slug {
        case "zwgk": return "公开政策文件及其解读、政府信息公开目录和年度报告、统计与政务数据。"
        case "bsfw": return "政务服务事项的办事指南和申请表格下载。"
        case "hdjl": return "政务咨询、投诉建议等与政府互动的渠道。"
        case "zxjl": return "提供政务咨询、投诉建议等互动渠道；留言经审核后公开答复。"
        case "sjcx": return "每年1月10日、7月10日更新的统计与政务数据查询。"
        case "yshj": return "深化“放管服”改革，打造市场化、法治化、国际化一流营商环境。"
        case "aqsc": return "压实安全生产责任，排查整治重大事故隐患，守牢安全底线。"
        default:
            // Portal descriptions speak of the city government; sub-sites get only their own.
            guard site.kind == .portal || key == "jyxw" || key == "wjdt", key == slug || site.kind == .portal else { return "" }
            return DemoCorpus.columnDescriptions[key] ?? ""
        }
    }
}

/// A small deterministic generator, so the demo looks the same every time.
struct SeededRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }
    mutating func next() -> UInt64 {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return state
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    mutating func unit() -> Double { Double(next() % 1_000_000) / 1_000_000 }
}
