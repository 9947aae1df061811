import BrokerCase
import BrokerInput
import Foundation
import Testing
@testable import BrokerStore

/// Ingest into a case file: strict, lenient, idempotent, private, aliases and merges.
@Suite struct IngestTests {
    /// A fresh folder for one test.
    final class Folder {
        let url: URL
        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(at: url) }
        var db: String { path("case.sqlite") }
        func path(_ name: String) -> String { url.appendingPathComponent(name).path }
        @discardableResult func write(_ name: String, _ text: String) throws -> String {
            try Data(text.utf8).write(to: url.appendingPathComponent(name))
            return path(name)
        }
    }

    static let header = "id,time,from,to,records,category,mode,amount,batch\n"
    static let good = header + """
        T1,2025-02-12 18:20,sys-crm,niu,1200,property,collect,,B-1
        T2,2025-03-02 20:15,niu,li,300,财产信息,exchange,,B-1
        T3,2025-03-05,li,agent04,100,property,sale,250.50,B-1

        """
    static let parties = """
        id,name,aliases,occupation,insider,organization
        niu,牛建国,13805351234;老牛,property sales,true,海阳置业
        li,李晓峰,lixf_fang,estate agent,true,安居中介
        sys-crm,置业CRM系统,,system,false,

        """

    /// Ingests in a store that is closed again afterwards (so the file is checkpointed).
    @discardableResult
    static func ingest(_ folder: Folder, _ paths: [String], kind: InputKind? = nil, lenient: Bool = false) throws -> [IngestReport] {
        let store = try CaseStore(path: folder.db, create: true)
        return try store.ingest(paths: paths, kind: kind, lenient: lenient)
    }

    /// Every table's schema and rows, as text, for before/after comparisons.
    static func dump(_ path: String) throws -> String {
        let db = try Database(path: path, create: false, readOnly: true)
        var out: [String] = []
        let tables = try db.prepare("SELECT name, sql FROM sqlite_master WHERE type IN ('table', 'index') ORDER BY name")
        var names: [(String, Bool)] = []
        while try tables.step() {
            out.append(tables.text(1) ?? "(auto index \(tables.text(0) ?? ""))")
            if (tables.text(1) ?? "").hasPrefix("CREATE TABLE") { names.append((tables.text(0)!, true)) }
        }
        tables.reset()
        for (table, _) in names {
            var columns: [String] = []
            let info = try db.prepare("PRAGMA table_info(\(table))")
            while try info.step() { columns.append(info.text(1)!) }
            info.reset()
            let select = columns.map { "quote(\"\($0)\")" }.joined(separator: " || '|' || ")
            let rows = try db.prepare("SELECT \(select) FROM \(table) ORDER BY 1")
            out.append("-- \(table)")
            while try rows.step() { out.append(rows.text(0) ?? "") }
        }
        return out.joined(separator: "\n")
    }

    static func count(_ path: String, _ sql: String) throws -> Int64 {
        let db = try Database(path: path, create: false, readOnly: true)
        let s = try db.prepare(sql)
        _ = try s.step()
        defer { s.reset() }
        return s.int(0)
    }

    /// References between tables are intact (ingest runs with foreign-key enforcement off).
    static func expectIntegrity(_ path: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let db = try Database(path: path, create: false, readOnly: true)
        let check = try db.prepare("PRAGMA foreign_key_check")
        #expect(try !check.step(), "dangling reference", sourceLocation: sourceLocation)
        check.reset()
    }

    @Test("a bad row aborts a strict run with FILE:LINE: column: message; the database is unchanged")
    func strictAbort() throws {
        let folder = try Folder()
        try Self.ingest(folder, [try folder.write("good.csv", Self.good)])
        let before = try Self.dump(folder.db)
        let bytesBefore = try Data(contentsOf: URL(fileURLWithPath: folder.db))
        let fresh = try folder.write("fresh.csv", Self.header + "T10,2025-04-01,li,agent05,10,property,sale,5,B-2\n")
        let bad = try folder.write("bad.csv", Self.header + """
            T11,2025-04-02,li,agent06,10,property,sale,5,B-2
            T12,2025-04-02,newparty,agent06,10,property,sale,5,B-2
            T13,2025-02-30,li,agent07,10,property,sale,5,B-2

            """)
        // The fresh file and the good rows of the bad one are undone too: one transaction per run.
        #expect {
            try Self.ingest(folder, [fresh, bad])
        } throws: { error in
            (error as? InputError)?.description == "\(bad):4: time: no such date (month or day out of range)"
        }
        #expect(try Self.dump(folder.db) == before)
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder.db)) == bytesBefore)
        #expect(try Self.count(folder.db, "SELECT count(*) FROM parties WHERE key = 'newparty'") == 0)
    }

    @Test("each kind of bad row aborts a strict run", arguments: [
        ("T9,,a,b,1,property,,,", "time: missing (required)"),
        ("T9,2025-04-01,a,b,-4,property,,,", "records: negative"),
        ("T9,2025-04-01,a,b,2.5,property,,,", "records: not a whole number"),
        ("T9,2025-04-01,a,b,4,secrets,,,", "category: unknown category"),
        ("T9,2025-04-01,a,b,4,property,gift,,", "mode: unknown mode"),
        ("T9,2025-04-01,a,b,4,property,sale,1.234,", "amount: more than two decimal places"),
        ("T9,2025-04-01,a,a,4,property,,,", "to: same party as from"),
        ("T9,2025-04-01,niu,老牛,4,property,,,", "to: names the same party as from (through an alias)"),
        ("T9,2025-04-01,a,b", "4 fields where the header has 9"),
        ("T1,2025-04-01,a,b,4,property,,,", "id: this id is already in the case"),
    ])
    func strictKinds(row: String, message: String) throws {
        let folder = try Folder()
        try Self.ingest(folder, [try folder.write("p.csv", Self.parties), try folder.write("good.csv", Self.good)])
        let before = try Self.dump(folder.db)
        let bad = try folder.write("bad.csv", Self.header + row + "\n")
        do {
            try Self.ingest(folder, [bad])
            Issue.record("no error for \(row)")
        } catch let error as InputError {
            #expect(error.description.hasPrefix("\(bad):2: \(message)"), "\(error)")
        }
        #expect(try Self.dump(folder.db) == before)
    }

    @Test("a missing required column is fatal even in lenient mode")
    func fatalHeader() throws {
        let folder = try Folder()
        let file = try folder.write("t.csv", "time,from,to,records\n2025-01-01,a,b,1\n")
        #expect(throws: InputError.self) { try Self.ingest(folder, [file], lenient: true) }
    }

    @Test("lenient: good rows are kept, bad ones stored with their reason")
    func lenient() throws {
        let folder = try Folder()
        let file = try folder.write("mixed.csv", Self.header + """
            T1,2025-02-12 18:20,sys-crm,niu,1200,property,collect,,B-1
            T2,yesterday,niu,li,300,property,exchange,,B-1
            T3,2025-03-05,li,agent04,100,property,sale,250.50,B-1
            T4,2025-03-05,li,agent04
            T1,2025-03-06,li,agent05,5,property,sale,1,B-1
            T5,2025-03-07,li,agent05,-5,property,sale,1,B-1

            """)
        let reports = try Self.ingest(folder, [file], lenient: true)
        #expect(reports.count == 1)
        #expect(reports[0].rows == 6 && reports[0].accepted == 2 && reports[0].rejected == 4)
        let store = try CaseStore(path: folder.db)
        let rejected = try store.rejectedRows()
        #expect(rejected.map(\.line) == [3, 5, 6, 7])
        #expect(rejected.map(\.column) == ["time", nil, "id", "records"])
        #expect(rejected[0].reason.hasPrefix("not an ISO 8601 date") && rejected[3].reason == "negative")
        #expect(rejected.allSatisfy { $0.file == file })
        #expect(try Self.count(folder.db, "SELECT count(*) FROM transfers") == 2)
        #expect(try Self.count(folder.db, "SELECT count(*) FROM rejected_rows WHERE raw LIKE '{%\"time\":\"yesterday\"%}'") == 1)
        // No raw values for the unreadable row and the duplicate id (caught only when stored).
        #expect(try Self.count(folder.db, "SELECT count(*) FROM rejected_rows WHERE raw IS NULL") == 2)
        let ingests = try store.ingests()
        #expect(ingests.count == 1 && ingests[0].rows == 6 && ingests[0].accepted == 2 && ingests[0].rejected == 4)
        try Self.expectIntegrity(folder.db)
    }

    @Test("lenient: unknown columns are ignored and reported")
    func lenientColumns() throws {
        let folder = try Folder()
        let file = try folder.write("t.csv", "time,from,to,records,category,colour\n2025-01-01,a,b,1,other,red\n")
        #expect(throws: InputError.self) { try Self.ingest(folder, [file]) }
        let reports = try Self.ingest(folder, [file], lenient: true)
        #expect(reports[0].ignoredColumns == ["colour"] && reports[0].accepted == 1)
    }

    @Test("ingesting the same content twice adds nothing, whatever the file is called")
    func idempotent() throws {
        let folder = try Folder()
        let a = try folder.write("a.csv", Self.good)
        let b = try folder.write("b.csv", Self.good)
        let first = try Self.ingest(folder, [a])
        #expect(!first[0].alreadyIngested && first[0].accepted == 3)
        let before = try Self.dump(folder.db)
        let again = try Self.ingest(folder, [a, b])
        #expect(again.allSatisfy { $0.alreadyIngested && $0.accepted == 0 && $0.newParties == 0 })
        #expect(again[0].sha256 == first[0].sha256 && first[0].sha256.count == 64)
        #expect(try Self.dump(folder.db) == before)
        // Recorded: file, content hash, time, row counts.
        let ingests = try CaseStore(path: folder.db).ingests()
        #expect(ingests.count == 1)
        #expect(ingests[0].file == a && ingests[0].sha256 == first[0].sha256 && ingests[0].rows == 3 && ingests[0].accepted == 3)
        #expect(ingests[0].ingestedAt.hasSuffix("Z") && ingests[0].ingestedAt.count == 20)
    }

    @Test("the same file repeated within one run is added once")
    func repeatedInOneRun() throws {
        let folder = try Folder()
        let a = try folder.write("a.csv", Self.good)
        let reports = try Self.ingest(folder, [a, a])
        #expect(!reports[0].alreadyIngested && reports[1].alreadyIngested)
        #expect(try Self.count(folder.db, "SELECT count(*) FROM transfers") == 3)
    }

    @Test("the case file is created readable and writable by its owner only")
    func privateFile() throws {
        let folder = try Folder()
        let old = umask(0o022)
        defer { umask(old) }
        try Self.ingest(folder, [try folder.write("a.csv", Self.good)])
        let mode = try FileManager.default.attributesOfItem(atPath: folder.db)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test("opening a case file that does not exist fails without creating it")
    func noSuchCase() throws {
        let folder = try Folder()
        #expect(throws: StoreError.self) { try CaseStore(path: folder.db) }
        #expect(!FileManager.default.fileExists(atPath: folder.db))
    }

    @Test("names in transfers resolve through ids, aliases and names of declared parties")
    func aliases() throws {
        let folder = try Folder()
        try Self.ingest(folder, [try folder.write("p.csv", Self.parties)])
        let reports = try Self.ingest(folder, [try folder.write("t.csv", Self.header + """
            T1,2025-03-02 20:15,13805351234,lixf_fang,300,property,exchange,,B-1
            T2,2025-03-03 20:15,李晓峰,老牛,30,property,exchange,,B-1
            T3,2025-03-04 20:15,niu,stranger,30,property,sale,10,B-1

            """)])
        #expect(reports[0].newParties == 1)
        let data = try CaseStore(path: folder.db).load()
        let keys = data.transfers.from.indices.map { "\(data.parties[Int(data.transfers.from[$0])].key)>\(data.parties[Int(data.transfers.to[$0])].key)" }
        #expect(keys == ["niu>li", "li>niu", "niu>stranger"])
        #expect(data.parties.map(\.key).sorted() == ["li", "niu", "stranger", "sys-crm"])
        let niu = data.parties.first { $0.key == "niu" }!
        #expect(niu.aliases.contains("13805351234") && niu.insider && niu.name == "牛建国")
        #expect(data.party(named: "老牛") == data.party(named: "niu"))
        try Self.expectIntegrity(folder.db)
    }

    @Test("a party first seen under a phone number merges into the party declared later")
    func mergeOnDeclaration() throws {
        let folder = try Folder()
        try Self.ingest(folder, [try folder.write("t.csv", Self.header + """
            T1,2025-03-02 20:15,13805351234,li,300,property,exchange,,B-1
            T2,2025-03-03 20:15,li,老牛,30,property,exchange,,B-1
            T3,2025-03-04 20:15,niu,agent01,30,property,sale,10,B-1

            """)])
        #expect(try Self.count(folder.db, "SELECT count(*) FROM parties") == 5)   // 13805351234, li, 老牛, niu, agent01
        try Self.ingest(folder, [try folder.write("p.csv", Self.parties)])
        let data = try CaseStore(path: folder.db).load()
        #expect(data.parties.map(\.key).sorted() == ["agent01", "li", "niu", "sys-crm"])
        let from = data.transfers.from.map { data.parties[Int($0)].key }
        let to = data.transfers.to.map { data.parties[Int($0)].key }
        #expect(from == ["niu", "li", "niu"] && to == ["li", "niu", "agent01"])
        let niu = data.parties.first { $0.key == "niu" }!
        #expect(niu.name == "牛建国" && niu.insider && Set(niu.aliases).isSuperset(of: ["13805351234", "老牛"]))
        try Self.expectIntegrity(folder.db)
        // Later transfers naming the phone number go to niu.
        try Self.ingest(folder, [try folder.write("t2.csv", Self.header + "T4,2025-03-05,13805351234,agent01,5,other,,,\n")])
        let again = try CaseStore(path: folder.db).load()
        #expect(again.parties.count == 4 && again.parties[Int(again.transfers.from[3])].key == "niu")
    }

    @Test("an alias that names another declared party is rejected")
    func aliasConflict() throws {
        let folder = try Folder()
        try Self.ingest(folder, [try folder.write("p.csv", Self.parties)])
        let clash = try folder.write("p2.csv", "id,name,aliases\nwang,王,13805351234\n")
        #expect {
            try Self.ingest(folder, [clash])
        } throws: { error in
            (error as? InputError)?.description == "\(clash):2: aliases: an alias already names another declared party"
        }
    }

    @Test("into an empty case the row-id index is built after the load: repeats still reported first, by line")
    func bulkLoadIndex() throws {
        let folder = try Folder()
        let file = try folder.write("dup.csv", Self.header
            + "X1,2025-01-01,a,b,1,other,,,\nX2,2025-01-01,a,b,1,other,,,\nX1,2025-01-02,a,b,1,other,,,\nX3,,a,b,1,other,,,\n")
        #expect {
            try Self.ingest(folder, [file])
        } throws: { error in
            (error as? InputError)?.description == "\(file):4: id: this id is already in the case (row ids must be unique)"
        }
        let good = try folder.write("good.csv", Self.header + "X1,2025-01-01,a,b,1,other,,,\nX2,2025-01-01,a,b,1,other,,,\n")
        try Self.ingest(folder, [good])
        #expect(try Self.count(folder.db, "SELECT count(*) FROM sqlite_master WHERE name = 'transfers_row_id'") == 1)
    }

    @Test("transfers stored 32 to an insert: a repeated id inside a group is found by line, strict and lenient, the rest stored in order")
    func groupedInsertRepeats() throws {
        let folder = try Folder()
        try Self.ingest(folder, [try folder.write("first.csv", Self.header + "X50,2025-01-01,a,b,1,other,,,\n")])
        // 100 rows: row 40 repeats an id of the case, row 70 one of row 10 (lines are rows + 1).
        let rows = (1...100).map { i in
            let id = i == 40 ? "X50" : i == 70 ? "Y10" : "Y\(i)"
            return "\(id),2025-01-01,p\(i),q\(i),\(i),other,,,"
        }
        let file = try folder.write("many.csv", Self.header + rows.joined(separator: "\n") + "\n")
        #expect {
            try Self.ingest(folder, [file])
        } throws: { error in
            (error as? InputError)?.description == "\(file):41: id: this id is already in the case (row ids must be unique)"
        }
        #expect(try Self.count(folder.db, "SELECT count(*) FROM transfers") == 1)
        let report = try Self.ingest(folder, [file], lenient: true)[0]
        #expect(report.accepted == 98 && report.rejected == 2)
        let store = try CaseStore(path: folder.db)
        #expect(try store.rejectedRows().map(\.line) == [41, 71])
        let stored = try Database(path: folder.db, create: false, readOnly: true)
        let order = try stored.prepare("SELECT line, records FROM transfers WHERE ingest_id = 2 ORDER BY id")
        var lines: [Int64] = []
        while try order.step() {
            #expect(order.int(1) == order.int(0) - 1)
            lines.append(order.int(0))
        }
        #expect(lines == (2...101).filter { $0 != 41 && $0 != 71 }.map(Int64.init))
    }

    @Test("the first load goes through a rollback journal and leaves the case in WAL mode; with a reader open it stays in WAL")
    func journalMode() throws {
        let folder = try Folder()
        try Self.ingest(folder, [try folder.write("a.csv", Self.good)])
        let mode = try Database(path: folder.db, create: false, readOnly: true).prepare("PRAGMA journal_mode")
        _ = try mode.step()
        #expect(mode.text(0) == "wal")
        mode.reset()
        let other = try IngestTests.Folder()
        let reader = try CaseStore(path: other.db, create: true)
        let writer = try CaseStore(path: other.db)
        #expect(try writer.ingest(paths: [try other.write("a.csv", Self.good)])[0].accepted == 3)
        #expect(try reader.summary().transfers == 3)
    }

    @Test("duplicate explicit row ids are rejected, within a file and across files")
    func duplicateIDs() throws {
        let folder = try Folder()
        let dup = try folder.write("dup.csv", Self.header + "X1,2025-01-01,a,b,1,other,,,\nX1,2025-01-02,a,b,1,other,,,\n")
        #expect {
            try Self.ingest(folder, [dup])
        } throws: { error in
            (error as? InputError)?.description == "\(dup):3: id: this id is already in the case (row ids must be unique)"
        }
        #expect(try !FileManager.default.fileExists(atPath: folder.db) || Self.count(folder.db, "SELECT count(*) FROM transfers") == 0)
        let reports = try Self.ingest(folder, [dup], lenient: true)
        #expect(reports[0].accepted == 1 && reports[0].rejected == 1)
        let other = try folder.write("other.csv", Self.header + "X1,2025-01-03,c,d,1,other,,,\nX2,2025-01-03,c,d,1,other,,,\n")
        let more = try Self.ingest(folder, [other], lenient: true)
        #expect(more[0].accepted == 1 && more[0].rejected == 1)
        // Rows without an id never clash.
        let noIDs = try folder.write("noid.csv", "time,from,to,records,category\n2025-01-01,a,b,1,other\n2025-01-01,a,b,1,other\n")
        #expect(try Self.ingest(folder, [noIDs])[0].accepted == 2)
    }

    @Test("JSON Lines transfers, and the kind detected from the header")
    func jsonLines() throws {
        let folder = try Folder()
        let parties = try folder.write("people.csv", Self.parties)
        let transfers = try folder.write("t.jsonl", """
            {"id": "J1", "time": "2025-03-02T20:15:00+08:00", "from": "老牛", "to": "li", "records": 300, "category": "property", "amount": 12.5}
            {"id": "J2", "time": "2025-03-03", "from": "li", "to": "agent01", "records": 20, "category": "credit", "mode": "sale"}

            """)
        let reports = try Self.ingest(folder, [parties, transfers])
        #expect(reports.map(\.kind) == ["parties", "transfers"])
        let data = try CaseStore(path: folder.db).load()
        #expect(Array(data.transfers.label) == ["J1", "J2"] && Array(data.transfers.amountFen) == [1250, nil])
        #expect(data.transfers.time[1].isDay)
    }

    @Test("rows without an id are labelled FILE:LINE")
    func labels() throws {
        let folder = try Folder()
        let file = try folder.write("t.csv", "time,from,to,records,category,note\n2025-01-01,a,b,1,other,\"two\nlines\"\n2025-01-02,b,c,1,other,\n")
        try Self.ingest(folder, [file])
        let data = try CaseStore(path: folder.db).load()
        #expect(Array(data.transfers.label) == ["\(file):2", "\(file):4"])
        #expect(Array(data.transfers.note) == ["two\nlines", nil])
    }

    @Test("standard input is read as `-`, named stdin")
    func standardInput() throws {
        let folder = try Folder()
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let text = Array(Self.good.utf8)
        #expect(write(fds[1], text, text.count) == text.count)
        close(fds[1])
        let saved = dup(STDIN_FILENO)
        dup2(fds[0], STDIN_FILENO)
        close(fds[0])
        defer { dup2(saved, STDIN_FILENO); close(saved) }
        let reports = try Self.ingest(folder, ["-"])
        #expect(reports[0].file == "stdin" && reports[0].accepted == 3)
        #expect(try CaseStore(path: folder.db).ingests().first?.file == "stdin")
    }

    @Test("the sample case ingests cleanly")
    func sample() throws {
        let folder = try Folder()
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let sample = root.appendingPathComponent("samples/yantai-ring")
        let reports = try Self.ingest(folder, [sample.appendingPathComponent("parties.csv").path,
                                              sample.appendingPathComponent("transfers.csv").path])
        #expect(reports.map(\.accepted) == [42, 261] && reports[1].newParties == 4)
        let data = try CaseStore(path: folder.db).load()
        #expect(data.parties.count == 46 && data.transfers.count == 261)
        try Self.expectIntegrity(folder.db)
    }
}
