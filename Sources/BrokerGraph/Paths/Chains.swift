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
    /// computed on the graph of edge-to-edge hand-overs (strongly connected groups of hand-overs are
    /// bounded by their number of distinct receivers); a branch is cut when it cannot reach the
    /// `limit`-th longest chain found so far.
    /// - Complexity: O(Σ_v in(v)·out(v)) for the bound, then at most `budget` search steps, each
    ///   O(out-degree + chain length). Exponential chains are never listed blindly: the search stops
    ///   at the budget and reports `complete == false`.
    public static func longest(
        in graph: Digraph, times: EdgeTimes, from: Int32? = nil, to: Int32? = nil,
        limit: Int = 50, budget: Int = 5_000_000
    ) -> Result {
        if to != nil && from == nil {
            // Search backwards from `to`: reverse the edges and mirror the time axis.
            let reversed = Digraph(vertexCount: graph.vertexCount, sources: graph.targets, targets: graph.sources)
            let mirrored = EdgeTimes(earliest: times.latest.map { -$0 }, latest: times.earliest.map { -$0 },
                                     label: times.label)
            return Search(graph: reversed, times: mirrored, stopAt: nil, frontMaximal: false, mirrored: true,
                          limit: limit, budget: budget).run(roots: Array(reversed.outEdges(of: Int(to!))))
        }
        let roots = from.map { Array(graph.outEdges(of: Int($0))) } ?? Array(0..<Int32(graph.edgeCount))
        return Search(graph: graph, times: times, stopAt: to, frontMaximal: from == nil, mirrored: false,
                      limit: limit, budget: budget).run(roots: roots)
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
        /// Upper bound on the number of edges of a chain that begins with each edge.
        let bound: [Int32]

        init(graph: Digraph, times: EdgeTimes, stopAt: Int32?, frontMaximal: Bool, mirrored: Bool, limit: Int, budget: Int) {
            self.graph = graph; self.times = times; self.stopAt = stopAt
            self.frontMaximal = frontMaximal; self.mirrored = mirrored; self.limit = max(1, limit); self.budget = budget
            self.bound = Chains.lengthBounds(graph: graph, times: times)
        }

        /// Hand-overs that may follow `edge` when the data is at its target from time `at` on.
        @inline(__always) func follows(_ next: Int, after edge: Int, at: Int64) -> Bool {
            times.label[next] == times.label[edge] && times.latest[next] >= at
                && graph.targets[next] != graph.sources[next]
        }

        func run(roots: [Int32]) -> Result {
            var best: [Chain] = []
            var found = 0
            var steps = 0
            var complete = true
            var pruned = false
            var onChain = [Bool](repeating: false, count: graph.vertexCount)
            let roots = roots.filter { graph.sources[Int($0)] != graph.targets[Int($0)] }
                .sorted { (bound[Int($0)], $1) > (bound[Int($1)], $0) }
            // Depth-first frames: the edge taken, the time the data is at its target, its children.
            var path: [Int32] = []
            var arrival: [Int64] = []
            var children: [[Int32]] = []
            var position: [Int] = []
            func threshold() -> Int { best.count < limit ? 0 : best[best.count - 1].edges.count }

            func push(_ edge: Int32, at time: Int64) {
                let e = Int(edge)
                let head = Int(graph.targets[e])
                onChain[head] = true
                path.append(edge)
                arrival.append(time)
                var next: [Int32] = []
                if Int32(head) != stopAt {
                    for f in graph.outEdges(of: head) where follows(Int(f), after: e, at: time)
                        && !onChain[Int(graph.targets[Int(f)])] {
                        next.append(f)
                    }
                    next.sort { (bound[Int($0)], $1) > (bound[Int($1)], $0) }
                }
                children.append(next)
                position.append(0)
            }
            func pop() {
                onChain[Int(graph.targets[Int(path.removeLast())])] = false
                arrival.removeLast(); children.removeLast(); position.removeLast()
            }
            /// A frame with no children is a candidate end; check the chain's own conditions.
            func isEnd(_ edge: Int32) -> Bool {
                if let stopAt { return graph.targets[Int(edge)] == stopAt }
                return !frontMaximal || !extendsAtFront()
            }
            func extendsAtFront() -> Bool {
                let first = Int(path[0])
                let source = Int(graph.sources[first])
                for p in graph.inEdges(of: source) {
                    let p = Int(p)
                    guard times.label[p] == times.label[first], !onChain[Int(graph.sources[p])] else { continue }
                    var t = times.earliest[p]
                    var feasible = t <= times.latest[p]
                    for e in path where feasible {
                        t = max(t, times.earliest[Int(e)])
                        feasible = t <= times.latest[Int(e)]
                    }
                    if feasible { return true }
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
                    let depth = path.count
                    let i = position[depth - 1]
                    if i < children[depth - 1].count {
                        position[depth - 1] += 1
                        let next = children[depth - 1][i]
                        if depth + Int(bound[Int(next)]) < threshold() { pruned = true; continue }
                        push(next, at: max(arrival[depth - 1], times.earliest[Int(next)]))
                        continue
                    }
                    if i == 0 && isEnd(edge) { record() }
                    pop()
                }
                onChain[Int(graph.sources[r])] = false
            }
            return Result(chains: best, found: found, truncated: pruned || found > best.count, complete: complete)
        }
    }

    /// Upper bound on the length of a chain beginning with each edge.
    ///
    /// Works on the implicit graph of hand-overs (edge e to edge f when f leaves e's target with the
    /// same label, not back to e's source, and no earlier than e can start). Tarjan's algorithm
    /// closes each strongly connected group after every group it reaches, so the bound is filled in
    /// as groups close: a group's own weight (its number of distinct receivers: a simple chain
    /// enters each at most once) plus the largest bound it hands over to.
    /// - Complexity: O(Σ_v in(v)·out(v)) time, O(E) memory.
    static func lengthBounds(graph: Digraph, times: EdgeTimes) -> [Int32] {
        let m = graph.edgeCount
        let unvisited = Int32(-1)
        var index = [Int32](repeating: unvisited, count: m)
        var low = [Int32](repeating: 0, count: m)
        var onStack = [Bool](repeating: false, count: m)
        var bound = [Int32](repeating: 0, count: m)
        var stack: [Int32] = []
        var frames: [(edge: Int32, next: Int32)] = []
        var counter: Int32 = 0
        func successorRange(_ e: Int) -> Range<Int> {
            let head = Int(graph.targets[e])
            return Int(graph.outStart[head])..<Int(graph.outStart[head + 1])
        }
        func isHandOver(_ e: Int, _ f: Int) -> Bool {
            times.label[f] == times.label[e] && times.latest[f] >= times.earliest[e]
                && graph.targets[f] != graph.sources[e] && graph.targets[f] != graph.sources[f]
        }
        for root in 0..<m where index[root] == unvisited {
            if graph.targets[root] == graph.sources[root] { continue }
            index[root] = counter; low[root] = counter; counter += 1
            stack.append(Int32(root)); onStack[root] = true
            frames.append((Int32(root), Int32(successorRange(root).lowerBound)))
            while let frame = frames.last {
                let e = Int(frame.edge)
                let range = successorRange(e)
                if Int(frame.next) < range.upperBound {
                    frames[frames.count - 1].next += 1
                    let f = Int(graph.outEdgeIDs[Int(frame.next)])
                    guard isHandOver(e, f) else { continue }
                    if index[f] == unvisited {
                        index[f] = counter; low[f] = counter; counter += 1
                        stack.append(Int32(f)); onStack[f] = true
                        frames.append((Int32(f), Int32(successorRange(f).lowerBound)))
                    } else if onStack[f] {
                        low[e] = min(low[e], index[f])
                    }
                    continue
                }
                frames.removeLast()
                if let parent = frames.last { low[Int(parent.edge)] = min(low[Int(parent.edge)], low[e]) }
                guard low[e] == index[e] else { continue }
                // Close the group: members are on the stack down to e.
                var members: [Int32] = []
                while true {
                    let f = stack.removeLast()
                    onStack[Int(f)] = false
                    members.append(f)
                    if Int(f) == e { break }
                }
                var receivers = Set<Int32>()
                if members.count > 1 { for f in members { receivers.insert(graph.targets[Int(f)]) } }
                let weight = Int32(members.count > 1 ? receivers.count : 1)
                let memberSet = members.count > 1 ? Set(members) : []
                var beyond: Int32 = 0
                for f in members {
                    for slot in successorRange(Int(f)) {
                        let g = Int(graph.outEdgeIDs[slot])
                        if isHandOver(Int(f), g) && !(members.count > 1 ? memberSet.contains(Int32(g)) : g == Int(f)) {
                            beyond = max(beyond, bound[g])
                        }
                    }
                }
                for f in members { bound[Int(f)] = weight + beyond }
            }
        }
        return bound
    }
}
