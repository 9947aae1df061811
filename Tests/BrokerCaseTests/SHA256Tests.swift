import Testing
@testable import BrokerCase

@Suite struct SHA256Tests {
    static func hex(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var chars = Array(text.utf8)[...]
        while chars.count >= 2 {
            bytes.append(UInt8(String(decoding: chars.prefix(2), as: UTF8.self), radix: 16)!)
            chars = chars.dropFirst(2)
        }
        return bytes
    }

    @Test("NIST FIPS 180-4 example vectors", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func vectors(message: String, digest: String) {
        #expect(SHA256.hash(Array(message.utf8)).hexString == digest)
    }

    @Test("one million times 'a', fed in uneven pieces")
    func millionA() {
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        let a = [UInt8](repeating: 0x61, count: 1_000_000)
        #expect(SHA256.hash(a).hexString == expected)
        var h = SHA256()
        var fed = 0
        var piece = 1
        while fed < a.count {
            let n = min(piece, a.count - fed)
            h.update(a[fed..<(fed + n)])
            fed += n
            piece = piece * 7 % 1_013 + 1
        }
        #expect(h.finalize().hexString == expected)
    }

    @Test("every length around the block and padding boundaries matches one-shot hashing")
    func boundaries() {
        let bytes = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        for length in [0, 1, 54, 55, 56, 57, 63, 64, 65, 119, 120, 128, 129, 300] {
            let message = Array(bytes.prefix(length))
            var h = SHA256()
            for byte in message { h.update([byte]) }
            #expect(h.finalize() == SHA256.hash(message), "length \(length)")
            // finalize does not disturb further updates
            var g = SHA256()
            g.update(message.prefix(length / 2))
            _ = g.finalize()
            g.update(message.dropFirst(length / 2))
            #expect(g.finalize() == SHA256.hash(message), "length \(length)")
        }
        #expect(SHA256.hash("55 bytes: padding fits in one block, 56 does not.x....".utf8).count == 32)
    }

    @Test("HMAC-SHA256, RFC 4231 test cases 1-4, 6, 7", arguments: [
        (SHA256Tests.hex(String(repeating: "0b", count: 20)), Array("Hi There".utf8),
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (Array("Jefe".utf8), Array("what do ya want for nothing?".utf8),
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        (SHA256Tests.hex(String(repeating: "aa", count: 20)), SHA256Tests.hex(String(repeating: "dd", count: 50)),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        ((1...25).map { UInt8($0) }, SHA256Tests.hex(String(repeating: "cd", count: 50)),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        (SHA256Tests.hex(String(repeating: "aa", count: 131)), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        (SHA256Tests.hex(String(repeating: "aa", count: 131)),
         Array("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".utf8),
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ] as [([UInt8], [UInt8], String)])
    func hmac(key: [UInt8], message: [UInt8], mac: String) {
        #expect(HMAC.sha256(key: key, message: message).hexString == mac)
    }

    @Test("hexadecimal is lower case, two digits a byte")
    func hexString() {
        #expect([0x00, 0x0f, 0xa0, 0xff].hexString == "000fa0ff")
        #expect([UInt8]().hexString == "")
    }
}
