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

    @Test("selecting rows: every column of a built table and of a compact one (text still read by row)")
    func selecting() {
        var random = SplitMix64(seed: 11)
        let texts = (0..<50).map { i in
            TransferText(label: "T\(i)", source: SourceLocation(file: "f.csv", line: i + 2), timeText: "2025-01-\(i % 28 + 1)",
                         channel: i % 3 == 0 ? nil : "wx", evidence: i % 4 == 0 ? nil : "E\(i)", note: i % 5 == 0 ? "n\(i)" : nil)
        }
        let transfers = texts.enumerated().map { i, text in
            Transfer(label: text.label, source: text.source, from: Int32(random.below(7)), to: Int32(random.below(7)),
                     time: TimeSpan(earliest: Int64(i), latest: Int64(i + random.below(3))), timeText: text.timeText,
                     records: Int64(random.below(1000)), category: Category.allCases[random.below(Category.allCases.count)],
                     mode: TransferMode.allCases[random.below(TransferMode.allCases.count)],
                     amountFen: random.below(2) == 0 ? nil : Int64(random.below(100_000)),
                     batch: random.below(3) == 0 ? nil : "B\(random.below(5))", channel: text.channel,
                     evidence: text.evidence, note: text.note)
        }
        var built = TransferTable()
        let source = Texts(texts)
        var compact = TransferTable(text: source)
        for t in transfers {
            built.append(t)
            compact.appendCompact(from: t.from, to: t.to, time: t.time, records: t.records, category: t.category,
                                  mode: t.mode, amountFen: t.amountFen, batch: t.batch)
        }
        let rows = (0..<30).map { _ in random.below(50) } + [49, 0, 0]
        for table in [built, compact] {
            let chosen = table.selecting(rows)
            #expect(chosen.count == rows.count)
            #expect(rows.indices.allSatisfy { chosen[$0] == transfers[rows[$0]] })
            #expect(chosen.batch.names == rows.compactMap { transfers[$0].batch }.reduce(into: [String]()) { names, b in
                if !names.contains(b) { names.append(b) }
            })
        }
        #expect(table(built.selecting([])).isEmpty)
    }
}

private func table(_ t: TransferTable) -> [Transfer] { (0..<t.count).map { t[$0] } }

/// Text held in memory, as a compact table's source.
private final class Texts: TransferTextSource, @unchecked Sendable {
    let texts: [TransferText]
    init(_ texts: [TransferText]) { self.texts = texts }
    func text(at row: Int) -> TransferText { texts[row] }
}
