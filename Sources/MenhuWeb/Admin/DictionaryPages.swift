import Foundation
import Hummingbird
import MenhuChecks
import MenhuCore
import MenhuStore

/// The content gate's editable word lists (P10): the platform's list applies to every site,
/// each site adds its own. Add, remove, import and export (CSV).
struct DictionaryPages: Sendable {
    let env: WebEnvironment
    let layout: AdminLayout

    var endpoints: [AdminEndpoint] {
        let platform = AdminAccess.platform(.manageDictionaries), site = AdminAccess.site(.manageDictionaries)
        var list: [AdminEndpoint] = []
        for (code, access): (String?, AdminAccess) in [(nil, platform), (.route, site)] {
            list += [
                AdminEndpoint(.get, .dictionary(site: code), access) { r in
                    try await page(r, values: ["severity": "warn", "category": "敏感词"], errors: FieldErrors(), status: .ok)
                },
                AdminEndpoint(.post, .dictionary(site: code), access) { r in try await add(r) },
                AdminEndpoint(.post, .dictionaryImport(site: code), access) { r in try await importList(r) },
                AdminEndpoint(.get, .dictionaryCSV(site: code), access) { r in try await export(r) },
                AdminEndpoint(.post, .removeDictionaryEntry(site: code, id: .route), access) { r in
                    try await env.dictionaries.remove(id: r.parameter("id"), siteID: r.site?.id, by: r.actor)
                    return Reply.redirect(AdminURL.dictionary(site: r.site?.code).notice("dictionary-removed"))
                },
            ]
        }
        list += [
            AdminEndpoint.site(.get, .liveFindings(site: .route), .withinSite([.manageDictionaries, .reviewContent])) { r in
                try await livePages(r)
            },
            AdminEndpoint.site(.post, .liveFindings(site: .route), .site(.manageDictionaries)) { r in
                let now = env.clock.now()
                try await env.database.write { db in try await DictionaryService.requestRecheck(siteID: r.site.id, by: r.actor, at: now, on: db) }
                return Reply.redirect(AdminURL.liveFindings(site: r.site.code).notice("rechecked"))
            },
        ]
        return list
    }

    /// The site's public pages with gate findings, from the last re-check.
    func livePages(_ r: SiteAdminRequest) async throws -> Response {
        let site = r.site
        let overview = try await env.database.read { db in try await LiveFindingsQuery.read(siteID: site.id, on: db) }
        let pending: String? = overview.latestTask.flatMap { t in
            switch t.state {
            case .waiting: "复查已排队（\(ChinaTime.minute(t.requestedAt)) 由 \(t.requestedBy) 的改动引起），完成后本页结果随之更新。"
            case .running: "正在复查（开始于 \(ChinaTime.minute(t.startedAt ?? t.requestedAt))），完成后本页结果随之更新。"
            case .failed: "上次复查失败：\(t.result)"
            case .done: nil
            }
        }
        let rows = overview.findings.map { f in
            LiveFindingsView.Row(
                title: f.title, url: AdminURL.article(site: site.code, id: f.articleID).path,
                column: overview.tree.column(f.columnID)?.name ?? "", blocking: f.blocking, hasBlocking: f.blocking > 0,
                warnings: f.warnings, summary: f.summary)
        }
        let checked = overview.checkedAt.map(ChinaTime.minute)
        return layout.page(
            r, .liveFindings, title: "\(site.name) · 已发布信息复查",
            LiveFindingsView(
                site: SiteRef(site), checkedAt: checked ?? "尚未复查", rows: rows, hasRows: !rows.isEmpty,
                pending: pending, hasRun: checked != nil))
    }

    func base(_ r: AdminRequest) -> String { AdminURL.dictionary(site: r.site?.code).path }

    func page(_ r: AdminRequest, values: [String: String], errors: FieldErrors, status: HTTPResponse.Status) async throws -> Response {
        let siteID = r.site?.id
        let entries = try await env.database.read { db in try await DictionaryRecords.applying(to: siteID, on: db) }
        let view = DictionaryView(
            base: base(r), scope: r.site.map { "“\($0.name)”的词库，与平台词库一起用于本网站" } ?? "平台词库，用于所有网站",
            categories: DictionaryEntry.categories.map { .init(value: $0, label: $0, selected: values["category"] == $0) },
            block: values["severity"] == "block",
            entries: entries.map { e in
                .init(
                    id: e.id, text: e.text, category: e.category, severity: e.blocks ? "阻止" : "提示", block: e.blocks,
                    suggestion: e.suggestion, by: e.createdBy, at: ChinaTime.day(e.createdAt), own: e.siteID == siteID,
                    platform: e.siteID == nil && siteID != nil)
            },
            shipped: CheckTables.shipped.expressions.count + CheckTables.shipped.typos.count)
        return layout.page(
            r, .dictionary, title: r.site.map { "\($0.name) · 词库" } ?? "平台词库", view,
            form: FormState(values, errors), status: status)
    }

