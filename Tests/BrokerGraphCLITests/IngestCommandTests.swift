import Foundation
import BrokerStore
import BrokerTestSupport
import Testing

/// End to end: `brokergraph ingest` on good and bad input.
@Suite struct IngestCommandTests {
    static let header = "id,time,from,to,records,category,mode,amount,batch\n"

    @Test("a bad row: non-zero exit, FILE:LINE: column: message on stderr, no case file left behind")
    func strictFailure() throws {
        let s = try Scratch()
        try s.write("bad.csv", Self.header + "T1,2025-03-01,a,b,10,property,sale,5,B\nT2,2025-03-01,b,c,-3,property,sale,5,B\n")
        let out = try s.run(["ingest", "--db", "new.sqlite", "bad.csv"])
        #expect(out.status != 0)
        #expect(out.stderr == "brokergraph: bad.csv:3: records: negative\n")
        #expect(!FileManager.default.fileExists(atPath: s.path("new.sqlite")))
    }

    @Test("a bad row leaves an existing case exactly as it was")
    func strictFailureExisting() throws {
        let s = try Scratch()
        try s.write("good.csv", Self.header + "T1,2025-03-01,a,b,10,property,sale,5,B\n")
        try s.write("bad.csv", Self.header + "T2,2025-03-02,b,c,10,property,sale,5,B\nT3,2025-13-01,b,c,1,property,sale,5,B\n")
        #expect(try s.run(["ingest", "--db", "c.sqlite", "good.csv"]).status == 0)
        // The dump, not the file's bytes: in WAL mode a change may sit in `c.sqlite-wal`.
        let before = try CaseStore(path: s.path("c.sqlite")).dump()
        let summary = try s.run(["summary", "--db", "c.sqlite", "--json"]).stdout
        let out = try s.run(["ingest", "--db", "c.sqlite", "bad.csv"])
        #expect(out.status != 0 && out.stderr == "brokergraph: bad.csv:3: time: no such date (month or day out of range)\n")
        #expect(try CaseStore(path: s.path("c.sqlite")).dump() == before)
        #expect(try s.run(["summary", "--db", "c.sqlite", "--json"]).stdout == summary)
    }

    @Test("--lenient keeps going and says how many rows were rejected")
    func lenient() throws {
        let s = try Scratch()
        try s.write("mixed.csv", Self.header + "T1,2025-03-01,a,b,10,property,sale,5,B\nT2,2025-03-01,b,c,x,property,sale,5,B\nT3,2025-03-02,b,c,1,nonsense,,,\n")
        let out = try s.run(["ingest", "--db", "c.sqlite", "--lenient", "mixed.csv"])
        #expect(out.status == 0)
        #expect(out.stdout.contains("1 of 3 rows stored, 2 rejected (see rejected_rows)"))
        let json = try s.run(["ingest", "--db", "d.sqlite", "--lenient", "--json", "mixed.csv"])
        let reports = try #require(try json.json() as? [[String: Any]])
        #expect(reports.first?["rejected"] as? Int == 2 && reports.first?["accepted"] as? Int == 1)
    }

    @Test("the same file again adds nothing")
    func again() throws {
        let s = try Scratch()
        try s.write("t.csv", Self.header + "T1,2025-03-01,a,b,10,property,sale,5,B\n")
        #expect(try s.run(["ingest", "--db", "c.sqlite", "t.csv"]).status == 0)
        let out = try s.run(["ingest", "--db", "c.sqlite", "t.csv"])
        #expect(out.status == 0 && out.stdout.contains("already ingested"))
        let summary = try #require(try s.run(["summary", "--db", "c.sqlite", "--json"]).json() as? [String: Any])
        #expect(summary["transfers"] as? Int == 1)
    }

    @Test("`-` reads standard input")
    func standardInput() throws {
        let s = try Scratch()
        let out = try s.run(["ingest", "--db", "c.sqlite", "-"],
                            input: Data((Self.header + "T1,2025-03-01,a,b,10,property,sale,5,B\n").utf8))
        #expect(out.status == 0 && out.stdout.hasPrefix("stdin: transfers, 1 of 1 rows stored"))
        let bad = try s.run(["ingest", "--db", "c.sqlite", "-"], input: Data((Self.header + "T9,2025-03-01,a,b,1.5,property,,,\n").utf8))
        #expect(bad.status != 0 && bad.stderr == "brokergraph: stdin:2: records: not a whole number (digits only, e.g. 120)\n")
    }

    @Test("usage errors exit non-zero")
    func usage() throws {
        let s = try Scratch()
        #expect(try s.run(["ingest", "--db", "c.sqlite"]).status != 0)
        #expect(try s.run(["chains", "--db", "c.sqlite", "--limit", "0"]).status != 0)
        let missing = try s.run(["summary", "--db", "nothing.sqlite"])
        #expect(missing.status != 0 && missing.stderr.contains("no such case file"))
        #expect(!FileManager.default.fileExists(atPath: s.path("nothing.sqlite")))
        let noFile = try s.run(["ingest", "--db", "c.sqlite", "absent.csv"])
        #expect(noFile.status != 0 && noFile.stderr.contains("absent.csv:0: no such file"))
    }
}
