/// Community detection on the undirected projection of the trade.
public enum Community {}

/// A partition of the vertices into communities.
public struct CommunityResult: Sendable, Equatable {
    /// Community id per vertex, numbered 0, 1, ... in order of each community's smallest vertex.
    public var community: [Int32]
    /// Number of communities (isolated vertices are communities of one).
    public var count: Int
    /// Newman–Girvan modularity of the partition on the projection, at the given resolution.
    public var modularity: Double
    /// Aggregation levels run.
    public var levels: Int

    /// Members of each community, sorted; communities in id order. - Complexity: O(V).
    public var groups: [[Int32]] { Components.groups(community) }
}

/// The undirected weighted projection: symmetric CSR rows without self-loops, plus each node's
/// self-loop weight (only after aggregation) and weighted degree.
struct UndirectedGraph {
    var start: [Int32]
    var neighbor: [Int32]
    var weight: [Double]
    /// Weight of the loop on each node (edges folded inside it), counted once.
    var loop: [Double]
    /// Weighted degree: row sum plus twice the loop.
    var degree: [Double]
    var nodeCount: Int { loop.count }

    /// Projection of a digraph: u–v carries the summed weight of every edge u → v and v → u;
    /// self-loops are dropped. - Complexity: O(V + E).
    init(_ graph: Digraph, weights: [Double]?) {
        let n = graph.vertexCount
        start = [Int32](repeating: 0, count: n + 1)
        neighbor = []; neighbor.reserveCapacity(2 * graph.edgeCount)
        weight = []; weight.reserveCapacity(2 * graph.edgeCount)
        loop = [Double](repeating: 0, count: n)
        degree = [Double](repeating: 0, count: n)
        for v in 0..<n {
            // Merge the sorted out- and in-rows, summing weights of equal neighbours.
            var i = Int(graph.outStart[v]); let iEnd = Int(graph.outStart[v + 1])
            var j = Int(graph.inStart[v]); let jEnd = Int(graph.inStart[v + 1])
            var sum = 0.0
            while i < iEnd || j < jEnd {
                let u: Int32, w: Double
                if j >= jEnd || (i < iEnd && graph.outNeighbors[i] <= graph.inNeighbors[j]) {
                    u = graph.outNeighbors[i]; w = weights.map { $0[Int(graph.outEdgeIDs[i])] } ?? 1; i += 1
                } else {
                    u = graph.inNeighbors[j]; w = weights.map { $0[Int(graph.inEdgeIDs[j])] } ?? 1; j += 1
                }
                if Int(u) == v { continue }
                if let last = neighbor.last, neighbor.count > Int(start[v]), last == u {
                    weight[weight.count - 1] += w
                } else {
                    neighbor.append(u); weight.append(w)
                }
                sum += w
            }
            start[v + 1] = Int32(neighbor.count)
            degree[v] = sum
        }
    }

    init(start: [Int32], neighbor: [Int32], weight: [Double], loop: [Double], degree: [Double]) {
        self.start = start; self.neighbor = neighbor; self.weight = weight; self.loop = loop; self.degree = degree
    }
}

