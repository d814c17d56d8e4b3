import Foundation

/// 政府信息公开工作机构 of a site: who answers, where, the 文号 prefix, who hears an appeal, and
/// whether a fee is charged. I7.
public struct DisclosureOffice: Sendable, Equatable, Codable {
    public var siteID: String
    /// The organ in whose name documents are issued (e.g. 某市教育局).
    public var organ: String
    public var address: String
    public var phone: String
    /// 受理时间 (e.g. 工作日 9:00—12:00、13:30—17:00).
    public var hours: String
    /// 文号 prefix (e.g. 教依申).
    public var prefix: String
    /// 行政复议机关 (e.g. 某市人民政府).
    public var appealBody: String
    /// 人民法院 named for 行政诉讼, or "" for 有管辖权的人民法院.
    public var court: String
    public var feeMode: DisclosureFeeMode
    /// The applicant's correction period, in working days.
    public var correctionDays: Int

    public init(
        siteID: String, organ: String, address: String = "", phone: String = "", hours: String = "", prefix: String = "依申请",
        appealBody: String = "", court: String = "", feeMode: DisclosureFeeMode = .off, correctionDays: Int = 15
    ) {
        self.siteID = siteID; self.organ = organ; self.address = address; self.phone = phone; self.hours = hours; self.prefix = prefix
        self.appealBody = appealBody; self.court = court; self.feeMode = feeMode; self.correctionDays = correctionDays
    }

    /// Reads the settings form over `self`.
    public func reading(_ fields: [String: String]) throws -> DisclosureOffice {
        var errors = FieldErrors()
        var o = self
        func text(_ name: String, limit: Int, label: String, required: Bool = false) -> String {
            let v = (fields[name] ?? "").trimmed
            if v.isEmpty, required { errors.add(name, "请填写\(label)。") }
            if v.count > limit { errors.add(name, "\(label)不能超过 \(limit) 个字。") }
            if v.contains(where: \.isNewline) || LetterSubmission.hasControlCharacters(v) { errors.add(name, "\(label)不能换行。") }
            return v
        }
        o.organ = text("organ", limit: 60, label: "答复机关名称", required: true)
        o.address = text("address", limit: 200, label: "受理地址")
        o.phone = text("phone", limit: 60, label: "咨询电话")
        o.hours = text("hours", limit: 100, label: "受理时间")
        o.prefix = text("prefix", limit: 12, label: "文号代字", required: true)
        if o.prefix.contains(where: { "〔〕[]0123456789".contains($0) }) { errors.add("prefix", "文号代字不含年份、序号和括号（如“教依申”）。") }
        o.appealBody = text("appealBody", limit: 60, label: "行政复议机关", required: true)
        o.court = text("court", limit: 60, label: "人民法院")
        if let mode = DisclosureFeeMode(rawValue: fields["feeMode"] ?? "") { o.feeMode = mode } else { errors.add("feeMode", "请选择是否收取信息处理费。") }
        if let days = Int((fields["correctionDays"] ?? "").trimmed), (1...60).contains(days) {
            o.correctionDays = days
        } else {
            errors.add("correctionDays", "补正期限应为 1 至 60 个工作日。")
        }
        try errors.throwIfAny()
        return o
    }

    /// 救济途径 (条例第五十一条): 复议 within 60 days, 诉讼 within 6 months.
    public var remedies: String {
        "如对本答复不服，可以自收到本答复之日起六十日内向\(appealBody.isEmpty ? "上一级行政机关或者本级人民政府" : appealBody)申请行政复议，或者自收到本答复之日起六个月内向\(court.isEmpty ? "有管辖权的人民法院" : court)提起行政诉讼。"
    }
}

/// The documents a request produces, each with its own 文号 series.
public enum DisclosureDocumentKind: String, Sendable, CaseIterable, Codable {
    case receipt, correctionNotice, consultationLetter, extensionNotice, feeNotice, reply, closureNotice

    public var title: String {
        switch self {
        case .receipt: "政府信息公开申请登记回执"
        case .correctionNotice: "政府信息公开申请补正告知书"
        case .consultationLetter: "政府信息公开征求意见书"
        case .extensionNotice: "政府信息公开延期答复告知书"
        case .feeNotice: "政府信息公开信息处理费缴费通知书"
        case .reply: "政府信息公开申请答复书"
        case .closureNotice: "政府信息公开申请终止办理告知书"
        }
    }

    /// The character of the 文号 (某依申复〔2026〕3号).
    public var serialMark: String {
        switch self {
        case .receipt: "登"
        case .correctionNotice: "补"
        case .consultationLetter: "征"
        case .extensionNotice: "延"
        case .feeNotice: "费"
        case .reply: "复"
        case .closureNotice: "终"
        }
    }

    /// Whether the applicant reads it (the consultation letter goes to the third party).
    public var toApplicant: Bool { self != .consultationLetter }

    /// Whether it carries the remedies (a decision the applicant may appeal).
    public var carriesRemedies: Bool { self == .reply || self == .closureNotice }
}

/// One issued document, frozen when issued: reprinting it years later gives the same text.
public struct DisclosureDocument: Sendable, Equatable, Codable {
    public var id: String
    public var requestID: String
    public var kind: DisclosureDocumentKind
    /// 文号.
    public var number: String
    public var title: String
    public var addressee: String
    public var paragraphs: [String]
    public var remedies: String?
    /// The organ issuing it, and its contact line.
    public var organ: String
    public var contact: String
    public var issuedOn: CalendarDay

    /// `{prefix}{mark}〔{year}〕{serial}号`.
    public static func number(prefix: String, kind: DisclosureDocumentKind, year: Int, serial: Int) -> String {
        "\(prefix)\(kind.serialMark)〔\(year)〕\(serial)号"
    }

