import Foundation
import MenhuCore

/// A row of `calendar_notices`: days are stored one per line, `YYYY-MM-DD<TAB>festival`.
struct CalendarNoticeRow: TableRow {
    static let table = "calendar_notices"

    var id: String
    var year: Int
    var daysOff: String
    var makeUpDays: String
    var documentNumber: String
    var documentTitle: String
    var addedBy: String?
    var addedByName: String
    var addedAt: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, year, daysOff = "days_off", makeUpDays = "make_up_days", documentNumber = "document_number"
        case documentTitle = "document_title", addedBy = "added_by", addedByName = "added_by_name", addedAt = "added_at"
    }
}

extension CalendarNoticeRow {
    init(_ record: CalendarNoticeRecord) {
        let n = record.notice
        self.init(
            id: n.id, year: n.year, daysOff: Self.text(n.daysOff), makeUpDays: Self.text(n.makeUpDays), documentNumber: n.documentNumber,
            documentTitle: n.documentTitle, addedBy: record.addedByID, addedByName: record.addedByName, addedAt: record.addedAt.storedMillis)
    }

    func model() throws -> CalendarNoticeRecord {
        let notice = CalendarNotice(
            id: id, year: year, daysOff: try Self.days(daysOff), makeUpDays: try Self.days(makeUpDays), documentNumber: documentNumber,
            documentTitle: documentTitle)
        return CalendarNoticeRecord(notice: notice, addedByID: addedBy, addedByName: addedByName, addedAt: Date(storedMillis: addedAt))
    }

    static func text(_ days: [CalendarNotice.NamedDay]) -> String {
        days.map { "\($0.day)\t\($0.festival)" }.joined(separator: "\n")
    }

    static func days(_ text: String) throws -> [CalendarNotice.NamedDay] {
        try text.split(separator: "\n").map { line in
            let parts = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            guard let day = CalendarDay(String(parts[0])) else { throw StoreError.corrupt("calendar_notices: \(line)") }
            return CalendarNotice.NamedDay(day: day, festival: parts.count > 1 ? String(parts[1]) : "")
        }
    }
}
