import BrokerGraph
import Testing
@testable import BrokerInput
import BrokerCase

/// The byte path for transfers against the string path (`TransferRow`), on random lines made of
/// pieces that test the edges: white space of every kind, combining marks, CJK, invalid UTF-8,
/// unusual numbers, times, categories and modes. Wherever the byte path takes a line, the string
/// path must accept it with the same values; a line it declines goes to the string path itself.
@Suite struct TransferLinesTests {
    static let spaces: [[UInt8]] = ["", " ", "\t", "  ", "\u{A0}", "\u{3000}", " \u{301}", "\u{2003}", "\u{0B}", "\u{0C}",
                                    "\u{01}", "\u{85}", "\u{200B}", "\u{7F}", "\u{1C}", "\u{1F}", "\u{2028}", "\u{FEFF}", "\u{180E}"].map { Array($0.utf8) } + [[0xFF], [0xC3]]
    static let names = ["p1", "p2", "P1", "张三", "李四", "é", "e\u{301}", "Ａ", "p 3", "x\u{600}", "名字", "豈", "\u{8C48}",
                        "α", "ﬃ", "ffi", "a\u{301}\u{302}", "\u{1F600}", "x\u{FE0F}", "中\u{301}", ""]
    static let times = ["2025-03-01", "2025-03-01 10:30", "2025-03-01T10:30:00+08:00", "2025-02-29", "2024-02-29",
                        "2025-13-01", "2025-03-01 25:00", "2025-03-01 10:30:15.5Z", "bad", "", "2025-03-01 10:30 +0530",
                        "２０２５-03-01", "2025-03-01t10:30-14:00", "2025-03-01 10:30:60", "2025-3-1"]
    static let records = ["1", "0", "120", "+5", "-3", "-", "1,000", "9223372036854775807", "9223372036854775808",
                          "", "12a", "٣", "007"]
    static let categories = Category.allCases.flatMap { [$0.rawValue, $0.chineseTerm] }
        + ["Property", "PROPERTY", "real-estate", "real estate", "房源", "财产", "bogus", "", "health\u{301}", "其它", "Other"]
    static let modes = ["sale", "SALE", "Exchange", "provide", "collect", "", "gift", "Sale\u{301}", "ｓａｌｅ"]
    static let amounts = ["", "1200", "1200.5", "1200.50", "1200.505", "1200.500", "-5", ".5", "5.", "¥100", "abc",
                          "92233720368547758.07", "92233720368547758.08", "0.00"]
    static let texts = ["", "B1", "批次一", "x", "note", "\u{200B}", "e\u{301}"]

    /// A random plain line (no quote, no line break) for `header`: half of them awkward all over,
    /// half with values padded by ASCII white space only.
    static func line(_ random: inout SplitMix64, header: [String]) -> [UInt8] {
        let awkward = Bool.random(using: &random)
        func pick(_ values: [String]) -> [UInt8] { Array(values.randomElement(using: &random)!.utf8) }
        func padded(_ value: [UInt8]) -> [UInt8] {
            guard Int.random(in: 0..<4, using: &random) == 0 else { return value }
            let pads = awkward ? spaces : Array(spaces.prefix(4)) + Array(spaces[8...9])
            return pads.randomElement(using: &random)! + value + pads.randomElement(using: &random)!
        }
        var fields: [[UInt8]] = header.map { column in
            let value: [UInt8]
            switch column {
            case "time": value = Bool.random(using: &random) ? pick(Array(times.prefix(3))) : pick(times)
            case "from", "to": value = pick(awkward ? names : ["p1", "p2", "张三", "李四", "名字", "Ａ"])
            case "records": value = Bool.random(using: &random) ? Array(String(Int.random(in: 1..<5000, using: &random)).utf8) : pick(records)
            case "category": value = pick(categories)
            case "mode": value = pick(modes)
            case "amount": value = pick(amounts)
            default: value = pick(awkward ? texts : Array(texts.prefix(5)))
            }
            return padded(value)
        }
        switch Int.random(in: 0..<40, using: &random) {
        case 0: fields.removeLast()
        case 1: fields.append(Array("x".utf8))
        default: break
        }
        return Array(fields.joined(separator: [UInt8(ascii: ",")]))
    }

