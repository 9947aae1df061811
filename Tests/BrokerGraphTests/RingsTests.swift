import Testing
@testable import BrokerGraph

/// Set-based recomputation of a group's figures.
func referenceGroup(_ members: Set<Int32>, _ g: Digraph, records: [Int64], isSwap: [Bool])
    -> (internal: Int, pairs: Int, inflow: Int64, outflow: Int64, sources: Int, buyers: Int, inSwaps: Int)
{
    var internalCount = 0, inflow: Int64 = 0, outflow: Int64 = 0
    var pairs = Set<[Int32]>()
    var sendsTo: [Int32: Set<Int32>] = [:], buysFrom: [Int32: Set<Int32>] = [:]
    for e in 0..<g.edgeCount {
        let s = g.sources[e], t = g.targets[e]
        switch (members.contains(s), members.contains(t)) {
        case (true, true):
            internalCount += 1
            if s != t {
                let back = (0..<g.edgeCount).contains { g.sources[$0] == t && g.targets[$0] == s }
                if back || isSwap[e] { pairs.insert([min(s, t), max(s, t)]) }
            }
        case (true, false): outflow += records[e]; buysFrom[t, default: []].insert(s)
        case (false, true): inflow += records[e]; sendsTo[s, default: []].insert(t)
        default: break
        }
    }
    let inSwaps = Set(pairs.flatMap { $0 }).count
    return (internalCount, pairs.count, inflow, outflow, sendsTo.values.filter { $0.count >= 2 }.count,
            buysFrom.values.filter { $0.count >= 2 }.count, inSwaps)
}

@Suite struct RingsTests {
    @Test(arguments: 0..<60)
    func figuresMatchSetBasedCount(seed: Int) {
        var random = SplitMix64(seed: UInt64(seed) &+ 11)
        let n = 2 + random.below(15)
        let g = randomGraph(seed: UInt64(seed), vertices: n, edges: random.below(4 * n))
        let records = (0..<g.edgeCount).map { _ in Int64(random.below(100)) }
        let isSwap = (0..<g.edgeCount).map { _ in random.below(5) == 0 }
        let members = Set((0..<n).filter { _ in random.below(2) == 0 }.map { Int32($0) })
        guard !members.isEmpty else { return }
        let group = Rings.measure(members: Array(members), origin: .community, in: g, records: records, isSwap: isSwap)
        let e = referenceGroup(members, g, records: records, isSwap: isSwap)
        #expect(group.members == members.sorted())
        #expect(group.internalTransfers == e.internal)
        #expect(group.reciprocalPairs == e.pairs)
        #expect(group.inflowRecords == e.inflow)
        #expect(group.outflowRecords == e.outflow)
        #expect(group.sharedSources == e.sources)
        #expect(group.sharedBuyers == e.buyers)
        #expect(group.membersInSwaps == e.inSwaps)
        #expect(group.kind == Rings.classify(group), "measure fills in the kind")
    }

    /// The kind rule, on groups made by hand (one per branch of the rule, and the boundaries).
    @Test(arguments: [
        // members, in swaps, pairs, inflow, outflow, shared sources, expected
        (3, 3, 3, 100, 50, 0, Rings.Kind.swapRing),
        (2, 2, 1, 0, 1, 5, .swapRing),              // rule 1 wins over rule 2
        (3, 3, 3, 100, 0, 1, .buyerCluster),        // all swap, but nothing leaves the group
        (3, 2, 1, 100, 10, 1, .buyerCluster),
        (3, 0, 0, 100, 100, 1, .supplyChain),       // inflow not above outflow
        (4, 0, 0, 0, 0, 0, .supplyChain),
        (3, 2, 1, 10, 100, 0, .mixed),
        (3, 2, 1, 50, 50, 2, .mixed),
    ])
    func kindOfHandMadeGroups(_ c: (Int, Int, Int, Int64, Int64, Int, Rings.Kind)) {
        let group = Rings.Group(
            members: (0..<Int32(c.0)).map { $0 }, origin: .community, kind: .mixed, internalTransfers: 0,
            reciprocalPairs: c.2, inflowRecords: c.3, outflowRecords: c.4, sharedSources: c.5, sharedBuyers: 0,
            membersInSwaps: c.1)
        #expect(Rings.classify(group) == c.6)
    }

    /// Three insiders 0, 1, 2 swap with each other and sell to buyers 3, 4, 5; a supply chain
    /// 6 -> 7 -> 8 -> 9 -> 6 (one-way cycle) buys from 10; buyers 11, 12 buy from 6's chain.
    @Test func insidersFormOneSwapRing() {
        let edges: [(Int32, Int32, Int64)] = [
            (0, 1, 50), (1, 0, 40), (1, 2, 30), (2, 1, 30), (0, 2, 10), (2, 0, 5),
            (0, 3, 100), (1, 3, 80), (2, 4, 70), (1, 5, 60),
            (10, 6, 500), (6, 7, 400), (7, 8, 300), (8, 9, 200), (9, 6, 1),
            (10, 7, 5),
        ]
        let g = Digraph(vertexCount: 13, sources: edges.map { $0.0 }, targets: edges.map { $0.1 })
        let records = edges.map { $0.2 }
        let result = Rings.find(in: g, records: records, isSwap: [Bool](repeating: false, count: edges.count))
        let scc = result.groups.filter { $0.origin == .stronglyConnected }
        #expect(scc.count == 2)
        let ring = scc.first { $0.members == [0, 1, 2] }
        #expect(ring?.kind == .swapRing)
        #expect(ring?.reciprocalPairs == 3)
        #expect(ring?.internalTransfers == 6)
        #expect(ring?.outflowRecords == 310)
        #expect(ring?.inflowRecords == 0)
        #expect(ring?.sharedBuyers == 1)        // party 3 buys from 0 and 1
        #expect(result.groups.first?.members == [0, 1, 2])
        let chain = scc.first { $0.members == [6, 7, 8, 9] }
        #expect(chain?.kind == .buyerCluster)   // 10 supplies two members, nothing sold outward
        #expect(chain?.sharedSources == 1)
        #expect(result.communities.modularity > 0.3)
    }

    @Test func classificationRule() {
        var g = Rings.Group(members: [0, 1, 2], origin: .community, kind: .mixed, internalTransfers: 2,
                            reciprocalPairs: 0, inflowRecords: 10, outflowRecords: 10, sharedSources: 0,
                            sharedBuyers: 0, membersInSwaps: 0)
        #expect(Rings.classify(g) == .supplyChain)
        g.reciprocalPairs = 1; g.membersInSwaps = 2
        #expect(Rings.classify(g) == .mixed)
        g.reciprocalPairs = 2; g.membersInSwaps = 3
        #expect(Rings.classify(g) == .swapRing)
        g.outflowRecords = 0
        #expect(Rings.classify(g) == .mixed)    // exchanges inside but sells nothing out
        g.sharedSources = 2
        #expect(Rings.classify(g) == .buyerCluster)
    }
}
