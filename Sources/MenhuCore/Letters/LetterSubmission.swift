import Foundation

/// 留言表单: what a member of the public sends through a channel's form, checked. I1, I4.
public struct LetterSubmission: Sendable, Equatable {
    public var title: String
    public var body: String
    public var writer: LetterWriter
    /// 公开/不公开.
    public var wantsPublic: Bool

    public init(title: String, body: String, writer: LetterWriter, wantsPublic: Bool) {
        self.title = title; self.body = body; self.writer = writer; self.wantsPublic = wantsPublic
    }

    /// Title: 4 to 50 characters.
    public static let titleLength = 4...50
    /// Body: 10 to 3000 characters.
    public static let bodyLength = 10...3000
    /// Name: at most 30 characters.
    public static let nameLimit = 30
    /// E-mail: at most 100 characters.
    public static let emailLimit = 100

    /// Reads the form fields `title`, `body`, `name`, `phone`, `email`, `public` ("1" 公开, "0" 不公开) and
    /// `privacy` ("1": the writer read the privacy notice) for `channel`; every problem is reported at once,
    /// in Chinese, on its field.
    public static func read(_ fields: [String: String], channel: LetterChannel) throws -> LetterSubmission {
        var errors = FieldErrors()
        func value(_ name: String) -> String { (fields[name] ?? "").trimmed }
        if !channel.accepting { errors.add("channel", "“\(channel.name)”暂停接收留言。") }

        let title = value("title")
        if title.isEmpty {
            errors.add("title", "请填写留言标题。")
        } else if !titleLength.contains(title.count) {
            errors.add("title", "留言标题应为 \(titleLength.lowerBound) 至 \(titleLength.upperBound) 个字，现为 \(title.count) 个字。")
        } else if title.contains(where: \.isNewline) {
            errors.add("title", "留言标题不能换行。")
        }
        let body = normalisedBody(fields["body"] ?? "")
        if body.isEmpty {
            errors.add("body", "请填写留言内容。")
        } else if !bodyLength.contains(body.count) {
            errors.add("body", "留言内容应为 \(bodyLength.lowerBound) 至 \(bodyLength.upperBound) 个字，现为 \(body.count) 个字。")
        }
        for (field, text) in [("title", title), ("body", body)] where hasControlCharacters(text) {
            errors.add(field, "内容含有不能显示的控制字符，请删除后再提交。")
        }

        let name = value("name")
        if name.isEmpty {
            if channel.requiredContacts.contains(.name) { errors.add("name", "“\(channel.name)”须填写姓名。") }
        } else if name.count > nameLimit {
            errors.add("name", "姓名不能超过 \(nameLimit) 个字。")
        } else if hasControlCharacters(name) || name.contains(where: { "<>\"&".contains($0) }) {
            errors.add("name", "姓名不能包含 < > \" & 等符号。")
        }
        let phone = normalisedPhone(value("phone"))
        if phone.isEmpty {
            if channel.requiredContacts.contains(.phone) { errors.add("phone", "“\(channel.name)”须填写联系电话，以便办理部门联系您。") }
        } else if !isValidPhone(phone) {
            errors.add("phone", "联系电话格式不正确：请填写 11 位手机号码，或带区号的固定电话（如 010-12345678）。")
        }
        let email = value("email")
        if email.isEmpty {
            if channel.requiredContacts.contains(.email) { errors.add("email", "“\(channel.name)”须填写电子邮箱。") }
        } else if email.count > emailLimit || !isValidEmail(email) {
            errors.add("email", "电子邮箱格式不正确（如 name@example.com）。")
        }
        let wantsPublic: Bool
        switch value("public") {
        case "1": wantsPublic = true
        case "0": wantsPublic = false
        default:
            wantsPublic = false
            errors.add("public", "请选择留言是否公开。")
        }
        if value("privacy") != "1" { errors.add("privacy", "请阅读并同意个人信息保护说明后再提交。") }
        try errors.throwIfAny()
        return LetterSubmission(title: title, body: body, writer: LetterWriter(name: name, phone: phone, email: email), wantsPublic: wantsPublic)
    }

    /// The body with line endings unified and outer white space removed.
    static func normalisedBody(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n").trimmed
    }

    /// Digits and a hyphen of a phone number as typed (spaces and full-width digits are taken as meant).
    static func normalisedPhone(_ text: String) -> String {
        String(
            text.compactMap { c -> Character? in
                if let digit = c.wholeNumberValue, c.isNumber { return Character(String(digit)) }
                if c == "-" || c == "－" { return "-" }
                if c == "+" { return "+" }
                return c.isWhitespace ? nil : c
            })
    }

