import Foundation
import HTTPTypes
import Hummingbird
import MenhuCore
import MenhuStore

/// 依申请公开 on every site (I7, 条例第二十九条至第四十五条): the online request form with the
/// office that answers, the 登记回执 with a 申请编号 and a 查询码, and the applicant's look-up —
/// the state, the legal clock explained, every document issued (printable) and the 补正 form.
/// Never cached: forms carry a fresh challenge.
extension PublicSite {
    static let disclosureRequestPath = "/disclosure/request"
    static let disclosureLookupPath = "/disclosure/lookup"

    func registerDisclosureRequests(on router: Router<MenhuRequestContext>) {
        live(.get, Self.disclosureRequestPath, on: router) { request, _, mount in try await requestForm(mount: mount, form: nil) }
        live(.post, Self.disclosureRequestPath, on: router) { request, context, mount in
            try await submitRequest(request, context, mount: mount)
        }
        live(.get, Self.disclosureLookupPath, on: router) { request, context, mount in
            try await requestLookup(request, mount: mount, form: [:], address: context.clientAddress)
        }
        live(.post, Self.disclosureLookupPath, on: router) { request, context, mount in
            try await requestLookup(request, mount: mount, form: try await FormBody.read(request), address: context.clientAddress)
        }
        live(.post, "/disclosure/correct", on: router) { request, context, mount in try await correctRequest(request, context, mount: mount) }
    }

    func disclosureFrame(_ mount: Mount, title: String) async throws -> SiteFrame {
        let columns = try await env.database.read { db in try await ColumnRecords.all(siteID: mount.site.id, on: db) }
        let tree = ColumnTree(columns)
        var frame = frame(mount, tree: tree, current: nil, title: "\(title) - \(mount.site.name)")
        frame.breadcrumb = [
            .init(name: mount.ui.home, url: mount.homeURL), .init(name: mount.ui.disclosureCatalogue, url: mount.base + "/disclosure"),
            .init(name: title, url: nil),
        ]
        frame.meta = metaTags(mount.site)
        return frame
    }

    static func officeView(_ office: DisclosureOffice) -> DisclosureRequestView.Office {
        .init(
            organ: office.organ, address: office.address.nonEmpty, phone: office.phone.nonEmpty, hours: office.hours.nonEmpty,
            fee: office.feeMode == .off
                ? "本机关依申请提供政府信息，不收取费用。"
                : "本机关依照《政府信息公开信息处理费管理办法》\(office.feeMode.label)信息处理费：申请人申请公开政府信息的数量、频次明显超过合理范围的才收取，收费前书面通知。")
    }

    /// 政府信息公开申请表: what was typed and what is wrong, after a refused submission.
    func requestForm(
        mount: Mount, form: (fields: [String: String], errors: [String])?, status: HTTPResponse.Status = .ok
    ) async throws -> PageCache.Rendered {
        let (office, key) = try await env.database.read { db in
            (try await DisclosureRecords.office(siteID: mount.site.id, on: db), try await LetterRecords.challengeKey(on: db))
        }
        let challenge = TextChallenge.make(key: key, now: env.clock.now())
        let f = form?.fields ?? [:]
        func options<T: RawRepresentable<String>>(_ all: [T], _ name: String, label: (T) -> String, default d: T) -> [DisclosureRequestView.Option] {
            let chosen = f[name] ?? d.rawValue
            return all.map { .init(value: $0.rawValue, label: label($0), selected: $0.rawValue == chosen) }
        }
        let view = DisclosureRequestView(
            heading: "政府信息公开申请", office: Self.officeView(office),
            form: .init(
                action: mount.base + Self.disclosureRequestPath, lookupURL: mount.base + Self.disclosureLookupPath, token: challenge.token,
                question: challenge.question,
                applicantKinds: options(ApplicantKind.allCases, "applicantKind", label: \.label, default: .person),
                documentKinds: options(IdentityDocumentKind.allCases, "documentKind", label: \.label, default: .residentCard),
                deliveries: options(DeliveryMethod.allCases, "delivery", label: \.label, default: .online),
                forms: options(InformationForm.allCases, "form", label: \.label, default: .electronic),
                name: f["name"] ?? "", documentNumber: f["documentNumber"] ?? "", representative: f["representative"] ?? "",
                contactPerson: f["contactPerson"] ?? "", phone: f["phone"] ?? "", email: f["email"] ?? "", address: f["address"] ?? "",
                postcode: f["postcode"] ?? "", title: f["title"] ?? "", documentRef: f["documentRef"] ?? "", description: f["description"] ?? "",
                errors: form?.errors ?? [], hasErrors: !(form?.errors.isEmpty ?? true),
                clock:
                    "本机关收到申请后，能够当场答复的当场答复；不能当场答复的，自收到申请之日起 \(DisclosureClock.replyDays) 个工作日内答复；需要延长的，经政府信息公开工作机构负责人同意并告知您，延长期限最长不超过 \(DisclosureClock.maxExtensionDays) 个工作日（《中华人民共和国政府信息公开条例》第三十三条）。申请内容不明确的，本机关在 \(DisclosureClock.correctionNoticeDays) 个工作日内一次性告知补正（第三十条）。"
            ))
        return page(.disclosureRequest, mount, try await disclosureFrame(mount, title: "依申请公开"), view, status: status)
    }

