import Foundation
import MenhuCore

/// Writes the demo's items: each one whole, about its title, in the style of its column (14.20).
///
/// The texts are resources: the work subjects of each site (`subjects-zh.json`: what the work
/// is, who leads it, its goal, four measures, progress figures and a remaining problem), the
/// templates that turn a subject into news, a notice, a policy or its interpretation
/// (`templates-zh.json`), the service guides (`services-zh.json`), the downloadable forms
/// (`forms-zh.json`), the data tables (`data-zh.json`), the disclosure items and the yearly report
/// (`disclosure-zh.json`) and the English version's items (`writing-en.json`). A subject and a
/// template make one item, and no pair is used twice on a site, so no two items share a
/// paragraph; a policy's interpretation names a policy the site has published.
struct DemoWriting {
    /// A piece of a body.
    enum Block: Equatable {
        case paragraph(String)
        /// A heading inside the text (一、总体目标), shown bold.
        case heading(String)
        case list([String])
        case table(Table)
        /// Where the item's downloadable file is linked.
        case attachment
    }

    /// A written item: its title, body and, for 下载中心, the form to attach.
    struct Item {
        var title: String
        var blocks: [Block]
        var form: Form?
        /// W5: a 办事指南's ten elements.
        var guide: ServiceGuide? = nil

        /// The body as HTML; `file` is the attachment's address, name and size.
        func html(file: (url: String, name: String, kb: Int)? = nil) -> String {
            blocks.compactMap { block -> String? in
                switch block {
                case .paragraph(let text): return "<p>\(HTMLText.escape(text))</p>"
                case .heading(let text): return "<p><strong>\(HTMLText.escape(text))</strong></p>"
                case .list(let items): return "<ol>" + items.map { "<li>\(HTMLText.escape($0))</li>" }.joined() + "</ol>"
                case .table(let table): return table.html
                case .attachment:
                    guard let file else { return nil }
                    let kind = (file.name as NSString).pathExtension.uppercased()
                    return "<p>附件：<a href=\"\(HTMLText.escape(file.url))\">\(HTMLText.escape(file.name))</a>（\(kind)，\(file.kb) KB）</p>"
                }
            }.joined(separator: "\n")
        }

        /// The summary: the start of the first paragraph that is not a salutation.
        var summary: String {
            let texts = blocks.compactMap { if case .paragraph(let t) = $0 { t } else { nil } }
            let lead = texts.first { !$0.hasSuffix("：") && $0.count > 20 } ?? texts.first ?? title
            return String(lead.prefix(80))
        }
    }

    /// A work subject of a site (subjects-zh.json).
    struct Subject: Decodable {
        let name: String, org: String, place: String, goal: String
        let measures: [String]
        let figures: String, problem: String
    }

    /// The subjects of one site and the words its documents are addressed and signed with.
    struct Domain: Decodable {
        let addressee: String, issuer: String, government: String
        let subjects: [Subject]
    }

    /// A title and paragraphs with `{slots}`; `## ` starts a heading, `[[table]]` places the table.
    struct Template: Decodable {
        let title: String
        let paragraphs: [String]
        /// A policy's document name (《…》) and what its interpretation calls it (《方案》).
        let document: String?
        let abbr: String?
        let table: Table?
    }

    struct Templates: Decodable {
        let news: [Template], notices: [Template], policies: [Template]
        let interpretation: Template
    }

    /// A service guide (办事指南).
    struct Service: Decodable {
        let name: String, org: String, basis: String, conditions: String
        let materials: [String]
        let steps: String, limit: String, fee: String, place: String, phone: String
    }

    /// A downloadable form: `fields` make a .docx or .pdf form, `columns` an .xlsx table.
    struct Form: Decodable {
        let title: String, file: String, purpose: String, submit: String, notes: String
        let fields: [String]?
        let columns: [String]?

        /// docx, xlsx or pdf.
        var kind: String { (file as NSString).pathExtension.lowercased() }
        /// The name the file is downloaded as.
        var fileName: String { "\(title).\(kind)" }
    }

    /// A table of figures with its caption, header row and rows (the first cell of a row names it).
    struct Table: Decodable, Equatable {
        var title: String?
        var intro: String?
        var caption: String?
        var head: [String]
        var rows: [[String]]
        var note: String?

        var html: String {
            var out = "<table>"
            if let caption = caption ?? title { out += "<caption>\(HTMLText.escape(caption))</caption>" }
            out += "<thead><tr>" + head.map { "<th scope=\"col\">\(HTMLText.escape($0))</th>" }.joined() + "</tr></thead><tbody>"
            for row in rows {
                out += "<tr>"
                for (i, cell) in row.enumerated() {
                    out += i == 0 ? "<th scope=\"row\">\(HTMLText.escape(cell))</th>" : "<td>\(HTMLText.escape(cell))</td>"
                }
                out += "</tr>"
            }
            return out + "</tbody></table>"
        }

