import Foundation
import Testing
@testable import BrokerSheets

@Suite struct TextDecodingTests {
    static var texts: [String: Any] { expectedJSON()["text"] as? [String: Any] ?? [:] }

    @Test("seized CSV files decode to the text Python wrote", arguments: [
        ("alipay-gb18030.csv", TextEncoding.gb18030), ("wechat-utf8-bom.csv", .utf8), ("utf16le-bom.csv", .utf16LE),
    ])
    func decodesFixtures(_ file: String, _ encoding: TextEncoding) throws {
        let want = try #require(Self.texts[file] as? String)
        let decoder = try TextDecoder(path: fixture(file))
        #expect(decoder.encoding == encoding)
        #expect(String(decoding: try drain(decoder), as: UTF8.self) == want)
    }

    @Test("GB18030 split at every chunk boundary (chunks of 1 to 7 bytes) decodes the same")
    func chunkBoundaries() throws {
        let want = try #require(Self.texts["alipay-gb18030.csv"] as? String)
        let bytes = try [UInt8](Data(contentsOf: fixtures.appendingPathComponent("alipay-gb18030.csv")))
        final class Tap: @unchecked Sendable { var bytes: [UInt8] = [] }
        for size in 1...7 {
            let tap = Tap()
            let observed = try TextDecoder(MemoryChunks(bytes, chunkSize: size), name: "a.csv", declared: .gb18030, sniffBytes: 4) { tap.bytes += $0 }
            _ = try drain(observed)
            #expect(tap.bytes == bytes)
            // Detected from the whole (small) file, then declared with a 4-byte sample so that
            // every chunk goes through iconv on its own.
            let detected = try TextDecoder(MemoryChunks(bytes, chunkSize: size), name: "a.csv")
            #expect(detected.encoding == .gb18030)
            #expect(String(decoding: try drain(detected), as: UTF8.self) == want, "chunk \(size)")
            let declared = try TextDecoder(MemoryChunks(bytes, chunkSize: size), name: "a.csv", declared: .gb18030, sniffBytes: 4)
            #expect(String(decoding: try drain(declared), as: UTF8.self) == want, "chunk \(size), declared")
        }
    }

    @Test("UTF-8 and UTF-16 split at every chunk boundary decode the same")
    func utfChunkBoundaries() throws {
        for file in ["wechat-utf8-bom.csv", "utf16le-bom.csv"] {
            let want = try #require(Self.texts[file] as? String)
            let bytes = try [UInt8](Data(contentsOf: fixtures.appendingPathComponent(file)))
            for size in 1...7 {
                let decoder = try TextDecoder(MemoryChunks(bytes, chunkSize: size), name: file, sniffBytes: 4)
                #expect(String(decoding: try drain(decoder), as: UTF8.self) == want, "\(file) chunk \(size)")
            }
        }
    }

    @Test("invalid GB18030 is refused with its line and byte offset")
    func invalidGB18030() throws {
        let info = try #require(Self.texts["invalid-gb18030.csv"] as? [String: Any])
        let offset = try #require(info["offset"] as? Int)
        for size in [1, 2, 3, 1 << 16] {
            let error = sheetError {
                _ = try drain(try TextDecoder(FileChunks(path: fixture("invalid-gb18030.csv"), chunkSize: size), name: "bad.csv"))
            }
            #expect(error?.description == "bad.csv:3: invalid GB18030 byte sequence at byte \(offset)")
        }
    }

    @Test("a file cut inside a character, and UTF-8 that turns invalid after the sample")
    func truncatedAndLateInvalid() throws {
        let gb: [UInt8] = [0xBD, 0xBB, 0xD2]   // 交易 in GB18030 is BD BB D2 D7: cut inside 易
        for size in [1, 2, 3] {
            let error = sheetError { _ = try drain(try TextDecoder(MemoryChunks(gb, chunkSize: size), name: "g.csv", declared: .gb18030)) }
            #expect(error?.description == "g.csv:1: file ends inside a GB18030 character (truncated?)")
        }
        var late = Array(repeating: UInt8(ascii: "a"), count: 100)
        late += [0x0A, 0xB0, 0xA1]   // GB18030 啊 on line 2, after a UTF-8-looking sample
        let error = sheetError { _ = try drain(try TextDecoder(MemoryChunks(late, chunkSize: 10), name: "l.csv", sniffBytes: 50)) }
        #expect(error?.description == "l.csv:2: invalid UTF-8 at byte 101 (declare the encoding, e.g. gb18030)")
    }

    @Test("UTF-16 without a byte-order mark is told by its NUL bytes")
    func utf16WithoutBOM() throws {
        let text = "交易时间,金额\n2025-03-01,1\n"
        let le = text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let be = text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let leDecoder = try TextDecoder(MemoryChunks(le, chunkSize: 3), name: "le.csv")
        #expect(leDecoder.encoding == .utf16LE)
        #expect(String(decoding: try drain(leDecoder), as: UTF8.self) == text)
        let beDecoder = try TextDecoder(MemoryChunks(be, chunkSize: 5), name: "be.csv")
        #expect(beDecoder.encoding == .utf16BE)
        #expect(String(decoding: try drain(beDecoder), as: UTF8.self) == text)
    }

    @Test("a declared encoding overrides detection")
    func declared() throws {
        let text = "姓名,金额\n张三,1\n"
        let gbk = try #require(TextEncoding(named: "GBK"))
        #expect(gbk == .gb18030 && TextEncoding(named: "utf-16") == .utf16LE && TextEncoding(named: "latin1") == nil)
        // ASCII-looking bytes declared GB18030 stay GB18030.
        let decoder = try TextDecoder(MemoryChunks(Array("ab,1\n".utf8)), name: "d.csv", declared: .gb18030)
        #expect(decoder.encoding == .gb18030)
        #expect(try drain(decoder) == Array("ab,1\n".utf8))
        let utf8 = try TextDecoder(MemoryChunks([0xEF, 0xBB, 0xBF] + Array(text.utf8)), name: "b.csv", declared: .utf8)
        #expect(try drain(utf8) == Array(text.utf8))
    }
}
