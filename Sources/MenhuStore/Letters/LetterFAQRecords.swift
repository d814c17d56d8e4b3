import Foundation
import MenhuCore
import SQLKit

/// A row of `letter_faqs`; `valid_until` is the day's number (days since 1970-01-01).
struct LetterFAQRow: TableRow {
    static let table = "letter_faqs"

    var id: String
    var siteID: String
    var question: String
    var answer: String
    var letterID: String?
    var state: String
    var validUntil: Int
    var draftedBy: String
    var draftedByName: String
    var reviewedBy: String?
    var reviewedByName: String?
    var reviewedAt: Int?
    var version: Int
    var createdAt: Int
    var changedAt: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, siteID = "site_id", question, answer, letterID = "letter_id", state, validUntil = "valid_until"
        case draftedBy = "drafted_by", draftedByName = "drafted_by_name", reviewedBy = "reviewed_by", reviewedByName = "reviewed_by_name"
        case reviewedAt = "reviewed_at", version, createdAt = "created_at", changedAt = "changed_at"
    }
}

extension LetterFAQRow {
    init(_ f: LetterFAQ) {
        self.init(
            id: f.id, siteID: f.siteID, question: f.question, answer: f.answer, letterID: f.letterID, state: f.state.rawValue,
            validUntil: f.validUntil.storedDay, draftedBy: f.draftedByID, draftedByName: f.draftedByName, reviewedBy: f.reviewedByID,
            reviewedByName: f.reviewedByName, reviewedAt: f.reviewedAt.storedMillis, version: f.version, createdAt: f.createdAt.storedMillis,
            changedAt: f.changedAt.storedMillis)
    }

    func model() throws -> LetterFAQ {
        var f = LetterFAQ(
            id: id, siteID: siteID, question: question, answer: answer, letterID: letterID, validUntil: CalendarDay(storedDay: validUntil),
            draftedByID: draftedBy, draftedByName: draftedByName, createdAt: Date(storedMillis: createdAt))
        f.state = try LetterFAQ.State(stored: state)
        f.reviewedByID = reviewedBy
        f.reviewedByName = reviewedByName
        f.reviewedAt = reviewedAt.storedDate
        f.version = version
        f.changedAt = Date(storedMillis: changedAt)
        return f
    }
}

/// I1: 常见问题 and the search a writer sees before writing.
public enum LetterFAQRecords {
    /// Every entry of a site, the newest change first (the console).
    public static func all(siteID: String, on db: any SQLDatabase) async throws -> [LetterFAQ] {
        try await db.select(LetterFAQRow.self).where("site_id", .equal, siteID).orderBy("changed_at", .descending).orderBy("id")
            .all(decoding: LetterFAQRow.self).map { try $0.model() }
    }

    /// One entry.
    public static func find(id: String, on db: any SQLDatabase) async throws -> LetterFAQ? {
        try await db.select(LetterFAQRow.self).where("id", .equal, id).first(decoding: LetterFAQRow.self)?.model()
    }

    /// The entries the site shows on `day`: published and valid, the most recently reviewed first.
    public static func shown(siteID: String, on day: CalendarDay, on db: any SQLDatabase) async throws -> [LetterFAQ] {
        try await db.select(LetterFAQRow.self).where("site_id", .equal, siteID).where("state", .equal, LetterFAQ.State.published.rawValue)
            .where("valid_until", .greaterThanOrEqual, SQLBind(day.storedDay)).orderBy("reviewed_at", .descending).orderBy("id")
            .limit(500).all(decoding: LetterFAQRow.self).map { try $0.model() }
    }

    static func insert(_ f: LetterFAQ, on db: any SQLDatabase) async throws { try await db.insert(LetterFAQRow(f)).run() }
    static func update(_ f: LetterFAQ, on db: any SQLDatabase) async throws { try await db.update(LetterFAQRow(f)).run() }

    /// What a writer is shown before writing to a site: the published letters and the shown
    /// 常见问题 that match `query` (`SimilarQuestions`), best first, at most `limit` of each.
    public static func similar(
        siteID: String, query: String, on day: CalendarDay, limit: Int = 5, on db: any SQLDatabase
    ) async throws -> (letters: [Letter], faqs: [LetterFAQ]) {
        let terms = SimilarQuestions.terms(query)
        guard !terms.isEmpty else { return ([], []) }
        func anyTerm(_ columns: [String]) -> (SQLPredicateGroupBuilder) -> SQLPredicateGroupBuilder {
            { group in
                for term in terms {
                    let pattern = SQLBind("%" + term.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%")
                    for column in columns { group.orWhere(SQLColumn(column), .like, pattern) }
                }
                return group
            }
        }
        let states = [LetterState.published.rawValue, LetterState.closed.rawValue]
        let letters = try await db.select(LetterRow.self).where("site_id", .equal, siteID).where("state", .in, states)
            .where("published_at", .isNot, SQLLiteral.null).where(group: anyTerm(["title"])).orderBy("published_at", .descending).limit(200)
            .all(decoding: LetterRow.self).map { try $0.model() }
        let faqs = try await shown(siteID: siteID, on: day, on: db)
        func best<T>(_ items: [T], _ text: (T) -> String) -> [T] {
            items.map { ($0, SimilarQuestions.score(text($0), terms: terms)) }.filter { $0.1 * 2 >= terms.count && $0.1 > 0 }
                .enumerated().sorted { ($0.element.1, -$0.offset) > ($1.element.1, -$1.offset) }.prefix(limit).map(\.element.0)
        }
        return (best(letters) { $0.title + " " + $0.body }, best(faqs) { $0.question + " " + $0.answer })
    }
}

extension CalendarDay {
    /// The day as stored: days since 1970-01-01.
    var storedDay: Int { dayNumber }
    init(storedDay: Int) { self.init(dayNumber: storedDay) }
}