    func add(_ r: AdminRequest) async throws -> Response {
        do {
            let e = try DictionaryEntry.read(
                text: r.form["text"] ?? "", category: r.form["category"] ?? "",
                severity: r.form["severity"] ?? "", suggestion: r.form["suggestion"] ?? "")
            let added = try await env.dictionaries.add([e], siteID: r.site?.id, by: r.actor)
            return Reply.redirect(base(r) + (added > 0 ? "?notice=dictionary-added" : "?notice=dictionary-exists"))
        } catch let errors as FieldErrors {
            return try await page(r, values: r.form, errors: errors, status: .unprocessableContent)
        }
    }

    /// One entry per line: 词语,类别,级别(阻止/提示),建议写法. A header line is skipped. If any line
    /// is wrong nothing is imported and every wrong line is named.
    func importList(_ r: AdminRequest) async throws -> Response {
        let text = r.files.first.map { String(decoding: $0.data, as: UTF8.self) } ?? r.form["list"] ?? ""
        var errors = FieldErrors()
        var entries: [(text: String, category: String, blocks: Bool, suggestion: String)] = []
        for (n, raw) in text.replacingOccurrences(of: "\u{FEFF}", with: "").split(whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || (n == 0 && line.hasPrefix("词语")) { continue }
            let cells = line.split(separator: line.contains("\t") ? "\t" : ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"")) }
            do {
                entries.append(
                    try DictionaryEntry.read(
                        text: cells[0], category: cells.count > 1 ? cells[1] : "敏感词",
                        severity: cells.count > 2 ? cells[2] : "提示", suggestion: cells.count > 3 ? cells[3] : ""))
            } catch let e as FieldErrors {
                errors.add("list", "第 \(n + 1) 行“\(line.prefix(30))”：" + e.problems.map(\.message).joined(separator: "，"))
            }
        }
        if entries.isEmpty && errors.isEmpty { errors.add("list", "没有可导入的词条") }
        guard errors.isEmpty else { return try await page(r, values: ["list": text], errors: errors, status: .unprocessableContent) }
        let added = try await env.dictionaries.add(entries, siteID: r.site?.id, by: r.actor)
        return Reply.redirect(base(r) + "?notice=dictionary-imported&count=\(added)")
    }

    func export(_ r: AdminRequest) async throws -> Response {
        let siteID = r.site?.id
        let entries = try await env.database.read { db in try await DictionaryRecords.applying(to: siteID, on: db) }
            .filter { $0.siteID == siteID }
        let lines = [["词语", "类别", "级别", "建议写法"]] + entries.map { [$0.text, $0.category, $0.blocks ? "阻止" : "提示", $0.suggestion] }
        let name = "dictionary-\(r.site?.code ?? "platform").csv"
        return CSV.download(lines, name: name, asciiName: name)
    }
}

/// live-findings.mustache: P10, what the re-check of live items found.
struct LiveFindingsView {
    struct Row {
        let title: String, url: String, column: String
        let blocking: Int, hasBlocking: Bool, warnings: Int, summary: String
    }
    let site: SiteRef
    let checkedAt: String
    let rows: [Row]
    let hasRows: Bool
    /// A re-check queued, running or failed.
    let pending: String?
    /// The site's live items have been re-checked at least once.
    let hasRun: Bool
}

/// dictionary.mustache: a word list (platform or site) and its form.
struct DictionaryView {
    struct Entry {
        let id: String, text: String, category: String, severity: String, block: Bool, suggestion: String
        let by: String, at: String, own: Bool, platform: Bool
    }
    let base: String
    let scope: String
    let categories: [Choice]
    let block: Bool
    let entries: [Entry]
    let hasEntries: Bool
    let shipped: Int

    init(base: String, scope: String, categories: [Choice], block: Bool, entries: [Entry], shipped: Int) {
        self.base = base; self.scope = scope; self.categories = categories; self.block = block
        self.entries = entries; hasEntries = !entries.isEmpty; self.shipped = shipped
    }
}
