import Foundation
import MenhuCore
import SQLKit

/// A row of `interviews`: the interview (guests, 文字实录) as JSON in `data`, and the columns queried.
struct InterviewRow: TableRow {
    static let table = "interviews"

    var id: String
    var siteID: String
    var title: String
    var startsAt: Int
    /// `draft`, `published` or `ended`.
    var state: String
    var endedAt: Int?
    var version: Int
    var changedAt: Int
    var data: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, siteID = "site_id", title, startsAt = "starts_at", state, endedAt = "ended_at", version, changedAt = "changed_at", data
    }

    init(_ i: Interview) throws {
        id = i.id; siteID = i.siteID; title = i.title; startsAt = i.startsAt.storedMillis
        state = i.endedAt != nil ? "ended" : i.published ? "published" : "draft"
        endedAt = i.endedAt.storedMillis; version = i.version; changedAt = i.changedAt.storedMillis
        data = String(decoding: try DisclosureJSON.encoder.encode(i), as: UTF8.self)
    }

    func model() throws -> Interview {
        do { return try DisclosureJSON.decoder.decode(Interview.self, from: Data(data.utf8)) } catch {
            throw StoreError.corrupt("interviews \(id): \(error)")
        }
    }
}

/// A row of `interview_questions`.
struct InterviewQuestionRow: TableRow {
    static let table = "interview_questions"

    var id: String
    var interviewID: String
    var siteID: String
    var state: String
    var askedAt: Int
    var answeredAt: Int?
    var address: String
    var data: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, interviewID = "interview_id", siteID = "site_id", state, askedAt = "asked_at", answeredAt = "answered_at", address, data
    }

    init(_ q: InterviewQuestion, address: String) throws {
        id = q.id; interviewID = q.interviewID; siteID = q.siteID; state = q.state.rawValue; askedAt = q.askedAt.storedMillis
        answeredAt = q.answeredAt.storedMillis; self.address = address
        data = String(decoding: try DisclosureJSON.encoder.encode(q), as: UTF8.self)
    }

    func model() throws -> InterviewQuestion {
        do { return try DisclosureJSON.decoder.decode(InterviewQuestion.self, from: Data(data.utf8)) } catch {
            throw StoreError.corrupt("interview_questions \(id): \(error)")
        }
    }
}

/// 在线访谈's named queries. I1.
public enum InterviewRecords {
    public static func interview(id: String, on db: any SQLDatabase) async throws -> Interview? {
        try await db.select(InterviewRow.self).where("id", .equal, id).first(decoding: InterviewRow.self)?.model()
    }

    /// A site's interviews, latest start first; `publishedOnly` for the public list.
    public static func list(siteID: String, publishedOnly: Bool, on db: any SQLDatabase) async throws -> [Interview] {
        var q = db.select(InterviewRow.self).where("site_id", .equal, siteID)
        if publishedOnly { q = q.where("state", .notEqual, "draft") }
        return try await q.orderBy("starts_at", .descending).orderBy("id").limit(500).all(decoding: InterviewRow.self).map { try $0.model() }
    }

    static func questionRow(id: String, on db: any SQLDatabase) async throws -> InterviewQuestionRow? {
        try await db.select(InterviewQuestionRow.self).where("id", .equal, id).first(decoding: InterviewQuestionRow.self)
    }

    public static func question(id: String, on db: any SQLDatabase) async throws -> InterviewQuestion? {
        try await questionRow(id: id, on: db)?.model()
    }

