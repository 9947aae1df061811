/// Time-respecting earliest arrival along a chosen set of edges.
///
/// Uses the chain rule of `Chains`: an edge is an interval `[earliest, latest]`; data that is at a
/// vertex from time `t` on can leave along an edge with `latest >= t` and is at the edge's target
/// from `max(t, earliest)` on (greedy earliest arrival). Roots hold the data from the start
/// (`Int64.min`). This is Dijkstra's algorithm on arrival times, which is exact here because an
/// arrival is never earlier than the departure it follows (Xuan, Ferreira and Jarry, "Computing
/// shortest, fastest, and foremost journeys in dynamic networks", 2003, "foremost journeys").
public enum EarliestArrival {
    /// Arrival time and the edge it came through, per vertex (`nil` when not reached).
    public struct Result: Sendable, Equatable {
        /// Vertices reached, with the time the data is there from; roots have `Int64.min`.
        public var arrival: [Int32: Int64]
        /// The edge each reached non-root vertex got the data through.
        public var via: [Int32: Int32]

        /// The edges from a root to `vertex`, in order (`[]` for a root), or `nil` when not reached.
        /// - Complexity: O(length of the chain).
        public func chain(to vertex: Int32, graph: Digraph) -> [Int32]? {
            guard arrival[vertex] != nil else { return nil }
            var edges: [Int32] = []
            var v = vertex
            while let e = via[v] {
                edges.append(e)
                v = graph.sources[Int(e)]
            }
            return edges.reversed()
        }
    }

    /// Earliest arrival from `roots` using only `edges` (edge ids of `graph`).
    ///
    /// Ties are broken deterministically: equal arrival times keep the smaller edge id.
    /// - Complexity: O(k log k) for k = `edges.count`; memory O(k), independent of the graph's size.
    public static func compute(graph: Digraph, times: EdgeTimes, edges: [Int32], roots: [Int32]) -> Result {
        // Local out-lists: the chosen edges sorted by (source, edge id).
        let sorted = edges.sorted { (graph.sources[Int($0)], $0) < (graph.sources[Int($1)], $1) }
        var firstOut: [Int32: Int] = [:]
        for (i, e) in sorted.enumerated() where firstOut[graph.sources[Int(e)]] == nil {
            firstOut[graph.sources[Int(e)]] = i
        }
        var arrival: [Int32: Int64] = [:]
        var via: [Int32: Int32] = [:]
        var done = Set<Int32>()
        var heap = TimeHeap()
        for r in roots {
            arrival[r] = Int64.min
            heap.push(Int64.min, r)
        }
        while let (t, u) = heap.pop() {
            guard arrival[u] == t, done.insert(u).inserted else { continue }
            guard var i = firstOut[u] else { continue }
            while i < sorted.count && graph.sources[Int(sorted[i])] == u {
                let e = Int(sorted[i])
                i += 1
                guard times.latest[e] >= t else { continue }
                let v = graph.targets[e]
                if done.contains(v) { continue }
                let candidate = max(t, times.earliest[e])
                if let current = arrival[v] {
                    if candidate > current || (candidate == current && Int32(e) > via[v] ?? Int32.max) { continue }
                    if candidate == current && via[v] == nil { continue }   // a root
                }
                arrival[v] = candidate
                via[v] = Int32(e)
                heap.push(candidate, v)
            }
        }
        return Result(arrival: arrival, via: via)
    }
}
