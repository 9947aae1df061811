import BrokerCase
import BrokerTestSupport
import Testing

/// Worked cases for each counting and threshold rule of the default rule set (cn-2017), with the
/// arithmetic done by hand in the comments. Property, credit: tier A (serious 50, especially 500);
/// accommodation: tier B (500 / 5,000); other: tier C (5,000 / 50,000); gains 5,000 / 50,000 yuan.
struct ScreeningTests {
    static func screen(_ b: CaseBuilder, contents: BatchContents? = nil) -> [Screening] {
        SeverityReport.screen(b.data, rules: .cn2017, contents: contents)
    }

    @Test("keep: the first screenings in the same order, and how many were screened", arguments: [0, 1, 2, 3, 5, 100])
    func keepsTheFirst(keep: Int) {
        var b = CaseBuilder()
        for i in 0..<12 { b.add("T\(i)", "2025-03-0\(1 + i % 9) 10:00", "s\(i % 4)", "p\(i % 5)", Int64(10 + 20 * i)) }
        let all = Self.screen(b)
        let kept = SeverityReport.screen(b.data, rules: .cn2017, keep: keep)
        #expect(kept.screened == all.count)
        #expect(kept.parties.map(\.party) == Array(all.prefix(keep)).map(\.party))
        #expect(kept.parties.map(\.level) == Array(all.prefix(keep)).map(\.level))
    }

    // MARK: Single tier

    @Test func singleTierAtAndBelowTheThreshold() throws {
        var b = CaseBuilder()
        b.add("T1", "2025-03-01 10:00", "s", "p", 50)       // p obtains 50 property records: 50 >= 50
        b.add("T2", "2025-03-01 11:00", "s", "q", 49)       // q obtains 49: 49 < 50
        let r = Self.screen(b)
        let p = try #require(r[party: "p"])
        #expect(p.level == .serious)
        #expect(p.counts == ["property": 50] && p.obtained == ["property": 50] && p.provided == ["property": 0])
        #expect(p.basis == ["serious: property 50 counted >= 50 (tier A serious 50; art. 5 para. 1 item 3)"])
        #expect(p.evidence == ["T1"] && p.locations["T1"] == "test.csv:2")
        #expect(r[party: "q"]?.level == Level.none)
        #expect(r[party: "q"]?.basis == [])
        // s provided 50 + 49 = 99 over two recipients, obtained nothing: max rule 99 >= 50.
        #expect(r[party: "s"]?.counts == ["property": 99])
        #expect(r[party: "s"]?.level == .serious)
        #expect(r[party: "s"]?.counting == ["property": "bounds"])
        #expect(r[party: "s"]?.bounds["property"]?.upper == 99)
    }

    // MARK: Mixed tiers

    @Test func mixedTiersAddTheirShares() throws {
        var b = CaseBuilder()
        // p: 30 property (30/50 = 0.6) + 250 accommodation (250/500 = 0.5) = 1.1 >= 1: serious,
        // though each is below its own threshold.
        b.add("T1", "2025-03-01 10:00", "s", "p", 30)
        b.add("T2", "2025-03-02 10:00", "s", "p", 250, .accommodation)
        // q: 25 property (0.5) + 200 accommodation (0.4) = 0.9 < 1: none.
        b.add("T3", "2025-03-01 10:00", "s", "q", 25)
        b.add("T4", "2025-03-02 10:00", "s", "q", 200, .accommodation)
        let r = Self.screen(b)
        let p = try #require(r[party: "p"])
        #expect(p.level == .serious)
        #expect(p.basis == ["serious: mixed categories, shares 30/50 + 250/500 = 1.10 >= 1 (art. 5 para. 1 item 6)"])
        #expect(p.shares["serious"] == 1.1)
        #expect(r[party: "q"]?.level == Level.none)
        #expect(r[party: "q"]?.shares["serious"] == 0.9)
    }

    // MARK: Insider halving (item 8: duty data sold or provided)

