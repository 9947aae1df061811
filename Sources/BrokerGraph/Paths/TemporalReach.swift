/// Who can pass data to whom by time-respecting chains.
public struct ReachResult: Sendable, Equatable {
    /// `reach[v]`: number of other vertices that data leaving `v` can reach by a chain.
    public var reach: [Int]
    /// `reachedBy[v]`: number of other vertices whose data can reach `v` by a chain.
    public var reachedBy: [Int]
    /// `earliestArrival[v]`: the earliest time any other vertex's data can be at `v`
    /// (nil when no chain reaches `v`).
    public var earliestArrival: [Int64?]
    /// `spreadBy[v]`: the time by which data leaving `v` can have reached all of its `reach`
    /// (the latest of their earliest arrivals; nil when `reach[v] == 0`).
    public var spreadBy: [Int64?]
}

extension Chains {
    /// Earliest arrival of data leaving `source` at every vertex, by chains (same label along the
    /// chain, times non-decreasing inside each edge's `[earliest, latest]`, see `Chains`).
    ///
    /// The greedy rule makes this a label-setting search: the earliest time the data can be at
    /// vertex `v` under label `L` only ever improves what can follow, so a Dijkstra-like sweep
    /// over (vertex, label) states by arrival time finds every reachable vertex. A time-respecting
    /// walk that repeats a vertex can be shortened to a simple chain that arrives no later, so
    /// walks and simple chains reach the same vertices at the same earliest times. Edges whose
    /// dates contradict each other (`earliest > latest`) and self-loops are never used.
    ///
    /// - Returns: arrival time per vertex, nil where unreachable (and at `source` itself).
    /// - Complexity: O(V + E) to index states, then O((S + E) log S) for S ≤ V + E states.
    public static func earliestArrival(from source: Int32, in graph: Digraph, times: EdgeTimes) -> [Int64?] {
        let index = ReachIndex(graph: graph, times: times)
        var scratch = ReachScratch(index: index, vertexCount: graph.vertexCount)
        scratch.sweep(from: Int(source), index: index, graph: graph, times: times)
        var result = [Int64?](repeating: nil, count: graph.vertexCount)
        for v in scratch.reachedVertices { result[Int(v)] = scratch.vertexArrival[Int(v)] }
        return result
    }

    /// Time-respecting reach of every vertex: one `earliestArrival` sweep per source, sources
    /// dealt round-robin to `threads` parts with their own scratch.
    /// - Complexity: O(V · (S + E) log S) time for S ≤ V + E (vertex, label) states;
    ///   O(threads · (V + S)) extra memory. All-pairs: meant for case-sized graphs.
    public static func reach(in graph: Digraph, times: EdgeTimes, threads: Int = Parallel.defaultThreads)
        -> ReachResult
    {
        let n = graph.vertexCount
        let index = ReachIndex(graph: graph, times: times)
        let parts = max(1, min(threads, n))
        var reach = [Int](repeating: 0, count: n)
        var spreadBy = [Int64?](repeating: nil, count: n)
        var partialReachedBy = [[Int]](repeating: [], count: parts)
        var partialEarliest = [[Int64]](repeating: [], count: parts)
        reach.withUnsafeMutableBufferPointer { reach in
        spreadBy.withUnsafeMutableBufferPointer { spreadBy in
        partialReachedBy.withUnsafeMutableBufferPointer { partialReachedBy in
        partialEarliest.withUnsafeMutableBufferPointer { partialEarliest in
            // Disjoint: part p writes only its own sources' slots and partial*[p]; the graph and times are read-only.
            Parallel.uncheckedRun(parts) { part in
                var scratch = ReachScratch(index: index, vertexCount: n)
                var reachedBy = [Int](repeating: 0, count: n)
                var earliest = [Int64](repeating: .max, count: n)
                var source = part
                while source < n {
                    scratch.sweep(from: source, index: index, graph: graph, times: times)
                    var last = Int64.min
                    for v in scratch.reachedVertices {
                        let v = Int(v), t = scratch.vertexArrival[v]
                        reachedBy[v] += 1
                        earliest[v] = min(earliest[v], t)
                        last = max(last, t)
                    }
                    reach[source] = scratch.reachedVertices.count
                    spreadBy[source] = scratch.reachedVertices.isEmpty ? nil : last
                    source += parts
                }
                partialReachedBy[part] = reachedBy
                partialEarliest[part] = earliest
            }
        }}}}
        var reachedBy = partialReachedBy[0]
        var earliest = partialEarliest[0]
        for part in 1..<parts {
            for v in 0..<n {
                reachedBy[v] += partialReachedBy[part][v]
                earliest[v] = min(earliest[v], partialEarliest[part][v])
            }
        }
        return ReachResult(reach: reach, reachedBy: reachedBy,
                           earliestArrival: (0..<n).map { reachedBy[$0] > 0 ? earliest[$0] : nil },
                           spreadBy: spreadBy)
    }
}

