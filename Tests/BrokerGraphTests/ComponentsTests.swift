import Testing
@testable import BrokerGraph

/// Weak and strong components against reachability computed by brute force (Floyd-Warshall style
/// transitive closure) on many seeded random graphs.
@Suite struct ComponentsTests {

    static func graph(seed: UInt64) -> Digraph {
        var random = SplitMix64(seed: UInt64(seed))
        let n = 1 + random.below(24)
        let m = random.below(2 * n + 1)
        var s: [Int32] = [], t: [Int32] = []
        for _ in 0..<m {
            s.append(Int32(random.below(n)))
            t.append(Int32(random.below(n)))   // self-loops and parallel edges included
        }
        return Digraph(vertexCount: n, sources: s, targets: t)
    }

    /// reach[u][v]: v can be reached from u (every vertex reaches itself).
    static func closure(_ g: Digraph, undirected: Bool) -> [[Bool]] {
        let n = g.vertexCount
        var reach = (0..<n).map { u in (0..<n).map { $0 == u } }
        for e in 0..<g.edgeCount {
            reach[Int(g.sources[e])][Int(g.targets[e])] = true
            if undirected { reach[Int(g.targets[e])][Int(g.sources[e])] = true }
        }
        for k in 0..<n { for i in 0..<n where reach[i][k] { for j in 0..<n where reach[k][j] { reach[i][j] = true } } }
        return reach
    }

    /// Expected labels: components numbered 0, 1, ... in order of their smallest vertex.
    static func labels(_ n: Int, same: (Int, Int) -> Bool) -> [Int32] {
        var label = [Int32](repeating: -1, count: n)
        var next: Int32 = 0
        for v in 0..<n where label[v] < 0 {
            for w in v..<n where same(v, w) { label[w] = next }
            next += 1
        }
        return label
    }

    @Test("weak components equal undirected reachability", arguments: 0..<300)
    func weak(seed: UInt64) {
        let g = Self.graph(seed: seed)
        let reach = Self.closure(g, undirected: true)
        #expect(Components.weak(g) == Self.labels(g.vertexCount) { reach[$0][$1] })
    }

    @Test("strong components equal mutual reachability", arguments: 0..<300)
    func strong(seed: UInt64) {
        let g = Self.graph(seed: seed)
        let reach = Self.closure(g, undirected: false)
        #expect(Components.strong(g) == Self.labels(g.vertexCount) { reach[$0][$1] && reach[$1][$0] })
    }

    @Test("groups list members sorted, groups by smallest member", arguments: 0..<50)
    func groups(seed: UInt64) {
        let g = Self.graph(seed: 1_000 + seed)
        let label = Components.strong(g)
        let groups = Components.groups(label)
        #expect(groups.flatMap { $0 }.sorted() == Array(0..<Int32(g.vertexCount)))
        #expect(groups.map { $0.first! } == groups.map { $0.min()! })
        #expect(groups.map { $0.first! }.sorted() == groups.map { $0.first! })
        for group in groups { #expect(Set(group.map { label[Int($0)] }).count == 1) }
    }

    @Test("a long path and a long cycle need no recursion")
    func deep() {
        let n = 200_000
        let path = Digraph(vertexCount: n, sources: (0..<Int32(n - 1)).map { $0 }, targets: (1..<Int32(n)).map { $0 })
        #expect(Set(Components.weak(path)) == [0])
        #expect(Components.strong(path) == (0..<Int32(n)).map { $0 })
        let cycle = Digraph(vertexCount: n, sources: (0..<Int32(n)).map { $0 }, targets: (0..<Int32(n)).map { ($0 + 1) % Int32(n) })
        #expect(Set(Components.strong(cycle)) == [0])
    }

    @Test("the empty graph")
    func empty() {
        let g = Digraph(vertexCount: 0, sources: [], targets: [])
        #expect(Components.weak(g).isEmpty && Components.strong(g).isEmpty && Components.groups([]).isEmpty)
    }
}
