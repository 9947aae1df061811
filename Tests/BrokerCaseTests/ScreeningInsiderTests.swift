import BrokerCase
import BrokerTestSupport
import Testing

/// Item 8 (duty data sold or provided, half the thresholds) beside items 3-7 (everything, full
/// thresholds); origins; art. 6; disputed tiers; the stated assumptions. Worked by hand.
struct ScreeningInsiderTests {
    static func screen(_ b: CaseBuilder, duty: [String: Set<String>] = [:]) -> [Screening] {
        SeverityReport.screen(b.data, rules: .cn2017, duty: duty)
    }

    /// The example: an insider swaps in 1,800 "other" records and sells them plus 1,900
    /// of its own. Item 8: 1,900 against 2,500: none. Items 3-7: 3,700 against 5,000: none.
    @Test func swappedDataIsNotDutyData() throws {
        var b = CaseBuilder(insiders: ["ins"])
        b.add("T1", "2025-03-01 10:00", "sys", "ins", 1900, .other, .collect, batch: "OWN")
        b.add("T2", "2025-03-02 10:00", "x", "ins", 1800, .other, .exchange, batch: "SW")
        b.add("T4", "2025-03-04 10:00", "ins", "buyer", 1900, .other, batch: "OWN")
        b.add("T5", "2025-03-04 11:00", "ins", "buyer", 1800, .other, batch: "SW")
        let ins = try #require(Self.screen(b)[party: "ins"])
        let (all, item8) = (ins.tests[0], ins.tests[1])
        #expect(all.test == "items 3-7" && all.counts["other"] == 3700 && all.level == Level.none)
        #expect(item8.test == "item 8" && item8.counts["other"] == 1900 && item8.level == Level.none)
        #expect(item8.rows["other"] == ["T4"] && all.rows["other"] == ["T4", "T5"])
        #expect(ins.duty["other"] == ["OWN"] && ins.level == Level.none)
        // Sold to a second buyer too, the duty data reaches item 8: 1,900 × 2 = 3,800 >= 2,500.
        b.add("T6", "2025-03-05 10:00", "ins", "buyer2", 1900, .other, batch: "OWN")
        let again = try #require(Self.screen(b)[party: "ins"])
        #expect(again.tests[1].counts["other"] == 3800 && again.tests[1].level == .serious)
        #expect(again.tests[0].counts["other"] == 5600 && again.tests[0].level == .serious)
        #expect(again.basis.first?.hasPrefix("insider (declared in the parties file; collected: T1): item 8") == true)
    }

    /// Duty data collected and never passed on is illegal obtaining (art. 4), items 3-7 only:
    /// 40 < 50: none (halving it would have said serious).
    @Test func collectedButKeptIsMeasuredAtFullThresholds() throws {
        var b = CaseBuilder()
        b.add("T1", "2025-03-01 10:00", "sys", "col", 40, .property, .collect, batch: "C1")
        let col = try #require(Self.screen(b)[party: "col"])
        #expect(col.insider && col.level == Level.none && col.tests.map(\.test) == ["items 3-7"])
    }

    /// Bought by an insider and resold: full thresholds (30 < 50), unless the investigator marks
    /// the batch as duty data (then 30 >= 25 under item 8).
    @Test func boughtDataUnlessMarked() throws {
        var b = CaseBuilder(insiders: ["ins"])
        b.add("T1", "2025-03-01 10:00", "s", "ins", 30, batch: "B1")
        b.add("T2", "2025-03-02 10:00", "ins", "q", 30, batch: "B1")
        let plain = try #require(Self.screen(b)[party: "ins"])
        #expect(plain.level == Level.none && plain.duty.isEmpty)
        let marked = try #require(Self.screen(b, duty: ["ins": ["B1"]])[party: "ins"])
        #expect(marked.level == .serious && marked.insiderBecause == ["declared", "marked"])
        #expect(marked.tests[1].counts == ["property": 30] && marked.dutyRows == ["T2"])
    }

