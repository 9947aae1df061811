import BrokerCase
import BrokerTestSupport
import Testing

/// Art. 11 counting, worked by hand: each record counts once if obtained, or once per distinct
/// recipient, whichever is more. Without residents: lower bound max(N, S), upper bound
/// S + max(0, N − largest hand-over). With complete resident lists: exact, per resident.
struct ScreeningCountingTests {
    /// Batch listings by resident index (subjects are their indices as bytes).
    static func contents(_ lists: [String: [Int32]]) -> BatchContents {
        let top: Int32 = lists.values.compactMap { $0.max() }.max() ?? 0
        var subjects: [[UInt8]] = []
        for i in 0...Int(top) {
            let bytes: [UInt8] = [UInt8(truncatingIfNeeded: i), UInt8(truncatingIfNeeded: i >> 8), UInt8(truncatingIfNeeded: i >> 16)]
            subjects.append(bytes)
        }
        let batches: [String: [BatchContents.Entry]] = lists.mapValues { list in list.map { BatchContents.Entry(subject: $0, category: nil) } }
        return BatchContents(subjects: subjects, batches: batches)
    }

    /// Buy 1,000 (B1) and sell the same 400 (B2, a subset) to two buyers: 400 × 2 + 600 = 1,400.
    /// Bounds: N = 1,000, S = 800: lower 1,000, upper 800 + (1,000 − 400) = 1,400.
    @Test func sameRecordsToTwoBuyers() throws {
        var b = CaseBuilder()
        b.add("T1", "2025-03-01 10:00", "s", "p", 1000, .other, batch: "B1")
        b.add("T2", "2025-03-02 10:00", "p", "q", 400, .other, batch: "B2")
        b.add("T3", "2025-03-03 10:00", "p", "r", 400, .other, batch: "B2")
        let bounds = try #require(SeverityReport.screen(b.data, rules: .cn2017)[party: "p"])
        #expect(bounds.bounds["other"]?.lower == 1000 && bounds.bounds["other"]?.upper == 1400)
        #expect(bounds.counts == ["other": 1000] && bounds.counting == ["other": "bounds"])
        let lists = Self.contents(["B1": Array(0..<1000), "B2": Array(0..<400)])
        let p = try #require(SeverityReport.screen(b.data, rules: .cn2017, contents: lists)[party: "p"])
        #expect(p.bounds["other"]?.exact == 1400 && p.counts == ["other": 1400] && p.counting == ["other": "exact"])
        #expect(p.bounds["other"]?.decidedBy == "exact" && p.rows["other"]?.counted == ["T1", "T2", "T3"])
        // B2 was never received, while B1 was: a warning.
        #expect(p.warnings.count == 1 && p.warnings[0].hasPrefix("other: passes on B2 without any recorded receipt, while it received B1"))
    }