extension Community {
    /// Louvain community detection (Blondel, Guillaume, Lambiotte and Lefebvre 2008, "Fast
    /// unfolding of communities in large networks", J. Stat. Mech. P10008) on the undirected
    /// projection (u–v weighted by the sum of the weights of u → v and v → u; self-loops dropped).
    ///
    /// Each level moves single nodes to the neighbouring community with the largest modularity
    /// gain (ties: the first best in row order; staying wins ties), visiting every node once in an
    /// order drawn from `seed` and then only the neighbours of nodes that moved (Traag et al.
    /// 2019's queue), until no node can gain; then folds communities into nodes. Stops when a
    /// level moves nothing. The same seed gives the same partition.
    ///
    /// - Parameters:
    ///   - weights: non-negative weight per edge id (e.g. records), or nil for 1 per edge.
    ///   - resolution: γ in Q = Σ_c [in_c / 2m − γ (tot_c / 2m)²] (1 is the classic modularity).
    ///   - maxSweeps: cap on node visits per level, in multiples of the node count.
    /// - Complexity: O(E) per sweep; in practice O(E log V) overall. O(V + E) memory.
    public static func louvain(
        _ graph: Digraph, weights: [Double]? = nil, resolution: Double = 1, seed: UInt64 = 1,
        maxSweeps: Int = 100
    ) -> CommunityResult {
        let n = graph.vertexCount
        if let weights { precondition(weights.count == graph.edgeCount, "one weight per edge") }
        let base = UndirectedGraph(graph, weights: weights)
        var membership = Array(0..<Int32(n))   // original vertex -> node of the current level
        var current = base
        var random = SplitMix64(seed: seed)
        var levels = 0
        let twiceM = base.degree.reduce(0, +)
        if twiceM > 0 {
            while true {
                let (community, moved) = moveNodes(current, resolution: resolution, twiceM: twiceM,
                                                   random: &random, maxSweeps: maxSweeps)
                levels += 1
                if !moved { break }
                let (dense, count) = renumber(community)
                for v in 0..<n { membership[v] = dense[Int(membership[v])] }
                if count == current.nodeCount { break }
                current = aggregate(current, community: dense, count: count)
            }
        }
        let (final, count) = renumber(membership)
        return CommunityResult(community: final, count: count,
                               modularity: modularity(base, community: final, resolution: resolution),
                               levels: levels)
    }

    /// Modularity (Newman and Girvan 2004) of `community` on the undirected projection of `graph`
    /// (same projection as `louvain`). - Complexity: O(V + E).
    public static func modularity(
        _ graph: Digraph, weights: [Double]? = nil, community: [Int32], resolution: Double = 1
    ) -> Double {
        modularity(UndirectedGraph(graph, weights: weights), community: community, resolution: resolution)
    }

    static func modularity(_ g: UndirectedGraph, community: [Int32], resolution: Double) -> Double {
        let n = g.nodeCount
        let twiceM = g.degree.reduce(0, +)
        guard twiceM > 0 else { return 0 }
        var inside = [Double](repeating: 0, count: n)
        var total = [Double](repeating: 0, count: n)
        for v in 0..<n {
            let c = Int(community[v])
            total[c] += g.degree[v]
            inside[c] += 2 * g.loop[v]
            for slot in Int(g.start[v])..<Int(g.start[v + 1]) where community[Int(g.neighbor[slot])] == community[v] {
                inside[c] += g.weight[slot]
            }
        }
        var q = 0.0
        for c in 0..<n where total[c] > 0 {
            q += inside[c] / twiceM - resolution * (total[c] / twiceM) * (total[c] / twiceM)
        }
        return q
    }

    /// Local moving phase with a queue of nodes to visit (the fast local move of Traag, Waltman
    /// and van Eck 2019): every node once in seeded random order, then only neighbours of nodes
    /// that moved, until no node can gain. Returns each node's community and whether any moved.
    /// - Complexity: O(E) per pass over all nodes; at most `maxSweeps · V` visits.
    static func moveNodes(
        _ g: UndirectedGraph, resolution: Double, twiceM: Double, random: inout SplitMix64, maxSweeps: Int
    ) -> ([Int32], Bool) {
        let n = g.nodeCount
        let community = Scratch(Array(0..<Int32(n)))
        let total = Scratch(g.degree)
        let linkWeight = Scratch(repeating: 0.0, count: n)
        let linked = Scratch(repeating: Int32(-1), count: n)  // linked[c] == node: c is in `touched`
        let touched = Scratch(repeating: Int32(0), count: n)
        let queue = Scratch(random.permutation(n))            // circular buffer, initially full
        let queued = Scratch(repeating: true, count: n)
        defer { total.free(); linkWeight.free(); linked.free(); touched.free(); queue.free(); queued.free() }
        var movedAny = false
        let scale = resolution / twiceM
        g.start.withUnsafeBufferPointer { start in
        g.neighbor.withUnsafeBufferPointer { neighbor in
        g.weight.withUnsafeBufferPointer { weight in
        g.degree.withUnsafeBufferPointer { degree in
            var head = 0, pending = n, visits = 0
            let budget = maxSweeps * n
            while pending > 0 && visits < budget {
                let v32 = queue[head]
                head = head + 1 == n ? 0 : head + 1
                pending -= 1; visits += 1
                let v = Int(v32)
                queued[v] = false
                let lo = Int(start[v]), hi = Int(start[v + 1])
                if lo == hi { continue }
                let own = community[v]
                var count = 0
                for slot in lo..<hi {
                    let c = community[Int(neighbor[slot])]
                    if linked[Int(c)] != v32 {
                        linked[Int(c)] = v32
                        linkWeight[Int(c)] = 0
                        touched[count] = c; count += 1
                    }
                    linkWeight[Int(c)] += weight[slot]
                }
                let k = degree[v]
                total[Int(own)] -= k
                let ownLink = linked[Int(own)] == v32 ? linkWeight[Int(own)] : 0
                let stay = ownLink - total[Int(own)] * k * scale
                var best = own, bestGain = stay
                for i in 0..<count {
                    let c = touched[i]
                    let candidate = linkWeight[Int(c)] - total[Int(c)] * k * scale
                    if candidate > bestGain { best = c; bestGain = candidate }
                }
                // Ignore gains at the level of rounding error, so the queue always drains.
                if best != own && bestGain - stay <= 1e-12 * max(k, 1) { best = own }
                total[Int(best)] += k
                if best != own {
                    community[v] = best
                    movedAny = true
                    for slot in lo..<hi {
                        let u = Int(neighbor[slot])
                        if !queued[u] && community[u] != best {
                            queued[u] = true
                            var tail = head + pending
                            if tail >= n { tail -= n }
                            queue[tail] = Int32(u)
                            pending += 1
                        }
                    }
                }
            }
        }}}}
        defer { community.free() }
        return (community.array, movedAny)
    }

