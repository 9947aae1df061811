/// Measures of how central a party is in the trade.
public enum Centrality {}

/// PageRank scores: the share of time a random follower of transfers spends at each party.
///
/// A party scores high when data flows to it from parties that themselves score high: the large
/// buyers and collectors at the end of many chains. Scores sum to 1.
public struct PageRankResult: Sendable, Equatable {
    /// Score per vertex; the scores sum to 1 (within rounding).
    public var scores: [Double]
    /// Power iterations run.
    public var iterations: Int
    /// True when the L1 change of the last iteration fell below the tolerance.
    public var converged: Bool
    /// L1 norm of the change made by the last iteration.
    public var residual: Double
}

extension Centrality {
    /// PageRank (Brin and Page 1998, "The anatomy of a large-scale hypertextual web search engine")
    /// by power iteration, pulling along in-edges.
    ///
    /// The walker follows an out-edge with probability `damping` (chosen in proportion to the
    /// edge's weight, or uniformly among edges when `weights` is nil: parallel edges count once
    /// each) and otherwise jumps to a vertex chosen uniformly. A dangling vertex (no out-edges, or
    /// out-weight 0) passes its score to all vertices uniformly, as networkx and igraph do.
    /// Iteration stops when the L1 norm of the change is below `tolerance`; when `maxIterations`
    /// is reached first, the result says `converged == false` and holds the last iterate.
    ///
    /// Vertices are split into `Parallel.reductionChunks` ranges of about equal in-edge count,
    /// whatever `threads` is; each vertex's sum runs over its in-edges in order and the residual
    /// and dangling mass are added in chunk order, so the result is bitwise the same for any
    /// `threads` (which only decides how many chunks run at once).
    ///
    /// - Parameters:
    ///   - weights: a non-negative weight per edge id (e.g. records), or nil for unweighted.
    /// - Complexity: O((V + E) · iterations) time, O(V + E) extra memory (O(V) unweighted);
    ///   iterations ≤ log(tolerance) / log(damping) in the worst case, far fewer on most graphs.
    public static func pageRank(
        _ graph: Digraph, weights: [Double]? = nil, damping: Double = 0.85,
        tolerance: Double = 1e-10, maxIterations: Int = 1000, threads: Int = Parallel.defaultThreads
    ) -> PageRankResult {
        let n = graph.vertexCount
        precondition(damping >= 0 && damping < 1, "damping must be in [0, 1)")
        if let weights { precondition(weights.count == graph.edgeCount, "one weight per edge") }
        if n == 0 { return PageRankResult(scores: [], iterations: 0, converged: true, residual: 0) }

        // inverse[u] = 1 / out-weight(u), 0 for dangling vertices.
        var inverse = [Double](repeating: 0, count: n)
        var slotWeight: [Double] = []
        if let weights {
            for e in 0..<graph.edgeCount {
                precondition(weights[e] >= 0, "weights must be non-negative")
                inverse[Int(graph.sources[e])] += weights[e]
            }
            slotWeight = graph.inEdgeIDs.map { weights[Int($0)] }
        } else {
            for u in 0..<n { inverse[u] = Double(graph.outDegree(u)) }
        }
        for u in 0..<n { inverse[u] = inverse[u] > 0 ? 1 / inverse[u] : 0 }

        let ranges = Parallel.balancedRanges(n, start: graph.inStart, parts: Parallel.reductionChunks)
        let parts = ranges.count
        var scores = [Double](repeating: 1 / Double(n), count: n)
        var contribution = [Double](repeating: 0, count: n)
        var next = [Double](repeating: 0, count: n)
        var dangling = 0.0
        for u in 0..<n {
            contribution[u] = scores[u] * inverse[u]
            if inverse[u] == 0 { dangling += scores[u] }
        }
        var partialResidual = [Double](repeating: 0, count: parts)
        var partialDangling = [Double](repeating: 0, count: parts)
        let teleport = (1 - damping) / Double(n)
        let weighted = weights != nil
        var iterations = 0
        var residual = Double.infinity

        graph.inStart.withUnsafeBufferPointer { start in
        graph.inNeighbors.withUnsafeBufferPointer { neighbor in
        slotWeight.withUnsafeBufferPointer { slotWeight in
        inverse.withUnsafeBufferPointer { inverse in
            while iterations < maxIterations && !(residual < tolerance) {
                let base = teleport + damping * dangling / Double(n)
                scores.withUnsafeMutableBufferPointer { score in
                contribution.withUnsafeBufferPointer { current in
                next.withUnsafeMutableBufferPointer { next in
                partialResidual.withUnsafeMutableBufferPointer { partialResidual in
                partialDangling.withUnsafeMutableBufferPointer { partialDangling in
                    // Disjoint: chunk p writes score/next for its own vertex range and partial*[p]; current is read-only.
                    Parallel.uncheckedRun(chunks: parts, threads: threads) { part in
                        var change = 0.0, danglingMass = 0.0
                        for v in ranges[part] {
                            var sum = 0.0
                            let lo = Int(start[v]), hi = Int(start[v + 1])
                            if weighted {
                                for slot in lo..<hi { sum += current[Int(neighbor[slot])] * slotWeight[slot] }
                            } else {
                                for slot in lo..<hi { sum += current[Int(neighbor[slot])] }
                            }
                            let value = base + damping * sum
                            change += abs(value - score[v])
                            score[v] = value
                            next[v] = value * inverse[v]
                            if inverse[v] == 0 { danglingMass += value }
                        }
                        partialResidual[part] = change
                        partialDangling[part] = danglingMass
                    }
                }}}}}
                swap(&contribution, &next)
                residual = partialResidual.reduce(0, +)
                dangling = partialDangling.reduce(0, +)
                iterations += 1
            }
        }}}}
        return PageRankResult(scores: scores, iterations: iterations,
                              converged: residual < tolerance, residual: residual)
    }
}
