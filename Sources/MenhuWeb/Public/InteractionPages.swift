import Foundation
import HTTPTypes
import Hummingbird
import MenhuChecks
import MenhuCore
import MenhuStore

/// 互动交流 on every site (I1–I6, W3): the channels, each channel's form and its published
/// letters with their replies (personal data masked, I4), the writer's receipt with a 查询编号 and a
/// 查询码, the look-up and the rating. Never cached: forms carry a fresh challenge.
extension PublicSite {
    static let lettersPath = "/letters"
    static let publishedPageSize = 10
    /// The address part of the 网站找错 channel (`/letters/error`).
    static let errorChannel = "error"

    func registerInteraction(on router: Router<MenhuRequestContext>) {
        live(.get, "/letters", on: router) { request, _, mount in try await interactionIndex(request, mount: mount) }
        live(.get, "/letters/lookup", on: router) { request, context, mount in
            try await lookupPage(request, mount: mount, form: [:], address: context.clientAddress)
        }
        live(.post, "/letters/lookup", on: router) { request, context, mount in
            try await lookupPage(request, mount: mount, form: try await FormBody.read(request), address: context.clientAddress)
        }
        live(.post, "/letters/rate", on: router) { request, context, mount in try await rate(request, context, mount: mount) }
        live(.get, "/letters/faq", on: router) { request, _, mount in try await faqPage(request, mount: mount) }
        live(.get, "/letters/figures", on: router) { request, _, mount in try await figuresPage(request, mount: mount) }
        live(.get, "/letters/:channel", on: router) { request, context, mount in
            try await channelPage(request, mount: mount, channelID: context.parameters.get("channel") ?? "", form: nil)
        }
        live(.post, "/letters/:channel", on: router) { request, context, mount in try await submit(request, context, mount: mount) }
    }

    /// A page of every site that is never cached, by domain and at `/sites/{code}`.
    func live(
        _ method: HTTPRequest.Method, _ path: String, on router: Router<MenhuRequestContext>,
        _ render: @escaping @Sendable (Request, MenhuRequestContext, Mount) async throws -> PageCache.Rendered
    ) {
        @Sendable func answer(_ request: Request, _ context: MenhuRequestContext, _ mount: Mount?) async throws -> Response {
            guard let mount else { return Self.uncached(emptyPlatform()) }
            return Self.uncached(try await render(request, context, mount))
        }
        router.on(RouterPath(path), method: method) { request, context in try await answer(request, context, try await byHost(request)) }
        router.on(RouterPath("/sites/:code" + path), method: method) { request, context in
            try await answer(request, context, try await byCode(context))
        }
    }

    /// The channel at `/letters/{address}`: its id, or `error` for the site's 网站找错 channel (W3).
    static func channel(_ address: String, among channels: [LetterChannel]) -> LetterChannel? {
        channels.first { address == errorChannel ? $0.kind == .siteError : $0.id == address }
    }

    /// The organ that answered a letter, as the public pages name it.
    static func answeringOrgan(_ letter: Letter, departments: [String: Department]) -> String? {
        letter.reply.flatMap { departments[$0.departmentID]?.organ(among: departments).name }
    }

