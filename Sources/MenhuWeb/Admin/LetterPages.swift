import Foundation
import Hummingbird
import MenhuChecks
import MenhuCore
import MenhuStore

/// 留言办理 (I2–I4, I6): the letters a person manages (受理、转办、审核、公开) or answers for their
/// department, with what is due, due today and overdue; a letter's page with its history, its
/// deadline explained day by day, what the public will read (masked), and the actions this
/// person may take now, from `LetterFlow`.
struct LetterPages: Sendable {
    let env: WebEnvironment
    let layout: AdminLayout

    /// The actions that ask for a reason or a note (退回、不予受理、延期… say why; 催办 may).
    static let reasoned: Set<LetterAction> = [
        .reject, .sendBack, .reassign, .returnReply, .withhold, .requestExtension, .declineExtension, .supervise, .reopen, .urge, .merge,
    ]

    static let access = AdminAccess.anyOf([.manageLetters, .answerLetters, .approveLetterExtension])

    /// The actions that refuse or send back (shown apart from those that move the letter on).
    static let refusing: Set<LetterAction> = [.reject, .sendBack, .returnReply, .withhold, .declineExtension, .merge]

    /// The question asked before an action that cannot be undone (confirm.js), or nil.
    static func confirmation(_ action: LetterAction, letter: Letter) -> String? {
        switch action {
        case .reject: "不予受理后留言即办结，留言人将看到理由，且不能恢复。确定不予受理吗？"
        case .merge: "并件后这件留言不再单独办理，且不能恢复。确定并入吗？"
        case .publish: "公开后留言和答复（已隐去个人信息）将显示在网站上。请再核对“公开时显示的内容”。确定公开吗？"
        case .withhold: "不公开后留言即办结。确定不公开吗？"
        default: nil
        }
    }

    var endpoints: [AdminEndpoint] {
        [
            AdminEndpoint(.get, .letters, Self.access) { r in try await list(r) },
            AdminEndpoint(.get, .letter(id: .route), Self.access) { r in try await detail(r, id: r.parameter("id")) },
            AdminEndpoint(.post, .letterAct(id: .route), Self.access) { r in try await act(r) },
            AdminEndpoint(.post, .letterMasks(id: .route), .anyOf([.manageLetters])) { r in try await setMasks(r) },
            AdminEndpoint(.get, .letterAttachment(id: .route, attachment: .route), Self.access) { r in try await attachment(r) },
            AdminEndpoint.site(.get, .letterChannels(site: .route), .site(.manageLetters)) { r in try await channels(r) },
            AdminEndpoint.site(.post, .letterChannels(site: .route), .site(.manageLetters)) { r in try await createChannel(r) },
            AdminEndpoint.site(.post, .letterChannel(site: .route, id: .route), .site(.manageLetters)) { r in try await saveChannel(r) },
        ]
    }

    func participant(_ r: AdminRequest) -> Participant { Participant(actor: r.actor, grants: r.signedIn.grants) }

    /// The letters `r`'s person may see: every letter of the sites they manage, and the letters
    /// transferred to their department. Nil sites: every site (a platform manager).
    func scope(_ r: AdminRequest) async throws -> (sites: Set<String>?, departments: Set<String>) {
        let grants = r.signedIn.grants
        let sites = try await env.database.read { db in try await SiteRecords.all(on: db) }
        let managed =
            AccessPolicy.allows(grants, .manageLetters, on: .platform)
            ? nil : Set(sites.filter { AccessPolicy.allows(grants, .manageLetters, on: .site($0.id)) }.map(\.id))
        let answers =
            AccessPolicy.allows(grants, .answerLetters, on: .anywhere) || AccessPolicy.allows(grants, .approveLetterExtension, on: .anywhere)
        return (
            managed,
            answers
                ? try await env.database.read { db in try await DepartmentRecords.withUnitsAbove(r.signedIn.account.departmentID, on: db) }
                : []
        )
    }

