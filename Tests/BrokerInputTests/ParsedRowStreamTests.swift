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

    @Test("packed transfers read back as the rows they were made from, in order, between the other rows, for any number of threads, with or without the byte path",
          arguments: [1, 2, 3, 8], [false, true])
    func roundTrip(threads: Int, bytePath: Bool) throws {
        var direct = try Self.reader()
        var expected: [ParsedRow] = []
        while true {
            do {
                guard let row = try direct.next() else { break }
                expected.append(Self.parse(row))
            } catch { expected.append(.bad(error, raw: nil)) }
        }
        let transfers = bytePath ? TransferLines(file: "t.csv", offsetSeconds: 8 * 3600) : nil
        let stream = ParsedRowStream(reader: try Self.reader(), threads: threads, transfers: transfers, parse: Self.parse)
        var count = 0
        while let streamed = try stream.next() {
            guard count < expected.count else { Issue.record("more rows than the file has"); return }
            switch (streamed, expected[count]) {
            case (.transfer(let pack, let i), .transfer(let row)):
                #expect(pack.location(i) == row.location)
                #expect(Self.text(pack, i, .id) == row.id && Self.text(pack, i, .time) == row.timeText)
                #expect(Self.text(pack, i, .from) == row.from && Self.text(pack, i, .to) == row.to)
                #expect(Self.text(pack, i, .category) == row.category.rawValue && Self.text(pack, i, .mode) == row.mode.rawValue)
                #expect(pack.earliest(i) == row.time.earliest && pack.latest(i) == row.time.latest)
                #expect(pack.records(i) == row.records && pack.amountFen(i) == row.amountFen)
                #expect(Self.text(pack, i, .batch) == row.batch && Self.text(pack, i, .channel) == row.channel)
                #expect(Self.text(pack, i, .evidence) == row.evidence && Self.text(pack, i, .note) == row.note)
            case (.other(.bad(let error, _)), .bad(let same, _)):
                #expect(error.description == same.description)
            default:
                Issue.record("row \(count): \(streamed) where the file has \(expected[count])")
            }
            count += 1
        }
        #expect(count == expected.count && count == 5_000)
        let whole = ByteInput(name: "t.csv", bytes: Self.csv)
        while try !whole.read().isEmpty {}
        #expect(stream.sha256 == whole.sha256)
    }
}
