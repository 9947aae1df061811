import BrokerGraph

/// Who held each resident's record, since when and through which chain; and how far each
/// source's data reached.
///
/// A batch's records travel only along transfers that carry that batch id (and its category),
/// under the chain rule of `Chains` (intervals, greedy earliest arrival; see `EarliestArrival`).
/// A batch starts at the parties that pass it on without having received it first: the system it
/// was collected from (an origin), or a party that passes it on before any recorded receipt (its
/// records then came from somewhere the file does not say).
///
/// Transfers without a batch id are **not followed**: which residents they carried is unknown, and
/// assuming "everything the sender held" would name people who were never exposed. They are
/// counted in `untrackedTransfers`. A transfer that carries fewer records than the batch's largest
/// row is an extract: the holding is then possible, not certain (`whole == false`).
public struct ExposureReport: Sendable, Encodable {
    /// One party holding one resident's record.
    public struct Holding: Sendable, Encodable, Equatable {
        public var party: String
        public var name: String
        /// When the party had the record from (earliest feasible time, case zone); `nil` for a
        /// party that held it before any recorded transfer (the origin of the batch).
        public var first: String?
        /// The batch it came in.
        public var batch: String
        /// Row ids of the chain from the batch's origin to the party (empty for the origin).
        public var chain: [String]
        /// Party keys along the chain.
        public var parties: [String]
        /// True when every transfer on the chain carried the whole batch, so the record certainly
        /// passed; false when some carried only an extract.
        public var whole: Bool
        /// Sort key: arrival time (`Int64.min` for an origin).
        var time: Int64
        enum CodingKeys: String, CodingKey { case party, name, first, batch, chain, parties, whole }
    }

    /// One resident (data subject), by pseudonym (the first 16 hex digits of the keyed hash).
    public struct Resident: Sendable, Encodable, Equatable {
        public var subject: String
        public var batches: [String]
        public var holders: [Holding]
    }

    /// How far one source's data went.
    public struct SourceReach: Sendable, Encodable, Equatable {
        /// The first person to hold the batches: the collector, or a party that passed them on
        /// without a recorded receipt.
        public var source: String
        public var name: String
        /// The system or pool collected from, when the batches were collected.
        public var origins: [String]
        public var batches: [String]
        /// Distinct residents in the source's batches (set union over batches).
        public var residents: Int
        /// Distinct residents whose records reached at least one party downstream of the source.
        public var reached: Int
        /// Distinct parties downstream that held any of them.
        public var parties: Int
        /// Distinct (resident, party) pairs downstream.
        public var exposures: Int
        enum CodingKeys: String, CodingKey { case source, name, origins, batches, residents, reached, parties, exposures }
    }

    public var residents: [Resident]
    public var sources: [SourceReach]
    /// Transfers without a batch id: not followed.
    public var untrackedTransfers: Int
    /// Batch ids on transfers with no listing in the batch contents.
    public var batchesWithoutContents: [String]
    /// Batch ids listed in the contents that no transfer carries.
    public var contentsWithoutTransfers: [String]

    enum CodingKeys: String, CodingKey {
        case residents, sources
        case untrackedTransfers = "untracked_transfers", batchesWithoutContents = "batches_without_contents"
        case contentsWithoutTransfers = "contents_without_transfers"
    }

