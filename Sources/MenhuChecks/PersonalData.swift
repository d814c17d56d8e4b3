import MenhuCore

/// P16: personal data that must not be published: resident ID numbers (GB 11643 check digit),
/// mobile numbers, bank card numbers (Luhn), personal e-mail addresses. Organs' landlines,
/// their public mailboxes and unified social credit codes are public and not flagged.
public enum PersonalData {
    static func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
    static func isAlnum(_ c: Unicode.Scalar) -> Bool { isDigit(c) || ("a"..."z").contains(c) || ("A"..."Z").contains(c) }

    /// GB 11643-1999: weights 2^(18−i) mod 11, check character "10X98765432"[S mod 11].
    public static func idChecksumValid(_ id: String) -> Bool {
        let chars = Array(id.uppercased())
        guard chars.count == 18, chars[0..<17].allSatisfy(\.isASCII), chars[0..<17].allSatisfy(\.isNumber) else { return false }
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(chars[0..<17], weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return Array("10X98765432")[sum % 11] == chars[17]
    }

    /// The first two digits name a province-level division.
    static func validProvince(_ d: String) -> Bool {
        guard let p = Int(d.prefix(2)) else { return false }
        return (11...15).contains(p) || (21...23).contains(p) || (31...37).contains(p) || (41...46).contains(p)
            || (50...54).contains(p) || (61...65).contains(p) || p == 71 || (81...83).contains(p)
    }

    /// YYYYMMDD at positions 7–14 is a real date between 1850 and 2099.
    static func validBirthDate(_ d: String) -> Bool {
        let a = Array(d)
        guard a.count >= 14, let y = Int(String(a[6..<10])), let m = Int(String(a[10..<12])), let day = Int(String(a[12..<14])),
            (1850...2099).contains(y), (1...12).contains(m), day >= 1
        else { return false }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return day <= days
    }

    /// Luhn (ISO/IEC 7812) check of a card number.
    public static func luhnValid(_ digits: String) -> Bool {
        var sum = 0
        for (i, ch) in digits.reversed().enumerated() {
            guard var n = ch.wholeNumberValue else { return false }
            if i % 2 == 1 { n *= 2; if n > 9 { n -= 9 } }
            sum += n
        }
        return sum % 10 == 0
    }

    /// `110105********002X`: keeps the region code and the last four.
    public static func maskID(_ id: String) -> String { String(id.prefix(6)) + String(repeating: "*", count: 8) + String(id.suffix(4)) }
    public static func maskMobile(_ m: String) -> String { String(m.prefix(3)) + "****" + String(m.suffix(4)) }
    public static func maskCard(_ c: String) -> String {
        String(c.prefix(6)) + String(repeating: "*", count: max(0, c.count - 10)) + String(c.suffix(4))
    }

    static func findings(_ s: [Unicode.Scalar], context: CheckContext) -> [Finding] {
        var result: [Finding] = []
        var i = 0
        while i < s.count {
            guard isDigit(s[i]) || (s[i] == "+" && i + 1 < s.count && isDigit(s[i + 1])),
                i == 0 || !isAlnum(s[i - 1]) && s[i - 1] != "-"
            else { i += 1; continue }
            // A number: digit groups joined by single spaces or hyphens, maybe a final X.
            var j = s[i] == "+" ? i + 1 : i
            var groups: [Int] = [0]
            var digitCount = 0
            while j < s.count {
                if isDigit(s[j]) { digitCount += 1; groups[groups.count - 1] += 1; j += 1; continue }
                if s[j] == " " || s[j] == "-", j + 1 < s.count, isDigit(s[j + 1]), groups.last! > 0 { groups.append(0); j += 1; continue }
                break
            }
            var hasX = false
            if j < s.count, s[j] == "X" || s[j] == "x", digitCount == 17, groups.count == 1 { hasX = true; j += 1 }
            if j < s.count, isAlnum(s[j]) { i = j; continue }  // part of a code with letters: a credit code, a model number
            // Dates, amounts and document numbers are shorter than any number looked for here.
            guard digitCount >= 11 else { i = max(j, i + 1); continue }
            let digits = String(String.UnicodeScalarView(s[i..<j].filter(isDigit)))
            let span = (start: i, length: j - i)
            let matched = String(String.UnicodeScalarView(s[i..<j]))
            var national = digits
            if digits.count == 13, digits.hasPrefix("86"), groups.count <= 4 { national = String(digits.dropFirst(2)) }
            if groups.count == 1, digits.count == 17 && hasX || digits.count == 18 && !hasX {
                let id = digits + (hasX ? "X" : "")
                if validProvince(id) && validBirthDate(id) {
                    let valid = idChecksumValid(id)
                    result.append(
                        Finding(
                            rule: "personal.id-number", severity: valid ? .block : .warn, start: span.start,
                            length: span.length, matched: matched,
                            message: valid ? "含公民身份号码，须隐去（依据 P16）" : "疑似公民身份号码（校验位不符），请核实（依据 P16）",
                            requirement: "P16", suggestion: maskID(id)))
                    i = j; continue
                }
            }
            if national.count == 11, national.hasPrefix("1"), let second = national.dropFirst().first, ("3"..."9").contains(second),
                groups.count == 1 || groups.suffix(3) == [3, 4, 4]
            {
                result.append(
                    Finding(
                        rule: "personal.mobile", severity: .block, start: span.start, length: span.length, matched: matched,
                        message: "含手机号码，须隐去（依据 P16）", requirement: "P16", suggestion: maskMobile(national)))
                i = j; continue
            }
            if (16...19).contains(digits.count), "345689".contains(digits.first!), groups.count == 1 || groups.dropLast().allSatisfy({ $0 == 4 }),
                luhnValid(digits)
            {
                result.append(
                    Finding(
                        rule: "personal.bank-card", severity: .block, start: span.start, length: span.length, matched: matched,
                        message: "含银行卡号，须隐去（依据 P16）", requirement: "P16", suggestion: maskCard(digits)))
            }
            i = max(j, i + 1)
        }
        result += emails(s, context: context)
        result += homeAddresses(s)
        return result
    }

    /// Words that introduce a person's address (an organ's 地址 is public and not among them).
    static let addressCues: [[Unicode.Scalar]] = ["家庭住址", "现住址", "住址", "家住", "居住地址", "现居住地", "户籍地址", "户籍所在地"]
        .map { Array($0.unicodeScalars) }
    static let addressFirsts = ScalarBits(addressCues.map { $0[0] })
    static let addressMarks: Set<Unicode.Scalar> = ["号", "室", "栋", "幢", "村", "组", "巷", "弄", "楼"].compactMap { $0.unicodeScalars.first }
        .reduce(into: []) { $0.insert($1) }

    /// P16: "家庭住址：江源市人民路 12 号 3 栋 401 室" — an address after such a cue, down to the
    /// house (a number or 号、室、村、组…), warns.
    static func homeAddresses(_ s: [Unicode.Scalar]) -> [Finding] {
        var result: [Finding] = []
        let firsts = addressFirsts  // a local: no global accessor or retain per character
        var i = 0
        while i < s.count {
            guard firsts.contains(s[i]), let cue = addressCues.first(where: { c in i + c.count <= s.count && s[i..<(i + c.count)].elementsEqual(c) })
            else { i += 1; continue }
            var start = i + cue.count
            while start < s.count, "：: 在于".unicodeScalars.contains(s[start]) { start += 1 }
            var end = start
            while end < s.count, end - start < 40, !"，。；;,、\n）)".unicodeScalars.contains(s[end]) { end += 1 }
            let address = s[start..<end]
            if address.count >= 4, address.contains(where: { isDigit($0) || addressMarks.contains($0) }) {
                let text = String(String.UnicodeScalarView(address))
                result.append(
                    Finding(
                        rule: "personal.address", severity: .warn, start: start, length: end - start, matched: text,
                        message: "疑似个人住址，须隐去或只保留到县（市、区）（依据 P16）", requirement: "P16"))
            }
            i = end
        }
        return result
    }

    static func emails(_ s: [Unicode.Scalar], context: CheckContext) -> [Finding] {
        var result: [Finding] = []
        let localChars = { (c: Unicode.Scalar) in isAlnum(c) || "._%+-".unicodeScalars.contains(c) }
        let domainChars = { (c: Unicode.Scalar) in isAlnum(c) || c == "." || c == "-" }
        for (at, c) in s.enumerated() where c == "@" {
            var a = at
            while a > 0, localChars(s[a - 1]) { a -= 1 }
            var b = at + 1
            while b < s.count, domainChars(s[b]) { b += 1 }
            while b > at + 1, s[b - 1] == "." { b -= 1 }
            guard a < at, b > at + 3 else { continue }
            let written = String(String.UnicodeScalarView(s[a..<b])), address = written.lowercased()
            let domain = String(address.split(separator: "@").last ?? "")
            guard domain.contains(".") else { continue }
            if context.publicEmails.contains(address) || domain.hasSuffix("gov.cn") || domain == "gov.cn"
                || context.allowedDomains.contains(where: { domain == $0 || domain.hasSuffix("." + $0) })
            {
                continue
            }
            result.append(
                Finding(
                    rule: "personal.email", severity: .warn, start: a, length: b - a, matched: written,
                    message: "疑似个人电子邮箱，如非单位公开信箱请隐去（依据 P16）", requirement: "P16"))
        }
        return result
    }
}

/// I4: what the public may read of a letter — its text with the personal data in it masked (ID
/// numbers, mobiles, bank cards, e-mail addresses, home addresses, the names the writer gave),
/// with a list of what was masked for the reviewer.
public enum PersonalDataMask {
    public struct Masked: Sendable, Equatable {
        public var text: String
        /// What was hidden, as found ("手机号码 13912345678").
        public var hidden: [String]
    }

