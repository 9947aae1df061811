import BrokerGraph
import BrokerStore
import Foundation
import Testing
import BrokerTestSupport

/// Kills and concurrent readers: a case file survives both.
///
/// The row count is modest so the suite stays quick on a debug build; set BROKERGRAPH_KILL_ROWS
/// (e.g. 300000) for a longer run.
@Suite("Crashes and concurrency", .serialized) struct CrashTests {
    static let rows = ProcessInfo.processInfo.environment["BROKERGRAPH_KILL_ROWS"].flatMap(Int.init) ?? 120_000

    /// Transfers in the case (`nil` when the file is not a case yet), after checking the file is sound.
    static func checkedTransferCount(_ db: URL) throws -> Int? {
        guard FileManager.default.fileExists(atPath: db.path) else { return nil }
        let store = try CaseStore(path: db.path)
        #expect(try store.integrityCheck() == "ok")
        return try store.load().transfers.count
    }

    @Test("SIGKILL at random moments, then the same ingest: sound file, each row exactly once")
    func killAndRetry() throws {
        let dir = Repository.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("case.sqlite")
        let file = dir.appendingPathComponent("big.csv")
        try Generated.writeTransfers(rows: Self.rows, to: file, prefix: "K", seed: 7)
        let sample = [Repository.sample.appendingPathComponent("parties.csv").path,
                      Repository.sample.appendingPathComponent("transfers.csv").path]
        #expect(try Binary.run(["ingest", "--db", db.path] + sample, in: dir).status == 0)
        let base = try #require(try Self.checkedTransferCount(db))

        // Kill the ingest at seeded random moments: the first very early, the others anywhere up to
        // three seconds in (most of a debug-build run of the default size).
        var rng = SplitMix64(seed: 20250214)
        var killedBeforeCommit = 0
        for attempt in 0..<4 {
            let delay = attempt == 0 ? 0.02 : 0.1 + Double(rng.next() % 2_900) / 1_000
            let process = try Binary.start(["ingest", "--db", db.path, file.path], in: dir, name: "kill\(attempt)")
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let count = try #require(try Self.checkedTransferCount(db))
            #expect(count == base || count == base + Self.rows, "all or nothing after a kill at \(delay) s")
            if process.terminationReason == .uncaughtSignal && count == base { killedBeforeCommit += 1 }
            if count != base { break }   // committed before the kill: nothing left to interrupt
        }
        #expect(killedBeforeCommit > 0, "at least one kill interrupted a running ingest")

        // The same ingest again, on a terminal when `script` is there, to see the progress line.
        let script = FileManager.default.isExecutableFile(atPath: "/usr/bin/script")
        let command = "\((try Binary.url()).path) ingest --db \(db.path) \(file.path)"
        let result = script ? try Binary.run(["script", "-q", "-e", "-c", command, "/dev/null"], in: dir, viaEnv: true)
                            : try Binary.run(["ingest", "--db", db.path, file.path], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        if script, Self.rows >= 100_000 {
            #expect(result.stdout.contains("\ringest: rows read "), "progress line on a terminal")
        }
        #expect(result.stdout.contains("\(Self.rows) rows, 0 rejected,"), "summary line: \(result.stdout)")

        let store = try CaseStore(path: db.path)
        #expect(try store.integrityCheck() == "ok")
        let data = try store.load()
        let generated = data.transfers.label.filter { $0.hasPrefix("K-") }
        #expect(generated.count == Self.rows)
        #expect(Set(generated).count == Self.rows, "each row exactly once")
        #expect(data.transfers.count == base + Self.rows)
        #expect(try store.ingests().filter { $0.file == file.path }.count == 1)

        // And once more: already ingested, nothing added.
        let again = try Binary.run(["ingest", "--db", db.path, file.path], in: dir)
        #expect(again.status == 0)
        #expect(again.stdout.contains("already ingested"), "\(again.stderr)")
        #expect(try store.load().transfers.count == base + Self.rows)
    }

    @Test("reading while another process ingests sees the old state or the new, nothing between")
    func readWhileIngesting() throws {
        let dir = Repository.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("case.sqlite")
        let file = dir.appendingPathComponent("more.csv")
        let rows = max(Self.rows / 3, 1_000)
        try Generated.writeTransfers(rows: rows, to: file, prefix: "C", seed: 11)
        let sample = [Repository.sample.appendingPathComponent("parties.csv").path,
                      Repository.sample.appendingPathComponent("transfers.csv").path]
        #expect(try Binary.run(["ingest", "--db", db.path] + sample, in: dir).status == 0)
        let base = try #require(try Self.checkedTransferCount(db))

        let writer = try Binary.start(["ingest", "--db", db.path, file.path], in: dir, name: "writer")
        var seen: [Int: Int] = [:]
        var failures: [String] = []
        repeat {
            // Another process (the command line) and this one (the library) read at the same time.
            let result = try Binary.run(["summary", "--json", "--db", db.path], in: dir)
            if result.status == 0, let summary = try Binary.json(result.stdout) as? [String: Any],
               let transfers = summary["transfers"] as? Int {
                seen[transfers, default: 0] += 1
            } else {
                failures.append(result.stderr)
            }
            do { seen[try CaseStore(path: db.path).load().transfers.count, default: 0] += 1 }
            catch { failures.append("\(error)") }
        } while writer.isRunning
        writer.waitUntilExit()
        #expect(writer.terminationStatus == 0)
        #expect(failures == [])
        #expect(Set(seen.keys).isSubset(of: [base, base + rows]), "\(seen)")
        #expect(seen[base, default: 0] > 0, "read the old state while the ingest ran")
        #expect(try Self.checkedTransferCount(db) == base + rows)
    }
}
