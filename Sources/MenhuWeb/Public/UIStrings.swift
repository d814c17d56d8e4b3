import MenhuCore

/// The words of the public pages in each language a site can have (W4). Templates show them as
/// `{{ui.key}}`; a theme may use any of these keys.
///
/// Each language is one value of this struct, so neither can lack a word the other has. Texts that
/// surround a value in the page are split into a before/after pair (`pageInfoBefore` … `pageInfoAfter`), either of which may be empty; keep their
/// spaces and the full-width colon "：" exactly, as the Chinese pages depend on them.
struct UIStrings: Sendable {
    /// The page language these words are in.
    let language: SiteLanguage
    // Words the server puts into pages (titles, notices, search messages).
    let home: String
    let demoNotice: String
    let languageVersions: String
    let articleCrumb: String
    let notFoundTitle: String
    let notFoundMessage: String
    let withdrawnTitle: String
    let withdrawnHeading: String
    let withdrawnBefore: String
    let withdrawnAfter: String
    let searchTitleBefore: String
    let dateError: String
    let searchPrompt: String
    let searchPromptChars: String
    let totalAfter: String
    /// After a total of exactly one (English says "1 result").
    let totalOneAfter: String
    let totalMoreAfter: String
    let windowNoteBefore: String
    let windowNoteAfter: String
    // Page frame (layout)
    let skipToContent: String
    let accessibilityTools: String
    let accessibilityTitle: String
    let largerText: String
    let highContrast: String
    let largeCursor: String
    let readingLine: String
    let plainReading: String
    let reset: String
    let siteSearch: String
    let search: String
    let mainNav: String
    let breadcrumbNav: String
    let breadcrumbLabel: String
    /// The phone header's buttons that open the main navigation and the accessibility toolbar.
    let menu: String
    let accessibilityShort: String
    /// After the portal's name, in a sub-site's link back to it.
    let portalAfter: String
    // Footer
    let govWebsiteMark: String
    let reportError: String
    let siteMap: String
    let disclosureCatalogue: String
    let sponsor: String
    let organizer: String
    let siteIDCode: String
    let icpFiling: String
    let publicSecurityFiling: String
    let contactPhone: String
    let email: String
    let address: String
    let copyrightBefore: String
    let allRightsReserved: String
    // Home page and lists
    let homeHeadingAfter: String
    let more: String
    let noItems: String
    let subColumns: String
    let columnEmpty: String
    let columnArchivedBefore: String
    let columnArchivedAfter: String
    let topicKind: String
    let topicArchivedBefore: String
    let topicArchivedAfter: String
    let allItems: String
    let topicEmpty: String
    // Article
    let archived: String
    let articleArchivedBefore: String
    let articleArchivedAfter: String
    let indexNumber: String
    let topicCategory: String
    let documentNumber: String
    let validity: String
    /// The two values of 有效性.
    let valid: String
    let invalid: String
    let source: String
    let author: String
    let publishedAt: String
    let updatedAt: String
    let printPage: String
    let repostFrom: String
    let originalAuthor: String
    let backToColumn: String
    /// 附件, 上一篇, 下一篇 and the word for "there is none".
    let attachments: String
    /// W5: a 办事指南's table of elements and its forms (表格下载), and the site's 办事服务 catalogue.
    let serviceGuide: String
    let guideForms: String
    let guideCatalogue: String
    let guideCatalogueIntro: String
    let guideItem: String
    let guideAgency: String
    let guidePlace: String
    let guidePhone: String
    let noGuides: String
    let previousItem: String
    let nextItem: String
    let noneItem: String
    // Government information disclosure catalogue
    let title: String
    let issuingOrgan: String
    let all: String
    let writtenFrom: String
    let dateTo: String
    let filter: String
    let clearFilters: String
    let countBefore: String
    let countAfter: String
    /// After a count of exactly one (English says "1 item").
    let countOneAfter: String
    let writtenDate: String
    let noMatches: String
    // Search
    let searchTerms: String
    let searchPlaceholder: String
    let moreOptions: String
    let scope: String
    let allSites: String
    let thisSiteOnly: String
    let column: String
    let allColumns: String
    let publishedFrom: String
    let documentNumberPlaceholder: String
    let sortBy: String
    let byRelevance: String
    let byDate: String
    let foundBefore: String
    let foundAfter: String
    let noResults: String
    // Not found page
    let searchThisSite: String
    let backHome: String
    // Pagination
    let pagination: String
    let prevPage: String
    let nextPage: String
    let pageInfoBefore: String
    let pageInfoMiddle: String
    let pageInfoAfter: String