    /// A person who is collected from once and also sells is screened; a pure origin, or a
    /// party whose occupation is a system, is not. The collect row is not its providing.
    @Test func onlyPureOriginsAndSystemsAreLeftOut() throws {
        var b = CaseBuilder()
        b.add("T1", "2025-03-01 10:00", "person", "ins", 5, .property, .collect)
        b.add("T2", "2025-03-02 10:00", "person", "r", 60)
        b.add("T3", "2025-03-03 10:00", "pool", "ins", 5, .property, .collect)
        b.add("T4", "2025-03-04 10:00", "crm", "r", 5)
        b.party("crm", occupation: "System")
        let r = Self.screen(b)
        let person = try #require(r[party: "person"])
        #expect(person.level == .serious && person.counts == ["property": 60] && person.evidence == ["T2"])
        #expect(r[party: "pool"] == nil && r[party: "crm"] == nil)
    }

    /// Art. 6: a buyer who passed nothing on and reaches a level only through tier C records is
    /// flagged; the level is not changed. 4,000 other (0.8) + 30 property (0.6) = 1.4: serious,
    /// and without tier C 0.6: none, so flagged. 60 property: serious on its own, not flagged.
    @Test func businessBuyersAreFlagged() throws {
        var b = CaseBuilder()
        b.add("T1", "2025-03-01 10:00", "s", "buyer", 6000, .other)
        b.add("T2", "2025-03-01 10:00", "s", "mixed", 4000, .other)
        b.add("T3", "2025-03-01 11:00", "s", "mixed", 30)
        b.add("T4", "2025-03-01 10:00", "s", "prop", 6000, .other)
        b.add("T5", "2025-03-01 11:00", "s", "prop", 60)
        b.add("T6", "2025-03-01 10:00", "s", "reseller", 6000, .other)
        b.add("T7", "2025-03-02 10:00", "reseller", "z", 1, .other)
        let r = Self.screen(b)
        let buyer = try #require(r[party: "buyer"])
        #expect(buyer.level == .serious && buyer.art6?.cite == "art. 6")
        #expect(buyer.art6?.reason == "art. 6 may apply: only bought or received, passed nothing on, and reaches serious only through tier C records (other 6000)")
        #expect(r[party: "mixed"]?.art6 != nil && r[party: "mixed"]?.level == .serious)
        #expect(r[party: "prop"]?.art6 == nil && r[party: "reseller"]?.art6 == nil)
        #expect(buyer.flags == "art. 6 may apply")
        // Tier B's list is open: said where `other` was used.
        #expect(buyer.notes.contains { $0.hasPrefix("tier B: the list of item 4 is open") })
    }

    /// real_estate (房产信息) is in tier A by default and disputed: 60 records are serious in A,
    /// none in B (500) or C (5,000); all three are shown.
    @Test func disputedPlacementsAreShown() throws {
        var b = CaseBuilder()
        b.add("T1", "2025-03-01 10:00", "s", "p", 60, .realEstate)
        let p = try #require(Self.screen(b)[party: "p"])
        #expect(p.level == .serious)
        #expect(p.placements == ["real_estate": ["A": .serious, "B": Level.none, "C": Level.none]])
        #expect(p.flags == "real_estate by tier: A serious, B none, C none")
        // A buyer of 6,000 housing records only: especially serious in A, and if they are
        // ordinary information (C), serious only through tier C records: art. 6 may apply then.
        var c = CaseBuilder()
        c.add("T1", "2025-03-01 10:00", "s", "buyer", 6000, .realEstate)
        let buyer = try #require(Self.screen(c)[party: "buyer"])
        #expect(buyer.placements["real_estate"] == ["A": .especiallySerious, "B": .especiallySerious, "C": .serious])
        #expect(buyer.art6 == nil && buyer.notes.contains { $0.hasSuffix("; art. 6 may apply if placed in tier C") })
        #expect(Category(parsing: "房产信息") == .realEstate && Category(parsing: "房源") == .realEstate)
        #expect(Category(parsing: "财产信息") == .property)
    }

    @Test func assumptionsAreStated() throws {
        var b = CaseBuilder()
        b.add("T1", "2025-03-01 10:00", "s", "p", 60)
        let p = try #require(Self.screen(b)[party: "p"])
        let text = p.assumptions.joined(separator: "\n")
        #expect(text.contains("(art. 2)") && text.contains("categories are as entered") && text.contains("gross sale proceeds")
                && text.contains("(1), (2) and (4) of art. 5 para. 2"))
    }
}
