import Foundation
import MenhuCore
import MenhuStore

/// 依申请公开 of the demo portal (I7): the office, and requests in the states a handler meets —
/// answered, waiting for a correction, extended by the 负责人, just received — made through the
/// disclosure service as the applicants and the office would, on a clock set back in time.
enum DemoDisclosure {
    struct Plan {
        let daysAgo: Double
        let fields: [String: String]
        /// What the office did, in order, with the hours after the previous step.
        let steps: [(DisclosureAction, by: String, hours: Double, fields: [String: String])]
    }

    static func person(_ name: String, _ number: String, _ title: String, _ description: String, phone: String) -> [String: String] {
        [
            "applicantKind": "person", "name": name, "documentKind": "residentCard", "documentNumber": number, "phone": phone,
            "email": "", "delivery": "online", "form": "electronic", "title": title, "description": description, "privacy": "1",
        ]
    }

    static let plans: [Plan] = [
        Plan(
            daysAgo: 30,
            fields: person(
                "王建国", "11010519491231002X", "2025年城区老旧小区改造项目清单", "2025年列入城区老旧小区改造计划的小区名称、改造内容和投资金额。", phone: "13707991001"),
            steps: [
                (
                    .answer, "siteadmin", 24 * 9,
                    [
                        "kind": "disclosed",
                        "text": "现向您提供《2025年城区老旧小区改造项目清单》（共 2 页）：2025年城区列入改造计划的小区共 36 个，改造内容为供排水管网、外墙保温和加装电梯，总投资 2.4 亿元；各小区明细见清单。",
                        "pages": "2",
                    ]
                )
            ]),
        Plan(
            daysAgo: 21,
            fields: person("刘芳", "110101199003074477", "某化工企业环境影响评价报告", "请提供该企业扩建项目的环境影响评价报告全本。", phone: "13707991002"),
            steps: [
                (.startConsultation, "siteadmin", 26, ["text": "某化工有限公司\n报告中含有企业工艺参数，可能涉及商业秘密，征求其意见。"]),
                (.endConsultation, "siteadmin", 24 * 6, [:]),
                (.askExtension, "siteadmin", 24 * 10, ["text": "需与市生态环境局核对报告版本", "days": "15"]),
                (.approveExtension, "leader", 4, [:]),
            ]),
        Plan(
            daysAgo: 4,
            fields: person("陈明", "11010519491231002X", "关于那条路的文件", "我想要那条路的文件。", phone: "13707991003"),
            steps: [(.requestCorrection, "siteadmin", 28, ["text": "请写明所需文件所涉道路的名称、制作机关或大致制作时间，以便检索。", "days": "15"])]),
        Plan(
            daysAgo: 0.1,
            fields: [
                "applicantKind": "legalService", "name": "示例律师事务所", "documentKind": "creditCode", "documentNumber": "91350100M000100Y43",
                "representative": "赵律", "contactPerson": "孙助理", "phone": "0799-6661234", "email": "law@example.com", "address": "江源市人民大道8号",
                "postcode": "337000", "delivery": "post", "form": "paper", "title": "2024年度国有土地使用权出让收支情况", "documentRef": "",
                "description": "2024年度本市国有土地使用权出让收入和支出的汇总数据。", "privacy": "1",
            ],
            steps: []),
    ]

    /// The demo's people by user name, with their grants, as the services see them.
    static func participants(_ usernames: [String], in database: Database) async throws -> [String: Participant] {
        try await database.read { db -> [String: Participant] in
            var found: [String: Participant] = [:]
            for username in usernames {
                guard let account = try await AccountRecords.find(username: username, on: db) else { continue }
                let grants = try await AccountRecords.grants(of: account.id, on: db)
                found[username] = Participant(
                    actor: Actor(accountID: account.id, name: "\(account.displayName)（\(username)）", address: "127.0.0.1"), grants: grants)
            }
            return found
        }
    }

    static func seed(into database: Database, portal: Site, now: Date) async throws {
        let clock = ManualClock(now)
        let service = DisclosureService(database: database, clock: clock)
        let people = try await participants(["siteadmin", "leader"], in: database)
        guard let admin = people["siteadmin"] else { return }
        clock.set(now.addingTimeInterval(-40 * 86_400))
        _ = try await service.saveOffice(
            [
                "organ": portal.sponsor.isEmpty ? portal.name : portal.sponsor, "address": "江源市人民大道1号市民服务中心一楼政府信息公开查阅点",
                "phone": "0799-1234567", "hours": "工作日 9:00—12:00，14:30—17:30", "prefix": "江府办依", "appealBody": "江源市人民政府", "court": "",
                "feeMode": "off", "correctionDays": "15",
            ], siteID: portal.id, by: admin)
        for (i, plan) in plans.enumerated() {
            var at = now.addingTimeInterval(-plan.daysAgo * 86_400)
            clock.set(at)
            var request = try await service.submit(plan.fields, siteID: portal.id, address: "198.51.100.\(10 + i)").request
            for (action, username, hours, fields) in plan.steps {
                guard let by = people[username] else { continue }
                at = at.addingTimeInterval(hours * 3600)
                clock.set(at)
                request = try await service.act(action, requestID: request.id, expectedVersion: request.version, fields: fields, by: by)
            }
        }
    }
}
