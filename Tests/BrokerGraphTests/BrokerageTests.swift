import Testing
@testable import BrokerGraph

/// Brute force over all ordered triples of the simple digraph (statnet's rule).
func referenceBrokerage(_ g: Digraph, groups: [Int32]) -> [[Int]] {
    let a = adjacency(g), n = g.vertexCount
    var roles = [[Int]](repeating: [0, 0, 0, 0, 0], count: n)
    for x in 0..<n { for b in 0..<n { for c in 0..<n {
        guard x != b, b != c, x != c, a[x][b], a[b][c], !a[x][c] else { continue }
        let (ga, gb, gc) = (groups[x], groups[b], groups[c])
        guard ga >= 0, gb >= 0, gc >= 0 else { continue }
        let role = ga == gb ? (gb == gc ? 0 : 2) : gb == gc ? 1 : ga == gc ? 3 : 4
        roles[b][role] += 1
    } } }
    return roles
}

func roles(_ r: BrokerageResult, _ v: Int) -> [Int] {
    [r.coordinator[v], r.gatekeeper[v], r.representative[v], r.itinerant[v], r.liaison[v]]
}

@Suite struct BrokerageTests {
    @Test(arguments: 0..<60)
    func matchesBruteForce(seed: Int) {
        var random = SplitMix64(seed: UInt64(seed) &+ 77)
        let n = 1 + random.below(20)
        let g = randomGraph(seed: UInt64(seed), vertices: n, edges: random.below(5 * n))
        let groups = (0..<n).map { _ in Int32(random.below(4)) - 1 }  // -1 = unknown
        let expected = referenceBrokerage(g, groups: groups)
        for threads in [1, 2] {
            let r = Centrality.brokerage(g, groups: groups, threads: threads)
            for v in 0..<n { #expect(roles(r, v) == expected[v], "vertex \(v)") }
        }
    }

    @Test func namedRoles() {
        // a(0) -> b(1) -> c(2), no a -> c.
        let g = Digraph(vertexCount: 3, sources: [0, 1], targets: [1, 2])
        func role(_ groups: [Int32]) -> [Int] { roles(Centrality.brokerage(g, groups: groups), 1) }
        #expect(role([0, 0, 0]) == [1, 0, 0, 0, 0])  // coordinator
        #expect(role([1, 0, 0]) == [0, 1, 0, 0, 0])  // gatekeeper: b same as c
        #expect(role([0, 0, 1]) == [0, 0, 1, 0, 0])  // representative: a same as b
        #expect(role([0, 1, 0]) == [0, 0, 0, 1, 0])  // itinerant: a same as c
        #expect(role([0, 1, 2]) == [0, 0, 0, 0, 1])  // liaison
        #expect(role([0, -1, 0]) == [0, 0, 0, 0, 0]) // unknown group
        // A direct tie a -> c closes the two-path: no brokerage.
        let closed = Digraph(vertexCount: 3, sources: [0, 1, 0], targets: [1, 2, 2])
        #expect(Centrality.brokerage(closed, groups: [0, 0, 0]).total(1) == 0)
    }

    /// Montagna phone calls with 'familia' as group; reference from the fixture script's
    /// implementation of statnet's rule (exact integer match).
    @Test(.enabled(if: datasetsAvailable("montagna_mafia/Montagna_phonecalls_edgelist.csv")))
    func montagnaFamilies() throws {
        let m = try LabelledGraph.montagnaPhone()
        let rows = try fixtureRows("montagna_brokerage.csv")
        var groups = [Int32](repeating: -1, count: m.labels.count)
        for row in rows { groups[m.id[Int(row[0])!]!] = Int32(row[1])! }
        let r = Centrality.brokerage(m.graph, groups: groups)
        var nonzero = 0
        for row in rows {
            let v = m.id[Int(row[0])!]!
            #expect(roles(r, v) == row[2...6].map { Int($0)! }, "vertex \(row[0])")
            nonzero += r.total(v) > 0 ? 1 : 0
        }
        #expect(nonzero > 5)
    }
}