    /// The 工作台's letters: due counts over what the person sees, and the veto watch of the sites
    /// they manage; nil for people without a letter role.
    func summary(_ r: AdminRequest, now: Date) async throws -> DashboardView.Letters? {
        guard Self.access.allows(r.signedIn.grants, siteID: nil) else { return nil }
        let (sites, departments) = try await scope(r)
        let accountID = r.signedIn.account.id
        return try await env.database.read { db in
            let (reminders, unread) = try await LetterReminderRecords.unread(accountID: accountID, on: db)
            let counts = try await LetterRecords.dueCounts(.init(siteIDs: sites, departmentIDs: departments), now: now, on: db)
            let watch = try await LetterRecords.vetoCounts(siteIDs: sites, now: now, on: db)
            return DashboardView.Letters(
                running: counts.running, dueToday: counts.dueToday, overdue: counts.overdue, warning: watch.warning, veto: watch.veto,
                hasOverdue: counts.overdue > 0, hasWarning: watch.warning > 0, url: AdminURL.letters.path,
                reminders: reminders.map { shown in
                    let (reminder, letter) = (shown.reminder, shown.letter)
                    return .init(
                        number: letter.number, title: letter.title, url: AdminURL.letter(id: letter.id).path, kind: reminder.kind.label,
                        step: reminder.step.label, due: ChinaTime.minute(reminder.dueAt), overdue: reminder.kind == .overdue)
                }, hasReminders: !reminders.isEmpty, moreReminders: unread > reminders.count ? unread - reminders.count : nil)
        }
    }

    /// Letters per page of 留言办理.
    static let pageSize = 50

