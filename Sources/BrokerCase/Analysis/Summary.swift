import BrokerGraph

/// The size and time span of a case.
public struct CaseSummary: Sendable, Codable, Equatable {
    public var parties: Int
    public var transfers: Int
    /// Records handed over, added up over all transfers (copies count each time).
    public var records: Int64
    /// Money paid, in yuan.
    public var amount: Double
    /// Date of the first and last transfer (case time zone), `nil` when there are none.
    public var first: String?
    public var last: String?
    /// Parties folded into another by identity resolution (nil when none): `parties` counts each
    /// resolved party once.
    public var mergedParties: Int?
    /// Transfers between two parties resolved as one (nil when none): counted in `transfers`, left
    /// out of the graph.
    public var internalTransfers: Int?

    enum CodingKeys: String, CodingKey {
        case parties, transfers, records, amount, first, last
        case mergedParties = "merged_parties", internalTransfers = "internal_transfers"
    }

    /// A summary from its parts (the store computes them with SQL aggregates).
    public init(parties: Int, transfers: Int, records: Int64, amountFen: Int64, first: String?, last: String?) {
        self.parties = parties; self.transfers = transfers; self.records = records
        self.amount = Double(amountFen) / 100; self.first = first; self.last = last
    }

    /// - Complexity: O(transfers).
    public init(_ data: CaseData) {
        parties = data.parties.count
        transfers = data.transfers.count
        records = data.transfers.records.reduce(0, &+)
        amount = Double(data.transfers.amountFen.reduce(0) { $0 &+ ($1 ?? 0) }) / 100
        first = data.transfers.time.earliest.min().map(data.date)
        last = data.transfers.time.latest.max().map(data.date)
    }
}

/// What a party does in the trade.
public enum Role: String, Sendable, Codable, CaseIterable {
    /// A system or customer pool that an insider's `collect` row harvests from.
    case origin
    /// Collects records, or passes records on without receiving any.
    case source
    /// Receives records and passes them on.
    case broker
    /// Receives records only.
    case endUser = "end_user"
    /// Takes part in no transfer.
    case isolated
}

/// A party's role and its flows.
public struct PartyRole: Sendable, Codable, Equatable {
    public var party: String
    public var name: String
    public var role: Role
    public var inRecords: Int64
    public var outRecords: Int64
    public var inTransfers: Int
    public var outTransfers: Int
    /// Whether the party harvested data itself (a `collect` row) or is declared an insider.
    public var insider: Bool

    enum CodingKeys: String, CodingKey {
        case party, name, role, insider
        case inRecords = "in_records", outRecords = "out_records"
        case inTransfers = "in_transfers", outTransfers = "out_transfers"
    }

    /// Roles of every party, in party order.
    ///
    /// The rule, first match wins: `origin` if the party is the `from` of a collect row;
    /// `source` if it collects (is the `to` of a collect row) or passes on without receiving;
    /// `broker` if it receives and passes on; `end_user` if it only receives; else `isolated`.
    /// - Complexity: O(parties + transfers).
    public static func all(_ data: CaseData) -> [PartyRole] {
        let n = data.parties.count
        var result = data.parties.map {
            PartyRole(party: $0.key, name: $0.name, role: .isolated, inRecords: 0, outRecords: 0,
                      inTransfers: 0, outTransfers: 0, insider: $0.insider)
        }
        var harvested = [Bool](repeating: false, count: n)
        var collects = [Bool](repeating: false, count: n)
        let t = data.transfers
        for e in 0..<t.count {
            let from = Int(t.from[e]), to = Int(t.to[e])
            result[from].outRecords += t.records[e]; result[from].outTransfers += 1
            result[to].inRecords += t.records[e]; result[to].inTransfers += 1
            if t.mode[e] == .collect { harvested[from] = true; collects[to] = true }
        }
        for v in 0..<n {
            var r = result[v]
            // Records collected are harvested, not received from another party.
            let received = r.inTransfers > 0 && !(collects[v] && data.transfers.isOnlyCollected(v, graph: data.graph))
            if collects[v] { r.insider = true }
            r.role = harvested[v] ? .origin
                : collects[v] ? .source
                : received && r.outTransfers > 0 ? .broker
                : r.outTransfers > 0 ? .source
                : received ? .endUser : .isolated
            result[v] = r
        }
        return result
    }
}

extension TransferTable {
    /// Whether every transfer into `v` is a collect row.
    func isOnlyCollected(_ v: Int, graph: Digraph) -> Bool {
        graph.inEdges(of: v).allSatisfy { mode[Int($0)] == .collect }
    }
}

/// Weakly connected groups, and strongly connected groups of more than one party, by party key.
public struct ComponentsReport: Sendable, Codable, Equatable {
    public var weak: [[String]]
    public var strong: [[String]]

    /// Groups ordered largest first, then by first key; members sorted by key.
    /// - Complexity: O(parties + transfers).
    public init(_ data: CaseData) {
        func named(_ labels: [Int32]) -> [[String]] {
            Components.groups(labels).map { $0.map { data.parties[Int($0)].key }.sorted() }
                .sorted { $0.count != $1.count ? $0.count > $1.count : $0.lexicographicallyPrecedes($1) }
        }
        weak = named(Components.weak(data.graph))
        strong = named(Components.strong(data.graph)).filter { $0.count > 1 }
    }
}
