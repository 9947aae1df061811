import Foundation
import BrokerTestSupport
import Testing
@testable import BrokerCase

@Suite struct SummaryTests {
    @Test("counts, records, amount and first/last dates in the case's zone")
    func summary() throws {
        var c = CaseBuilder(parties: ["a", "b", "c", "d"])
        c.add(nil, "2025-02-14", "a", "b", 100, .property, .sale, amountFen: 12_050)
        c.add(nil, "2025-03-01T00:30:00+08:00", "b", "c", 40, .property, .sale, amountFen: 5)
        c.add(nil, "2025-02-28T16:30:00Z", "c", "a", 2, .property, .provide)   // 2025-03-01 00:30 in +08:00
        let s = CaseSummary(c.data)
        #expect(s.parties == 4 && s.transfers == 3 && s.records == 142)
        #expect(s.amount == 120.55 && s.first == "2025-02-14" && s.last == "2025-03-01")
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(s)) as! [String: Any]
        #expect(Set(json.keys) == ["parties", "transfers", "records", "amount", "first", "last"])
    }

    @Test("an empty case")
    func empty() {
        let s = CaseSummary(CaseBuilder(parties: ["a"]).data)
        #expect(s.parties == 1 && s.transfers == 0 && s.records == 0 && s.amount == 0 && s.first == nil && s.last == nil)
    }

    @Test("a date-only transfer is one day in the case's zone, whatever its bounds in UTC")
    func dateOnly() {
        var c = CaseBuilder(parties: ["a", "b"])
        c.add(nil, "2025-12-31", "a", "b", 10, .property, .provide)
        let s = CaseSummary(c.data)
        #expect(s.first == "2025-12-31" && s.last == "2025-12-31")
    }

    @Test("components: weak groups largest first, strong groups of two or more, members by key")
    func components() throws {
        var c = CaseBuilder(parties: ["z", "m", "b", "a", "q", "lone"])
        c.add(from: "z", to: "m"); c.add(from: "m", to: "z"); c.add(from: "m", to: "b")
        c.add(from: "q", to: "a")
        let report = ComponentsReport(c.data)
        #expect(report.weak == [["b", "m", "z"], ["a", "q"], ["lone"]])
        #expect(report.strong == [["m", "z"]])
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as! [String: Any]
        #expect(Set(json.keys) == ["weak", "strong"])
    }

    @Test("chains report: party keys, row labels, dates, smallest count along the chain")
    func chains() throws {
        var c = CaseBuilder(parties: ["sys", "niu", "li", "agent"])
        c.add("T001", "2025-02-12 18:20", "sys", "niu", 1200, .property, .collect)
        c.add("T014", "2025-03-02 20:15", "niu", "li", 300, .property, .exchange)
        c.add("T026", "2025-03-05", "li", "agent", 500, .property, .sale)
        c.add("T000", "2025-01-01", "agent", "niu", 9, .property, .provide)     // before: not a chain back to niu
        let report = ChainsReport(c.data)
        #expect(report.complete && !report.truncated)
        #expect(report.chains.first == ChainReport(parties: ["sys", "niu", "li", "agent"], transfers: ["T001", "T014", "T026"],
                                                   start: "2025-02-12", end: "2025-03-05", records: 300,
                                                   category: .property, edges: [0, 1, 2]))
        let data = try JSONEncoder().encode(report.chains[0])
        let json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        #expect(Set(["parties", "transfers", "start", "end", "records"]).isSubset(of: Set(json.keys)))
        let limited = ChainsReport(c.data, limit: 1)
        #expect(limited.chains.count == 1 && limited.truncated)
    }
}
