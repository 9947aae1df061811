import Foundation
import Testing
import BrokerTestSupport

/// `brokergraph parties` through the built binary: listing, showing, suggestions and decisions, and
/// that a merge undone by a split leaves every analysis exactly as before.
@Suite struct PartiesCommandTests {
    static let analyses: [[String]] = [["summary"], ["roles"], ["chains"], ["hubs"], ["severity"], ["components"], ["rings"]]

    static func sample(_ scratch: Scratch) throws {
        let out = try scratch.run(["ingest", "--db", "case.sqlite",
                                   Repository.sample.appendingPathComponent("parties.csv").path,
                                   Repository.sample.appendingPathComponent("transfers.csv").path])
        #expect(out.status == 0, "\(out.stderr)")
    }

    static func run(_ scratch: Scratch, _ arguments: [String]) throws -> Binary.Output {
        let out = try scratch.run(arguments + ["--db", "case.sqlite"])
        #expect(out.status == 0, "\(arguments): \(out.stderr)")
        return out
    }

    static func outputs(_ scratch: Scratch) throws -> [String] {
        try analyses.map { try run(scratch, $0 + ["--json"]).stdout }
    }

    @Test("merge then split: every analysis's JSON is byte-identical to before the merge; the report lists the merge")
    func mergeSplit() throws {
        let scratch = try Scratch()
        try Self.sample(scratch)
        let before = try Self.outputs(scratch)
        let merge = try Self.run(scratch, ["parties", "merge", "agent01", "agent02", "--reason", "same phone in two slips", "--json"])
        let decision = try #require(try merge.json() as? [String: Any])
        #expect(decision["kind"] as? String == "merge" && decision["reason"] as? String == "same phone in two slips")
        let merged = try Self.outputs(scratch)
        #expect(merged != before)
        let summary = try #require(try Binary.json(merged[0]) as? [String: Any])
        #expect(summary["parties"] as? Int == 45 && summary["merged_parties"] as? Int == 1 && summary["transfers"] as? Int == 261)
        let list = try #require(try Self.run(scratch, ["parties", "--json"]).json() as? [[String: Any]])
        #expect(list.contains { $0["party"] as? String == "agent01" && ($0["members"] as? [String]) == ["agent01", "agent02"] })
        _ = try Self.run(scratch, ["report", "--out", "r"])
        let report = try #require(try Binary.json(String(decoding: try Data(contentsOf: URL(fileURLWithPath: scratch.path("r/report.json"))), as: UTF8.self)) as? [String: Any])
        let identity = try #require(report["identity"] as? [String: Any])
        let merges = try #require(identity["merges"] as? [[String: Any]])
        #expect(merges.contains { ($0["parties"] as? [String]) == ["agent01", "agent02"] && $0["reason"] as? String == "same phone in two slips" })
        #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: scratch.path("r/report.md"))), as: UTF8.self).contains("Identities"))
        _ = try Self.run(scratch, ["parties", "split", "agent02", "--reason", "two people after all"])
        #expect(try Self.outputs(scratch) == before)
        let decisions = try #require(identity["decisions"] as? [[String: Any]])
        #expect(decisions.count == 1)
    }

    @Test("parties show: each identifier of the sample's aliases with where it was seen")
    func show() throws {
        let scratch = try Scratch()
        try Self.sample(scratch)
        let shown = try #require(try Self.run(scratch, ["parties", "show", "niu", "--json"]).json() as? [String: Any])
        #expect(shown["party"] as? String == "niu" && shown["name"] as? String == "牛建国")
        let ids = try #require(shown["identifiers"] as? [[String: Any]])
        #expect(ids.contains { $0["identifier"] as? String == "mobile:13805351234" && ($0["seen"] as? String)?.hasSuffix("/parties.csv:2") == true })
        let text = try Self.run(scratch, ["parties", "show", "老牛"]).stdout
        #expect(text.contains("mobile:13805351234"))
        // The sample's aliases go through identifiers and merge nothing: 46 parties, each alone.
        let list = try #require(try Self.run(scratch, ["parties", "--json"]).json() as? [[String: Any]])
        #expect(list.count == 46 && list.allSatisfy { ($0["members"] as? [String])?.count == 1 })
        let summary = try #require(try Self.run(scratch, ["summary", "--json"]).json() as? [String: Any])
        #expect(summary["merged_parties"] == nil && summary["internal_transfers"] == nil)
        let missing = try scratch.run(["parties", "show", "nobody", "--db", "case.sqlite"])
        #expect(missing.status == 1 && missing.stderr.contains("no party named"))
    }