    func list(_ r: AdminRequest) async throws -> Response {
        let now = env.clock.now()
        let query = r.request.uri.queryParameters
        let state = query["state"].flatMap { LetterState(rawValue: String($0)) }
        let timeliness = query["due"].flatMap { LetterTimeliness(rawValue: String($0)) }
        let text = String((query["q"].map(String.init) ?? "").trimmed.prefix(50))
        let everyState = query["all"] != nil && state == nil
        let page = max(1, min(Int(query["page"] ?? "") ?? 1, 10_000))
        let (sites, departments) = try await scope(r)
        let scope = LetterRecords.Scope(siteIDs: sites, departmentIDs: departments)
        let filter = LetterRecords.Filter(
            scope: scope, states: state.map { [$0] } ?? (everyState ? nil : LetterState.open), timeliness: timeliness, text: text, now: now)
        let (found, counts, names, siteNames) = try await env.database.read { db in
            let found = try await LetterRecords.list(filter, limit: Self.pageSize, offset: (page - 1) * Self.pageSize, on: db)
            let counts = try await LetterRecords.dueCounts(scope, now: now, on: db)
            var channels: [String: String] = [:]
            for siteID in Set(found.letters.map(\.siteID)) {
                for c in try await LetterRecords.channels(siteID: siteID, on: db) { channels[c.id] = c.name }
            }
            let siteNames = try await SiteRecords.all(on: db).byID().mapValues(\.name)
            return (found, counts, channels, siteNames)
        }
        let rows = found.letters.map { l in
            Self.row(l, channel: names[l.channelID] ?? l.channelKind.label, site: siteNames[l.siteID] ?? "", now: now)
        }
        var kept = URLComponents()
        kept.queryItems = [
            ("state", state?.rawValue), ("due", timeliness?.rawValue), ("q", text.isEmpty ? nil : text), ("all", everyState ? "1" : nil),
        ].compactMap { k, v in v.map { URLQueryItem(name: k, value: $0) } }
        let base = AdminURL.letters.path + "?" + (kept.percentEncodedQuery.map { $0 + "&" } ?? "")
        let pages = max(1, (found.total + Self.pageSize - 1) / Self.pageSize)
        let view = LettersView(
            rows: rows, hasRows: !rows.isEmpty, total: found.total, running: counts.running, dueToday: counts.dueToday,
            overdue: counts.overdue, q: text,
            states: LetterState.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0 == state) },
            dues: [LetterTimeliness.dueToday, .overdue].map { .init(value: $0.rawValue, label: $0.label, selected: $0 == timeliness) },
            page: page, pages: pages, previousURL: page > 1 ? base + "page=\(page - 1)" : nil,
            nextURL: page < pages ? base + "page=\(page + 1)" : nil)
        return layout.page(r, .letters, title: "留言办理", view)
    }

    static func row(_ l: LetterListing, channel: String, site: String, now: Date) -> LettersView.Row {
        let timeliness = LetterTimeliness.of(due: l.dueAt, at: now)
        let watch = l.veto(at: now)
        let veto: String? = watch == .clear ? nil : watch.label
        return LettersView.Row(
            number: l.number, title: l.title, url: AdminURL.letter(id: l.id).path, channel: channel, site: site, state: l.state.label,
            received: ChinaTime.minute(l.receivedAt), due: l.dueAt.map(ChinaTime.minute) ?? "—", timeliness: timeliness.label,
            overdue: timeliness == .overdue, veto: veto)
    }

    func detail(
        _ r: AdminRequest, id: String, status: HTTPResponse.Status = .ok, problem: String? = nil, maskText: String? = nil
    ) async throws -> Response {
        let now = env.clock.now()
        let found = try await env.database.read { db -> (Letter, LetterChannel, [LetterEvent], [String: Department], WorkingCalendar)? in
            guard let letter = try await LetterRecords.letter(id: id, on: db),
                let channel = try await LetterRecords.channel(id: letter.channelID, on: db)
            else { return nil }
            return (
                letter, channel, try await LetterRecords.events(letterID: id, on: db), try await DepartmentRecords.all(on: db).byID(),
                try await CalendarRecords.effectiveCalendar(on: db)
            )
        }
        guard let (letter, channel, events, departments, calendar) = found else { throw ServiceError.notFound("留言不存在") }
        try await checkVisible(letter, to: r)
        let attachments = try await env.database.read { db in try await LetterAttachmentRecords.list(letterID: letter.id, on: db) }
        // I2: the person has seen the letter; its reminders to them are read.
        let accountID = r.signedIn.account.id
        try await env.database.write { db in try await LetterReminderRecords.markRead(accountID: accountID, letterID: letter.id, at: now, on: db) }
        let actions = try await env.letters.available(letterID: letter.id, by: participant(r))
        let manages = AccessPolicy.allows(r.signedIn.grants, .manageLetters, on: .site(letter.siteID))
        let siteCode = try await env.database.read { db in try await SiteRecords.find(id: letter.siteID, on: db)?.code }
        let deadline = LetterDeadline.current(of: letter, deadlines: channel.deadlines, calendar: calendar)
        let (title, body, reply) = PersonalDataMask.publicText(of: letter)
        let departmentChoices = departments.values.sorted { $0.fullName(among: departments) < $1.fullName(among: departments) }
            .map { LetterView.Choice(value: $0.id, label: $0.fullName(among: departments)) }
        let view = LetterView(
            letterID: letter.id, number: letter.number, title: letter.title, body: letter.body, channel: channel.name, state: letter.state.label,
            received: ChinaTime.minute(letter.receivedAt), writerName: letter.writer.name.nonEmpty ?? "（未填写）",
            writerPhone: letter.writer.phone.nonEmpty ?? "（未填写）", writerEmail: letter.writer.email.nonEmpty ?? "（未填写）",
            wantsPublic: letter.wantsPublic ? "同意公开" : "不公开",
            departments: letter.departmentIDs.compactMap { departments[$0]?.fullName(among: departments) }.joined(separator: "、").nonEmpty,
            reply: letter.reply?.text, reason: letter.reason,
            attachments: attachments.map { a in
                .init(
                    name: a.name, url: AdminURL.letterAttachment(id: letter.id, attachment: a.id).path, kind: a.kind.rawValue.uppercased(),
                    size: a.size >= 1024 * 1024 ? String(format: "%.1f MB", Double(a.size) / 1_048_576) : "\(max(1, a.size / 1024)) KB",
                    image: a.kind.isImage)
            }, hasAttachments: !attachments.isEmpty,
            due: deadline.map { "\($0.step.label)：\(ChinaTime.minute($0.due))（\(LetterTimeliness.of(due: $0.due, at: now).label)）" },
            explanation: deadline.map { $0.explanation(on: calendar).text },
            publicTitle: title.text, publicBody: body.text, publicReply: reply?.text, isPublic: letter.publishedAt != nil,
            hidden: Array(Set(title.hidden + body.hidden + (reply?.hidden ?? []))).sorted(),
            history: events.map { .init(at: ChinaTime.minute($0.at), who: $0.actorName, what: $0.summary, note: $0.note.nonEmpty) },
            actions: actions.map { a in
                .init(
                    value: a.rawValue, label: a.label, needsText: a == .answer, needsDepartments: a == .transfer || a == .reassign,
                    needsLetter: a == .merge, takesReason: Self.reasoned.contains(a), confirm: Self.confirmation(a, letter: letter),
                    danger: Self.refusing.contains(a))
            },
            hasActions: !actions.isEmpty, departmentChoices: departmentChoices, actionURL: AdminURL.letterAct(id: letter.id).path,
            version: String(letter.version),
            faqURL: letter.state.showsReply && manages ? siteCode.map { AdminURL.letterFAQs(site: $0).path } : nil,
            masks: manages
                ? .init(action: AdminURL.letterMasks(id: letter.id).path, words: maskText ?? letter.masks.joined(separator: "\n")) : nil,
            problem: problem, backURL: AdminURL.letters.path)
        return layout.page(r, .letter, title: "留言 \(letter.number)", view, status: status)
    }

    /// Refuses a letter outside what `r`'s person handles: the sites they manage, the letters sent to their department.
    func checkVisible(_ letter: Letter, to r: AdminRequest) async throws {
        let (sites, mine) = try await scope(r)
        let visible = sites.map { $0.contains(letter.siteID) } ?? true || !mine.isDisjoint(with: letter.departmentIDs)
        guard visible else { throw HTTPError(.forbidden, message: "这件留言不在您办理的范围内。") }
    }

    /// I1: a file sent with the letter, for those who may open the letter: pictures shown, PDF
    /// downloaded; its type is the one found in its content, never sniffed by the browser.
    func attachment(_ r: AdminRequest) async throws -> Response {
        let id = r.parameter("id")
        guard let letter = try await env.database.read({ db in try await LetterRecords.letter(id: id, on: db) }) else {
            throw ServiceError.notFound("留言不存在")
        }
        try await checkVisible(letter, to: r)
        guard
            let (file, data) = try await env.database.read({ db in
                try await LetterAttachmentRecords.find(id: r.parameter("attachment"), letterID: letter.id, on: db)
            })
        else { throw ServiceError.notFound("附件不存在") }
        let encoded = file.name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "file"
        let headers: HTTPFields = [
            .contentType: file.kind.contentType, .cacheControl: "private, no-store",
            .contentDisposition: "\(file.kind.isImage ? "inline" : "attachment"); filename*=UTF-8''\(encoded)",
        ]
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// I4: the reviewer's words to hide from the public.
    func setMasks(_ r: AdminRequest) async throws -> Response {
        let id = r.parameter("id"), form = r.form, text = form["masks"] ?? ""
        do {
            _ = try await env.letters.setMasks(text, letterID: id, expectedVersion: Int(form["version"] ?? "") ?? -1, by: participant(r))
            return Reply.redirect(AdminURL.letter(id: id).notice("letter-masked"))
        } catch let refusal as LetterRefusal {
            return try await detail(
                r, id: id, status: ErrorAnswer.of(refusal)?.status ?? .unprocessableContent, problem: refusal.message, maskText: text)
        } catch ServiceError.conflict(let message) {
            return try await detail(r, id: id, status: .conflict, problem: message, maskText: text)
        }
    }

    func act(_ r: AdminRequest) async throws -> Response {
        let id = r.parameter("id"), form = r.form
        guard let action = LetterAction(rawValue: form["action"] ?? "") else {
            return try await detail(r, id: id, status: .unprocessableContent, problem: "请选择要办理的操作。")
        }
        let departments = [form["leadDepartmentID"] ?? ""] + FormBody.checked("assist_", in: form)
        let input = LetterInput(
            reason: form["reason"] ?? "", text: form["text"] ?? "", departmentIDs: departments.filter { !$0.isEmpty },
            mergeInto: form["mergeInto"])
        do {
            _ = try await env.letters.act(action, letterID: id, expectedVersion: Int(form["version"] ?? "") ?? -1, input: input, by: participant(r))
            return Reply.redirect(AdminURL.letter(id: id).notice("letter-acted"))
        } catch let refusal as LetterRefusal {
            let status = ErrorAnswer.of(refusal)?.status ?? .conflict
            return try await detail(r, id: id, status: status, problem: refusal.message)
        } catch ServiceError.conflict(let message) {
            return try await detail(r, id: id, status: .conflict, problem: message)
        }
    }
}

