import BrokerCase
import BrokerTestSupport
import Testing

struct ExposureTests {
    static func contents(_ batches: [String: [Int32]]) -> BatchContents {
        BatchContents(subjects: (0..<10).map { [UInt8($0), 0, 0, 0, 0, 0, 0, 0] },
                      batches: batches.mapValues { $0.map { BatchContents.Entry(subject: $0, category: nil) } })
    }

    /// n collects B1 {r0, r1, r2} and B3 {r0} from sys, sells B1 whole to a, who sells an extract
    /// (2 of 3) to b; m collects B2 {r2, r3} from sys2 and sells it to a later the same day; n
    /// also gives a 10 records without a batch id (not followed).
    static func sample() -> (CaseData, BatchContents) {
        var b = CaseBuilder()
        b.add("T1", "2025-03-01 10:00", "sys", "n", 3, .property, .collect, batch: "B1")
        b.add("T2", "2025-03-02 10:00", "n", "a", 3, batch: "B1")
        b.add("T3", "2025-03-03", "a", "b", 2, batch: "B1")
        b.add("T4", "2025-03-01 09:00", "sys2", "m", 2, .property, .collect, batch: "B2")
        b.add("T5", "2025-03-02 18:00", "m", "a", 2, batch: "B2")
        b.add("T6", "2025-03-04 10:00", "n", "a", 10)
        b.add("T7", "2025-03-01 11:00", "sys", "n", 1, .property, .collect, batch: "B3")
        return (b.data, contents(["B1": [0, 1, 2], "B2": [2, 3], "B3": [0]]))
    }

    @Test func holdersFirstDatesAndChains() throws {
        let (data, contents) = Self.sample()
        let report = ExposureReport(data, contents: contents)
        #expect(report.residents.count == 4)
        #expect(report.untrackedTransfers == 1)
        let r2 = try #require(report.residents.first { $0.subject == contents.pseudonym(2) })
        #expect(r2.batches == ["B1", "B2"])
        #expect(r2.holders.map(\.party) == ["sys", "sys2", "m", "n", "a", "b"])
        let a = try #require(r2.holders.first { $0.party == "a" })
        // a had r2 first through B1 (T2, 10:00), not B2 (T5, 18:00).
        #expect(a.first == "2025-03-02T10:00:00+08:00" && a.batch == "B1" && a.chain == ["T1", "T2"])
        #expect(a.parties == ["sys", "n", "a"] && a.whole)
        let b = try #require(r2.holders.first { $0.party == "b" })
        #expect(b.first == "2025-03-03" && b.chain == ["T1", "T2", "T3"] && !b.whole)   // an extract
        let origin = try #require(r2.holders.first { $0.party == "sys" })
        #expect(origin.first == nil && origin.chain.isEmpty)
        // r0 is in B1 and B3: n holds it from the earlier collect (T1 10:00, not T7 11:00).
        let r0 = try #require(report.residents.first { $0.subject == contents.pseudonym(0) })
        #expect(r0.holders.first { $0.party == "n" }?.chain == ["T1"])
    }

    /// Per source: distinct residents (set union over batches, copies add no one).
    @Test func sourcesCountDistinctResidents() throws {
        let (data, contents) = Self.sample()
        let report = ExposureReport(data, contents: contents)
        let n = try #require(report.sources.first { $0.source == "n" })
        // B1 {r0, r1, r2} ∪ B3 {r0} = 3 residents (not 4); all reached a (and 3 of them b: the
        // extract is a possible holding); downstream parties a, b; pairs 3 × 2 = 6.
        #expect(n.origins == ["sys"] && n.batches == ["B1", "B3"])
        #expect(n.residents == 3 && n.reached == 3 && n.parties == 2 && n.exposures == 6)
        let m = try #require(report.sources.first { $0.source == "m" })
        #expect(m.residents == 2 && m.reached == 2 && m.parties == 1 && m.exposures == 2)
        #expect(report.sources.map(\.source) == ["n", "m"])
    }

    /// y passes B9 on (T2, 3 March) before it receives it (T1, 5 March): its records came from
    /// somewhere unrecorded, so y is a starting point of its own and x's data reaches no one.
    @Test func timeReversedBatchStartsAnew() throws {
        var b = CaseBuilder()
        b.add("T1", "2025-03-05 10:00", "x", "y", 2, batch: "B9")
        b.add("T2", "2025-03-03 10:00", "y", "z", 2, batch: "B9")
        let contents = Self.contents(["B9": [5, 6]])
        let report = ExposureReport(b.data, contents: contents)
        let r5 = try #require(report.residents.first)
        #expect(r5.holders.map(\.party) == ["x", "y", "z"])
        #expect(r5.holders.first { $0.party == "z" }?.parties == ["y", "z"])
        #expect(report.sources.first { $0.source == "x" }?.reached == 0)
        #expect(report.sources.first { $0.source == "y" }?.reached == 2)
    }

    @Test func oneSubjectOnly() {
        let (data, contents) = Self.sample()
        let report = ExposureReport(data, contents: contents, subject: 3)
        #expect(report.residents.map(\.subject) == [contents.pseudonym(3)])
        #expect(report.residents[0].holders.map(\.party) == ["sys2", "m", "a"])
    }
}