    @Test func insidersNeedHalfTheThresholds() throws {
        var b = CaseBuilder(insiders: ["ins"])
        // Declared insider sells 25 property records it received from no one: duty data (passed
        // on without any recorded receipt). Item 8: 25 >= 50 × 0.5 = 25: serious. Items 3-7:
        // 25 < 50.
        b.add("T1", "2025-03-01 10:00", "ins", "a", 25)
        // An ordinary seller of the same 25: 25 < 50: none.
        b.add("T2", "2025-03-01 10:00", "plain", "c", 25)
        // Collecting makes an insider: col harvests 30 from a system and sells them:
        // item 8: 30 >= 25: serious; the system is a pure origin and is not screened.
        b.add("T3", "2025-03-01 09:00", "sys", "col", 30, .property, .collect)
        b.add("T4", "2025-03-02 09:00", "col", "d", 30)
        // Gains from selling duty data halve too: 2,600 yuan >= 5,000 × 0.5.
        b.add("T5", "2025-03-03 10:00", "ins", "e", 1, .other, amountFen: 2600_00)
        let r = Self.screen(b)
        let ins = try #require(r[party: "ins"])
        #expect(ins.level == .serious && ins.insider && ins.insiderBecause == ["declared"])
        #expect(ins.basis == [
            "insider (declared in the parties file): item 8 tests duty data sold or provided, every threshold × 0.5 (art. 5 para. 1 item 8)",
            "serious: property 25 duty data sold or provided >= 25 (tier A serious 50 × 0.5 insider; art. 5 para. 1 item 3, art. 5 para. 1 item 8)",
            "serious: gains 2600.00 yuan >= 2500 (5000 × 0.5 insider; art. 5 para. 1 item 7, art. 5 para. 1 item 8)",
        ])
        #expect(ins.tests.map(\.test) == ["items 3-7", "item 8"])
        #expect(ins.tests.map(\.level) == [Level.none, .serious])
        #expect(ins.duty == ["property": ["(no batch id)"], "other": ["(no batch id)"]] && ins.dutyRows == ["T1", "T5"])
        #expect(r[party: "plain"]?.level == Level.none)
        let col = try #require(r[party: "col"])
        #expect(col.level == .serious && col.insiderBecause == ["collected"] && col.insiderRows == ["T3"])
        #expect(col.counts == ["property": 30])    // collected 30, passed the same 30 on: 30, not 60
        #expect(col.tests.last?.counts == ["property": 30])
        #expect(r[party: "sys"] == nil)
    }

    // MARK: Tenfold

    @Test func tenTimesIsEspeciallySerious() throws {
        var b = CaseBuilder(insiders: ["ins"])
        b.add("T1", "2025-03-01 10:00", "s", "p", 500)      // 500 >= 10 × 50: especially serious
        b.add("T2", "2025-03-01 10:00", "s", "q", 499)      // 499: serious only
        b.add("T3", "2025-03-01 10:00", "ins", "x", 250)    // insider: 250 >= 10 × 50 × 0.5
        // Mixed at the tenfold level: 300/500 + 2,500/5,000 = 0.6 + 0.5 = 1.1 >= 1.
        b.add("T4", "2025-03-01 10:00", "s", "m", 300)
        b.add("T5", "2025-03-01 10:00", "s", "m", 2500, .accommodation)
        let r = Self.screen(b)
        #expect(r[party: "p"]?.level == .especiallySerious)
        #expect(r[party: "p"]?.basis == ["especially serious: property 500 counted >= 500 (tier A serious 50 × 10; art. 5 para. 1 item 3, art. 5 para. 2 item 3)"])
        #expect(r[party: "q"]?.level == .serious)
        #expect(r[party: "ins"]?.level == .especiallySerious)
        // ins sold 250 records of its own (no receipt recorded): item 8, 250 >= 10 × 50 × 0.5;
        // items 3-7 (250 >= 50) only serious.
        #expect(r[party: "ins"]?.basis.dropFirst().first == "especially serious: property 250 duty data sold or provided >= 250 (tier A serious 50 × 0.5 insider × 10; art. 5 para. 1 item 3, art. 5 para. 1 item 8, art. 5 para. 2 item 3)")
        #expect(r[party: "ins"]?.tests.map(\.level) == [.serious, .especiallySerious])
        let m = try #require(r[party: "m"])
        #expect(m.level == .especiallySerious)
        // Property 300 is serious on its own; the tenfold mixed sum lifts the level.
        #expect(m.basis == [
            "especially serious: mixed categories, shares of the especially-serious thresholds add up to 1.10 >= 1 (art. 5 para. 1 item 6, art. 5 para. 2 item 3)",
            "serious: property 300 counted >= 50 (tier A serious 50; art. 5 para. 1 item 3)",
            "serious: accommodation 2500 counted >= 500 (tier B serious 500; art. 5 para. 1 item 4)",
        ])
    }

    // MARK: Gains only

    @Test func gainsAloneReachTheLevel() throws {
        var b = CaseBuilder()
        // 10 "other" records (far below 5,000) sold for 5,000 yuan: serious by gains alone.
        b.add("T1", "2025-03-01 10:00", "g", "a", 10, .other, amountFen: 3000_00)
        b.add("T2", "2025-03-02 10:00", "g", "b", 10, .other, amountFen: 2000_00)
        // A free gift adds no gains; a swap neither.
        b.add("T3", "2025-03-03 10:00", "g", "c", 10, .other, .provide, amountFen: 999_00)
        b.add("T4", "2025-03-01 10:00", "h", "a", 1, .other, amountFen: 50000_00)   // 50,000: especially serious
        let r = Self.screen(b)
        let g = try #require(r[party: "g"])
        #expect(g.gains == 5000 && g.gainsRows == ["T1", "T2"])
        #expect(g.level == .serious)
        #expect(g.basis == ["serious: gains 5000.00 yuan >= 5000 (5000; art. 5 para. 1 item 7)"])
        #expect(r[party: "h"]?.level == .especiallySerious)
        #expect(r[party: "a"]?.gains == 0)   // a bought: paying is not a gain
    }

    // MARK: Obtain then sell, sell to two

    @Test func obtainThenSellIsNotCountedTwice() throws {
        // With batch ids: p buys batch B1 (40) and sells B1 (40) to q: 40, not 80: none.
        var b = CaseBuilder()
        b.add("T1", "2025-03-01 10:00", "s", "p", 40, batch: "B1")
        b.add("T2", "2025-03-02 10:00", "p", "q", 40, batch: "B1")
        let withBatch = try #require(Self.screen(b)[party: "p"])
        #expect(withBatch.obtained == ["property": 40] && withBatch.provided == ["property": 40])
        #expect(withBatch.counts == ["property": 40] && withBatch.counting == ["property": "bounds"])
        #expect(withBatch.bounds["property"]?.lower == 40 && withBatch.bounds["property"]?.upper == 40)
        #expect(withBatch.rows["property"]?.counted == ["T2"])
        #expect(withBatch.level == Level.none)
        // Without batch ids: max(obtained 40, provided 40) = 40.
        var u = CaseBuilder()
        u.add("T1", "2025-03-01 10:00", "s", "p", 40)
        u.add("T2", "2025-03-02 10:00", "p", "q", 40)
        let without = try #require(Self.screen(u)[party: "p"])
        #expect(without.counts == ["property": 40] && without.bounds["property"]?.upper == 40)
    }

    @Test func sellingToTwoCountsTwice() throws {
        // p buys B1 (30) and sells B1 to q and to r: 30 + 30 = 60 >= 50: serious. Selling it to q
        // a second time (T4, 20 of them) adds nothing: once per recipient, its largest row.
        var b = CaseBuilder()
        b.add("T1", "2025-03-01 10:00", "s", "p", 30, batch: "B1")
        b.add("T2", "2025-03-02 10:00", "p", "q", 30, batch: "B1")
        b.add("T3", "2025-03-03 10:00", "p", "r", 30, batch: "B1")
        b.add("T4", "2025-03-04 10:00", "p", "q", 20, batch: "B1")
        let p = try #require(Self.screen(b)[party: "p"])
        #expect(p.counts == ["property": 60] && p.provided == ["property": 80])
        #expect(p.rows["property"]?.counted == ["T2", "T3"])
        #expect(p.level == .serious)
        // Without batch ids: obtained 30, provided 30 + 30 = 60: max 60.
        var u = CaseBuilder()
        u.add("T1", "2025-03-01 10:00", "s", "p", 30)
        u.add("T2", "2025-03-02 10:00", "p", "q", 30)
        u.add("T3", "2025-03-03 10:00", "p", "r", 30)
        #expect(Self.screen(u)[party: "p"]?.counts == ["property": 60])
    }

    /// p receives batch B1 (40) and B2 (30), and passes B2 to q and r. N = 40 + 30 = 70,
    /// S = 30 + 30 = 60. Lower bound max(70, 60) = 70: the rows do not prove that B1 and B2 are
    /// different people. Upper bound 60 + (70 − 30) = 100: B1 all different from B2.
    @Test func withAndWithoutBatchIds() throws {
        var b = CaseBuilder()
        b.add("T1", "2025-03-01 10:00", "x", "p", 40, .credit, batch: "B1")
        b.add("T2", "2025-03-01 11:00", "y", "p", 30, .credit, batch: "B2")
        b.add("T3", "2025-03-02 10:00", "p", "q", 30, .credit, batch: "B2")
        b.add("T4", "2025-03-02 11:00", "p", "r", 30, .credit, batch: "B2")
        let p = try #require(Self.screen(b)[party: "p"])
        #expect(p.counts == ["credit": 70] && p.maxRule == ["credit": 70])
        #expect(p.bounds["credit"]?.upper == 100 && p.bounds["credit"]?.largestHandover == 30)
        #expect(p.rows["credit"]?.counted == ["T1", "T2"])
        #expect(p.bounds["credit"]?.upperRows == ["T1", "T2", "T3", "T4"])
        #expect(p.level == .serious && p.levelUpper == .serious)
        // One more row without a batch id, 15 received: N = 85; lower 85, upper 60 + 85 − 30 = 115.
        b.add("T5", "2025-03-05 10:00", "z", "p", 15, .credit)
        let mixed = try #require(Self.screen(b)[party: "p"])
        #expect(mixed.counts == ["credit": 85] && mixed.bounds["credit"]?.upper == 115)
    }

    /// A batch received and only partly passed on: the records obtained still count once.
    /// p receives 120 credit records (B1) and sells 15 of them: max(120, 15) = 120, not 15;
    /// upper bound 15 + (120 − 15) = 120.
    @Test func recordsKeptStillCount() throws {
        var b = CaseBuilder()
        b.add("T1", "2025-03-01 10:00", "s", "p", 120, .credit, batch: "B1")
        b.add("T2", "2025-03-02 10:00", "p", "q", 15, .credit, batch: "B1")
        let p = try #require(Self.screen(b)[party: "p"])
        #expect(p.counts == ["credit": 120] && p.bounds["credit"]?.upper == 120)
        #expect(p.rows["credit"]?.counted == ["T1"])
    }

    /// With batch contents, a batch counts its distinct residents: a row of 5 records whose batch
    /// lists 5 entries for 4 distinct residents counts 4 (art. 11: duplicates). A listing shorter
    /// than the row (3 of 5) is a sample: the row's 5 stand.
    @Test func batchContentsCountDistinctResidents() throws {
        var b = CaseBuilder()
        b.add("T1", "2025-03-01 10:00", "s", "p", 5, batch: "B1")
        b.add("T2", "2025-03-01 10:00", "s", "q", 5, batch: "B2")
        let contents = BatchContents(subjects: (0..<6).map { [UInt8($0)] }, batches: [
            "B1": [0, 1, 2, 3, 3].map { BatchContents.Entry(subject: $0, category: nil) },
            "B2": [0, 4, 5].map { BatchContents.Entry(subject: $0, category: .property) },
        ])
        let r = Self.screen(b, contents: contents)
        #expect(r[party: "p"]?.counts == ["property": 4] && r[party: "p"]?.counting == ["property": "exact"])
        #expect(r[party: "p"]?.notes == ["T1: 5 records on the row, 4 distinct residents in batch B1: 4 counted"])
        #expect(r[party: "q"]?.counts == ["property": 5] && r[party: "q"]?.counting == ["property": "bounds"])
        // s passed B1 to p (4 distinct) and B2 to q (5, residents not all known): bounds, 9.
        #expect(r[party: "s"]?.counts == ["property": 9])
    }

    @Test func reportIsSortedAndOriginsAreLeftOut() {
        var b = CaseBuilder()
        b.add("T1", "2025-03-01 10:00", "sys", "c", 600, .property, .collect)
        b.add("T2", "2025-03-02 10:00", "c", "b", 60)
        b.add("T3", "2025-03-02 10:00", "c", "a", 10)
        let r = Self.screen(b)
        #expect(r.map(\.party) == ["c", "b", "a"])
        #expect(r.map(\.level) == [.especiallySerious, .serious, Level.none])
    }
}