    /// Simplified Chinese (规范汉字), the default.
    static let zh = UIStrings(
        language: .chinese,
        // Words the server puts into pages (titles, notices, search messages).
        home: "首页",
        demoNotice: "本站为演示站点，所载内容均为虚构，非真实政府网站。",
        languageVersions: "其他语言版本",
        articleCrumb: "正文",
        notFoundTitle: "页面不存在",
        notFoundMessage: "您访问的页面不存在或已被删除。请检查地址是否正确，或返回首页浏览。",
        withdrawnTitle: "信息已撤下",
        withdrawnHeading: "该信息已撤下",
        withdrawnBefore: "您访问的信息已于 ",
        withdrawnAfter: " 撤下，不再公开。请返回栏目浏览其他信息。",
        searchTitleBefore: "搜索：",
        dateError: "日期请按“2026-01-31”的格式填写",
        searchPrompt: "请输入要查找的词语，例如“供暖”“政府信息公开”。",
        searchPromptChars: "请输入汉字、字母或数字。",
        totalAfter: " 条",
        totalOneAfter: " 条",
        totalMoreAfter: " 条以上",
        windowNoteBefore: "结果较多，相关度排序只在最新的 ",
        windowNoteAfter: " 条中进行；可按时间排序，或加词、选栏目和日期缩小范围。",
        // Page frame (layout)
        skipToContent: "跳到主要内容",
        accessibilityTools: "无障碍工具",
        accessibilityTitle: "无障碍：",
        largerText: "大字",
        highContrast: "高对比度",
        largeCursor: "大鼠标",
        readingLine: "阅读线",
        plainReading: "简洁阅读",
        reset: "恢复默认",
        siteSearch: "站内搜索",
        search: "搜索",
        mainNav: "主导航",
        breadcrumbNav: "当前位置",
        breadcrumbLabel: "当前位置：",
        menu: "菜单",
        accessibilityShort: "无障碍",
        portalAfter: "门户网站",
        // Footer
        govWebsiteMark: "党政机关网站标识",
        reportError: "网站找错",
        siteMap: "网站地图",
        disclosureCatalogue: "政府信息公开目录",
        sponsor: "主办单位：",
        organizer: "承办单位：",
        siteIDCode: "网站标识码：",
        icpFiling: "ICP备案号：",
        publicSecurityFiling: "公安机关备案号：",
        contactPhone: "联系电话：",
        email: "电子邮箱：",
        address: "地址：",
        copyrightBefore: "",
        allRightsReserved: " 版权所有",
        // Home page and lists
        homeHeadingAfter: "首页",
        more: "更多",
        noItems: "暂无信息",
        subColumns: "子栏目",
        columnEmpty: "本栏目暂无信息",
        columnArchivedBefore: "本栏目已归档（归档日期：",
        columnArchivedAfter: "），内容不再更新",
        topicKind: "专题专栏",
        topicArchivedBefore: "本专题已归档（归档日期：",
        topicArchivedAfter: "），内容不再更新",
        allItems: "全部信息",
        topicEmpty: "本专题暂无信息",
        // Article
        archived: "已归档",
        articleArchivedBefore: "本信息已于 ",
        articleArchivedAfter: " 归档，内容不再更新，仅供查阅。",
        indexNumber: "索引号",
        topicCategory: "主题分类",
        documentNumber: "文号",
        validity: "有效性",
        valid: "有效",
        invalid: "失效",
        source: "来源：",
        author: "作者：",
        publishedAt: "发布时间：",
        updatedAt: "更新时间：",
        printPage: "打印本页",
        repostFrom: "本文转载自：",
        originalAuthor: "，原作者：",
        backToColumn: "返回栏目：",
        attachments: "附件",
        serviceGuide: "办事指南",
        guideForms: "表格下载",
        guideCatalogue: "办事服务",
        guideCatalogueIntro: "本网站提供的政务服务事项办事指南，点击事项名称查看设定依据、申请条件、办理材料、办理流程等全部要素。",
        guideItem: "事项名称",
        guideAgency: "办理机构",
        guidePlace: "办理地点",
        guidePhone: "联系电话",
        noGuides: "暂无办事指南。",
        previousItem: "上一篇：",
        nextItem: "下一篇：",
        noneItem: "没有了",
        // Government information disclosure catalogue
        title: "名称",
        issuingOrgan: "发布机构",
        all: "全部",
        writtenFrom: "成文日期从",
        dateTo: "到",
        filter: "筛选",
        clearFilters: "清除条件",
        countBefore: "共 ",
        countAfter: " 条",
        countOneAfter: " 条",
        writtenDate: "成文日期",
        noMatches: "没有符合条件的信息。",
        // Search
        searchTerms: "搜索词",
        searchPlaceholder: "输入词语，如：供暖",
        moreOptions: "更多条件",
        scope: "范围",
        allSites: "全部网站",
        thisSiteOnly: "仅本站",
        column: "栏目",
        allColumns: "全部栏目",
        publishedFrom: "发布日期从",
        documentNumberPlaceholder: "如：国办发〔2017〕47号",
        sortBy: "排序",
        byRelevance: "按相关度",
        byDate: "按时间",
        foundBefore: "找到 ",
        foundAfter: "结果",
        noResults: "没有找到相关信息。请换用其他词语，或减少筛选条件。",
        // Not found page
        searchThisSite: "在本站搜索",
        backHome: "返回首页",
        // Pagination
        pagination: "分页",
        prevPage: "上一页",
        nextPage: "下一页",
        pageInfoBefore: "第 ",
        pageInfoMiddle: " 页，共 ",
        pageInfoAfter: " 页"
    )

