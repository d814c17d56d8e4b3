import Foundation
import MenhuCore
import MenhuStore

/// 征集调查 of the demo portal (I1): a draft for comment that closed last month with its result
/// and 采纳情况 published, and the site's 满意度调查 running now with answers coming in — made
/// through the survey service as the site's staff and the public would, on a clock set back.
enum DemoSurveys {
    static let draft = """
        第一条　为了加强城市公园管理，保护公园的自然环境和设施，为市民提供良好的游览、休闲环境，根据有关法律法规，结合本市实际，制定本办法。
        第二条　本办法适用于本市城市规划区内公园的规划、建设、保护和管理。
        第三条　公园应当每日开放，开放时间由公园管理机构根据季节确定并向社会公布。
        第四条　在公园内不得有下列行为：（一）损毁树木花草；（二）在非指定区域游泳、垂钓；（三）乱扔垃圾；（四）其他影响公园环境和游览秩序的行为。
        第五条　公园内开展健身、文艺活动的，应当在指定区域进行，音响音量不得影响他人。
        第六条　本办法自2027年1月1日起施行。
        """

    static let comments = [
        "建议第三条明确夏季延长开放至晚上十点，方便下班后的市民锻炼。",
        "第五条的音量要求过于笼统，建议规定具体的分贝限值和时间段。",
        "希望增加关于宠物进入公园的规定，比如须牵绳、及时清理粪便。",
        "建议在第四条中增加禁止在草坪上驾驶电动车的规定。",
        "第三条开放时间应当征求周边居民意见后确定。",
        "建议增设无障碍设施的建设和维护要求。",
        "赞成本办法，希望尽快施行。",
        "第五条建议对广场舞活动的时间作出规定，早上七点前、晚上九点后不得使用音响。",
    ]

    static func seed(into database: Database, portal: Site, now: Date) async throws {
        let clock = ManualClock(now)
        let service = SurveyService(database: database, clock: clock)
        guard let admin = try await DemoDisclosure.participants(["siteadmin"], in: database)["siteadmin"] else { return }
        let today = CalendarDay(now)
        func day(_ offset: Int) -> String { today.adding(days: offset).description }
        // A token per demo browser, so that each answer counts as one person's.
        func browser(_ n: Int) -> String { "demo-browser-\(String(format: "%06d", n))" }

        // 意见征集: open 30 days, closed a month ago, the result published a week later.
        clock.set(now.addingTimeInterval(-62 * 86_400))
        var comment = try await service.save(
            [
                "kind": SurveyKind.comment.rawValue, "title": "《江源市城市公园管理办法（征求意见稿）》公开征求意见",
                "summary":
                    "为加强城市公园管理，市城市管理局起草了《江源市城市公园管理办法（征求意见稿）》，现向社会公开征求意见。\n也可将意见发送至 gyyj@example.gov.cn，或邮寄至江源市人民大道1号市城市管理局（信封注明“公园管理办法意见”）。",
                "draft": draft, "opensOn": day(-61), "closesOn": day(-32), "questions": "",
            ], surveyID: nil, expectedVersion: nil, siteID: portal.id, by: admin)
        comment = try await service.setPublished(true, surveyID: comment.id, expectedVersion: comment.version, by: admin)
        for (i, text) in comments.enumerated() {
            clock.set(now.addingTimeInterval(Double(-60 + i * 3) * 86_400))
            _ = try await service.answer(surveyID: comment.id, fields: ["q1": text], browserToken: browser(i), address: "203.0.113.\(10 + i)")
        }
        clock.set(now.addingTimeInterval(-25 * 86_400))
        _ = try await service.conclude(
            surveyID: comment.id, expectedVersion: comment.version,
            outcome: """
                征求意见期间，共收到网上意见 8 条，电子邮件和信函意见 3 件。
                采纳的意见：一是第三条增加“夏季（6月至9月）开放时间延长至22时”；二是第五条明确“7时前、21时后不得使用音响设备”；三是增加一条，规定携犬入园须束犬链并及时清理犬只粪便；四是增加无障碍设施建设和维护的要求。
                未采纳的意见：关于规定具体分贝限值的建议，因噪声限值已由《中华人民共和国噪声污染防治法》和相关标准规定，本办法不再重复规定。
                感谢社会各界的关心和支持。
                """, by: admin)

        // 满意度调查: running now, a few answers a day.
        clock.set(now.addingTimeInterval(-12 * 86_400))
        var satisfaction = try await service.save(
            [
                "kind": SurveyKind.satisfaction.rawValue, "title": "江源市人民政府门户网站满意度调查",
                "summary": "为了解您对本网站的意见和建议，进一步提高网站服务水平，特开展本次满意度调查。调查不记名，每人限参与一次，约需 2 分钟。",
                "opensOn": day(-10), "closesOn": day(20), "questions": "",
            ], surveyID: nil, expectedVersion: nil, siteID: portal.id, by: admin)
        satisfaction = try await service.setPublished(true, surveyID: satisfaction.id, expectedVersion: satisfaction.version, by: admin)
        let suggestions = ["希望办事指南能写明需要带几份复印件。", "搜索有时找不到最新的通知。", "手机上看很方便。", "建议增加政策解读的图解。"]
        for i in 0..<37 {
            clock.set(now.addingTimeInterval(Double(-10 * 86_400 + i * 22_000)))
            var fields = ["q1": String([0, 0, 0, 1, 0, 1, 2][i % 7]), "q2": String([0, 1, 0, 0, 2][i % 5]), "q3": String([0, 0, 1, 2][i % 4])]
            for option in [[0, 1], [1], [0, 2], [3, 0], [1, 2, 3]][i % 5] { fields["q4.\(option)"] = "1" }
            if i % 6 == 0 { fields["q5"] = suggestions[(i / 6) % suggestions.count] }
            _ = try await service.answer(
                surveyID: satisfaction.id, fields: fields, browserToken: browser(100 + i), address: "203.0.113.\(100 + i % 20)")
        }
    }
}