    static func uncached(_ rendered: PageCache.Rendered) -> Response {
        var response = Response(
            status: rendered.status, headers: [.contentType: rendered.contentType, .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: rendered.body)))
        if let cookie = rendered.cookie { response.setCookie(cookie) }
        return response
    }

    /// The address of a site's 互动交流 pages.
    static func lettersURL(_ mount: Mount, _ rest: String = "") -> String { mount.base + lettersPath + rest }

    // MARK: Pages

    func interactionFrame(_ mount: Mount, title: String, channel: LetterChannel? = nil) async throws -> SiteFrame {
        let columns = try await env.database.read { db in try await ColumnRecords.all(siteID: mount.site.id, on: db) }
        let tree = ColumnTree(columns)
        let section = tree.children(of: nil).first { $0.kind == .interaction }
        var frame = frame(mount, tree: tree, current: section, title: "\(title) - \(mount.site.name)")
        frame.breadcrumb = [.init(name: mount.ui.home, url: mount.homeURL)]
        if let channel {
            frame.breadcrumb += [.init(name: "互动交流", url: Self.lettersURL(mount)), .init(name: channel.name, url: nil)]
        } else {
            frame.breadcrumb.append(.init(name: title, url: nil))
        }
        frame.meta = metaTags(mount.site)
        return frame
    }

    /// The surveys open now and the interviews announced or live, soonest first.
    func happening(_ mount: Mount) async throws -> [InteractionView.Happening] {
        let now = env.clock.now(), today = CalendarDay(now)
        let (surveys, interviews) = try await env.database.read { db in
            (
                try await SurveyRecords.list(siteID: mount.site.id, publishedOnly: true, on: db),
                try await InterviewRecords.list(siteID: mount.site.id, publishedOnly: true, on: db)
            )
        }
        let live = interviews.filter { $0.phase(at: now) != .ended }.sorted { $0.startsAt < $1.startsAt }.map { i in
            InteractionView.Happening(
                title: i.title, kind: "在线访谈 \(Self.interviewTime(i))", phase: i.phase(at: now).label,
                url: mount.base + Self.interviewsPath + "/" + i.id)
        }
        let open = surveys.filter { $0.survey.phase(on: today) == .open }.map { l in
            InteractionView.Happening(
                title: l.survey.title, kind: "\(l.survey.kind.label)，\(l.survey.closesOn.chineseDate)截止", phase: "征集中",
                url: mount.base + Self.surveysPath + "/" + l.survey.id)
        }
        return live + open
    }

    func interactionIndex(_ request: Request, mount: Mount) async throws -> PageCache.Rendered {
        let channels = try await env.database.read { db in try await LetterRecords.channels(siteID: mount.site.id, on: db) }
        var view = InteractionView(heading: "互动交流", lookup: .init(action: Self.lettersURL(mount, "/lookup"), number: ""))
        view.links = .init(
            faqURL: Self.lettersURL(mount, "/faq"), figuresURL: Self.lettersURL(mount, "/figures"),
            requestURL: mount.base + Self.disclosureRequestPath, surveysURL: mount.base + Self.surveysPath,
            interviewsURL: mount.base + Self.interviewsPath)
        view.happening = try await happening(mount)
        view.channels = channels.map { c in
            .init(
                name: c.name, kind: c.kind.label, url: Self.lettersURL(mount, "/\(c.id)"), contact: c.contactDetails.nonEmpty,
                accepting: c.accepting)
        }
        return page(.interaction, mount, try await interactionFrame(mount, title: "互动交流"), view)
    }

    /// A channel's page: its form (with what was typed and what is wrong, after a refused
    /// submission) and its published letters.
    func channelPage(
        _ request: Request, mount: Mount, channelID: String, form: (fields: [String: String], errors: [String])?,
        status: HTTPResponse.Status = .ok
    ) async throws -> PageCache.Rendered {
        let now = env.clock.now()
        let pageNumber = request.pageNumber
        // I1: before writing, the answered letters and 常见问题 that match what the writer asks.
        let query = String((request.uri.queryParameters["q"].map(String.init) ?? form?.fields["title"] ?? "").trimmed.prefix(50))
        let found = try await env.database.read { db -> (LetterChannel, [Letter], Int, [String: Department], String, ([Letter], [LetterFAQ]))? in
            let channels = try await LetterRecords.channels(siteID: mount.site.id, on: db)
            guard let channel = Self.channel(channelID, among: channels)
            else { return nil }
            let (letters, total) = try await LetterRecords.published(
                channelID: channel.id, limit: Self.publishedPageSize, offset: (max(1, pageNumber) - 1) * Self.publishedPageSize, on: db)
            let key = try await LetterRecords.challengeKey(on: db)
            let similar =
                query.isEmpty ? ([], []) : try await LetterFAQRecords.similar(siteID: mount.site.id, query: query, on: CalendarDay(now), on: db)
            return (channel, letters, total, try await DepartmentRecords.all(on: db).byID(), key, similar)
        }
        guard let (channel, letters, total, departments, key, similar) = found else { return try await notFound(mount: mount) }
        let fields = form?.fields ?? [:]
        let challenge = TextChallenge.make(key: key, now: now)
        // 找错 names the page it is about.
        let pageAbout = channel.kind == .siteError ? (fields["page"] ?? request.uri.queryParameters["page"].map(String.init) ?? "") : ""
        let formView = InteractionView.Form(
            action: Self.lettersURL(mount, "/\(channel.id)"), channelName: channel.name, token: challenge.token, question: challenge.question,
            lookupURL: Self.lettersURL(mount, "/lookup"),
            title: fields["title"] ?? (pageAbout.isEmpty ? "" : "网页错误："), body: fields["body"] ?? "", name: fields["name"] ?? "",
            phone: fields["phone"] ?? "", email: fields["email"] ?? "", wantsPublic: (fields["public"] ?? "1") == "1",
            nameRequired: channel.requiredContacts.contains(.name), phoneRequired: channel.requiredContacts.contains(.phone),
            emailRequired: channel.requiredContacts.contains(.email), page: pageAbout.nonEmpty, errors: form?.errors ?? [],
            hasErrors: !(form?.errors.isEmpty ?? true), accepting: channel.accepting,
            attachmentHint: "可附 JPG、PNG 图片或 PDF 文件，最多 \(LetterAttachmentRule.maxCount) 个，每个不超过 5 MB；附件只供办理人员查看，不公开。",
            limits:
                "标题 \(LetterSubmission.titleLength.lowerBound)—\(LetterSubmission.titleLength.upperBound) 字，内容 \(LetterSubmission.bodyLength.lowerBound)—\(LetterSubmission.bodyLength.upperBound) 字"
        )
        let paging = Page(requested: pageNumber, size: Self.publishedPageSize, totalItems: total)
        var view = InteractionView(
            heading: channel.name, contact: channel.contactDetails.nonEmpty,
            deadlines: "本渠道收到留言后 \(channel.deadlines.transfer.description) 个工作日内受理转办，转办后 \(channel.deadlines.reply.description) 个工作日内答复。",
            form: formView,
            similar: .init(
                action: Self.lettersURL(mount, "/\(channel.id)"), q: query, searched: !query.isEmpty,
                letters: similar.0.map { Self.publishedView($0, departments: departments) },
                faqs: similar.1.map(Self.faqView), hasResults: !similar.0.isEmpty || !similar.1.isEmpty,
                faqURL: Self.lettersURL(mount, "/faq")),
            pagination: pagination(paging) { n in Self.link(Self.lettersURL(mount, "/\(channel.id)"), [], page: n) })
        view.published = letters.map { Self.publishedView($0, departments: departments) }
        return page(.interaction, mount, try await interactionFrame(mount, title: channel.name, channel: channel), view, status: status)
    }

    /// I4: a published letter as the public reads it — the writer's personal data masked.
    static func publishedView(_ letter: Letter, departments: [String: Department]) -> InteractionView.Published {
        let (title, body, reply) = PersonalDataMask.publicText(of: letter)
        return .init(
            number: letter.number, title: title.text, body: body.text, received: ChinaTime.day(letter.acceptedAt ?? letter.receivedAt),
            answered: letter.reply.map { ChinaTime.day($0.at) } ?? "",
            department: answeringOrgan(letter, departments: departments) ?? "", reply: reply?.text ?? "")
    }

    static func faqView(_ f: LetterFAQ) -> InteractionView.FAQ {
        .init(question: f.question, answer: f.answer, validUntil: f.validUntil.description)
    }

    /// 常见问题: the reviewed entries still valid today.
    func faqPage(_ request: Request, mount: Mount) async throws -> PageCache.Rendered {
        let today = CalendarDay(env.clock.now())
        let entries = try await env.database.read { db in try await LetterFAQRecords.shown(siteID: mount.site.id, on: today, on: db) }
        var view = InteractionView(heading: "常见问题")
        view.faqs = entries.map(Self.faqView)
        return page(.interaction, mount, try await interactionFrame(mount, title: "常见问题"), view)
    }

    /// 办理情况统计: a month's letters by 主办部门 (I2, I6), `?month=2026-11`, this month by default;
    /// the twelve months before it are offered.
    func figuresPage(_ request: Request, mount: Mount) async throws -> PageCache.Rendered {
        let today = CalendarDay(env.clock.now())
        let asked = request.uri.queryParameters["month"].map(String.init) ?? ""
        let month = CalendarDay("\(asked)-01").flatMap { $0 <= today ? $0 : nil } ?? today.firstOfMonth
        let next = month.firstOfMonth(adding: 1)
        let (letters, channels, departments, calendar) = try await env.database.read { db in
            (
                try await LetterRecords.received(siteID: mount.site.id, from: month.start, before: next.start, on: db),
                try await LetterRecords.channels(siteID: mount.site.id, on: db), try await DepartmentRecords.all(on: db).byID(),
                try await CalendarRecords.effectiveCalendar(on: db)
            )
        }
        let figures = LetterFigures(letters, deadlines: channels.byID().mapValues(\.deadlines), calendar: calendar)
        func row(_ r: LetterFigures.Row, name: String) -> InteractionView.Figures.Row {
            .init(
                department: name, received: r.received, finished: r.finished, onTime: LetterFigures.percent(r.onTimeRate),
                days: LetterFigures.days(r.averageWorkingDays), satisfaction: LetterFigures.percent(r.satisfactionRate))
        }
        let label = "\(month.year) 年 \(month.month) 月"
        let months = (0..<12).map { today.firstOfMonth(adding: -$0) }
        var view = InteractionView(heading: "留言办理情况统计")
        view.figures = .init(
            month: label, action: Self.lettersURL(mount, "/figures"),
            months: months.map { m in
                let value = String(m.description.prefix(7))
                return .init(value: value, label: "\(m.year) 年 \(m.month) 月", selected: m == month)
            },
            rows: figures.rows.map { r in
                row(r, name: r.departmentID.map { departments[$0]?.fullName(among: departments) ?? "（已撤销的部门）" } ?? "尚未转办")
            },
            total: row(figures.total, name: "合计"), hasRows: !figures.rows.isEmpty)
        return page(.interaction, mount, try await interactionFrame(mount, title: "留言办理情况统计"), view)
    }

    /// The largest letter form with its attachments.
    static let letterFormLimit = LetterAttachmentRule.maxCount * LetterAttachmentRule.maxSize + 1024 * 1024

    /// The letter form: url-encoded, or multipart with its attachments (field `attachment`).
    static func letterForm(_ request: Request) async throws -> ([String: String], [LetterAttachmentRule.Sent]) {
        guard let boundary = Multipart.boundary(request.headers[.contentType] ?? "") else { return (try await FormBody.read(request), []) }
        var request = request
        switch await BodyReader.collect(&request, upTo: letterFormLimit) {
        case .success(let body):
            guard let (fields, files) = Multipart.parse(Data(buffer: body), boundary: boundary) else {
                throw HTTPError(.badRequest, message: "提交的内容格式不正确，请返回重新填写。")
            }
            return (fields, files.filter { $0.field == "attachment" }.map { .init(name: $0.fileName, data: $0.data) })
        case .failure(.tooLarge):
            throw HTTPError(.contentTooLarge, message: "附件合计过大：最多 \(LetterAttachmentRule.maxCount) 个，每个不超过 5 MB。请返回重新选择。")
        case .failure(.malformed):
            throw HTTPError(.badRequest, message: "提交的内容格式不正确，请返回重新填写。")
        }
    }

    func submit(_ request: Request, _ context: MenhuRequestContext, mount: Mount) async throws -> PageCache.Rendered {
        let channelID = context.parameters.get("channel") ?? ""
        let (fields, attachments) = try await Self.letterForm(request)
        let key = try await env.database.read { db in try await LetterRecords.challengeKey(on: db) }
        let channels = try await env.database.read { db in try await LetterRecords.channels(siteID: mount.site.id, on: db) }
        guard let channel = Self.channel(channelID, among: channels) else {
            return try await notFound(mount: mount)
        }
        // I1: the challenge first, so that a robot learns nothing about the form.
        guard TextChallenge.verify(token: fields["challengeToken"] ?? "", answer: fields["challenge"] ?? "", key: key, now: env.clock.now())
        else {
            return try await channelPage(
                request, mount: mount, channelID: channelID, form: (fields, ["验证题答案不正确或已过期，请重新计算后填写（用阿拉伯数字）。"]),
                status: .unprocessableContent)
        }
        var text = fields
        if channel.kind == .siteError, let about = fields["page"]?.trimmed, !about.isEmpty {
            text["body"] = (fields["body"] ?? "") + "\n（出错网页：\(String(about.prefix(300)))）"
        }
        do {
            let receipt = try await env.letters.submit(text, attachments: attachments, channelID: channel.id, address: context.clientAddress)
            let view = InteractionView(
                heading: "留言已提交",
                receipt: .init(
                    number: receipt.number, code: receipt.code, channel: channel.name, lookupURL: Self.lettersURL(mount, "/lookup"),
                    received: ChinaTime.minute(receipt.letter.receivedAt)))
            return page(.interaction, mount, try await interactionFrame(mount, title: "留言已提交", channel: channel), view, status: .created)
        } catch let errors as FieldErrors {
            // A browser cannot refill a file input: say so when files were sent.
            let again = attachments.isEmpty ? [] : ["附件未保存，请修改后重新选择附件。"]
            return try await channelPage(
                request, mount: mount, channelID: channelID, form: (fields, errors.problems.map(\.message) + again), status: .unprocessableContent)
        } catch ServiceError.refused(let message) {
            return try await channelPage(request, mount: mount, channelID: channelID, form: (fields, [message]), status: .tooManyRequests)
        }
    }

    /// 留言查询: by 查询编号 and 查询码 only; a wrong pair never tells which part was wrong, and an
    /// address with 20 wrong pairs within 10 minutes waits (I1: 查询码 cannot be guessed at speed).
    func lookupPage(
        _ request: Request, mount: Mount, form: [String: String], address: String, notice: String? = nil
    ) async throws -> PageCache.Rendered {
        let number = (form["number"] ?? request.uri.queryParameters["number"].map(String.init) ?? "").trimmed
        let code = (form["code"] ?? "").trimmed
        var view = InteractionView(heading: "留言查询", lookup: .init(action: Self.lettersURL(mount, "/lookup"), number: number))
        var status = HTTPResponse.Status.ok
        if !form.isEmpty {
            let site = mount.site.id
            let looked = try await env.lookupThrottle.attempt(PlatformService.addressKey(address), now: env.clock.now()) {
                let letter = try await env.letters.lookup(number: number, code: code).flatMap { $0.siteID == site ? $0 : nil }
                return (letter, failed: letter == nil)
            }
            guard let found = looked else {
                view.lookupError = "本网络地址查询失败次数过多，请 10 分钟后再试。"
                return page(.interaction, mount, try await interactionFrame(mount, title: "留言查询"), view, status: .tooManyRequests)
            }
            if let letter = found {
                let (channel, departments) = try await env.database.read { db in
                    (try await LetterRecords.channel(id: letter.channelID, on: db), try await DepartmentRecords.all(on: db).byID())
                }
                view.status = Self.statusView(
                    letter, channelName: channel?.name ?? "", departments: departments, code: code, mount: mount, notice: notice)
            } else {
                view.lookupError = "查询编号或查询码不正确，请核对后重试。"
                status = .notFound
            }
        }
        return page(.interaction, mount, try await interactionFrame(mount, title: "留言查询"), view, status: status)
    }

    /// What the writer sees of their own letter: its state and, once reviewed, the reply.
    static func statusView(
        _ letter: Letter, channelName: String, departments: [String: Department], code: String, mount: Mount, notice: String?
    ) -> InteractionView.Status {
        let shows = letter.state.showsReply
        return .init(
            number: letter.number, title: letter.title, body: letter.body, channel: channelName, state: letter.state.label,
            received: ChinaTime.minute(letter.receivedAt),
            reply: shows ? letter.reply?.text : nil,
            department: shows ? answeringOrgan(letter, departments: departments) : nil,
            answered: shows ? letter.reply.map { ChinaTime.minute($0.at) } : nil,
            rating: letter.rating.map { $0.satisfaction.label + ($0.reason.isEmpty ? "" : "：\($0.reason)") },
            canRate: shows && letter.rating == nil, rateAction: lettersURL(mount, "/rate"), code: code,
            choices: LetterSatisfaction.allCases.map { .init(value: $0.rawValue, label: $0.label) }, notice: notice,
            reason: letter.state == .rejected ? letter.reason : nil)
    }

    func rate(_ request: Request, _ context: MenhuRequestContext, mount: Mount) async throws -> PageCache.Rendered {
        let form = try await FormBody.read(request), address = context.clientAddress
        guard let satisfaction = LetterSatisfaction(rawValue: form["satisfaction"] ?? "") else {
            return try await lookupPage(request, mount: mount, form: form, address: address, notice: "请选择满意、基本满意或不满意。")
        }
        do {
            _ = try await env.letters.rate(
                number: form["number"] ?? "", code: form["code"] ?? "", satisfaction, reason: form["reason"] ?? "", address: address)
            return try await lookupPage(request, mount: mount, form: form, address: address, notice: "感谢您的评价。")
        } catch let refusal as LetterRefusal {
            return try await lookupPage(request, mount: mount, form: form, address: address, notice: refusal.message)
        } catch ServiceError.notFound {
            return try await lookupPage(request, mount: mount, form: form, address: address)
        }
    }
}