    func submitRequest(_ request: Request, _ context: MenhuRequestContext, mount: Mount) async throws -> PageCache.Rendered {
        let fields = try await FormBody.read(request)
        let key = try await env.database.read { db in try await LetterRecords.challengeKey(on: db) }
        // The challenge first, so that a robot learns nothing about the form.
        guard TextChallenge.verify(token: fields["challengeToken"] ?? "", answer: fields["challenge"] ?? "", key: key, now: env.clock.now())
        else {
            return try await requestForm(
                mount: mount, form: (fields, ["验证题答案不正确或已过期，请重新计算后填写（用阿拉伯数字）。"]), status: .unprocessableContent)
        }
        do {
            let receipt = try await env.disclosure.submit(fields, siteID: mount.site.id, address: context.clientAddress)
            let view = DisclosureRequestView(
                heading: "申请已提交",
                receipt: .init(
                    number: receipt.request.number, code: receipt.code, lookupURL: mount.base + Self.disclosureLookupPath,
                    received: ChinaTime.minute(receipt.request.receivedAt)),
                documents: [Self.documentView(receipt.receipt, open: true)])
            return page(.disclosureRequest, mount, try await disclosureFrame(mount, title: "申请已提交"), view, status: .created)
        } catch let errors as FieldErrors {
            return try await requestForm(mount: mount, form: (fields, errors.problems.map(\.message)), status: .unprocessableContent)
        } catch ServiceError.refused(let message) {
            return try await requestForm(mount: mount, form: (fields, [message]), status: .tooManyRequests)
        }
    }

    static func documentView(_ d: DisclosureDocument, open: Bool) -> DisclosureRequestView.Document {
        .init(
            id: d.id, title: d.title, number: d.number, addressee: d.addressee, paragraphs: d.paragraphs, remedies: d.remedies,
            organ: d.organ, contact: d.contact.nonEmpty, issued: d.issuedOn.chineseDate, open: open)
    }

    /// 申请查询: by 申请编号 and 查询码 only; a wrong pair never says which part was wrong, and an
    /// address with 20 wrong pairs within 10 minutes waits (shared with 留言查询).
    func requestLookup(
        _ request: Request, mount: Mount, form: [String: String], address: String, notice: String? = nil, correctionError: String? = nil,
        status given: HTTPResponse.Status = .ok
    ) async throws -> PageCache.Rendered {
        let number = (form["number"] ?? request.uri.queryParameters["number"].map(String.init) ?? "").trimmed.uppercased()
        let code = (form["code"] ?? "").trimmed
        var view = DisclosureRequestView(heading: "申请查询", lookup: .init(action: mount.base + Self.disclosureLookupPath, number: number))
        var status = given
        let frame = try await disclosureFrame(mount, title: "申请查询")
        if !form.isEmpty {
            let site = mount.site.id
            let looked = try await env.lookupThrottle.attempt(PlatformService.addressKey(address), now: env.clock.now()) {
                let found = try await env.disclosure.lookup(number: number, code: code).flatMap { $0.siteID == site ? $0 : nil }
                return (found, failed: found == nil)
            }
            guard let found = looked else {
                view.lookupError = "本网络地址查询失败次数过多，请 10 分钟后再试。"
                return page(.disclosureRequest, mount, frame, view, status: .tooManyRequests)
            }
            guard let found else {
                view.lookupError = "申请编号或查询码不正确，请核对后重试。"
                return page(.disclosureRequest, mount, frame, view, status: .notFound)
            }
            let (documents, office, calendar) = try await env.database.read { db in
                (
                    try await DisclosureRecords.documents(requestID: found.id, on: db), try await DisclosureRecords.office(siteID: site, on: db),
                    try await CalendarRecords.effectiveCalendar(on: db)
                )
            }
            let clock = DisclosureClock(found, calendar: calendar, correctionDays: office.correctionDays)
            let shown = documents.filter(\.kind.toApplicant)
            view.status = .init(
                number: found.number, code: code, title: found.ask.title, description: found.ask.description.nonEmpty, state: found.state.label,
                received: ChinaTime.minute(found.receivedAt), clock: found.state.isOpen ? clock.explanation : nil,
                notice: notice,
                correction: found.state == .awaitingCorrection
                    ? .init(
                        action: mount.base + "/disclosure/correct", asked: found.last(.correctionRequested)?.note ?? "",
                        until: clock.pause?.until.chineseDate ?? "", error: correctionError)
                    : nil,
                steps: found.steps.map { .init(label: $0.kind.label, at: ChinaTime.minute($0.at)) })
            view.documents = shown.reversed().enumerated().map { Self.documentView($0.element, open: $0.offset == 0) }
            if status == .ok, correctionError != nil { status = .unprocessableContent }
        }
        return page(.disclosureRequest, mount, frame, view, status: status)
    }

