import BrokerGraph

/// One time-respecting distribution chain, as users see it.
public struct ChainReport: Sendable, Encodable, Equatable {
    /// Party keys, from the first supplier to the last receiver.
    public var parties: [String]
    /// Row ids of the transfers, in order.
    public var transfers: [String]
    /// Earliest feasible date of the first and of the last hand-over.
    public var start: String
    public var end: String
    /// Records that can have passed the whole chain: the smallest count along it.
    public var records: Int64
    public var category: Category
    /// Edge ids in the case graph (not printed).
    public var edges: [Int32]

    enum CodingKeys: String, CodingKey { case parties, transfers, start, end, records, category }
}

/// The chains asked for, and whether the list is complete.
public struct ChainsReport: Sendable, Encodable {
    public var chains: [ChainReport]
    /// True when more chains exist than were listed (the list was cut at the limit).
    public var truncated: Bool
    /// False when the search stopped at its step budget: longer chains may exist.
    public var complete: Bool

    /// Finds the longest chains (see `Chains.longest`); `from` and `to` are party vertices.
    public init(_ data: CaseData, from: Int32? = nil, to: Int32? = nil, limit: Int = 50, budget: Int = 5_000_000,
                progress: ProgressMeter? = nil) {
        let result = Chains.longest(in: data.graph, times: data.edgeTimes, from: from, to: to,
                                    limit: limit, budget: budget, progress: progress)
        chains = result.chains.map { chain in
            ChainReport(parties: chain.vertices.map { data.parties[Int($0)].key },
                        transfers: chain.edges.map { data.transfers.label[Int($0)] },
                        start: data.date(chain.start), end: data.date(chain.end),
                        records: chain.edges.map { data.transfers.records[Int($0)] }.min() ?? 0,
                        category: data.transfers.category[Int(chain.edges[0])], edges: chain.edges)
        }
        truncated = result.truncated
        complete = result.complete
    }
}