extension Chains {
    /// Time-respecting reach of a few vertices only: per vertex one forward sweep (whom its data
    /// reaches) and one sweep along the edges backwards with mirrored times (whose data reaches
    /// it: a chain read backwards with times negated is a chain). The backward sweeps read the
    /// same arrays with heads and tails swapped and times negated as they go: no reversed copy of
    /// the graph or of the times is made. All forward sweeps run before the backward index is
    /// built, so only one index is held at a time. Entry `i` of each array describes
    /// `vertices[i]`; `earliestArrival` is the earliest usable in-edge.
    /// `progress` counts the sweeps (two per vertex).
    /// - Complexity: O(k · (S + E) log S) for k vertices; O(threads · (V + S) + E) extra memory.
    public static func reach(of vertices: [Int32], in graph: Digraph, times: EdgeTimes,
                             threads: Int = Parallel.defaultThreads, progress: ProgressMeter? = nil) -> ReachResult {
        let k = vertices.count
        progress?.begin("reach, sweeps", total: 2 * k)
        var reach = [Int](repeating: 0, count: k), reachedBy = [Int](repeating: 0, count: k)
        var spreadBy = [Int64?](repeating: nil, count: k)
        let parts = max(1, min(threads, k))
        /// Sweeps from each `vertices[i]` (dealt round-robin to the parts), then `record(i, sweep)`.
        func sweepEach(backwards: Bool, _ record: (Int, ReachScratch) -> Void) {
            let index = ReachIndex(graph: graph, times: times, backwards: backwards)
            Parallel.uncheckedRun(parts) { part in
                var scratch = ReachScratch(index: index, vertexCount: graph.vertexCount)
                for i in stride(from: part, to: k, by: parts) {
                    scratch.sweep(from: Int(vertices[i]), index: index, graph: graph, times: times)
                    record(i, scratch)
                    progress?.advance()
                }
            }
        }
        // Disjoint: the sweep from vertices[i] writes only slot i; the graph and times are read-only.
        reach.withUnsafeMutableBufferPointer { reach in
        spreadBy.withUnsafeMutableBufferPointer { spreadBy in
            sweepEach(backwards: false) { i, ahead in
                reach[i] = ahead.reachedVertices.count
                spreadBy[i] = ahead.reachedVertices.lazy.map { ahead.vertexArrival[Int($0)] }.max()
            }
        }}
        reachedBy.withUnsafeMutableBufferPointer { reachedBy in
            sweepEach(backwards: true) { i, behind in reachedBy[i] = behind.reachedVertices.count }
        }
        let earliest: [Int64?] = vertices.map { v in
            graph.inEdges(of: Int(v)).lazy.map(Int.init)
                .filter { graph.sources[$0] != graph.targets[$0] && times.earliest[$0] <= times.latest[$0] }
                .map { times.earliest[$0] }.min()
        }
        return ReachResult(reach: reach, reachedBy: reachedBy, earliestArrival: earliest, spreadBy: spreadBy)
    }
}

/// The (vertex, label) states of a graph and, per state, the usable edges leaving it.
struct ReachIndex: Sendable {
    /// States of vertex `v` are `stateStart[v]..<stateStart[v+1]`, labels sorted in `stateLabel`.
    let stateStart: [Int32]
    let stateLabel: [Int32]
    /// Usable edges leaving state `s` are `edgeOf[edgeStart[s]..<edgeStart[s+1]]`.
    let edgeStart: [Int32]
    let edgeOf: [Int32]
    /// State at the head of each edge (-1 for unusable edges).
    let headState: [Int32]
    /// True when edges are followed from target to source, with times mirrored (t -> -t).
    let backwards: Bool

