import Foundation
import MenhuCore
import MenhuStore

/// 在线访谈 of the demo portal (I1): a past interview on the year's transport plans with its
/// 文字实录 — the host, the guests, netizens' questions taken and answered, one not taken — and
/// one announced for next week, already taking questions; made through the interview service as
/// the site's staff and the public would, on a clock set back.
enum DemoInterviews {
    static func seed(into database: Database, portal: Site, now: Date) async throws {
        let clock = ManualClock(now)
        let service = InterviewService(database: database, clock: clock)
        guard let admin = try await DemoDisclosure.participants(["siteadmin"], in: database)["siteadmin"] else { return }
        // 15:00 China time, `days` from today.
        func at(_ days: Int) -> Date { ChinaTime.start(of: CalendarDay(now).adding(days: days)).addingTimeInterval(15 * 3600) }

        let held = at(-20)
        clock.set(held.addingTimeInterval(-7 * 86_400))
        var past = try await service.save(
            [
                "title": "畅通城市路网　方便群众出行——解读2026年全市交通重点工作", "startsAt": ChinaTime.minute(held), "minutes": "90",
                "host": "王晓", "guests": "江源市交通运输局局长｜李建华\n江源市交通运输局副局长｜陈静",
                "summary": "今年全市将新改建城市道路 32 公里，优化公交线路 15 条，新增公共停车泊位 6000 个。本期访谈邀请市交通运输局负责同志，解读今年交通重点工作，回答网友关心的问题。",
            ], interviewID: nil, expectedVersion: nil, siteID: portal.id, by: admin)
        past = try await service.act(.publish, interviewID: past.id, expectedVersion: past.version, by: admin)
        let asked = [
            ("通勤族小刘", "新区到老城区的公交车太少了，早高峰要等二十多分钟，今年能不能加密班次？"),
            ("江源老张", "人民路拓宽工程什么时候完工？现在施工路段太堵了。"),
            ("路人甲", "你们都是摆设，说了也没用！"),
            ("宝妈", "学校门口接送孩子停车难，能不能在学校周边增设临时停车位？"),
        ]
        var questions: [InterviewQuestion] = []
        for (i, (nickname, text)) in asked.enumerated() {
            clock.set(held.addingTimeInterval(Double(-5 + i) * 86_400))
            questions.append(
                try await service.ask(interviewID: past.id, fields: ["nickname": nickname, "text": text], address: "203.0.113.\(200 + i)"))
        }
        clock.set(held.addingTimeInterval(-3600))
        for (i, q) in questions.enumerated() {
            _ = try await service.review(questionID: q.id, accept: i != 2, note: i == 2 ? "未提出具体问题" : "", by: admin)
        }
        let script: [(minutes: Double, speaker: String, text: String)] = [
            (1, "host", "各位网友，大家好！欢迎收看本期在线访谈。今天我们邀请到市交通运输局局长李建华、副局长陈静，和大家聊一聊今年全市的交通重点工作。"),
            (3, "guest.0", "主持人好，各位网友好！今年我们将围绕“畅通路网、优化公交、规范停车”三件事，办好群众身边的交通实事。"),
            (10, "host", "今年城市道路建设有哪些安排？"),
            (12, "guest.0", "今年计划新改建城市道路 32 公里，重点打通 8 条断头路，人民路、滨江路等 5 条主干道实施拓宽改造。"),
        ]
        for line in script {
            clock.set(held.addingTimeInterval(line.minutes * 60))
            _ = try await service.record(interviewID: past.id, speaker: line.speaker, text: line.text, by: admin)
        }
        let answers = [
            (0, 1, "我们已经关注到新区通勤的需求。4月起，新区至老城区的 3 条公交线路早晚高峰发车间隔将由 15 分钟缩短至 8 分钟，并新开 2 条高峰快线。"),
            (1, 0, "人民路拓宽工程计划于今年 9 月底完工。施工期间我们会同交警部门优化了绕行方案，请您关注“江源交通”发布的出行提示。"),
            (3, 1, "今年我们将在城区 20 所中小学周边设置限时接送停车位，早晚上下学时段免费停放 15 分钟，春季开学前完成第一批 8 所学校。"),
        ]
        for (n, (question, guest, text)) in answers.enumerated() {
            clock.set(held.addingTimeInterval(Double(30 + n * 15) * 60))
            _ = try await service.answer(questionID: questions[question].id, guest: guest, text: text, by: admin)
        }
        clock.set(held.addingTimeInterval(85 * 60))
        past = try await service.record(
            interviewID: past.id, speaker: "host", text: "感谢两位嘉宾，也感谢各位网友的参与！本期访谈到此结束，文字实录将保留在网站上。", by: admin)
        past = try await service.act(.end, interviewID: past.id, expectedVersion: past.version, by: admin)

        // Announced for next week, already taking questions.
        clock.set(now.addingTimeInterval(-2 * 86_400))
        var next = try await service.save(
            [
                "title": "稳就业　促创业——解读2026年就业创业扶持政策", "startsAt": ChinaTime.minute(at(7)), "minutes": "60",
                "host": "王晓", "guests": "江源市人力资源和社会保障局局长｜赵明",
                "summary": "本期访谈邀请市人力资源和社会保障局负责同志，解读高校毕业生就业、创业担保贷款和职业技能培训补贴等政策。欢迎网友提前提问。",
            ], interviewID: nil, expectedVersion: nil, siteID: portal.id, by: admin)
        next = try await service.act(.publish, interviewID: next.id, expectedVersion: next.version, by: admin)
        clock.set(now.addingTimeInterval(-86_400))
        _ = try await service.ask(
            interviewID: next.id, fields: ["nickname": "应届生", "text": "今年毕业的大学生回乡创业，可以申请哪些补贴？"], address: "203.0.113.210")
    }
}