    /// A mainland mobile number (1[3-9] and 9 digits, optionally +86) or a landline with its area code.
    static func isValidPhone(_ phone: String) -> Bool {
        var p = phone
        if p.hasPrefix("+86") { p.removeFirst(3) }
        let digits = p.filter(\.isNumber)
        guard p.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") }) else { return false }
        if !p.contains("-"), digits.count == 11, digits.hasPrefix("1"), let second = digits.dropFirst().first, "3456789".contains(second) {
            return true
        }
        let parts = p.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 2, parts[0].hasPrefix("0"), (3...4).contains(parts[0].count), (7...8).contains(parts[1].count) { return true }
        return !p.contains("-") && digits.hasPrefix("0") && (10...12).contains(digits.count)
    }

    /// `local@domain.tld`, ASCII, no spaces.
    static func isValidEmail(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else {
            return false
        }
        return email.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 32 && !"<>\"'(),;:\\[]".unicodeScalars.contains($0) }
    }

    /// Controls other than line breaks and tabs.
    static func hasControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\t" }
    }

    /// The body reduced for duplicate detection: no white space, case folded.
    public var duplicateKey: String {
        String(body.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init)).lowercased()
    }
}

/// Anti-abuse limits on the public form, without third-party services. I1.
public struct LetterRateLimit: Sendable, Equatable {
    /// Letters one network address may send within `addressWindow`.
    public var perAddress: Int
    public var addressWindow: TimeInterval
    /// Letters one contact (phone, else e-mail) may send within `contactWindow`.
    public var perContact: Int
    public var contactWindow: TimeInterval
    /// The same body from the same contact (or address) within this time is a duplicate.
    public var duplicateWindow: TimeInterval

    public init(
        perAddress: Int = 5, addressWindow: TimeInterval = 3600, perContact: Int = 5, contactWindow: TimeInterval = 86_400,
        duplicateWindow: TimeInterval = 30 * 86_400
    ) {
        self.perAddress = perAddress; self.addressWindow = addressWindow; self.perContact = perContact
        self.contactWindow = contactWindow; self.duplicateWindow = duplicateWindow
    }

    /// The message when a limit is reached; nil when the letter may be taken.
    public func refusal(fromAddress: Int, fromContact: Int, duplicate: Bool) -> String? {
        if duplicate { return "您已提交过内容相同的留言，请勿重复提交；可凭查询编号和查询码查看办理情况。" }
        if fromAddress >= perAddress {
            return "同一网络地址 \(Self.window(addressWindow))内最多提交 \(perAddress) 件留言，请稍后再试。"
        }
        if fromContact >= perContact {
            return "同一联系方式 \(Self.window(contactWindow))内最多提交 \(perContact) 件留言，请稍后再试。"
        }
        return nil
    }

    static func window(_ seconds: TimeInterval) -> String {
        if seconds >= 86_400, seconds.truncatingRemainder(dividingBy: 86_400) == 0 { return "\(Int(seconds / 86_400)) 天" }
        if seconds >= 3600, seconds.truncatingRemainder(dividingBy: 3600) == 0 { return "\(Int(seconds / 3600)) 小时" }
        return "\(Int(seconds / 60)) 分钟"
    }
}

/// 查询编号 and 查询码: what the writer gets to look up a letter.
public enum LetterNumber {
    /// `2026120200001`: the Asia/Shanghai day received and its sequence that day (5 digits).
    public static func make(day: CalendarDay, sequence: Int) -> String {
        String(format: "%04d%02d%02d%05d", day.year, day.month, day.day, sequence)
    }

    /// The prefix shared by the numbers of `day`.
    public static func prefix(_ day: CalendarDay) -> String { String(format: "%04d%02d%02d", day.year, day.month, day.day) }

    /// The sequence of a number, nil when it is not one.
    public static func sequence(of number: String) -> Int? {
        guard number.count == 13, number.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(number.suffix(5))
    }

    /// Letters and digits easy to read aloud and type: no 0/O, 1/I/L.
    static let codeAlphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")

    /// A random 查询码 of 10 characters (about 49 bits).
    public static func makeCode() -> String {
        var rng = SystemRandomNumberGenerator()
        return String((0..<10).map { _ in codeAlphabet.randomElement(using: &rng)! })
    }

    /// A code as typed, for comparing: upper case, no spaces.
    public static func normalisedCode(_ code: String) -> String {
        code.uppercased().filter { !$0.isWhitespace && $0 != "-" }
    }
}
