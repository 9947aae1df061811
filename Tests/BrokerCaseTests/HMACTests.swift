import BrokerCase
import Testing

/// SHA-256 and HMAC-SHA256 against published test vectors.
struct HMACTests {
    static func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var chars = Array(hex.utf8)[...]
        while chars.count >= 2 {
            out.append(UInt8(String(decoding: chars.prefix(2), as: UTF8.self), radix: 16)!)
            chars = chars.dropFirst(2)
        }
        return out
    }

    @Test func sha256KnownAnswers() {
        #expect(SHA256.hash(Array("abc".utf8)).hexString == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hash([UInt8]()).hexString == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)).hexString
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        var h = SHA256()
        for _ in 0..<1000 { h.update([UInt8](repeating: 0x61, count: 1000)) }
        #expect(h.finalize().hexString == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// RFC 4231, test cases 1-4, 6 and 7 (case 5 tests truncated output, which is not used).
    @Test(arguments: [
        ("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265",
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        ("4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        (String(repeating: "aa", count: 20), String(repeating: "dd", count: 50),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        ("0102030405060708090a0b0c0d0e0f10111213141516171819", String(repeating: "cd", count: 50),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        (String(repeating: "aa", count: 131),
         "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374",
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        (String(repeating: "aa", count: 131),
         "5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d73697a65206b657920616e642061206c6172676572207468616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565647320746f20626520686173686564206265666f7265206265696e6720757365642062792074686520484d414320616c676f726974686d2e",
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ])
    func rfc4231(key: String, data: String, mac: String) {
        #expect(HMAC.sha256(key: Self.bytes(key), message: Self.bytes(data)).hexString == mac)
    }

    @Test func identifiersNormaliseBeforeHashing() {
        #expect(CaseKey.normalise("+86 137-0000-0266") == "13700000266")
        #expect(CaseKey.normalise("0086 13700000266") == "13700000266")
        #expect(CaseKey.normalise("8613700000266") == "13700000266")
        #expect(CaseKey.normalise("１３７０００００２６６") == "13700000266")   // full-width digits
        #expect(CaseKey.normalise("37010219800101123x") == "37010219800101123X")
        #expect(CaseKey.normalise(" - ") == nil)
        let key = CaseKey(bytes: Array(repeating: 7, count: 32), origin: "test")
        #expect(key.hash(identifier: "+86 137 0000 0266") == key.hash(identifier: "13700000266"))
        #expect(key.hash(identifier: "13700000266") != key.hash(identifier: "13700000267"))
        let other = CaseKey(bytes: Array(repeating: 8, count: 32), origin: "test")
        #expect(key.hash(identifier: "13700000266") != other.hash(identifier: "13700000266"))
        #expect(key.check != other.check)
    }

    @Test func randomKeysDiffer() {
        let a = CaseKey.random(), b = CaseKey.random()
        #expect(a.count == 32 && b.count == 32 && a != b)
    }
}
