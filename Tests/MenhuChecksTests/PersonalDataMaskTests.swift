import MenhuChecks
import Testing

/// I4: a letter is published with the writer's personal data masked.
@Suite struct PersonalDataMaskTests {
    @Test func numbersAddressesAndTheWritersNameAreMasked() {
        let text = "我叫王小明，身份证号110101199003071234，电话13912345678，家住江源市人民路12号3栋401室，邮箱wxm@example.com。王小明反映：小区供暖不热。"
        let masked = PersonalDataMask.mask(text, names: ["王小明"])
        #expect(!masked.text.contains("13912345678") && masked.text.contains("139****5678"))
        #expect(!masked.text.contains("110101199003071234"))
        #expect(!masked.text.contains("人民路12号") && !masked.text.contains("wxm@example.com"))
        #expect(!masked.text.contains("王小明") && masked.text.contains("王**反映：小区供暖不热。"))
        #expect(masked.hidden.contains("手机号码 13912345678") && masked.hidden.contains("姓名 王小明"))
    }

    @Test func textWithoutPersonalDataIsUnchanged() {
        let text = "建议在江府发〔2026〕18号文件落实后，公布12345热线受理情况。"
        let masked = PersonalDataMask.mask(text, names: ["李"])
        #expect(masked.text == text && masked.hidden.isEmpty)
    }
}
