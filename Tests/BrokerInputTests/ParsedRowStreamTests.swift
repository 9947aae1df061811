import BrokerCase
import Foundation
import Testing
@testable import BrokerInput

/// Checking rows on several threads hands over the same rows, in file order, as on one.
@Suite struct ParsedRowStreamTests {
    /// `rows` transfers, every 97th one bad, and a row split badly (an unclosed quote) near the end.
    static func input(rows: Int) -> String {
        var text = "id,time,from,to,records,category,note\n"
        for i in 0..<rows {
            let records = i % 97 == 0 ? "-\(i)" : String(i)
            text += "R\(i),2025-03-\(String(format: "%02d", 1 + i % 28)) 10:00,p\(i % 50),p\((i + 1) % 50),\(records),property,\"n \(i)\"\n"
        }
        return text + "R-last,2025-01-01,a,b,1,other,\"unclosed\n"
    }

    /// Every row the stream hands over, described, and the input's SHA-256.
    static func read(_ text: String, workers: Int) throws -> ([String], String) {
        var reader = try TableReader(input: ByteInput(name: "t.csv", bytes: Array(text.utf8), chunkSize: 4096))
        try reader.bind(TransferRow.schema, allowUnknown: false)
        let stream = ParsedRowStream(reader: reader, workers: workers) { row in
            do throws(InputError) { return .transfer(try TransferRow(row, file: "t.csv", offsetSeconds: 28_800)) } catch {
                return .bad(error, raw: nil)
            }
        }
        defer { stream.cancel() }
        var out: [String] = []
        do {
            while let row = try stream.next() { out.append(String(describing: row)) }
        } catch {
            out.append("fatal: \(error)")
        }
        return (out, stream.sha256)
    }

    @Test("the same rows in the same order for 1, 2, 3 and 8 workers", arguments: [1, 2, 3, 8])
    func sameForAnyWorkers(workers: Int) throws {
        let text = Self.input(rows: 9_000)   // several batches of 2048
        let (one, hash) = try Self.read(text, workers: 1)
        let (many, manyHash) = try Self.read(text, workers: workers)
        #expect(one.count == 9_001)
        #expect(one.filter { $0.hasPrefix("bad") }.count >= 9_000 / 97)
        #expect(many == one)
        #expect(manyHash == hash && hash.count == 64)
    }

    @Test("a caller that stops early (strict mode) ends the threads")
    func cancelEarly() throws {
        var reader = try TableReader(input: ByteInput(name: "t.csv", bytes: Array(Self.input(rows: 50_000).utf8)))
        try reader.bind(TransferRow.schema, allowUnknown: false)
        let stream = ParsedRowStream(reader: reader, workers: 3) { _ in .bad(InputError(SourceLocation(file: "t.csv", line: 0), "x"), raw: nil) }
        _ = try stream.next()
        stream.cancel()
    }
}
