import Foundation

/// 答复类型: what the organ decided, by 条例第三十六条、第三十七条、第三十九条 and 第三十五条; each
/// falls in one row of table 三 (`DisclosureResultRow`). I7.
public enum DisclosureReplyKind: String, Sendable, CaseIterable, Codable {
    /// 已主动公开: told where to find it (第三十六条第一项).
    case alreadyPublic
    /// 予以公开 (第三十六条第二项).
    case disclosed
    /// 部分公开: what may be disclosed, the rest withheld with its ground (第三十七条).
    case partlyDisclosed
    /// 不予公开 with its legal ground (第三十六条第三项).
    case withheld
    /// 无法提供 (第三十六条第四项, 第三十八条, 第三十条).
    case cannotProvide
    /// 非本机关负责公开: the right organ named where known (第三十六条第五项).
    case notOurs
    /// 重复申请 (第三十六条第六项).
    case repeated
    /// 按有关法律、行政法规的规定办理 (第三十六条第七项: 工商、不动产登记资料等).
    case otherRoute
    /// 不予处理 (第三十九条, 第三十五条).
    case notProcessed

    public var label: String {
        switch self {
        case .alreadyPublic: "已主动公开（告知获取途径）"
        case .disclosed: "予以公开"
        case .partlyDisclosed: "部分公开"
        case .withheld: "不予公开"
        case .cannotProvide: "无法提供"
        case .notOurs: "非本机关负责公开"
        case .repeated: "重复申请，不予重复处理"
        case .otherRoute: "按有关法律、行政法规的规定办理"
        case .notProcessed: "不予处理"
        }
    }

    /// The reasons the kind needs one of (不予公开, 部分公开, 无法提供, 不予处理), else empty.
    public var grounds: [DisclosureGround] { DisclosureGround.allCases.filter { $0.kinds.contains(self) } }
}

/// The legal reason of a reply that withholds, cannot provide or does not process: the sub-rows of table 三.
public enum DisclosureGround: String, Sendable, CaseIterable, Codable {
    case stateSecret, forbiddenByLaw, securityAndStability, thirdPartyRights, internalAffairs, processInformation, enforcementFile
    case administrativeQuery
    case notHeld, needsMaking, stillUnclear
    case petition, publication, excessive, confirmation

    /// The kinds this ground belongs to (部分公开 withholds its part on a 不予公开 ground).
    var kinds: [DisclosureReplyKind] {
        switch self {
        case .stateSecret, .forbiddenByLaw, .securityAndStability, .thirdPartyRights, .internalAffairs, .processInformation, .enforcementFile,
            .administrativeQuery:
            [.withheld, .partlyDisclosed]
        case .notHeld, .needsMaking, .stillUnclear: [.cannotProvide]
        case .petition, .publication, .excessive, .confirmation: [.notProcessed]
        }
    }

    /// As table 三 words it.
    public var label: String {
        switch self {
        case .stateSecret: "属于国家秘密"
        case .forbiddenByLaw: "其他法律行政法规禁止公开"
        case .securityAndStability: "危及“三安全一稳定”"
        case .thirdPartyRights: "保护第三方合法权益"
        case .internalAffairs: "属于三类内部事务信息"
        case .processInformation: "属于四类过程性信息"
        case .enforcementFile: "属于行政执法案卷"
        case .administrativeQuery: "属于行政查询事项"
        case .notHeld: "本机关不掌握相关政府信息"
        case .needsMaking: "没有现成信息需要另行制作"
        case .stillUnclear: "补正后申请内容仍不明确"
        case .petition: "信访举报投诉类申请"
        case .publication: "要求提供公开出版物"
        case .excessive: "无正当理由大量反复申请"
        case .confirmation: "要求行政机关确认或重新出具已获取信息"
        }
    }

    /// The article of 《中华人民共和国政府信息公开条例》 the reply cites.
    public var article: String {
        switch self {
        case .stateSecret, .forbiddenByLaw, .securityAndStability: "第十四条"
        case .thirdPartyRights: "第十五条"
        case .internalAffairs: "第十六条第一款"
        case .processInformation, .enforcementFile: "第十六条第二款"
        case .administrativeQuery: "第三十六条第三项"
        case .notHeld: "第三十六条第四项"
        case .needsMaking: "第三十八条"
        case .stillUnclear: "第三十条"
        case .petition: "第三十九条第一款"
        case .publication, .confirmation: "第三十九条第二款"
        case .excessive: "第三十五条"
        }
    }
}