    /// `text` with every finding of the personal-data rules replaced by its mask, and every name in
    /// `names` (two or more characters) by its first character and asterisks.
    public static func mask(
        _ text: String, names: [String] = [], phrases: [String] = [], context: CheckContext = CheckContext()
    ) -> Masked {
        var scalars = Array(text.unicodeScalars)
        var hidden: [String] = []
        let found = PersonalData.findings(scalars, context: context).sorted { $0.start > $1.start }
        var lastStart = Int.max
        for f in found where f.start + f.length <= lastStart {
            let mask = f.suggestion ?? String(repeating: "*", count: min(f.length, 6))
            scalars.replaceSubrange(f.start..<(f.start + f.length), with: Array(mask.unicodeScalars))
            hidden.append(Self.kind(f.rule) + " " + f.matched)
            lastStart = f.start
        }
        var out = String(String.UnicodeScalarView(scalars))
        for name in Set(names.map { $0.trimmingCharacters(in: .whitespaces) }) where name.unicodeScalars.count >= 2 && out.contains(name) {
            let first = name.unicodeScalars.first!
            out = out.replacingOccurrences(
                of: name, with: String(first) + String(repeating: "*", count: name.unicodeScalars.count - 1))
            hidden.append("姓名 " + name)
        }
        // The reviewer's words, longest first so that a word inside a longer one does not split it.
        for phrase in Set(phrases).sorted(by: { $0.unicodeScalars.count > $1.unicodeScalars.count })
        where phrase.unicodeScalars.count >= 2 && out.contains(phrase) {
            out = out.replacingOccurrences(of: phrase, with: String(repeating: "*", count: min(phrase.unicodeScalars.count, 6)))
            hidden.append("审核人隐去 " + phrase)
        }
        return Masked(text: out, hidden: hidden.reversed())
    }

    /// I4: a letter as the public reads it: its title, body and reply with the personal data found,
    /// the writer's name and the reviewer's words masked.
    public static func publicText(of letter: Letter) -> (title: Masked, body: Masked, reply: Masked?) {
        let names = [letter.writer.name]
        func masked(_ text: String) -> Masked { mask(text, names: names, phrases: letter.masks) }
        return (masked(letter.title), masked(letter.body), letter.reply.map { masked($0.text) })
    }

    static func kind(_ rule: String) -> String {
        switch rule {
        case "personal.id-number": "身份证号"
        case "personal.mobile": "手机号码"
        case "personal.bank-card": "银行卡号"
        case "personal.email": "电子邮箱"
        case "personal.address": "住址"
        default: "个人信息"
        }
    }
}
