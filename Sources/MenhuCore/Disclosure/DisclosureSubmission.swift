import Foundation

/// 政府信息公开申请表, online: the applicant and what they ask, checked field by field; every
/// problem at once, in Chinese, on its field (条例第二十九条). I7.
public enum DisclosureSubmission {
    public static let nameLimit = 50
    public static let titleLimit = 200
    public static let descriptionLimit = 2000
    public static let addressLimit = 200

    /// Reads `applicantKind`, `name`, `documentKind`, `documentNumber`, `representative`, `contactPerson`,
    /// `phone`, `email`, `address`, `postcode`, `title`, `documentRef` (文号), `description`, `delivery`,
    /// `form` and `privacy`.
    public static func read(_ fields: [String: String]) throws -> (DisclosureApplicant, DisclosureAsk) {
        var errors = FieldErrors()
        func value(_ name: String) -> String { (fields[name] ?? "").trimmed }
        func plain(_ field: String, _ text: String, limit: Int, label: String, required: Bool) {
            if text.isEmpty {
                if required { errors.add(field, "请填写\(label)。") }
            } else if text.count > limit {
                errors.add(field, "\(label)不能超过 \(limit) 个字，现为 \(text.count) 个字。")
            } else if LetterSubmission.hasControlCharacters(text) || text.contains(where: \.isNewline) {
                errors.add(field, "\(label)不能换行或含有控制字符。")
            }
        }
        let kind = ApplicantKind(rawValue: value("applicantKind"))
        if kind == nil { errors.add("applicantKind", "请选择申请人类型（自然人或法人、其他组织）。") }
        let organisation = kind?.isOrganisation ?? false
        let name = value("name")
        plain("name", name, limit: nameLimit, label: organisation ? "单位名称" : "姓名", required: true)
        let documentKind = IdentityDocumentKind(rawValue: value("documentKind"))
        let number = value("documentNumber").uppercased().filter { !$0.isWhitespace }
        if kind != nil, let documentKind {
            if organisation != (documentKind == .creditCode) {
                errors.add("documentKind", organisation ? "法人或其他组织请填写统一社会信用代码。" : "自然人请选择身份证件类型（统一社会信用代码用于法人或其他组织）。")
            } else if number.isEmpty {
                errors.add("documentNumber", "请填写\(documentKind.label)号码。")
            } else if !documentKind.accepts(number) {
                errors.add(
                    "documentNumber",
                    "\(documentKind.label)号码不正确，请核对（\(documentKind == .residentCard ? "18 位，最后一位可为 X" : documentKind == .creditCode ? "18 位数字或大写字母" : "5 至 20 位字母或数字")）。"
                )
            }
        } else if kind != nil {
            errors.add("documentKind", "请选择证件类型。")
        }
        let representative = value("representative")
        plain("representative", representative, limit: 30, label: "法定代表人或主要负责人", required: organisation)
        let contactPerson = value("contactPerson")
        plain("contactPerson", contactPerson, limit: 30, label: "联系人", required: false)
        let phone = LetterSubmission.normalisedPhone(value("phone"))
        if phone.isEmpty {
            errors.add("phone", "请填写联系电话，以便工作人员与您联系。")
        } else if !LetterSubmission.isValidPhone(phone) {
            errors.add("phone", "联系电话格式不正确：请填写 11 位手机号码，或带区号的固定电话（如 010-12345678）。")
        }
        let email = value("email")
        if !email.isEmpty, email.count > LetterSubmission.emailLimit || !LetterSubmission.isValidEmail(email) {
            errors.add("email", "电子邮箱格式不正确（如 name@example.com）。")
        }
        let address = value("address")
        let postcode = value("postcode")
        let delivery = DeliveryMethod(rawValue: value("delivery"))
        if delivery == nil { errors.add("delivery", "请选择获取信息的方式。") }
        plain("address", address, limit: addressLimit, label: "通信地址", required: delivery == .post)
        if !postcode.isEmpty, postcode.count != 6 || !postcode.allSatisfy({ $0.isASCII && $0.isNumber }) {
            errors.add("postcode", "邮政编码应为 6 位数字。")
        }
        if delivery == .email, email.isEmpty { errors.add("email", "选择以电子邮件获取，请填写电子邮箱。") }
        let form = InformationForm(rawValue: value("form"))
        if form == nil { errors.add("form", "请选择信息的载体形式。") }
        let title = value("title")
        plain("title", title, limit: titleLimit, label: "所需政府信息的名称", required: true)
        let reference = value("documentRef")
        plain("documentRef", reference, limit: 100, label: "文号", required: false)
        let description = LetterSubmission.normalisedBody(fields["description"] ?? "")
        if description.count > descriptionLimit {
            errors.add("description", "所需政府信息的描述不能超过 \(descriptionLimit) 个字，现为 \(description.count) 个字。")
        } else if LetterSubmission.hasControlCharacters(description) {
            errors.add("description", "内容含有不能显示的控制字符，请删除后再提交。")
        }
        if value("privacy") != "1" { errors.add("privacy", "请阅读并同意个人信息保护说明后再提交。") }
        try errors.throwIfAny()
        let applicant = DisclosureApplicant(
            kind: kind!, name: name, documentKind: documentKind!, documentNumber: number, representative: organisation ? representative : "",
            contactPerson: contactPerson, phone: phone, email: email, address: address, postcode: postcode)
        return (applicant, DisclosureAsk(title: title, documentNumber: reference, description: description, delivery: delivery!, form: form!))
    }
}
