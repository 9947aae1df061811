@testable import BrokerCase
import BrokerGraph
import BrokerTestSupport
import Foundation
import Testing

/// The report screens every party by its numbers alone (`SeverityReport.counted(party:)`, `level`)
/// and screens only the first ones in full: on seeded random cases (insiders declared, collecting
/// and marked, batches with and without contents, amounts missing or paid through linked payments,
/// mixed categories), that level must be the full screening's for every party, and `keep` must
/// list the same screenings as the full list's first ones.
struct ScreeningKeepTests {
    static let categories: [Category] = [.property, .credit, .accommodation, .realEstate, .communicationRecord, .other]
    static let modes: [TransferMode] = [.sale, .sale, .sale, .exchange, .provide, .collect]

    static func randomCase(seed: UInt64) -> (data: CaseData, contents: BatchContents, duty: [String: Set<String>]) {
        var rng = SplitMix64(seed: seed)
        func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        var b = CaseBuilder(insiders: ["p0"])
        b.party("pool", occupation: "system")
        var payments: [Payment] = []
        for i in 0..<(20 + pick(40)) {
            let mode = modes[pick(modes.count)]
            let from = mode == .collect && pick(2) == 0 ? "pool" : "p\(pick(9))"
            var to = "p\(pick(9))"
            if to == from { to = "p9" }
            let records = Int64([1, 10, 49, 50, 120, 499, 500, 900, 5_000, 60_000][pick(10)])
            let amount: Int64? = mode == .sale && pick(3) > 0 ? Int64(pick(3)) * 250_000 + Int64(pick(100)) : nil
            let time = "2025-03-\(10 + pick(9)) 12:00"
            b.add("T\(i)", time, from, to, records, categories[pick(categories.count)], mode,
                  amountFen: amount, batch: pick(4) == 0 ? nil : "B\(pick(6))")
            if mode == .sale && amount == nil && pick(2) == 0 {
                payments.append(Payment(source: SourceLocation(file: "bill.csv", line: i + 2), payer: b.vertex(to),
                                        payee: b.vertex(from), time: try! CaseTime.parse(time), timeText: time,
                                        amountFen: Int64(pick(4)) * 300_000))
            }
        }
        var lists: [String: [BatchContents.Entry]] = [:]
        for batch in 0..<6 where pick(2) == 0 {
            lists["B\(batch)"] = (0..<(5 + pick(60))).map { _ in BatchContents.Entry(subject: Int32(pick(70)), category: nil) }
        }
        let subjects = (0..<70).map { [UInt8($0)] }
        let duty: [String: Set<String>] = pick(2) == 0 ? ["p\(pick(9))": ["B\(pick(6))"]] : [:]
        return (CaseData(parties: b.parties, transfers: b.table, payments: payments),
                BatchContents(subjects: subjects, batches: lists), duty)
    }

    @Test("the level from the numbers alone is the full screening's, for every party", arguments: 0..<200)
    func levelFromNumbers(seed: UInt64) {
        let (data, contents, duty) = Self.randomCase(seed: seed)
        for with in [nil, contents] {
            let know = BatchKnowledge(data.transfers, contents: with)
            for v in data.parties.indices {
                let marked = duty[data.parties[v].key] ?? []
                let full = SeverityReport.screen(party: v, data: data, rules: .cn2017, know: know, marked: marked)
                let k = SeverityReport.counted(party: v, data: data, know: know, marked: marked)
                #expect(SeverityReport.level(k, rules: .cn2017) == full.level, "seed \(seed), party \(data.parties[v].key)")
            }
        }
    }

    /// Screenings compared as their JSON (keys sorted).
    static func json<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try encoder.encode(value)
    }

    @Test("keep lists the full list's first screenings", arguments: 0..<40)
    func keepIsThePrefix(seed: UInt64) throws {
        let (data, contents, duty) = Self.randomCase(seed: seed)
        let all = SeverityReport.screen(data, rules: .cn2017, contents: contents, duty: duty)
        for keep in [0, 1, 3, 7] {
            let kept = SeverityReport.screen(data, rules: .cn2017, contents: contents, duty: duty, keep: keep)
            #expect(kept.screened == all.count)
            #expect(try Self.json(kept.parties) == Self.json(Array(all.prefix(keep))), "seed \(seed), keep \(keep)")
        }
    }

    /// The `severity` list of a national case is screened a batch at a time: the batches, in
    /// order, are the full list; one party alone is its entry in it (or nil when not screened).
    @Test("screened in order, a batch at a time: the full list; one party: its entry", arguments: 0..<40)
    func inOrderIsTheList(seed: UInt64) throws {
        let (data, contents, duty) = Self.randomCase(seed: seed)
        let all = SeverityReport.screen(data, rules: .cn2017, contents: contents, duty: duty)
        for batch in [1, 3, 1000] {
            var batches: [[Screening]] = []
            SeverityReport.screenInOrder(data, rules: .cn2017, contents: contents, duty: duty, batch: batch) { batches.append($0) }
            #expect(batches.allSatisfy { !$0.isEmpty && $0.count <= batch })
            #expect(try Self.json(batches.flatMap { $0 }) == Self.json(all), "seed \(seed), batch \(batch)")
        }
        for v in data.parties.indices {
            let alone = SeverityReport.screen(data, party: v, rules: .cn2017, contents: contents, duty: duty)
            let inList = all.first { $0.party == data.parties[v].key }
            #expect(try alone.map(Self.json) == inList.map(Self.json), "seed \(seed), party \(v)")
        }
    }
}
