/// Time-respecting distribution chains.
///
/// A chain is a sequence of edges e1...ek where each edge's target is the next edge's source, all
/// edges carry the same label (the data category), no vertex appears twice, and times can be chosen
/// inside each edge's interval `[earliest, latest]` so that they never decrease along the chain
/// (data can only be passed on after it was received). An edge known to the second has a
/// one-point interval; a transfer known only by its date spans that whole day, so two same-day
/// transfers may follow each other in either order.
///
/// Times are checked greedily: the earliest moment the data can be at the i-th vertex is
/// `t_i = max(t_(i-1), earliest_i)`, and the chain is feasible while `t_i <= latest_i`.
public enum Chains {
    /// The former spelling of `EdgeTimes`, kept so that callers written against it still compile.
    public typealias EdgeTimes = BrokerGraph.EdgeTimes

    /// One chain: its edges in order, the vertices they pass (one more than edges), and the
    /// earliest feasible time of its first and last hand-over.
    public struct Chain: Sendable, Equatable {
        public var edges: [Int32]
        public var vertices: [Int32]
        public var start: Int64
        public var end: Int64
    }

    /// The chains found, and whether the search ran to the end.
    public struct Result: Sendable {
        /// Chains, longest first, then earliest start, then by edge ids.
        public var chains: [Chain]
        /// Number of qualifying chains the search reached (at least `chains.count`).
        public var found: Int
        /// True when more chains may exist than were listed (the list was cut at `limit`).
        public var truncated: Bool
        /// False when the search stopped at its step budget: the list may miss chains.
        public var complete: Bool
    }

    /// Finds the longest maximal chains.
    ///
    /// - Without `from` or `to`: chains that cannot be extended at either end.
    /// - With `from`: chains that start at `from` and cannot be extended at the end.
    /// - With `to`: chains that end at `to` and cannot be extended at the start.
    /// - With both: chains from `from` to `to`.
    ///
    /// Branch and bound: an upper bound on the length of any chain that starts with a given edge is
    /// computed on the graph of edge-to-edge hand-overs, kept in O(E) by sorting each vertex's
    /// edges of a label by time (see `lengthBounds`); the depth-first search then starts from the
    /// edges with the highest bound and cuts any branch that cannot reach the `limit`-th longest
    /// chain found so far. Only usable edges take part: self-loops and edges whose dates
    /// contradict each other (`earliest > latest`) are in no chain.
    /// - Complexity: O(V + E log E) time and O(V + E) memory for the index, the bound and the
    ///   order of start edges (a reversed copy of the graph too with `to` alone), then at most
    ///   `budget` search steps (each a frame, a candidate edge, an edge tried in front, or an edge
    ///   of a recorded chain; the last step may look at one vertex's whole degree). Exponential
    ///   chains are never listed blindly: the search stops at the budget and reports
    ///   `complete == false`.
    ///
    /// `progress` names the index phase, then counts the search's steps against the budget.
    public static func longest(
        in graph: Digraph, times: EdgeTimes, from: Int32? = nil, to: Int32? = nil,
        limit: Int = 50, budget: Int = 5_000_000, progress: ProgressMeter? = nil
    ) -> Result {
        progress?.begin("chains: hand-overs and length bounds")
        if to != nil && from == nil {
            // Search backwards from `to`: reverse the edges and mirror the time axis.
            let reversed = Digraph(vertexCount: graph.vertexCount, sources: graph.targets, targets: graph.sources)
            let mirrored = EdgeTimes(earliest: times.latest.map { -$0 }, latest: times.earliest.map { -$0 },
                                     label: times.label)
            let search = Search(graph: reversed, times: mirrored, stopAt: nil, frontMaximal: false, mirrored: true,
                                limit: limit, budget: budget, progress: progress)
            return search.run(roots: search.rankedRoots(reversed.outEdges(of: Int(to!))))
        }
        let search = Search(graph: graph, times: times, stopAt: to, frontMaximal: from == nil, mirrored: false,
                            limit: limit, budget: budget, progress: progress)
        return search.run(roots: from.map { search.rankedRoots(graph.outEdges(of: Int($0))) } ?? search.rankedRoots())
    }

    /// Whether `edges` form a chain: linked, one label, simple, and time-feasible. - Complexity: O(k).
    public static func isChain(_ edges: [Int32], graph: Digraph, times: EdgeTimes) -> Bool {
        guard let first = edges.first else { return false }
        var seen: Set<Int32> = [graph.sources[Int(first)]]
        var t = Int64.min
        for (i, e) in edges.enumerated() {
            let e = Int(e)
            if i > 0 && graph.sources[e] != graph.targets[Int(edges[i - 1])] { return false }
            if times.label[e] != times.label[Int(first)] { return false }
            if !seen.insert(graph.targets[e]).inserted { return false }
            t = max(t, times.earliest[e])
            if t > times.latest[e] { return false }
        }
        return true
    }

