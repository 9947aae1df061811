import Testing
@testable import BrokerGraph

/// Textbook PageRank: solves x = d·(Pᵀ + (1/n)·1·danglingᵀ)·x + (1-d)/n·1 by Gaussian elimination
/// (dense, partial pivoting). P is row-stochastic over edges (parallel edges add up).
func referencePageRank(_ g: Digraph, weights: [Double]?, damping: Double) -> [Double] {
    let n = g.vertexCount
    var out = [Double](repeating: 0, count: n)
    var p = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
    for e in 0..<g.edgeCount {
        let w = weights?[e] ?? 1
        p[Int(g.sources[e])][Int(g.targets[e])] += w
        out[Int(g.sources[e])] += w
    }
    // Matrix (I - A), A[v][u] = d * P[u][v] / out[u], or d / n for dangling u.
    var a = [[Double]](repeating: [Double](repeating: 0, count: n + 1), count: n)
    for v in 0..<n {
        for u in 0..<n {
            let t = out[u] > 0 ? p[u][v] / out[u] : 1 / Double(n)
            a[v][u] = (u == v ? 1 : 0) - damping * t
        }
        a[v][n] = (1 - damping) / Double(n)
    }
    for col in 0..<n {
        let pivot = (col..<n).max { abs(a[$0][col]) < abs(a[$1][col]) }!
        a.swapAt(col, pivot)
        for r in 0..<n where r != col {
            let f = a[r][col] / a[col][col]
            if f != 0 { for c in col...n { a[r][c] -= f * a[col][c] } }
        }
    }
    return (0..<n).map { a[$0][n] / a[$0][$0] }
}

@Suite struct PageRankTests {
    @Test(arguments: 0..<40)
    func matchesLinearSolveOnRandomGraphs(seed: Int) {
        var random = SplitMix64(seed: UInt64(seed) &* 7919)
        let n = 1 + random.below(30)
        let g = randomGraph(seed: UInt64(seed), vertices: n, edges: random.below(4 * n))
        let weights = (0..<g.edgeCount).map { _ in Double(random.below(5)) }  // zeros make dangling vertices
        for w in [nil, weights] {
            let expected = referencePageRank(g, weights: w, damping: 0.85)
            for threads in [1, 2] {
                let result = Centrality.pageRank(g, weights: w, tolerance: 1e-13, threads: threads)
                #expect(result.converged)
                for v in 0..<n { #expect(abs(result.scores[v] - expected[v]) < 1e-10, "vertex \(v)") }
                #expect(abs(result.scores.reduce(0, +) - 1) < 1e-10)
            }
        }
    }

    @Test func reportsNonConvergence() {
        let g = randomGraph(seed: 3, vertices: 50, edges: 200)
        let r = Centrality.pageRank(g, tolerance: 1e-15, maxIterations: 3)
        #expect(r.iterations == 3)
        #expect(!r.converged)
        #expect(r.residual > 1e-15)
    }

    @Test func emptyAndEdgeless() {
        #expect(Centrality.pageRank(Digraph(vertexCount: 0, sources: [], targets: [])).scores.isEmpty)
        let r = Centrality.pageRank(Digraph(vertexCount: 4, sources: [], targets: []))
        #expect(r.scores.allSatisfy { abs($0 - 0.25) < 1e-15 })
    }

    /// igraph 1.0 (PRPACK) figures, cross-checked against networkx to 1e-9 by the fixture script.
    /// Tolerance 1e-9 absolute.
    @Test(.enabled(if: datasetsAvailable("caviar/DERIVED_caviar_edges_long.csv")))
    func caviarMatchesIgraph() throws {
        let c = try LabelledGraph.caviar()
        let plain = Centrality.pageRank(c.graph)
        let weighted = Centrality.pageRank(c.graph, weights: c.weights)
        let rows = try fixtureRows("caviar_pagerank.csv")
        #expect(rows.count == c.labels.count)
        for row in rows {
            let v = c.id[Int(row[0])!]!
            #expect(abs(plain.scores[v] - Double(row[1])!) < 1e-9)
            #expect(abs(weighted.scores[v] - Double(row[2])!) < 1e-9)
        }
    }

    @Test(.enabled(if: datasetsAvailable("bitcoin_otc_alpha/soc-sign-bitcoinotc.csv")))
    func bitcoinOTCTop50MatchesIgraph() throws {
        let b = try LabelledGraph.bitcoinOTC()
        let r = Centrality.pageRank(b.graph)
        #expect(r.converged)
        let ranked = (0..<b.labels.count).sorted { (r.scores[$0], b.labels[$1]) > (r.scores[$1], b.labels[$0]) }
        for (i, row) in try fixtureRows("bitcoin_otc_pagerank_top50.csv").enumerated() {
            #expect(b.labels[ranked[i]] == Int(row[0])!, "rank \(i)")
            #expect(abs(r.scores[b.id[Int(row[0])!]!] - Double(row[1])!) < 1e-9)
        }
    }
}