    /// The document of `kind` for `request` as it stands after the action that issues it.
    public static func make(
        _ kind: DisclosureDocumentKind, for request: DisclosureRequest, office: DisclosureOffice, calendar: WorkingCalendar, serial: Int,
        issuedAt: Date
    ) -> DisclosureDocument {
        let day = CalendarDay(issuedAt)
        let clock = DisclosureClock(request, calendar: calendar, correctionDays: office.correctionDays)
        let a = request.applicant
        let asked = request.ask.title + (request.ask.documentNumber.isEmpty ? "" : "（\(request.ask.documentNumber)）")
        let received = request.receivedOn.chineseDate
        let law = "《中华人民共和国政府信息公开条例》"
        var addressee = a.name
        var paragraphs: [String]
        switch kind {
        case .receipt:
            paragraphs = [
                "您（单位）于 \(received) 通过网站提交的政府信息公开申请（申请编号 \(request.number)，所需信息：“\(asked)”）已收到并登记。",
                "根据\(law)第三十一条，本机关以 \(received) 为收到申请之日；第三十三条规定的答复期限为 \(DisclosureClock.replyDays) 个工作日，至 \(clock.due?.chineseDate ?? "—")（补正、征求意见、缴费期间按规定另计）。",
                "请妥善保存申请编号和查询码，可在网站“依申请公开”页面查询办理进度和答复。",
            ]
        case .correctionNotice:
            let step = request.last(.correctionRequested)
            paragraphs = [
                "本机关于 \(received) 收到您（单位）提出的政府信息公开申请（申请编号 \(request.number)），申请获取“\(asked)”。",
                "经审查，您的申请内容不明确。根据\(law)第三十条的规定，请您对以下事项作出补正：\(step?.note ?? "")",
                "请于 \(clock.pause?.until.chineseDate ?? "—") 前（\(step?.days ?? office.correctionDays) 个工作日内）通过网站“依申请公开”查询页面或本告知书所列方式提交补正。答复期限自本机关收到补正后的申请之日起重新计算；无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
            ]
        case .consultationLetter:
            let step = request.last(.consultationStarted)
            addressee = step?.note.split(separator: "\n").first.map(String.init) ?? "第三方"
            paragraphs = [
                "本机关于 \(received) 收到政府信息公开申请（申请编号 \(request.number)），申请获取“\(asked)”。该信息的公开可能损害第三方合法权益或需与其他机关确认：\(step?.note ?? "")",
                "根据\(law)第三十二条、第三十三条的规定，现征求您（单位）的意见。请自收到本意见书之日起 \(DisclosureClock.consultationDays) 个工作日内（\(clock.pause?.until.chineseDate ?? "—") 前）提出书面意见；逾期未提出意见的，由本机关依照条例的规定决定是否公开。",
            ]
        case .extensionNotice:
            let step = request.last(.extensionApproved)
            let reason = request.last(.extensionAsked)?.note ?? ""
            paragraphs = [
                "本机关于 \(received) 收到您（单位）提出的政府信息公开申请（申请编号 \(request.number)），申请获取“\(asked)”。",
                "因\(reason)，本机关不能在规定期限内作出答复。根据\(law)第三十三条第二款的规定，经政府信息公开工作机构负责人同意，答复期限延长 \(step?.days ?? DisclosureClock.maxExtensionDays) 个工作日，至 \(clock.due?.chineseDate ?? "—")。",
            ]
        case .feeNotice:
            let fee = request.fee?.fee
            paragraphs = [
                "本机关于 \(received) 收到您（单位）提出的政府信息公开申请（申请编号 \(request.number)），申请获取“\(asked)”。",
                "根据\(law)第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本申请应缴纳信息处理费 \(fee?.amount ?? 0) 元（\(fee?.mode.label ?? "")，\(fee?.basis ?? "")）。",
                "请自收到本通知之日起 \(DisclosureClock.feeDays) 个工作日内（\(clock.pause?.until.chineseDate ?? "—") 前）缴纳；缴费期间不计算在答复期限内。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。",
            ]
        case .reply:
            paragraphs = request.reply?.paragraphs(asked: asked, received: request.receivedOn) ?? []
            if let reply = request.reply, reply.pages > 0 {
                paragraphs.append("本次提供信息共 \(reply.pages) 页，按您要求的\(request.ask.form.label)形式，以\(request.ask.delivery.label)方式提供。")
            }
        case .closureNotice:
            let reason = request.closedBecause
            let article = reason == .unpaidFee ? "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）" : "\(law)第三十条"
            paragraphs = [
                "本机关于 \(received) 收到您（单位）提出的政府信息公开申请（申请编号 \(request.number)），申请获取“\(asked)”。",
                reason == .withdrawn
                    ? "您（单位）已撤回该申请（\(request.last(.closed)?.note ?? "")），本机关终止办理。"
                    : "\(reason?.label ?? "")。根据\(article)的规定，本机关不再处理该政府信息公开申请。",
            ]
        }
        let contact = [office.address.isEmpty ? nil : "地址：\(office.address)", office.phone.isEmpty ? nil : "电话：\(office.phone)"]
            .compactMap { $0 }.joined(separator: "　")
        return DisclosureDocument(
            id: RecordID.make(), requestID: request.id, kind: kind,
            number: number(prefix: office.prefix, kind: kind, year: day.year, serial: serial), title: kind.title, addressee: addressee,
            paragraphs: paragraphs, remedies: kind.carriesRemedies && request.closedBecause != .withdrawn ? office.remedies : nil,
            organ: office.organ, contact: contact, issuedOn: day)
    }
}
