import Foundation
import Testing
@testable import BrokerInput
import BrokerCase

@Suite struct TableReaderTests {
    static let schema = TransferRow.schema

    /// Opens `text` as a file called `name` and binds the transfers schema.
    static func open(_ text: String, name: String = "t.csv", allowUnknown: Bool = false) throws(InputError) -> TableReader {
        var reader = try TableReader(input: ByteInput(name: name, bytes: Array(text.utf8)))
        try reader.bind(schema, allowUnknown: allowUnknown)
        return reader
    }

    /// Every row as a column -> value map (or the error), reading on past errors.
    static func rows(_ reader: inout TableReader) -> [Result<[String: String], InputError>] {
        var out: [Result<[String: String], InputError>] = []
        for _ in 0..<1_000 {
            do {
                guard let row = try reader.next() else { return out }
                var map: [String: String] = ["line": String(row.line)]
                for (i, column) in schema.columns.enumerated() { if let v = row[i] { map[column] = v } }
                out.append(.success(map))
            } catch {
                out.append(.failure(error))
            }
        }
        Issue.record("reader does not stop")
        return out
    }

    static func fatal(_ text: String, name: String = "t.csv", allowUnknown: Bool = false) -> InputError? {
        do { _ = try open(text, name: name, allowUnknown: allowUnknown); return nil } catch { return error }
    }

    @Test(".tsv files are split on tabs: commas inside values stay in the value")
    func tabSeparated() throws {
        var reader = try Self.open("time\tfrom\tto\trecords\tcategory\tnote\n2025-03-01\ta, b\tc\t5\tproperty\tx,y\n",
                                   name: "ledger.TSV")
        let rows = Self.rows(&reader)
        #expect(rows.count == 1)
        let row = try rows[0].get()
        #expect(row["from"] == "a, b" && row["to"] == "c" && row["note"] == "x,y" && row["records"] == "5")
    }

