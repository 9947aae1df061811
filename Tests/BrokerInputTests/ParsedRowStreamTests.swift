import BrokerGraph
import Testing
@testable import BrokerInput
import BrokerCase

/// The stream hands transfers over packed: every value as the row had it, in file order, with the
/// other rows (bad ones here) between them where they were.
@Suite struct ParsedRowStreamTests {
    /// Rows over several batches, some bad, some with every optional column, some with none; CRLF
    /// and LF line ends, blank lines, quotes, white space, invalid UTF-8, a byte-order mark.
    static let csv: [UInt8] = {
        var text = "\u{FEFF}id,time,from,to,records,category,mode,amount,batch,channel,evidence,note\n"
        for i in 0..<5_000 {
            switch i % 13 {
            case 3: text += "T\(i),2025-13-01,a\(i),b\(i),1,property,,,,,,\n"   // bad month
            case 5: text += ",2025-03-01,a\(i),b\(i % 3),\(i),credit,,,,,,\r\n"
            case 6: text += "T\(i), 2025-03-01 ,\u{3000}a\(i), b\(i) ,\(i),其他 ,Collect,\(i),,,,\r\n\r\n"
            case 8: text += "T\(i),2025-03-01,a\(i),a\(i),1,property,,,,,\n"   // a field short
            case 9: text += "T\(i),2025-03-01,a\(i),b\(i),1,property,gift,,,,,\n\n"   // unknown mode
            case 10: text += "T\(i),2025-03-01,a\(i),\"b\n\(i)\",1,property,,,,,,x\"y\"\n"   // text after a quote
            case 11: text += "T\(i),2025-03-01,a\(i),b\(i),1,Real Estate,SALE,1.5,,,,\u{FFFD}\n"   // (made invalid below)
            default:
                text += "T\(i),2025-03-01 10:\(i % 60 < 10 ? "0" : "")\(i % 60),名\(i % 50),b\(i % 3),\(i),财产信息,sale,\(i).5,B\(i),wx,\"e,\(i)\",\"note \"\"\(i)\"\"\"\n"
            }
        }
        // U+FFFD's bytes EF BF BD made an invalid sequence: EF BF 28.
        var bytes = Array(text.utf8)
        for i in 0..<(bytes.count - 2) where bytes[i] == 0xEF && bytes[i + 1] == 0xBF && bytes[i + 2] == 0xBD { bytes[i + 2] = 0x28 }
        return bytes
    }()

    static func reader() throws -> TableReader {
        var reader = try TableReader(input: ByteInput(name: "t.csv", bytes: csv, chunkSize: 4_096))
        try reader.bind(TransferRow.schema, allowUnknown: false)
        return reader
    }

    static func parse(_ row: TableReader.Row) -> ParsedRow {
        do throws(InputError) { return .transfer(try TransferRow(row, file: "t.csv", offsetSeconds: 8 * 3600)) } catch {
            return .bad(error, raw: nil)
        }
    }