    /// How many questions wait for review, by interview, for a site.
    public static func pendingCounts(siteID: String, on db: any SQLDatabase) async throws -> [String: Int] {
        let rows = try await db.select().column("interview_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(InterviewQuestionRow.table).where("site_id", .equal, siteID).where("state", .equal, InterviewQuestion.State.pending.rawValue)
            .groupBy("interview_id").all()
        var counts: [String: Int] = [:]
        for row in rows { counts[try row.decode(column: "interview_id", as: String.self)] = try row.decode(column: "n", as: Int.self) }
        return counts
    }

    /// An interview's questions, oldest first; `states` nil for all.
    public static func questions(
        interviewID: String, states: [InterviewQuestion.State]? = nil, on db: any SQLDatabase
    ) async throws -> [InterviewQuestion] {
        var q = db.select(InterviewQuestionRow.self).where("interview_id", .equal, interviewID)
        if let states { q = q.where("state", .in, states.map(\.rawValue)) }
        return try await q.orderBy("asked_at").orderBy("id").limit(5000).all(decoding: InterviewQuestionRow.self).map { try $0.model() }
    }

    /// 访谈期数, 网民留言数量 and 答复网民提问数量 of a site's year (China time).
    public static func figures(siteID: String, year: Int, on db: any SQLDatabase) async throws -> InterviewFigures {
        let start = CalendarDay("\(year)-01-01")!.start.storedMillis, end = CalendarDay("\(year + 1)-01-01")!.start.storedMillis
        func count(_ table: String, _ column: String, extra: (SQLSelectBuilder) -> SQLSelectBuilder = { $0 }) async throws -> Int {
            try await extra(
                db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table).where("site_id", .equal, siteID)
                    .where(SQLIdentifier(column), .greaterThanOrEqual, SQLBind(start)).where(SQLIdentifier(column), .lessThan, SQLBind(end))
            ).first()?.decode(column: "n", as: Int.self) ?? 0
        }
        return InterviewFigures(
            interviews: try await count(InterviewRow.table, "starts_at") { $0.where("state", .notEqual, "draft") },
            questions: try await count(InterviewQuestionRow.table, "asked_at"),
            answered: try await count(InterviewQuestionRow.table, "answered_at"))
    }
}

/// 互动交流 work waiting for a site's staff (I1): questions to review for interviews not yet ended,
/// and surveys past their last day whose result is not yet published.
public struct InteractionWork: Sendable, Equatable {
    public var questionsToReview: Int
    public var resultsToPublish: Int
    public var isEmpty: Bool { questionsToReview == 0 && resultsToPublish == 0 }

    public static func read(siteIDs: [String], today: CalendarDay, on db: any SQLDatabase) async throws -> [String: InteractionWork] {
        guard !siteIDs.isEmpty else { return [:] }
        var work: [String: InteractionWork] = [:]
        let n = SQLFunction("COUNT", args: SQLLiteral.all)
        let questions = try await db.select().column(SQLColumn("site_id", table: "q")).column(n, as: "n")
            .from(SQLAlias(SQLIdentifier(InterviewQuestionRow.table), as: SQLIdentifier("q")))
            .join(
                SQLAlias(SQLIdentifier(InterviewRow.table), as: SQLIdentifier("i")), on: SQLColumn("id", table: "i"), .equal,
                SQLColumn("interview_id", table: "q")
            )
            .where(SQLColumn("site_id", table: "q"), .in, SQLBind.group(siteIDs)).where(SQLColumn("state", table: "q"), .equal, SQLBind("pending"))
            .where(SQLColumn("state", table: "i"), .equal, SQLBind("published")).groupBy(SQLColumn("site_id", table: "q")).all()
        for row in questions {
            work[try row.decode(column: "site_id", as: String.self), default: .init(questionsToReview: 0, resultsToPublish: 0)].questionsToReview =
                try row.decode(column: "n", as: Int.self)
        }
        let surveys = try await db.select().column("site_id").column(n, as: "n").from(SurveyRow.table).where("site_id", .in, siteIDs)
            .where("published", .equal, 1).where("concluded_at", .is, SQLLiteral.null).where("closes_on", .lessThan, today.description)
            .groupBy("site_id").all()
        for row in surveys {
            work[try row.decode(column: "site_id", as: String.self), default: .init(questionsToReview: 0, resultsToPublish: 0)].resultsToPublish =
                try row.decode(column: "n", as: Int.self)
        }
        return work
    }
}
