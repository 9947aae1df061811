/// Identity resolution: automatic merges on strong identifiers, manual decisions, suggestions.
///
/// **Order of merges** (the result does not depend on the order of the input): parties are taken
/// in ascending id; within a party, its full strong identifiers in kind order (resident ID, bank
/// card, mobile, WeChat, QQ, Alipay, email), then by value. Each identifier links the party to the
/// first (lowest-id) party that held it. A link that would put two different resident ID numbers in
/// one group is not made and is reported as a `Conflict`; later links are still tried. Then the
/// manual merges of the decision list, in order, under the same rule. Partial (masked) identifiers
/// never merge.
public enum IdentityResolver {
    /// Resolves `input` under the ordered `decisions`.
    /// - Complexity: O(N log N + I) for N parties and I identifiers for the merges (hash look-ups,
    ///   near-constant union-find), plus O(K log K + P) for suggestions, with K blocking keys and P
    ///   candidate pairs (at most `maxBlockSize`² / 2 per block).
    public static func resolve(_ input: IdentityInput, decisions: [Decision] = [],
                               options: ResolutionOptions = ResolutionOptions()) -> Resolution {
        let prepared = Prepared(input)
        let effect = EffectiveDecisions(decisions)
        var state = MergeState(prepared)
        state.applyAutomatic(detached: effect.detached)
        state.applyManual(effect.merges)
        let groups = state.groups()
        var suggester = Suggester(prepared: prepared, partition: state.partition, options: options)
        let (suggestions, skipped, compared) = suggester.run(rejected: effect.rejected)
        return Resolution(groups: groups, merges: state.merges, conflicts: state.conflicts,
                          suggestions: suggestions, skippedBlocks: skipped, comparedPairs: compared)
    }
}

/// The result of one resolution run.
public struct Resolution: Sendable {
    /// Groups of two or more parties: members ascending, groups ordered by their lowest member.
    public var groups: [[Int64]]
    /// Merges made, in the order applied.
    public var merges: [Merge]
    /// Merges refused, in the order tried; a party that itself holds two resident ID numbers is
    /// reported with `a == b`.
    public var conflicts: [Conflict]
    /// Suggestions at or above the threshold: highest score first, then by `a`, then `b`.
    public var suggestions: [Suggestion]
    public var skippedBlocks: [SkippedBlock]
    /// How many candidate pairs of groups blocking produced and the model scored.
    public var comparedPairs: Int

    /// Each grouped party's group representative (its lowest member). O(total group size).
    public var representatives: [Int64: Int64] {
        var out: [Int64: Int64] = [:]
        for group in groups { for member in group { out[member] = group[0] } }
        return out
    }
}

/// The input with dense indices: parties sorted by id (duplicate ids combined), each party's
/// sightings combined per identifier and sorted, the display name read as an identifier.
struct Prepared {
    var ids: [Int64] = []
    var index: [Int64: Int32] = [:]
    var sightings: [[Sighting]] = []
    var contacts: [[Contact]] = []

    /// O(N log N + I log I).
    init(_ input: IdentityInput) {
        let order = input.parties.indices.sorted { input.parties[$0].id < input.parties[$1].id }
        index.reserveCapacity(order.count)
        for p in order {
            let party = input.parties[p]
            var list = party.identifiers
            if let shown = Identifier.fromDisplayName(party.displayName) { list.append(Sighting(shown)) }
            if let i = index[party.id] {
                sightings[Int(i)].append(contentsOf: list)
            } else {
                index[party.id] = Int32(ids.count)
                ids.append(party.id)
                sightings.append(list)
            }
        }
        for i in sightings.indices { sightings[i] = Prepared.combine(sightings[i]) }
        contacts = ids.map { (input.activity[$0] ?? []).sorted() }
    }

    /// One sighting per identifier, rows sorted and unique, identifiers sorted.
    static func combine(_ list: [Sighting]) -> [Sighting] {
        let sorted = list.sorted { $0.identifier < $1.identifier }
        var out: [Sighting] = []
        out.reserveCapacity(sorted.count)
        for s in sorted {
            if let last = out.last, last.identifier == s.identifier { out[out.count - 1].rows += s.rows }
            else { out.append(s) }
        }
        for i in out.indices where out[i].rows.count > 1 { out[i].rows = out[i].rows.sortedUnique() }
        return out
    }
}

/// Union-find over dense indices (union by size, path halving), with each root's exclusive values.
struct Partition {
    private(set) var parent: [Int32]
    private var size: [Int32]
    /// Resident ID numbers held by each root's group (usually 0 or 1).
    var exclusive: [[Identifier]]

    init(count: Int) {
        parent = (0..<Int32(count)).map { $0 }
        size = [Int32](repeating: 1, count: count)
        exclusive = [[Identifier]](repeating: [], count: count)
    }

