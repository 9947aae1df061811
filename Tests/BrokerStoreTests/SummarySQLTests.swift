import BrokerCase
@testable import BrokerStore
import BrokerTestSupport
import Foundation
import Testing

/// `CaseStore.summary()` (SQL aggregates) against `CaseSummary` of the loaded case.
@Suite struct SummarySQLTests {
    static func json(_ summary: CaseSummary) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(summary), as: UTF8.self)
    }

    @Test("equal to the in-memory summary on random cases, in several zones", arguments: [
        (UInt64(1), 0, "+08:00"), (2, 1, "+08:00"), (3, 50, "+08:00"), (4, 400, "-05:00"), (5, 300, "+00:00"), (6, 200, "+13:45"),
    ])
    func random(seed: UInt64, rows: Int, zone: String) throws {
        let dir = Repository.temporaryDirectory("summary-\(seed)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try RandomCase.store(in: dir, seed: seed, rows: rows, parties: 2 + rows / 10, zone: zone)
        let sql = try store.summary()
        #expect(sql == CaseSummary(try store.load()))
        #expect(try Self.json(sql) == Self.json(CaseSummary(try store.load())))
    }

    @Test("sums that overflow wrap as in memory")
    func overflow() throws {
        let dir = Repository.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try RandomCase.store(in: dir, seed: 7, rows: 30, parties: 5, records: (Int64.max - 10)...Int64.max)
        let sql = try store.summary()
        #expect(sql == CaseSummary(try store.load()))
        #expect(sql.records == (try store.load()).transfers.records.reduce(0, &+))
    }

    @Test("read from the ingests' running totals; a case whose ingests predate them is scanned", arguments: [UInt64(8), 9])
    func totals(seed: UInt64) throws {
        let dir = Repository.temporaryDirectory("totals-\(seed)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try RandomCase.store(in: dir, seed: seed, rows: 120, parties: 14)
        let expected = CaseSummary(try store.load())
        let stored = try store.db.prepare("SELECT sum(transfers) FROM transfer_totals")
        _ = try stored.step()
        #expect(stored.int(0) == Int64(expected.transfers))
        #expect(try store.summary() == expected)
        try store.db.execute("DELETE FROM transfer_totals")   // as a file written before migration 5
        #expect(try store.summary() == expected)
    }

    @Test("the sample case: the same JSON as from the loaded case")
    func sample() throws {
        let dir = Repository.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("c.sqlite").path
        try Fixture.sampleCase(at: path)
        let store = try CaseStore(path: path)
        #expect(try Self.json(store.summary()) == Self.json(CaseSummary(try store.load())))
    }
}
