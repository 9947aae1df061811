import BrokerTestSupport
import Foundation
import Testing

/// The sample case built twice, from its CSV files and from the same evidence in the shape it was
/// seized (XLSX ledger, WeChat Pay and GB18030 Alipay bills, resident lists, through mappings):
/// the analyses agree.
@Suite struct SeizedSampleTests {
    static func sample(_ name: String) -> String { Repository.sample.appendingPathComponent(name).path }

    static func ingest(_ s: Scratch, _ db: String, _ arguments: [String]) throws {
        let out = try s.run(["ingest", "--db", db] + arguments)
        #expect(out.status == 0, "\(arguments): \(out.stderr)")
    }

    /// A command's JSON output; severity without `locations`, which name the files read.
    static func analysis(_ s: Scratch, _ db: String, _ command: String) throws -> NSObject {
        let out = try s.run([command, "--db", db, "--json"])
        #expect(out.status == 0, "\(command): \(out.stderr)")
        var value = try out.json()
        if command == "severity", let rows = value as? [[String: Any]] {
            value = rows.map { row -> [String: Any] in var row = row; row["locations"] = nil; return row }
        }
        return value as! NSObject
    }

    @Test("summary, roles, chains and severity are identical whether read from the CSVs or from the seized files")
    func bothWays() throws {
        let s = try Scratch()
        try Self.ingest(s, "plain.sqlite", [Self.sample("parties.csv"), Self.sample("transfers.csv")])
        try Self.ingest(s, "plain.sqlite", [Self.sample("batches.csv")])

        let residents = try FileManager.default.contentsOfDirectory(atPath: Self.sample("seized/residents"))
            .filter { $0.hasSuffix(".csv") }.sorted().map { Self.sample("seized/residents/\($0)") }
        #expect(residents.count == 13)
        try Self.ingest(s, "seized.sqlite", [Self.sample("parties.csv")])
        try Self.ingest(s, "seized.sqlite", ["--map", Self.sample("seized/ledger.yaml"), Self.sample("seized/ledger.xlsx")])
        try Self.ingest(s, "seized.sqlite", ["--map", Self.sample("seized/residents.yaml")] + residents)
        try Self.ingest(s, "seized.sqlite", ["--map", "wechat-pay", "--owner", "niu", Self.sample("seized/wechat-niu.csv")])
        try Self.ingest(s, "seized.sqlite", ["--map", "alipay", "--owner", "li", Self.sample("seized/alipay-li.csv")])

        for command in ["summary", "roles", "chains", "severity"] {
            let plain = try Self.analysis(s, "plain.sqlite", command)
            let seized = try Self.analysis(s, "seized.sqlite", command)
            #expect(plain == seized, "\(command) differs")
        }
        // Every sale in the bills found the transfer it paid for.
        let payments = try #require(try s.run(["payments", "--db", "seized.sqlite", "--json"]).json() as? [[String: Any]])
        #expect(payments.count == 112 && payments.allSatisfy { $0["transfer"] is String })
        // Rows trace to file, sheet and row.
        let severity = try #require(try s.run(["severity", "--db", "seized.sqlite", "--json"]).json() as? [[String: Any]])
        let locations = severity.compactMap { $0["locations"] as? [String: String] }.flatMap(\.values)
        #expect(!locations.isEmpty && locations.allSatisfy { $0.contains("ledger.xlsx:交易台账:") })
    }

    @Test("map suggest drafts a mapping for the seized ledger that works unchanged")
    func suggestedLedger() throws {
        let s = try Scratch()
        let draft = try s.run(["map", "suggest", "--sheet", "交易台账", Self.sample("seized/ledger.xlsx")])
        #expect(draft.status == 0, "\(draft.stderr)")
        try s.write("draft.yaml", draft.stdout)
        try Self.ingest(s, "plain.sqlite", [Self.sample("parties.csv"), Self.sample("transfers.csv")])
        try Self.ingest(s, "drafted.sqlite", [Self.sample("parties.csv")])
        try Self.ingest(s, "drafted.sqlite", ["--map", "draft.yaml", Self.sample("seized/ledger.xlsx")])
        for command in ["summary", "roles", "chains"] {
            #expect(try Self.analysis(s, "plain.sqlite", command) == Self.analysis(s, "drafted.sqlite", command), "\(command) differs")
        }
    }
}