    /// Buy B1 (1,000) and resell the same residents as B2: 1,000, not 2,000.
    @Test func resoldUnderANewLabel() throws {
        var b = CaseBuilder()
        b.add("T1", "2025-03-01 10:00", "s", "p", 1000, .other, batch: "B1")
        b.add("T2", "2025-03-02 10:00", "p", "q", 1000, .other, batch: "B2")
        let bounds = try #require(SeverityReport.screen(b.data, rules: .cn2017)[party: "p"])
        #expect(bounds.bounds["other"]?.lower == 1000 && bounds.bounds["other"]?.upper == 1000)
        let p = try #require(SeverityReport.screen(b.data, rules: .cn2017,
                                                   contents: Self.contents(["B1": Array(0..<1000), "B2": Array(0..<1000)]))[party: "p"])
        #expect(p.counts == ["other": 1000] && p.counting == ["other": "exact"])
    }

    /// SPP guiding case No. 140 (房利帮): 300,000 listings obtained, sold as 200 membership
    /// packages of 75 to 750 listings to different buyers. S ≤ 200 × 750 = 150,000 < N, so the
    /// lower bound is N = 300,000, and the exact count (packages of distinct listings) too.
    @Test func packagesCountAtWhatWasObtained() throws {
        var b = CaseBuilder()
        b.add("T0", "2025-01-01 10:00", "s", "site", 300_000, .realEstate, batch: "ALL")
        var lists: [String: [Int32]] = ["ALL": Array(0..<300_000)]
        var next: Int32 = 0, sold: Int64 = 0, largest: Int64 = 0
        for i in 0..<200 {
            let size = Int64(75 + i * 675 / 199)         // 75 ... 750
            b.add("P\(i)", "2025-02-01 10:00", "site", "buyer\(i)", size, .realEstate, batch: "PKG\(i)")
            lists["PKG\(i)"] = Array(next..<next + Int32(size))
            next += Int32(size); sold += size; largest = max(largest, size)
        }
        let bounds = try #require(SeverityReport.screen(b.data, rules: .cn2017)[party: "site"])
        let c = try #require(bounds.bounds["real_estate"])
        #expect(c.obtainedOnce == 300_000 && c.providedPerRecipient == sold && c.largestHandover == 750)
        #expect(c.lower == 300_000 && c.upper == sold + 300_000 - 750)
        let exact = try #require(SeverityReport.screen(b.data, rules: .cn2017, contents: Self.contents(lists))[party: "site"])
        #expect(exact.counts == ["real_estate": 300_000] && exact.counting == ["real_estate": "exact"])
        #expect(exact.level == .especiallySerious)
    }

    /// The same resident in two batches is one person (art. 11 para. 3): B1 {0, 1, 2} and
    /// B2 {2, 3, 4} received: 5 exactly; the bounds (no lists) say 6.
    @Test func aResidentInTwoBatchesIsOnePerson() throws {
        var b = CaseBuilder()
        b.add("T1", "2025-03-01 10:00", "x", "p", 3, batch: "B1")
        b.add("T2", "2025-03-02 10:00", "y", "p", 3, batch: "B2")
        #expect(SeverityReport.screen(b.data, rules: .cn2017)[party: "p"]?.counts == ["property": 6])
        let p = SeverityReport.screen(b.data, rules: .cn2017, contents: Self.contents(["B1": [0, 1, 2], "B2": [2, 3, 4]]))[party: "p"]
        #expect(p?.counts == ["property": 5])
    }

    /// A sample listing never lowers a count: 300 of a 1,000-record batch listed, the row's 1,000
    /// stand; and an extract (a row smaller than its batch) has unknown residents: bounds.
    @Test func samplesAndExtractsKeepTheBounds() throws {
        var b = CaseBuilder()
        b.add("T1", "2025-03-01 10:00", "s", "p", 1000, .other, batch: "B1")
        b.add("T2", "2025-03-02 10:00", "p", "q", 200, .other, batch: "B1")
        let sample = try #require(SeverityReport.screen(b.data, rules: .cn2017, contents: Self.contents(["B1": Array(0..<300)]))[party: "p"])
        #expect(sample.counts == ["other": 1000] && sample.counting == ["other": "bounds"])
        #expect(!sample.notes.contains { $0.contains("distinct residents") })
        let full = try #require(SeverityReport.screen(b.data, rules: .cn2017, contents: Self.contents(["B1": Array(0..<1000)]))[party: "p"])
        #expect(full.counts == ["other": 1000] && full.counting == ["other": "bounds"])   // T2 is an extract
        let upper: Int64? = full.bounds["other"]?.upper
        #expect(upper == 1000)    // 200 + (1,000 − 200)
    }

    /// The level is decided on the lower bound; the upper bound's level is shown beside it.
    /// p buys 40 property (B1) and passes 20 of them to q and 20 to r: N = 40, S = 40: lower 40
    /// (none); upper 40 + (40 − 20) = 60 (serious).
    @Test func upperBoundLevelIsShownNotDecided() throws {
        var b = CaseBuilder()
        b.add("T1", "2025-03-01 10:00", "s", "p", 40, batch: "B1")
        b.add("T2", "2025-03-02 10:00", "p", "q", 20, batch: "B1")
        b.add("T3", "2025-03-03 10:00", "p", "r", 20, batch: "B1")
        let p = try #require(SeverityReport.screen(b.data, rules: .cn2017)[party: "p"])
        #expect(p.counts == ["property": 40] && p.bounds["property"]?.upper == 60)
        #expect(p.level == Level.none && p.levelUpper == .serious && p.basis.isEmpty)
    }

    /// A listing longer than every row of its batch (10 residents, the row says 8) does not say
    /// which 8 were carried: bounds, 8, not 10.
    @Test func aListingLongerThanTheRowIsNotExact() throws {
        var b = CaseBuilder()
        b.add("T1", "2025-03-01 10:00", "s", "p", 8, batch: "B1")
        let p = try #require(SeverityReport.screen(b.data, rules: .cn2017, contents: Self.contents(["B1": Array(0..<10)]))[party: "p"])
        #expect(p.counts == ["property": 8] && p.counting == ["property": "bounds"])
    }
}
