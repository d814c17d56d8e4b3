import Foundation
import MenhuCore
import SQLKit

/// 在线访谈 (I1): the site's staff announce an interview, review the public's questions, write
/// the 文字实录 while it runs — the guests' answers to questions taken among them — and end it;
/// the public ask. Each change is written with its audit event in one transaction.
public struct InterviewService: Sendable {
    public let database: Database
    public let clock: any WallClock
    /// Questions one network address may send within an hour.
    public var perAddressHourly = 10

    public init(database: Database, clock: any WallClock) { self.database = database; self.clock = clock }

    func load(_ id: String, on db: any SQLDatabase, by p: Participant) async throws -> Interview {
        guard let interview = try await InterviewRecords.interview(id: id, on: db) else { throw ServiceError.notFound("访谈不存在") }
        try SurveyService.allowed(p, siteID: interview.siteID)
        return interview
    }

    func store(
        _ interview: Interview, _ action: String, _ summary: String, by p: Participant, on db: any SQLDatabase, now: Date, insert: Bool = false
    ) async throws {
        if insert { try await db.insert(try InterviewRow(interview)).run() } else { try await db.update(try InterviewRow(interview)).run() }
        try await AuditRecords.append(
            p.actor.event(action, "interview", interview.id, siteID: interview.siteID, summary: summary, requirement: "I1", at: now), on: db)
    }

    /// Creates an interview (`interviewID` nil) or changes one not yet ended.
    public func save(
        _ fields: [String: String], interviewID: String?, expectedVersion: Int?, siteID: String, by p: Participant
    ) async throws -> Interview {
        try SurveyService.allowed(p, siteID: siteID)
        let d = try InterviewDefinition.read(fields)
        let now = clock.now()
        return try await database.write { db in
            guard try await SiteRecords.find(id: siteID, on: db) != nil else { throw ServiceError.notFound("网站不存在") }
            guard let interviewID else {
                if d.startsAt < now.addingTimeInterval(-86_400) { throw FieldErrors.single("startsAt", "访谈时间不能早于昨天。") }
                let interview = Interview(
                    siteID: siteID, title: d.title, summary: d.summary, host: d.host, guests: d.guests, startsAt: d.startsAt, minutes: d.minutes,
                    createdBy: p.actor.name, at: now)
                try await store(
                    interview, "interview.create", "新建在线访谈“\(d.title)”（\(ChinaTime.minute(d.startsAt))）", by: p, on: db, now: now, insert: true)
                return interview
            }
            var interview = try await load(interviewID, on: db, by: p)
            guard interview.siteID == siteID else { throw ServiceError.notFound("访谈不存在") }
            if let expectedVersion, expectedVersion != interview.version { throw ServiceError.conflict("这场访谈已被他人修改，请刷新页面后再改。") }
            if interview.endedAt != nil { throw ServiceError.refused("访谈已结束，不能再修改。") }
            if interview.phase(at: now) == .live && d.startsAt != interview.startsAt {
                throw FieldErrors.single("startsAt", "访谈已经开始，不能再改访谈时间。")
            }
            interview.title = d.title; interview.summary = d.summary; interview.host = d.host; interview.guests = d.guests
            interview.startsAt = d.startsAt; interview.minutes = d.minutes
            interview.version += 1; interview.changedAt = now
            try await store(interview, "interview.edit", "修改在线访谈“\(d.title)”", by: p, on: db, now: now)
            return interview
        }
    }

    public enum Step: String, Sendable, CaseIterable {
        /// 发布预告: shown to the public, questions taken.
        case publish
        /// 撤回: before it starts, with no questions.
        case unpublish
        /// 结束访谈: the 文字实录 is closed.
        case end
    }

    public func act(_ step: Step, interviewID: String, expectedVersion: Int, by p: Participant) async throws -> Interview {
        let now = clock.now()
        return try await database.write { db in
            var interview = try await load(interviewID, on: db, by: p)
            if expectedVersion != interview.version { throw ServiceError.conflict("这场访谈已被他人修改，请刷新页面后再操作。") }
            let phase = interview.phase(at: now)
            let summary: String
            switch step {
            case .publish:
                guard phase == .draft else { throw ServiceError.refused("访谈已发布。") }
                interview.published = true
                summary = "发布在线访谈预告“\(interview.title)”"
            case .unpublish:
                guard phase == .announced else { throw ServiceError.refused("只有尚未开始的访谈可以撤回。") }
                guard try await InterviewRecords.questions(interviewID: interview.id, on: db).isEmpty else {
                    throw ServiceError.refused("已有网友提问，不能撤回；可修改访谈时间。")
                }
                interview.published = false
                summary = "撤回在线访谈“\(interview.title)”"
            case .end:
                guard phase == .live else { throw ServiceError.refused(phase == .ended ? "访谈已结束。" : "访谈尚未开始。") }
                interview.endedAt = now
                summary = "结束在线访谈“\(interview.title)”"
            }
            interview.version += 1; interview.changedAt = now
            try await store(interview, "interview.\(step.rawValue)", summary, by: p, on: db, now: now)
            return interview
        }
    }

    /// A passage of the 文字实录 (`what`: 发言 or 答复) as typed: not empty, at most 5000 characters.
    static func passage(_ raw: String, _ what: String) throws -> String {
        let text = raw.replacingOccurrences(of: "\r\n", with: "\n").trimmed
        if text.isEmpty { throw FieldErrors.single("text", "请填写\(what)内容。") }
        if text.count > 5000 { throw FieldErrors.single("text", "\(what)不能超过 5000 个字，现为 \(text.count) 个字。") }
        return text
    }

