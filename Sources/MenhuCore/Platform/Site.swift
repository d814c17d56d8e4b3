import Foundation

/// A website on the platform (网站): the portal (门户网站) or a sub-site (子网站). S1, S2.
///
/// Its identity fields (name, 主办单位, 网站标识码 …) live in `identity` and read as
/// properties of the site: `site.name`, `site.siteIDCode`.
@dynamicMemberLookup
public struct Site: Sendable, Equatable, Identifiable {
    /// Whether the site is the platform's portal or a department sub-site.
    public enum Kind: String, Sendable, CaseIterable {
        /// 门户网站
        case portal
        /// 子网站 (a department's or subordinate unit's site)
        case subsite

        /// The Chinese name of the kind.
        public var label: String { self == .portal ? "门户网站" : "部门子网站" }
    }

    public var id: String
    /// S2: what the footer and the filings show.
    public var identity: SiteIdentity
    /// The theme folder name under Themes/.
    public var theme: String
    public var createdAt: Date

    public init(id: String = RecordID.make(), identity: SiteIdentity, theme: String = "default", createdAt: Date) {
        self.id = id; self.identity = identity; self.theme = theme; self.createdAt = createdAt
    }

    /// The identity fields, as properties of the site.
    public subscript<T>(dynamicMember path: WritableKeyPath<SiteIdentity, T>) -> T {
        get { identity[keyPath: path] }
        set { identity[keyPath: path] = newValue }
    }

    /// The main domain, if any.
    public var mainDomain: String? { identity.domains.first }
}

/// The language of a site's pages. W4: a site can have foreign-language versions.
public enum SiteLanguage: String, Sendable, CaseIterable {
    case chinese = "zh-CN"
    case english = "en"

    public var label: String { self == .chinese ? "中文" : "English（英文版）" }
}

/// The identity fields of a site as typed into the admin form, checked. S2.
public struct SiteIdentity: Sendable, Equatable {
    public var code: String
    public var name: String
    public var kind: Site.Kind
    public var sponsor: String
    public var organizer: String
    public var siteIDCode: String
    public var icpFiling: String
    public var publicSecurityFiling: String
    public var domains: [String]
    public var personInCharge: String
    public var contactPhone: String
    public var contactEmail: String
    public var address: String
    /// 索引号 scheme for information-disclosure items, e.g. `{code}-{year}-{seq}`.
    public var indexScheme: String
    /// W4: the language of the site's pages (`zh-CN`, or `en` for a foreign-language version).
    public var language: SiteLanguage = .chinese
    /// W4: the site this one is a foreign-language version of (外文版), if any.
    public var variantOf: String?

    public init(
        code: String, name: String, kind: Site.Kind, sponsor: String, organizer: String, siteIDCode: String,
        icpFiling: String, publicSecurityFiling: String, domains: [String], personInCharge: String,
        contactPhone: String, contactEmail: String, address: String, indexScheme: String = IndexNumber.defaultScheme
    ) {
        self.indexScheme = indexScheme
        self.code = code; self.name = name; self.kind = kind; self.sponsor = sponsor; self.organizer = organizer
        self.siteIDCode = siteIDCode; self.icpFiling = icpFiling; self.publicSecurityFiling = publicSecurityFiling
        self.domains = domains; self.personInCharge = personInCharge; self.contactPhone = contactPhone
        self.contactEmail = contactEmail; self.address = address
    }