/// 答复: the decision, as the handler wrote it.
public struct DisclosureReply: Sendable, Equatable, Codable {
    public var kind: DisclosureReplyKind
    public var ground: DisclosureGround?
    /// The handler's words: where the public information is, what is provided, why it is withheld.
    public var text: String
    /// 非本机关: the organ responsible and its contact, where known.
    public var otherOrgan: String
    /// Pages provided (for the fee by volume and the record).
    public var pages: Int
    public var at: Date

    public init(kind: DisclosureReplyKind, ground: DisclosureGround? = nil, text: String, otherOrgan: String = "", pages: Int = 0, at: Date) {
        self.kind = kind; self.ground = ground; self.text = text; self.otherOrgan = otherOrgan; self.pages = pages; self.at = at
    }

    /// The longest reply text.
    public static let textLimit = 3000

    /// Reads the reply form: `kind`, `ground` (where the kind needs one), `text`, `otherOrgan`
    /// (非本机关), `pages`.
    public static func read(_ fields: [String: String], at: Date) throws -> DisclosureReply {
        var errors = FieldErrors()
        let kind = DisclosureReplyKind(rawValue: fields["kind"] ?? "")
        if kind == nil { errors.add("kind", "请选择答复类型。") }
        var ground: DisclosureGround?
        if let kind, !kind.grounds.isEmpty {
            ground = DisclosureGround(rawValue: fields["ground"] ?? "").flatMap { kind.grounds.contains($0) ? $0 : nil }
            if ground == nil {
                errors.add("ground", "“\(kind.label)”须选择理由（\(kind.grounds.map(\.label).joined(separator: "、"))）。")
            }
        }
        let text = LetterSubmission.normalisedBody(fields["text"] ?? "")
        if text.isEmpty {
            errors.add("text", kind == .alreadyPublic ? "请写明已公开信息的获取途径（网址或查阅地点）。" : "请填写答复内容。")
        } else if text.count > textLimit {
            errors.add("text", "答复内容不能超过 \(textLimit) 个字，现为 \(text.count) 个字。")
        }
        let organ = (fields["otherOrgan"] ?? "").trimmed
        if kind == .notOurs, organ.count > 200 { errors.add("otherOrgan", "负责公开的机关名称和联系方式不能超过 200 个字。") }
        let pagesText = (fields["pages"] ?? "").trimmed
        let pages = pagesText.isEmpty ? 0 : Int(pagesText) ?? -1
        if !(0...100_000).contains(pages) { errors.add("pages", "提供信息的页数应为 0 至 100000 的整数。") }
        try errors.throwIfAny()
        return DisclosureReply(kind: kind!, ground: ground, text: text, otherOrgan: kind == .notOurs ? organ : "", pages: max(0, pages), at: at)
    }

    /// The row of table 三 it counts in.
    public var resultRow: DisclosureResultRow {
        switch kind {
        case .alreadyPublic, .disclosed: .disclosed
        case .partlyDisclosed: .partlyDisclosed
        case .withheld: .withheld(ground ?? .forbiddenByLaw)
        case .cannotProvide: .cannotProvide(ground ?? .notHeld)
        case .notOurs: .cannotProvide(.notHeld)
        case .repeated: .notProcessedRepeated
        case .notProcessed: .notProcessed(ground ?? .petition)
        case .otherRoute: .other
        }
    }

