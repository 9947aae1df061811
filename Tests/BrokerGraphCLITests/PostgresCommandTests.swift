import BrokerTestSupport
import Foundation
import Testing

/// The `brokergraph` binary against a real PostgreSQL server: every analysis the same as from the case
/// file, row-level security between two investigators' roles, and concurrent or interrupted runs.
@Suite(.enabled(if: TestPostgres.enabled))
struct PostgresCommandTests {
    static let key = String(repeating: "3c", count: 32)
    static let sample = ["parties.csv", "transfers.csv", "batches.csv"].map { Repository.sample.appendingPathComponent($0).path }
    static let analyses: [[String]] = [
        ["summary", "--json"], ["roles", "--json"], ["components", "--json"], ["chains", "--json", "--limit", "20"],
        ["hubs", "--json"], ["rings", "--json"], ["severity", "--json"], ["exposure", "--json"],
        ["parties", "list", "--json"], ["payments", "--json"],
    ]

    /// Runs the binary with environment assignments (`NAME=value`) in front.
    static func run(_ scratch: Scratch, _ env: [String], _ arguments: [String]) throws -> Binary.Output {
        try Binary.run(["BROKERGRAPH_CASE_KEY=\(key)"] + env + [try Binary.url().path] + arguments, in: scratch.url, viaEnv: true)
    }

    static func start(_ scratch: Scratch, _ env: [String], _ arguments: [String], name: String) throws -> Process {
        try Binary.start(["BROKERGRAPH_CASE_KEY=\(key)"] + env + [try Binary.url().path] + arguments, in: scratch.url, name: name, viaEnv: true)
    }

    @Test func sampleCaseRoundTripsThroughTheServer() throws {
        let scratch = try Scratch()
        let url = try TestPostgres.requireURL(), name = TestPostgres.caseName()
        #expect(try Self.run(scratch, [], ["ingest", "--db", "field.sqlite"] + Self.sample).status == 0)
        let push = try Self.run(scratch, [], ["case", "push", "field.sqlite", "--db", url, "--case", name])
        #expect(push.status == 0, "\(push.stderr)")
        #expect(push.stdout.contains("the case key was not uploaded"))
        let pull = try Self.run(scratch, [], ["case", "pull", "back.sqlite", "--db", url, "--case", name])
        #expect(pull.status == 0, "\(pull.stderr)")
        for analysis in Self.analyses {
            let file = try Self.run(scratch, [], analysis + ["--db", "field.sqlite"])
            let server = try Self.run(scratch, [], analysis + ["--db", url, "--case", name])
            let back = try Self.run(scratch, ["BROKERGRAPH_DB=back.sqlite"], analysis)
            #expect(file.status == 0 && server.status == 0 && back.status == 0, "\(analysis): \(server.stderr)")
            #expect(server.stdout == file.stdout, "\(analysis)")
            #expect(back.stdout == file.stdout, "\(analysis)")
        }
        let report = try Self.run(scratch, [], ["report", "--db", url, "--case", name, "--out", "report"])
        #expect(report.status == 0, "\(report.stderr)")
        let json = try String(contentsOf: scratch.url.appendingPathComponent("report/report.json"), encoding: .utf8)
        #expect(json.contains("\"action\" : \"push\""))
    }

