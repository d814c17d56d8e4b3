import Foundation
import MenhuCore
import SQLKit

/// 征集调查 (I1): the site's staff set a survey up, publish it, and after its last day publish the
/// results with the 采纳情况; the public answers once each. Each change is written with its audit
/// event in one transaction.
public struct SurveyService: Sendable {
    public let database: Database
    public let clock: any WallClock
    /// Answers one network address may send to one survey within an hour (colleagues behind one
    /// NAT address answer; a robot clearing its cookies does not flood).
    public var perAddressHourly = 30

    public init(database: Database, clock: any WallClock) { self.database = database; self.clock = clock }

    static func allowed(_ p: Participant, siteID: String) throws {
        guard AccessPolicy.allows(p.grants, .manageInteraction, on: .site(siteID)) else {
            throw WorkflowRefusal.noPermission("您没有本网站的“\(Permission.manageInteraction.label)”权限。")
        }
    }

    // MARK: The site's staff

    /// Creates a survey (`surveyID` nil) or changes one whose page showed `expectedVersion`. The
    /// questions and the first day stay as they were once the survey has opened: answers are
    /// counted against the questions they answered.
    public func save(
        _ fields: [String: String], surveyID: String?, expectedVersion: Int?, siteID: String, by p: Participant
    ) async throws -> Survey {
        try Self.allowed(p, siteID: siteID)
        let now = clock.now(), today = CalendarDay(now)
        return try await database.write { db in
            guard try await SiteRecords.find(id: siteID, on: db) != nil else { throw ServiceError.notFound("网站不存在") }
            var survey: Survey
            if let surveyID {
                guard let found = try await SurveyRecords.survey(id: surveyID, on: db), found.siteID == siteID else {
                    throw ServiceError.notFound("调查不存在")
                }
                if let expectedVersion, expectedVersion != found.version {
                    throw ServiceError.conflict("这项调查已被他人修改，请刷新页面后再改。")
                }
                if found.outcome != nil { throw ServiceError.refused("调查结果已公布，不能再修改。") }
                let d = try SurveyDefinition.read(fields, today: found.closesOn < today ? found.closesOn : today)
                survey = found
                if !found.questionsEditable(on: today) {
                    if d.questions != found.questions || d.opensOn != found.opensOn || d.kind != found.kind {
                        throw FieldErrors.single("questions", "调查已经开始，类型、开始日期和题目不能再修改（已收到的答卷按原题目统计）；可以修改说明或延长截止日期。")
                    }
                    if d.closesOn < found.closesOn && d.closesOn < today {
                        throw FieldErrors.single("closesOn", "截止日期不能早于今天。")
                    }
                }
                survey.kind = d.kind; survey.title = d.title; survey.summary = d.summary; survey.draft = d.draft
                survey.opensOn = d.opensOn; survey.closesOn = d.closesOn; survey.questions = d.questions
                survey.version += 1; survey.changedAt = now
                try await db.update(try SurveyRow(survey)).run()
            } else {
                let d = try SurveyDefinition.read(fields, today: today)
                survey = Survey(
                    siteID: siteID, kind: d.kind, title: d.title, summary: d.summary, draft: d.draft, opensOn: d.opensOn, closesOn: d.closesOn,
                    questions: d.questions, createdBy: p.actor.name, at: now)
                try await db.insert(try SurveyRow(survey)).run()
            }
            try await AuditRecords.append(
                p.actor.event(
                    surveyID == nil ? "survey.create" : "survey.edit", "survey", survey.id, siteID: siteID,
                    summary: "\(surveyID == nil ? "新建" : "修改")\(survey.kind.label)“\(survey.title)”（\(survey.opensOn) 至 \(survey.closesOn)）",
                    requirement: "I1", at: now), on: db)
            return survey
        }
    }

    /// 发布 (shown to the public; answers are taken from its first day) or 撤回 (only before anyone answered).
    public func setPublished(_ published: Bool, surveyID: String, expectedVersion: Int, by p: Participant) async throws -> Survey {
        try await change(surveyID: surveyID, expectedVersion: expectedVersion, by: p) { survey, db, today in
            if published {
                guard !survey.published else { throw ServiceError.refused("调查已发布。") }
                guard survey.closesOn >= today else { throw ServiceError.refused("截止日期已过，请先修改截止日期再发布。") }
            } else {
                guard survey.published, survey.outcome == nil else { throw ServiceError.refused("调查未发布或结果已公布，不能撤回。") }
                guard try await SurveyRecords.answerCount(surveyID: survey.id, on: db) == 0 else {
                    throw ServiceError.refused("已有公众参与，不能撤回；可提前截止或待截止后公布结果。")
                }
            }
            survey.published = published
            return (published ? "survey.publish" : "survey.unpublish", "\(published ? "发布" : "撤回")\(survey.kind.label)“\(survey.title)”")
        }
    }