    init(graph: Digraph, times: EdgeTimes, backwards: Bool = false) {
        let n = graph.vertexCount, m = graph.edgeCount
        self.backwards = backwards
        let tails = backwards ? graph.targets : graph.sources, heads = backwards ? graph.sources : graph.targets
        func usable(_ e: Int) -> Bool {
            graph.sources[e] != graph.targets[e] && times.earliest[e] <= times.latest[e]
        }
        // Labels per vertex: of usable edges leaving or entering it.
        var start = [Int32](repeating: 0, count: n + 1)
        var labels: [Int32] = []
        var scratch: [Int32] = []
        for v in 0..<n {
            scratch.removeAll(keepingCapacity: true)
            for e in graph.outEdges(of: v) where usable(Int(e)) { scratch.append(times.label[Int(e)]) }
            for e in graph.inEdges(of: v) where usable(Int(e)) { scratch.append(times.label[Int(e)]) }
            scratch.sort()
            var previous: Int32? = nil
            for l in scratch where l != previous { labels.append(l); previous = l }
            start[v + 1] = Int32(labels.count)
        }
        func state(_ v: Int, _ label: Int32) -> Int32 {
            var lo = Int(start[v]), hi = Int(start[v + 1])
            while lo < hi {
                let mid = (lo + hi) >> 1
                if labels[mid] < label { lo = mid + 1 } else { hi = mid }
            }
            return Int32(lo)
        }
        let s = labels.count
        // Edges by the state at their tail: counted, then placed (the tail's state is looked up
        // again rather than kept: an array of E entries less at the peak).
        var head = [Int32](repeating: -1, count: m)
        var count = [Int32](repeating: 0, count: s + 1)
        for e in 0..<m where usable(e) {
            head[e] = state(Int(heads[e]), times.label[e])
            count[Int(state(Int(tails[e]), times.label[e])) + 1] += 1
        }
        for i in 0..<s { count[i + 1] += count[i] }
        var next = count
        var edgeOf = [Int32](repeating: 0, count: Int(count[s]))
        for e in 0..<m where head[e] >= 0 {
            let tail = Int(state(Int(tails[e]), times.label[e]))
            edgeOf[Int(next[tail])] = Int32(e)
            next[tail] += 1
        }
        stateStart = start; stateLabel = labels; edgeStart = count; self.edgeOf = edgeOf; headState = head
    }
}

/// Per-thread scratch for reach sweeps; only touched entries are reset between sources.
struct ReachScratch {
    var stateArrival: [Int64]
    var vertexArrival: [Int64]
    var touchedStates: [Int32] = []
    var reachedVertices: [Int32] = []
    /// Arrival times to settle, with stale entries skipped on pop.
    var heap = TimeHeap()

    init(index: ReachIndex, vertexCount: Int) {
        stateArrival = [Int64](repeating: .max, count: index.stateLabel.count)
        vertexArrival = [Int64](repeating: .max, count: vertexCount)
    }

    /// Fills `reachedVertices` (excluding `source`) and their `vertexArrival`.
    mutating func sweep(from source: Int, index: ReachIndex, graph: Digraph, times: EdgeTimes) {
        for s in touchedStates { stateArrival[Int(s)] = .max }
        for v in reachedVertices { vertexArrival[Int(v)] = .max }
        touchedStates.removeAll(keepingCapacity: true)
        reachedVertices.removeAll(keepingCapacity: true)
        heap.removeAll()
        // The data is at the source from the beginning, under every label.
        for s in Int(index.stateStart[source])..<Int(index.stateStart[source + 1]) {
            stateArrival[s] = .min
            touchedStates.append(Int32(s))
            heap.push(.min, Int32(s))
        }
        // Backwards: an edge's window [earliest, latest] mirrored is [-latest, -earliest].
        let backwards = index.backwards
        let opens = backwards ? times.latest : times.earliest, closes = backwards ? times.earliest : times.latest
        let heads = backwards ? graph.sources : graph.targets
        while let (time, state) = heap.pop() {
            if time != stateArrival[Int(state)] { continue }  // stale entry
            for slot in Int(index.edgeStart[Int(state)])..<Int(index.edgeStart[Int(state) + 1]) {
                let e = Int(index.edgeOf[slot])
                let latest = backwards ? 0 &- closes[e] : closes[e]
                if latest < time { continue }
                let arrival = max(time, backwards ? 0 &- opens[e] : opens[e])
                let h = Int(index.headState[e])
                if arrival < stateArrival[h] {
                    if stateArrival[h] == .max { touchedStates.append(Int32(h)) }
                    stateArrival[h] = arrival
                    heap.push(arrival, Int32(h))
                    let v = Int(heads[e])
                    if v != source && arrival < vertexArrival[v] {
                        if vertexArrival[v] == .max { reachedVertices.append(Int32(v)) }
                        vertexArrival[v] = arrival
                    }
                }
            }
        }
    }
}
