import Foundation
import MenhuCore
import SQLKit

/// A row of `disclosure_offices`.
struct DisclosureOfficeRow: TableRow {
    static let table = "disclosure_offices"
    static var key: [CodingKeys] { [.siteID] }

    var siteID: String
    var organ: String
    var address: String
    var phone: String
    var hours: String
    var prefix: String
    var appealBody: String
    var court: String
    var feeMode: String
    var correctionDays: Int
    var changedAt: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case siteID = "site_id", organ, address, phone, hours, prefix, appealBody = "appeal_body", court, feeMode = "fee_mode"
        case correctionDays = "correction_days", changedAt = "changed_at"
    }

    init(_ o: DisclosureOffice, changedAt: Date) {
        self.init(
            siteID: o.siteID, organ: o.organ, address: o.address, phone: o.phone, hours: o.hours, prefix: o.prefix, appealBody: o.appealBody,
            court: o.court, feeMode: o.feeMode.rawValue, correctionDays: o.correctionDays, changedAt: changedAt.storedMillis)
    }

    init(
        siteID: String, organ: String, address: String, phone: String, hours: String, prefix: String, appealBody: String, court: String,
        feeMode: String, correctionDays: Int, changedAt: Int
    ) {
        self.siteID = siteID; self.organ = organ; self.address = address; self.phone = phone; self.hours = hours; self.prefix = prefix
        self.appealBody = appealBody; self.court = court; self.feeMode = feeMode; self.correctionDays = correctionDays; self.changedAt = changedAt
    }

    func model() throws -> DisclosureOffice {
        DisclosureOffice(
            siteID: siteID, organ: organ, address: address, phone: phone, hours: hours, prefix: prefix, appealBody: appealBody, court: court,
            feeMode: try DisclosureFeeMode(stored: feeMode), correctionDays: correctionDays)
    }
}

/// A row of `disclosure_requests`: the request as JSON in `data`, and the columns queried.
struct DisclosureRequestRow: TableRow {
    static let table = "disclosure_requests"

    var id: String
    var siteID: String
    var number: String
    var codeDigest: String
    var state: String
    var applicantKind: String
    var applicantKey: String
    var title: String
    var receivedAt: Int
    var dueDay: String?
    var finishedAt: Int?
    var address: String
    var version: Int
    var changedAt: Int
    var data: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, siteID = "site_id", number, codeDigest = "code_digest", state, applicantKind = "applicant_kind"
        case applicantKey = "applicant_key", title, receivedAt = "received_at", dueDay = "due_day", finishedAt = "finished_at", address
        case version, changedAt = "changed_at", data
    }

    init(_ r: DisclosureRequest, codeDigest: String, applicantKey: String, address: String, due: CalendarDay?) throws {
        self.id = r.id; self.siteID = r.siteID; self.number = r.number; self.codeDigest = codeDigest; self.state = r.state.rawValue
        self.applicantKind = r.applicant.kind.rawValue; self.applicantKey = applicantKey; self.title = r.ask.title
        self.receivedAt = r.receivedAt.storedMillis; self.dueDay = due?.description; self.finishedAt = r.finishedAt.storedMillis
        self.address = address; self.version = r.version; self.changedAt = r.changedAt.storedMillis
        self.data = String(decoding: try DisclosureJSON.encoder.encode(r), as: UTF8.self)
    }

    func model() throws -> DisclosureRequest {
        do { return try DisclosureJSON.decoder.decode(DisclosureRequest.self, from: Data(data.utf8)) } catch {
            throw StoreError.corrupt("disclosure_requests \(id): \(error)")
        }
    }
}

/// A row of `disclosure_documents`: the frozen document as JSON.
struct DisclosureDocumentRow: TableRow {
    static let table = "disclosure_documents"

