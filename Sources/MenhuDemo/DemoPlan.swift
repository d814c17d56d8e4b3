import Foundation
import MenhuCore

/// What the demo seeds, as data: its four sites and the columns each has.
extension DemoPlatform {
    /// The demo's sites: the portal, two department sub-sites and the portal's English version.
    struct Sites {
        let portal: Site
        let jyj: Site
        let wjw: Site
        let english: Site

        /// Every site, in the order they are written.
        var all: [Site] { [portal, jyj, wjw, english] }
    }

    /// A column to seed: where it sits, who owns it, its update rule and how many items it gets.
    struct ColumnSpec: Sendable {
        let key: String; let name: String; let slug: String; let kind: ColumnKind; let owner: String
        let rule: UpdateRule; let parent: String?; let articles: Int; let nav: Bool
    }

    /// S1, S2: the sites with their filings and contacts, created a little over a year before `now`.
    static func sites(now: Date) -> Sites {
        let portal = Site(
            identity: SiteIdentity(
                code: "www", name: "江源市人民政府", kind: .portal, sponsor: "江源市人民政府办公室",
                organizer: "江源市政务服务数据管理局", siteIDCode: "3699000001", icpFiling: "赣ICP备99000001号",
                publicSecurityFiling: "赣公网安备 36990002000001号",
                domains: ["www.jiangyuan.gov.cn", "jiangyuan.gov.cn"], personInCharge: "市政府办公室副主任",
                contactPhone: "0799-1234567", contactEmail: "zwgk@jiangyuan.gov.cn",
                address: "江源市人民大道 1 号"), createdAt: now.addingTimeInterval(-400 * 86_400))
        let jyj = Site(
            identity: SiteIdentity(
                code: "jyj", name: "江源市教育局", kind: .subsite, sponsor: "江源市教育局",
                organizer: "江源市教育局办公室", siteIDCode: "3699000002", icpFiling: "赣ICP备99000001号-2",
                publicSecurityFiling: "赣公网安备 36990002000002号", domains: ["jyj.jiangyuan.gov.cn"],
                personInCharge: "市教育局办公室主任", contactPhone: "0799-1234601",
                contactEmail: "jyj@jiangyuan.gov.cn", address: "江源市文教路 18 号"), createdAt: now.addingTimeInterval(-399 * 86_400))
        let wjw = Site(
            identity: SiteIdentity(
                code: "wjw", name: "江源市卫生健康委员会", kind: .subsite, sponsor: "江源市卫生健康委员会",
                organizer: "江源市卫生健康委员会办公室", siteIDCode: "3699000003", icpFiling: "赣ICP备99000001号-3",
                publicSecurityFiling: "赣公网安备 36990002000003号", domains: ["wjw.jiangyuan.gov.cn"],
                personInCharge: "市卫生健康委办公室主任", contactPhone: "0799-1234701",
                contactEmail: "wjw@jiangyuan.gov.cn", address: "江源市健康路 6 号"), createdAt: now.addingTimeInterval(-398 * 86_400))
        // W4: the portal's English version, a site of its own with its own columns.
        var english = Site(
            identity: SiteIdentity(
                code: "en", name: "Jiangyuan Municipal People's Government", kind: .subsite,
                sponsor: "General Office of Jiangyuan Municipal People's Government",
                organizer: "Jiangyuan Government Services and Data Administration", siteIDCode: "3699000004",
                icpFiling: "赣ICP备99000001号-4", publicSecurityFiling: "赣公网安备 36990002000004号",
                domains: ["english.jiangyuan.gov.cn"], personInCharge: "市政府办公室外事科科长",
                contactPhone: "0799-1234567", contactEmail: "english@jiangyuan.gov.cn",
                address: "1 Renmin Avenue, Jiangyuan"), createdAt: now.addingTimeInterval(-397 * 86_400))
        english.identity.language = .english
        english.identity.variantOf = portal.id
        return Sites(portal: portal, jyj: jyj, wjw: wjw, english: english)
    }

    /// O1, F1, W1: each site with its columns, in the order they are written.
    static func columnPlans(_ sites: Sites) -> [(Site, [ColumnSpec])] {
        [(sites.portal, portalColumns), (sites.jyj, educationColumns), (sites.wjw, healthColumns), (sites.english, englishColumns)]
    }