    /// 文字实录: one passage by the host (`speaker` "host") or a guest (`guest.0`, `guest.1` …),
    /// written while the interview runs.
    public func record(interviewID: String, speaker: String, text rawText: String, by p: Participant) async throws -> Interview {
        let text = try Self.passage(rawText, "发言")
        let now = clock.now()
        return try await database.write { db in
            var interview = try await load(interviewID, on: db, by: p)
            guard interview.phase(at: now) == .live else { throw ServiceError.refused("访谈直播期间才能录入文字实录。") }
            let entry: Interview.Entry
            if speaker == "host" {
                entry = .init(speaker: .host, name: interview.host, text: text, at: now)
            } else if let n = Int(speaker.replacingOccurrences(of: "guest.", with: "")), speaker.hasPrefix("guest."),
                interview.guests.indices.contains(n)
            {
                entry = .init(speaker: .guest, name: interview.guests[n].label, text: text, at: now)
            } else {
                throw FieldErrors.single("speaker", "请选择发言人。")
            }
            interview.transcript.append(entry)
            interview.version += 1; interview.changedAt = now
            try await store(interview, "interview.record", "录入“\(interview.title)”的文字实录（\(entry.name)）", by: p, on: db, now: now)
            return interview
        }
    }

    /// 网友提问: taken from the announcement until the end, kept for review.
    public func ask(interviewID: String, fields: [String: String], address: String) async throws -> InterviewQuestion {
        let (nickname, text) = try InterviewAsk.read(fields)
        let now = clock.now(), address = String(address.prefix(100)), limit = perAddressHourly
        return try await database.write { db in
            guard let interview = try await InterviewRecords.interview(id: interviewID, on: db), interview.published else {
                throw ServiceError.notFound("访谈不存在")
            }
            guard interview.takesQuestions(at: now) else { throw ServiceError.refused("本场访谈已结束，不再接受提问。感谢关注！") }
            let recent =
                try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(InterviewQuestionRow.table)
                .where("address", .equal, address).where("asked_at", .greaterThanOrEqual, now.addingTimeInterval(-3600).storedMillis).first()?
                .decode(column: "n", as: Int.self) ?? 0
            if recent >= limit { throw ServiceError.refused("同一网络地址 1 小时内提问过多，请稍后再试。") }
            let question = InterviewQuestion(interviewID: interview.id, siteID: interview.siteID, nickname: nickname, text: text, askedAt: now)
            try await db.insert(try InterviewQuestionRow(question, address: address)).run()
            return question
        }
    }

    /// 审核: a question taken (to be answered) or not (with the reason, for the staff).
    public func review(questionID: String, accept: Bool, note: String, by p: Participant) async throws -> InterviewQuestion {
        let now = clock.now()
        return try await database.write { db in
            guard let row = try await InterviewRecords.questionRow(id: questionID, on: db) else { throw ServiceError.notFound("提问不存在") }
            let interview = try await load(row.interviewID, on: db, by: p)
            var question = try row.model()
            guard question.state == .pending else { throw ServiceError.refused("这条提问已审核（\(question.state.label)）。") }
            question.state = accept ? .accepted : .rejected
            question.note = String(note.trimmed.prefix(200))
            try await db.update(try InterviewQuestionRow(question, address: row.address)).run()
            try await AuditRecords.append(
                p.actor.event(
                    accept ? "interview.accept" : "interview.reject", "interview", interview.id, siteID: interview.siteID,
                    summary: "\(accept ? "采用" : "不采用")“\(interview.title)”的网友提问" + (question.note.isEmpty ? "" : "：\(question.note)"),
                    requirement: "I1", at: now), on: db)
            return question
        }
    }

    /// A guest answers a question taken, while the interview runs: the question and the answer
    /// go into the 文字实录.
    public func answer(questionID: String, guest: Int, text rawText: String, by p: Participant) async throws -> InterviewQuestion {
        let text = try Self.passage(rawText, "答复")
        let now = clock.now()
        return try await database.write { db in
            guard let row = try await InterviewRecords.questionRow(id: questionID, on: db) else { throw ServiceError.notFound("提问不存在") }
            var interview = try await load(row.interviewID, on: db, by: p)
            var question = try row.model()
            guard question.state == .accepted else { throw ServiceError.refused("只有已采用的提问可以答复（现为“\(question.state.label)”）。") }
            guard interview.phase(at: now) == .live else { throw ServiceError.refused("访谈直播期间才能答复网友提问。") }
            guard interview.guests.indices.contains(guest) else { throw FieldErrors.single("guest", "请选择答复的嘉宾。") }
            let name = interview.guests[guest].label
            question.state = .answered; question.answeredBy = name; question.answer = text; question.answeredAt = now
            try await db.update(try InterviewQuestionRow(question, address: row.address)).run()
            interview.transcript += [
                .init(speaker: .netizen, name: question.nickname, text: question.text, at: now, questionID: question.id),
                .init(speaker: .guest, name: name, text: text, at: now, questionID: question.id),
            ]
            interview.version += 1; interview.changedAt = now
            try await store(interview, "interview.answer", "\(name)答复“\(interview.title)”的网友提问", by: p, on: db, now: now)
            return question
        }
    }
}
