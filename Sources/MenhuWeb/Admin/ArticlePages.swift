import Foundation
import Hummingbird
import MenhuChecks
import MenhuCore
import MenhuHTML
import MenhuImport
import MenhuStore

/// Writing, reviewing, signing and publishing items (三审), the revision history with its
/// diff, the registry entries of an item, and the workflow table. P1, P2, P4–P8, P15, O3, S5, X2.
struct ArticlePages: Sendable {
    let env: WebEnvironment
    let layout: AdminLayout
    var publishing: PublishingService { env.publishing }

    /// Items per list page.
    static let pageSize = 50

    var endpoints: [AdminEndpoint] {
        let any = AdminAccess.withinSite(Permission.contentWork)
        let edit = AdminAccess.withinSite([.editContent])
        return [
            AdminEndpoint.site(.get, .articles(site: .route), any) { r in try await list(r) },
            AdminEndpoint.site(.get, .newArticle(site: .route), edit) { r in
                try await form(
                    r, values: ["source": r.site.identity.organizer, "importance": "normal"], errors: FieldErrors(),
                    work: nil, status: .ok)
            },
            AdminEndpoint.site(.post, .articles(site: .route), edit) { r in try await save(r, work: nil) },
            AdminEndpoint.site(.post, .importArticle(site: .route), edit) { r in try await importDocx(r) },
            AdminEndpoint.site(.post, .checkText(site: .route), edit) { r in try await liveCheck(r) },
            AdminEndpoint.site(.post, .autosave(site: .route), edit) { r in try await autosave(r) },
            AdminEndpoint.site(.post, .discardAutosave(site: .route), edit) { r in try await discardAutosave(r) },
            AdminEndpoint.site(.post, .previewArticle(site: .route), edit) { r in try await preview(r) },
            AdminEndpoint.site(.get, .article(site: .route, id: .route), any) { r in try await detail(r) },
            AdminEndpoint.site(.get, .editArticle(site: .route, id: .route), edit) { r in
                let (work, revision) = try await find(r)
                var values = Self.values(of: revision?.content)
                values["version"] = String(work.version)
                if let at = work.scheduledFor { values["scheduledFor"] = Self.localInput(at) }
                return try await form(r, values: values, errors: FieldErrors(), work: work, status: .ok)
            },
            AdminEndpoint.site(.post, .editArticle(site: .route, id: .route), edit) { r in
                let (work, _) = try await find(r)
                return try await save(r, work: work)
            },
            AdminEndpoint.site(.post, .act(site: .route, article: .route), any) { r in try await act(r) },
            AdminEndpoint.site(.get, .diff(site: .route, article: .route), any) { r in try await diff(r) },
            AdminEndpoint.site(.get, .timeliness(site: .route), .withinSite(Permission.contentWork + [.viewAssuranceTable])) { r in
                try await timeliness(r)
            },
            AdminEndpoint(.get, .inbox, .signedIn) { r in try await inbox(r) },
            AdminEndpoint(.get, .workflow, .signedIn) { r in workflow(r) },
        ]
    }

    /// The person acting, as the workflow sees them.
    func participant(_ r: AdminRequest) -> Participant { Participant(actor: r.actor, grants: r.signedIn.grants) }
    func participant(_ r: SiteAdminRequest) -> Participant { participant(r.admin) }

    // MARK: Finding

    /// The item in the path, if the person may see it (a content permission on its column).
    func find(_ r: SiteAdminRequest) async throws -> (ArticleWork, Revision?) { try await find(r, id: r.parameter("id")) }

    /// The item `id` of the path's site, if the person may see it.
    func find(_ r: SiteAdminRequest, id: String) async throws -> (ArticleWork, Revision?) {
        let site = r.site
        let found = try await env.database.read { db -> (ArticleWork, Revision?, [String])? in
            guard id.count <= 64, let work = try await PublishingRecords.work(id: id, on: db), work.siteID == site.id else { return nil }
            let tree = ColumnTree(try await ColumnRecords.all(siteID: site.id, on: db))
            return (work, try await PublishingRecords.revision(id: work.currentRevisionID, on: db), tree.path(of: work.columnID))
        }
        guard let (work, revision, path) = found else { throw ServiceError.notFound("稿件不存在") }
        let target = AccessTarget.column(siteID: site.id, path: path)
        guard Permission.contentWork.contains(where: { AccessPolicy.allows(r.signedIn.grants, $0, on: target) }) else {
            throw ServiceError.refused("您没有这篇稿件所在栏目的权限（依据 O5）。")
        }
        return (work, revision)
    }