    /// A case with one suggestion: a declared 王芳 with a full mobile, and a ledger naming the masked
    /// mobile, both dealing with the same buyer.
    static func suggestionCase(_ scratch: Scratch) throws -> Int {
        try scratch.write("parties.csv", "id,name,identifiers\nwang,王芳,phone:13912345678\n")
        try scratch.write("t.csv", """
            id,time,from,to,records,category
            T1,2025-03-01,wang,buyer,10,property
            T2,2025-03-01,139****5678,buyer,20,property
            T3,2025-03-02,buyer,shop,5,property
            """)
        _ = try run(scratch, ["ingest", scratch.path("parties.csv"), scratch.path("t.csv")])
        let list = try #require(try run(scratch, ["parties", "suggest", "--json"]).json() as? [[String: Any]])
        #expect(list.count == 1)
        let s = try #require(list.first)
        #expect(Set(s.keys) == ["suggestion", "parties", "names", "score", "reasons"])
        #expect(Set(s["parties"] as? [String] ?? []) == ["wang", "139****5678"])
        #expect((s["score"] as? Double ?? 0) >= 12)
        let again = try #require(try run(scratch, ["parties", "suggest", "--json"]).json() as? [[String: Any]])
        #expect(again.first?["suggestion"] as? Int == s["suggestion"] as? Int)
        return try #require(s["suggestion"] as? Int)
    }

    @Test("accept N merges the suggested pair; split undoes it")
    func accept() throws {
        let scratch = try Scratch()
        let n = try Self.suggestionCase(scratch)
        _ = try Self.run(scratch, ["parties", "accept", String(n), "--reason", "same buyer, same number"])
        let list = try #require(try Self.run(scratch, ["parties", "--json"]).json() as? [[String: Any]])
        #expect(list.contains { Set($0["members"] as? [String] ?? []) == ["wang", "139****5678"] && $0["name"] as? String == "王芳" })
        #expect(try #require(try Self.run(scratch, ["parties", "suggest", "--json"]).json() as? [Any]).isEmpty)
        _ = try Self.run(scratch, ["parties", "split", "wang"])
        let after = try #require(try Self.run(scratch, ["parties", "--json"]).json() as? [[String: Any]])
        #expect(after.allSatisfy { ($0["members"] as? [String])?.count == 1 })
    }

    @Test("reject N hides the suggestion; accepting it afterwards is refused")
    func reject() throws {
        let scratch = try Scratch()
        let n = try Self.suggestionCase(scratch)
        _ = try Self.run(scratch, ["parties", "reject", String(n), "--reason", "different people"])
        #expect(try #require(try Self.run(scratch, ["parties", "suggest", "--json"]).json() as? [Any]).isEmpty)
        let refused = try scratch.run(["parties", "accept", String(n), "--db", "case.sqlite"])
        #expect(refused.status == 1 && refused.stderr.contains("no current suggestion"))
    }

    @Test("a merge blocked by two resident ID numbers is refused and not recorded")
    func conflict() throws {
        let scratch = try Scratch()
        try scratch.write("parties.csv", "id,name,identifiers\na,甲,id:11010519491231002X\nb,乙,id:110105198001011238\n")
        _ = try Self.run(scratch, ["ingest", scratch.path("parties.csv")])
        let refused = try scratch.run(["parties", "merge", "a", "b", "--reason", "x", "--db", "case.sqlite"])
        #expect(refused.status == 1 && refused.stderr.contains("cannot be merged"))
        try scratch.write("more.csv", "id,name,identifiers\nc,丙,id:110105198001011238;phone:13900001111\nd,丁,id:11010519491231002X;phone:13900001111\n")
        _ = try Self.run(scratch, ["ingest", scratch.path("more.csv")])
        let shown = try #require(try Self.run(scratch, ["parties", "show", "d", "--json"]).json() as? [String: Any])
        #expect((shown["conflicts"] as? [Any])?.count == 1)
        let report = try Self.run(scratch, ["parties", "--json"])
        #expect(try #require(try report.json() as? [[String: Any]]).count == 2)
    }
}