    /// 补正 from the look-up: the clock runs again from today (第三十条).
    func correctRequest(_ request: Request, _ context: MenhuRequestContext, mount: Mount) async throws -> PageCache.Rendered {
        let form = try await FormBody.read(request)
        let address = context.clientAddress
        do {
            // The same throttle as the look-up: a correction cannot be used to guess 查询码.
            let site = mount.site.id
            let looked = try await env.lookupThrottle.attempt(PlatformService.addressKey(address), now: env.clock.now()) {
                let found = try await env.disclosure.lookup(number: form["number"] ?? "", code: form["code"] ?? "").flatMap {
                    $0.siteID == site ? $0 : nil
                }
                return (found, failed: found == nil)
            }
            guard let found = looked ?? nil else { return try await requestLookup(request, mount: mount, form: form, address: address) }
            _ = try await env.disclosure.correct(number: found.number, code: form["code"] ?? "", text: form["text"] ?? "", address: address)
            return try await requestLookup(request, mount: mount, form: form, address: address, notice: "补正已提交，答复期限自今日起重新计算。")
        } catch let refusal as DisclosureRefusal {
            return try await requestLookup(request, mount: mount, form: form, address: address, correctionError: refusal.message)
        }
    }
}

/// disclosure-request.mustache: 依申请公开 — the form with the office that answers, the receipt,
/// the look-up with the state, the clock, the 补正 form and the documents issued. Each part is
/// shown when it is set.
struct DisclosureRequestView {
    struct Office { let organ: String, address: String?, phone: String?, hours: String?, fee: String }
    struct Option { let value: String, label: String, selected: Bool }
    struct Form {
        let action: String, lookupURL: String, token: String, question: String
        let applicantKinds: [Option], documentKinds: [Option], deliveries: [Option], forms: [Option]
        let name: String, documentNumber: String, representative: String, contactPerson: String, phone: String, email: String
        let address: String, postcode: String, title: String, documentRef: String, description: String
        let errors: [String]
        let hasErrors: Bool
        /// The legal clock, as the applicant is told it before sending.
        let clock: String
    }
    struct Receipt { let number: String, code: String, lookupURL: String, received: String }
    struct Lookup { let action: String, number: String }
    struct Correction { let action: String, asked: String, until: String, error: String? }
    struct Step { let label: String, at: String }
    struct Status {
        let number: String, code: String, title: String, description: String?, state: String, received: String
        /// How the answer deadline is made (while open).
        let clock: String?
        let notice: String?
        let correction: Correction?
        let steps: [Step]
    }
    /// An issued document, as printed.
    struct Document {
        let id: String, title: String, number: String, addressee: String
        let paragraphs: [String]
        let remedies: String?
        let organ: String, contact: String?, issued: String
        /// Unfolded (the newest).
        let open: Bool
    }

    let heading: String
    var office: Office? = nil
    var form: Form? = nil
    var receipt: Receipt? = nil
    var lookup: Lookup? = nil
    var lookupError: String? = nil
    var status: Status? = nil
    var documents: [Document]? = nil { didSet { hasDocuments = !(documents ?? []).isEmpty } }
    /// Set with `documents`.
    var hasDocuments = false

    init(
        heading: String, office: Office? = nil, form: Form? = nil, receipt: Receipt? = nil, lookup: Lookup? = nil,
        documents: [Document]? = nil
    ) {
        self.heading = heading; self.office = office; self.form = form; self.receipt = receipt; self.lookup = lookup
        self.documents = documents; self.hasDocuments = !(documents ?? []).isEmpty
    }
}
