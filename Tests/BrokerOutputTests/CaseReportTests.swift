@testable import BrokerCase
import BrokerOutput
import BrokerTestSupport
import Foundation
import Testing

/// The report of a national case lists the first hundreds, not millions, and says how many more.
@Suite struct CaseReportTests {
    @Test("a ring's members are cut at the list limit, and the table says how many there are")
    func ringMembersCut() throws {
        let limit = CaseReport.listLimit
        let big = RingReport(members: (0..<(limit + 50)).map { "p\($0)" }, kind: "buyer_cluster", internalTransfers: 1,
                             reciprocalPairs: 0, inflowRecords: 0, outflowRecords: 0, sharedSources: 0, sharedBuyers: 0)
        var small = big
        small.members = ["a", "b", "c"]
        let data = CaseBuilder(parties: ["a", "b", "c"]).data
        let cut = CaseReport(data, title: "t", rings: [small, big])
        #expect(cut.rings?.map(\.members.count) == [3, limit])
        #expect(cut.ringMembers == [3, limit + 50])
        #expect(ReportWriter.markdown(cut).contains("p\(limit - 1) … and 50 more \\(\(limit + 50) parties\\)"))   // markdown-escaped
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(cut)) as? [String: Any])
        #expect(json["ring_members"] as? [Int] == [3, limit + 50])

        let whole = CaseReport(data, title: "t", rings: [small])
        #expect(whole.ringMembers == nil && whole.rings?.first?.members == ["a", "b", "c"])
        #expect(!ReportWriter.markdown(whole).contains("more \\("))
    }
}