    /// Ranking: longer first, then earlier start, then smaller edge ids.
    static func ranks(_ a: Chain, _ b: Chain) -> Bool {
        if a.edges.count != b.edges.count { return a.edges.count > b.edges.count }
        if a.start != b.start { return a.start < b.start }
        return a.edges.lexicographicallyPrecedes(b.edges)
    }
}

extension Chains {
    /// One run of the branch-and-bound search.
    struct Search {
        let graph: Digraph
        let times: EdgeTimes
        let stopAt: Int32?
        let frontMaximal: Bool
        /// The graph is reversed and its time axis mirrored: chains are reported turned back.
        let mirrored: Bool
        let limit: Int
        let budget: Int
        /// Counts the run's steps (see `longest`).
        let progress: ProgressMeter?
        /// Each vertex's usable edges by label and time.
        let handOvers: HandOvers
        /// Upper bound on the number of edges of a chain that begins with each edge.
        let bound: [Int32]

        init(graph: Digraph, times: EdgeTimes, stopAt: Int32?, frontMaximal: Bool, mirrored: Bool, limit: Int, budget: Int,
             progress: ProgressMeter? = nil) {
            self.graph = graph; self.times = times; self.stopAt = stopAt
            self.frontMaximal = frontMaximal; self.mirrored = mirrored; self.limit = max(1, limit); self.budget = budget
            self.progress = progress
            self.handOvers = HandOvers(graph: graph, times: times)
            self.bound = Chains.lengthBounds(graph: graph, times: times, handOvers: handOvers)
        }

        /// Usable `edges` (see `HandOvers`) by bound, highest first, then by id.
        /// - Complexity: O(n log n) for n edges.
        func rankedRoots(_ edges: ArraySlice<Int32>) -> [Int32] {
            edges.filter { bound[Int($0)] > 0 }.sorted { (bound[Int($0)], $1) > (bound[Int($1)], $0) }
        }

        /// Every usable edge by bound, highest first, then by id: a counting sort.
        /// - Complexity: O(E + largest bound).
        func rankedRoots() -> [Int32] {
            let largest = Int(bound.max() ?? 0)
            var start = [Int32](repeating: 0, count: largest + 2)
            for b in bound where b > 0 { start[largest - Int(b) + 1] += 1 }
            for i in 0...largest { start[i + 1] += start[i] }
            var order = [Int32](repeating: 0, count: Int(start[largest + 1]))
            for (e, b) in bound.enumerated() where b > 0 {
                order[Int(start[largest - Int(b)])] = Int32(e)
                start[largest - Int(b)] += 1
            }
            return order
        }