    /// Dense renumbering of labels in order of first appearance. - Complexity: O(V).
    static func renumber(_ labels: [Int32]) -> ([Int32], Int) {
        var map = [Int32](repeating: -1, count: labels.count)
        var result = [Int32](repeating: 0, count: labels.count)
        var next: Int32 = 0
        for (v, l) in labels.enumerated() {
            if map[Int(l)] < 0 { map[Int(l)] = next; next += 1 }
            result[v] = map[Int(l)]
        }
        return (result, Int(next))
    }

    /// Folds each community into one node. - Complexity: O(V + E).
    static func aggregate(_ g: UndirectedGraph, community: [Int32], count: Int) -> UndirectedGraph {
        let n = g.nodeCount
        // Members grouped by community (counting sort).
        var memberStart = [Int32](repeating: 0, count: count + 1)
        for v in 0..<n { memberStart[Int(community[v]) + 1] += 1 }
        for c in 0..<count { memberStart[c + 1] += memberStart[c] }
        var next = memberStart
        var members = [Int32](repeating: 0, count: n)
        for v in 0..<n {
            members[Int(next[Int(community[v])])] = Int32(v)
            next[Int(community[v])] += 1
        }
        var start = [Int32](repeating: 0, count: count + 1)
        var neighbor: [Int32] = []; neighbor.reserveCapacity(g.neighbor.count)
        var weight: [Double] = []; weight.reserveCapacity(g.neighbor.count)
        var loop = [Double](repeating: 0, count: count)
        var degree = [Double](repeating: 0, count: count)
        var slotOf = [Int32](repeating: -1, count: count)
        for c in 0..<count {
            let rowStart = neighbor.count
            for i in Int(memberStart[c])..<Int(memberStart[c + 1]) {
                let v = Int(members[i])
                loop[c] += g.loop[v]
                degree[c] += g.degree[v]
                for slot in Int(g.start[v])..<Int(g.start[v + 1]) {
                    let d = community[Int(g.neighbor[slot])]
                    if Int(d) == c { loop[c] += g.weight[slot] / 2; continue }
                    let s = slotOf[Int(d)]
                    if s >= rowStart && s < neighbor.count && neighbor[Int(s)] == d {
                        weight[Int(s)] += g.weight[slot]
                    } else {
                        slotOf[Int(d)] = Int32(neighbor.count)
                        neighbor.append(d); weight.append(g.weight[slot])
                    }
                }
            }
            start[c + 1] = Int32(neighbor.count)
        }
        return UndirectedGraph(start: start, neighbor: neighbor, weight: weight, loop: loop, degree: degree)
    }
}
