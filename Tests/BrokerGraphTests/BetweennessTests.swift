import Testing
@testable import BrokerGraph

/// Shortest-path counts from `s` by BFS on the simple digraph: (distance, number of paths).
func pathCounts(_ a: [[Bool]], from s: Int) -> ([Int], [Double]) {
    let n = a.count
    var d = [Int](repeating: -1, count: n), sigma = [Double](repeating: 0, count: n)
    d[s] = 0; sigma[s] = 1
    var frontier = [s]
    while !frontier.isEmpty {
        var next: [Int] = []
        for v in frontier { for w in 0..<n where a[v][w] && w != v {
            if d[w] < 0 { d[w] = d[v] + 1; next.append(w) }
            if d[w] == d[v] + 1 { sigma[w] += sigma[v] }
        } }
        frontier = next
    }
    return (d, sigma)
}

/// Definition: dependency of source s on v = Σ_t σ_sv·σ_vt / σ_st over t with d(s,v)+d(v,t) = d(s,t).
func referenceDependency(_ a: [[Bool]], source s: Int) -> [Double] {
    let n = a.count
    let all = (0..<n).map { pathCounts(a, from: $0) }
    var dep = [Double](repeating: 0, count: n)
    for v in 0..<n where v != s {
        for t in 0..<n where t != s && t != v {
            let (ds, ss) = all[s], (dv, sv) = all[v]
            if ds[v] >= 0 && dv[t] >= 0 && ds[t] == ds[v] + dv[t] { dep[v] += ss[v] * sv[t] / ss[t] }
        }
    }
    return dep
}

@Suite struct BetweennessTests {
    @Test(arguments: 0..<40)
    func exactMatchesDefinition(seed: Int) {
        var random = SplitMix64(seed: UInt64(seed) &+ 100)
        let n = 1 + random.below(25)
        let g = randomGraph(seed: UInt64(seed) &+ 1000, vertices: n, edges: random.below(5 * n))
        let a = adjacency(g)
        var expected = [Double](repeating: 0, count: n)
        for s in 0..<n { for (v, x) in referenceDependency(a, source: s).enumerated() { expected[v] += x } }
        for threads in [1, 2] {
            let r = Centrality.betweenness(g, threads: threads)
            #expect(!r.isEstimate)
            #expect(r.sources == n)
            for v in 0..<n { #expect(abs(r.scores[v] - expected[v]) < 1e-9 * max(1, expected[v]), "vertex \(v)") }
        }
    }

    @Test(arguments: 0..<15)
    func sampledIsScaledSumOverDrawnSources(seed: Int) {
        let n = 40
        let g = randomGraph(seed: UInt64(seed), vertices: n, edges: 120)
        let a = adjacency(g)
        let r = Centrality.betweenness(g, samples: 10, seed: UInt64(seed), exactLimit: 0)
        #expect(r.isEstimate && r.sources == 10 && r.seed == UInt64(seed))
        var random = SplitMix64(seed: UInt64(seed))
        var expected = [Double](repeating: 0, count: n)
        for s in random.sample(10, from: n) {
            for (v, x) in referenceDependency(a, source: Int(s)).enumerated() { expected[v] += x * Double(n) / 10 }
        }
        for v in 0..<n { #expect(abs(r.scores[v] - expected[v]) < 1e-9 * max(1, expected[v])) }
        // Same seed, same estimate.
        #expect(Centrality.betweenness(g, samples: 10, seed: UInt64(seed), exactLimit: 0) == r)
    }

    /// networkx 3.6 `betweenness_centrality(normalized=False)` on the simple digraph, cross-checked
    /// against igraph by the fixture script. Tolerance 1e-9 relative.
    @Test(.enabled(if: datasetsAvailable("caviar/DERIVED_caviar_edges_long.csv",
                                         "montagna_mafia/Montagna_phonecalls_edgelist.csv")),
          arguments: ["caviar", "montagna_phone"])
    func matchesNetworkx(dataset: String) throws {
        let g = dataset == "caviar" ? try LabelledGraph.caviar() : try LabelledGraph.montagnaPhone()
        let r = Centrality.betweenness(g.graph)
        #expect(!r.isEstimate)
        let rows = try fixtureRows("\(dataset)_betweenness.csv")
        #expect(rows.count == g.labels.count)
        for row in rows {
            let expected = Double(row[1])!
            #expect(abs(r.scores[g.id[Int(row[0])!]!] - expected) <= 1e-9 * max(1, expected), "vertex \(row[0])")
        }
    }
}
