import Foundation
import MenhuCore
import MenhuStore

/// The demo's letters from the public (互动交流), written through `LetterService` as citizens and
/// the demo's site admin and editor would, on a clock set back in time: answered and published
/// letters with ratings, one waiting to be accepted, one overdue at the department, one 政务咨询
/// unanswered for over two months (red on the veto watch), one refused with a reason, and a 找错.
/// After the seeding transaction: every step is the service's own.
enum DemoLetters {
    struct Plan {
        let kind: ChannelKind, daysAgo: Double, title: String, body: String, name: String, phone: String, wantsPublic: Bool
        /// How far it gets: 0 submitted, 1 accepted, 2 transferred, 3 signed, 4 answered, 5 approved, 6 published; -1 refused.
        let stage: Int
        let reply: String
    }

    static let plans: [Plan] = [
        Plan(
            kind: .consultation, daysAgo: 24, title: "新生儿医保参保需要哪些材料？",
            body: "孩子上个月出生，想给孩子办理城乡居民医保，请问需要准备哪些材料，可以在网上办理吗？", name: "陈女士", phone: "13807991234",
            wantsPublic: true, stage: 6,
            reply: "您好！新生儿参加城乡居民医保，可凭出生医学证明和户口簿（或居住证明）在“赣服通”或市政务服务网办理，也可到户籍所在地乡镇（街道）便民服务中心窗口办理。出生 90 天内参保的，自出生之日起享受待遇。咨询电话：0799-12345。"),
        Plan(
            kind: .consultation, daysAgo: 18, title: "老旧小区加装电梯有补贴吗？",
            body: "我们小区建于1995年，六层没有电梯，居民想加装电梯，请问政府有没有补贴，申请流程是怎样的？我的电话13907995678。", name: "刘先生",
            phone: "13907995678", wantsPublic: true, stage: 6,
            reply:
                "您好！根据《江源市既有住宅加装电梯实施办法》，符合条件的既有住宅加装电梯，每台给予 15 万元补助。申请须经本单元房屋专有部分占建筑物总面积三分之二以上的业主同意，由业主委员会或业主代表向所在区住房和城乡建设局提出。详见市住房和城乡建设局网站“办事服务”栏目。"),
        Plan(
            kind: .complaint, daysAgo: 15, title: "夜间施工噪音扰民",
            body: "人民路与建设路交叉口的工地连续一周晚上十一点后还在施工，噪音很大，影响休息，请相关部门管一管。", name: "周先生",
            phone: "13607993456", wantsPublic: true, stage: 6,
            reply: "您好！接到反映后，市生态环境局会同城市管理局于次日夜间到现场检查，责令施工单位停止夜间施工，确需连续作业的须依法办理夜间施工许可并公告周边居民。我们将持续巡查，欢迎继续监督。"),
        Plan(
            kind: .leaderMailbox, daysAgo: 12, title: "建议在城东增设公交线路",
            body: "城东新区入住居民越来越多，但只有一条公交线路经过，早晚高峰非常拥挤，建议增设线路或加密班次。", name: "黄先生",
            phone: "13507997890", wantsPublic: true, stage: 5,
            reply: "您好！您的建议已转市交通运输局研究。市交通运输局计划于明年一季度开通 K12 路，连接城东新区与火车站，并将 8 路高峰发车间隔由 12 分钟缩短至 8 分钟。感谢您对城市发展的关心。"),
        Plan(
            kind: .consultation, daysAgo: 9, title: "灵活就业人员如何缴纳养老保险？",
            body: "我目前自由职业，想以灵活就业人员身份缴纳职工养老保险，请问在哪里办理，缴费基数怎么选？", name: "", phone: "", wantsPublic: true,
            stage: 3, reply: ""),
        Plan(
            kind: .consultation, daysAgo: 75, title: "公积金贷款额度如何计算？",
            body: "我和爱人都缴纳公积金，想用公积金贷款买二手房，请问最高可以贷多少，额度怎么计算？", name: "李女士", phone: "", wantsPublic: false,
            stage: 2, reply: ""),
        Plan(
            kind: .complaint, daysAgo: 6, title: "小区门口占道经营",
            body: "幸福小区南门口每天早上有很多摊贩占道经营，车辆和行人通行困难，希望整治。", name: "吴先生", phone: "13307991122",
            wantsPublic: true, stage: 1, reply: ""),
        Plan(
            kind: .consultation, daysAgo: 4, title: "咨询外省法院判决的执行问题", body: "我在外省打赢了官司，对方一直不履行判决，请问市政府能不能帮我执行？",
            name: "赵先生", phone: "", wantsPublic: true, stage: -1, reply: ""),
        Plan(
            kind: .siteError, daysAgo: 3, title: "网页错误：办事指南链接打不开", body: "“新生儿落户”办事指南中的“下载申请表”链接打不开，显示页面不存在。",
            name: "", phone: "", wantsPublic: false, stage: 6, reply: "您好！感谢指出。该链接已更正，现可正常下载申请表。"),
        Plan(
            kind: .suggestion, daysAgo: 0.2, title: "建议延长市民服务中心周末办公时间", body: "上班族工作日没有时间办事，建议市民服务中心周六全天开放，方便群众办事。",
            name: "", phone: "", wantsPublic: true, stage: 0, reply: ""),
    ]

