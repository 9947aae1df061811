import BrokerGraph
import Testing
@testable import BrokerCase

/// The compact columns of `TransferTable` against the plain arrays they replace.
@Suite struct TransferColumnsTests {
    /// Every batch name gets the id of its first appearance (the reference below), also when the
    /// lookup was dropped and is rebuilt by the next append.
    @Test("batch names interned, ids in order of first appearance, after dropLookup too")
    func batchInterning() {
        var generator = SplitMix64(seed: 7)
        let pool = ["", "B1", "批次一", "B0000001", String(repeating: "长", count: 40)] + (0..<3_000).map { "B\($0 * 7919 % 5_003)" }
        let rows: [String?] = (0..<20_000).map { _ in
            let k = Int(generator.next() % UInt64(pool.count + 1))
            return k == pool.count ? nil : pool[k]
        }
        var column = BatchColumn()
        var reference: [String: Int32] = [:], referenceNames: [String] = []
        for (i, row) in rows.enumerated() {
            if i == 10_000 { column.dropLookup() }
            column.append(row)
            if let row, reference[row] == nil { reference[row] = Int32(referenceNames.count); referenceNames.append(row) }
        }
        #expect(column.names == referenceNames)
        #expect(column.ids == rows.map { $0.map { reference[$0]! } ?? -1 } && Array(column) == rows)
    }

    @Test("amounts: nil and every value kept, 8 bytes a row")
    func amounts() {
        var column = AmountColumn()
        let values: [Int64?] = [nil, 0, 1, -5, Int64.max, Int64.min + 1, nil]
        for v in values { column.append(v) }
        #expect(Array(column) == values)
    }

    @Test("times: two integer columns, read back as spans")
    func times() {
        var column = TimeColumn()
        let spans = [TimeSpan(earliest: 5, latest: 9), TimeSpan(earliest: -3, latest: -3)]
        for s in spans { column.append(s) }
        #expect(Array(column) == spans && column.earliest == [5, -3] && column.latest == [9, -3])
    }
}
