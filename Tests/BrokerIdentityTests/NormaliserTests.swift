import Testing
@testable import BrokerIdentity

/// The ISO 7064 MOD 11-2 definition, written independently of the library: the check character c
/// makes Σ a_i·2^(17-i) + c ≡ 1 (mod 11), with X standing for 10.
func referenceIDCheck(_ body: String) -> Character {
    var sum = 0
    for (i, ch) in body.enumerated() {
        var weight = 1
        for _ in 0..<(17 - i) { weight = weight * 2 % 11 }
        sum += Int(String(ch))! * weight
    }
    let c = ((1 - sum) % 11 + 11) % 11
    return c == 10 ? "X" : Character(String(c))
}

@Test func residentIDCheckCharacterMatchesTheStandard() {
    // The examples printed in GB 11643-1999.
    #expect(ResidentIDNumber.checkCharacter("11010519491231002") == "X")
    #expect(ResidentIDNumber.checkCharacter("44052418800101001") == "4")
    // Many computed bodies agree with the independent definition.
    var seed: UInt64 = 7
    for _ in 0..<500 {
        seed = seed &* 6364136223846793005 &+ 1442695040888963407
        let region = 110000 + Int(seed >> 40) % 700000
        let serial = String(format3(Int(seed >> 20) % 1000))
        let body = "\(region)19850612\(serial)"
        #expect(ResidentIDNumber.checkCharacter(body) == referenceIDCheck(body))
        let full = body + String(referenceIDCheck(body))
        #expect(Identifier(.residentID, full)?.value == full)
    }
}

func format3(_ n: Int) -> String { n < 10 ? "00\(n)" : n < 100 ? "0\(n)" : "\(n)" }

@Test func residentIDNormalisation() {
    let body = "37060219850612003"
    let full = body + String(referenceIDCheck(body))
    #expect(Identifier(.residentID, full)?.value == full)
    #expect(Identifier(.residentID, " \(full.prefix(6)) \(full.dropFirst(6)) ")?.value == full)
    #expect(Identifier(.residentID, "11010519491231002x")?.value == "11010519491231002X")
    // Wrong check character, impossible birth date, wrong length.
    let wrong: Character = full.last == "0" ? "1" : "0"
    #expect(Identifier(.residentID, String(full.dropLast()) + String(wrong)) == nil)
    let feb30 = "37060219850230003"
    #expect(Identifier(.residentID, feb30 + String(referenceIDCheck(feb30))) == nil)
    #expect(Identifier(.residentID, "3706021985061200") == nil)
    // 15-digit legacy number: century 19 inserted, check character computed.
    #expect(Identifier(.residentID, "110105491231002")?.value == "11010519491231002X")
    #expect(Identifier(.residentID, "110105491331002") == nil)   // month 13
    // Masked, as printed on bills.
    let masked = Identifier(.residentID, "370602********003\(full.last!)")
    #expect(masked?.isPartial == true)
    #expect(masked?.fits(Identifier(.residentID, full)!) == true)
}

@Test func phones() {
    let forms = ["13805351234", "+86 138 0535 1234", "0086-138-0535-1234", "138-0535-1234", "(138)05351234",
                 "１３８０５３５１２３４", "+86（138）0535 1234", "8613805351234"]
    for form in forms {
        let phone = Identifier.phone(form)
        #expect(phone == Identifier(canonical: "13805351234", kind: .mobile), "\(form)")
    }
    #expect(Identifier.phone("12805351234") == nil)       // 12X is not a mobile prefix
    #expect(Identifier.phone("1380535123") == nil)        // 10 digits
    #expect(Identifier.phone("+1 415 555 0100") == nil)   // not mainland
    #expect(Identifier.phone("0535-6123456") == Identifier(canonical: "0535-6123456", kind: .landline))
    #expect(Identifier.phone("(0535) 612 3456")?.value == "0535-6123456")
    #expect(Identifier.phone("+86 535 6123456")?.value == "0535-6123456")
    #expect(Identifier.phone("010-87654321")?.value == "010-87654321")
    #expect(Identifier.phone("6123456") == nil)            // no area code
    #expect(Identifier(.mobile, "0535-6123456") == nil)
    #expect(Identifier(.landline, "0535-6123456") != nil)
    let masked = Identifier.phone("138****1234")
    #expect(masked?.isPartial == true && masked?.kind == .mobile)
    #expect(masked?.fits(Identifier.phone("13805351234")!) == true)
    #expect(masked?.fits(Identifier.phone("13805359999")!) == false)
    #expect(masked?.fits(Identifier.phone("13905351234")!) == false)
    #expect(Identifier.phone("138＊＊＊＊1234")?.value == "138****1234")
    #expect(Identifier.phone("138***1234") == nil)         // 10 positions
}