        func filled(_ slots: [String: String]) -> Table {
            Table(
                title: title.map { DemoWriting.fill($0, slots) }, intro: intro.map { DemoWriting.fill($0, slots) },
                caption: caption.map { DemoWriting.fill($0, slots) }, head: head.map { DemoWriting.fill($0, slots) },
                rows: rows.map { $0.map { DemoWriting.fill($0, slots) } }, note: note.map { DemoWriting.fill($0, slots) })
        }
    }

    struct Disclosure: Decodable {
        let items: [Template]
        let report: Template
    }

    struct DataTables: Decodable { let tables: [Table] }

    /// An English item.
    struct English: Decodable {
        let title: String
        let paragraphs: [String]
    }

    // MARK: the texts

    static let domains = DemoCorpus.load("subjects-zh", as: [String: [String: Domain]].self)["domains"] ?? [:]
    static let templates = DemoCorpus.load("templates-zh", as: Templates.self)
    static let services = DemoCorpus.load("services-zh", as: [String: [Service]].self)
    static let forms = DemoCorpus.load("forms-zh", as: [String: [Form]].self)
    static let data = DemoCorpus.load("data-zh", as: DataTables.self).tables
    static let disclosure = DemoCorpus.load("disclosure-zh", as: Disclosure.self)
    static let english = DemoCorpus.load("writing-en", as: [String: [English]].self)

    // MARK: what has been written

    let now: Date
    var random: SeededRandom
    /// Per site and kind of text: the (template, subject) pairs in the order they are used.
    var pairs: [String: [(template: Int, subject: Int)]] = [:]
    var used: [String: Int] = [:]
    /// Per site: the policies published so far, for their interpretations.
    var policies: [String: [Policy]] = [:]
    /// Per site: the policies still to publish, one per subject.
    var policyPlan: [String: [Policy]] = [:]
    var interpreted: [String: Set<Int>] = [:]

    init(now: Date, seed: UInt64 = 20_261_201) {
        self.now = now
        self.random = SeededRandom(seed: seed)
    }

    /// The domain of subjects a column writes about: its site's, or its 专题's.
    static func domain(site: Site, column slug: String) -> String {
        switch (site.code, slug) {
        case (_, "yshj"): "business"
        case (_, "aqsc"): "safety"
        case ("jyj", _): "education"
        case ("wjw", _): "health"
        default: "portal"
        }
    }

    /// The `i`th newest of a column's `count` items, published at `published`, its event on `event`.
    mutating func item(
        _ i: Int, of count: Int, spec: DemoPlatform.ColumnSpec, site: Site, published: Date, event: CalendarDay
    ) -> Item {
        let domainKey = Self.domain(site: site, column: spec.slug)
        if site.identity.language == .english { return englishItem(i, key: spec.key, event: event) }
        switch (spec.kind, spec.slug) {
        case (_, "sjcx"): return dataItem(i, published: published)
        case (_, "ndbg"): return reportItem(i)
        case (.disclosure, _): return disclosureItem(i, published: published)
        case (.service, _): return serviceItem(i, domain: domainKey)
        case (.download, _): return formItem(i, domain: domainKey)
        case (.notice, _):
            return subjectItem(Self.templates.notices, kind: "notice", site: site, domain: domainKey, published: published, event: event)
        case (.policy, _):
            let pair = nextPolicy(site: site, domain: domainKey)
            policies[site.code, default: []].append(pair)
            return written(Self.templates.policies[pair.template], subject: pair.subject, domain: pair.domain, published: published, event: event)
        case (.interpretation, _): return interpretation(i, of: count, site: site, domain: domainKey, published: published, event: event)
        default: return subjectItem(Self.templates.news, kind: "news", site: site, domain: domainKey, published: published, event: event)
        }
    }

    /// An item from the next unused pair of `templates` and the domain's subjects.
    mutating func subjectItem(
        _ templates: [Template], kind: String, site: Site, domain: String, published: Date, event: CalendarDay
    ) -> Item {
        let pair = next(templates.count, kind: kind, site: site, domain: domain)
        return written(templates[pair.template], subject: pair.subject, domain: domain, published: published, event: event)
    }

    /// A policy: its template and its subject (of a domain).
    struct Policy {
        let template: Int, domain: String, subject: Int
    }