    /// English, for foreign-language versions of a site.
    static let en = UIStrings(
        language: .english,
        // Words the server puts into pages (titles, notices, search messages).
        home: "Home",
        demoNotice: "This is a demonstration site. Its contents are fictional; it is not a real government website.",
        languageVersions: "Other language versions",
        articleCrumb: "Article",
        notFoundTitle: "Page not found",
        notFoundMessage: "The page you asked for does not exist or has been removed. Please check the address, or go back to the home page.",
        withdrawnTitle: "Item withdrawn",
        withdrawnHeading: "This item has been withdrawn",
        withdrawnBefore: "This item was withdrawn on ",
        withdrawnAfter: " and is no longer public. Please go back to the column for other items.",
        searchTitleBefore: "Search: ",
        dateError: "Please write dates as 2026-01-31",
        searchPrompt: "Type the words you are looking for.",
        searchPromptChars: "Please type letters, digits or Chinese characters.",
        totalAfter: " results",
        totalOneAfter: " result",
        totalMoreAfter: "+ results",
        windowNoteBefore: "Many results: ordering by relevance covers only the newest ",
        windowNoteAfter: ". Sort by date, or add words, a column or dates to narrow the search.",
        // Page frame (layout)
        skipToContent: "Skip to main content",
        accessibilityTools: "Accessibility tools",
        accessibilityTitle: "Accessibility: ",
        largerText: "Larger text",
        highContrast: "High contrast",
        largeCursor: "Large cursor",
        readingLine: "Reading line",
        plainReading: "Plain reading",
        reset: "Reset",
        siteSearch: "Search this site",
        search: "Search",
        mainNav: "Main navigation",
        breadcrumbNav: "You are here",
        breadcrumbLabel: "You are here: ",
        menu: "Menu",
        accessibilityShort: "Accessibility",
        portalAfter: " portal",
        // Footer
        govWebsiteMark: "Government site mark",
        reportError: "Report an error",
        siteMap: "Site map",
        disclosureCatalogue: "Government information disclosure",
        sponsor: "Sponsored by: ",
        organizer: "Run by: ",
        siteIDCode: "Website ID: ",
        icpFiling: "ICP filing: ",
        publicSecurityFiling: "Public security filing: ",
        contactPhone: "Tel: ",
        email: "Email: ",
        address: "Address: ",
        copyrightBefore: "Copyright © ",
        allRightsReserved: ". All rights reserved.",
        // Home page and lists
        homeHeadingAfter: " home page",
        more: "More",
        noItems: "No items yet.",
        subColumns: "Sub-columns",
        columnEmpty: "There are no items in this column yet.",
        columnArchivedBefore: "This column has been archived (on ",
        columnArchivedAfter: ") and is no longer updated.",
        topicKind: "Special topic",
        topicArchivedBefore: "This topic has been archived (on ",
        topicArchivedAfter: ") and is no longer updated.",
        allItems: "All items",
        topicEmpty: "There are no items in this topic yet.",
        // Article
        archived: "Archived",
        articleArchivedBefore: "This item was archived on ",
        articleArchivedAfter: ". It is no longer updated and is kept for reference only.",
        indexNumber: "Index No.",
        topicCategory: "Subject",
        documentNumber: "Document No.",
        validity: "Validity",
        valid: "In force",
        invalid: "No longer in force",
        source: "Source: ",
        author: "Author: ",
        publishedAt: "Published: ",
        updatedAt: "Updated: ",
        printPage: "Print this page",
        repostFrom: "Reposted from: ",
        originalAuthor: "; original author: ",
        backToColumn: "Back to: ",
        attachments: "Attachments",
        serviceGuide: "Service guide",
        guideForms: "Forms",
        guideCatalogue: "Services",
        guideCatalogueIntro: "The service guides of this site.",
        guideItem: "Service",
        guideAgency: "Handled by",
        guidePlace: "Where",
        guidePhone: "Telephone",
        noGuides: "No service guides yet.",
        previousItem: "Previous: ",
        nextItem: "Next: ",
        noneItem: "None",
        // Government information disclosure catalogue
        title: "Title",
        issuingOrgan: "Issued by",
        all: "All",
        writtenFrom: "Date written from",
        dateTo: "to",
        filter: "Filter",
        clearFilters: "Clear filters",
        countBefore: "",
        countAfter: " items",
        countOneAfter: " item",
        writtenDate: "Date written",
        noMatches: "No matching information.",
        // Search
        searchTerms: "Search terms",
        searchPlaceholder: "Enter words, e.g. heating",
        moreOptions: "More options",
        scope: "Scope",
        allSites: "All sites",
        thisSiteOnly: "This site only",
        column: "Column",
        allColumns: "All columns",
        publishedFrom: "Published from",
        documentNumberPlaceholder: "e.g. Guo Ban Fa [2017] No. 47",
        sortBy: "Sort by",
        byRelevance: "Relevance",
        byDate: "Date",
        foundBefore: "Found ",
        foundAfter: "",
        noResults: "Nothing found. Try other words or fewer filters.",
        // Not found page
        searchThisSite: "Search this site",
        backHome: "Back to the home page",
        // Pagination
        pagination: "Pagination",
        prevPage: "Previous",
        nextPage: "Next",
        pageInfoBefore: "Page ",
        pageInfoMiddle: " of ",
        pageInfoAfter: ""
    )

    /// 有效 or 失效 in this language.
    func word(for validity: Validity) -> String { validity == .valid ? valid : invalid }

    /// The words of a page language.
    static func of(_ language: SiteLanguage) -> UIStrings { language == .english ? en : zh }

    /// Every word by its name, as templates read them (`{{ui.key}}`): built once per language.
    var byKey: [String: String] { self.language == .english ? Self.enByKey : Self.zhByKey }
    private static let zhByKey = table(zh)
    private static let enByKey = table(en)
    private static func table(_ words: UIStrings) -> [String: String] {
        var table: [String: String] = [:]
        for child in Mirror(reflecting: words).children {
            if let key = child.label, let value = child.value as? String { table[key] = value }
        }
        return table
    }
}
