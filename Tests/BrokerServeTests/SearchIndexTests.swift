import BrokerCase
@testable import BrokerServe
import BrokerTestSupport
import Testing

/// The byte-scan search against a plain reference: for every party, its best match over id, name and
/// aliases (whole, beginning, inside), ordered by rank, then records, then vertex.
@Suite("Serve: search index") struct SearchIndexTests {
    static func reference(_ data: CaseData, _ query: String) -> [Int32] {
        let q = SearchIndex.fold(query)
        let roles = PartyRole.all(data)
        var best: [(rank: Int, weight: Int64, v: Int32)] = []
        for (v, p) in data.parties.enumerated() {
            let texts = [p.key, p.name] + p.aliases
            let ranks = texts.map(SearchIndex.fold).filter { !$0.isEmpty }.compactMap { t -> Int? in
                t == q ? 0 : t.hasPrefix(q) ? 1 : t.contains(q) ? 2 : nil
            }
            if let r = ranks.min() { best.append((r, roles[v].inRecords + roles[v].outRecords, Int32(v))) }
        }
        return best.sorted { ($0.rank, -$0.weight, $0.v) < ($1.rank, -$1.weight, $1.v) }.map(\.v)
    }

    @Test("Seeded random ids, names and aliases over a small alphabet: same parties, same order", arguments: 0..<8)
    func matchesReference(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        let alphabet = Array("ab1Ab牛")
        func word() -> String { String((0..<Int.random(in: 1...6, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }) }
        var c = CaseBuilder()
        for i in 0..<200 {
            c.party("k\(i)\(word())", name: word(), aliases: (0..<Int.random(in: 0...3, using: &rng)).map { _ in word() })
        }
        for _ in 0..<400 {
            let a = Int.random(in: 0..<200, using: &rng), b = (a + Int.random(in: 1..<200, using: &rng)) % 200
            c.add(from: c.parties[a].key, to: c.parties[b].key)
        }
        let data = c.data
        let index = SearchIndex(data, roles: PartyRole.all(data))
        for _ in 0..<40 {
            let q = word()
            #expect(index.search(q, limit: 1_000).map(\.party) == Self.reference(data, q), "query \(q)")
        }
        #expect(index.search("", limit: 10).isEmpty)
        #expect(index.search("a\nb", limit: 10).isEmpty)
    }
}

/// SplitMix64, for seeded test data.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