    /// Two investigators' roles: neither reads, counts or guesses the other's case, whatever its name.
    @Test func rolesSeeOnlyTheirCases() throws {
        let scratch = try Scratch()
        // The schema is made by its owner (an investigator's role may not create it).
        #expect(try Self.run(scratch, [], ["case", "list", "--db", try TestPostgres.requireURL()]).status == 0)
        let alice = try TestPostgres.role("alice"), bob = try TestPostgres.role("bob")
        let aliceURL = try TestPostgres.url(user: alice), bobURL = try TestPostgres.url(user: bob)
        let hostile = try scratch.write("hostile.csv", """
            id,time,from,to,records,category
            h1,2025-03-01,"' OR 1=1 --","%_\\N",5,property
            h2,2025-03-02,"%_\\N","Robert'); DROP TABLE brokergraph.cases;--",3,property
            """)
        let names = ["' OR 1=1 --", "%", "_", "x\"; DROP TABLE brokergraph.transfers; --"]
        for name in names {
            let ingest = try Self.run(scratch, [], ["ingest", "--db", aliceURL, "--case", name, hostile])
            #expect(ingest.status == 0, "\(ingest.stderr)")
            #expect(!ingest.stderr.contains("WARNING"))   // an investigator's role: no warning
        }
        // Bob sees nothing of Alice's: not through the tool, not through SQL.
        let list = try Self.run(scratch, [], ["case", "list", "--json", "--db", bobURL])
        #expect(list.status == 0 && list.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]")
        for name in names + ["%%", "' OR '1'='1"] {
            let summary = try Self.run(scratch, [], ["summary", "--json", "--db", bobURL, "--case", name])
            #expect(summary.status != 0)
            #expect(summary.stderr.contains("no such case"), "\(summary.stderr)")
        }
        for table in ["cases", "grants", "transfers", "parties", "aliases", "ingests", "audit", "identifiers", "meta"] {
            #expect(try TestPostgres.admin("SELECT count(*) FROM brokergraph.\(table)", as: bob) == "0", "\(table)")
        }
        #expect(try TestPostgres.admin("SELECT count(*) FROM brokergraph.cases WHERE name LIKE '%'", as: bob) == "0")
        // Bob cannot write into Alice's case by guessing its id either.
        let guess = try TestPostgres.admin("SELECT min(id) FROM brokergraph.cases WHERE created_by = '\(alice)'")
        #expect(throws: TestPostgres.PSQLFailure.self) {
            try TestPostgres.admin("INSERT INTO brokergraph.meta(case_id, key, value) VALUES (\(guess), 'x', 'y')", as: bob)
        }
        #expect(throws: TestPostgres.PSQLFailure.self) {
            try TestPostgres.admin("SELECT brokergraph.grant_case(\(guess), '\(bob)', false)", as: bob)
        }
        // Bob may make his own case of the same name: it is another case.
        #expect(try Self.run(scratch, [], ["ingest", "--db", bobURL, "--case", names[0], Self.sample[1]]).status == 0)
        let bobs = try Self.run(scratch, [], ["summary", "--json", "--db", bobURL, "--case", names[0]])
        #expect(bobs.stdout.contains("\"transfers\" : 261"))
        // A read-only grant lets Bob read Alice's case, not write it; a revoke takes it back.
        let c = "%"
        #expect(try Self.run(scratch, [], ["case", "grant", c, bob, "--read-only", "--db", aliceURL]).status == 0)
        let read = try Self.run(scratch, [], ["summary", "--json", "--db", bobURL, "--case", c])
        #expect(read.status == 0 && read.stdout.contains("\"transfers\" : 2"), "\(read.stderr)")
        let write = try Self.run(scratch, [], ["ingest", "--db", bobURL, "--case", c, Self.sample[1]])
        #expect(write.status != 0)
        #expect(write.stderr.contains("row-level security"), "\(write.stderr)")
        #expect(try Self.run(scratch, [], ["case", "grant", c, bob, "--db", bobURL]).status != 0)
        #expect(try Self.run(scratch, [], ["case", "revoke", c, bob, "--db", aliceURL]).status == 0)
        #expect(try Self.run(scratch, [], ["summary", "--db", bobURL, "--case", c]).status != 0)
        let audit = try Self.run(scratch, [], ["case", "audit", c, "--json", "--db", aliceURL])
        #expect(audit.stdout.contains("\"action\" : \"grant\"") && audit.stdout.contains("\"action\" : \"revoke\""))
        #expect(audit.stdout.contains("\"who\" : \"\(alice)\""))
        // The audit log cannot be rewritten, not even by the case's owner.
        #expect(throws: TestPostgres.PSQLFailure.self) { try TestPostgres.admin("DELETE FROM brokergraph.audit", as: alice) }
        #expect(throws: TestPostgres.PSQLFailure.self) { try TestPostgres.admin("UPDATE brokergraph.audit SET who = 'x'", as: alice) }
        // A superuser sees every case: the tool says so loudly.
        let own = TestPostgres.caseName()
        #expect(try Self.run(scratch, [], ["ingest", "--db", aliceURL, "--case", own, hostile]).status == 0)
        let admin = try Self.run(scratch, [], ["summary", "--db", try TestPostgres.requireURL(), "--case", own])
        #expect(admin.status == 0 && admin.stderr.contains("WARNING"), "\(admin.stderr)")
    }

    /// Halves of one file ingested at once into one case: every row once. The same file twice at
    /// once: stored once, the second run sees the first's hash.
    @Test func concurrentIngestsIntoOneCase() throws {
        let scratch = try Scratch()
        let url = try TestPostgres.requireURL(), name = TestPostgres.caseName()
        let lines = try String(contentsOfFile: Self.sample[1], encoding: .utf8).split(separator: "\n")
        let header = lines[0], rows = lines.dropFirst()
        let first = try scratch.write("first.csv", ([header] + rows.prefix(130)).joined(separator: "\n") + "\n")
        let second = try scratch.write("second.csv", ([header] + rows.dropFirst(130)).joined(separator: "\n") + "\n")
        #expect(try Self.run(scratch, [], ["ingest", "--db", url, "--case", name, Self.sample[0]]).status == 0)
        let a = try Self.start(scratch, [], ["ingest", "--json", "--db", url, "--case", name, first], name: "a")
        let b = try Self.start(scratch, [], ["ingest", "--json", "--db", url, "--case", name, second], name: "b")
        a.waitUntilExit(); b.waitUntilExit()
        #expect(a.terminationStatus == 0 && b.terminationStatus == 0)
        let summary = try Self.run(scratch, [], ["summary", "--json", "--db", url, "--case", name])
        #expect(summary.stdout.contains("\"transfers\" : 261"), "\(summary.stdout)")
        // The same file twice at once.
        let other = TestPostgres.caseName("sameFileTwice")
        let c = try Self.start(scratch, [], ["ingest", "--json", "--db", url, "--case", other, Self.sample[1]], name: "c")
        let d = try Self.start(scratch, [], ["ingest", "--json", "--db", url, "--case", other, Self.sample[1]], name: "d")
        c.waitUntilExit(); d.waitUntilExit()
        #expect(c.terminationStatus == 0 && d.terminationStatus == 0)
        let outputs = try ["c.out", "d.out"].map { try String(contentsOf: scratch.url.appendingPathComponent($0), encoding: .utf8) }
        #expect(outputs.filter { $0.contains("\"already_ingested\" : true") }.count == 1, "\(outputs)")
        let twice = try Self.run(scratch, [], ["summary", "--json", "--db", url, "--case", other])
        #expect(twice.stdout.contains("\"transfers\" : 261"))
    }

    /// A large ingest, interrupted: by kill -9 of the client, and by the server ending its backend.
    /// Neither leaves anything; the second says the connection was lost. Readers meanwhile see the
    /// case before or after, nothing in between.
    @Test func interruptedIngestsLeaveNothing() throws {
        let scratch = try Scratch()
        let url = try TestPostgres.requireURL(), name = TestPostgres.caseName()
        #expect(try Self.run(scratch, [], ["ingest", "--db", url, "--case", name, Self.sample[0], Self.sample[1]]).status == 0)
        let big = scratch.url.appendingPathComponent("big.csv")
        try Generated.writeTransfers(rows: 150_000, to: big, prefix: "big", seed: 7)
        func counts() throws -> String {
            try TestPostgres.admin("""
                SELECT (SELECT count(*) FROM brokergraph.transfers t JOIN brokergraph.cases c ON c.id = t.case_id WHERE c.name = '\(name)') || ' ' ||
                       (SELECT count(*) FROM brokergraph.ingests i JOIN brokergraph.cases c ON c.id = i.case_id WHERE c.name = '\(name)')
                """)
        }
        let before = try counts()
        #expect(before == "261 2")
        var killed: Int32 = 0
        for (round, interrupt) in ["kill", "terminate"].enumerated() {
            let app = "brokergraph-test-\(UUID().uuidString.prefix(8))"
            let ingest = try Self.start(scratch, ["PGAPPNAME=\(app)"], ["ingest", "--db", url, "--case", name, big.path], name: "big\(round)")
            // Wait until its transaction is open on the server (the advisory lock is held).
            var waited = 0
            while try TestPostgres.admin("SELECT count(*) FROM pg_stat_activity WHERE application_name = '\(app)' AND xact_start IS NOT NULL") == "0",
                  waited < 600, ingest.isRunning {
                Thread.sleep(forTimeInterval: 0.05); waited += 1
            }
            Thread.sleep(forTimeInterval: 0.3)
            #expect(ingest.isRunning)
            // A reader meanwhile sees the case as it was.
            let summary = try Self.run(scratch, [], ["summary", "--json", "--db", url, "--case", name])
            #expect(summary.stdout.contains("\"transfers\" : 261"), "\(summary.stderr)")
            if interrupt == "kill" {
                kill(ingest.processIdentifier, SIGKILL)
                ingest.waitUntilExit()
                killed = ingest.processIdentifier
            } else {
                try TestPostgres.admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '\(app)'")
                ingest.waitUntilExit()
                #expect(ingest.terminationStatus == 1)
                let err = try String(contentsOf: scratch.url.appendingPathComponent("big\(round).err"), encoding: .utf8)
                #expect(err.contains("connection lost"), "\(err)")
                #expect(!err.contains("Fatal error"))
            }
            #expect(try counts() == before)
        }
        // Nothing held: the next ingest runs; readers meanwhile see the case before it or after it
        // (one snapshot each), never part of it.
        let done = try Self.start(scratch, [], ["ingest", "--json", "--db", url, "--case", name, big.path], name: "done")
        var seen = Set<String>()
        repeat {
            let summary = try Self.run(scratch, [], ["summary", "--json", "--db", url, "--case", name])
            if let line = summary.stdout.split(separator: "\n").first(where: { $0.contains("\"transfers\"") }) {
                seen.insert(line.trimmingCharacters(in: .whitespaces))
            }
        } while done.isRunning
        done.waitUntilExit()
        #expect(done.terminationStatus == 0)
        #expect(seen.isSubset(of: ["\"transfers\" : 261", "\"transfers\" : 150261"]), "\(seen)")
        #expect(try counts() == "150261 3")
        // The killed run's private staging folder was removed by a later ingest.
        let stages = try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)
        #expect(!stages.contains { $0.hasPrefix("brokergraph-stage-\(killed)-") })
    }
}
