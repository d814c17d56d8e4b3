import Foundation
import HummingbirdTesting
import MenhuCore
import MenhuStore
import MenhuTestSupport
import MenhuWeb
import Testing

/// Issue 15: the platform admin sees the working-day calendar as a year and adds a year's 放假通知.
@Suite struct CalendarPagesTests {
    @Test func theYearShowsHolidaysAndMakeUpDaysFromTheBuiltInData() async throws {
        try await Harness.with(.sqlite, articles: 0) { (h: Harness, client: any TestClientProtocol) async throws in
            var admin = try await h.browser(client, "admin")
            let page = try await admin.get(client, "/admin/calendar?year=2025")
            #expect(page.status == .ok)
            #expect(page.text.contains("内置数据"))
            // 2025 National Day: 10-01…10-08 off, Saturday 10-11 worked (国办发明电〔2024〕12号).
            #expect(page.text.contains("title=\"10月1日 国庆节放假\""))
            #expect(page.text.contains("title=\"10月11日 调休上班\""))
            #expect(page.text.contains("<strong>国庆节</strong>：10月1日至10月8日放假"))
            #expect(!page.text.contains("title=\"10月9日"))  // an ordinary Thursday has no mark
            // The menu leads here, and only for the platform admin.
            #expect(page.text.contains("href=\"/admin/calendar\""))
            var editor = try await h.browser(client, "editor")
            #expect(try await editor.get(client, "/admin/calendar").status == .forbidden)
            #expect(!(try await editor.get(client, "/admin")).text.contains("href=\"/admin/calendar\""))
        }
    }

    @Test func aNewYearsNoticeBecomesItsCalendar() async throws {
        try await Harness.with(.sqlite, articles: 0) { (h: Harness, client: any TestClientProtocol) async throws in
            var admin = try await h.browser(client, "admin")
            let empty = try await admin.get(client, "/admin/calendar?year=2027")
            #expect(empty.text.contains("尚未录入 2027 年放假通知"))
            // Nothing stored from a form with no days.
            let bad = try await admin.post(
                client, "/admin/calendar", ["_csrf": Browser.csrf(empty) ?? "", "year": "2027", "documentNumber": "国办发明电〔2026〕9号"])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("放假日期"))
            #expect(try await h.db.read { sql in try await CalendarRecords.all(on: sql) }.isEmpty)
            for year in ["99999", "0", "二〇二七"] {
                let wrong = try await admin.post(
                    client, "/admin/calendar", ["_csrf": Browser.csrf(empty) ?? "", "year": year, "daysOff": "2027-02-06 春节"])
                #expect(wrong.status == .unprocessableContent, "年份 \(year)")
                #expect(wrong.text.contains("年份"))
            }
            #expect(try await admin.get(client, "/admin/calendar?year=99999").status == .ok)

            let saved = try await admin.post(
                client, "/admin/calendar",
                [
                    "_csrf": Browser.csrf(empty) ?? "", "year": "2027", "documentNumber": "国办发明电〔2026〕9号",
                    "daysOff": "2027-02-06至2027-02-12 春节", "makeUpDays": "2027-02-14 春节",
                ])
            #expect(saved.status == .seeOther)
            let year = try await admin.get(client, try #require(saved.headers[.location]))
            #expect(year.text.contains("放假通知已录入"))
            #expect(year.text.contains("国办发明电〔2026〕9号"))
            #expect(year.text.contains("title=\"2月14日 调休上班\""))
            #expect(year.text.contains("title=\"2月8日 春节放假\""))
            // Deadlines count on it: 1 working day after Friday 2027-02-05 is the make-up Sunday 02-14.
            let calendar = try await h.db.read { sql in try await CalendarRecords.effectiveCalendar(on: sql) }
            #expect(calendar.dueDate(receivedOn: CalendarDay("2027-02-05")!, workingDays: 1) == CalendarDay("2027-02-14")!)
            let audit = try await admin.get(client, "/admin/audit")
            #expect(audit.text.contains("添加 2027 年放假通知"))
        }
    }
}
