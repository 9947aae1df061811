import BrokerGraph

/// Which party attribute serves as the group for Gould–Fernandez brokerage roles.
public enum BrokerageGroup: String, Sendable, Codable, CaseIterable {
    case organization
    case occupation
}

/// The five Gould–Fernandez role counts of one party (see `BrokerageResult`).
public struct BrokerageRoles: Sendable, Codable, Equatable {
    public var coordinator: Int
    public var gatekeeper: Int
    public var representative: Int
    public var itinerant: Int
    public var liaison: Int
    public var total: Int { coordinator + gatekeeper + representative + itinerant + liaison }

    enum CodingKeys: String, CodingKey { case coordinator, gatekeeper, representative, itinerant, liaison, total }
    public init(coordinator: Int, gatekeeper: Int, representative: Int, itinerant: Int, liaison: Int) {
        self.coordinator = coordinator; self.gatekeeper = gatekeeper; self.representative = representative
        self.itinerant = itinerant; self.liaison = liaison
    }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(coordinator: try c.decode(Int.self, forKey: .coordinator),
                  gatekeeper: try c.decode(Int.self, forKey: .gatekeeper),
                  representative: try c.decode(Int.self, forKey: .representative),
                  itinerant: try c.decode(Int.self, forKey: .itinerant), liaison: try c.decode(Int.self, forKey: .liaison))
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(coordinator, forKey: .coordinator); try c.encode(gatekeeper, forKey: .gatekeeper)
        try c.encode(representative, forKey: .representative); try c.encode(itinerant, forKey: .itinerant)
        try c.encode(liaison, forKey: .liaison); try c.encode(total, forKey: .total)
    }
}

/// One party's place in the trade: flows, PageRank, betweenness, brokerage roles.
public struct Hub: Sendable, Codable, Equatable {
    public var party: String
    public var name: String
    public var inDegree: Int
    public var outDegree: Int
    public var inRecords: Int64
    public var outRecords: Int64
    public var pagerank: Double
    public var betweenness: Double
    public var brokerage: BrokerageRoles

    enum CodingKeys: String, CodingKey {
        case party, name, pagerank, betweenness, brokerage
        case inDegree = "in_degree", outDegree = "out_degree"
        case inRecords = "in_records", outRecords = "out_records"
    }
}

/// Time-respecting reach of one party (not part of the `hubs` JSON list).
public struct PartyReach: Sendable, Codable, Equatable {
    /// Parties its data can reach by chains.
    public var reach: Int
    /// Parties whose data can reach it by chains.
    public var reachedBy: Int
    /// Earliest date any other party's data can be at it (case time zone).
    public var firstReached: String?
}

/// Hubs and brokers of a case, with how each measure was computed.
public struct HubsReport: Sendable {
    /// Parties by broker score, highest first (ties: more records passed on, then party key).
    public var hubs: [Hub]
    /// Broker score per listed hub, same order.
    public var scores: [Double]
    /// Reach of the first `reach.count` listed hubs, same order (at most `reachLimit` of them).
    public var reach: [PartyReach]
    /// The reach of listed hub `i`, or `nil` beyond the hubs it was computed for.
    public func reach(at i: Int) -> PartyReach? { i < reach.count ? reach[i] : nil }
    public var pagerank: PageRankResult
    public var betweenness: BetweennessResult
    public var group: BrokerageGroup

