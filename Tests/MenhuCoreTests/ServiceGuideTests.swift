import Foundation
import Testing

@testable import MenhuCore

/// W5 and 服务不实用 (国办秘函〔2019〕19号): the ten elements of a 办事指南, and the indicator over a site's guides.
@Suite struct ServiceGuideTests {
    static func full() -> ServiceGuide {
        ServiceGuide(Dictionary(uniqueKeysWithValues: ServiceGuide.Element.allCases.map { ($0, "\($0.label)的内容") }))
    }

    @Test func aGuideLacksEveryEmptyOrBlankElementAndKeepsItsOrder() throws {
        var g = Self.full()
        #expect(g.missing.isEmpty)
        g[.fees] = ""
        g[.basis] = "  \n "
        #expect(g.missing == [.basis, .fees], "white space is not an element; the checklist's order")
        // Stored in the revision's canonical JSON by element name; a revision without a guide is unchanged.
        let json = String(decoding: try JSONEncoder().encode(g), as: UTF8.self)
        #expect(json.contains("\"itemName\":\"事项名称的内容\"") && !json.contains("fees"))
        #expect(try JSONDecoder().decode(ServiceGuide.self, from: Data(json.utf8)) == g)
        let plain = ArticleContent(title: "t", columnID: "c", bodyHTML: "<p>b</p>", source: "s")
        #expect(!String(decoding: plain.canonicalJSON, as: UTF8.self).contains("serviceGuide"))
    }

    @Test func theIndicatorVetoesNoServicesAndFiveGuidesLackingFourElements() {
        let lacking4: [ServiceGuide.Element] = [.basis, .fees, .hours, .phone]
        func guides(_ n: Int, missing: [ServiceGuide.Element]) -> [ServiceRule.Guide] {
            (0..<n).map { ServiceRule.Guide(title: "事项\($0)", missing: missing) }
        }
        #expect(ServiceRule.evaluate(serviceColumns: 0, guides: []).verdict == .veto)
        let empty = ServiceRule.evaluate(serviceColumns: 2, guides: [])
        #expect(empty.verdict == .veto && empty.value.contains("没有已发布的办事指南"))
        #expect(ServiceRule.evaluate(serviceColumns: 1, guides: guides(3, missing: [])).verdict == .pass)
        // 5 guides lacking 4 elements each is a veto; 4 such guides, or 5 lacking 3, are at risk.
        let five = ServiceRule.evaluate(serviceColumns: 1, guides: guides(5, missing: lacking4) + guides(2, missing: []))
        #expect(five.verdict == .veto && five.findings.first == "「事项0」缺少设定依据、收费标准、办理时间、联系电话")
        #expect(ServiceRule.evaluate(serviceColumns: 1, guides: guides(4, missing: lacking4)).verdict == .atRisk)
        #expect(ServiceRule.evaluate(serviceColumns: 1, guides: guides(5, missing: Array(lacking4.prefix(3)))).verdict == .atRisk)
    }

    @Test func theFormReadsTheElementsOnlyForAServiceColumn() throws {
        func column(_ name: String, _ slug: String, _ kind: ColumnKind) -> Column {
            Column(
                siteID: "s", settings: ColumnSettings(name: name, slug: slug, kind: kind, ownerDepartmentID: nil, updateRule: .none),
                createdAt: Date())
        }
        let service = column("办事指南", "bszn", .service), news = column("工作动态", "gzdt", .news)
        var fields = ["title": "个体工商户设立登记办事指南", "source": "市市场监管局", "body": "<p>说明</p>", "guide.itemName": "个体工商户设立登记"]
        fields["columnID"] = service.id
        let guide = try ArticleContent.read(fields, sanitize: { $0 }, columns: [service, news], departmentIDs: []).serviceGuide
        #expect(guide?[.itemName] == "个体工商户设立登记" && guide?.missing.count == 9)
        fields["columnID"] = news.id
        #expect(try ArticleContent.read(fields, sanitize: { $0 }, columns: [service, news], departmentIDs: []).serviceGuide == nil)
        fields["columnID"] = service.id
        fields["guide.itemName"] = String(repeating: "长", count: 201)
        #expect(throws: FieldErrors.self) { try ArticleContent.read(fields, sanitize: { $0 }, columns: [service, news], departmentIDs: []) }
    }
}
