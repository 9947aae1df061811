/// Suggestions between resolved groups: blocking, then Fellegi-Sunter scoring of candidate pairs.
///
/// Blocking keys (`Features.blockingKeys`): the pinyin key of each full name; the nickname; a
/// phone's first 3 and last 4 digits; a card's first 6 or 4 and last 4; a resident ID's first 6 and
/// last 4; the landline; an account's first and last 2; surname and counterparty (老牛 and 牛建国
/// dealing with the same party); counterparty and day. Two groups are compared only when they share
/// a key (for the phone, card, ID and account keys: when one of them shows the value masked).
/// A name with one wrong character or masked (`*建国`) is compared but not blocked on: under the
/// default model such a pair can reach the threshold only with a masked identifier or shared
/// counterparties, which have keys of their own. A block with more than `maxBlockSize` groups (a very common name, a hub
/// counterparty) is skipped and reported in `skippedBlocks`: its pairs are compared only if another
/// key brings them together.
struct Suggester {
    let prepared: Prepared
    var partition: Partition
    let options: ResolutionOptions
    /// Dense index of each party's group (0..<groupCount), and each group's representative party index.
    var groupOf: [Int32] = []
    var representative: [Int32] = []
    var features: [Features] = []

    init(prepared: Prepared, partition: Partition, options: ResolutionOptions) {
        self.prepared = prepared
        self.partition = partition
        self.options = options
    }

    /// O(N + I + K log K + P·c), c the cost of comparing two groups (their identifier counts).
    mutating func run(rejected: [(Int64, Int64)]) -> ([Suggestion], [SkippedBlock], Int) {
        buildFeatures()
        let (pairs, skipped) = candidatePairs()
        var rejectedGroups = Set<UInt64>()
        for (a, b) in rejected {
            guard let ia = prepared.index[a], let ib = prepared.index[b] else { continue }
            rejectedGroups.insert(Suggester.pack(groupOf[Int(ia)], groupOf[Int(ib)]))
        }
        var suggestions: [Suggestion] = []
        let scorer = Scorer(model: options.model, window: options.contactWindow)
        for pair in pairs where !rejectedGroups.contains(pair) {
            let x = Int(Int32(truncatingIfNeeded: pair >> 32)), y = Int(Int32(truncatingIfNeeded: pair & 0xffff_ffff))
            guard let (score, _) = scorer.compare(features[x], features[y]), score >= options.threshold,
                  let (_, reasons) = scorer.compare(features[x], features[y], describe: true) else { continue }
            let a = prepared.ids[Int(representative[x])], b = prepared.ids[Int(representative[y])]
            suggestions.append(Suggestion(a: min(a, b), b: max(a, b), score: score, reasons: reasons))
        }
        suggestions.sort { ($0.score, $1.a, $1.b) > ($1.score, $0.a, $0.b) }
        return (suggestions, skipped, pairs.count)
    }

    /// Groups in order of their lowest member; features filed per group. O(N + I).
    mutating func buildFeatures() {
        let n = prepared.ids.count
        var slot = [Int32](repeating: -1, count: n)
        groupOf = [Int32](repeating: 0, count: n)
        for i in 0..<n {
            let root = Int(partition.find(Int32(i)))
            if slot[root] < 0 { slot[root] = Int32(representative.count); representative.append(Int32(i)) }
            groupOf[i] = slot[root]
        }
        features = (0..<representative.count).map { _ in Features() }
        var pinyin = PinyinTable()
        var pinyinIDs: [String: Int32] = [:]
        for i in 0..<n {
            let g = Int(groupOf[i])
            for sighting in prepared.sightings[i] {
                features[g].add(sighting.identifier, pinyinTable: &pinyin, pinyinIDs: &pinyinIDs)
            }
            for contact in prepared.contacts[i] {
                var c = contact
                if let j = prepared.index[c.counterparty] { c.counterparty = prepared.ids[Int(representative[Int(groupOf[Int(j)])])] }
                features[g].contacts.append(c)
            }
        }
        for g in features.indices where features[g].contacts.count > 1 { features[g].contacts.sort() }
    }

    /// Sorted unique pairs of group indices (x < y) that share a key in a block of at most
    /// `maxBlockSize` groups. O(K log K + P log P).
    func candidatePairs() -> ([UInt64], [SkippedBlock]) {
        // Each entry: key hash, group index << 1 | masked flag.
        var keyed: [(key: UInt64, entry: UInt32)] = []
        keyed.reserveCapacity(features.count * 4)
        for g in features.indices {
            features[g].blockingKeys { key, masked in keyed.append((key.value, UInt32(g) << 1 | (masked ? 1 : 0))) }
        }
        keyed.sort { ($0.key, $0.entry) < ($1.key, $1.entry) }
        var pairs: [UInt64] = [], skipped: [SkippedBlock] = []
        pairs.reserveCapacity(keyed.count)
        var members: [Int32] = [], masked: [Int32] = []
        var start = 0
        while start < keyed.count {
            var end = start + 1
            while end < keyed.count && keyed[end].key == keyed[start].key { end += 1 }
            let family = BlockFamily(rawValue: UInt8(keyed[start].key >> 60)) ?? .name
            members.removeAll(keepingCapacity: true); masked.removeAll(keepingCapacity: true)
            for k in start..<end {
                let group = Int32(keyed[k].entry >> 1)
                if members.last != group { members.append(group) }
                if keyed[k].entry & 1 == 1 && masked.last != group { masked.append(group) }
            }
            let useful = members.count > 1 && (!family.pairsNeedMasked || !masked.isEmpty)
            if useful && members.count > options.maxBlockSize {
                skipped.append(SkippedBlock(family: family.label, size: members.count))
            } else if useful && family.pairsNeedMasked {
                for m in masked { for other in members where other != m { pairs.append(Suggester.pack(m, other)) } }
            } else if useful {
                for i in 0..<members.count { for j in (i + 1)..<members.count { pairs.append(Suggester.pack(members[i], members[j])) } }
            }
            start = end
        }
        pairs.sort()
        var w = 0
        for r in pairs.indices where r == 0 || pairs[r] != pairs[r - 1] { pairs[w] = pairs[r]; w += 1 }
        pairs.removeLast(pairs.count - w)
        skipped.sort { ($0.family, $1.size) < ($1.family, $0.size) }
        return (pairs, skipped)
    }

    /// Two group indices as one ordered 64-bit value (lower index in the high half).
    static func pack(_ a: Int32, _ b: Int32) -> UInt64 {
        let (x, y) = a < b ? (a, b) : (b, a)
        return UInt64(UInt32(x)) << 32 | UInt64(UInt32(y))
    }
}
