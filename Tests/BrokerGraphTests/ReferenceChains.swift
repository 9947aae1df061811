@testable import BrokerGraph

/// The chain search as it was before the O(E) bound (commit 8a427c4), kept word for word as a
/// reference for the tests: its bound walks every hand-over arc, O(Σ_v in(v)·out(v)).
enum ReferenceChains {
    static func longest(
        in graph: Digraph, times: EdgeTimes, from: Int32? = nil, to: Int32? = nil,
        limit: Int = 50, budget: Int = 5_000_000
    ) -> Chains.Result {
        if to != nil && from == nil {
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
            self.bound = ReferenceChains.lengthBounds(graph: graph, times: times)
        }

        /// Hand-overs that may follow `edge` when the data is at its target from time `at` on.
        @inline(__always) func follows(_ next: Int, after edge: Int, at: Int64) -> Bool {
            times.label[next] == times.label[edge] && times.latest[next] >= at
                && graph.targets[next] != graph.sources[next]
        }

        func run(roots: [Int32]) -> Chains.Result {
            var best: [Chains.Chain] = []
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
            func timed(_ edges: [Int32]) -> Chains.Chain {
                var vertices = [graph.sources[Int(edges[0])]]
                vertices.append(contentsOf: edges.map { graph.targets[Int($0)] })
                var t = Int64.min, start = Int64.min
                for (i, e) in edges.enumerated() {
                    t = max(t, times.earliest[Int(e)])
                    if i == 0 { start = t }
                }
                return Chains.Chain(edges: edges, vertices: vertices, start: start, end: t)
            }
            /// A chain found on the mirrored graph, in the original direction and time.
            func turnedBack(_ edges: [Int32]) -> Chains.Chain {
                var vertices = [graph.sources[Int(edges[0])]]
                vertices.append(contentsOf: edges.map { graph.targets[Int($0)] })
                var t = Int64.min, start = Int64.min
                for (i, e) in edges.reversed().enumerated() {
                    t = max(t, -times.latest[Int(e)])
                    if i == 0 { start = t }
                }
                return Chains.Chain(edges: edges.reversed(), vertices: vertices.reversed(), start: start, end: t)
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
            return Chains.Result(chains: best, found: found, truncated: pruned || found > best.count, complete: complete)
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
