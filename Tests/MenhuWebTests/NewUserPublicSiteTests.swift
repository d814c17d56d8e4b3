import Foundation
import HummingbirdTesting
import MenhuCore
import MenhuStore
import MenhuTestSupport
import MenhuWeb
import Testing

/// Issue 14, what a new user ran into on the public sites and on a phone (5, 8, 16, 17, 19).
/// What only shows in a browser (header height, cards, reading modes) scripts/browser-walk.py
/// looks at in headless Chromium; these check what the server sends for it.
@Suite struct NewUserPublicSiteTests {
    func get(_ client: any TestClientProtocol, _ uri: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .get)
    }

    /// The `data-label`s of the cells of a table's first body row, and its column headings.
    static func labelsAndHeadings(_ html: String, table marker: String) throws -> (labels: [String], headings: [String]) {
        let table = try #require(html.components(separatedBy: marker).dropFirst().first?.components(separatedBy: "</table>").first)
        let head = try #require(table.components(separatedBy: "</thead>").first)
        let headings = head.matches(of: #/<th[^>]*>(?<name>[^<]*)</th>/#).map { String($0.output.name) }
        let body = try #require(table.components(separatedBy: "<tbody>").dropFirst().first)
        let row = try #require(body.components(separatedBy: "</tr>").first)
        let labels = row.matches(of: #/<td[^>]*data-label="(?<label>[^"]*)"/#).map { String($0.output.label) }
        #expect(!row.contains("<td>") && !row.contains("<td class=\"nowrap\">"), "every cell is labelled: \(row.prefix(300))")
        return (labels, headings)
    }

    /// 14.5: the 政府信息公开目录 and the console's wide tables (audit log, articles, submissions)
    /// label each cell with its column, so that on a phone a row becomes a card.
    @Test func wideTablesLabelEveryCellWithItsColumn() async throws {
        try await Harness.with(.sqlite, articles: 20) { (h: Harness, client: any TestClientProtocol) async throws in
            let catalogue = try await get(client, "/disclosure").text
            let site = try Self.labelsAndHeadings(catalogue, table: "<table class=\"catalogue\">")
            #expect(site.labels == site.headings && site.labels.count == 6, "\(site)")
            #expect(catalogue.contains("<form class=\"search-form catalogue-filter\"") && catalogue.contains("class=\"filter-field\""))

            var depthead = try await h.browser(client, "depthead")
            _ = try await depthead.fileSubmission(client, title: "我处开展冬季消防安全检查", content: "检查了重点单位。", source: "秘书科")
            var siteadmin = try await h.browser(client, "siteadmin")
            for path in ["/admin/audit", "/admin/sites/www/articles", "/admin/sites/www/submissions"] {
                let page = try await siteadmin.get(client, path).text
                let console = try Self.labelsAndHeadings(page, table: "<table class=\"data cards\">")
                #expect(!console.labels.isEmpty && console.labels == console.headings, "\(path): \(console)")
            }
            let css = try await get(client, "/admin/static/admin.css").text
            #expect(css.contains("table.data.cards td::before") && css.contains("attr(data-label)"))
        }
    }

    /// 14.16: on a phone the navigation and the accessibility toolbar fold behind 菜单 and 无障碍:
    /// buttons that name what they open and say whether it is open, shown only by the script that
    /// works them (a file of the theme: the CSP allows no inline script or handler).
    @Test func thePhoneHeaderFoldsBehindButtonsThatSayWhatTheyOpen() async throws {
        try await Harness.with(.sqlite, articles: 10) { (h: Harness, client: any TestClientProtocol) async throws in
            for (path, menu, tools) in [("/", "菜单", "无障碍"), ("/sites/en/", "Menu", "Accessibility")] {
                let page = try await get(client, path).text
                #expect(page.contains("<div class=\"header-toggles\" hidden>"), "no dead buttons without script")
                #expect(
                    page.contains(
                        "<button type=\"button\" class=\"nav-toggle\" data-toggle=\"nav\" aria-expanded=\"false\" aria-controls=\"main-nav\">\(menu)</button>"
                    ))
                #expect(
                    page.contains(
                        "<button type=\"button\" class=\"tools-toggle\" data-toggle=\"tools\" aria-expanded=\"false\" aria-controls=\"a11y-tools\">\(tools)</button>"
                    ))
                #expect(page.contains("<nav class=\"main-nav\" id=\"main-nav\"") && page.contains("<div class=\"a11y-bar\" id=\"a11y-tools\""))
                #expect(page.contains("<script src=\"/static/default/menu.js\"></script>"))
                #expect(page.firstMatch(of: #/\son[a-z]+="/#) == nil && page.firstMatch(of: #/<script>/#) == nil, "no inline script")
            }
            let script = try await get(client, "/static/default/menu.js")
            #expect(script.status == .ok && script.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(script.text.contains("aria-expanded") && script.text.contains("Escape"))
        }
    }

    /// The selectors of the rules in `css` whose selector contains `marker` and that hide what they select.
    static func hidingRules(_ css: String, _ marker: String) -> [String] {
        css.matches(of: #/(?<selector>[^{}]+)\{(?<body>[^{}]*)\}/#)
            .filter { $0.output.selector.contains(marker) && $0.output.body.contains("display: none") }
            .map { String($0.output.selector).trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// 14.8: 简洁阅读 simplifies the reading without taking away navigation, breadcrumb or search;
    /// 高对比度 gives every button and field a border (the header's 搜索 button had none).
    @Test func plainReadingKeepsTheWayAroundAndHighContrastKeepsBorders() async throws {
        try await Harness.with(.sqlite, articles: 10) { (h: Harness, client: any TestClientProtocol) async throws in
            let css = try await get(client, "/static/default/site.css").text
            let hidden = Self.hidingRules(css, "a11y-simple").joined(separator: " ")
            for part in [".main-nav", ".breadcrumb", ".header-search", ".article-tools"] {
                #expect(!hidden.contains(part), "简洁阅读 hides \(part)")
            }
            #expect(css.contains("html.a11y-simple body {\n  background: #ffffff;\n  font-size: 18px;"))
            #expect(css.contains("html.a11y-contrast button,\nhtml.a11y-contrast input,"))
            #expect(css.contains("border: 2px solid #ffff00 !important;"))
        }
    }

    /// 14.17: the portal's menu has 政务公开 (with 政府信息公开 under it), 办事服务 and 互动交流;
    /// a department's site links back to the portal; 中国政府网 is not a department's site.
    @Test func theDemoMenuHasTheColumnsPeopleLookFor() async throws {
        try await Harness.with(.sqlite, articles: 20) { (h: Harness, client: any TestClientProtocol) async throws in
            let home = try await get(client, "/").text
            let nav = try #require(home.components(separatedBy: "<nav class=\"main-nav\"").dropFirst().first?.components(separatedBy: "</nav>").first)
            let names = nav.matches(of: #/<a href="[^"]*"[^>]*>(?<name>[^<]+)</a>/#).map { String($0.output.name) }
            #expect(names == ["首页", "工作动态", "通知公告", "政务公开", "办事服务", "互动交流", "专题专栏"])
            let zwgk = try await get(client, "/zwgk/").text
            for part in ["政策文件", "政策解读", "政府信息公开", "数据查询"] { #expect(zwgk.contains(">\(part)</a></li>"), "政务公开 has \(part)") }
            let bsfw = try await get(client, "/bsfw/").text
            #expect(bsfw.contains(">业务指南</a></li>") && bsfw.contains(">下载中心</a></li>"))
            #expect(try await get(client, "/hdjl/").text.contains(">在线交流</a></li>"))
            // The interaction block shows the channels, not the column over them.
            let interaction = try #require(
                home.components(separatedBy: "<ul class=\"entry-list\">").dropFirst().first?.components(separatedBy: "</ul>").first)
            #expect(interaction.contains("在线交流") && !interaction.contains(">互动交流<"))
            // 部门网站 lists departments; other government sites are 相关链接.
            let blocks = home.components(separatedBy: "<section class=\"card block-links\"").dropFirst()
            let departments = try #require(blocks.first { $0.contains(">部门网站</h2>") })
            let related = try #require(blocks.first { $0.contains(">相关链接</h2>") })
            #expect(!departments.contains("gov.cn") && departments.contains("/sites/jyj/"))
            #expect(related.contains("<a href=\"https://www.gov.cn/\">中国政府网</a>"))
            // A department's site links back to the portal; the portal and the English version do not.
            #expect(try await get(client, "/sites/jyj/").text.contains("<p class=\"portal-link\"><a href=\"/sites/www/\">江源市人民政府门户网站</a></p>"))
            let english = try await get(client, "/sites/en/").text
            #expect(!home.contains("portal-link") && !english.contains("portal-link"))
        }
    }

    /// 14.17: leaving for another government site says where the visitor is going, and the site's
    /// admin lists the domains that open without asking (主题与外观), on record.
    @Test func theSiteAdminListsDomainsThatOpenWithoutTheLeavingNotice() async throws {
        try await Harness.with(.sqlite, articles: 10) { (h: Harness, client: any TestClientProtocol) async throws in
            let script = try await get(client, "/static/default/site.js").text
            #expect(script.contains("即将访问 ") && script.contains("data-direct-hosts") && script.contains("其他政府网站"))
            #expect(try await get(client, "/sites/www/").text.contains("data-direct-hosts=\"\""))
            var admin = try await h.browser(client, "siteadmin")
            let page = try await admin.get(client, "/admin/sites/www/theme")
            #expect(page.text.contains("<form class=\"stacked\" method=\"post\" action=\"/admin/sites/www/theme/direct-links\" novalidate>"))
            let token = Browser.csrf(page) ?? ""
            let refused = try await admin.post(client, "/admin/sites/www/theme/direct-links", ["_csrf": token, "directHosts": "www.gov.cn\n不是域名"])
            #expect(refused.status == .unprocessableContent && refused.text.contains("“不是域名”不是域名"))
            #expect(refused.text.contains(">www.gov.cn\n不是域名</textarea>"), "what was typed stays")
            let saved = try await admin.post(
                client, "/admin/sites/www/theme/direct-links",
                ["_csrf": token, "directHosts": "https://www.gov.cn/zhengce/\nJiangxi.gov.cn，www.gov.cn"])
            #expect(saved.status == .seeOther && saved.headers[.location] == "/admin/sites/www/theme?notice=direct-links-saved")
            #expect(try await get(client, "/sites/www/").text.contains("data-direct-hosts=\"www.gov.cn jiangxi.gov.cn\""))
            #expect(try await get(client, "/sites/jyj/").text.contains("data-direct-hosts=\"\""), "a list of one site only")
            #expect(try await admin.get(client, "/admin/sites/www/theme").text.contains(">www.gov.cn\njiangxi.gov.cn</textarea>"))
            let audit = try await admin.get(client, "/admin/audit").text
            #expect(audit.contains("设置免提示外部网站") && audit.contains("访问 www.gov.cn、jiangxi.gov.cn 不再提示"))
            #expect(audit.contains("<option value=\"site.direct-links\""), "a filter of its own")
        }
    }

    /// 14.19: the English version: one result, one item, and a space before a withdrawal's date.
    @Test func theEnglishVersionCountsInEnglishAndSpacesItsDates() async throws {
        try await Harness.with(.sqlite, articles: 100) { (h: Harness, client: any TestClientProtocol) async throws in
            let en = try await h.site("en")
            let items = try await h.db.read { sql in try await ArticleRecords.live(siteID: en.id, on: sql) }
            // A word only one English item has in its title finds one result.
            var words: [String: Int] = [:]
            for item in items { for word in Set(item.content.title.split(separator: " ").map(String.init)) { words[word, default: 0] += 1 } }
            let unique = try #require(words.filter { $0.value == 1 && $0.key.count >= 6 && $0.key.allSatisfy(\.isLetter) }.keys.sorted().first)
            let search = try await get(client, "/sites/en/search?q=\(unique)").text
            #expect(search.contains(">Found 1 result</p>"), "\(unique)")
            let catalogue = try await get(client, "/sites/en/disclosure").text
            let first = try #require(catalogue.firstMatch(of: #/<td class="cell-title" data-label="Title"><a href="[^"]+">(?<title>[^<]+)</a>/#))
            let one = try await get(client, "/sites/en/disclosure?q=" + String(first.output.title).urlEncoded).text
            #expect(one.contains(">1 item</p>"))
            // Withdrawn: "This item was withdrawn on 2026-…".
            let live = try #require(items.first)
            let account = try await h.db.read { sql in try await AccountRecords.find(username: "siteadmin", on: sql)! }
            try await h.env.service.grantRole(accountID: account.id, role: .siteAdmin, siteID: en.id, columnID: nil, by: .commandLine())
            let grants = try await h.db.read { sql in try await AccountRecords.grants(of: account.id, on: sql) }
            let work = try #require(try await h.db.read { sql in try await PublishingRecords.work(id: live.id, on: sql) })
            _ = try await h.env.publishing.act(
                .withdraw, articleID: live.id, expectedVersion: work.version, reason: "Out of date",
                by: Participant(actor: Actor(accountID: account.id, name: account.displayName, address: "127.0.0.1"), grants: grants))
            let column = try #require(
                try await h.db.read { sql in try await ColumnRecords.all(siteID: en.id, on: sql) }.first { $0.id == live.content.columnID })
            let gone = try await get(client, "/sites/en/\(column.slug)/\(live.id).html")
            #expect(gone.status == .gone)
            #expect(gone.text.firstMatch(of: #/This item was withdrawn on \d{4}-\d{2}-\d{2} and is no longer public/#) != nil)
            // "You are here: " keeps its space; site.css shows it (a flex item would drop it).
            #expect(try await get(client, "/sites/en/news/").text.contains("<span class=\"breadcrumb-label\">You are here: </span>"))
            #expect(try await get(client, "/static/default/site.css").text.contains(".breadcrumb-label {\n  white-space: pre;\n}"))
        }
    }
}