    /// The portal's columns, as its main menu shows them: 首页 (not a column), 工作动态, 通知公告,
    /// 政务公开 (policies, their interpretation, 政府信息公开 and data), 办事服务 (guides and forms),
    /// 互动交流 (the channels the letters work adds as its parts) and 专题专栏. W1.
    static let portalColumns: [ColumnSpec] = [
        ColumnSpec(key: "gzdt", name: "工作动态", slug: "gzdt", kind: .news, owner: "信息科", rule: .daily, parent: nil, articles: 0, nav: true),
        ColumnSpec(key: "gzdt", name: "政务要闻", slug: "zwyw", kind: .news, owner: "信息科", rule: .daily, parent: "gzdt", articles: 70, nav: false),
        ColumnSpec(key: "gzdt", name: "部门动态", slug: "bmdt", kind: .news, owner: "秘书科", rule: .weekly, parent: "gzdt", articles: 45, nav: false),
        ColumnSpec(key: "tzgg", name: "通知公告", slug: "tzgg", kind: .notice, owner: "秘书科", rule: .weekly, parent: nil, articles: 40, nav: true),
        ColumnSpec(
            key: "zcwj", name: "政务公开", slug: "zwgk", kind: .disclosure, owner: "政务公开科", rule: .none, parent: nil, articles: 0, nav: true),
        ColumnSpec(
            key: "zcwj", name: "政策文件", slug: "zcwj", kind: .policy, owner: "政务公开科", rule: .monthly, parent: "zwgk", articles: 25, nav: false),
        ColumnSpec(
            key: "zcjd", name: "政策解读", slug: "zcjd", kind: .interpretation, owner: "政务公开科", rule: .monthly, parent: "zwgk", articles: 15,
            nav: false),
        ColumnSpec(
            key: "zfxxgk", name: "政府信息公开", slug: "zfxxgk", kind: .disclosure, owner: "政务公开科", rule: .monthly, parent: "zwgk", articles: 12,
            nav: false),
        ColumnSpec(
            key: "zfxxgk", name: "政府信息公开年报", slug: "ndbg", kind: .disclosure, owner: "政务公开科",
            rule: .fixedDates([MonthDay(month: 1, day: 31)!]), parent: "zfxxgk", articles: 4, nav: false),
        ColumnSpec(
            key: "zfxxgk", name: "数据查询", slug: "sjcx", kind: .other, owner: "综合规划科",
            rule: .fixedDates([MonthDay(month: 1, day: 10)!, MonthDay(month: 7, day: 10)!]), parent: "zwgk", articles: 4, nav: false),
        ColumnSpec(
            key: "ywzn", name: "办事服务", slug: "bsfw", kind: .service, owner: "政务服务科", rule: .none, parent: nil, articles: 0, nav: true),
        ColumnSpec(
            key: "ywzn", name: "业务指南", slug: "ywzn", kind: .service, owner: "政务服务科", rule: .monthly, parent: "bsfw", articles: 15, nav: false),
        ColumnSpec(
            key: "xzzx", name: "下载中心", slug: "xzzx", kind: .download, owner: "政务服务科", rule: .none, parent: "bsfw", articles: 12, nav: false),
        ColumnSpec(
            key: "zxjl", name: "互动交流", slug: "hdjl", kind: .interaction, owner: "秘书科", rule: .none, parent: nil, articles: 0, nav: true),
        ColumnSpec(
            key: "zxjl", name: "在线交流", slug: "zxjl", kind: .interaction, owner: "秘书科", rule: .none, parent: "hdjl", articles: 0, nav: false),
        ColumnSpec(key: "ztzl", name: "专题专栏", slug: "ztzl", kind: .topic, owner: "信息科", rule: .none, parent: nil, articles: 4, nav: true),
        ColumnSpec(
            key: "ztzl", name: "优化营商环境", slug: "yshj", kind: .topic, owner: "信息科", rule: .none, parent: "ztzl", articles: 6, nav: false),
        ColumnSpec(
            key: "ztzl", name: "安全生产专项整治", slug: "aqsc", kind: .topic, owner: "秘书科", rule: .none, parent: "ztzl", articles: 5, nav: false),
    ]

    /// The education bureau's columns.
    static let educationColumns: [ColumnSpec] = [
        ColumnSpec(key: "jyxw", name: "教育新闻", slug: "jyxw", kind: .news, owner: "教育局办公室", rule: .daily, parent: nil, articles: 40, nav: true),
        ColumnSpec(
            key: "tzgg", name: "通知公告", slug: "tzgg", kind: .notice, owner: "教育局办公室", rule: .weekly, parent: nil, articles: 12, nav: true),
        ColumnSpec(key: "zcwj", name: "政策文件", slug: "zcwj", kind: .policy, owner: "基础教育科", rule: .monthly, parent: nil, articles: 8, nav: true),
        ColumnSpec(key: "ywzn", name: "办事指南", slug: "bszn", kind: .service, owner: "基础教育科", rule: .monthly, parent: nil, articles: 8, nav: true),
        ColumnSpec(key: "xzzx", name: "下载中心", slug: "xzzx", kind: .download, owner: "教育局办公室", rule: .none, parent: nil, articles: 5, nav: true),
    ]

    /// The health commission's columns.
    static let healthColumns: [ColumnSpec] = [
        ColumnSpec(key: "wjdt", name: "卫健动态", slug: "wjdt", kind: .news, owner: "卫健委办公室", rule: .daily, parent: nil, articles: 40, nav: true),
        ColumnSpec(
            key: "tzgg", name: "通知公告", slug: "tzgg", kind: .notice, owner: "卫健委办公室", rule: .weekly, parent: nil, articles: 12, nav: true),
        ColumnSpec(
            key: "zcwj", name: "政策文件", slug: "zcwj", kind: .policy, owner: "疾病预防控制科", rule: .monthly, parent: nil, articles: 8, nav: true),
        ColumnSpec(
            key: "ywzn", name: "办事指南", slug: "bszn", kind: .service, owner: "卫健委办公室", rule: .monthly, parent: nil, articles: 8, nav: true),
        ColumnSpec(key: "ztzl", name: "专题专栏", slug: "ztzl", kind: .topic, owner: "疾病预防控制科", rule: .none, parent: nil, articles: 6, nav: true),
    ]

    /// W4: the English version's columns.
    static let englishColumns: [ColumnSpec] = [
        ColumnSpec(key: "en-news", name: "News", slug: "news", kind: .news, owner: "信息科", rule: .weekly, parent: nil, articles: 10, nav: true),
        ColumnSpec(
            key: "en-notice", name: "Notices", slug: "notices", kind: .notice, owner: "秘书科", rule: .none, parent: nil, articles: 5, nav: true),
        ColumnSpec(
            key: "en-policy", name: "Policies", slug: "policies", kind: .policy, owner: "政务公开科", rule: .none, parent: nil, articles: 4, nav: true),
        ColumnSpec(
            key: "en-about", name: "About Jiangyuan", slug: "about", kind: .overview, owner: "信息科", rule: .none, parent: nil, articles: 3,
            nav: true),
    ]
}
