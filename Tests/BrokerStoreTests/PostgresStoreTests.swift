import BrokerCase
import BrokerInput
import BrokerStore
import BrokerTestSupport
import Foundation
import Testing

/// The store's two backends: a case file, and a named case on PostgreSQL.
enum Backend: String, CaseIterable, CustomTestStringConvertible {
    case sqlite, postgres
    var testDescription: String { rawValue }

    /// The backends to test here: PostgreSQL when a server is given (always under CI, where a
    /// missing server fails).
    static var available: [Backend] { TestPostgres.enabled ? [.sqlite, .postgres] : [.sqlite] }

    /// A new empty case of this backend, for one test.
    func open(_ scratch: Scratch, name: String = #function,
              environment: [String: String] = ProcessInfo.processInfo.environment) throws -> any CaseDatabase {
        switch self {
        case .sqlite: try CaseStore(path: scratch.path("case.sqlite"), create: true, environment: environment)
        case .postgres: try PostgresStore(url: TestPostgres.requireURL(), case: TestPostgres.caseName(name), create: true,
                                          environment: environment)
        }
    }
}

private let sampleFiles = ["parties.csv", "transfers.csv"].map { Repository.sample.appendingPathComponent($0).path }
private let keyEnvironment = [CaseKey.environmentVariable: String(repeating: "5a", count: 32)]

/// Everything a load gives, comparable.
private func fingerprint(_ data: CaseData) -> String {
    var out = data.parties.map { "\($0)" }.joined(separator: "\n")
    for i in 0..<data.transfers.count { out += "\n\(data.transfers[i])" }
    out += "\n\(data.payments)\n\(data.internalTransfers) \(data.offsetSeconds) \(data.ingests.map { [$0.kind, $0.file, $0.sha256, "\($0.rows)"] })"
    return out
}

/// Every row's text as `forEachText` gives it, in runs of 7 rows.
func texts(_ data: CaseData) -> [TransferText] {
    var texts: [TransferText] = []
    data.transfers.forEachText(run: 7) { i, text in
        #expect(i == texts.count)
        texts.append(text)
    }
    return texts
}

@Suite struct PostgresStoreTests {
    @Test(arguments: Backend.available)
    func sampleCaseLoadsAsFromTheFile(_ backend: Backend) throws {
        let scratch = try Scratch()
        let reference = try CaseStore(path: scratch.path("reference.sqlite"), create: true, environment: keyEnvironment)
        let batches = Repository.sample.appendingPathComponent("batches.csv").path
        _ = try reference.ingest(paths: sampleFiles + [batches], kind: nil, mapping: nil, owner: nil, lenient: false,
                                 offsetSeconds: nil, progress: nil)
        let store = try backend.open(scratch, environment: keyEnvironment)
        let reports = try store.ingest(paths: sampleFiles + [batches], kind: nil, mapping: nil, owner: nil, lenient: false,
                                       offsetSeconds: nil, progress: nil)
        #expect(reports.map(\.accepted) == [42, 261, 3560])
        #expect(fingerprint(try store.load()) == fingerprint(try reference.load()))
        #expect(fingerprint(try store.loadCompact()) == fingerprint(try reference.loadCompact()))
        #expect(texts(try store.loadCompact()) == texts(try reference.load()), "text read a run of rows at a time")
        #expect("\(try store.summary())" == "\(try reference.summary())")
        #expect(try store.loadBatchContents().batches.mapValues(\.count) == reference.loadBatchContents().batches.mapValues(\.count))
        #expect(try store.auditLog().map(\.action) == ["ingest", "ingest", "ingest"])
        // The same files again add nothing.
        let again = try store.ingest(paths: sampleFiles, kind: nil, mapping: nil, owner: nil, lenient: false,
                                     offsetSeconds: nil, progress: nil)
        #expect(again.allSatisfy { $0.alreadyIngested })
        #expect(try store.summary().transfers == 261)
    }