    static func seed(into database: Database, portal: Site, now: Date) async throws {
        let clock = ManualClock(now)
        let service = LetterService(database: database, clock: clock)
        let (channels, admin, editor, department, platform) = try await database.read {
            db -> ([LetterChannel], Participant, Participant, String?, Participant) in
            func participant(_ username: String) async throws -> (Participant, String?) {
                let account = try await AccountRecords.find(username: username, on: db)!
                let grants = try await AccountRecords.grants(of: account.id, on: db)
                return (
                    Participant(
                        actor: Actor(accountID: account.id, name: "\(account.displayName)（\(username)）", address: "127.0.0.1"), grants: grants),
                    account.departmentID
                )
            }
            let (admin, _) = try await participant("siteadmin")
            let (editor, department) = try await participant("editor")
            let (platform, _) = try await participant("admin")
            return (try await LetterRecords.channels(siteID: portal.id, on: db), admin, editor, department, platform)
        }
        guard let department else { return }
        var firstAnswered: String?
        for (i, plan) in plans.enumerated() {
            guard let channel = channels.first(where: { $0.kind == plan.kind }) else { continue }
            var at = now.addingTimeInterval(-plan.daysAgo * 86_400)
            clock.set(at)
            var fields = ["title": plan.title, "body": plan.body, "name": plan.name, "public": plan.wantsPublic ? "1" : "0", "privacy": "1"]
            fields["phone"] =
                plan.phone.isEmpty && channel.requiredContacts.contains(.phone) ? "1370799\(String(format: "%04d", 1000 + i))" : plan.phone
            if fields["name"]!.isEmpty && channel.requiredContacts.contains(.name) { fields["name"] = "市民" }
            let receipt = try await service.submit(fields, channelID: channel.id, address: "192.0.2.\(10 + i)")
            var letter = receipt.letter
            func step(_ action: LetterAction, _ by: Participant, after hours: Double, _ input: LetterInput = LetterInput()) async throws {
                at = at.addingTimeInterval(hours * 3600)
                clock.set(at)
                letter = try await service.act(action, letterID: letter.id, expectedVersion: letter.version, input: input, by: by)
            }
            if plan.stage == -1 {
                try await step(.reject, admin, after: 5, LetterInput(reason: "所反映事项已进入司法程序，请向作出判决的人民法院申请强制执行。"))
                continue
            }
            if plan.stage >= 1 { try await step(.accept, admin, after: 3) }
            if plan.stage >= 2 { try await step(.transfer, admin, after: 2, LetterInput(departmentIDs: [department])) }
            if plan.stage >= 3 { try await step(.sign, editor, after: 20) }
            if plan.stage >= 4 || !plan.reply.isEmpty && plan.stage >= 5 { try await step(.answer, editor, after: 48, LetterInput(text: plan.reply)) }
            if plan.stage >= 5 { try await step(.approveReply, admin, after: 3) }
            if plan.stage >= 6 {
                try await step(plan.wantsPublic && channel.publishesReplies ? .publish : .withhold, admin, after: 1, LetterInput(reason: "留言人选择不公开"))
                if firstAnswered == nil { firstAnswered = letter.id }
                // The writers of the first letters rate their replies.
                if i < 3 {
                    clock.set(at.addingTimeInterval(86_400))
                    _ = try await service.rate(
                        number: letter.number, code: receipt.code, i == 1 ? .fairlySatisfied : .satisfied, reason: "",
                        address: "192.0.2.\(10 + i)")
                }
            }
        }
        // 常见问题: drawn from the first answered letter by the site admin, reviewed by the platform admin.
        clock.set(now.addingTimeInterval(-2 * 86_400))
        let entry = try await service.draftFAQ(
            [
                "question": "新生儿如何参加城乡居民医保？",
                "answer": "凭出生医学证明和户口簿（或居住证明），在“赣服通”或市政务服务网办理，也可到户籍所在地乡镇（街道）便民服务中心窗口办理。出生 90 天内参保的，自出生之日起享受待遇。咨询电话：0799-12345。",
                "validUntil": CalendarDay(now).adding(days: LetterFAQ.defaultValidity).description,
            ], letterID: firstAnswered, siteID: portal.id, by: admin)
        _ = try await service.publishFAQ(id: entry.id, expectedVersion: entry.version, siteID: portal.id, by: platform)
        // I2: the reminders of the deadlines that end soon or have passed.
        _ = try await database.write { db in try await LetterReminderRecords.scan(now: now, on: db) }
    }
}
