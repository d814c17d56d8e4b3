import Foundation
import MenhuCore
import SQLKit

/// A row of `surveys`: the survey as JSON in `data`, and the columns queried.
struct SurveyRow: TableRow {
    static let table = "surveys"

    var id: String
    var siteID: String
    var kind: String
    var title: String
    var opensOn: String
    var closesOn: String
    var published: Int
    var concludedAt: Int?
    var version: Int
    var changedAt: Int
    var data: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, siteID = "site_id", kind, title, opensOn = "opens_on", closesOn = "closes_on", published, concludedAt = "concluded_at"
        case version, changedAt = "changed_at", data
    }

    init(_ s: Survey) throws {
        id = s.id; siteID = s.siteID; kind = s.kind.rawValue; title = s.title; opensOn = s.opensOn.description
        closesOn = s.closesOn.description; published = s.published ? 1 : 0; concludedAt = s.concludedAt.storedMillis
        version = s.version; changedAt = s.changedAt.storedMillis
        data = String(decoding: try DisclosureJSON.encoder.encode(s), as: UTF8.self)
    }

    func model() throws -> Survey {
        do { return try DisclosureJSON.decoder.decode(Survey.self, from: Data(data.utf8)) } catch {
            throw StoreError.corrupt("surveys \(id): \(error)")
        }
    }
}

/// A row of `survey_answers`.
struct SurveyAnswerRow: TableRow {
    static let table = "survey_answers"

    var id: String
    var surveyID: String
    var siteID: String
    var personKey: String
    var address: String
    var answeredAt: Int
    var data: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, surveyID = "survey_id", siteID = "site_id", personKey = "person_key", address, answeredAt = "answered_at", data
    }

    func model() throws -> SurveyAnswer {
        do { return try DisclosureJSON.decoder.decode(SurveyAnswer.self, from: Data(data.utf8)) } catch {
            throw StoreError.corrupt("survey_answers \(id): \(error)")
        }
    }
}

/// A survey in a list, with how many answered.
public struct SurveyListing: Sendable, Equatable {
    public let survey: Survey
    public let answers: Int
}

/// One answer as the site's staff read it: when, and what was written.
public struct SurveyAnswerRecord: Sendable, Equatable {
    public let id: String
    public let answeredAt: Date
    public let answer: SurveyAnswer
}

/// 征集调查's named queries. I1.
public enum SurveyRecords {
    public static func survey(id: String, on db: any SQLDatabase) async throws -> Survey? {
        try await db.select(SurveyRow.self).where("id", .equal, id).first(decoding: SurveyRow.self)?.model()
    }

    /// A site's surveys, newest first; `publishedOnly` for the public list.
    public static func list(siteID: String, publishedOnly: Bool, on db: any SQLDatabase) async throws -> [SurveyListing] {
        var q = db.select(SurveyRow.self).where("site_id", .equal, siteID)
        if publishedOnly { q = q.where("published", .equal, 1) }
        let surveys = try await q.orderBy("opens_on", .descending).orderBy("id").limit(500).all(decoding: SurveyRow.self).map { try $0.model() }
        let counts = try await answerCounts(siteID: siteID, on: db)
        return surveys.map { SurveyListing(survey: $0, answers: counts[$0.id] ?? 0) }
    }

    static func answerCounts(siteID: String, on db: any SQLDatabase) async throws -> [String: Int] {
        let rows = try await db.select().column("survey_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(SurveyAnswerRow.table).where("site_id", .equal, siteID).groupBy("survey_id").all()
        var counts: [String: Int] = [:]
        for row in rows { counts[try row.decode(column: "survey_id", as: String.self)] = try row.decode(column: "n", as: Int.self) }
        return counts
    }

    public static func answerCount(surveyID: String, on db: any SQLDatabase) async throws -> Int {
        try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(SurveyAnswerRow.table)
            .where("survey_id", .equal, surveyID).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Every answer of a survey, oldest first.
    public static func answers(surveyID: String, on db: any SQLDatabase) async throws -> [SurveyAnswerRecord] {
        try await db.select(SurveyAnswerRow.self).where("survey_id", .equal, surveyID).orderBy("answered_at").orderBy("id")
            .all(decoding: SurveyAnswerRow.self).map {
                SurveyAnswerRecord(id: $0.id, answeredAt: Date(storedMillis: $0.answeredAt), answer: try $0.model())
            }
    }

    /// 征集调查期数, 收到意见数量 and 公布调查结果期数 of a site's year (China time).
    public static func figures(siteID: String, year: Int, on db: any SQLDatabase) async throws -> SurveyFigures {
        let start = CalendarDay("\(year)-01-01")!, end = CalendarDay("\(year + 1)-01-01")!
        func count(_ q: SQLSelectBuilder) async throws -> Int { try await q.first()?.decode(column: "n", as: Int.self) ?? 0 }
        let n = SQLFunction("COUNT", args: SQLLiteral.all)
        let surveys = try await count(
            db.select().column(n, as: "n").from(SurveyRow.table).where("site_id", .equal, siteID).where("published", .equal, 1)
                .where("opens_on", .greaterThanOrEqual, start.description).where("opens_on", .lessThan, end.description))
        let answers = try await count(
            db.select().column(n, as: "n").from(SurveyAnswerRow.table).where("site_id", .equal, siteID)
                .where("answered_at", .greaterThanOrEqual, start.start.storedMillis).where("answered_at", .lessThan, end.start.storedMillis))
        let concluded = try await count(
            db.select().column(n, as: "n").from(SurveyRow.table).where("site_id", .equal, siteID)
                .where("concluded_at", .greaterThanOrEqual, start.start.storedMillis).where("concluded_at", .lessThan, end.start.storedMillis))
        return SurveyFigures(surveys: surveys, answers: answers, concluded: concluded)
    }
}