extension LetterPages {
    /// 留言渠道: each channel of the site as a form (I1, I2, I5); a refused form shows its problems
    /// and what was typed, on that channel only.
    func channels(
        _ r: SiteAdminRequest, status: HTTPResponse.Status = .ok, editing: String? = nil, values: [String: String] = [:],
        errors: FieldErrors = FieldErrors(), creating: (kind: String, name: String, errors: [String])? = nil
    ) async throws -> Response {
        let site = r.site
        let (channels, departments) = try await env.database.read { db in
            (try await LetterRecords.channels(siteID: site.id, on: db), try await DepartmentRecords.all(on: db).byID())
        }
        let choices = departments.values.sorted { $0.fullName(among: departments) < $1.fullName(among: departments) }
        let views = channels.map { c in
            let v = c.id == editing ? values : Self.values(of: c)
            return LetterChannelsView.Channel(
                name: v["name"] ?? c.name, kind: c.kind.label, url: AdminURL.letterChannel(site: site.code, id: c.id).path,
                contactDetails: v["contactDetails"] ?? "", transfer: v["transfer"] ?? "", sign: v["sign"] ?? "", reply: v["reply"] ?? "",
                review: v["review"] ?? "", escalation: v["escalation"] ?? "", extensionLength: v["extensionLength"] ?? "",
                publishesReplies: v["publishesReplies"] == "1", accepting: v["accepting"] == "1",
                requiresName: (v["required"] ?? "").contains("name"), requiresPhone: (v["required"] ?? "").contains("phone"),
                requiresEmail: (v["required"] ?? "").contains("email"),
                departments: choices.map { d in
                    .init(
                        value: d.id, label: d.fullName(among: departments),
                        selected: (v["ownerDepartmentIDs"] ?? "").split(separator: ",").first == Substring(d.id))
                },
                errors: c.id == editing ? errors.problems.map(\.message) : [], publicURL: "/sites/\(site.code)/letters/\(c.id)",
                anchor: "channel-\(c.id)")
        }
        let create = LetterChannelsView.Create(
            action: AdminURL.letterChannels(site: site.code).path, name: creating?.name ?? "",
            kinds: ChannelKind.allCases.map {
                .init(value: $0.rawValue, label: $0.label, selected: $0.rawValue == (creating?.kind ?? "leaderMailbox"))
            },
            errors: creating?.errors ?? [])
        return layout.page(
            r, .letterChannels, title: "留言渠道：\(site.name)", LetterChannelsView(channels: views, create: create), status: status)
    }

