import BrokerGraph

// The chain length bound as computed before the O(E) representation (commit 8a427c4), kept word for
// word: the tests check the chain search against the old search built on it, and chains-bench
// times it beside the new one (`Chains.lengthBounds(in:times:)`).

/// Upper bound on the length of a chain beginning with each edge.
///
/// Works on the implicit graph of hand-overs (edge e to edge f when f leaves e's target with the
/// same label, not back to e's source, and no earlier than e can start). Tarjan's algorithm
/// closes each strongly connected group after every group it reaches, so the bound is filled in
/// as groups close: a group's own weight (its number of distinct receivers: a simple chain
/// enters each at most once) plus the largest bound it hands over to.
/// - Complexity: O(Σ_v in(v)·out(v)) time, O(E) memory.
public func pairwiseLengthBounds(graph: Digraph, times: EdgeTimes) -> [Int32] {
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