    /// Reads and validates the site form. Throws `FieldErrors` with Chinese messages.
    ///
    /// S2: every identity field the footer shows is required; 网站标识码 is ten digits
    /// (or `bm` and eight digits for State Council departments).
    public static func read(_ fields: [String: String]) throws -> SiteIdentity {
        var form = FormReader(fields)
        let code = form.required("code", label: "网站代码", maxLength: 32).lowercased()
        if !code.isEmpty && !SiteIdentity.isValidCode(code) {
            form.errors.add("code", "网站代码只能由小写字母、数字和连字符组成，以字母开头，最长 32 位")
        }
        let name = form.required("name", label: "网站名称", maxLength: 100)
        let kind = Site.Kind(rawValue: form.optional("kind")) ?? .subsite
        let sponsor = form.required("sponsor", label: "主办单位", maxLength: 100)
        let organizer = form.required("organizer", label: "承办单位", maxLength: 100)
        let siteIDCode = form.required("siteIDCode", label: "网站标识码", maxLength: 10)
        if !siteIDCode.isEmpty && !SiteIdentity.isValidSiteIDCode(siteIDCode) {
            form.errors.add("siteIDCode", "网站标识码应为 10 位数字，或 bm 加 8 位数字")
        }
        let icp = form.required("icpFiling", label: "ICP 备案号", maxLength: 60)
        let psb = form.required("publicSecurityFiling", label: "公安机关备案号", maxLength: 60)
        let domainText = form.required("domains", label: "域名", maxLength: 500)
        let domains = parseDomains(domainText)
        if !domainText.isEmpty {
            if let bad = domains.first(where: { !SiteIdentity.isValidDomain($0) }) {
                form.errors.add("domains", "域名“\(bad)”格式不正确")
            } else if Set(domains).count != domains.count {
                form.errors.add("domains", "域名有重复")
            }
        }
        let person = form.required("personInCharge", label: "网站负责人", maxLength: 50)
        let phone = form.required("contactPhone", label: "联系电话", maxLength: 40)
        if !phone.isEmpty && !phone.allSatisfy({ $0.isNumber || "-+() ，,转".contains($0) }) {
            form.errors.add("contactPhone", "联系电话只能包含数字、连字符和括号")
        }
        let email = form.required("contactEmail", label: "电子邮箱", maxLength: 100)
        if !email.isEmpty && !SiteIdentity.isValidEmail(email) {
            form.errors.add("contactEmail", "电子邮箱格式不正确")
        }
        let address = form.limited("address", label: "地址", maxLength: 200)
        var scheme = form.limited("indexScheme", label: "索引号规则", maxLength: 100)
        if scheme.isEmpty { scheme = IndexNumber.defaultScheme }
        if let problem = IndexNumber.problem(scheme) { form.errors.add("indexScheme", problem) }
        let language = SiteLanguage(rawValue: form.optional("language").isEmpty ? SiteLanguage.chinese.rawValue : form.optional("language"))
        if language == nil { form.errors.add("language", "请选择网站语言") }
        let variantOf = form.optional("variantOf")
        if language == .english && variantOf.isEmpty {
            form.errors.add("variantOf", "外文版须选择它所对应的中文网站（依据 W4）")
        } else if language == .chinese && !variantOf.isEmpty {
            form.errors.add("variantOf", "中文网站不是其他网站的外文版，请把“对应的中文网站”留空")
        }
        try form.errors.throwIfAny()
        var identity = SiteIdentity(
            code: code, name: name, kind: kind, sponsor: sponsor, organizer: organizer,
            siteIDCode: siteIDCode, icpFiling: icp, publicSecurityFiling: psb, domains: domains,
            personInCharge: person, contactPhone: phone, contactEmail: email, address: address, indexScheme: scheme)
        identity.language = language!
        identity.variantOf = variantOf.isEmpty ? nil : variantOf
        return identity
    }

    /// Splits the domain field: one per line, or separated by commas, spaces or 、.
    public static func parseDomains(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == "，" || $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "、" })
            .map { (part: Substring) -> String in String(part).trimmed.lowercased() }
            .filter { (part: String) -> Bool in !part.isEmpty }
    }

    /// Site codes: a lowercase letter, then letters, digits or hyphens; at most 32.
    public static func isValidCode(_ code: String) -> Bool {
        guard let first = code.unicodeScalars.first, ("a"..."z").contains(first), code.count <= 32 else { return false }
        return code.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// S2: 网站标识码 — ten digits, or `bm` followed by eight digits.
    public static func isValidSiteIDCode(_ code: String) -> Bool {
        let digits = { (s: Substring) in s.unicodeScalars.allSatisfy { ("0"..."9").contains($0) } }
        if code.count == 10 && digits(Substring(code)) { return true }
        return code.count == 10 && code.hasPrefix("bm") && digits(code.dropFirst(2))
    }

    /// A host name such as `www.example.gov.cn` or `localhost:8080`.
    public static func isValidDomain(_ domain: String) -> Bool {
        let parts = domain.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2, let host = parts.first, !host.isEmpty, host.count <= 253 else { return false }
        if parts.count == 2 { guard let port = Int(parts[1]), (1...65535).contains(port) else { return false } }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        }
    }

    /// A plausible e-mail address: one `@`, a dot in the domain, no spaces.
    public static func isValidEmail(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !email.contains(" ") && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
    }
}

/// 索引号 of information-disclosure items, built from the site's scheme.
public enum IndexNumber {
    /// 网站标识码, year, five-digit serial: `3699000001-2026-00012`.
    public static let defaultScheme = "{code}-{year}-{seq}"
    /// The placeholders a scheme may use.
    public static let placeholders = [
        "{code}": "网站标识码", "{year}": "年份", "{seq}": "年内流水号（5 位）",
        "{column}": "栏目路径", "{topic}": "主题分类",
    ]

    /// Why a scheme is unusable, or nil.
    public static func problem(_ scheme: String) -> String? {
        guard scheme.contains("{seq}") else { return "索引号规则须包含流水号 {seq}" }
        var rest = scheme
        for key in placeholders.keys { rest = rest.replacingOccurrences(of: key, with: "") }
        if rest.contains("{") || rest.contains("}") { return "索引号规则只能使用 {code} {year} {seq} {column} {topic}" }
        if rest.contains(where: { $0.isWhitespace }) { return "索引号规则不能含空格" }
        return nil
    }

    /// The index number for the `serial`-th disclosure item of `year`.
    public static func make(scheme: String, code: String, year: Int, serial: Int, column: String, topic: String) -> String {
        scheme.replacingOccurrences(of: "{code}", with: code).replacingOccurrences(of: "{year}", with: String(year))
            .replacingOccurrences(of: "{seq}", with: String(format: "%05d", serial))
            .replacingOccurrences(of: "{column}", with: column)
            .replacingOccurrences(of: "{topic}", with: topic.isEmpty ? column : topic)
    }
}