    /// 新增渠道: another channel of a kind the site has already (a second 领导信箱 for another leader:
    /// 书记信箱、市长信箱、局长信箱), starting from the kind's default deadlines and form. I1, I6.
    func createChannel(_ r: SiteAdminRequest) async throws -> Response {
        let form = r.form
        let name = (form["name"] ?? "").trimmed
        guard let kind = ChannelKind(rawValue: form["kind"] ?? "") else {
            return try await channels(r, status: .unprocessableContent, creating: (form["kind"] ?? "", name, ["请选择渠道类型。"]))
        }
        var fields = Self.values(of: LetterChannel(siteID: r.site.id, kind: kind, name: kind.label, createdAt: env.clock.now()))
        fields["name"] = name
        do {
            let channel = try await env.letters.saveChannel(fields, channelID: nil, kind: kind, siteID: r.site.id, by: participant(r.admin))
            return Reply.redirect(AdminURL.letterChannels(site: r.site.code).notice("channel-created") + "#channel-\(channel.id)")
        } catch let errors as FieldErrors {
            return try await channels(r, status: .unprocessableContent, creating: (kind.rawValue, name, errors.problems.map(\.message)))
        }
    }

    static func values(of c: LetterChannel) -> [String: String] {
        let d = c.deadlines
        return [
            "name": c.name, "contactDetails": c.contactDetails, "transfer": d.transfer.description, "sign": d.sign.description,
            "reply": d.reply.description, "review": d.review.description, "escalation": d.escalation.description,
            "extensionLength": d.extensionLength.description, "publishesReplies": c.publishesReplies ? "1" : "0",
            "accepting": c.accepting ? "1" : "0", "required": c.requiredContacts.sorted().map(\.rawValue).joined(separator: ","),
            "ownerDepartmentIDs": c.ownerDepartmentIDs.joined(separator: ","),
        ]
    }

