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
        let index = Scratch(repeating: Int32(-1), count: n)
        let low = Scratch(repeating: Int32(0), count: n)
        // -1 until the vertex's component closes; a visited vertex with -1 is on Tarjan's stack.
        let component = Scratch(repeating: Int32(-1), count: n)
        let stack = Scratch(repeating: Int32(0), count: n)
        // Call stack: vertex and its next out-edge slot.
        let frameVertex = Scratch(repeating: Int32(0), count: n)
        let frameNext = Scratch(repeating: Int32(0), count: n)
        defer { index.free(); low.free(); component.free(); stack.free(); frameVertex.free(); frameNext.free() }
        graph.outStart.withUnsafeBufferPointer { start in
        graph.outNeighbors.withUnsafeBufferPointer { neighbors in
            var counter: Int32 = 0, componentCount: Int32 = 0
            var top = 0, frames = 0
            for root in 0..<n where index[root] < 0 {
                index[root] = counter; low[root] = counter; counter += 1
                stack[top] = Int32(root); top += 1
                frameVertex[0] = Int32(root); frameNext[0] = start[root]; frames = 1
                while frames > 0 {
                    let v = Int(frameVertex[frames - 1])
                    let slot = Int(frameNext[frames - 1])
                    if slot < Int(start[v + 1]) {
                        frameNext[frames - 1] += 1
                        let w = Int(neighbors[slot])
                        if index[w] < 0 {
                            index[w] = counter; low[w] = counter; counter += 1
                            stack[top] = Int32(w); top += 1
                            frameVertex[frames] = Int32(w); frameNext[frames] = start[w]; frames += 1
                        } else if component[w] < 0 {
                            low[v] = min(low[v], index[w])
                        }
                        continue
                    }
                    frames -= 1
                    if frames > 0 {
                        let parent = Int(frameVertex[frames - 1])
                        low[parent] = min(low[parent], low[v])
                    }
                    if low[v] == index[v] {
                        while true {
                            top -= 1
                            let w = Int(stack[top])
                            component[w] = componentCount
                            if w == v { break }
                        }
                        componentCount += 1
                    }
                }
            }
        }}
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