    /// The next policy of a site: one per subject (the portal's own, its 专题's too), the kinds of
    /// document taking turns; after the last, they repeat.
    mutating func nextPolicy(site: Site, domain: String) -> Policy {
        if policyPlan[site.code] == nil {
            let domains = domain == "portal" ? ["portal", "business", "safety"] : [domain]
            var all = domains.flatMap { d in (0..<(Self.domains[d]?.subjects.count ?? 0)).map { (d, $0) } }
            for j in stride(from: all.count - 1, to: 0, by: -1) { all.swapAt(j, random.below(j + 1)) }
            policyPlan[site.code] = all.enumerated().map { n, pick in
                Policy(template: n % Self.templates.policies.count, domain: pick.0, subject: pick.1)
            }
        }
        let plan = policyPlan[site.code]!
        let n = used["\(site.code)/policy", default: 0]
        used["\(site.code)/policy"] = n + 1
        return plan[n % plan.count]
    }

    /// The next (template, subject) pair for a kind of text on a site; after the last, they repeat.
    mutating func next(_ templateCount: Int, kind: String, site: Site, domain: String) -> (template: Int, subject: Int) {
        let key = "\(site.code)/\(kind)/\(domain)"
        if pairs[key] == nil {
            let subjects = Self.domains[domain]?.subjects.count ?? 0
            var all = (0..<templateCount).flatMap { t in (0..<subjects).map { (template: t, subject: $0) } }
            for j in stride(from: all.count - 1, to: 0, by: -1) { all.swapAt(j, random.below(j + 1)) }
            pairs[key] = all
        }
        let n = used[key, default: 0]
        used[key] = n + 1
        let list = pairs[key]!
        return list[n % list.count]
    }

    /// 政策解读: explains a policy the site published a little earlier (else one of its own).
    mutating func interpretation(
        _ i: Int, of count: Int, site: Site, domain: String, published: Date, event: CalendarDay
    ) -> Item {
        let issued = policies[site.code] ?? []
        let pick: Policy
        if !issued.isEmpty {
            // Policies and interpretations are both spread over the same half year: the policy at
            // about the same age, or a little older, is the one explained.
            var k = min(issued.count - 1, Int((Double(i) * Double(issued.count) / Double(max(count, 1))).rounded(.up)))
            while interpreted[site.code, default: []].contains(k) && k + 1 < issued.count { k += 1 }
            interpreted[site.code, default: []].insert(k)
            pick = issued[k]
        } else {
            pick = nextPolicy(site: site, domain: domain)
        }
        let policy = Self.templates.policies[pick.template]
        var slots = self.slots(subject: pick.subject, domain: pick.domain, published: published, event: event)
        slots["document"] = Self.fill(policy.document ?? "", slots)
        slots["abbr"] = policy.abbr ?? "《文件》"
        return written(Self.templates.interpretation, slots: slots)
    }

    /// A template written out with a subject.
    func written(_ template: Template, subject: Int, domain: String, published: Date, event: CalendarDay) -> Item {
        var slots = self.slots(subject: subject, domain: domain, published: published, event: event)
        if let document = template.document { slots["document"] = Self.fill(document, slots) }
        return written(template, slots: slots)
    }

    /// A template with its slots filled: `## ` lines become headings, `[[table]]` its table.
    func written(_ template: Template, slots: [String: String]) -> Item {
        let blocks = template.paragraphs.map { line -> Block in
            if line == "[[table]]", let table = template.table { return .table(table.filled(slots)) }
            if line.hasPrefix("## ") { return .heading(Self.fill(String(line.dropFirst(3)), slots)) }
            return .paragraph(Self.fill(line, slots))
        }
        return Item(title: Self.fill(template.title, slots), blocks: blocks)
    }

    /// What a subject's templates are filled with.
    func slots(subject index: Int, domain key: String, published: Date, event: CalendarDay) -> [String: String] {
        let domain = Self.domains[key]!
        let subject = domain.subjects[index]
        var slots: [String: String] = [
            "name": subject.name, "org": subject.org, "place": subject.place, "goal": subject.goal,
            "figures": subject.figures, "problem": subject.problem,
            "addressee": domain.addressee, "issuer": domain.issuer, "government": domain.government,
            "date": "\(event.month)月\(event.day)日",
            "dateline": Self.dateline(published),
            "start": Self.monthDay(published.addingTimeInterval(10 * 86_400)),
            "deadline": Self.monthDay(published.addingTimeInterval(30 * 86_400)),
        ]
        for (i, m) in subject.measures.enumerated() { slots["m\(i + 1)"] = m }
        return slots
    }

    // MARK: items from lists