    static func text(_ pack: PackedTransfers, _ row: Int, _ column: PackedTransfers.Text) -> String? {
        pack.text(row, column).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Every row of `reader` read and checked on this thread, errors as bad rows.
    static func direct(_ reader: TableReader) -> [ParsedRow] {
        var reader = reader
        var rows: [ParsedRow] = []
        while true {
            do {
                guard let row = try reader.next() else { return rows }
                rows.append(Self.parse(row))
            } catch { rows.append(.bad(error, raw: nil)) }
        }
    }

    /// Takes every row of `stream`, expecting `expected`: the same transfers (every value) and
    /// the same errors, in the same order. Returns how many rows the stream gave.
    static func expect(_ stream: ParsedRowStream, gives expected: [ParsedRow]) throws -> Int {
        var count = 0
        while let streamed = try stream.next() {
            let rows: [(PackedTransfers, Int)?]
            switch streamed {
            case .transfers(let pack): rows = (0..<pack.count).map { (pack, $0) }
            case .other: rows = [nil]
            }
            for packed in rows {
                guard count < expected.count else { Issue.record("more rows than the file has"); return count }
                switch (packed, streamed, expected[count]) {
                case (let (pack, i)?, _, .transfer(let row)):
                    #expect(pack.location(i) == row.location)
                    #expect(text(pack, i, .id) == row.id && text(pack, i, .time) == row.timeText)
                    #expect(text(pack, i, .from) == row.from && text(pack, i, .to) == row.to)
                    #expect(text(pack, i, .category) == row.category.rawValue && text(pack, i, .mode) == row.mode.rawValue)
                    #expect(pack.earliest(i) == row.time.earliest && pack.latest(i) == row.time.latest)
                    #expect(pack.records(i) == row.records && pack.amountFen(i) == row.amountFen)
                    #expect(text(pack, i, .batch) == row.batch && text(pack, i, .channel) == row.channel)
                    #expect(text(pack, i, .evidence) == row.evidence && text(pack, i, .note) == row.note)
                case (nil, .other(.bad(let error, _)), .bad(let same, _)):
                    #expect(error == same)
                default:
                    Issue.record("row \(count): \(streamed) where the file has \(expected[count])")
                }
                count += 1
            }
        }
        #expect(count == expected.count)
        return count
    }

    @Test("packed transfers read back as the rows they were made from, in order, between the other rows, for any number of threads, with or without the byte path",
          arguments: [1, 2, 3, 8], [false, true])
    func roundTrip(threads: Int, bytePath: Bool) throws {
        let transfers = bytePath ? TransferLines(file: "t.csv", offsetSeconds: 8 * 3600) : nil
        let stream = ParsedRowStream(reader: try Self.reader(), threads: threads, transfers: transfers, parse: Self.parse)
        #expect(try Self.expect(stream, gives: Self.direct(try Self.reader())) == 5_000)
        let whole = ByteInput(name: "t.csv", bytes: Self.csv)
        while try !whole.read().isEmpty {}
        #expect(stream.sha256 == whole.sha256)
    }

    @Test("random files of awkward bytes (quotes, line ends, white space, invalid UTF-8) in chunks of any size: the stream with the byte path gives the rows and errors of reading them one by one")
    func randomFiles() throws {
        var random = SplitMix64(seed: 11)
        var transfers = 0, bad = 0
        let good = ["T1", "2025-03-01 10:30", "p1", "张三", "120", "财产信息", "sale", "1200.50"].map { Array($0.utf8) }
        let pieces = [",", "\"", "\"", "\n", "\r", "\r\n", " ", "\t", "p2", "2025-03-01", "x", "12", "property",
                      "\u{3000}", "e\u{301}", "李四", ""].map { Array($0.utf8) } + [[0xFF], [0xEF, 0xBB, 0xBF], [0xE5, 0xBC]]
        for _ in 0..<300 {
            var bytes = Array("id,time,from,to,records,category,mode,amount\n".utf8)
            for _ in 0..<Int.random(in: 1...40, using: &random) {
                let fields = good.map { value in
                    Int.random(in: 0..<6, using: &random) > 0 ? value
                        : Array((0..<Int.random(in: 1...3, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined())
                }
                bytes += Array(fields.joined(separator: [UInt8(ascii: ",")]))
                bytes += [["\n"], ["\r\n"], ["\r"], ["\n", "\n"]].randomElement(using: &random)!.flatMap { Array($0.utf8) }
            }
            let chunkSize = [1, 3, 7, 64, 4_096].randomElement(using: &random)!
            func reader() throws -> TableReader {
                var reader = try TableReader(input: ByteInput(name: "t.csv", bytes: bytes, chunkSize: chunkSize))
                try reader.bind(TransferRow.schema, allowUnknown: false)
                return reader
            }
            let stream = ParsedRowStream(reader: try reader(), threads: 2,
                                         transfers: TransferLines(file: "t.csv", offsetSeconds: 8 * 3600), parse: Self.parse)
            let expected = Self.direct(try reader())
            _ = try Self.expect(stream, gives: expected)
            for row in expected {
                if case .transfer = row { transfers += 1 } else { bad += 1 }
            }
        }
        #expect(transfers > 1_000 && bad > 1_000, "\(transfers) transfers, \(bad) bad rows")
    }
}