    func saveChannel(_ r: SiteAdminRequest) async throws -> Response {
        let id = r.parameter("id")
        var fields = r.form
        fields["required"] = ["name", "phone", "email"].filter { r.form["required_\($0)"] == "1" }.joined(separator: ",")
        fields["ownerDepartmentIDs"] = r.form["ownerDepartmentID"] ?? ""
        do {
            _ = try await env.letters.saveChannel(fields, channelID: id, siteID: r.site.id, by: participant(r.admin))
            return Reply.redirect(AdminURL.letterChannels(site: r.site.code).notice("channel-saved"))
        } catch let errors as FieldErrors {
            return try await channels(r, status: .unprocessableContent, editing: id, values: fields, errors: errors)
        }
    }
}

/// letter-channels.mustache: 留言渠道, one form per channel.
struct LetterChannelsView {
    struct Choice { let value: String, label: String, selected: Bool }
    struct Channel {
        let name: String, kind: String, url: String, contactDetails: String
        let transfer: String, sign: String, reply: String, review: String, escalation: String, extensionLength: String
        let publishesReplies: Bool, accepting: Bool, requiresName: Bool, requiresPhone: Bool, requiresEmail: Bool
        let departments: [Choice]
        let errors: [String]
        let publicURL: String
        let anchor: String
    }
    /// 新增渠道.
    struct Create {
        let action: String, name: String
        let kinds: [Choice]
        let errors: [String]
    }
    let channels: [Channel]
    let create: Create
}

/// letters.mustache: 留言办理, the letters a person works on.
struct LettersView {
    struct Row {
        let number: String, title: String, url: String, channel: String, site: String, state: String, received: String, due: String
        let timeliness: String
        let overdue: Bool
        /// 政务咨询 open for more than 2 or 3 months (the national veto line).
        let veto: String?
    }
    struct Choice { let value: String, label: String, selected: Bool }
    let rows: [Row]
    let hasRows: Bool
    /// How many letters match the filter, on every page.
    let total: Int
    let running: Int, dueToday: Int, overdue: Int
    let q: String
    let states: [Choice], dues: [Choice]
    let page: Int, pages: Int
    let previousURL: String?, nextURL: String?
}

/// letter.mustache: one letter, its deadline, what the public will read, its history and actions.
struct LetterView {
    struct Event { let at: String, who: String, what: String, note: String? }
    struct Action {
        let value: String, label: String, needsText: Bool, needsDepartments: Bool, needsLetter: Bool, takesReason: Bool
        /// Asked first (a step that cannot be undone).
        let confirm: String?
        /// A refusal or a return, styled apart.
        let danger: Bool
    }
    struct Choice { let value: String, label: String }
    let letterID: String
    let number: String, title: String, body: String, channel: String, state: String, received: String
    let writerName: String, writerPhone: String, writerEmail: String, wantsPublic: String
    let departments: String?, reply: String?, reason: String?
    /// I1: the files sent with it (not public).
    struct Attachment { let name: String, url: String, kind: String, size: String, image: Bool }
    let attachments: [Attachment]
    let hasAttachments: Bool
    let due: String?, explanation: String?
    /// I4: the letter as the public will read it, and what was masked.
    let publicTitle: String, publicBody: String, publicReply: String?
    /// Already on the site (the preview is what the public reads now).
    let isPublic: Bool
    let hidden: [String]
    let history: [Event]
    let actions: [Action]
    let hasActions: Bool
    let departmentChoices: [Choice]
    let actionURL: String, version: String
    /// I4: the reviewer's words to hide (for those who manage the site's letters).
    struct Masks { let action: String, words: String }
    /// 加入常见问题: where a draft drawn from this letter is made (answered letters, for managers).
    let faqURL: String?
    let masks: Masks?
    let problem: String?
    let backURL: String
}