    /// 办事指南: the guide of the domain's `i`th service, its ten elements structured (W5) and a
    /// short body on how to apply.
    func serviceItem(_ i: Int, domain: String) -> Item {
        let list = Self.services[domain] ?? Self.services["portal"]!
        let s = list[i % list.count]
        let guide = ServiceGuide([
            .itemName: s.name, .basis: s.basis, .conditions: s.conditions,
            .materials: s.materials.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n"),
            .place: s.place, .agency: s.org, .fees: s.fee,
            .hours: "工作日上午9:00—12:00，下午13:30—17:30（法定节假日除外）。\(s.limit)",
            .phone: "\(s.org)：\(s.phone)；12345 政务服务便民热线", .process: s.steps,
        ])
        return Item(
            title: "\(s.name)办事指南",
            blocks: [
                .paragraph("本指南适用于\(s.name)的申请和办理。申请人可通过江源市政务服务网在线办理，也可到办理地点现场办理。"),
                .paragraph("办理\(s.name)遇到问题，可拨打\(s.org)咨询电话\(s.phone)，或在本网站“互动交流”中留言。"),
            ], guide: guide)
    }

    /// 下载中心: the domain's `i`th form, its file made at seeding and linked from the body.
    func formItem(_ i: Int, domain: String) -> Item {
        let list = Self.forms[domain] ?? Self.forms["portal"]!
        let form = list[i % list.count]
        return Item(
            title: form.title,
            blocks: [
                .paragraph(form.purpose), .paragraph(form.submit), .paragraph("填写说明：\(form.notes)"), .attachment,
            ], form: form)
    }

    /// 数据查询: the `i`th table of figures, for the months before `published`.
    func dataItem(_ i: Int, published: Date) -> Item {
        let table = Self.data[i % Self.data.count]
        let before = ChinaTime.calendar.dateComponents([.year, .month], from: published.addingTimeInterval(-20 * 86_400))
        var year = before.year ?? 2026, month = before.month ?? 1
        if month < 2 { year -= 1; month = 12 }
        let slots = ["year": String(year), "month": String(month), "lastYear": String(year - 1)]
        let filled = table.filled(slots)
        var blocks: [Block] = []
        if let intro = filled.intro { blocks.append(.paragraph(intro)) }
        blocks.append(.table(filled))
        if let note = filled.note { blocks.append(.paragraph(note)) }
        return Item(title: filled.title ?? "数据", blocks: blocks)
    }

    /// 政府信息公开: the `i`th item of the disclosure list.
    func disclosureItem(_ i: Int, published: Date) -> Item {
        let list = Self.disclosure.items
        let year = CalendarDay(published).year
        return written(list[i % list.count], slots: ["year": String(year), "lastYear": String(year - 1)])
    }

    /// 政府信息公开年报: the report of the year `i + 1` years before now, with that year's figures.
    func reportItem(_ i: Int) -> Item {
        let year = CalendarDay(now).year - 1 - i
        let k = max(0, year - 2018)
        let requests = 96 + 13 * k, people = 78 + 11 * k
        let slots: [String: String] = [
            "reportYear": String(year), "published": String(3_180 + 214 * k), "requests": String(requests),
            "people": String(people), "orgs": String(requests - people), "closed": String(requests - 2),
            "open": String(41 + 6 * k), "partial": String(12 + k), "reviews": String(2 + k % 3), "suits": String(1 + k % 2),
            "rules": String(k % 2 + 1), "rulesLive": String(14 + k), "normative": String(18 + 2 * k), "repealed": String(3 + k % 4),
            "normativeLive": String(126 + 9 * k),
        ]
        return written(Self.disclosure.report, slots: slots)
    }

    /// The English version's `i`th item of a column.
    func englishItem(_ i: Int, key: String, event: CalendarDay) -> Item {
        let list = Self.english[key] ?? Self.english["en-news"]!
        let item = list[i % list.count]
        let months = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
        ]
        let date = "\(event.day) \(months[(event.month - 1) % 12])"
        return Item(title: item.title, blocks: item.paragraphs.map { .paragraph($0.replacingOccurrences(of: "{date}", with: date)) })
    }

    // MARK: helpers

    /// `text` with every `{slot}` replaced.
    static func fill(_ text: String, _ slots: [String: String]) -> String {
        guard text.contains("{") else { return text }
        var out = text
        for (key, value) in slots where out.contains("{\(key)}") { out = out.replacingOccurrences(of: "{\(key)}", with: value) }
        return out
    }

    /// 2026年11月18日
    static func dateline(_ date: Date) -> String {
        let d = CalendarDay(date)
        return "\(d.year)年\(d.month)月\(d.day)日"
    }

    /// 11月18日
    static func monthDay(_ date: Date) -> String {
        let d = CalendarDay(date)
        return "\(d.month)月\(d.day)日"
    }
}