/// interaction.mustache: 互动交流 — the channels, a channel's form and published letters, the
/// receipt, and the look-up. Each part is shown when it is set.
struct InteractionView {
    struct Channel { let name: String, kind: String, url: String, contact: String?, accepting: Bool }
    struct Form {
        let action: String, channelName: String, token: String, question: String
        /// 留言查询, for a writer who has written before.
        let lookupURL: String
        let title: String, body: String, name: String, phone: String, email: String, wantsPublic: Bool
        let nameRequired: Bool, phoneRequired: Bool, emailRequired: Bool
        /// 找错: the page the error is on.
        let page: String?
        let errors: [String]
        let hasErrors: Bool
        let accepting: Bool
        /// I1: what may be attached.
        let attachmentHint: String
        let limits: String
    }
    struct Published { let number: String, title: String, body: String, received: String, answered: String, department: String, reply: String }
    /// 常见问题 entry.
    struct FAQ { let question: String, answer: String, validUntil: String }
    /// I1: before writing, what has been answered already.
    struct Similar {
        let action: String, q: String
        let searched: Bool
        let letters: [Published]
        let faqs: [FAQ]
        let hasResults: Bool
        let faqURL: String
    }
    /// 办理情况统计 of a month.
    struct Figures {
        struct Row { let department: String, received: Int, finished: Int, onTime: String, days: String, satisfaction: String }
        struct Month { let value: String, label: String, selected: Bool }
        let month: String, action: String
        let months: [Month]
        let rows: [Row]
        let total: Row
        let hasRows: Bool
    }
    struct Links { let faqURL: String, figuresURL: String, requestURL: String, surveysURL: String, interviewsURL: String }
    struct Receipt { let number: String, code: String, channel: String, lookupURL: String, received: String }
    struct Lookup { let action: String, number: String }
    struct Choice { let value: String, label: String }
    struct Status {
        let number: String, title: String, body: String, channel: String, state: String, received: String
        let reply: String?, department: String?, answered: String?, rating: String?
        let canRate: Bool
        let rateAction: String, code: String
        let choices: [Choice]
        let notice: String?
        /// 不予受理: why.
        let reason: String?
    }

    let heading: String
    var channels: [Channel]? = nil { didSet { hasChannels = !(channels ?? []).isEmpty } }
    /// Set with `channels`.
    var hasChannels = false
    var contact: String? = nil
    var deadlines: String? = nil
    var form: Form? = nil
    var similar: Similar? = nil
    var published: [Published]? = nil { didSet { hasPublished = !(published ?? []).isEmpty } }
    /// Set with `published`.
    var hasPublished = false
    var faqs: [FAQ]? = nil { didSet { hasFAQs = !(faqs ?? []).isEmpty } }
    /// Set with `faqs`.
    var hasFAQs = false
    var figures: Figures? = nil
    var links: Links? = nil
    /// I1: surveys taking answers and interviews announced or live, on the 互动交流 page.
    struct Happening { let title: String, kind: String, phase: String, url: String }
    var happening: [Happening] = [] { didSet { hasHappening = !happening.isEmpty } }
    var hasHappening = false
    var pagination: PaginationView? = nil
    var receipt: Receipt? = nil
    var lookup: Lookup? = nil
    var lookupError: String? = nil
    var status: Status? = nil
}
