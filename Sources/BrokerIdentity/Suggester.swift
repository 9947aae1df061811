/// Suggestions between resolved groups: blocking, then Fellegi-Sunter scoring of candidate pairs.
///
/// Blocking keys (`Features.blockingKeys`): the pinyin key of each full name; the name with one
/// character hidden (catches one wrong character and masked names such as `*建国`); the nickname;
/// a phone's first 3 and last 4 digits (full and masked); a card's first 6 or 4 and last 4; a
/// resident ID's first 6 and last 4; the landline; an account's ends; surname and counterparty
/// (老牛 and 牛建国 dealing with the same party); counterparty and day. Two groups are compared only
/// when they share a key. A block with more than `maxBlockSize` groups (a very common name, a hub
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
    mutating func run(rejected: [(Int64, Int64)]) -> ([Suggestion], [SkippedBlock]) {
        buildFeatures()
        let (pairs, skipped) = candidatePairs()
        var rejectedGroups = Set<UInt64>()
        for (a, b) in rejected {
            guard let ia = prepared.index[a], let ib = prepared.index[b] else { continue }
            rejectedGroups.insert(Suggester.pack(groupOf[Int(ia)], groupOf[Int(ib)]))
        }
        var suggestions: [Suggestion] = []
        for pair in pairs where !rejectedGroups.contains(pair) {
            let x = Int32(truncatingIfNeeded: pair >> 32), y = Int32(truncatingIfNeeded: pair & 0xffff_ffff)
            guard let reasons = Scorer(model: options.model, window: options.contactWindow)
                .compare(features[Int(x)], features[Int(y)]) else { continue }
            let score = reasons.reduce(0) { $0 + $1.weight }
            guard score >= options.threshold else { continue }
            let a = prepared.ids[Int(representative[Int(x)])], b = prepared.ids[Int(representative[Int(y)])]
            suggestions.append(Suggestion(a: min(a, b), b: max(a, b), score: score, reasons: reasons))
        }
        suggestions.sort { ($0.score, $1.a, $1.b) > ($1.score, $0.a, $0.b) }
        return (suggestions, skipped)
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
        features = [Features](repeating: Features(), count: representative.count)
        var pinyin = PinyinTable()
        for i in 0..<n {
            let g = Int(groupOf[i])
            for sighting in prepared.sightings[i] { features[g].add(sighting.identifier, pinyinTable: &pinyin) }
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
        var keyed: [(key: UInt64, group: Int32)] = []
        keyed.reserveCapacity(features.count * 4)
        for g in features.indices {
            features[g].blockingKeys { family, key in keyed.append((family.hash(key), Int32(g))) }
        }
        keyed.sort { ($0.key, $0.group) < ($1.key, $1.group) }
        var pairs: [UInt64] = [], skipped: [SkippedBlock] = []
        var start = 0
        while start < keyed.count {
            var end = start + 1
            while end < keyed.count && keyed[end].key == keyed[start].key { end += 1 }
            var members: [Int32] = []
            for k in start..<end where members.last != keyed[k].group { members.append(keyed[k].group) }
            if members.count > options.maxBlockSize {
                let family = BlockFamily(rawValue: UInt8(keyed[start].key >> 60)) ?? .name
                skipped.append(SkippedBlock(family: family.label, size: members.count))
            } else if members.count > 1 {
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
