import BrokerCase
import BrokerInput
import BrokerStore
import Foundation
import Testing
import BrokerTestSupport

@Suite("Hostile text") struct HostileTextTests {
    @Test("names and free text are stored exactly as given (CSV and JSON Lines), and the schema is intact",
          arguments: ["csv", "jsonl"])
    func roundTrip(_ format: String) throws {
        let dir = Repository.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("hostile.\(format)")
        if format == "csv" {
            try Fixture.write(HostileText.transfersCSV(), to: file)
        } else {
            var lines = ""
            let names = HostileText.names
            for (i, name) in names.enumerated() {
                let object: [String: Any] = [
                    "id": "H\(i)", "time": "2025-03-\(String(format: "%02d", i + 1))", "from": name,
                    "to": names[(i + 1) % names.count], "records": 10 + i, "category": "property", "mode": "sale",
                    "channel": names[(i + 2) % names.count], "evidence": names[(i + 3) % names.count],
                    "note": names[(i + 4) % names.count]]
                lines += String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self) + "\n"
            }
            try Fixture.write(lines, to: file)
        }
        let store = try CaseStore(path: dir.appendingPathComponent("h.sqlite").path, create: true)
        let reports = try store.ingest(paths: [file.path])
        #expect(reports.map(\.accepted) == [HostileText.names.count])
        let data = try store.load()
        #expect(Set(data.parties.map(\.key)) == Set(HostileText.names))
        #expect(Set(data.parties.map(\.name)) == Set(HostileText.names))
        let n = HostileText.names.count
        for i in 0..<n {
            let row = try #require(data.transfers.label.firstIndex(of: "H\(i)"))
            #expect(data.parties[Int(data.transfers.from[row])].key == HostileText.names[i])
            #expect(data.parties[Int(data.transfers.to[row])].key == HostileText.names[(i + 1) % n])
            #expect(data.transfers.channel[row] == HostileText.names[(i + 2) % n])
            #expect(data.transfers.evidence[row] == HostileText.names[(i + 3) % n])
            #expect(data.transfers.note[row] == HostileText.names[(i + 4) % n])
        }
        #expect(try store.integrityCheck() == "ok")
        #expect(try store.dump().contains("table transfers"))
    }

    @Test("a parties file with hostile ids, names and aliases")
    func parties() throws {
        let dir = Repository.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("parties.csv")
        var text = "id,name,aliases,occupation,insider,organization\n"
        let names = HostileText.names
        for (i, name) in names.enumerated() {
            // `;` separates aliases, so an alias with `;` in it cannot be given: use the others.
            let alias = names[(i + 5) % names.count].replacingOccurrences(of: ";", with: ",") + " #\(i)"
            text += [HostileText.csv("P\(i) " + name), HostileText.csv(name), HostileText.csv(alias),
                     HostileText.csv(names[(i + 1) % names.count]), "false", HostileText.csv(names[(i + 2) % names.count])]
                .joined(separator: ",") + "\n"
        }
        try Fixture.write(text, to: file)
        let store = try CaseStore(path: dir.appendingPathComponent("p.sqlite").path, create: true)
        _ = try store.ingest(paths: [file.path])
        let data = try store.load()
        #expect(data.parties.count == names.count)
        for (i, name) in names.enumerated() {
            let party = try #require(data.parties.first { $0.key == "P\(i) " + name })
            #expect(party.name == name)
            #expect(party.aliases.contains(names[(i + 5) % names.count].replacingOccurrences(of: ";", with: ",") + " #\(i)"))
            #expect(party.occupation == names[(i + 1) % names.count])
            #expect(party.organization == names[(i + 2) % names.count])
        }
    }
}

@Suite("Privacy") struct PrivacyTests {
    @Test("a case file, its WAL files and its key file are readable by their owner only")
    func ownerOnly() throws {
        let dir = Repository.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let old = umask(0o022)   // a permissive umask: the store must not depend on the caller's
        defer { umask(old) }
        let path = dir.appendingPathComponent("case.sqlite").path
        let store = try CaseStore(path: path, create: true)
        _ = try store.ingest(paths: [Repository.sample.appendingPathComponent("transfers.csv").path])
        for suffix in ["", "-wal", "-shm", ".key"] where FileManager.default.fileExists(atPath: path + suffix) {
            let mode = try FileManager.default.attributesOfItem(atPath: path + suffix)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(suffix.isEmpty ? "case file" : suffix): \(String(mode ?? 0, radix: 8))")
        }
    }

    @Test("messages about bad rows name file, line and column but never a personal value")
    func noPersonalValuesInMessages() throws {
        let dir = Repository.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try CaseStore(path: dir.appendingPathComponent("c.sqlite").path, create: true)
        for c in BadInputCase.all {
            let file = Repository.badInput.appendingPathComponent(c.file).path
            do { _ = try store.ingest(paths: [file]) } catch let error as InputError {
                #expect(error.description.leakedPersonalValues == [], "\(c.file)")
                #expect(error.location.file == file)
            }
            do { _ = try store.ingest(paths: [file], lenient: true) } catch let error as InputError {
                #expect(error.description.leakedPersonalValues == [], "\(c.file)")
            }
        }
        for row in try store.rejectedRows() {
            #expect(row.reason.leakedPersonalValues == [], "\(row.file):\(row.line)")
            #expect(row.column.map(\.leakedPersonalValues) ?? [] == [])
        }
    }
}
