import BrokerCase
@testable import BrokerStore
import BrokerTestSupport
import Foundation
import Testing

/// `loadCompact()` against `load()`: the same numbers, the same analyses, the same text by row.
@Suite struct CompactLoadTests {
    @Test("numbers, analyses and text equal the full load's on random cases", arguments: [UInt64(11), 12, 13])
    func random(seed: UInt64) throws {
        let dir = Repository.temporaryDirectory("compact-\(seed)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try RandomCase.store(in: dir, seed: seed, rows: 300, parties: 40)
        let full = try store.load(), compact = try store.loadCompact()
        let a = full.transfers, b = compact.transfers
        #expect(full.parties == compact.parties && full.ingests == compact.ingests)
        #expect(full.offsetSeconds == compact.offsetSeconds)
        #expect(a.count == 300 && b.count == 300)
        #expect(a.from == b.from && a.to == b.to && a.time == b.time && a.records == b.records)
        #expect(a.category == b.category && a.mode == b.mode && a.amountFen == b.amountFen && a.batch == b.batch)
        #expect(ComponentsReport(full) == ComponentsReport(compact))
        #expect(PartyRole.all(full) == PartyRole.all(compact))
        let hubsFull = HubsReport(full, top: 10), hubsCompact = HubsReport(compact, top: 10)
        #expect(hubsFull.hubs == hubsCompact.hubs && hubsFull.scores == hubsCompact.scores && hubsFull.reach == hubsCompact.reach)
        #expect(RingsReport(full, seed: 1).rings == RingsReport(compact, seed: 1).rings)
        #expect(CaseSummary(full) == CaseSummary(compact))
        // Text, read by row from the case file (in a scrambled order, twice).
        for i in (0..<a.count).reversed() + [0, 7, 299] {
            #expect(a[i] == b[i], "row \(i)")
        }
        #expect(a.label == b.label && a.source == b.source && a.timeText == b.timeText)
        #expect(a.channel == b.channel && a.evidence == b.evidence && a.note == b.note)
        #expect(texts(full) == texts(compact), "text read a run of rows at a time")
    }

    @Test("transfer ids with gaps: text still found by row")
    func gaps() throws {
        let dir = Repository.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try CaseStore(path: dir.appendingPathComponent("c.sqlite").path, create: true)
        let one = dir.appendingPathComponent("one.csv")
        try Fixture.write("id,time,from,to,records,category\nA1,2025-01-01,a,b,1,other\nA2,2025-01-02,b,c,2,credit\nB1,2025-02-01,c,a,3,health\n", to: one)
        _ = try store.ingest(paths: [one.path])
        try store.db.execute("UPDATE transfers SET id = id + 10 WHERE row_id = 'A2'; UPDATE transfers SET id = id + 20 WHERE row_id = 'B1'")
        let full = try store.load(), compact = try store.loadCompact()
        #expect(Array(compact.transfers.label) == ["A1", "A2", "B1"])
        #expect((0..<3).reversed().allSatisfy { full.transfers[$0] == compact.transfers[$0] })
        #expect(texts(full) == texts(compact))
    }

    @Test("row ids: kept as a first id while they run on, written out from the first gap",
          arguments: [[Int64](), [7], [3, 4, 5, 6], [3, 4, 9, 10, 2], [5, 1], [1, 2, 3, 3]])
    func rowIDs(ids: [Int64]) {
        var rows = RowIDs()
        for id in ids { rows.append(id) }
        #expect(ids.indices.map { rows[$0] } == ids)
    }

    @Test("labels and places kept from the load: rows with and without ids, several files")
    func places() throws {
        let dir = Repository.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try CaseStore(path: dir.appendingPathComponent("c.sqlite").path, create: true)
        let one = dir.appendingPathComponent("one.csv"), two = dir.appendingPathComponent("two.csv")
        try Fixture.write("time,from,to,records,category\n2025-01-01,a,b,1,other\n2025-01-02,b,c,2,credit\n", to: one)
        try Fixture.write("id,time,from,to,records,category\nX9,2025-02-01,c,a,3,health\n,2025-02-02,a,c,4,other\n", to: two)
        _ = try store.ingest(paths: [one.path])
        _ = try store.ingest(paths: [two.path])
        let full = try store.load(), compact = try store.loadCompact()
        #expect(Array(compact.transfers.label) == Array(full.transfers.label))
        #expect(Array(compact.transfers.source) == Array(full.transfers.source))
        #expect(compact.transfers.label[0] == "\(one.path):2" && compact.transfers.label[2] == "X9")
        #expect((0..<4).allSatisfy { full.transfers[$0] == compact.transfers[$0] })
    }

    @Test("the sample case: every analysis the same through the compact load")
    func sample() throws {
        let dir = Repository.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("c.sqlite").path
        try Fixture.sampleCase(at: path)
        let store = try CaseStore(path: path)
        let full = try store.load(), compact = try store.loadCompact()
        #expect(ComponentsReport(full) == ComponentsReport(compact))
        #expect(HubsReport(full).hubs == HubsReport(compact).hubs)
        #expect((0..<full.transfers.count).allSatisfy { full.transfers[$0] == compact.transfers[$0] })
        #expect(full.payments == compact.payments)
    }
}