@Test func bankCards() {
    // Public test numbers (Visa, UnionPay, Amex) pass Luhn; one digit changed fails.
    for number in ["4111111111111111", "6200000000000005", "378282246310005", "6011111111111117"] {
        #expect(Identifier(.bankCard, number)?.value == number)
    }
    #expect(Identifier(.bankCard, "6200 0000 0000 0005")?.value == "6200000000000005")
    #expect(Identifier(.bankCard, "4111111111111112") == nil)
    #expect(Identifier(.bankCard, "41111111111") == nil)   // 11 digits
    let masked = Identifier(.bankCard, "6200 **** **** 0005")
    #expect(masked?.value == "6200*0005" && masked?.isPartial == true)
    #expect(masked?.fits(Identifier(.bankCard, "6200000000000005")!) == true)
    #expect(masked?.fits(Identifier(.bankCard, "4111111111111111")!) == false)
}

@Test func accountsAndNames() {
    #expect(Identifier(.wechat, "Niu_House")?.value == "niu_house")
    #expect(Identifier(.wechat, "wxid_abc123def456")?.value == "wxid_abc123def456")
    #expect(Identifier(.wechat, "1niu_house") == nil)      // must start with a letter
    #expect(Identifier(.wechat, "niu") == nil)             // too short
    #expect(Identifier(.wechat, "niu house") == nil)
    #expect(Identifier(.wechat, "abcdefghijklmnopqrstu") == nil)   // 21 characters
    #expect(Identifier(.qq, "12345")?.value == "12345")
    #expect(Identifier(.qq, "01234") == nil)
    #expect(Identifier(.qq, "123456789012") == nil)
    #expect(Identifier(.email, " Niu@Example.COM ")?.value == "niu@example.com")
    #expect(Identifier(.email, "niu@example") == nil)
    #expect(Identifier(.alipay, "+86 138 0535 1234")?.value == "13805351234")
    #expect(Identifier(.name, " 牛 建国 ")?.value == "牛建国")
    #expect(Identifier(.name, "ＷＡＮＧ Wei")?.value == "wangwei")
    let maskedName = Identifier(.name, "*建国")
    #expect(maskedName?.isPartial == true)
    #expect(maskedName?.fits(Identifier(.name, "牛建国")!) == true)
    #expect(maskedName?.fits(Identifier(.name, "牛建军")!) == false)
    #expect(Identifier(.name, "   ") == nil)
    #expect(Identifier(.wechat, "niu_h***")?.fits(Identifier(.wechat, "niu_house")!) == true)
}

@Test func detection() {
    #expect(Identifier.detect("+86 138 0535 1234") == Identifier.detect("138-0535-1234"))
    #expect(Identifier.detect("138-0535-1234")?.kind == .mobile)
    #expect(Identifier.detect("6200000000000005")?.kind == .bankCard)
    #expect(Identifier.detect("6200000000000006") == nil)
    #expect(Identifier.detect("11010519491231002X")?.kind == .residentID)
    #expect(Identifier.detect("0535-6123456")?.kind == .landline)
    #expect(Identifier.detect("老牛") == nil)
    #expect(Identifier.detect("") == nil)
    #expect(Identifier.fromDisplayName("老牛")?.kind == .nickname)
    #expect(Identifier.fromDisplayName("牛建国")?.kind == .name)
    #expect(Identifier.fromDisplayName("*建国")?.isPartial == true)
}

@Test func parsesAPartiesColumn() {
    let (ids, issues) = Identifier.parseColumn("phone:13805351234;wechat:Niu_House；qq：12345; nick:老牛; 6200000000000005")
    #expect(ids.map(\.description) == ["card:6200000000000005", "mobile:13805351234", "wechat:niu_house", "qq:12345", "nickname:老牛"])
    #expect(issues.isEmpty)
    let bad = Identifier.parseColumn("phone:123;shoe:42;hello")
    #expect(bad.identifiers.isEmpty)
    #expect(bad.issues.map(\.item) == [1, 2, 3])
    #expect(!bad.issues.map(\.description).joined().contains("123"))   // never echoes the value
}

@Test func pinyinKeys() {
    var table = PinyinTable()
    #expect(table.key("李晓峰") == "li xiao feng")
    #expect(table.key("李晓峰") == table.key("李小峰"))
    #expect(table.key("牛建国") != table.key("牛建军"))
}

@Test func hostileInputNeverCrashes() {
    let samples = ["", "*", "**********", "+", "+86", "0086", ":", ";;;", "phone:", String(repeating: "9", count: 5000),
                   "\u{0}", "🙂🙂", "１", "X", "x*", "@", "a@", "@b.c", "0", "00000000000", "*建", "老"]
    for s in samples {
        for kind in IdentifierKind.allCases { _ = Identifier(kind, s) }
        _ = Identifier.detect(s); _ = Identifier.phone(s); _ = Identifier.parseColumn(s); _ = Identifier.fromDisplayName(s)
    }
}
