/// Groups of parties that may trade as a ring, with the figures that tell what kind of group it is.
public enum Rings {
    /// What a group looks like from its flows (rule in `Rings.classify`).
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// Members exchange with each other both ways and sell outward.
        case swapRing = "swap_ring"
        /// Members mostly buy from the same outside sources and sell little.
        case buyerCluster = "buyer_cluster"
        /// Data passes one way through the group: no reciprocal exchange inside.
        case supplyChain = "supply_chain"
        /// Some internal exchange, but not enough for a swap ring.
        case mixed
    }

    /// How a group was found.
    public enum Origin: String, Sendable, Equatable {
        /// A strongly connected group: every member's data can come back to it.
        case stronglyConnected = "strongly_connected"
        /// A Louvain community of the undirected, record-weighted projection.
        case community
    }

    /// One group and its flows. Records are summed from the per-edge `records` array.
    public struct Group: Sendable, Equatable {
        /// Member vertices, ascending.
        public var members: [Int32]
        public var origin: Origin
        public var kind: Kind
        /// Edges with both ends in the group.
        public var internalTransfers: Int
        /// Unordered member pairs {u, v} with edges both ways, or with an edge flagged as a swap.
        public var reciprocalPairs: Int
        /// Records on edges entering the group from outside.
        public var inflowRecords: Int64
        /// Records on edges leaving the group.
        public var outflowRecords: Int64
        /// Outside vertices that send to at least 2 distinct members.
        public var sharedSources: Int
        /// Outside vertices that receive from at least 2 distinct members.
        public var sharedBuyers: Int
        /// Members that take part in at least one reciprocal pair inside the group.
        public var membersInSwaps: Int
    }

    /// All groups, and the community partition they were partly drawn from.
    public struct Result: Sendable, Equatable {
        /// Swap rings first, then buyer clusters, supply chains, mixed; within a kind larger
        /// groups first, then by smallest member, strongly connected before community.
        public var groups: [Group]
        /// The Louvain partition of the whole network (seeded) and its modularity.
        public var communities: CommunityResult
    }

    /// The kind of a group, in this order:
    /// 1. `swapRing`: every member has a reciprocal pair with another member (edges both ways, or
    ///    a swap-flagged edge) and records leave the group (`outflowRecords > 0`);
    /// 2. `buyerCluster`: at least one shared outside source and more records come in than go out
    ///    (`inflowRecords > outflowRecords`);
    /// 3. `supplyChain`: no reciprocal pair inside (data moves one way through the group);
    /// 4. `mixed`: anything else.
    public static func classify(_ g: Group) -> Kind {
        if g.members.count >= 2 && g.membersInSwaps == g.members.count && g.outflowRecords > 0 { return .swapRing }
        if g.sharedSources >= 1 && g.inflowRecords > g.outflowRecords { return .buyerCluster }
        if g.reciprocalPairs == 0 { return .supplyChain }
        return .mixed
    }

    /// Measures one group of vertices (its `kind` filled in by `classify`).
    /// - Complexity: O(Σ_{v ∈ members} degree(v) + V) (one membership array of V bytes).
    public static func measure(
        members: [Int32], origin: Origin, in graph: Digraph, records: [Int64], isSwap: [Bool]
    ) -> Group {
        var scratch = MeasureScratch(vertexCount: graph.vertexCount)
        return scratch.measure(members: members.sorted(), origin: origin, graph: graph,
                               records: records, isSwap: isSwap)
    }

    /// Strongly connected groups with more than one member (Tarjan 1972) and Louvain communities
    /// (see `Community.louvain`, weighted by records) with at least `minCommunitySize` members
    /// that are not also a strongly connected group, each measured and classified.
    ///
    /// Reciprocal pairs always lie inside one strongly connected group, so every swap pair is
    /// counted in exactly one strongly connected group.
    /// - Complexity: O(V + E) plus one Louvain run; O(V + E) memory.
    public static func find(
        in graph: Digraph, records: [Int64], isSwap: [Bool], seed: UInt64 = 1, minCommunitySize: Int = 3
    ) -> Result {
        precondition(records.count == graph.edgeCount && isSwap.count == graph.edgeCount, "one value per edge")
        var groups: [Group] = []
        var scratch = MeasureScratch(vertexCount: graph.vertexCount)
        var seen = Set<[Int32]>()
        for members in Components.groups(Components.strong(graph)) where members.count > 1 {
            seen.insert(members)
            groups.append(scratch.measure(members: members, origin: .stronglyConnected, graph: graph,
                                          records: records, isSwap: isSwap))
        }
        let communities = Community.louvain(graph, weights: records.map { Double($0) }, seed: seed)
        for members in communities.groups where members.count >= max(2, minCommunitySize) && !seen.contains(members) {
            groups.append(scratch.measure(members: members, origin: .community, graph: graph,
                                          records: records, isSwap: isSwap))
        }
        let rank: [Kind: Int] = [.swapRing: 0, .buyerCluster: 1, .supplyChain: 2, .mixed: 3]
        groups.sort { a, b in
            if a.kind != b.kind { return rank[a.kind]! < rank[b.kind]! }
            if a.members.count != b.members.count { return a.members.count > b.members.count }
            if a.members[0] != b.members[0] { return a.members[0] < b.members[0] }
            return a.origin == .stronglyConnected && b.origin == .community
        }
        return Result(groups: groups, communities: communities)
    }
}

