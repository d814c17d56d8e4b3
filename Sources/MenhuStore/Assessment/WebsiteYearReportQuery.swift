import Foundation
import MenhuCore
import SQLKit

/// What the 政府网站工作年度报表 of a site's year counts, read from what happened: the text
/// registry's publications, the columns, the service guides, the letters, the surveys and the
/// interviews (A4). Years are China time.
public enum WebsiteYearReportQuery {
    public static func read(site: Site, year: Int, on db: any SQLDatabase) async throws -> WebsiteYearReport {
        let start = CalendarDay("\(year)-01-01")!.start, end = CalendarDay("\(year + 1)-01-01")!.start
        var counts = WebsiteYearReport.Counts()
        let columns = try await ColumnRecords.all(siteID: site.id, on: db)
        let kinds = Dictionary(uniqueKeysWithValues: columns.map { ($0.id, $0.kind) })
        // P6: an item counts in the year of its first publication, in the column it was published in.
        let entries = try await db.select().column("article_id").column("column_id").column("at").from("registry_entries")
            .where("site_id", .equal, site.id).where("action", .equal, RegistryAction.publish.rawValue)
            .where("at", .lessThan, end.storedMillis).orderBy("at").orderBy("sequence").all()
        var seen: Set<String> = []
        for row in entries {
            let article = try row.decode(column: "article_id", as: String.self)
            guard seen.insert(article).inserted else { continue }
            guard try row.decode(column: "at", as: Int.self) >= start.storedMillis else { continue }
            let kind = kinds[try row.decode(column: "column_id", as: String.self)] ?? .other
            counts.published[kind, default: 0] += 1
        }
        let topics = columns.filter { $0.kind == .topic && $0.createdAt < end }
        counts.topicsMaintained = topics.filter { $0.archivedAt.map { $0 >= end } ?? true }.count
        counts.topicsOpened = topics.filter { $0.createdAt >= start }.count
        let services = columns.filter { $0.kind == .service && !$0.isArchived }.map(\.id)
        counts.serviceGuides = try await ArticleRecords.live(siteID: site.id, columnIDs: services, on: db).filter { $0.content.serviceGuide != nil }
            .count
        let letters = try await LetterRecords.received(siteID: site.id, from: start, before: end, on: db)
        let channels = try await LetterRecords.channels(siteID: site.id, on: db)
        let calendar = try await CalendarRecords.effectiveCalendar(on: db)
        counts.letters =
            LetterFigures(letters, deadlines: Dictionary(uniqueKeysWithValues: channels.map { ($0.id, $0.deadlines) }), calendar: calendar)
            .total
        counts.lettersPublished = letters.filter { $0.publishedAt != nil && $0.state != .rejected && $0.state != .merged }.count
        counts.surveys = try await SurveyRecords.figures(siteID: site.id, year: year, on: db)
        counts.interviews = try await InterviewRecords.figures(siteID: site.id, year: year, on: db)
        counts.hasForeignVersion = try await SiteRecords.all(on: db).contains { $0.variantOf == site.id }
        return WebsiteYearReport(site: site, year: year, counts: counts)
    }
}
