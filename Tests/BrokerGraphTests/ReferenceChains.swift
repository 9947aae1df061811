@testable import BrokerGraph
import BrokerGraphReference

/// The chain search as it was before the O(E) bound (commit 8a427c4), kept word for word as a
/// reference for the tests: its bound (`pairwiseLengthBounds`) walks every hand-over arc, O(Σ_v in(v)·out(v)).
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
            self.bound = pairwiseLengthBounds(graph: graph, times: times)
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
}