    /// Amortised near-constant (inverse Ackermann).
    mutating func find(_ x: Int32) -> Int32 {
        var x = x
        while parent[Int(x)] != x {
            parent[Int(x)] = parent[Int(parent[Int(x)])]
            x = parent[Int(x)]
        }
        return x
    }

    /// The exclusive values two roots would hold together, when they are more than one.
    func clash(_ a: Int32, _ b: Int32) -> [Identifier]? {
        let ea = exclusive[Int(a)], eb = exclusive[Int(b)]
        if ea.isEmpty || eb.isEmpty { return nil }
        let union = Set(ea + eb)
        return union.count > 1 ? union.sorted() : nil
    }

    /// Joins two roots; the larger (then the lower index) stays root.
    mutating func union(_ a: Int32, _ b: Int32) {
        let (big, small) = size[Int(a)] > size[Int(b)] || (size[Int(a)] == size[Int(b)] && a < b) ? (a, b) : (b, a)
        if big == small { return }
        parent[Int(small)] = big
        size[Int(big)] += size[Int(small)]
        exclusive[Int(big)] = Array(Set(exclusive[Int(big)] + exclusive[Int(small)])).sorted()
        exclusive[Int(small)] = []
    }
}

/// The merges of one run, applied to a partition.
struct MergeState {
    let prepared: Prepared
    var partition: Partition
    var merges: [Merge] = []
    var conflicts: [Conflict] = []

    init(_ prepared: Prepared) {
        self.prepared = prepared
        partition = Partition(count: prepared.ids.count)
        for i in prepared.sightings.indices {
            let held = prepared.sightings[i].map(\.identifier).filter { $0.kind.isExclusive && !$0.isPartial }
            partition.exclusive[i] = held
            if held.count > 1 {
                let id = prepared.ids[i]
                conflicts.append(Conflict(a: id, b: id, rule: .sharedStrongIdentifier, identifier: nil, conflicting: held))
            }
        }
    }

    /// Links each party to the first holder of each of its full strong identifiers. O(I) hash look-ups.
    mutating func applyAutomatic(detached: Set<Int64>) {
        // Each key's first holder: the party and the index of its sighting (for the evidence rows).
        var firstHolder: [Identifier: (party: Int32, sighting: Int32)] = [:]
        firstHolder.reserveCapacity(prepared.ids.count)
        for i in prepared.ids.indices where !detached.contains(prepared.ids[i]) {
            for (k, sighting) in prepared.sightings[i].enumerated()
            where sighting.identifier.kind.isStrong && !sighting.identifier.isPartial {
                let key = sighting.identifier.matchKey
                guard let first = firstHolder[key] else { firstHolder[key] = (Int32(i), Int32(k)); continue }
                let firstRows = prepared.sightings[Int(first.party)][Int(first.sighting)].rows
                let evidence = (firstRows + sighting.rows).sortedUnique()
                link(first.party, Int32(i), rule: .sharedStrongIdentifier, identifier: key, reason: nil, evidence: evidence)
            }
        }
    }

    /// Applies manual merges in order; unknown party ids are ignored.
    mutating func applyManual(_ manual: [EffectiveDecisions.ManualMerge]) {
        for m in manual {
            guard let a = prepared.index[m.a], let b = prepared.index[m.b] else { continue }
            link(a, b, rule: m.rule, identifier: nil, reason: m.reason, evidence: m.evidence)
        }
    }

    private mutating func link(_ a: Int32, _ b: Int32, rule: MergeRule, identifier: Identifier?, reason: String?,
                               evidence: [Int64]) {
        let ra = partition.find(a), rb = partition.find(b)
        if ra == rb { return }
        let ida = prepared.ids[Int(a)], idb = prepared.ids[Int(b)]
        if let clash = partition.clash(ra, rb) {
            conflicts.append(Conflict(a: ida, b: idb, rule: rule, identifier: identifier, conflicting: clash))
            return
        }
        partition.union(ra, rb)
        merges.append(Merge(a: ida, b: idb, rule: rule, identifier: identifier, reason: reason, evidence: evidence))
    }

    /// Groups of two or more, members ascending, ordered by lowest member. O(N).
    mutating func groups() -> [[Int64]] {
        var slot = [Int32](repeating: -1, count: prepared.ids.count)
        var groups: [[Int64]] = []
        for i in prepared.ids.indices {
            let root = Int(partition.find(Int32(i)))
            if slot[root] < 0 { slot[root] = Int32(groups.count); groups.append([]) }
            groups[Int(slot[root])].append(prepared.ids[i])
        }
        return groups.filter { $0.count > 1 }
    }
}