    @Test("header names are matched case-insensitively and trimmed, in any order")
    func headers() throws {
        var reader = try Self.open("Category, TIME ,To,FROM,Records\nproperty,2025-02-14,b,a,12\n")
        #expect(reader.header == ["category", "time", "to", "from", "records"])
        let rows = Self.rows(&reader)
        #expect(try rows.map { try $0.get() } == [
            ["line": "2", "category": "property", "time": "2025-02-14", "to": "b", "from": "a", "records": "12"],
        ])
    }

    @Test("a duplicate column is fatal, named with the header line")
    func duplicate() throws {
        let error = try #require(Self.fatal("time,from,to,records,category,From\n"))
        #expect(error.isFatal && error.column == "from" && error.location.line == 1)
        #expect(error.description == "t.csv:1: from: duplicate column")
    }

    @Test("missing required columns are fatal and listed")
    func missing() throws {
        let error = try #require(Self.fatal("time,from,records\n"))
        #expect(error.isFatal)
        #expect(error.message.hasPrefix("missing required columns to, category"))
        // The header line is where the header is, after blank lines.
        #expect(Self.fatal("\n\ntime,from,to,records\n")?.location.line == 3)
    }

    @Test("unknown columns: fatal when strict, ignored when allowed")
    func unknown() throws {
        let text = "time,from,to,records,category,colour\n2025-02-14,a,b,1,other,red\n"
        let error = try #require(Self.fatal(text))
        #expect(error.isFatal && error.column == "colour" && error.message.hasPrefix("unknown column"))
        var reader = try Self.open(text, allowUnknown: true)
        #expect(reader.unknownColumns == ["colour"])
        #expect(try Self.rows(&reader).map { try $0.get() }
            == [["line": "2", "time": "2025-02-14", "from": "a", "to": "b", "records": "1", "category": "other"]])
    }

    @Test("an empty file is fatal")
    func empty() {
        #expect(Self.fatal("")?.message == "empty file: no header row")
        #expect(Self.fatal("", name: "t.jsonl")?.message == "empty file: no JSON object")
    }

    @Test("rows with too few or too many fields are errors; reading goes on; empty values are absent")
    func fieldCount() throws {
        var reader = try Self.open("time,from,to,records,category\n1,2\n2025-02-14,a,b,1,other,extra\n2025-02-14,a,b,,other\n")
        let rows = Self.rows(&reader)
        #expect(rows.count == 3)
        if case .failure(let e) = rows[0] { #expect(e.description == "t.csv:2: 2 fields where the header has 5" && !e.isFatal) }
        else { Issue.record("expected an error") }
        if case .failure(let e) = rows[1] { #expect(e.location.line == 3) } else { Issue.record("expected an error") }
        #expect(try rows[2].get()["records"] == nil)
    }

    @Test("JSON Lines: strings, numbers, booleans and null become text values")
    func jsonLines() throws {
        let text = """
            {"time": "2025-02-14", "from": "a", "to": "b", "records": 12, "category": "property", "amount": 1200.5}

            {"time": "2025-02-15T10:00:00+08:00", "FROM": "c", "to": "d", "records": 0, "category": "other", "amount": null, "note": true}
            {"time": "2025-02-16", "from": "e", "to": "f", "records": 7, "category": "credit", "batch": "", "channel": false}
            """
        var reader = try Self.open(text, name: "t.jsonl")
        #expect(reader.format == .jsonLines)
        let rows = try Self.rows(&reader).map { try $0.get() }
        #expect(rows == [
            ["line": "1", "time": "2025-02-14", "from": "a", "to": "b", "records": "12", "category": "property", "amount": "1200.5"],
            ["line": "3", "time": "2025-02-15T10:00:00+08:00", "from": "c", "to": "d", "records": "0", "category": "other", "note": "true"],
            ["line": "4", "time": "2025-02-16", "from": "e", "to": "f", "records": "7", "category": "credit", "channel": "false"],
        ])
    }

    @Test("JSON Lines: the format is detected from the first byte when the name does not tell")
    func detect() throws {
        let reader = try Self.open("  {\"time\":\"2025-02-14\",\"from\":\"a\",\"to\":\"b\",\"records\":1,\"category\":\"other\"}\n", name: "stdin")
        #expect(reader.format == .jsonLines)
        let csv = try Self.open("\u{FEFF}time,from,to,records,category\n", name: "stdin")
        #expect(csv.format == .csv && csv.header == ["time", "from", "to", "records", "category"])
    }

    @Test("JSON Lines: wrong types, unknown keys, non-objects and a truncated last line are row errors")
    func jsonErrors() throws {
        let text = """
            {"time": "2025-02-14", "from": "a", "to": "b", "records": 1, "category": "other"}
            {"time": "2025-02-14", "from": ["a"], "to": "b", "records": 1, "category": "other"}
            {"time": "2025-02-14", "from": "a", "to": "b", "records": 1, "category": "other", "colour": "red"}
            [1, 2]
            not json
            {"time": "2025-02-14", "from": "a", "to": "b", "records": 1, "category": "ot
            """
        var reader = try Self.open(text, name: "t.jsonl")
        let rows = Self.rows(&reader)
        #expect(rows.count == 6)
        #expect((try? rows[0].get()) != nil)
        let messages = rows.dropFirst().map { result -> String in
            if case .failure(let e) = result { return e.description }
            return "no error"
        }
        #expect(messages == [
            "t.jsonl:2: from: expected a string or a number, found a JSON array or object",
            "t.jsonl:3: colour: unknown key (known: \(Self.schema.columns.joined(separator: ", ")))",
            "t.jsonl:4: expected a JSON object",
            "t.jsonl:5: invalid JSON (truncated line, or not JSON)",
            "t.jsonl:6: invalid JSON (truncated line, or not JSON)",
        ])
    }

    @Test("JSON Lines: a first object with a missing required key is fatal")
    func jsonMissing() {
        let error = Self.fatal("{\"time\": \"2025-02-14\", \"from\": \"a\"}\n", name: "t.jsonl")
        #expect(error?.isFatal == true)
        #expect(error?.message.hasPrefix("missing required columns to, records, category") == true)
    }

    @Test("JSON Lines: numbers that are not whole come through as written, to be rejected as counts")
    func jsonNumbers() throws {
        var reader = try Self.open("""
            {"time": "2025-02-14", "from": "a", "to": "b", "records": 1.5, "category": "other"}
            {"time": "2025-02-14", "from": "a", "to": "b", "records": -3, "category": "other"}
            {"time": "2025-02-14", "from": "a", "to": "b", "records": true, "category": "other"}
            """, name: "t.jsonl")
        let rows = try Self.rows(&reader).map { try $0.get()["records"] }
        #expect(rows == ["1.5", "-3", "true"])
        for text in rows { #expect(throws: Number.Problem.self) { try Number.count(text!) } }
    }

    @Test("JSON Lines with CRLF ends and a byte-order mark")
    func jsonLineEnds() throws {
        let text = "\u{FEFF}{\"time\":\"2025-02-14\",\"from\":\"a\",\"to\":\"b\",\"records\":1,\"category\":\"other\"}\r\n\r\n{\"time\":\"2025-02-15\",\"from\":\"a\",\"to\":\"b\",\"records\":2,\"category\":\"other\"}\r\n"
        var reader = try Self.open(text, name: "t.ndjson")
        #expect(try Self.rows(&reader).map { try $0.get()["line"] } == ["1", "3"])
    }

    @Test("read in tiny chunks (as from a pipe), CSV and JSON Lines give the same rows", arguments: [1, 2, 3, 4])
    func tinyChunks(size: Int) throws {
        let csv = "\u{FEFF}time,from,to,records,category\r\n2025-02-14,a,b,1,\"oth\"\"er\"\r\n"
        let jsonl = "\u{FEFF}{\"time\":\"2025-02-14\",\"from\":\"a\",\"to\":\"b\",\"records\":1,\"category\":\"oth\\\"er\"}\r\n"
        for (text, line) in [(csv, "2"), (jsonl, "1")] {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("tbl-\(UUID().uuidString)")
            try Data(text.utf8).write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            var reader = try TableReader(input: ByteInput(path: url.path, chunkSize: size))
            try reader.bind(Self.schema, allowUnknown: false)
            #expect(try Self.rows(&reader).map { try $0.get() }
                == [["line": line, "time": "2025-02-14", "from": "a", "to": "b", "records": "1", "category": "oth\"er"]])
        }
    }
}
