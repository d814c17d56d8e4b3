import Foundation
import MenhuCore
import Testing

@Suite struct UpdateRuleTests {
    @Test func storageValuesRoundTrip() {
        let rules: [UpdateRule] = [
            .daily, .weekly, .monthly, .none,
            .fixedDates([MonthDay(month: 1, day: 10)!, MonthDay(month: 7, day: 10)!]),
        ]
        for rule in rules { #expect(UpdateRule(storageValue: rule.storageValue) == rule) }
        #expect(UpdateRule(storageValue: "fixed:13-01") == nil)
        #expect(UpdateRule(storageValue: "hourly") == nil)
    }

    @Test func fixedDatesAreReadFromTheFormInAnyCommonNotation() throws {
        let rule = try UpdateRule.fromForm(kind: "fixed", fixedDates: "7月10日，01-10").get()
        #expect(rule.label == "每年1月10日、7月10日更新")
        #expect(rule.storageValue == "fixed:01-10,07-10")
        #expect(throws: FieldErrors.self) { try UpdateRule.fromForm(kind: "fixed", fixedDates: "02-30").get() }
        #expect(throws: FieldErrors.self) { try UpdateRule.fromForm(kind: "fixed", fixedDates: "").get() }
    }

    @Test func nextDueFollowsTheRule() {
        let cal = ChinaTime.calendar
        let last = cal.date(from: DateComponents(year: 2026, month: 3, day: 2, hour: 15))!
        let day = { (d: Date) in ChinaTime.day(d) }
        #expect(day(UpdateRule.daily.nextDue(after: last)!) == "2026-03-04")  // end of 3 March
        #expect(day(UpdateRule.weekly.nextDue(after: last)!) == "2026-03-10")
        #expect(day(UpdateRule.monthly.nextDue(after: last)!) == "2026-04-03")
        let fixed = UpdateRule.fixedDates([MonthDay(month: 1, day: 10)!, MonthDay(month: 7, day: 10)!])
        #expect(day(fixed.nextDue(after: last)!) == "2026-07-11")
        let afterJuly = cal.date(from: DateComponents(year: 2026, month: 8, day: 1))!
        #expect(day(fixed.nextDue(after: afterJuly)!) == "2027-01-11")
        #expect(UpdateRule.none.nextDue(after: last) == nil)
    }
}

@Suite struct ColumnSettingsTests {
    let now = Date(timeIntervalSince1970: 1_772_000_000)

    func columns() -> [Column] {
        let news = Column(
            id: "news", siteID: "s",
            settings: ColumnSettings(
                name: "工作动态", slug: "gzdt", kind: .news, ownerDepartmentID: "d", updateRule: .daily), createdAt: now)
        let sub = Column(
            id: "sub", siteID: "s",
            settings: ColumnSettings(
                name: "部门动态", slug: "bmdt", kind: .news, parentID: "news", ownerDepartmentID: "d", updateRule: .weekly), createdAt: now)
        let old = Column(
            id: "old", siteID: "s",
            settings: ColumnSettings(
                name: "旧专题", slug: "old", kind: .topic, ownerDepartmentID: "d", updateRule: .none), archivedAt: now, createdAt: now)
        return [news, sub, old]
    }

    func form(_ overrides: [String: String]) -> [String: String] {
        var f = ["name": "通知公告", "slug": "tzgg", "kind": "notice", "ownerDepartmentID": "d", "updateRule": "weekly"]
        for (k, v) in overrides { f[k] = v }
        return f
    }

    func error(_ fields: [String: String], editing: Column? = nil) -> FieldErrors? {
        do {
            _ = try ColumnSettings.read(fields, editing: editing, columns: columns(), departmentIDs: ["d"])
            return nil
        } catch let e as FieldErrors { return e } catch { return nil }
    }

    @Test func validColumnIsAccepted() throws {
        let s = try ColumnSettings.read(form([:]), editing: nil, columns: columns(), departmentIDs: ["d"])
        #expect(s.updateRule == .weekly)
        #expect(s.parentID == nil)
    }

    @Test func ownerDepartmentIsRequired() {
        #expect(error(form(["ownerDepartmentID": ""]))?.message(for: "ownerDepartmentID")?.contains("O1") == true)
    }

    @Test func slugMustBeUniqueAndNotReserved() {
        #expect(error(form(["slug": "gzdt"]))?.message(for: "slug") != nil)
        #expect(error(form(["slug": "admin"]))?.message(for: "slug") != nil)
        #expect(error(form(["slug": "通知"]))?.message(for: "slug") != nil)
    }

    @Test func aColumnCannotMoveUnderItselfOrItsDescendant() {
        let news = columns()[0]
        #expect(error(form(["slug": "gzdt", "parentID": "sub"]), editing: news)?.message(for: "parentID") != nil)
        #expect(error(form(["slug": "gzdt", "parentID": "news"]), editing: news)?.message(for: "parentID") != nil)
    }

    @Test func nothingMovesUnderAnArchivedColumn() {
        #expect(error(form(["parentID": "old"]))?.message(for: "parentID") != nil)
    }

    @Test func treeListsChildrenUnderTheirParents() {
        let entries = ColumnTree(columns()).entries
        #expect(entries.map(\.column.id) == ["news", "sub", "old"])
        #expect(entries.map(\.depth) == [0, 1, 0])
        #expect(ColumnTree(columns()).path(of: "sub") == ["sub", "news"])
        #expect(ColumnTree(columns()).subtree(of: "news") == ["news", "sub"])
        #expect(ColumnTree(columns()).subtree(of: "old") == ["old"])
    }

    @Test func pagesAreClampedToWhatExists() {
        let page = Page(requested: 99, size: 20, totalItems: 45)
        #expect(page.number == 3)
        #expect(page.offset == 40)
        #expect(!page.hasNext)
        #expect(Page(requested: 1, size: 20, totalItems: 0).totalPages == 1)
    }
}