    /// The paragraphs of the 答复书 before the remedies: the decision and its article.
    public func paragraphs(asked: String, received: CalendarDay) -> [String] {
        let opening = "本机关于 \(received.chineseDate) 收到您（单位）提出的政府信息公开申请，申请获取“\(asked)”。经审查，现答复如下："
        let law = "《中华人民共和国政府信息公开条例》"
        let decision: String
        switch kind {
        case .alreadyPublic:
            decision = "您申请获取的政府信息已经主动公开。根据\(law)第三十六条第一项的规定，告知您获取该政府信息的方式和途径：\(text)"
        case .disclosed:
            decision = "您申请获取的政府信息属于公开范围。根据\(law)第三十六条第二项的规定，予以公开：\(text)"
        case .partlyDisclosed:
            decision =
                "您申请获取的政府信息中含有不应当公开的内容（\(ground?.label ?? "")，依据\(law)\(ground?.article ?? "")），但能够作区分处理。根据\(law)第三十七条的规定，向您提供可以公开的信息内容，并对不予公开的内容说明理由：\(text)"
        case .withheld:
            decision = "您申请获取的政府信息\(ground?.label ?? "")，依据\(law)\(ground?.article ?? "")的规定，根据\(law)第三十六条第三项的规定，不予公开。理由：\(text)"
        case .cannotProvide:
            let article = ground == .notHeld ? "第三十六条第四项" : (ground?.article ?? "")
            decision = "经检索，\(ground?.label ?? "")。根据\(law)\(article)的规定，本机关无法提供。\(text)"
        case .notOurs:
            let organ = otherOrgan.isEmpty ? "" : "负责公开该政府信息的行政机关为：\(otherOrgan)。"
            decision = "您申请获取的政府信息不属于本机关负责公开。根据\(law)第三十六条第五项的规定，告知如下：\(organ)\(text)"
        case .repeated:
            decision = "本机关已就您提出的相同政府信息公开申请作出答复。根据\(law)第三十六条第六项的规定，不予重复处理。\(text)"
        case .otherRoute:
            decision = "您申请获取的信息，有关法律、行政法规对信息的获取有特别规定。根据\(law)第三十六条第七项的规定，请依照有关法律、行政法规的规定办理：\(text)"
        case .notProcessed:
            decision = "您的申请\(ground?.label ?? "")，根据\(law)\(ground?.article ?? "")的规定，不作为政府信息公开申请处理。\(text)"
        }
        return [opening, decision]
    }
}

/// A row of table 三（三、本年度办理结果）of the 政府信息公开工作年度报告.
public enum DisclosureResultRow: Sendable, Hashable, Codable {
    case disclosed
    case partlyDisclosed
    case withheld(DisclosureGround)
    case cannotProvide(DisclosureGround)
    case notProcessedRepeated
    case notProcessed(DisclosureGround)
    case closed(DisclosureClosure)
    case other

    /// Every row in the order of the table.
    public static let all: [DisclosureResultRow] =
        [.disclosed, .partlyDisclosed]
        + [
            DisclosureGround.stateSecret, .forbiddenByLaw, .securityAndStability, .thirdPartyRights, .internalAffairs, .processInformation,
            .enforcementFile, .administrativeQuery,
        ].map { .withheld($0) }
        + [DisclosureGround.notHeld, .needsMaking, .stillUnclear].map { .cannotProvide($0) }
        + [.notProcessed(.petition), .notProcessedRepeated, .notProcessed(.publication), .notProcessed(.excessive), .notProcessed(.confirmation)]
        + [.closed(.noCorrection), .closed(.unpaidFee), .other]

    /// The group of the table (（一）予以公开 …（六）其他处理).
    public var group: String {
        switch self {
        case .disclosed: "（一）予以公开"
        case .partlyDisclosed: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
        case .withheld: "（三）不予公开"
        case .cannotProvide: "（四）无法提供"
        case .notProcessedRepeated, .notProcessed: "（五）不予处理"
        case .closed, .other: "（六）其他处理"
        }
    }

    /// The sub-row's words, nil for a group without sub-rows.
    public var label: String? {
        switch self {
        case .disclosed, .partlyDisclosed: nil
        case .withheld(let g), .cannotProvide(let g), .notProcessed(let g): g.label
        case .notProcessedRepeated: "重复申请"
        case .closed(.noCorrection): "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
        case .closed(.unpaidFee): "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
        case .closed(.withdrawn), .other: "其他"
        }
    }
}

extension CalendarDay {
    /// `2026年12月4日`, as documents write dates.
    public var chineseDate: String { "\(year)年\(month)月\(day)日" }
}
