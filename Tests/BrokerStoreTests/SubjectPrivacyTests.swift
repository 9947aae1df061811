import BrokerCase
import BrokerInput
import BrokerStore
import Foundation
import Testing

/// Residents' identifiers never reach the case file; the key lives apart from it.
struct SubjectPrivacyTests {
    /// Every identifier of batches.csv, as written.
    static func sampleSubjects() throws -> Set<String> {
        let lines = try String(contentsOfFile: Sample.path("batches.csv"), encoding: .utf8).components(separatedBy: "\n")
        return Set(lines.dropFirst().compactMap { $0.split(separator: ",").dropFirst().first.map(String.init) })
    }

    /// All runs of 11 ASCII digits in some bytes (phone numbers are 11 digits).
    static func elevenDigitRuns(_ bytes: [UInt8]) -> Set<String> {
        var found = Set<String>()
        var run: [UInt8] = []
        func flush() {
            if run.count >= 11 { for i in 0...(run.count - 11) { found.insert(String(decoding: run[i..<(i + 11)], as: UTF8.self)) } }
            run.removeAll(keepingCapacity: true)
        }
        for b in bytes { if b >= 0x30 && b <= 0x39 { run.append(b) } else { flush() } }
        flush()
        return found
    }

    static func caseFiles(_ db: String) -> [(String, [UInt8])] {
        ["", "-wal", "-shm", "-journal"].compactMap { suffix in
            FileManager.default.contents(atPath: db + suffix).map { (db + suffix, [UInt8]($0)) }
        }
    }

    @Test func knownPhoneNumbersAppearNowhereInTheCaseFile() throws {
        let temp = try TemporaryCase()
        var store: CaseStore? = try Sample.ingest(into: temp.db)
        // A lenient run with bad rows: rejected rows must not keep the identifier either.
        let bad = temp.directory.appendingPathComponent("bad-batches.csv")
        try "batch,subject,category\nB-X,13900001111,gossip\n,13900002222,property\nB-X,13900003333,property\n"
            .write(to: bad, atomically: true, encoding: .utf8)
        let reports = try store!.ingest(paths: [bad.path], lenient: true)
        #expect(reports[0].kind == "batches" && reports[0].rejected == 2 && reports[0].accepted == 1)
        #expect(try store!.rejectedRows().map(\.column) == ["category", "batch"])

        let subjects = try Self.sampleSubjects().union(["13900001111", "13900002222", "13900003333"])
        #expect(subjects.contains("13700000266") && subjects.count > 2000)
        func check(_ moment: String) {
            let files = Self.caseFiles(temp.db)
            #expect(files.contains { $0.0.hasSuffix(".sqlite") })
            for (path, bytes) in files {
                #expect(Data(bytes).range(of: Data("13700000266".utf8)) == nil, "\(moment): \(path) holds a known phone number")
                let leaked = Self.elevenDigitRuns(bytes).intersection(subjects)
                #expect(leaked.isEmpty, "\(moment): \(path) holds \(leaked.count) identifiers")
            }
        }
        #expect(FileManager.default.fileExists(atPath: temp.db + "-wal"))
        check("while open (write-ahead log in use)")
        store = nil
        check("after closing")
    }

    @Test func keyFileIsCreatedWithTheCaseAndPrivate() throws {
        let temp = try TemporaryCase()
        _ = try CaseStore(path: temp.db, create: true, environment: [:])
        let keyPath = CaseKey.path(forDatabase: temp.db)
        let attributes = try FileManager.default.attributesOfItem(atPath: keyPath)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let text = try String(contentsOfFile: keyPath, encoding: .utf8)
        #expect(text.count == 65 && text.hasSuffix("\n"))
        // A key file others can read is refused.
        chmod(keyPath, 0o644)
        #expect(throws: CaseKeyError.self) { try CaseKey.load(forDatabase: temp.db, environment: [:]) }
    }

    @Test func keyFromTheEnvironmentAndMismatches() throws {
        let temp = try TemporaryCase()
        let hex = String(repeating: "5a", count: 32)
        let env = [CaseKey.environmentVariable: hex]
        let store = try Sample.ingest(into: temp.db, environment: env)
        #expect(!FileManager.default.fileExists(atPath: CaseKey.path(forDatabase: temp.db)))
        let key = try store.caseKey()
        #expect(key.origin == CaseKey.environmentVariable)
        // The same resident in two batches is one subject: the distinct identifiers of the file.
        let contents = try store.loadBatchContents()
        #expect(contents.subjects.count == (try SubjectPrivacyTests.sampleSubjects()).count)
        let expected = HMAC.sha256(key: Array(repeating: 0x5a, count: 32), message: Array("13700000266".utf8))
        #expect(contents.subjects.contains(expected))
        let both = contents.batches.filter { $0.value.contains { contents.subjects[Int($0.subject)] == expected } }.keys.sorted()
        #expect(both == ["B-NIU-03", "B-NIU-04"])
        // Another key is refused, and so is no key at all once residents are stored.
        let other = try CaseStore(path: temp.db, environment: [CaseKey.environmentVariable: String(repeating: "a5", count: 32)])
        #expect(throws: CaseKeyError.self) { try other.caseKey() }
        let more = temp.directory.appendingPathComponent("more.csv")
        try "batch,subject\nB-Y,13900004444\n".write(to: more, atomically: true, encoding: .utf8)
        #expect(throws: CaseKeyError.self) { try other.ingest(paths: [more.path]) }
        let none = try CaseStore(path: temp.db, environment: [:])
        #expect(throws: CaseKeyError.self) { try none.caseKey() }
        #expect(throws: CaseKeyError.self) { try CaseKey.load(forDatabase: temp.db, environment: [CaseKey.environmentVariable: "xyz"]) }
    }
}
