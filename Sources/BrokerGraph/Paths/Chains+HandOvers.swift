extension Chains {
    /// Each vertex's usable edges grouped by label and sorted by time, so that the edges that may
    /// follow a hand-over (or precede a chain) are one contiguous run, found by binary search.
    ///
    /// An edge is usable when it is no self-loop and its dates agree (`earliest <= latest`); no
    /// chain contains any other edge. Memory: 8 bytes per edge and 8 bytes per vertex.
    struct HandOvers {
        /// Usable out-edges of `v`: `outOrder[outStart[v]..<outStart[v+1]]`, by (label, latest, id).
        let outStart: [Int32]
        let outOrder: [Int32]
        /// Usable in-edges of `v`: `inOrder[inStart[v]..<inStart[v+1]]`, by (label, earliest, id).
        let inStart: [Int32]
        let inOrder: [Int32]

        /// - Complexity: O(V + E log Δ) for the largest degree Δ (a counting sort by vertex, then a
        ///   comparison sort of each vertex's edges).
        init(graph: Digraph, times: EdgeTimes) {
            let usable = (0..<graph.edgeCount).lazy.filter {
                graph.sources[$0] != graph.targets[$0] && times.earliest[$0] <= times.latest[$0]
            }.map { Int32($0) }
            let usableEdges = Array(usable)
            (outStart, outOrder) = HandOvers.group(usableEdges, by: graph.sources, vertexCount: graph.vertexCount,
                                                    label: times.label, time: times.latest)
            (inStart, inOrder) = HandOvers.group(usableEdges, by: graph.targets, vertexCount: graph.vertexCount,
                                                  label: times.label, time: times.earliest)
        }

        /// `edges` grouped by `vertex[e]` (stable counting sort), each group sorted by (label, time, id).
        private static func group(_ edges: [Int32], by vertex: [Int32], vertexCount: Int,
                                  label: [Int32], time: [Int64]) -> (start: [Int32], order: [Int32]) {
            var start = [Int32](repeating: 0, count: vertexCount + 1)
            for e in edges { start[Int(vertex[Int(e)]) + 1] += 1 }
            for v in 0..<vertexCount { start[v + 1] += start[v] }
            var next = start
            var order = [Int32](repeating: 0, count: edges.count)
            for e in edges {
                let v = Int(vertex[Int(e)])
                order[Int(next[v])] = e
                next[v] += 1
            }
            label.withUnsafeBufferPointer { label in
            time.withUnsafeBufferPointer { time in
            order.withUnsafeMutableBufferPointer { order in
                for v in 0..<vertexCount where start[v + 1] - start[v] > 1 {
                    order[Int(start[v])..<Int(start[v + 1])].sort { a, b in
                        let (a, b) = (Int(a), Int(b))
                        if label[a] != label[b] { return label[a] < label[b] }
                        if time[a] != time[b] { return time[a] < time[b] }
                        return a < b
                    }
                }
            }}}
            return (start, order)
        }

        /// First position in `lower..<upper` of `order` whose (label, time) is not below (`label`, `time`).
        @inline(__always)
        private static func firstPosition(in order: [Int32], _ lower: Int, _ upper: Int,
                                          notBelow label: Int32, _ time: Int64,
                                          labels: [Int32], times: [Int64]) -> Int {
            var (lower, upper) = (lower, upper)
            while lower < upper {
                let middle = (lower + upper) / 2
                let e = Int(order[middle])
                if labels[e] < label || (labels[e] == label && times[e] < time) { lower = middle + 1 } else { upper = middle }
            }
            return lower
        }

        /// Positions in `outOrder` of the usable edges leaving `v` with `label` and `latest >= time`:
        /// the edges that may follow when the data is at `v` from `time` on (a suffix of v's
        /// `label` edges sorted by `latest`). - Complexity: O(log out-degree).
        @inline(__always)
        func followers(of v: Int, label: Int32, from time: Int64, times: EdgeTimes) -> Range<Int> {
            let (lower, upper) = (Int(outStart[v]), Int(outStart[v + 1]))
            let first = HandOvers.firstPosition(in: outOrder, lower, upper, notBelow: label, time,
                                                labels: times.label, times: times.latest)
            let end = label == .max ? upper
                : HandOvers.firstPosition(in: outOrder, first, upper, notBelow: label + 1, .min,
                                          labels: times.label, times: times.latest)
            return first..<end
        }

        /// Positions in `inOrder` of the usable edges entering `v` with `label` and `earliest <= time`
        /// (a prefix of v's `label` in-edges sorted by `earliest`). - Complexity: O(log in-degree).
        @inline(__always)
        func predecessors(of v: Int, label: Int32, upTo time: Int64, times: EdgeTimes) -> Range<Int> {
            let (lower, upper) = (Int(inStart[v]), Int(inStart[v + 1]))
            let first = HandOvers.firstPosition(in: inOrder, lower, upper, notBelow: label, .min,
                                                labels: times.label, times: times.earliest)
            let end = time == .max
                ? (label == .max ? upper : HandOvers.firstPosition(in: inOrder, first, upper, notBelow: label + 1, .min,
                                                                   labels: times.label, times: times.earliest))
                : HandOvers.firstPosition(in: inOrder, first, upper, notBelow: label, time + 1,
                                          labels: times.label, times: times.earliest)
            return first..<end
        }
    }

    /// Upper bound on the number of edges of a chain beginning with each edge (0 for self-loops
    /// and for edges whose dates contradict each other: they are in no chain); see the internal
    /// `lengthBounds(graph:times:handOvers:)` for the bound and why it holds.
    /// - Complexity: O(V + E log E) time, O(V + E) memory.
    public static func lengthBounds(in graph: Digraph, times: EdgeTimes) -> [Int32] {
        lengthBounds(graph: graph, times: times, handOvers: HandOvers(graph: graph, times: times))
    }

    /// Upper bound on the number of edges of a chain beginning with each edge (0 for edges in no
    /// chain: self-loops and edges whose dates contradict each other).
    ///
    /// **The relation.** Edge `f` may follow edge `e` (a *hand-over*) when `f` leaves `e`'s target
    /// with the same label and `latest(f) >= earliest(e)`: the data is at `e`'s target from
    /// `t >= earliest(e)` on, and the chain rule `max(t, earliest(f)) <= latest(f)` needs
    /// `latest(f) >= t`. Every consecutive pair of a chain is a hand-over (the relation is looser
    /// than the chain rule: it ignores the exact time and which vertices are already on the chain).
    ///
    /// **O(E) representation.** With each vertex's edges of one label sorted by `latest`, the
    /// edges that may follow `e` are a suffix of that list, starting at the first with
    /// `latest >= earliest(e)`. So instead of Σ_v in(v)·out(v) hand-over arcs, the graph has one
    /// *suffix node* per list position `i`, arcs `suffix(i) -> edge(i)` and
    /// `suffix(i) -> suffix(i+1)` (same list), and one arc `e -> suffix(first follower of e)`:
    /// at most 2E nodes and 3E arcs, and edge `f` is reachable from edge `e` exactly when `f` is
    /// reachable from `e` by hand-overs.
    ///
    /// **The bound.** Tarjan's algorithm (iterative) closes each strongly connected group after
    /// every group it reaches; a closing group gets `bound = weight + max bound of the groups it
    /// has arcs to`, where `weight` is the number of distinct targets of its edge nodes (0 for a
    /// group of suffix nodes only). Why it is an upper bound: the groups a chain e1..ek visits form
    /// a path in the DAG of groups, and a chain never comes back to a group it has left, so its
    /// edges inside one group C are consecutive; they deliver to distinct vertices (a chain is
    /// simple), all targets of C's edges, so there are at most `weight(C)` of them. By induction
    /// over the groups, from the last one back, the chain's rest from its first edge in C is no
    /// longer than `bound(C)`, and `bound` never increases along arcs.
    ///
    /// - Complexity: O(V + E log Δ) time (the sorted lists; Δ the largest degree), then O(E) for
    ///   the suffix nodes and Tarjan's algorithm; about 28 bytes per edge of scratch memory.
    static func lengthBounds(graph: Digraph, times: EdgeTimes, handOvers: HandOvers) -> [Int32] {
        let edgeCount = graph.edgeCount
        let suffixCount = handOvers.outOrder.count
        let nodeCount = edgeCount + suffixCount
        precondition(nodeCount < Int(Int32.max), "too many edges for the chain bound")
        let outOrder = handOvers.outOrder
        let unvisited = Int32(-1), open = Int32(-1)
        // `entry[e]`: the suffix node of e's first follower, or -1 (none, or e is in no chain).
        var entry = [Int32](repeating: -1, count: edgeCount)
        for position in 0..<suffixCount {
            // Every usable edge leaves exactly one position: go over them in list order.
            let e = Int(outOrder[position])
            let run = handOvers.followers(of: Int(graph.targets[e]), label: times.label[e],
                                          from: times.earliest[e], times: times)
            if !run.isEmpty { entry[e] = Int32(edgeCount + run.lowerBound) }
        }
        /// Whether list position `p` has a next position in the same (vertex, label) list.
        @inline(__always) func hasNext(_ p: Int) -> Bool {
            guard p + 1 < suffixCount else { return false }
            let (a, b) = (Int(outOrder[p]), Int(outOrder[p + 1]))
            return graph.sources[a] == graph.sources[b] && times.label[a] == times.label[b]
        }
        /// The `k`-th arc of `node` (k = 0, 1), or -1 when it has fewer.
        @inline(__always) func arc(_ node: Int, _ k: Int) -> Int32 {
            if node < edgeCount { return k == 0 ? entry[node] : -1 }
            let p = node - edgeCount
            if k == 0 { return outOrder[p] }
            return k == 1 && hasNext(p) ? Int32(node + 1) : -1
        }

        var index = [Int32](repeating: unvisited, count: nodeCount)
        var low = [Int32](repeating: 0, count: nodeCount)
        /// `open` until the node's group is closed; then the group's bound.
        var bound = [Int32](repeating: open, count: nodeCount)
        var receiverMark = [Int32](repeating: -1, count: graph.vertexCount)
        var stack: [Int32] = []
        var frames: [(node: Int32, nextArc: Int32)] = []
        var counter: Int32 = 0, groups: Int32 = 0

        for position in 0..<suffixCount {
            let root = Int(outOrder[position])
            guard index[root] == unvisited else { continue }
            index[root] = counter; low[root] = counter; counter += 1
            stack.append(Int32(root)); frames.append((Int32(root), 0))
            while let frame = frames.last {
                let x = Int(frame.node)
                if frame.nextArc < 2 {
                    frames[frames.count - 1].nextArc += 1
                    let y = arc(x, Int(frame.nextArc))
                    guard y >= 0 else { continue }
                    if index[Int(y)] == unvisited {
                        index[Int(y)] = counter; low[Int(y)] = counter; counter += 1
                        stack.append(y); frames.append((y, 0))
                    } else if bound[Int(y)] == open {
                        low[x] = min(low[x], index[Int(y)])
                    }
                    continue
                }
                frames.removeLast()
                if let parent = frames.last { low[Int(parent.node)] = min(low[Int(parent.node)], low[x]) }
                guard low[x] == index[x] else { continue }
                // Close the group: its members are on the stack from x up.
                var first = stack.count - 1
                while stack[first] != Int32(x) { first -= 1 }
                var weight: Int32 = 0, beyond: Int32 = 0
                for member in stack[first...] {
                    let m = Int(member)
                    if m < edgeCount {
                        let receiver = Int(graph.targets[m])
                        if receiverMark[receiver] != groups { receiverMark[receiver] = groups; weight += 1 }
                    }
                    for k in 0..<2 {
                        let y = arc(m, k)
                        if y >= 0 && bound[Int(y)] != open { beyond = max(beyond, bound[Int(y)]) }
                    }
                }
                for member in stack[first...] { bound[Int(member)] = weight + beyond }
                stack.removeSubrange(first...)
                groups += 1
            }
        }
        var result = [Int32](repeating: 0, count: edgeCount)
        for e in 0..<edgeCount where bound[e] != open { result[e] = bound[e] }
        return result
    }
}