    @Test(arguments: Backend.available)
    func hostileTextSurvivesAsWritten(_ backend: Backend) throws {
        let scratch = try Scratch()
        // Names with every character COPY's text format escapes, quotes and SQL.
        let names = ["tab\there", "new\nline", "cr\rhere", "back\\slash\\N", "\\N", "' OR 1=1 --", "%_", "\"q\"", "𝒳 王芳"]
        var parties = "id,name,aliases\n"
        for (i, name) in names.enumerated() {
            parties += "p\(i),\(csv(name)),\(csv(name + "-alias"))\n"
        }
        var transfers = "id,time,from,to,records,category,note\n"
        for i in 0..<names.count {
            transfers += "t\(i),2025-03-0\(i % 9 + 1) 10:00,p\(i),p\((i + 1) % names.count),\(i + 1),property,\(csv(names[i]))\n"
        }
        let files = [try scratch.write("parties.csv", parties), try scratch.write("transfers.csv", transfers)]
        let reference = try CaseStore(path: scratch.path("reference.sqlite"), create: true)
        _ = try reference.ingest(paths: files, kind: nil, mapping: nil, owner: nil, lenient: false, offsetSeconds: nil, progress: nil)
        let store = try backend.open(scratch)
        _ = try store.ingest(paths: files, kind: nil, mapping: nil, owner: nil, lenient: false, offsetSeconds: nil, progress: nil)
        let data = try store.load()
        #expect(data.parties.map(\.name) == names)
        #expect(fingerprint(data) == fingerprint(try reference.load()))
        for name in names { #expect(try store.partyKey(named: name + "-alias") != nil) }
    }

    @Test(arguments: Backend.available)
    func strictFailureLeavesTheCaseAsItWas(_ backend: Backend) throws {
        let scratch = try Scratch()
        let store = try backend.open(scratch)
        _ = try store.ingest(paths: sampleFiles, kind: nil, mapping: nil, owner: nil, lenient: false, offsetSeconds: nil, progress: nil)
        let before = fingerprint(try store.load())
        let bad = try scratch.write("bad.csv", "id,time,from,to,records,category\nx1,2025-03-01,a,b,5,property\nx2,2025-03-02,a,b,many,property\n")
        #expect(throws: InputError.self) {
            try store.ingest(paths: [bad], kind: nil, mapping: nil, owner: nil, lenient: false, offsetSeconds: nil, progress: nil)
        }
        #expect(fingerprint(try store.load()) == before)
        let lenient = try store.ingest(paths: [bad], kind: nil, mapping: nil, owner: nil, lenient: true, offsetSeconds: nil, progress: nil)
        #expect(lenient.first?.rejected == 1)
        #expect(try store.rejectedRows().map(\.line) == [3])
        // A row id already in the case is a duplicate, in the server's case as in the file.
        let duplicate = try scratch.write("dup.csv", "id,time,from,to,records,category\nx1,2025-03-05,a,c,5,property\n")
        #expect(throws: InputError.self) {
            try store.ingest(paths: [duplicate], kind: nil, mapping: nil, owner: nil, lenient: false, offsetSeconds: nil, progress: nil)
        }
    }

    /// A parties file read after transfers named a party by an alias merges the undeclared party into
    /// the declared one, and moves its earlier transfers: on the server as in the file.
    @Test(arguments: Backend.available)
    func laterDeclarationMergesEarlierParties(_ backend: Backend) throws {
        let scratch = try Scratch()
        let transfers = try scratch.write("t.csv", "id,time,from,to,records,category\nt1,2025-03-01,老李,buyer,5,property\nt2,2025-03-02,buyer,end,3,property\n")
        let parties = try scratch.write("p.csv", "id,name,aliases\nli,李晓峰,老李\n")
        let more = try scratch.write("t2.csv", "id,time,from,to,records,category\nt3,2025-03-04,li,end,7,property\n")
        let reference = try CaseStore(path: scratch.path("reference.sqlite"), create: true)
        let store = try backend.open(scratch)
        for file in [transfers, parties, more] {
            _ = try reference.ingest(paths: [file], kind: nil, mapping: nil, owner: nil, lenient: false, offsetSeconds: nil, progress: nil)
            _ = try store.ingest(paths: [file], kind: nil, mapping: nil, owner: nil, lenient: false, offsetSeconds: nil, progress: nil)
        }
        let data = try store.load()
        #expect(data.parties.map(\.key).sorted() == ["buyer", "end", "li"])
        #expect(fingerprint(data) == fingerprint(try reference.load()))
        #expect(try store.partyKey(named: "老李") == "li")
    }

    @Test(.enabled(if: TestPostgres.enabled))
    func pushThenPullLosesNothing() throws {
        let scratch = try Scratch()
        let file = scratch.path("field.sqlite")
        let local = try CaseStore(path: file, create: true, environment: keyEnvironment)
        let batches = Repository.sample.appendingPathComponent("batches.csv").path
        _ = try local.ingest(paths: sampleFiles + [batches], kind: nil, mapping: nil, owner: nil, lenient: false,
                             offsetSeconds: nil, progress: nil)
        try local.recordDecision(.split, "li", nil, reason: "test")
        let name = TestPostgres.caseName()
        let server = try PostgresStore(url: TestPostgres.requireURL(), case: name, create: true, environment: keyEnvironment)
        let counts = try server.push(from: local, source: file)
        #expect(counts["transfers"] == 261)
        #expect(fingerprint(try server.load()) == fingerprint(try local.load()))
        #expect(throws: StoreError.self) { try server.push(from: local, source: file) }   // not into a case with data
        let back = scratch.path("back.sqlite")
        try PostgresStore(url: TestPostgres.requireURL(), case: name, environment: keyEnvironment).pull(to: back)
        let pulled = try CaseStore(path: back, environment: keyEnvironment)
        #expect(withoutAudit(try pulled.dump()) == withoutAudit(try local.dump()))
        let audit = try pulled.auditLog()
        #expect(Array(audit.prefix(4)) == (try local.auditLog()))
        #expect(audit.dropFirst(4).map(\.action) == ["push", "pull"])   // the server's log up to the snapshot, then the file's own
        #expect(!FileManager.default.fileExists(atPath: CaseKey.path(forDatabase: back)))
    }

    @Test(.enabled(if: TestPostgres.enabled))
    func clearErrors() throws {
        let url = try TestPostgres.requireURL()
        let missing = #expect(throws: StoreError.self) { try PostgresStore(url: url, case: "no such case \(UUID())") }
        #expect(missing?.message.contains("no such case") == true)
        let refused = #expect(throws: StoreError.self) { try PostgresStore(url: "postgresql://nobody:secret@127.0.0.1:1/x", case: "c") }
        #expect(refused?.message.hasPrefix("postgresql://127.0.0.1:1/x: cannot connect") == true)
        #expect(refused?.message.contains("secret") == false)
        let bad = #expect(throws: StoreError.self) { try PostgresStore(url: "postgresql://host:notaport:x/?bogus=1", case: "c") }
        #expect(bad?.message.contains("bogus") == true || bad?.message.contains("invalid") == true)
    }
}

/// A dump without the audit log (a push and a pull add their own entries).
func withoutAudit(_ dump: String) -> String {
    var out: [Substring] = []
    var skipping = false
    for line in dump.split(separator: "\n", omittingEmptySubsequences: false) {
        if line.hasPrefix("-- ") { skipping = line == "-- audit" }
        if !skipping { out.append(line) }
    }
    return out.joined(separator: "\n")
}

/// A CSV field, quoted.
func csv(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