    /// 公布结果: after the last day, the results with the statement of what was adopted and why (采纳情况).
    public func conclude(surveyID: String, expectedVersion: Int, outcome: String, by p: Participant) async throws -> Survey {
        let text = outcome.replacingOccurrences(of: "\r\n", with: "\n").trimmed
        if text.count < 10 {
            throw FieldErrors.single("outcome", "请填写结果说明和采纳情况（至少 10 个字）：收到多少意见，采纳了哪些，未采纳的理由。")
        }
        if text.count > 5000 { throw FieldErrors.single("outcome", "结果说明不能超过 5000 个字。") }
        return try await change(surveyID: surveyID, expectedVersion: expectedVersion, by: p) { survey, _, today in
            guard survey.phase(on: today) == .closed else {
                throw ServiceError.refused(survey.phase(on: today) == .concluded ? "结果已公布。" : "调查尚未结束，截止日期后才能公布结果。")
            }
            survey.outcome = text
            survey.concludedAt = clock.now()
            return ("survey.conclude", "公布\(survey.kind.label)“\(survey.title)”的结果和采纳情况")
        }
    }

    func change(
        surveyID: String, expectedVersion: Int, by p: Participant,
        _ apply: @escaping @Sendable (inout Survey, any SQLDatabase, CalendarDay) async throws -> (String, String)
    ) async throws -> Survey {
        let now = clock.now()
        return try await database.write { db in
            guard var survey = try await SurveyRecords.survey(id: surveyID, on: db) else { throw ServiceError.notFound("调查不存在") }
            try Self.allowed(p, siteID: survey.siteID)
            if expectedVersion != survey.version { throw ServiceError.conflict("这项调查已被他人修改，请刷新页面后再操作。") }
            let (action, summary) = try await apply(&survey, db, CalendarDay(now))
            survey.version += 1
            survey.changedAt = now
            try await db.update(try SurveyRow(survey)).run()
            try await AuditRecords.append(
                p.actor.event(action, "survey", survey.id, siteID: survey.siteID, summary: summary, requirement: "I1", at: now), on: db)
            return survey
        }
    }

    // MARK: The public

    /// One person's answers: `browserToken` is the survey cookie of their browser (one answer per
    /// browser), `address` their network address (at most `perAddressHourly` an hour).
    public func answer(surveyID: String, fields: [String: String], browserToken: String, address: String) async throws -> SurveyAnswer {
        let now = clock.now()
        let address = String(address.prefix(100))
        let limit = perAddressHourly
        guard (16...100).contains(browserToken.count) else { throw ServiceError.refused("请允许浏览器保存 Cookie 后刷新页面再提交：本调查用它保证每人只答一次。") }
        return try await database.write { db in
            guard let survey = try await SurveyRecords.survey(id: surveyID, on: db), survey.published else {
                throw ServiceError.notFound("调查不存在")
            }
            switch survey.phase(on: CalendarDay(now)) {
            case .open: break
            case .upcoming: throw ServiceError.refused("本次\(survey.kind.label)于 \(survey.opensOn.chineseDate) 开始，届时欢迎参与。")
            default: throw ServiceError.refused("本次\(survey.kind.label)已于 \(survey.closesOn.chineseDate) 截止，感谢关注。")
            }
            let answer = try SurveyResponse.read(survey, fields: fields)
            let key = Self.personKey(surveyID: survey.id, browserToken: browserToken, secret: try await LetterCode.key(on: db))
            let already = try await db.select().column("id").from(SurveyAnswerRow.table).where("survey_id", .equal, survey.id)
                .where("person_key", .equal, key).first()
            if already != nil { throw ServiceError.refused("您已参与过本次\(survey.kind.label)，每人限参与一次。感谢您的意见！") }
            let fromAddress =
                try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(SurveyAnswerRow.table)
                .where("survey_id", .equal, survey.id).where("address", .equal, address)
                .where("answered_at", .greaterThanOrEqual, now.addingTimeInterval(-3600).storedMillis).first()?.decode(column: "n", as: Int.self)
                ?? 0
            if fromAddress >= limit { throw ServiceError.refused("同一网络地址 1 小时内提交的答卷过多，请稍后再试。") }
            try await db.insert(
                SurveyAnswerRow(
                    id: UUID().uuidString.lowercased(), surveyID: survey.id, siteID: survey.siteID, personKey: key, address: address,
                    answeredAt: now.storedMillis, data: String(decoding: try DisclosureJSON.encoder.encode(answer), as: UTF8.self))
            ).run()
            return answer
        }
    }

    /// I1: who answered, as stored: the keyed digest of the survey and the browser's token.
    static func personKey(surveyID: String, browserToken: String, secret: String) -> String {
        LetterCode.fingerprint(surveyID + "\n" + browserToken, key: secret)
    }

    /// Whether the browser with `browserToken` has answered the survey.
    public func answered(surveyID: String, browserToken: String) async throws -> Bool {
        guard (16...100).contains(browserToken.count) else { return false }
        return try await database.read { db in
            // Read only: before the first answer or letter there is no key, and no answer.
            guard let secret = try await db.setting(LetterCode.keySetting) else { return false }
            let key = Self.personKey(surveyID: surveyID, browserToken: browserToken, secret: secret)
            return try await db.select().column("id").from(SurveyAnswerRow.table).where("survey_id", .equal, surveyID)
                .where("person_key", .equal, key).first() != nil
        }
    }

    /// The results of a survey as counted now.
    public func results(surveyID: String) async throws -> (Survey, SurveyResults, [SurveyAnswerRecord])? {
        try await database.read { db in
            guard let survey = try await SurveyRecords.survey(id: surveyID, on: db) else { return nil }
            let answers = try await SurveyRecords.answers(surveyID: surveyID, on: db)
            return (survey, SurveyResults(survey, answers: answers.map(\.answer)), answers)
        }
    }
}
