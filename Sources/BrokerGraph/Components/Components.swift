/// Connected components of a directed graph.
public enum Components {
    /// Weakly connected components: vertices joined by edges in either direction.
    ///
    /// Returns one component id per vertex; ids are numbered by each component's smallest vertex,
    /// so the result is deterministic.
    ///
    /// Union-find over the edge list, linking the larger root under the smaller (so each root is
    /// its component's smallest vertex) with path halving (Tarjan and van Leeuwen 1984).
    /// - Complexity: O(V + E log V) worst case, near-linear in practice; O(V) extra memory.
    public static func weak(_ graph: Digraph) -> [Int32] {
        let n = graph.vertexCount
        var parent = Array(0..<Int32(n))
        parent.withUnsafeMutableBufferPointer { parent in
        graph.outStart.withUnsafeBufferPointer { start in
        graph.outNeighbors.withUnsafeBufferPointer { neighbors in
            @inline(__always) func find(_ x: Int32) -> Int32 {
                var x = x
                while parent[Int(x)] != x {
                    let grand = parent[Int(parent[Int(x)])]
                    parent[Int(x)] = grand
                    x = grand
                }
                return x
            }
            // Edges grouped by source (the CSR rows), so the source's root is found once per row.
            for v in 0..<n {
                let lo = Int(start[v]), hi = Int(start[v + 1])
                if lo == hi { continue }
                var a = find(Int32(v))
                for slot in lo..<hi {
                    let b = find(neighbors[slot])
                    if a < b { parent[Int(b)] = a } else if b < a { parent[Int(a)] = b; a = b }
                }
            }
        }}}
        // Parents always point to smaller ids, so one ascending pass resolves every root, and a
        // root (its component's smallest vertex) is numbered before its other members.
        var label = [Int32](repeating: 0, count: n)
        var next: Int32 = 0
        for v in 0..<n {
            let p = Int(parent[v])
            if p == v { label[v] = next; next += 1 } else {
                parent[v] = parent[p]
                label[v] = label[Int(parent[v])]
            }
        }
        return label
    }

    /// Strongly connected components (Tarjan 1972), iterative.
    ///
    /// Returns one component id per vertex, numbered by each component's smallest vertex.
    /// - Complexity: O(V + E) time, O(V) extra memory.
    public static func strong(_ graph: Digraph) -> [Int32] {
        let n = graph.vertexCount
        let unvisited = Int32(-1)
        var index = [Int32](repeating: unvisited, count: n)
        var low = [Int32](repeating: 0, count: n)
        var onStack = [Bool](repeating: false, count: n)
        var component = [Int32](repeating: -1, count: n)
        var stack: [Int32] = []
        // Call stack of (vertex, next out-edge position).
        var frames: [(vertex: Int32, next: Int32)] = []
        var counter: Int32 = 0
        var componentCount: Int32 = 0
        for root in 0..<n where index[root] == unvisited {
            frames.append((Int32(root), graph.outStart[root]))
            index[root] = counter; low[root] = counter; counter += 1
            stack.append(Int32(root)); onStack[root] = true
            while let frame = frames.last {
                let v = Int(frame.vertex)
                if frame.next < graph.outStart[v + 1] {
                    frames[frames.count - 1].next += 1
                    let w = Int(graph.outNeighbors[Int(frame.next)])
                    if index[w] == unvisited {
                        index[w] = counter; low[w] = counter; counter += 1
                        stack.append(Int32(w)); onStack[w] = true
                        frames.append((Int32(w), graph.outStart[w]))
                    } else if onStack[w] {
                        low[v] = min(low[v], index[w])
                    }
                    continue
                }
                frames.removeLast()
                if let parent = frames.last { low[Int(parent.vertex)] = min(low[Int(parent.vertex)], low[v]) }
                if low[v] == index[v] {
                    while true {
                        let w = Int(stack.removeLast())
                        onStack[w] = false
                        component[w] = componentCount
                        if w == v { break }
                    }
                    componentCount += 1
                }
            }
        }
        return numbered(n) { component[$0] }
    }

    /// Groups vertices by component id: each group sorted, groups ordered by their smallest vertex.
    /// - Complexity: O(V).
    public static func groups(_ componentOf: [Int32]) -> [[Int32]] {
        var result: [[Int32]] = []
        var slot: [Int32: Int] = [:]
        for (v, c) in componentOf.enumerated() {
            if let s = slot[c] { result[s].append(Int32(v)) } else {
                slot[c] = result.count
                result.append([Int32(v)])
            }
        }
        return result
    }

    /// Renumbers arbitrary labels so that components are numbered 0, 1, ... by smallest vertex.
    private static func numbered(_ n: Int, label: (Int) -> Int32) -> [Int32] {
        var renumber = [Int32](repeating: -1, count: n)
        var result = [Int32](repeating: 0, count: n)
        var next: Int32 = 0
        for v in 0..<n {
            let l = Int(label(v))
            if renumber[l] < 0 { renumber[l] = next; next += 1 }
            result[v] = renumber[l]
        }
        return result
    }
}
