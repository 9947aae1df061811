extension Chains {
    /// Each vertex's usable edges grouped by label and sorted by time, so that the edges that may
    /// follow a hand-over (or precede a chain) are one contiguous run, found by binary search.
    ///
    /// An edge is usable when it is no self-loop and its dates agree (`earliest <= latest`); no
    /// chain contains any other edge. Memory: 32 bytes per usable edge and 8 per vertex.
    struct HandOvers {
        /// Usable out-edges of `v`: `outOrder[outStart[v]..<outStart[v+1]]`, by (label, latest, id),
        /// with their labels and `latest` alongside (`outLabel`, `outLatest`) so that binary
        /// searches read contiguous memory.
        let outStart: [Int32]
        let outOrder: [Int32]
        let outLabel: [Int32]
        let outLatest: [Int64]
        /// Usable in-edges of `v`: `inOrder[inStart[v]..<inStart[v+1]]`, by (label, earliest, id),
        /// with `inLabel` and `inEarliest` alongside.
        let inStart: [Int32]
        let inOrder: [Int32]
        let inLabel: [Int32]
        let inEarliest: [Int64]

        /// - Complexity: O(V + E log Δ) for the largest degree Δ (a counting sort by vertex, then a
        ///   comparison sort of each vertex's edges); scratch: 4 bytes per edge and 16 per edge
        ///   of the largest vertex.
        init(graph: Digraph, times: EdgeTimes) {
            var usable: [Int32] = []
            usable.reserveCapacity(graph.edgeCount)
            for e in 0..<graph.edgeCount
            where graph.sources[e] != graph.targets[e] && times.earliest[e] <= times.latest[e] {
                usable.append(Int32(e))
            }
            (outStart, outOrder, outLabel, outLatest) = HandOvers.group(
                usable, by: graph.sources, vertexCount: graph.vertexCount, label: times.label, time: times.latest)
            (inStart, inOrder, inLabel, inEarliest) = HandOvers.group(
                usable, by: graph.targets, vertexCount: graph.vertexCount, label: times.label, time: times.earliest)
        }

        /// `edges` grouped by `vertex[e]` (counting sort), each group sorted by (label, time, id),
        /// with each position's label and time.
        private static func group(_ edges: [Int32], by vertex: [Int32], vertexCount: Int,
                                  label: [Int32], time: [Int64])
            -> (start: [Int32], order: [Int32], label: [Int32], time: [Int64])
        {
            var start = [Int32](repeating: 0, count: vertexCount + 1)
            for e in edges { start[Int(vertex[Int(e)]) + 1] += 1 }
            var largest: Int32 = 0
            for v in 0..<vertexCount { largest = max(largest, start[v + 1]); start[v + 1] += start[v] }
            var next = start
            var order = [Int32](repeating: 0, count: edges.count)
            for e in edges {
                let v = Int(vertex[Int(e)])
                order[Int(next[v])] = e
                next[v] += 1
            }
            var sortedLabel = [Int32](repeating: 0, count: edges.count)
            var sortedTime = [Int64](repeating: 0, count: edges.count)
            var scratch: [(label: Int32, time: Int64, edge: Int32)] = []
            scratch.reserveCapacity(Int(largest))
            for v in 0..<vertexCount {
                let range = Int(start[v])..<Int(start[v + 1])
                scratch.removeAll(keepingCapacity: true)
                for position in range {
                    let e = Int(order[position])
                    scratch.append((label[e], time[e], Int32(e)))
                }
                scratch.sort { a, b in
                    a.label != b.label ? a.label < b.label : a.time != b.time ? a.time < b.time : a.edge < b.edge
                }
                for (i, item) in scratch.enumerated() {
                    order[range.lowerBound + i] = item.edge
                    sortedLabel[range.lowerBound + i] = item.label
                    sortedTime[range.lowerBound + i] = item.time
                }
            }
            return (start, order, sortedLabel, sortedTime)
        }

        /// First position in `lower..<upper` whose (label, time) is not below (`label`, `time`).
        @inline(__always)
        private static func firstPosition(_ lower: Int, _ upper: Int, notBelow label: Int32, _ time: Int64,
                                          labels: [Int32], times: [Int64]) -> Int {
            var (lower, upper) = (lower, upper)
            while lower < upper {
                let middle = (lower + upper) / 2
                if labels[middle] < label || (labels[middle] == label && times[middle] < time) {
                    lower = middle + 1
                } else {
                    upper = middle
                }
            }
            return lower
        }

        /// Positions in `outOrder` of the usable edges leaving `v` with `label` and `latest >= time`:
        /// the edges that may follow when the data is at `v` from `time` on (a suffix of v's
        /// `label` edges sorted by `latest`). - Complexity: O(log out-degree).
        @inline(__always)
        func followers(of v: Int, label: Int32, from time: Int64) -> Range<Int> {
            let (lower, upper) = (Int(outStart[v]), Int(outStart[v + 1]))
            let first = HandOvers.firstPosition(lower, upper, notBelow: label, time, labels: outLabel, times: outLatest)
            let end = label == .max ? upper
                : HandOvers.firstPosition(first, upper, notBelow: label + 1, .min, labels: outLabel, times: outLatest)
            return first..<end
        }

        /// Positions in `inOrder` of the usable edges entering `v` with `label` and `earliest <= time`
        /// (a prefix of v's `label` in-edges sorted by `earliest`). - Complexity: O(log in-degree).
        @inline(__always)
        func predecessors(of v: Int, label: Int32, upTo time: Int64) -> Range<Int> {
            let (lower, upper) = (Int(inStart[v]), Int(inStart[v + 1]))
            let first = HandOvers.firstPosition(lower, upper, notBelow: label, .min, labels: inLabel, times: inEarliest)
            let end = time == .max
                ? (label == .max ? upper : HandOvers.firstPosition(first, upper, notBelow: label + 1, .min,
                                                                   labels: inLabel, times: inEarliest))
                : HandOvers.firstPosition(first, upper, notBelow: label, time + 1, labels: inLabel, times: inEarliest)
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
    /// reachable from `e` by hand-overs. Node `2i` is the edge at list position `i` and node
    /// `2i+1` its suffix node, so that the arcs out of a suffix node stay near in memory.
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
    /// - Complexity: O(V + E) given the sorted lists (one merge per vertex for the arcs, then
    ///   Tarjan's algorithm on at most 2E nodes and 3E arcs); scratch memory at most 61 bytes per
    ///   usable edge (37 for the arrays, the rest for the depth-first stacks at their deepest).
    static func lengthBounds(graph: Digraph, times: EdgeTimes, handOvers: HandOvers) -> [Int32] {
        let positions = handOvers.outOrder.count
        let nodeCount = 2 * positions
        precondition(nodeCount < Int(Int32.max), "too many edges for the chain bound")
        let unvisited = Int32(-1), open = Int32(-1)
        // For the edge at out-list position i: `follower[i]`, the suffix node of its first
        // follower (or -1), and `receiver[i]`, its target. A vertex's in-edges of one label come
        // sorted by `earliest`, so their first followers in its out-list (sorted by `latest`)
        // move forward only: one merge per vertex instead of a binary search per edge.
        var follower = [Int32](repeating: -1, count: positions)
        var receiver = [Int32](repeating: 0, count: positions)
        var continues = [Bool](repeating: false, count: positions)
        do {
            var positionOf = [Int32](repeating: 0, count: graph.edgeCount)
            for i in 0..<positions { positionOf[Int(handOvers.outOrder[i])] = Int32(i) }
            let (outStart, outLabel, outLatest) = (handOvers.outStart, handOvers.outLabel, handOvers.outLatest)
            let (inStart, inLabel, inEarliest) = (handOvers.inStart, handOvers.inLabel, handOvers.inEarliest)
            for v in 0..<graph.vertexCount {
                var k = Int(outStart[v])
                let outEnd = Int(outStart[v + 1])
                for i in k..<outEnd { continues[i] = i + 1 < outEnd && outLabel[i + 1] == outLabel[i] }
                for j in Int(inStart[v])..<Int(inStart[v + 1]) {
                    let (label, time) = (inLabel[j], inEarliest[j])
                    while k < outEnd && (outLabel[k] < label || (outLabel[k] == label && outLatest[k] < time)) { k += 1 }
                    let i = Int(positionOf[Int(handOvers.inOrder[j])])
                    if k < outEnd && outLabel[k] == label { follower[i] = Int32(2 * k + 1) }
                    receiver[i] = Int32(v)
                }
            }
        }
        /// The `k`-th arc of `node` (k = 0, 1), or -1 when it has fewer.
        @inline(__always) func arc(_ node: Int, _ k: Int) -> Int32 {
            let i = node >> 1
            if node & 1 == 0 { return k == 0 ? follower[i] : -1 }
            if k == 0 { return Int32(node - 1) }
            return continues[i] ? Int32(node + 2) : -1
        }

        var index = [Int32](repeating: unvisited, count: nodeCount)
        var low = [Int32](repeating: 0, count: nodeCount)
        /// `open` until the node's group is closed; then the group's bound.
        var bound = [Int32](repeating: open, count: nodeCount)
        var receiverMark = [Int32](repeating: -1, count: graph.vertexCount)
        var stack: [Int32] = []
        var frames: [(node: Int32, nextArc: Int32)] = []
        var counter: Int32 = 0, groups: Int32 = 0

        for root in stride(from: 0, to: nodeCount, by: 2) where index[root] == unvisited {
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
                    if m & 1 == 0 {
                        let v = Int(receiver[m >> 1])
                        if receiverMark[v] != groups { receiverMark[v] = groups; weight += 1 }
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
        var result = [Int32](repeating: 0, count: graph.edgeCount)
        for i in 0..<positions { result[Int(handOvers.outOrder[i])] = bound[2 * i] }
        return result
    }
}