/// Reusable marks for measuring many groups; entries touched by a group are reset after it.
struct MeasureScratch {
    var inGroup: [Bool]
    var inSwap: [Bool]
    /// Per outside vertex: the last member it was seen with, and how many distinct members.
    var lastMember: [Int32]
    var memberCount: [Int32]
    var touched: [Int32] = []

    init(vertexCount n: Int) {
        inGroup = [Bool](repeating: false, count: n)
        inSwap = [Bool](repeating: false, count: n)
        lastMember = [Int32](repeating: -1, count: n)
        memberCount = [Int32](repeating: 0, count: n)
    }

    mutating func measure(
        members: [Int32], origin: Rings.Origin, graph: Digraph, records: [Int64], isSwap: [Bool]
    ) -> Rings.Group {
        for v in members { inGroup[Int(v)] = true }
        defer { for v in members { inGroup[Int(v)] = false; inSwap[Int(v)] = false } }
        var internalTransfers = 0, inflow: Int64 = 0, outflow: Int64 = 0, pairs = 0
        for v in members {
            let v = Int(v)
            for slot in Int(graph.outStart[v])..<Int(graph.outStart[v + 1]) {
                if inGroup[Int(graph.outNeighbors[slot])] { internalTransfers += 1 }
                else { outflow += records[Int(graph.outEdgeIDs[slot])] }
            }
            for slot in Int(graph.inStart[v])..<Int(graph.inStart[v + 1]) where !inGroup[Int(graph.inNeighbors[slot])] {
                inflow += records[Int(graph.inEdgeIDs[slot])]
            }
            // Partners w > v inside the group, from both sorted rows merged; each pair once.
            var i = Int(graph.outStart[v]), j = Int(graph.inStart[v])
            let iEnd = Int(graph.outStart[v + 1]), jEnd = Int(graph.inStart[v + 1])
            var previous: Int32 = -1
            while i < iEnd || j < jEnd {
                let w: Int32
                if j >= jEnd || (i < iEnd && graph.outNeighbors[i] <= graph.inNeighbors[j]) {
                    w = graph.outNeighbors[i]; i += 1
                } else {
                    w = graph.inNeighbors[j]; j += 1
                }
                guard w != previous else { continue }
                previous = w
                guard Int(w) > v, inGroup[Int(w)], reciprocal(v, Int(w), graph: graph, isSwap: isSwap) else { continue }
                pairs += 1
                inSwap[v] = true; inSwap[Int(w)] = true
            }
        }
        let membersInSwaps = members.reduce(0) { $0 + (inSwap[Int($1)] ? 1 : 0) }
        let sharedSources = countShared(members: members, graph: graph, outgoing: false)
        let sharedBuyers = countShared(members: members, graph: graph, outgoing: true)
        var group = Rings.Group(members: members, origin: origin, kind: .mixed,
                                internalTransfers: internalTransfers, reciprocalPairs: pairs,
                                inflowRecords: inflow, outflowRecords: outflow,
                                sharedSources: sharedSources, sharedBuyers: sharedBuyers,
                                membersInSwaps: membersInSwaps)
        group.kind = Rings.classify(group)
        return group
    }

    /// Whether u and v trade both ways, or an edge between them is flagged as a swap.
    /// - Complexity: O(log degree + parallel edges) by binary search in the sorted out-rows.
    func reciprocal(_ u: Int, _ v: Int, graph: Digraph, isSwap: [Bool]) -> Bool {
        /// Slots of `from`'s out-row that point to `to`.
        func slots(_ from: Int, _ to: Int32) -> Range<Int> {
            let end = Int(graph.outStart[from + 1])
            var lo = Int(graph.outStart[from]), hi = end
            while lo < hi {
                let mid = (lo + hi) >> 1
                if graph.outNeighbors[mid] < to { lo = mid + 1 } else { hi = mid }
            }
            var upper = lo
            while upper < end && graph.outNeighbors[upper] == to { upper += 1 }
            return lo..<upper
        }
        let forward = slots(u, Int32(v)), backward = slots(v, Int32(u))
        if !forward.isEmpty && !backward.isEmpty { return true }
        return forward.contains { isSwap[Int(graph.outEdgeIDs[$0])] }
            || backward.contains { isSwap[Int(graph.outEdgeIDs[$0])] }
    }

    /// Outside vertices linked to at least two distinct members (as senders, or as receivers).
    mutating func countShared(members: [Int32], graph: Digraph, outgoing: Bool) -> Int {
        var shared = 0
        for m in members {
            let row = outgoing ? graph.successors(of: Int(m)) : graph.predecessors(of: Int(m))
            for x in row where !inGroup[Int(x)] && lastMember[Int(x)] != m {
                if lastMember[Int(x)] < 0 { touched.append(x) }
                lastMember[Int(x)] = m
                memberCount[Int(x)] += 1
                if memberCount[Int(x)] == 2 { shared += 1 }
            }
        }
        for x in touched { lastMember[Int(x)] = -1; memberCount[Int(x)] = 0 }
        touched.removeAll(keepingCapacity: true)
        return shared
    }
}
