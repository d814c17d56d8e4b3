import Foundation

/// 申请人类型: the columns of table 三 of the 政府信息公开工作年度报告 (国办公开办函〔2021〕30号). I7.
public enum ApplicantKind: String, Sendable, CaseIterable, Codable {
    /// 自然人.
    case person
    /// 商业企业.
    case business
    /// 科研机构.
    case research
    /// 社会公益组织.
    case publicInterest
    /// 法律服务机构.
    case legalService
    /// 其他（法人或其他组织）.
    case otherOrganisation

    public var label: String {
        switch self {
        case .person: "自然人"
        case .business: "商业企业"
        case .research: "科研机构"
        case .publicInterest: "社会公益组织"
        case .legalService: "法律服务机构"
        case .otherOrganisation: "其他组织"
        }
    }

    /// 法人或其他组织 (needs a 统一社会信用代码 and a 法定代表人).
    public var isOrganisation: Bool { self != .person }
}

/// 证件类型 of the applicant.
public enum IdentityDocumentKind: String, Sendable, CaseIterable, Codable {
    /// 居民身份证 (18 characters with the GB 11643 check digit).
    case residentCard
    /// 护照.
    case passport
    /// 港澳居民来往内地通行证.
    case hongKongMacauPermit
    /// 台湾居民来往大陆通行证.
    case taiwanPermit
    /// 统一社会信用代码 (organisations; 18 characters with the GB 32100 check character).
    case creditCode

    public var label: String {
        switch self {
        case .residentCard: "居民身份证"
        case .passport: "护照"
        case .hongKongMacauPermit: "港澳居民来往内地通行证"
        case .taiwanPermit: "台湾居民来往大陆通行证"
        case .creditCode: "统一社会信用代码"
        }
    }

    /// Whether `number` is well formed for this kind (the check digit where there is one).
    public func accepts(_ number: String) -> Bool {
        switch self {
        case .residentCard: return Self.validResidentCard(number)
        case .creditCode: return Self.validCreditCode(number)
        case .passport, .hongKongMacauPermit, .taiwanPermit:
            return (5...20).contains(number.count)
                && number.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
        }
    }

    /// GB 11643-1999: 17 digits and a check character (0–9 or X) over weights 2^(17-i) mod 11.
    static func validResidentCard(_ n: String) -> Bool {
        let s = Array(n.uppercased().unicodeScalars)
        guard s.count == 18, s.prefix(17).allSatisfy({ ("0"..."9").contains($0) }) else { return false }
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(s.prefix(17), weights).reduce(0) { $0 + Int($1.0.value - 48) * $1.1 }
        return Character(s[17]) == Array("10X98765432")[sum % 11]
    }

    /// GB 32100-2015: 18 characters of `0-9A-HJ-NPQRTUWXY`, the last a check character over weights 3^i mod 31.
    static func validCreditCode(_ n: String) -> Bool {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        let chars = Array(n.uppercased())
        guard chars.count == 18 else { return false }
        var values: [Int] = []
        for c in chars {
            guard let v = alphabet.firstIndex(of: c) else { return false }
            values.append(v)
        }
        let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
        let sum = zip(values.prefix(17), weights).reduce(0) { $0 + $1.0 * $1.1 }
        return values[17] == (31 - sum % 31) % 31
    }

    /// The number as the public and most staff see it: the first and the last characters only.
    public static func masked(_ number: String) -> String {
        let chars = Array(number)
        guard chars.count > 4 else { return String(repeating: "*", count: chars.count) }
        let keep = chars.count >= 15 ? 3 : 1
        return String(chars.prefix(keep)) + String(repeating: "*", count: chars.count - keep - 2) + String(chars.suffix(2))
    }
}

/// 获取信息的方式 (条例第二十九条: 申请人可以要求的获取方式).
public enum DeliveryMethod: String, Sendable, CaseIterable, Codable {
    /// 电子邮件.
    case email
    /// 邮寄.
    case post
    /// 当面领取.
    case collect
    /// 网上查看（本网站查询页面下载）.
    case online

    public var label: String {
        switch self {
        case .email: "电子邮件"
        case .post: "邮寄"
        case .collect: "当面领取"
        case .online: "在线下载"
        }
    }
}

/// 信息的载体形式 (条例第四十条: 按照申请人要求的形式予以提供).
public enum InformationForm: String, Sendable, CaseIterable, Codable {
    /// 纸质文本.
    case paper
    /// 电子数据.
    case electronic
    /// 光盘.
    case disc

