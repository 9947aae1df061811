import BrokerCase
import BrokerInput
import BrokerStore
import Foundation
import Testing

/// Hubs and rings on the sample case: the three insiders are one swap ring, and they lead the hubs.
struct SampleHubsRingsTests {
    @Test func insidersAreOneSwapRing() throws {
        let temp = try TemporaryCase()
        let data = try Sample.ingest(into: temp.db, batches: false).load()
        let report = RingsReport(data)
        let swapRings = report.rings.filter { $0.kind == "swap_ring" }
        #expect(swapRings.map(\.members) == [["li", "men", "niu"]])
        let ring = try #require(swapRings.first)
        #expect(ring.reciprocalPairs == 3)
        #expect(ring.internalTransfers == 11)       // the 11 exchange rows
        #expect(ring.outflowRecords > 0 && ring.sharedBuyers > 0)
        #expect(report.modularity > 0)
    }

    @Test func insidersLeadTheHubs() throws {
        let temp = try TemporaryCase()
        let data = try Sample.ingest(into: temp.db, batches: false).load()
        let report = HubsReport(data, top: 3)
        #expect(Set(report.hubs.prefix(2).map(\.party)) == ["li", "niu"])
        #expect(report.hubs.contains { $0.party == "men" })
        #expect(!report.betweenness.isEstimate && report.pagerank.converged)
        // li sells outside its agency: representative and liaison roles.
        let li = try #require(report.hubs.first { $0.party == "li" })
        #expect(li.brokerage.representative > 0 && li.brokerage.liaison > 0)
    }

    /// Reach is computed for the first `reachLimit` parties listed, and for those it is what it
    /// is without a limit.
    @Test func reachForTheFirstPartiesListed() throws {
        let temp = try TemporaryCase()
        let data = try Sample.ingest(into: temp.db, batches: false).load()
        let all = HubsReport(data), limited = HubsReport(data, reachLimit: 3)
        #expect(all.reach.count == data.parties.count && all.reach.contains { $0.reach > 0 })
        #expect(limited.hubs == all.hubs)
        #expect(limited.reach == Array(all.reach.prefix(3)))
        #expect(HubsReport(data, reachLimit: 0).reach.isEmpty)
    }

    /// The JSON keys are exactly the documented ones (README, hubs and rings).
    @Test func jsonKeys() throws {
        let temp = try TemporaryCase()
        let data = try Sample.ingest(into: temp.db, batches: false).load()
        func keys<T: Encodable>(_ value: T) throws -> Set<String> {
            Set((try JSONSerialization.jsonObject(with: JSONEncoder().encode(value)) as! [String: Any]).keys)
        }
        #expect(try keys(HubsReport(data, top: 1).hubs[0]) == ["party", "name", "in_degree", "out_degree", "in_records",
                                                                 "out_records", "pagerank", "betweenness", "brokerage"])
        #expect(try keys(RingsReport(data).rings[0]) == ["members", "kind", "internal_transfers", "reciprocal_pairs",
                                                         "inflow_records", "outflow_records", "shared_sources", "shared_buyers"])
    }
}
