import Foundation
import MenhuCore
import Testing

@Suite struct LetterSubmissionTests {
    let consultation = LetterChannel(siteID: "s", kind: .consultation, name: "政务咨询", createdAt: Date(timeIntervalSince1970: 0))
    let mailbox = LetterChannel(siteID: "s", kind: .leaderMailbox, name: "市长信箱", createdAt: Date(timeIntervalSince1970: 0))

    let good: [String: String] = [
        "title": "关于12路公交的咨询", "body": "请问 12 路公交什么时候恢复运营？\r\n谢谢。", "name": "张三", "phone": "138 0013 8000",
        "email": "", "public": "1", "privacy": "1",
    ]

    func problems(_ fields: [String: String], _ channel: LetterChannel) -> [String: String] {
        do {
            _ = try LetterSubmission.read(fields, channel: channel)
            return [:]
        } catch let errors as FieldErrors {
            return Dictionary(errors.problems.map { ($0.field, $0.message) }, uniquingKeysWith: { a, _ in a })
        } catch {
            return ["?": "\(error)"]
        }
    }

    @Test func aGoodLetterIsReadAndNormalised() throws {
        let s = try LetterSubmission.read(good, channel: consultation)
        #expect(s.title == "关于12路公交的咨询" && s.body == "请问 12 路公交什么时候恢复运营？\n谢谢。")
        #expect(s.writer == LetterWriter(name: "张三", phone: "13800138000", email: "") && s.wantsPublic)
        #expect(s.writer.contactKey == "tel:13800138000")
        // Full-width digits and a landline with its area code are phone numbers too.
        var landline = good
        landline["phone"] = "０７９１-８６１２３４５６"
        #expect(try LetterSubmission.read(landline, channel: consultation).writer.phone == "0791-86123456")
        // Nothing but the text and the choices is needed on a consultation.
        let bare = ["title": "咨询办事时间", "body": "请问周六是否可以办理户籍业务？", "public": "0", "privacy": "1"]
        #expect(try LetterSubmission.read(bare, channel: consultation).wantsPublic == false)
    }

    @Test func everyProblemIsNamedInChineseOnItsField() {
        let p = problems(["title": "问", "body": "短", "phone": "12345", "email": "not-an-email", "privacy": ""], consultation)
        #expect(p["title"] == "留言标题应为 4 至 50 个字，现为 1 个字。")
        #expect(p["body"] == "留言内容应为 10 至 3000 个字，现为 1 个字。")
        #expect(p["phone"] == "联系电话格式不正确：请填写 11 位手机号码，或带区号的固定电话（如 010-12345678）。")
        #expect(p["email"] == "电子邮箱格式不正确（如 name@example.com）。")
        #expect(p["public"] == "请选择留言是否公开。")
        #expect(p["privacy"] == "请阅读并同意个人信息保护说明后再提交。")
        let empty = problems([:], consultation)
        #expect(empty["title"] == "请填写留言标题。" && empty["body"] == "请填写留言内容。")
        var long = good
        long["body"] = String(repeating: "长", count: 3001)
        long["name"] = String(repeating: "名", count: 31)
        #expect(problems(long, consultation)["body"] == "留言内容应为 10 至 3000 个字，现为 3001 个字。")
        #expect(problems(long, consultation)["name"] == "姓名不能超过 30 个字。")
        var markup = good
        markup["name"] = "<script>"
        markup["title"] = "标题\u{0007}响铃"
        #expect(problems(markup, consultation)["name"] == "姓名不能包含 < > \" & 等符号。")
        #expect(problems(markup, consultation)["title"] == "内容含有不能显示的控制字符，请删除后再提交。")
    }

    @Test func aChannelRequiresTheContactFieldsItNames() {
        var anonymous = good
        anonymous["name"] = ""
        anonymous["phone"] = ""
        let p = problems(anonymous, mailbox)
        #expect(p["name"] == "“市长信箱”须填写姓名。")
        #expect(p["phone"] == "“市长信箱”须填写联系电话，以便办理部门联系您。")
        #expect(problems(anonymous, consultation).isEmpty)
        var closed = consultation
        closed.accepting = false
        #expect(problems(good, closed)["channel"] == "“政务咨询”暂停接收留言。")
    }

    @Test func rateLimitsAndDuplicatesAreRefusedWithAReason() {
        let limit = LetterRateLimit()
        #expect(limit.refusal(fromAddress: 4, fromContact: 4, duplicate: false) == nil)
        #expect(limit.refusal(fromAddress: 5, fromContact: 0, duplicate: false) == "同一网络地址 1 小时内最多提交 5 件留言，请稍后再试。")
        #expect(limit.refusal(fromAddress: 0, fromContact: 5, duplicate: false) == "同一联系方式 1 天内最多提交 5 件留言，请稍后再试。")
        #expect(limit.refusal(fromAddress: 0, fromContact: 0, duplicate: true)?.hasPrefix("您已提交过内容相同的留言") == true)
    }

    @Test func numbersAndCodes() {
        #expect(LetterNumber.make(day: CalendarDay("2026-12-02")!, sequence: 1) == "2026120200001")
        #expect(LetterNumber.sequence(of: "2026120200042") == 42 && LetterNumber.sequence(of: "20261202") == nil)
        let codes = Set((0..<200).map { _ in LetterNumber.makeCode() })
        #expect(codes.count == 200 && codes.allSatisfy { $0.count == 10 && !$0.contains("0") && !$0.contains("O") && !$0.contains("I") })
        #expect(LetterNumber.normalisedCode(" ab-cd ef ") == "ABCDEF")
    }

    @Test func theDuplicateKeyIgnoresWhiteSpaceAndCase() throws {
        let a = try LetterSubmission.read(good, channel: consultation)
        var spaced = good
        spaced["body"] = "请问12路公交  什么时候恢复运营？ 谢谢。"
        #expect(try LetterSubmission.read(spaced, channel: consultation).duplicateKey == a.duplicateKey)
    }
}