    public var label: String {
        switch self {
        case .paper: "纸质文本"
        case .electronic: "电子数据"
        case .disc: "光盘"
        }
    }
}

/// 申请人: who asks, as the form took it. The document number is shown in full only to the handler.
public struct DisclosureApplicant: Sendable, Equatable, Codable {
    public var kind: ApplicantKind
    /// 姓名 or 名称.
    public var name: String
    public var documentKind: IdentityDocumentKind
    public var documentNumber: String
    /// 法定代表人或者主要负责人 (organisations).
    public var representative: String
    /// 联系人 (organisations), or "".
    public var contactPerson: String
    public var phone: String
    public var email: String
    /// 通信地址 (needed for 邮寄).
    public var address: String
    public var postcode: String

    public init(
        kind: ApplicantKind, name: String, documentKind: IdentityDocumentKind, documentNumber: String, representative: String = "",
        contactPerson: String = "", phone: String, email: String = "", address: String = "", postcode: String = ""
    ) {
        self.kind = kind; self.name = name; self.documentKind = documentKind; self.documentNumber = documentNumber
        self.representative = representative; self.contactPerson = contactPerson; self.phone = phone; self.email = email
        self.address = address; self.postcode = postcode
    }

    /// The key that counts one applicant's requests in a month (国办函〔2020〕109号: 同一申请人): the
    /// document kind and number, upper case.
    public var identityKey: String { documentKind.rawValue + ":" + documentNumber.uppercased() }

    /// The document number masked (everywhere but the handler's view).
    public var maskedNumber: String { IdentityDocumentKind.masked(documentNumber) }
}

/// 所需信息: what is asked for.
public struct DisclosureAsk: Sendable, Equatable, Codable {
    /// 所需政府信息的名称.
    public var title: String
    /// 文号 (optional).
    public var documentNumber: String
    /// 所需政府信息的描述 (optional when the name and 文号 say enough).
    public var description: String
    public var delivery: DeliveryMethod
    public var form: InformationForm

    public init(title: String, documentNumber: String = "", description: String = "", delivery: DeliveryMethod, form: InformationForm) {
        self.title = title; self.documentNumber = documentNumber; self.description = description; self.delivery = delivery
        self.form = form
    }
}

/// 办理状态 of a request on the legal clock (条例第三十条至第三十五条). I7.
public enum DisclosureState: String, Sendable, CaseIterable, Codable {
    /// 已登记: received and confirmed; the 20 working days run.
    case registered
    /// 待补正: a 补正 notice went out; the clock waits for the applicant (第三十条).
    case awaitingCorrection
    /// 办理中: being handled (after the review, or a correction, or a consultation).
    case handling
    /// 征求意见中: a third party or another organ is asked; its time is not counted (第三十二条、第三十三条).
    case consulting
    /// 待缴费: a fee notice went out; its time is not counted (国办函〔2020〕109号).
    case awaitingFee
    /// 已答复.
    case answered
    /// 已终止: 视为放弃 (no correction, unpaid fee) or withdrawn.
    case closed
    /// 已归档.
    case archived

    public var label: String {
        switch self {
        case .registered: "已登记"
        case .awaitingCorrection: "待申请人补正"
        case .handling: "办理中"
        case .consulting: "征求意见中"
        case .awaitingFee: "待申请人缴费"
        case .answered: "已答复"
        case .closed: "已终止"
        case .archived: "已归档"
        }
    }

    /// Not yet answered or ended: the request is still on the clock (or waiting).
    public var isOpen: Bool { self == .registered || self == .awaitingCorrection || self == .handling || self == .consulting || self == .awaitingFee }

    /// The clock stands still (the applicant or a third party has the turn).
    public var isPaused: Bool { self == .awaitingCorrection || self == .consulting || self == .awaitingFee }

    public static let open: [DisclosureState] = allCases.filter(\.isOpen)
}

