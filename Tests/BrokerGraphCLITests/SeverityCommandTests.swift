import Foundation
import Testing
import BrokerTestSupport

/// End to end: `brokergraph severity` on the sample case (issue 13).
@Suite struct SeverityCommandTests {
    static let scratch = try! Scratch()
    static let ingested: Binary.Output = {
        try! scratch.run(["ingest", "--db", "case.sqlite"] + ["parties.csv", "transfers.csv", "batches.csv"]
            .map { Repository.sample.appendingPathComponent($0).path })
    }()

    static func run(_ arguments: [String]) throws -> Binary.Output {
        #expect(ingested.status == 0, "\(ingested.stderr)")
        return try scratch.run(["severity", "--db", "case.sqlite"] + arguments)
    }

    static func parties(_ arguments: [String] = []) throws -> [String: [String: Any]] {
        let out = try run(arguments + ["--json"])
        #expect(out.status == 0, "\(out.stderr)")
        let list = try #require(try out.json() as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: list.map { ($0["party"] as! String, $0) })
    }

    @Test("the text starts with the notice and states the assumptions")
    func notice() throws {
        let out = try Self.run([])
        #expect(out.status == 0)
        #expect(out.stdout.hasPrefix("NOTICE: screening aid for an investigator, not a legal finding"))
        #expect(out.stdout.contains("Assumed:") && out.stdout.contains("(art. 2)") && out.stdout.contains("gross sale proceeds"))
        #expect(out.stdout.contains("real_estate by tier: A especially serious, B serious, C none"))
    }

    @Test("--json keeps the old keys and adds the new ones; the systems are not screened")
    func jsonKeys() throws {
        let parties = try Self.parties()
        let old: Set = ["party", "name", "level", "insider", "insider_because", "insider_rows", "counts", "obtained", "provided",
                        "max_rule", "counting", "gains", "gains_rows", "basis", "evidence", "rows", "locations", "shares", "notes"]
        let new: Set = ["level_upper", "bounds", "tests", "duty", "duty_rows", "placements", "warnings", "assumptions"]
        #expect(parties.values.allSatisfy { old.union(new).isSubset(of: Set($0.keys)) })
        #expect(!parties.keys.contains { $0.hasPrefix("sys-") } && parties.count == 43)
        let li = try #require(parties["li"])
        let tests = try #require(li["tests"] as? [[String: Any]])
        #expect(tests.map { $0["test"] as? String } == ["items 3-7", "item 8"])
        #expect((tests[1]["counts"] as? [String: Int])?["real_estate"] == 2345)
        #expect(((li["bounds"] as? [String: Any])?["real_estate"] as? [String: Any])?["lower"] as? Int == 4955)
    }

    @Test("--duty marks a batch as a party's duty data; --party explains both tests")
    func duty() throws {
        let marked = try #require(try Self.parties(["--duty", "li=B-NIU-01"])["li"])
        #expect((marked["insider_because"] as? [String]) == ["declared", "collected", "marked"])
        let item8 = try #require((marked["tests"] as? [[String: Any]])?.last?["counts"] as? [String: Int])
        #expect((item8["real_estate"] ?? 0) > 2345)
        let text = try Self.run(["--party", "li"])
        #expect(text.stdout.contains("items 3-7 (full thresholds): especially serious"))
        #expect(text.stdout.contains("item 8 (thresholds × 0.5, duty data sold or provided): especially serious"))
        let bad = try Self.run(["--duty", "li"])
        #expect(bad.status != 0 && bad.stderr.contains("--duty: expected PARTY=BATCH"))
        let origin = try Self.run(["--party", "sys-crm"])
        #expect(origin.status != 0 && origin.stderr.contains("is not screened"))
    }
}