    /// Runs every measure on the case graph.
    ///
    /// Broker score = (betweenness / case maximum + brokerage total / case maximum
    /// + PageRank / case maximum) / 3, each term 0 when the case maximum is 0: a party that lies
    /// on many shortest routes, bridges many groups and collects from important parties comes
    /// first.
    /// Reach is all-pairs work (two sweeps over the case per party), so it is computed for the
    /// first `reachLimit` parties listed only: every party of a small case, the strongest ones of
    /// a national case.
    /// - Complexity: dominated by betweenness (O(V·E) exact, O(K·E) sampled) and by reach, two
    ///   sweeps per party it is computed for (O(min(top, reachLimit) · E log E)).
    public init(_ data: CaseData, top: Int? = nil, samples: Int = 256, seed: UInt64 = 1, reachLimit: Int = 1000,
                byRecords: Bool = false, group: BrokerageGroup = .organization, progress: ProgressMeter? = nil) {
        let g = data.graph
        let n = g.vertexCount
        self.group = group
        progress?.begin("PageRank")
        pagerank = Centrality.pageRank(g, weights: byRecords ? data.transfers.records.map { Double($0) } : nil)
        betweenness = Centrality.betweenness(g, samples: samples, seed: seed, progress: progress)
        progress?.begin("brokerage")
        var ids: [String: Int32] = [:]
        let groups: [Int32] = data.parties.map { p in
            guard let key = group == .organization ? p.organization : p.occupation, !key.isEmpty else { return -1 }
            if let id = ids[key] { return id }
            ids[key] = Int32(ids.count)
            return ids[key]!
        }
        let roles = Centrality.brokerage(g, groups: groups)
        var inRecords = [Int64](repeating: 0, count: n), outRecords = [Int64](repeating: 0, count: n)
        for e in 0..<g.edgeCount {
            inRecords[Int(g.targets[e])] += data.transfers.records[e]
            outRecords[Int(g.sources[e])] += data.transfers.records[e]
        }
        // Scores from the columns; a `Hub` is made only for the parties listed (a national case
        // has millions of parties and `--top` lists a few).
        let brokerage = (0..<n).map { roles.total($0) }
        let pagerank = self.pagerank, betweenness = self.betweenness
        let maxB = betweenness.scores.max() ?? 0, maxP = pagerank.scores.max() ?? 0
        let maxK = brokerage.max() ?? 0
        func share(_ x: Double, _ m: Double) -> Double { m > 0 ? x / m : 0 }
        let score = (0..<n).map { v in
            (share(betweenness.scores[v], maxB) + share(Double(brokerage[v]), Double(maxK)) + share(pagerank.scores[v], maxP)) / 3
        }
        let parties = data.parties
        var order = Array(0..<n)
        order.sort { a, b in
            if score[a] != score[b] { return score[a] > score[b] }
            if outRecords[a] != outRecords[b] { return outRecords[a] > outRecords[b] }
            return parties[a].key < parties[b].key
        }
        if let top { order = Array(order.prefix(max(0, top))) }
        hubs = order.map { v in
            Hub(party: parties[v].key, name: parties[v].name, inDegree: g.inDegree(v),
                outDegree: g.outDegree(v), inRecords: inRecords[v], outRecords: outRecords[v],
                pagerank: pagerank.scores[v], betweenness: betweenness.scores[v],
                brokerage: BrokerageRoles(coordinator: roles.coordinator[v], gatekeeper: roles.gatekeeper[v],
                                          representative: roles.representative[v],
                                          itinerant: roles.itinerant[v], liaison: roles.liaison[v]))
        }
        scores = order.map { score[$0] }
        // Reach only for the first parties listed: two sweeps each, not all pairs.
        let reached = Chains.reach(of: order.prefix(max(0, reachLimit)).map { Int32($0) }, in: g, times: data.edgeTimes,
                                   progress: progress)
        reach = reached.reach.indices.map { i in
            PartyReach(reach: reached.reach[i], reachedBy: reached.reachedBy[i],
                       firstReached: reached.earliestArrival[i].map(data.date))
        }
    }
}

/// One group from `Rings.find`, by party key.
public struct RingReport: Sendable, Codable, Equatable {
    public var members: [String]
    public var kind: String
    public var internalTransfers: Int
    public var reciprocalPairs: Int
    public var inflowRecords: Int64
    public var outflowRecords: Int64
    public var sharedSources: Int
    public var sharedBuyers: Int

    enum CodingKeys: String, CodingKey {
        case members, kind
        case internalTransfers = "internal_transfers", reciprocalPairs = "reciprocal_pairs"
        case inflowRecords = "inflow_records", outflowRecords = "outflow_records"
        case sharedSources = "shared_sources", sharedBuyers = "shared_buyers"
    }
}

/// Rings of a case: strongly connected groups and record-weighted communities, classified.
public struct RingsReport: Sendable {
    public var rings: [RingReport]
    /// How each group was found ("strongly_connected" or "community"), same order.
    public var origins: [String]
    /// Modularity of the Louvain partition and number of communities.
    public var modularity: Double
    public var communities: Int

    /// A transfer counts as a swap when its mode is `exchange`. See `Rings.classify` for `kind`.
    /// - Complexity: O(V + E) plus one Louvain run.
    public init(_ data: CaseData, seed: UInt64 = 1) {
        let result = Rings.find(in: data.graph, records: data.transfers.records,
                                isSwap: data.transfers.mode.map { $0 == .exchange }, seed: seed)
        rings = result.groups.map { g in
            RingReport(members: g.members.map { data.parties[Int($0)].key }.sorted(), kind: g.kind.rawValue,
                       internalTransfers: g.internalTransfers, reciprocalPairs: g.reciprocalPairs,
                       inflowRecords: g.inflowRecords, outflowRecords: g.outflowRecords,
                       sharedSources: g.sharedSources, sharedBuyers: g.sharedBuyers)
        }
        origins = result.groups.map(\.origin.rawValue)
        modularity = result.communities.modularity
        communities = result.communities.count
    }
}
