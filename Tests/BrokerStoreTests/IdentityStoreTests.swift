import BrokerCase
import BrokerIdentity
import Foundation
import Testing
@testable import BrokerStore

/// Identity in the case file: sightings recorded at ingest, decisions kept, parties resolved on load.
@Suite struct IdentityStoreTests {
    static let header = "id,time,from,to,records,category,mode,amount,batch\n"

    /// A case with two ledgers naming one mobile in two forms, and a parties file with identifiers.
    static func twoLedgers(_ folder: IngestTests.Folder) throws -> CaseStore {
        let parties = try folder.write("parties.csv", """
            id,name,aliases,identifiers
            niu,牛建国,老牛,phone:+86 138 0535 1234;wechat:niu_house
            li,李晓峰,峰哥,id:11010519491231002X
            """)
        let a = try folder.write("a.csv", header + """
            A1,2025-02-12,sys-crm,+86 138 0535 1234,100,property,collect,,
            A2,2025-02-13,+86 138 0535 1234,buyer1,50,property,sale,10,
            """)
        let b = try folder.write("b.csv", header + """
            B1,2025-02-14,138-0535-1234,buyer2,40,property,sale,10,
            B2,2025-02-15,li,138-0535-1234,5,property,sale,1,
            """)
        let store = try CaseStore(path: folder.db, create: true, environment: ["BROKERGRAPH_CASE_KEY": String(repeating: "ab", count: 32)])
        _ = try store.ingest(paths: [a, b, parties])
        return store
    }

    @Test("sightings keep their kind, value, file and line; decisions round-trip in order")
    func roundTrip() throws {
        let folder = try IngestTests.Folder()
        let store = try Self.twoLedgers(folder)
        let sightings = try store.sightings()
        let mobiles = sightings.filter { $0.identifier == Identifier(canonical: "13805351234", kind: .mobile) }
        #expect(Set(mobiles.map { "\(URL(fileURLWithPath: $0.file).lastPathComponent):\($0.line ?? 0):\($0.source)" })
                == ["a.csv:2:to", "a.csv:3:from", "b.csv:2:from", "b.csv:3:to", "parties.csv:2:identifiers"])
        #expect(sightings.contains { $0.identifier == Identifier(canonical: "niu_house", kind: .wechat) })
        #expect(sightings.contains { $0.identifier.kind == .nickname && $0.identifier.value == "老牛" && $0.source == "aliases" })
        try store.recordDecision(.merge, "niu", "li", reason: "same handwriting")
        try store.recordDecision(.split, "niu", nil, reason: "undo")
        let decisions = try store.identityDecisions()
        #expect(decisions.map(\.kind) == [.merge, .split])
        #expect(decisions[0].partyA == "niu" && decisions[0].partyB == "li" && decisions[0].reason == "same handwriting")
        #expect(!decisions[0].madeAt.isEmpty && decisions[1].partyB == nil)
    }

    @Test("one mobile in two forms across two ledgers: one party, no transfer lost")
    func autoMerge() throws {
        let folder = try IngestTests.Folder()
        let store = try Self.twoLedgers(folder)
        let resolved = try store.resolveIdentities()
        let merges = resolved.resolution.merges
        #expect(merges.allSatisfy { $0.rule == .sharedStrongIdentifier })
        #expect(resolved.resolution.groups.count == 1 && resolved.resolution.groups[0].count == 3)
        for data in [try store.load(), try store.loadCompact()] {
            #expect(data.parties.count == 5)   // sys-crm, niu (3 names), buyer1, buyer2, li
            #expect(data.transfers.count == 4 && data.internalTransfers == 0)
            let niu = try #require(data.party(named: "138-0535-1234"))
            #expect(data.party(named: "+86 138 0535 1234") == niu && data.party(named: "niu") == niu)
            #expect(data.parties[Int(niu)].name == "牛建国")
        }
        let summary = try store.summary()
        #expect(summary.parties == 5 && summary.mergedParties == 2 && summary.transfers == 4)
    }

    @Test("two resident ID numbers block a merge, reported as a conflict")
    func conflict() throws {
        let folder = try IngestTests.Folder()
        let parties = try folder.write("parties.csv", """
            id,name,identifiers
            a,甲,id:11010519491231002X;phone:13900001111
            b,乙,id:110105198001011238;phone:13900001111
            """)
        let store = try CaseStore(path: folder.db, create: true, environment: ["BROKERGRAPH_CASE_KEY": String(repeating: "ab", count: 32)])
        _ = try store.ingest(paths: [parties])
        let resolved = try store.resolveIdentities()
        #expect(resolved.resolution.groups.isEmpty)
        #expect(resolved.resolution.conflicts.count == 1)
        #expect(resolved.resolution.conflicts.first?.identifier == Identifier(canonical: "13900001111", kind: .mobile))
        #expect(try store.load().parties.count == 2)
    }

    @Test("a bad identifiers column is an error at file:line that does not echo the value")
    func badColumn() throws {
        let folder = try IngestTests.Folder()
        let parties = try folder.write("parties.csv", "id,name,identifiers\na,甲,phone:13912345\n")
        let store = try CaseStore(path: folder.db, create: true, environment: ["BROKERGRAPH_CASE_KEY": String(repeating: "ab", count: 32)])
        #expect {
            _ = try store.ingest(paths: [parties])
        } throws: { error in
            let text = "\(error)"
            return text.contains("parties.csv:2") && text.contains("identifiers") && !text.contains("13912345")
        }
    }

    @Test("lenient: a row with a bad identifiers column is set aside whole, without its value in the reason")
    func lenientColumn() throws {
        let folder = try IngestTests.Folder()
        let parties = try folder.write("parties.csv", "id,name,identifiers\na,甲,phone:13912345\nb,乙,qq:123456\n")
        let store = try CaseStore(path: folder.db, create: true, environment: ["BROKERGRAPH_CASE_KEY": String(repeating: "ab", count: 32)])
        let report = try store.ingest(paths: [parties], lenient: true)
        #expect(report[0].accepted == 1 && report[0].rejected == 1)
        #expect(try store.load().parties.map(\.key) == ["b"])
        let rejected = try store.rejectedRows()
        #expect(rejected.count == 1 && rejected[0].column == "identifiers" && !rejected[0].reason.contains("13912345"))
        #expect(try store.sightings().allSatisfy { $0.partyID != 1 || $0.identifier.kind != .mobile })
    }

    @Test("internal transfers leave the graph, stay in the case; a split restores the parties")
    func internalTransfers() throws {
        let folder = try IngestTests.Folder()
        let store = try Self.twoLedgers(folder)
        let before = try store.load()
        try store.recordDecision(.merge, "niu", "buyer2", reason: "test")
        let merged = try store.load()
        #expect(merged.internalTransfers == 1 && merged.transfers.count == 3)
        #expect(try store.summary().internalTransfers == 1)
        try store.recordDecision(.split, "buyer2", nil, reason: "undo")
        let after = try store.load()
        #expect(after.parties == before.parties && after.transfers.count == before.transfers.count)
        #expect(after.transfers.from == before.transfers.from && after.transfers.to == before.transfers.to)
    }
}
