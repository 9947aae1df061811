import BrokerCase
import BrokerInput
import BrokerStore
import Foundation
import Testing
import BrokerTestSupport

/// One line of `BadInput/expected.tsv`.
struct BadInputCase: CustomTestStringConvertible, Sendable {
    var file: String
    /// Substring of the strict-mode message, or nil when the file is accepted.
    var strictMessage: String?
    /// Rows stored in lenient mode, or nil when the file is refused as a whole.
    var lenientAccepted: Int?
    /// Lines set aside in lenient mode.
    var rejectedLines: [Int]
    var testDescription: String { file }

    static let all: [BadInputCase] = {
        let text = try! String(contentsOf: Repository.badInput.appendingPathComponent("expected.tsv"), encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            precondition(f.count == 4, "expected.tsv: 4 tab-separated fields per line: \(line)")
            return BadInputCase(file: f[0], strictMessage: f[1] == "-" ? nil : f[1],
                                lenientAccepted: f[2] == "fatal" ? nil : Int(f[2])!,
                                rejectedLines: f[3] == "-" ? [] : f[3].split(separator: ",").map { Int($0)! })
        }
    }()
}

@Suite("Bad input") struct BadInputTests {
    /// The sample case, ingested once and kept in memory; each test writes its own copy.
    static let baseCase: Data = {
        let dir = Repository.temporaryDirectory("base")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("base.sqlite")
        try! Fixture.sampleCase(at: path.path)   // closed again: WAL checkpointed into the file
        let handle = try! FileHandle(forReadingFrom: path)
        defer { try? handle.close() }
        return try! handle.readToEnd() ?? Data()
    }()

    static func copyOfBase(in dir: URL) -> String {
        let path = dir.appendingPathComponent("case.sqlite")
        try! baseCase.write(to: path)
        return path.path
    }

