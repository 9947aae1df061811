import Testing
@testable import BrokerInput
import BrokerCase

/// The stream hands transfers over packed: every value as the row had it, in file order, with the
/// other rows (bad ones here) between them where they were.
@Suite struct ParsedRowStreamTests {
    /// Rows over several batches, some bad, some with every optional column, some with none.
    static let csv: String = {
        var text = "id,time,from,to,records,category,mode,amount,batch,channel,evidence,note\n"
        for i in 0..<5_000 {
            switch i % 7 {
            case 3: text += "T\(i),2025-13-01,a\(i),b\(i),1,property,,,,,,\n"   // bad month
            case 5: text += ",2025-03-01,a\(i),b\(i % 3),\(i),credit,,,,,,\n"
            default:
                text += "T\(i),2025-03-01 10:\(i % 60 < 10 ? "0" : "")\(i % 60),名\(i % 50),b\(i % 3),\(i),财产信息,sale,\(i).5,B\(i),wx,\"e,\(i)\",\"note \"\"\(i)\"\"\"\n"
            }
        }
        return text
    }()

    static func reader() throws -> TableReader {
        var reader = try TableReader(input: ByteInput(name: "t.csv", bytes: Array(csv.utf8), chunkSize: 4_096))
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

    @Test("packed transfers read back as the rows they were made from, in order, between the other rows, for any number of threads",
          arguments: [1, 2, 3, 8])
    func roundTrip(threads: Int) throws {
        var direct = try Self.reader()
        var expected: [ParsedRow] = []
        while let row = try direct.next() { expected.append(Self.parse(row)) }
        let stream = ParsedRowStream(reader: try Self.reader(), threads: threads, parse: Self.parse)
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
    }
}