    /// Columns of the site in which the person holds `permission`, in tree order.
    static func columns(_ tree: ColumnTree, siteID: String, grants: [RoleGrant], _ permission: Permission) -> [Column] {
        tree.entries.map(\.column).filter {
            AccessPolicy.allows(grants, permission, on: .column(siteID: siteID, path: tree.path(of: $0.id)))
        }
    }

    // MARK: The list

    func list(_ r: SiteAdminRequest) async throws -> Response {
        let site = r.site
        let q = r.request.uri.queryParameters
        let stage = q["stage"].flatMap { Stage(rawValue: String($0)) }
        let status = q["status"].flatMap { Article.Status(rawValue: String($0)) }
        let words = String(q["q"] ?? "").trimmed
        let page = max(1, min(Int(q["page"] ?? "") ?? 1, 10_000))
        let grants = r.signedIn.grants
        let (works, tree) = try await env.database.read { db in
            let tree = ColumnTree(try await ColumnRecords.all(siteID: site.id, on: db))
            let visible = tree.entries.map(\.column.id).filter { id in
                Permission.contentWork.contains { AccessPolicy.allows(grants, $0, on: .column(siteID: site.id, path: tree.path(of: id))) }
            }
            var filter = PublishingRecords.WorkFilter(
                siteID: site.id, columnIDs: visible, stages: stage.map { [$0] },
                statuses: status.map { [$0] })
            filter.words = String(words.prefix(50))
            filter.emergencyOnly = q["emergency"] == "1"
            return (try await PublishingRecords.works(filter, limit: Self.pageSize + 1, offset: (page - 1) * Self.pageSize, on: db), tree)
        }
        let rows = works.prefix(Self.pageSize).map { Self.row($0, site: site, tree: tree) }
        var query = URLComponents()
        query.queryItems = [
            ("stage", stage?.rawValue), ("status", status?.rawValue), ("q", words.isEmpty ? nil : words),
            ("emergency", q["emergency"] == "1" ? "1" : nil),
        ].compactMap { k, v in v.map { URLQueryItem(name: k, value: $0) } }
        let base = AdminURL.articles(site: site.code).path + (query.percentEncodedQuery.map { $0 + "&" } ?? "")
        let links = layout.links(grants)
        let opens = { (url: (String) -> AdminURL) in links.opens(url, of: site) }
        let view = ArticlesView(
            site: SiteRef(site), rows: rows, canWrite: opens(AdminURL.newArticle),
            stages: Stage.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0 == stage) },
            statuses: Article.Status.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0 == status) },
            q: words, emergency: q["emergency"] == "1", page: page,
            previousURL: page > 1 ? base + "page=\(page - 1)" : nil, nextURL: works.count > Self.pageSize ? base + "page=\(page + 1)" : nil,
            timeliness: opens(AdminURL.timeliness), submissions: opens(AdminURL.submissions), reposts: opens(AdminURL.reposts))
        return layout.page(r, .articles, title: "\(site.name) · 信息发布", view)
    }

    /// One phrase for where an item stands: its public state and, when a newer revision is in
    /// the flow, where that one is.
    static func stateLabel(_ w: ArticleWork) -> String {
        switch w.status {
        case .draft: return w.stage.label
        case .archived: return "已归档"
        case .published, .withdrawn:
            let base = w.status == .published ? (w.emergencyBy != nil ? "已紧急发布" : "已发布") : "已撤稿"
            return w.stage == .live ? base : "\(base)，新版本\(w.stage.label)"
        }
    }

    static func row(_ w: ArticleWork, site: Site, tree: ColumnTree, reason: String? = nil) -> ArticleRow {
        ArticleRow(
            id: w.id, title: w.workingTitle, url: AdminURL.article(site: site.code, id: w.id).path,
            column: tree.column(w.columnID)?.name ?? "", stage: w.stage.label, status: w.status.label, state: Self.stateLabel(w),
            importance: w.importance.label, important: w.importance != .normal,
            changed: ChinaTime.minute(w.changedAt), published: w.publishedAt.map(ChinaTime.minute),
            emergency: w.emergencyBy != nil, returned: w.isReturned,
            lag: w.lagDays, late: w.lagDays.map { Timeliness.isLate(lagDays: $0) } ?? false,
            site: site.name, reason: reason)
    }

    // MARK: The form

    static func values(of c: ArticleContent?) -> [String: String] {
        guard let c else { return [:] }
        var v: [String: String] = [
            "title": c.title, "subtitle": c.subtitle, "columnID": c.columnID, "body": c.bodyHTML, "summary": c.summary,
            "source": c.source, "author": c.author, "originalAuthor": c.originalAuthor, "sourceURL": c.sourceURL,
            "eventDate": c.eventDate?.description ?? "", "importance": c.importance.rawValue,
            "documentNumber": c.documentNumber, "topic": c.topic, "validity": c.validity.rawValue,
            "tags": c.tags.joined(separator: "，"), "leadDepartmentID": c.leadDepartmentID ?? "",
            "extraColumnIDs": c.extraColumnIDs.joined(separator: ","), "jointDepartmentIDs": c.jointDepartmentIDs.joined(separator: ","),
        ]
        if c.isRepost { v["isRepost"] = "on" }
        if c.isBureauNotice { v["isBureauNotice"] = "on" }
        for e in ServiceGuide.Element.allCases { v["guide.\(e.rawValue)"] = c.serviceGuide?[e] ?? "" }
        return v
    }

    /// `datetime-local` value in China time.
    static func localInput(_ date: Date) -> String {
        let f = DateFormatter()
        f.calendar = ChinaTime.calendar; f.timeZone = ChinaTime.zone; f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return f.string(from: date)
    }

    static func parseLocal(_ text: String) -> Date? { ChinaTime.parseMinute(text, allowingSeconds: true) }

    func form(
        _ r: SiteAdminRequest, values: [String: String], errors: FieldErrors, work: ArticleWork?,
        status: HTTPResponse.Status
    ) async throws -> Response {
        let site = r.site
        let me = participant(r).accountID
        let (structure, kept) = try await env.database.read { db in
            (
                try await SiteStructureQuery.read(siteID: site.id, on: db),
                try await AutosaveRecords.find(accountID: me, siteID: site.id, articleID: work?.id, on: db)
            )
        }
        let tree = structure.tree, departments = structure.departments, names = structure.departmentsByID
        let usable = Self.columns(tree, siteID: site.id, grants: r.signedIn.grants, .editContent).filter { !$0.isArchived }
        // `?restore=1`: the form shows the fields as the person last typed them, if anything was kept.
        let restoring = r.request.uri.queryParameters["restore"] != nil && kept != nil && status == .ok
        let values = restoring ? kept!.fields : values
        let extras = Set(values["extraColumnIDs", default: ""].split(separator: ",").map(String.init))
        let joint = Set(values["jointDepartmentIDs", default: ""].split(separator: ",").map(String.init))
        let services = usable.filter { $0.kind == .service }.map(\.id)
        let view = ArticleFormView(
            site: SiteRef(site),
            columns: usable.map { c in
                .init(
                    id: c.id, name: String(repeating: "　", count: tree.depth(of: c.id)) + c.name,
                    selected: values["columnID"] == c.id, extra: extras.contains(c.id))
            },
            guide: ServiceGuide.Element.allCases.map { e in
                let name = "guide.\(e.rawValue)"
                return .init(
                    name: name, label: e.label, hint: e.hint, value: values[name] ?? "", error: errors.message(for: name),
                    long: e.maxLength > 200)
            },
            isGuide: services.contains(values["columnID"] ?? ""), serviceColumns: services.joined(separator: " "),
            departments: departments.map { d in
                .init(id: d.id, name: d.fullName(among: names), lead: values["leadDepartmentID"] == d.id, joint: joint.contains(d.id))
            },
            importances: Importance.allCases.map { i in
                .init(
                    value: i.rawValue, label: i.label, selected: values["importance"] == i.rawValue,
                    steps: ApprovalStep.chain(importance: i, bureauNotice: false).map(\.label).joined(separator: " → "))
            },
            repost: values["isRepost"] == "on", bureauNotice: values["isBureauNotice"] == "on",
            invalid: values["validity"] == Validity.invalid.rawValue,
            action: work.map { AdminURL.editArticle(site: site.code, id: $0.id).path } ?? AdminURL.articles(site: site.code).path,
            editing: work != nil, articleID: work?.id,
            backURL: work.map { AdminURL.article(site: site.code, id: $0.id).path } ?? AdminURL.articles(site: site.code).path,
            importURL: work == nil ? AdminURL.importArticle(site: site.code).path : nil,
            warning: work.flatMap { work in
                guard work.stage != .draft || work.status == .published else { return nil }
                return work.status == .published && work.stage == .live
                    ? "这篇信息已发布。保存修改将生成新版本，新版本须重新经过审核、签发；通过前网站上仍显示现有版本，通过后在原网址替换（依据 P15）。"
                    : "保存修改将生成新版本，此前各环节的审核意见对新版本无效，稿件退回草稿，须重新提交审核（依据 P1、O3）。"
            },
            imported: work == nil && values["body"] != nil && values["title"] != nil && errors.isEmpty && !restoring
                ? "已从 Word 文档导入标题和正文，图片已上传并配了默认说明文字，请核对后保存。" : nil,
            autosaveURL: AdminURL.autosave(site: site.code).path, previewURL: AdminURL.previewArticle(site: site.code).path,
            autosave: restoring || status != .ok
                ? nil
                : kept.map { k in
                    .init(
                        savedAt: ChinaTime.minute(k.savedAt), restoreURL: Self.formURL(site, articleID: work?.id) + "?restore=1",
                        discardURL: AdminURL.discardAutosave(site: site.code).path, articleID: work?.id,
                        olderVersion: work.map { String($0.version) != k.fields["version"] } ?? false)
                },
            restored: restoring)
        return layout.page(
            r, .articleForm, title: work == nil ? "新建稿件" : "修改稿件", view, form: FormState(values, errors),
            scripts: [AdminURL.staticFile("editor.js").path], status: status)
    }

    // MARK: 预览

    /// The item form read and sanitised, in the columns this person may write in (saving and 预览 alike).
    static func content(_ fields: [String: String], _ r: SiteAdminRequest, _ structure: SiteStructure) throws -> ArticleContent {
        let usable = columns(structure.tree, siteID: r.site.id, grants: r.signedIn.grants, .editContent)
        return try ArticleContent.read(fields, sanitize: Sanitizer.clean, columns: usable, departmentIDs: Set(structure.departmentsByID.keys))
    }

    /// 预览 (14.12): what the form holds, sanitised and checked as saving would, shown as the
    /// site's public page of the item in the live theme, marked as a preview and never cached.
    /// Nothing is saved. A form that cannot be read answers 422 with what to correct.
    func preview(_ r: SiteAdminRequest) async throws -> Response {
        let site = r.site
        let fields = Self.folded(r.form)
        let structure = try await env.database.read { db in try await SiteStructureQuery.read(siteID: site.id, on: db) }
        let content: ArticleContent
        do {
            content = try Self.content(fields, r, structure)
        } catch let errors as FieldErrors {
            let text = errors.problems.map { $0.message + "。" }.joined()
            return layout.message(r.signedIn, status: .unprocessableContent, title: "无法预览", text: "请先改正稿件中的问题：" + text)
        }
        let now = env.clock.now()
        let article = Article(
            siteID: site.id, columnID: content.columnID, title: content.title, subtitle: content.subtitle, summary: content.summary,
            bodyHTML: content.bodyHTML, source: content.source, author: content.author, status: .draft, publishedAt: now, createdAt: now)
        let publicSite = PublicSite(env: env)
        let (mount, files) = try await env.database.read { db in
            (
                try await publicSite.mount(site, base: "/sites/\(site.code)", on: db),
                try await FileRecords.described(ids: content.fileIDs, siteID: site.id, on: db).byID()
            )
        }
        var marked = mount
        marked.previewNotice = "稿件预览：这是尚未发布的稿件，公众看不到；关闭本页回到编辑。"
        guard let column = structure.tree.column(content.columnID) else { throw HTTPError(.notFound) }
        let page = ArticlePage(
            article: article, column: column, tree: structure.tree, content: content,
            departmentName: { structure.departmentsByID[$0]?.organ(among: structure.departmentsByID).name }, file: { files[$0] }, previous: nil,
            next: nil)
        return Reply.html(publicSite.articleRendered(marked, page).body, headers: [.cacheControl: "no-store"])
    }

    // MARK: Auto-save (编辑器自动保存)

    /// The item form: of the item `articleID`, or of a new one.
    static func formURL(_ site: Site, articleID: String?) -> String {
        articleID.map { AdminURL.editArticle(site: site.code, id: $0).path } ?? AdminURL.newArticle(site: site.code).path
    }

    /// Keeps what is typed in the item form every little while (editor.js); answers when, as JSON.
    func autosave(_ r: SiteAdminRequest) async throws -> Response {
        let articleID = (r.form["articleID"] ?? "").nonEmpty
        if let articleID { _ = try await find(r, id: articleID) }
        do {
            let kept = try await publishing.autosave(
                siteID: r.site.id, articleID: articleID, fields: Self.folded(r.form), by: participant(r))
            return Reply.json(["savedAt": ChinaTime.minute(kept.savedAt)])
        } catch let errors as FieldErrors {
            return PushAPI.problem(.contentTooLarge, "too-large", errors.problems.map(\.message).joined(separator: "；"), fields: errors)
        }
    }

    /// Throws away the kept text and opens the form as it was saved.
    func discardAutosave(_ r: SiteAdminRequest) async throws -> Response {
        let articleID = (r.form["articleID"] ?? "").nonEmpty
        if let articleID { _ = try await find(r, id: articleID) }
        try await publishing.discardAutosave(siteID: r.site.id, articleID: articleID, by: participant(r))
        return Reply.redirect(Self.formURL(r.site, articleID: articleID))
    }

    /// The form's fields with the checkbox groups folded into comma-separated lists.
    static func folded(_ form: [String: String]) -> [String: String] {
        var fields = form
        fields["extraColumnIDs"] = FormBody.checked("extra_", in: form).joined(separator: ",")
        fields["jointDepartmentIDs"] = FormBody.checked("joint_", in: form).joined(separator: ",")
        return fields
    }

    func save(_ r: SiteAdminRequest, work: ArticleWork?) async throws -> Response {
        let site = r.site
        let fields = Self.folded(r.form)
        var values = fields
        do {
            let structure = try await env.database.read { db in try await SiteStructureQuery.read(siteID: site.id, on: db) }
            let content = try Self.content(fields, r, structure)
            values["body"] = content.bodyHTML
            let scheduleText = (fields["scheduledFor"] ?? "").trimmed
            var scheduled: Date? = nil
            if !scheduleText.isEmpty {
                guard let at = Self.parseLocal(scheduleText) else {
                    throw FieldErrors.single("scheduledFor", "定时发布时间格式不正确")
                }
                scheduled = at
            }
            let saved: ArticleWork
            if let work {
                let version = Int(fields["version"] ?? "") ?? -1
                saved = try await publishing.edit(
                    articleID: work.id, expectedVersion: version, content: content,
                    scheduledFor: scheduled, by: participant(r))
            } else {
                saved = try await publishing.create(siteID: site.id, content: content, scheduledFor: scheduled, by: participant(r))
            }
            return Reply.redirect(AdminURL.article(site: site.code, id: saved.id).notice("article-saved"))
        } catch let errors as FieldErrors {
            if let work { values["version"] = fields["version"] ?? String(work.version) }
            return try await form(r, values: values, errors: errors, work: work, status: .unprocessableContent)
        }
    }

    /// Upload a .docx and get the form filled: title, body and its images (stored as files
    /// with a caption to review). Nothing is saved as a draft until the editor saves.
    func importDocx(_ r: SiteAdminRequest) async throws -> Response {
        let site = r.site
        var values: [String: String] = ["source": site.identity.organizer, "importance": "normal"]
        guard let upload = r.files.first(where: { $0.field == "docx" }), !upload.data.isEmpty else {
            return try await form(
                r, values: values, errors: .single("docx", "请选择要导入的 Word 文档（.docx）"), work: nil,
                status: .unprocessableContent)
        }
        do {
            guard upload.data.count <= 20 * 1024 * 1024 else { throw FieldErrors.single("docx", "文档不能超过 20 MB") }
            let draft: DocxImporter.Draft
            do { draft = try DocxImporter.read(upload.data) } catch let e as DocxImporter.ImportError {
                throw FieldErrors.single("docx", e.description)
            }
            var body = draft.bodyHTML
            for (n, image) in draft.images.enumerated() {
                let caption = "\(draft.title) 图\(n + 1)"
                let stored = try? await env.files.upload(
                    image.data, name: image.name, caption: caption, siteID: site.id, by: r.actor,
                    extracted: .init(text: nil, note: ""))
                body = body.replacingOccurrences(
                    of: "<img src=\"docx-image:\(n)\" alt=\"\">",
                    with: stored.map {
                        "<figure><img src=\"\($0.path)\" alt=\"\(HTMLText.escape(caption))\"><figcaption>\(HTMLText.escape(caption))</figcaption></figure>"
                    } ?? "")
            }
            values["title"] = String(draft.title.prefix(200))
            values["body"] = Sanitizer.clean(body)
            return try await form(r, values: values, errors: FieldErrors(), work: nil, status: .ok)
        } catch let errors as FieldErrors {
            return try await form(r, values: values, errors: errors, work: nil, status: .unprocessableContent)
        }
    }

    /// The content gate while the editor types (P3, P10, P16): findings as JSON for the form's panel.
    func liveCheck(_ r: SiteAdminRequest) async throws -> Response {
        var content = ArticleContent(
            title: r.form["title"] ?? "", columnID: "", bodyHTML: Sanitizer.clean(r.form["body"] ?? ""),
            source: "")
        content.subtitle = r.form["subtitle"] ?? ""
        content.summary = r.form["summary"] ?? ""
        content.isRepost = r.form["isRepost"] == "on"
        content.originalAuthor = r.form["originalAuthor"] ?? ""
        content.sourceURL = r.form["sourceURL"] ?? ""
        content.columnID = r.form["columnID"] ?? ""
        if ServiceGuide.Element.allCases.contains(where: { r.form["guide.\($0.rawValue)"] != nil }) {
            content.serviceGuide = ServiceGuide(
                Dictionary(uniqueKeysWithValues: ServiceGuide.Element.allCases.map { ($0, r.form["guide.\($0.rawValue)"] ?? "") }))
        }
        let checked = content, site = r.site
        let facts = try await env.database.read { db in try await GateRecords.facts(for: checked, in: site, on: db) }
        var findings = ContentGate.findings(content, facts: facts, env: env)
        let editing = (r.form["articleID"] ?? "").isEmpty ? nil : r.form["articleID"]
        if let duplicate = try await ContentGate.duplicateTitle(content, excluding: editing, env: env) { findings.insert(duplicate, at: 0) }
        struct Body: Encodable { let findings: [ContentGate.Located]; let blocking: Int }
        return Reply.encoded(Body(findings: ContentGate.locate(findings, in: content), blocking: findings.filter { $0.severity == .block }.count))
    }

    // MARK: The item

    func detail(_ r: SiteAdminRequest) async throws -> Response {
        let site = r.site
        let (work, _) = try await find(r)
        let now = env.clock.now()
        let me = participant(r)
        let found = try await env.database.read { db in
            try await ArticleDetailQuery.read(work, site: site, publishing: publishing, on: db)
        }
        guard let detail = found else { throw ServiceError.notFound("稿件没有版本记录") }
        // The content gate runs once: its findings are shown below and decide which steps are offered.
        var findings = ContentGate.findings(detail.current.content, facts: detail.facts, env: env)
        var item = detail.item
        item.applyGate(ContentGate.verdict(findings), overrideDigest: work.gateOverrideDigest, revisionDigest: detail.current.digest)
        if let duplicate = try await ContentGate.duplicateTitle(detail.current.content, excluding: work.id, env: env) {
            findings.insert(duplicate, at: 0)
        }
        let view = ArticleDetailView(detail, item: item, work: work, site: site, findings: findings, me: me.workflowActor, now: now)
        return layout.page(r, .article, title: detail.current.content.title, view)
    }

    /// Tells a person why no step is offered (O3 is the usual reason).
    static func whyNothing(_ item: WorkflowItem, me: WorkflowActor) -> String {
        if let step = item.stage.step, !AccessPolicy.allows(me.grants, step.permission, on: item.target) {
            return "稿件正等待“\(step.label)”，您没有这一环节的权限。"
        }
        if item.stage.step != nil, item.contributorIDs.contains(me.accountID) {
            return "您撰写或修改过这篇稿件，按照“编审分离”的要求不能审核、签发自己的稿件（依据 O3）。"
        }
        if let step = item.stage.step, item.approvals.contains(where: { $0.accountID == me.accountID && $0.step != step }) {
            return "您已在本稿的其他环节审核过，同一版本的各环节须由不同的人完成（依据 O3）。"
        }
        if let step = item.stage.step {
            return "稿件正等待“\(step.label)”，您没有这一环节的权限。"
        }
        return "您对这篇稿件目前没有可进行的操作。"
    }

    func act(_ r: SiteAdminRequest) async throws -> Response {
        let site = r.site
        let (work, _) = try await find(r)
        guard let action = WorkflowAction(rawValue: r.form["action"] ?? ""), action != .edit else {
            return layout.message(r.signedIn, status: .badRequest, title: "无法完成操作", text: "未知的操作。")
        }
        let version = Int(r.form["version"] ?? "") ?? -1
        let done = try await publishing.act(
            action, articleID: work.id, expectedVersion: version, reason: r.form["reason"] ?? "",
            by: participant(r))
        let notice = done.stage == .live && work.stage != .live ? "article-live" : "article-\(action.rawValue)"
        return Reply.redirect(AdminURL.article(site: site.code, id: work.id).notice(notice))
    }

    // MARK: Diff

    func diff(_ r: SiteAdminRequest) async throws -> Response {
        let site = r.site
        let (work, _) = try await find(r)
        let q = r.request.uri.queryParameters
        let (revisions, structure) = try await env.database.read { db in
            (try await PublishingRecords.revisions(of: work.id, on: db), try await SiteStructureQuery.read(siteID: site.id, on: db))
        }
        let newest = revisions.first?.number ?? 1
        let to = min(max(Int(q["to"] ?? "") ?? newest, 1), newest)
        let from = min(max(Int(q["from"] ?? "") ?? (to - 1), 0), newest)
        let tree = structure.tree, names = structure.departmentsByID
        func fields(_ n: Int) -> [(String, String)] {
            guard let rev = revisions.first(where: { $0.number == n }) else { return [] }
            return rev.content.describedFields(
                columnName: { tree.column($0)?.name ?? "" },
                departmentName: { names[$0]?.fullName(among: names) ?? "" })
        }
        let a = fields(from), b = fields(to)
        let labels = (b.isEmpty ? a : b).map(\.0)
        let rows = labels.compactMap { label -> ArticleDiffView.Row? in
            let old = a.first { $0.0 == label }?.1 ?? "", new = b.first { $0.0 == label }?.1 ?? ""
            guard old != new else { return nil }
            let lines = TextDiff.lines(old, new).filter { $0.kind != .same || label == "正文" }
            return .init(
                label: label,
                lines: lines.map { line in
                    .init(
                        kind: line.kind.rawValue, sign: line.kind == .added ? "+" : (line.kind == .removed ? "−" : " "),
                        pieces: line.pieces.map { .init(kind: $0.kind.rawValue, text: $0.text, changed: $0.kind != .same) })
                })
        }
        return layout.page(
            r, .articleDiff, title: "版本比较",
            ArticleDiffView(
                site: SiteRef(site), backURL: AdminURL.article(site: site.code, id: work.id).path, title: work.workingTitle,
                from: from, to: to, rows: rows, same: rows.isEmpty,
                numbers: revisions.map { .init(n: $0.number, isFrom: $0.number == from, isTo: $0.number == to) }))
    }

    /// P8: lag from the end of the work to publication, counted per responsible department
    /// (the column's owner); items over 3 days are listed.
    func timeliness(_ r: SiteAdminRequest) async throws -> Response {
        let site = r.site
        let now = env.clock.now()
        let q = r.request.uri.queryParameters
        let today = CalendarDay(now)
        let from = q["from"].flatMap { CalendarDay(String($0)) } ?? CalendarDay("\(today.year)-01-01")!
        let to = q["to"].flatMap { CalendarDay(String($0)) } ?? today
        let end = ChinaTime.calendar.date(byAdding: .day, value: 1, to: to.start)!
        let data = try await env.database.read { db in
            try await TimelinessQuery.read(siteID: site.id, from: from.start, to: end, on: db)
        }
        let names = data.departments.byID()
        let department = { (id: String?) in id.flatMap { names[$0]?.fullName(among: names) } ?? "（未指定）" }
        let report = data.report
        return layout.page(
            r, .timeliness, title: "\(site.name) · 发布时效",
            TimelinessView(
                site: SiteRef(site), from: from.description, to: to.description,
                rows: report.lines.map { line in
                    .init(
                        department: department(line.departmentID), count: line.count, late: line.late,
                        average: String(format: "%.1f", line.averageLag), hasLate: line.late > 0)
                },
                late: report.late.map { l in
                    .init(
                        title: l.item.title, url: AdminURL.article(site: site.code, id: l.item.id).path, lag: l.lagDays,
                        department: department(l.departmentID), event: l.item.eventDate.description,
                        published: ChinaTime.minute(l.item.publishedAt))
                },
                limit: Timeliness.limitDays, total: report.total))
    }

    // MARK: Inbox and the workflow table

    func inbox(_ r: AdminRequest) async throws -> Response {
        let me = participant(r)
        let grants = r.signedIn.grants
        let now = env.clock.now()
        let inbox = try await env.database.read { db in try await InboxQuery.read(for: me, now: now, publishing: publishing, on: db) }
        func rows(_ works: [ArticleWork], reason: (ArticleWork) -> String? = { _ in nil }) -> [ArticleRow] {
            works.compactMap { w in
                guard let site = inbox.sites[w.siteID], let tree = inbox.trees[w.siteID] else { return nil }
                return Self.row(w, site: site, tree: tree, reason: reason(w))
            }
        }
        let mine = rows(inbox.mine) { $0.returnReason.nonEmpty }
        // Where the person may repost to, once per site with open tasks.
        var repostColumns: [String: [ColumnChoice]] = [:]
        for t in inbox.reposts where repostColumns[t.siteID] == nil {
            guard let site = inbox.sites[t.siteID], let tree = inbox.trees[t.siteID] else { continue }
            repostColumns[t.siteID] = RepostTaskRow.columns(tree, site: site, grants: grants)
        }
        let links = layout.links(grants)
        return layout.page(
            r, .inbox, title: "我的待办",
            InboxView(
                waiting: rows(inbox.waiting), returned: mine.filter(\.returned), sent: mine.filter { !$0.returned },
                emergencies: rows(inbox.emergencies) { $0.emergencyReason.nonEmpty },
                reposts: inbox.reposts.compactMap { t in
                    guard let site = inbox.sites[t.siteID] else { return nil }
                    return RepostTaskRow(t, site: site, columns: repostColumns[t.siteID] ?? [], now: now)
                },
                writeSites: inbox.contentSites.map {
                    .init(name: $0.name, code: $0.code, write: links.opens(AdminURL.newArticle, of: $0))
                },
                writes: grants.contains { $0.role.definition.permissions.contains(.editContent) }))
    }

    func workflow(_ r: AdminRequest) -> Response {
        let rows = Workflow.table.map { t in
            WorkflowView.Row(
                action: t.action.label,
                from: Stage.allCases.filter(t.stages.contains).map(\.label).joined(separator: "、"),
                statuses: Article.Status.allCases.filter(t.statuses.contains).map(\.label).joined(separator: "、"),
                who: t.authority.label, guards: t.guards.map(\.label).joined(separator: "；"),
                outcome: t.outcome.label, voids: t.voidsApprovals, basis: "依据 " + t.basis.joined(separator: "、"))
        }
        let chain = { (bureauNotice: Bool, i: Importance) in
            (["撰稿"] + ApprovalStep.chain(importance: i, bureauNotice: bureauNotice).map(\.label) + ["发布"]).joined(separator: " → ")
        }
        let chains =
            Importance.allCases.map { WorkflowView.Chain(importance: $0.label, steps: chain(false, $0)) }
            + [WorkflowView.Chain(importance: "全局性通知公告", steps: chain(true, .normal))]
        return layout.page(r, .workflow, title: "发布流程", WorkflowView(rows: rows, chains: chains))
    }
}