    /// Builds the report; with `subject`, only that resident (an index into `contents.subjects`).
    /// - Complexity: per (batch, category), O(k log k · r) for its k transfers and r parties that
    ///   pass it on before a recorded receipt (r is 1 for a collected batch), plus the size of the
    ///   output: holders times residents.
    public init(_ data: CaseData, contents: BatchContents, subject: Int32? = nil) {
        let t = data.transfers
        let roles = PartyRole.all(data)
        let times = data.edgeTimes
        var groups: [BatchKey: [Int32]] = [:]
        var untracked = 0
        for e in 0..<t.count {
            if let b = t.batch[e] { groups[BatchKey(b, t.category[e]), default: []].append(Int32(e)) } else { untracked += 1 }
        }
        untrackedTransfers = untracked
        batchesWithoutContents = Set(groups.keys.map(\.batch)).filter { contents.batches[$0] == nil }.sorted()
        contentsWithoutTransfers = Set(contents.batches.keys).subtracting(groups.keys.map(\.batch)).sorted()

        var best: [Int32: [Int32: Holding]] = [:]          // subject -> party -> holding
        var batchesOf: [Int32: Set<String>] = [:]
        struct Acc { var origins = Set<Int32>(); var batches = Set<String>(); var residents = Set<Int32>()
                     var reached = Set<Int32>(); var parties = Set<Int32>(); var pairs = Set<Int64>() }
        var bySource: [Int32: Acc] = [:]

        for key in groups.keys.sorted(by: { ($0.batch, $0.category) < ($1.batch, $1.category) }) {
            let edges = groups[key]!
            guard let members = contents.members(batch: key.batch, category: key.category) else { continue }
            let subjects = subject.map { s in members.distinct.contains(s) ? [s] : [] } ?? members.distinct
            let size = edges.map { t.records[Int($0)] }.max() ?? 0
            let (result, _) = Self.spread(data.graph, times: times, edges: edges)
            // Sources: the root of each party's chain, or, when the root is an origin, its collector.
            var sourceOf: [Int32: Int32] = [:]     // reached party -> its source
            var originsOf: [Int32: Set<Int32>] = [:]
            var chains: [Int32: [Int32]] = [:]
            for v in result.arrival.keys.sorted() {
                let chain = result.chain(to: v, graph: data.graph) ?? []
                chains[v] = chain
                let path = [chain.first.map { data.graph.sources[Int($0)] } ?? v] + chain.map { data.graph.targets[Int($0)] }
                if roles[Int(path[0])].role == .origin {
                    guard path.count > 1 else { continue }
                    sourceOf[v] = path[1]
                    originsOf[path[1], default: []].insert(path[0])
                } else {
                    sourceOf[v] = path[0]
                }
            }
            for s in Set(sourceOf.values) {
                var acc = bySource[s] ?? Acc()
                acc.batches.insert(key.batch)
                acc.residents.formUnion(subjects)
                acc.origins.formUnion(originsOf[s] ?? [])
                bySource[s] = acc
            }
            for (v, s) in sourceOf where v != s {
                var acc = bySource[s]!
                acc.parties.insert(v)
                acc.reached.formUnion(subjects)
                for r in subjects { acc.pairs.insert(Int64(r) << 32 | Int64(v)) }
                bySource[s] = acc
            }
            // Holdings.
            for (v, time) in result.arrival {
                let chain = chains[v] ?? []
                var first: String?
                if let last = chain.last.map(Int.init) {
                    // Arrival at the start of a date-only transfer's day: show that day, not a moment.
                    first = t.time[last].isDay && time == t.time[last].earliest ? data.format(t.time[last])
                        : data.format(TimeSpan(earliest: time, latest: time))
                }
                let path = [chain.first.map { data.graph.sources[Int($0)] } ?? v] + chain.map { data.graph.targets[Int($0)] }
                let holding = Holding(
                    party: data.parties[Int(v)].key, name: data.parties[Int(v)].name, first: first,
                    batch: key.batch, chain: chain.map { t.label[Int($0)] }, parties: path.map { data.parties[Int($0)].key },
                    whole: chain.allSatisfy { t.records[Int($0)] >= size }, time: time)
                for r in subjects {
                    batchesOf[r, default: []].insert(key.batch)
                    if let old = best[r]?[v], (old.time, old.batch) <= (holding.time, holding.batch) { continue }
                    best[r, default: [:]][v] = holding
                }
            }
        }
        residents = best.keys.map { r in
            Resident(subject: contents.pseudonym(r), batches: (batchesOf[r] ?? []).sorted(),
                     holders: best[r]!.values.sorted { ($0.time, $0.party) < ($1.time, $1.party) })
        }.sorted { $0.subject < $1.subject }
        sources = bySource.map { s, acc in
            SourceReach(source: data.parties[Int(s)].key, name: data.parties[Int(s)].name,
                        origins: acc.origins.map { data.parties[Int($0)].key }.sorted(), batches: acc.batches.sorted(),
                        residents: acc.residents.count, reached: acc.reached.count, parties: acc.parties.count,
                        exposures: acc.pairs.count)
        }.sorted { ($1.reached, $0.source) < ($0.reached, $1.source) }
    }

    /// Earliest arrival along one batch's transfers, and the roots it starts from.
    ///
    /// Roots start as the parties that pass the batch on but never receive it. While some party
    /// passes it on at a time it cannot yet have it, the sender of the earliest such transfer
    /// becomes a root too (it held the records from somewhere unrecorded), and the search reruns.
    static func spread(_ graph: Digraph, times: Chains.EdgeTimes, edges: [Int32]) -> (EarliestArrival.Result, Set<Int32>) {
        let receivers = Set(edges.map { graph.targets[Int($0)] })
        var roots = Set(edges.map { graph.sources[Int($0)] }).subtracting(receivers)
        while true {
            let result = EarliestArrival.compute(graph: graph, times: times, edges: edges, roots: roots.sorted())
            let late = edges.filter { e in
                let u = graph.sources[Int(e)]
                guard let a = result.arrival[u] else { return true }
                return a > times.latest[Int(e)]
            }
            guard let first = late.min(by: { (times.earliest[Int($0)], $0) < (times.earliest[Int($1)], $1) }) else {
                return (result, roots)
            }
            roots.insert(graph.sources[Int(first)])
        }
    }
}