/// One thing that happened to a request: what the clock is computed from, and its history.
public struct DisclosureStep: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case registered, correctionRequested, corrected, consultationStarted, consultationEnded
        case extensionAsked, extensionApproved, extensionRefused, feeNotified, feePaid, answered, closed, archived

        public var label: String {
            switch self {
            case .registered: "登记"
            case .correctionRequested: "告知补正"
            case .corrected: "申请人补正"
            case .consultationStarted: "征求意见"
            case .consultationEnded: "意见已收回"
            case .extensionAsked: "申请延期答复"
            case .extensionApproved: "同意延期"
            case .extensionRefused: "不同意延期"
            case .feeNotified: "发出收费通知"
            case .feePaid: "申请人已缴费"
            case .answered: "答复"
            case .closed: "终止办理"
            case .archived: "归档"
            }
        }
    }

    public var kind: Kind
    public var at: Date
    public var actorID: String?
    public var actorName: String
    /// What was said with it (the 补正 items, the consulted party, the reason…).
    public var note: String
    /// Working days that go with it: the correction period, the extension asked or approved.
    public var days: Int?

    public init(kind: Kind, at: Date, actorID: String? = nil, actorName: String, note: String = "", days: Int? = nil) {
        self.kind = kind; self.at = at; self.actorID = actorID; self.actorName = actorName; self.note = note; self.days = days
    }

    /// The Asia/Shanghai day of the step: the clock counts days.
    public var day: CalendarDay { CalendarDay(at) }
}

/// 依申请公开 request: the applicant, what they ask, where it stands and everything that happened. I7.
public struct DisclosureRequest: Sendable, Equatable, Codable {
    public var id: String
    public var siteID: String
    /// 申请编号 (shown with the 查询码 on the receipt).
    public var number: String
    public var applicant: DisclosureApplicant
    public var ask: DisclosureAsk
    /// When the request reached the system (条例第三十一条: an online request is received when the system confirms it).
    public var receivedAt: Date
    public var state: DisclosureState
    public var steps: [DisclosureStep]
    public var reply: DisclosureReply?
    public var fee: DisclosureFeeNotice?
    /// Why the request was closed without a reply.
    public var closedBecause: DisclosureClosure?
    public var version: Int
    public var changedAt: Date

    public init(
        id: String = RecordID.make(), siteID: String, number: String, applicant: DisclosureApplicant, ask: DisclosureAsk, receivedAt: Date,
        actorName: String
    ) {
        self.id = id; self.siteID = siteID; self.number = number; self.applicant = applicant; self.ask = ask; self.receivedAt = receivedAt
        self.state = .registered
        self.steps = [DisclosureStep(kind: .registered, at: receivedAt, actorName: actorName)]
        self.version = 1; self.changedAt = receivedAt
    }

    /// The last step of `kind`.
    public func last(_ kind: DisclosureStep.Kind) -> DisclosureStep? { steps.last { $0.kind == kind } }

    /// Whether a step of `kind` has happened.
    public func has(_ kind: DisclosureStep.Kind) -> Bool { steps.contains { $0.kind == kind } }

    /// The Asia/Shanghai day received.
    public var receivedOn: CalendarDay { CalendarDay(receivedAt) }

    /// When it was answered or closed, nil while open.
    public var finishedAt: Date? { steps.last { $0.kind == .answered || $0.kind == .closed }?.at }
}

/// Why a request ended without a reply: the rows of 其他处理 in table 三.
public enum DisclosureClosure: String, Sendable, CaseIterable, Codable {
    /// 申请人无正当理由逾期不补正 (第三十条: 视为放弃申请).
    case noCorrection
    /// 申请人逾期未按收费通知要求缴纳费用 (国办函〔2020〕109号).
    case unpaidFee
    /// 申请人撤回申请.
    case withdrawn

    public var label: String {
        switch self {
        case .noCorrection: "申请人无正当理由逾期不补正，视为放弃申请"
        case .unpaidFee: "申请人逾期未按收费通知要求缴纳费用，视为放弃申请"
        case .withdrawn: "申请人撤回申请"
        }
    }
}

/// 申请编号: `YSQ` and the Asia/Shanghai day received and its sequence that day (4 digits), e.g. `YSQ202612040001`.
public enum DisclosureNumber {
    public static func make(day: CalendarDay, sequence: Int) -> String {
        String(format: "YSQ%04d%02d%02d%04d", day.year, day.month, day.day, sequence)
    }

    /// The prefix shared by the numbers of `day`.
    public static func prefix(_ day: CalendarDay) -> String { String(format: "YSQ%04d%02d%02d", day.year, day.month, day.day) }

    /// The sequence of a number, nil when it is not one.
    public static func sequence(of number: String) -> Int? { isWellFormed(number) ? Int(number.suffix(4)) : nil }

    public static func isWellFormed(_ number: String) -> Bool {
        number.count == 15 && number.hasPrefix("YSQ") && number.dropFirst(3).allSatisfy { $0.isASCII && $0.isNumber }
    }
}