    @Test("every corpus file is listed in expected.tsv")
    func corpusIsListed() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Repository.badInput.path)
            .filter { !["expected.tsv", "generate.py"].contains($0) }
        #expect(Set(files) == Set(BadInputCase.all.map(\.file)))
    }

    @Test("strict: a clear message, and the database exactly as before", arguments: BadInputCase.all)
    func strict(_ c: BadInputCase) throws {
        let dir = Repository.temporaryDirectory(c.file)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try CaseStore(path: Self.copyOfBase(in: dir))
        let before = try store.dump()
        let file = Repository.badInput.appendingPathComponent(c.file).path
        let transfersBefore = try store.load().transfers.count
        if let message = c.strictMessage {
            let error = #expect(throws: InputError.self) { try store.ingest(paths: [file]) }
            #expect(error?.description.contains(message) == true, "\(error?.description ?? "no error")")
            #expect(error?.description.hasPrefix(file + ":") == true)
            #expect(error?.description.leakedPersonalValues == [])
            #expect(try store.dump() == before)
        } else {
            let reports = try store.ingest(paths: [file])
            #expect(reports.map(\.accepted) == [c.lenientAccepted])
            #expect(try store.load().transfers.count == transfersBefore + (c.lenientAccepted ?? -1))
        }
        #expect(try store.integrityCheck() == "ok")
    }

    @Test("lenient: each bad row kept with its reason, every good row stored", arguments: BadInputCase.all)
    func lenient(_ c: BadInputCase) throws {
        let dir = Repository.temporaryDirectory(c.file)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try CaseStore(path: Self.copyOfBase(in: dir))
        let before = try store.dump()
        let transfersBefore = try store.load().transfers.count
        let file = Repository.badInput.appendingPathComponent(c.file).path
        guard let accepted = c.lenientAccepted else {
            let error = #expect(throws: InputError.self) { try store.ingest(paths: [file], lenient: true) }
            #expect(error?.isFatal == true)
            #expect(error?.description.contains(c.strictMessage ?? "?") == true, "\(error?.description ?? "no error")")
            #expect(try store.dump() == before)
            return
        }
        let reports = try store.ingest(paths: [file], lenient: true)
        #expect(reports.map(\.accepted) == [accepted])
        #expect(reports.map(\.rejected) == [c.rejectedLines.count])
        let data = try store.load()
        #expect(data.transfers.count == transfersBefore + accepted)
        let good = Set(data.transfers.label.filter { $0.hasPrefix("G") })
        #expect(good.count == accepted, "good rows G1... all stored")
        let rejected = try store.rejectedRows()
        #expect(rejected.map(\.line) == c.rejectedLines)
        for row in rejected {
            #expect(row.file == file)
            if let message = c.strictMessage {
                // The reason stored is the one strict mode reports (without the FILE:LINE: prefix).
                let expected = message.split(separator: ": ", maxSplits: 1).last.map(String.init) ?? message
                #expect("\(row.column.map { "\($0): " } ?? "")\(row.reason)".contains(expected), "\(row.reason)")
            }
            #expect(row.reason.leakedPersonalValues == [])
        }
        #expect(try store.integrityCheck() == "ok")
    }

    @Test("a 10 MB line is refused with a message, and the rows around it are read",
          arguments: ["csv", "quoted csv", "jsonl"])
    func tenMegabyteLine(_ variant: String) throws {
        let dir = Repository.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let jsonl = variant == "jsonl", quote = variant == "quoted csv" ? "\"" : ""
        let file = dir.appendingPathComponent(jsonl ? "long_line.jsonl" : "long_line.csv")
        func row(_ id: String, _ note: String) -> String {
            jsonl ? #"{"id":"\#(id)","time":"2025-03-01","from":"王芳13800138000","to":"老李","records":1,"category":"property","note":"\#(note)"}"# + "\n"
                : "\(id),2025-03-01,王芳13800138000,老李,10,property,\(note)\n"
        }
        var bytes = Array((jsonl ? "" : "id,time,from,to,records,category,note\n").utf8) + Array(row("G1", "ok").utf8)
        let long = Array(row("X1", "@@").utf8), at = long.firstIndex(of: UInt8(ascii: "@"))!
        bytes += long[..<at] + Array(quote.utf8)
        let phrase = Array("13800138000 ".utf8)
        bytes.reserveCapacity(bytes.count + 10_000_200)
        for _ in 0..<(10_000_000 / phrase.count) { bytes += phrase }
        bytes += Array(quote.utf8) + long[(at + 2)...] + Array(row("G2", "ok").utf8)
        try Data(bytes).write(to: file)
        bytes = []
        let line = jsonl ? 2 : 3
        let store = try CaseStore(path: Self.copyOfBase(in: dir))
        let before = try store.dump()
        let error = #expect(throws: InputError.self) { try store.ingest(paths: [file.path]) }
        let expected = jsonl ? "long_line.jsonl:2: line longer than 4 MiB" : "long_line.csv:3: note: \(quote.isEmpty ? "" : "quoted ")field longer than 1 MiB"
        #expect(error?.description.contains(expected) == true, "\(error?.description ?? "")")
        #expect(error?.description.leakedPersonalValues == [])
        #expect(try store.dump() == before)
        let reports = try store.ingest(paths: [file.path], lenient: true)
        #expect(reports.map(\.accepted) == [2])
        #expect(try store.rejectedRows().map(\.line) == [line])
    }

    @Test("deeply nested JSON is refused as a row, not a stack overflow")
    func deepJSON() throws {
        let dir = Repository.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("deep.jsonl")
        let good = #"{"time":"2025-03-01","from":"a","to":"b","records":1,"category":"property"}"#
        let deep = #"{"time":"2025-03-01","from":"a","to":"b","records":1,"category":"property","note":"#
            + String(repeating: #"{"a":"#, count: 100_000) + "1" + String(repeating: "}", count: 100_001)
        try Fixture.write([good, String(repeating: "[", count: 1_000_000), deep].joined(separator: "\n") + "\n", to: file)
        let store = try CaseStore(path: dir.appendingPathComponent("d.sqlite").path, create: true)
        let reports = try store.ingest(paths: [file.path], lenient: true)
        #expect(reports.map(\.accepted) == [1])
        #expect(try store.rejectedRows().map(\.line) == [2, 3])
    }

    @Test("quoted fields keep commas, quotes and line breaks (CRLF too) exactly")
    func quotedValues() throws {
        let dir = Repository.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try CaseStore(path: dir.appendingPathComponent("q.sqlite").path, create: true)
        _ = try store.ingest(paths: [Repository.badInput.appendingPathComponent("quoted.csv").path])
        let data = try store.load()
        #expect(Array(data.transfers.note) == ["said \"hi\", then left", "line one\nline two\r\nline three", nil,
                                        "\"quoted\" , comma"])
        #expect(data.parties.map(\.name).contains("王芳13800138000, the agent"))
        #expect(data.transfers.source.map(\.line) == [2, 3, 6, 7])
    }
}

@Suite("Readers over chunk boundaries") struct ChunkBoundaryTests {
    /// Everything a reader makes of some bytes: rows, or errors, in order.
    static func read(_ bytes: [UInt8], name: String, chunkSize: Int) -> [String] {
        var out: [String] = []
        do {
            var reader = try TableReader(input: ByteInput(name: name, bytes: bytes, chunkSize: chunkSize))
            try reader.bind(TransferRow.schema, allowUnknown: true)
            while true {
                do {
                    guard let row = try reader.next() else { break }
                    out.append("\(row.line): \(row.values.map { $0 ?? "nil" })")
                } catch {
                    out.append("error \(error)")
                }
            }
        } catch {
            out.append("fatal \(error)")
        }
        return out
    }

    @Test("every corpus file reads the same whatever the chunk size", arguments: BadInputCase.all.map(\.file))
    func sameRows(_ file: String) throws {
        // Not Data(contentsOf:), which leaks a buffer on an empty file in this Foundation.
        let handle = try FileHandle(forReadingFrom: Repository.badInput.appendingPathComponent(file))
        defer { try? handle.close() }
        let bytes = [UInt8](try handle.readToEnd() ?? Data())
        let whole = Self.read(bytes, name: file, chunkSize: 1 << 20)
        for size in [1, 2, 3, 5, 64] {
            #expect(Self.read(bytes, name: file, chunkSize: size) == whole, "chunk size \(size)")
        }
    }
}