    var id: String
    var requestID: String
    var siteID: String
    var kind: String
    var year: Int
    var serial: Int
    var number: String
    var issuedAt: Int
    var data: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, requestID = "request_id", siteID = "site_id", kind, year, serial, number, issuedAt = "issued_at", data
    }

    func model() throws -> DisclosureDocument {
        do { return try DisclosureJSON.decoder.decode(DisclosureDocument.self, from: Data(data.utf8)) } catch {
            throw StoreError.corrupt("disclosure_documents \(id): \(error)")
        }
    }
}

/// Dates as milliseconds, keys sorted: the same request is stored as the same text.
enum DisclosureJSON {
    static var encoder: JSONEncoder {
        let e = JSONEncoder.sorted
        e.dateEncodingStrategy = .millisecondsSince1970
        return e
    }
    static var decoder: JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .millisecondsSince1970
        return d
    }
}

/// A request in the handler's list.
public struct DisclosureListing: Sendable, Equatable {
    public let id: String, number: String, title: String, state: DisclosureState, applicantKind: ApplicantKind
    public let receivedAt: Date, due: CalendarDay?
}

/// 依申请公开's named queries.
public enum DisclosureRecords {
    /// The office of a site; until it is set, one named after the site with the defaults.
    public static func office(siteID: String, on db: any SQLDatabase) async throws -> DisclosureOffice {
        if let row = try await db.select(DisclosureOfficeRow.self).where("site_id", .equal, siteID).first(decoding: DisclosureOfficeRow.self) {
            return try row.model()
        }
        let site = try await SiteRecords.find(id: siteID, on: db)
        return DisclosureOffice(siteID: siteID, organ: site?.sponsor.nonEmpty ?? site?.name ?? "")
    }

    static func saveOffice(_ office: DisclosureOffice, now: Date, on db: any SQLDatabase) async throws {
        try await db.delete(from: DisclosureOfficeRow.table).where("site_id", .equal, office.siteID).run()
        try await db.insert(DisclosureOfficeRow(office, changedAt: now)).run()
    }

    static func row(id: String, on db: any SQLDatabase) async throws -> DisclosureRequestRow? {
        try await db.select(DisclosureRequestRow.self).where("id", .equal, id).first(decoding: DisclosureRequestRow.self)
    }

    public static func request(id: String, on db: any SQLDatabase) async throws -> DisclosureRequest? {
        try await row(id: id, on: db)?.model()
    }

    /// The applicant's look-up: nil for a wrong pair, whichever part is wrong.
    public static func lookup(number: String, code: String, on db: any SQLDatabase) async throws -> DisclosureRequest? {
        let number = number.trimmed.uppercased()
        let code = LetterNumber.normalisedCode(code)
        guard DisclosureNumber.isWellFormed(number), (1...40).contains(code.count) else { return nil }
        let key = try await LetterCode.key(on: db)
        let row = try await db.select(DisclosureRequestRow.self).where("number", .equal, number).first(decoding: DisclosureRequestRow.self)
        let given = LetterCode.digest(number: number, code: code, key: key)
        // A missing number costs the same comparison as a wrong code.
        let stored = row?.codeDigest ?? LetterCode.digest(number: number, code: "-", key: key)
        guard constantTimeEqual(given, stored), let row else { return nil }
        return try row.model()
    }