    /// The pack's row as a `TransferRow`'s values, for comparing.
    static func values(_ pack: PackedTransfers, _ i: Int) -> [String?] {
        func text(_ column: PackedTransfers.Text) -> String? { pack.text(i, column).map { String(decoding: $0, as: UTF8.self) } }
        return [pack.location(i).description, text(.id), text(.time), "\(pack.earliest(i))...\(pack.latest(i))",
                text(.from), text(.to), "\(pack.records(i))", text(.category), text(.mode), pack.amountFen(i).map(String.init),
                text(.batch), text(.channel), text(.evidence), text(.note)]
    }

    static func values(_ row: TransferRow) -> [String?] {
        [row.location.description, row.id, row.timeText, "\(row.time.earliest)...\(row.time.latest)", row.from, row.to,
         "\(row.records)", row.category.rawValue, row.mode.rawValue, row.amountFen.map(String.init), row.batch,
         row.channel, row.evidence, row.note]
    }

    @Test("random lines: wherever the byte path takes a line, the string path takes it with the same values",
          arguments: [["id", "time", "from", "to", "records", "category", "mode", "amount", "batch", "channel", "evidence", "note"],
                      ["records", "to", "note", "from", "time", "category", "amount"],
                      ["time", "extra", "from", "to", "records", "category", "mode"]])
    func agreesWithStrings(header: [String]) throws {
        var reader = try TableReader(input: ByteInput(name: "t.csv", bytes: Array((header.joined(separator: ",") + "\n").utf8)))
        try reader.bind(TransferRow.schema, allowUnknown: true)
        let layout = reader.layout
        let lines = TransferLines(file: "t.csv", offsetSeconds: 8 * 3600)
        var random = SplitMix64(seed: UInt64(header.count))
        let pack = PackedTransfers(file: "t.csv", rows: 16)
        var taken = 0, accepted = 0
        for n in 0..<50_000 {
            let bytes = Self.line(&random, header: header)
            let line = n + 2
            let string = bytes.withUnsafeBufferPointer { buffer -> TransferRow? in
                do throws(InputError) {
                    return try TransferRow(layout.row(line: line, bytes: buffer), file: "t.csv", offsetSeconds: 8 * 3600)
                } catch { return nil }
            }
            if string != nil { accepted += 1 }
            let before = pack.count
            let took = bytes.withUnsafeBufferPointer { lines.append($0, line: line, layout: layout, to: pack) }
            guard took else {
                #expect(pack.count == before)
                continue
            }
            taken += 1
            guard let string else {
                Issue.record("line \(line) taken by the byte path, rejected by the string path: \(bytes)")
                continue
            }
            #expect(Self.values(pack, pack.count - 1) == Self.values(string), "line \(line): \(bytes)")
        }
        // Enough lines on both sides to compare (the lines are mostly awkward: the byte path
        // declines many good ones, which the string path then reads; `takesGoodLines` checks that
        // it takes the usual ones).
        #expect(taken > 1_000 && accepted > 4_000, "taken \(taken) of \(accepted)")
    }

    @Test("the byte path takes plain good lines: ASCII, Chinese names and categories, spaces around ASCII values")
    func takesGoodLines() throws {
        var reader = try TableReader(input: ByteInput(name: "t.csv", bytes: Array("time,from,to,records,category,mode,amount\n".utf8)))
        try reader.bind(TransferRow.schema, allowUnknown: false)
        let lines = TransferLines(file: "t.csv", offsetSeconds: 8 * 3600)
        let pack = PackedTransfers(file: "t.csv", rows: 4)
        for line in ["2025-03-01 10:30,p1,p2,120,property,sale,1200.50", "2025-03-01,张三,李四,5,财产信息,,",
                     " 2025-03-01 , p1 ,\tp2,7 ,credit , exchange,3"] {
            #expect(Array(line.utf8).withUnsafeBufferPointer { lines.append($0, line: 2, layout: reader.layout, to: pack) }, "\(line)")
        }
        #expect(pack.count == 3)
    }

    @Test("valid UTF-8 as the standard library tells it, for every byte pair and some longer runs")
    func utf8() {
        var random = SplitMix64(seed: 7)
        var samples: [[UInt8]] = []
        for a in 0...255 { for b in 0...255 { samples.append([UInt8(a), UInt8(b)]) } }
        for _ in 0..<100_000 {
            let count = Int.random(in: 1...6, using: &random)
            samples.append((0..<count).map { _ in
                Bool.random(using: &random) ? UInt8.random(in: 0x80...0xBF, using: &random) : UInt8.random(in: 0...255, using: &random)
            })
        }
        for bytes in samples {
            let ours = bytes.withUnsafeBufferPointer { TransferLines.isValidUTF8($0, 0, $0.count) }
            #expect(ours == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
        }
    }
}