        /// Runs the depth-first branch and bound from `roots` (in that order; see `rankedRoots`).
        ///
        /// A step is one unit of work: a frame visited, a candidate next edge looked at, an edge
        /// tried in front of a finished chain, an edge of a recorded chain. The run stops after
        /// `budget` steps (plus at most one vertex's degree) and then reports `complete == false`.
        /// - Complexity: O(budget · log Δ) time (children are sorted by bound), O(V + budget) memory.
        func run(roots: [Int32]) -> Result {
            var best: [Chain] = []
            var found = 0
            var steps = 0, stepsShown = 0
            progress?.begin("chains: search, steps of the budget", total: budget)
            var complete = true
            var pruned = false
            var onChain = [Bool](repeating: false, count: graph.vertexCount)
            // Depth-first frames, flat: the edge taken, the time the data is at its target, the
            // smallest `latest` along the chain so far, and the frame's candidate next edges
            // `candidates[firstCandidate[i]...]` (up to the next frame's), `nextCandidate[i]` the
            // next to try.
            var path: [Int32] = []
            var arrival: [Int64] = []
            var smallestLatest: [Int64] = []
            var firstCandidate: [Int] = []
            var nextCandidate: [Int] = []
            var candidates: [Int32] = []
            func threshold() -> Int { best.count < limit ? 0 : best[best.count - 1].edges.count }

            func push(_ edge: Int32, at time: Int64) {
                let e = Int(edge)
                let head = Int(graph.targets[e])
                onChain[head] = true
                path.append(edge)
                arrival.append(time)
                smallestLatest.append(min(smallestLatest.last ?? .max, times.latest[e]))
                let first = candidates.count
                if Int32(head) != stopAt {
                    let run = handOvers.followers(of: head, label: times.label[e], from: time)
                    steps += run.count
                    for position in run {
                        let f = handOvers.outOrder[position]
                        if !onChain[Int(graph.targets[Int(f)])] { candidates.append(f) }
                    }
                    candidates[first...].sort { (bound[Int($0)], $1) > (bound[Int($1)], $0) }
                }
                firstCandidate.append(first)
                nextCandidate.append(first)
            }
            func pop() {
                onChain[Int(graph.targets[Int(path.removeLast())])] = false
                arrival.removeLast(); smallestLatest.removeLast()
                candidates.removeSubrange(firstCandidate.removeLast()...)
                nextCandidate.removeLast()
            }
            /// A frame with no candidates is a candidate end; check the chain's own conditions.
            func isEnd(_ edge: Int32) -> Bool {
                if let stopAt { return graph.targets[Int(edge)] == stopAt }
                return !frontMaximal || !extendsAtFront()
            }
            /// Whether an edge p can go in front: p enters the first supplier with the same label
            /// from a vertex not on the chain, and the times stay feasible. The chain's greedy times
            /// t_i already satisfy t_i <= latest_i, so with p in front (t'_i = max(earliest(p), t_i))
            /// they stay feasible exactly when earliest(p) <= every latest_i: a prefix of the
            /// supplier's in-edges of that label sorted by `earliest`.
            func extendsAtFront() -> Bool {
                let first = Int(path[0])
                let run = handOvers.predecessors(of: Int(graph.sources[first]), label: times.label[first],
                                                 upTo: smallestLatest[smallestLatest.count - 1])
                for position in run {
                    steps += 1
                    if !onChain[Int(graph.sources[Int(handOvers.inOrder[position])])] { return true }
                }
                return false
            }
            /// The chain of `edges` with its greedy start and end times.
            func timed(_ edges: [Int32]) -> Chain {
                var vertices = [graph.sources[Int(edges[0])]]
                vertices.append(contentsOf: edges.map { graph.targets[Int($0)] })
                var t = Int64.min, start = Int64.min
                for (i, e) in edges.enumerated() {
                    t = max(t, times.earliest[Int(e)])
                    if i == 0 { start = t }
                }
                return Chain(edges: edges, vertices: vertices, start: start, end: t)
            }
            /// A chain found on the mirrored graph, in the original direction and time.
            func turnedBack(_ edges: [Int32]) -> Chain {
                var vertices = [graph.sources[Int(edges[0])]]
                vertices.append(contentsOf: edges.map { graph.targets[Int($0)] })
                var t = Int64.min, start = Int64.min
                for (i, e) in edges.reversed().enumerated() {
                    t = max(t, -times.latest[Int(e)])
                    if i == 0 { start = t }
                }
                return Chain(edges: edges.reversed(), vertices: vertices.reversed(), start: start, end: t)
            }
            func record() {
                found += 1
                if best.count == limit && path.count < best[best.count - 1].edges.count { return }
                steps += path.count
                let chain = mirrored ? turnedBack(path) : timed(path)
                let slot = best.firstIndex { Chains.ranks(chain, $0) } ?? best.count
                best.insert(chain, at: slot)
                if best.count > limit { best.removeLast() }
            }

            rootLoop: for root in roots {
                if Int(bound[Int(root)]) < threshold() { pruned = true; break }
                let r = Int(root)
                onChain[Int(graph.sources[r])] = true
                push(root, at: times.earliest[r])
                while let edge = path.last {
                    steps += 1
                    if steps > budget { complete = false; break rootLoop }
                    if steps - stepsShown >= 65_536 { progress?.advance(by: steps - stepsShown); stepsShown = steps }
                    let depth = path.count
                    let i = nextCandidate[depth - 1]
                    if i < candidates.count {
                        nextCandidate[depth - 1] += 1
                        let next = candidates[i]
                        if depth + Int(bound[Int(next)]) < threshold() {
                            // Candidates are sorted by bound: none of the rest can do better.
                            pruned = true
                            nextCandidate[depth - 1] = candidates.count
                            continue
                        }
                        push(next, at: max(arrival[depth - 1], times.earliest[Int(next)]))
                        continue
                    }
                    if i == firstCandidate[depth - 1] && isEnd(edge) { record() }
                    pop()
                }
                onChain[Int(graph.sources[r])] = false
            }
            return Result(chains: best, found: found, truncated: pruned || found > best.count, complete: complete)
        }
    }
}