    /// A site's requests, newest first: open ones only unless `states` says otherwise.
    public static func list(
        siteID: String, states: [DisclosureState]?, limit: Int, offset: Int, on db: any SQLDatabase
    ) async throws -> (requests: [DisclosureListing], total: Int) {
        func narrow(_ q: SQLSelectBuilder) -> SQLSelectBuilder {
            let q = q.from(DisclosureRequestRow.table).where("site_id", .equal, siteID)
            return states.map { q.where("state", .in, $0.map(\.rawValue)) } ?? q
        }
        let total =
            try await narrow(db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")).first()?.decode(column: "n", as: Int.self)
            ?? 0
        let rows = try await narrow(
            db.select().columns("id", "number", "title", "state", "applicant_kind", "received_at", "due_day")
        ).orderBy("received_at", .descending).orderBy("id").limit(limit).offset(offset).all()
        let listings = try rows.map { row in
            DisclosureListing(
                id: try row.decode(column: "id", as: String.self), number: try row.decode(column: "number", as: String.self),
                title: try row.decode(column: "title", as: String.self),
                state: try DisclosureState(stored: try row.decode(column: "state", as: String.self)),
                applicantKind: try ApplicantKind(stored: try row.decode(column: "applicant_kind", as: String.self)),
                receivedAt: Date(storedMillis: try row.decode(column: "received_at", as: Int.self)),
                due: try row.decode(column: "due_day", as: String?.self).flatMap(CalendarDay.init))
        }
        return (listings, total)
    }

    /// Every request of a site received before `end` and not finished before `start` (table 三 of a year).
    public static func forYear(siteID: String, from start: Date, before end: Date, on db: any SQLDatabase) async throws -> [DisclosureRequest] {
        try await db.select(DisclosureRequestRow.self).where("site_id", .equal, siteID).where("received_at", .lessThan, end.storedMillis)
            .where { $0.where("finished_at", .is, SQLLiteral.null).orWhere("finished_at", .greaterThanOrEqual, start.storedMillis) }
            .orderBy("received_at").all(decoding: DisclosureRequestRow.self).map { try $0.model() }
    }

    /// 同一申请人 on a site within [from, before): how many requests (国办函〔2020〕109号's monthly count).
    static func count(applicantKey: String, siteID: String, from start: Date, before end: Date, on db: any SQLDatabase) async throws -> Int {
        try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(DisclosureRequestRow.table)
            .where("site_id", .equal, siteID).where("applicant_key", .equal, applicantKey)
            .where("received_at", .greaterThanOrEqual, start.storedMillis).where("received_at", .lessThan, end.storedMillis)
            .first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// A request's documents, in the order issued.
    public static func documents(requestID: String, on db: any SQLDatabase) async throws -> [DisclosureDocument] {
        try await db.select(DisclosureDocumentRow.self).where("request_id", .equal, requestID).orderBy("issued_at").orderBy("serial")
            .all(decoding: DisclosureDocumentRow.self).map { try $0.model() }
    }

    /// Issues `document`'s next 文号 serial of its site, kind and year and stores it. Serials are
    /// taken inside the transaction; a clash with a concurrent one is retried by the caller.
    static func issue(
        _ kind: DisclosureDocumentKind, for request: DisclosureRequest, office: DisclosureOffice, calendar: WorkingCalendar, at now: Date,
        on db: any SQLDatabase
    ) async throws -> DisclosureDocument {
        let year = CalendarDay(now).year
        let last =
            try await db.select().column(SQLFunction("MAX", args: SQLColumn("serial")), as: "n").from(DisclosureDocumentRow.table)
            .where("site_id", .equal, request.siteID).where("kind", .equal, kind.rawValue).where("year", .equal, year).first()?
            .decode(column: "n", as: Int?.self) ?? nil
        let serial = (last ?? 0) + 1
        let document = DisclosureDocument.make(kind, for: request, office: office, calendar: calendar, serial: serial, issuedAt: now)
        try await db.insert(
            DisclosureDocumentRow(
                id: document.id, requestID: request.id, siteID: request.siteID, kind: kind.rawValue, year: year, serial: serial,
                number: document.number, issuedAt: now.storedMillis,
                data: String(decoding: try DisclosureJSON.encoder.encode(document), as: UTF8.self))
        ).run()
        return document
    }

    /// How many requests a site has had.
    public static func count(siteID: String, on db: any SQLDatabase) async throws -> Int {
        try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(DisclosureRequestRow.table)
            .where("site_id", .equal, siteID).first()?.decode(column: "n", as: Int.self) ?? 0
    }
}
