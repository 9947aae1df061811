/// Gould–Fernandez brokerage role counts per vertex.
///
/// For a two-path a → b → c (a passes to broker b, b passes to c, and a has no direct tie to c),
/// b's role depends on the groups of the three parties:
/// - coordinator: a, b and c in one group (brokering inside the group);
/// - gatekeeper: b and c in one group, a outside (b lets outside data into its group);
/// - representative: a and b in one group, c outside (b passes its group's data out);
/// - itinerant (consultant): a and c in one group, b outside (an outsider serving one group);
/// - liaison: a, b and c in three different groups (b bridges groups it does not belong to).
public struct BrokerageResult: Sendable, Equatable {
    public var coordinator: [Int]
    public var gatekeeper: [Int]
    public var representative: [Int]
    public var itinerant: [Int]
    public var liaison: [Int]

    /// All five roles of vertex `v` together. - Complexity: O(1).
    public func total(_ v: Int) -> Int {
        coordinator[v] + gatekeeper[v] + representative[v] + itinerant[v] + liaison[v]
    }
}

extension Centrality {
    /// Brokerage roles (Gould and Fernandez 1989, "Structures of mediation: a formal approach to
    /// brokerage in transaction networks", Sociological Methodology 19), with the convention of
    /// statnet's `sna::brokerage` (Butts): a two-path a → b → c counts for broker b when a, b and c
    /// are distinct and there is no edge a → c. Each distinct (a, c) pair counts once per broker,
    /// however many parallel edges carry it. Two-paths touching a vertex of unknown group
    /// (`groups[v] < 0`) are not counted.
    ///
    /// Brokers are split into `threads` ranges; each range writes only its own brokers' counts.
    /// - Complexity: O(Σ_b in(b) · out(b) · log(max out-degree)) time, O(V) extra memory.
    public static func brokerage(
        _ graph: Digraph, groups: [Int32], threads: Int = Parallel.defaultThreads
    ) -> BrokerageResult {
        let n = graph.vertexCount
        precondition(groups.count == n, "one group per vertex")
        // counts[5 * b + role], roles in the order of the result's fields.
        var counts = [Int](repeating: 0, count: 5 * n)
        let ranges = Parallel.balancedRanges(n, start: graph.inStart, parts: threads)
        counts.withUnsafeMutableBufferPointer { counts in
        graph.outStart.withUnsafeBufferPointer { outStart in
        graph.outNeighbors.withUnsafeBufferPointer { outNeighbors in
        graph.inStart.withUnsafeBufferPointer { inStart in
        graph.inNeighbors.withUnsafeBufferPointer { inNeighbors in
            /// Whether the sorted out-row of `a` contains `c`.
            func hasEdge(_ a: Int, _ c: Int32) -> Bool {
                var lo = Int(outStart[a]), hi = Int(outStart[a + 1])
                while lo < hi {
                    let mid = (lo + hi) >> 1
                    if outNeighbors[mid] < c { lo = mid + 1 } else { hi = mid }
                }
                return lo < Int(outStart[a + 1]) && outNeighbors[lo] == c
            }
            // Disjoint: part p writes counts only for the brokers in ranges[p]; the graph is read-only.
            Parallel.uncheckedRun(ranges.count) { part in
                for b in ranges[part] {
                    let gb = groups[b]
                    if gb < 0 { continue }
                    var previousA: Int32 = -1
                    for inSlot in Int(inStart[b])..<Int(inStart[b + 1]) {
                        let a32 = inNeighbors[inSlot]
                        if a32 == previousA { continue }
                        previousA = a32
                        let a = Int(a32)
                        let ga = groups[a]
                        if a == b || ga < 0 { continue }
                        var previousC: Int32 = -1
                        for outSlot in Int(outStart[b])..<Int(outStart[b + 1]) {
                            let c32 = outNeighbors[outSlot]
                            if c32 == previousC { continue }
                            previousC = c32
                            let c = Int(c32)
                            let gc = groups[c]
                            if c == b || c == a || gc < 0 || hasEdge(a, c32) { continue }
                            let role: Int
                            if ga == gb {
                                role = gb == gc ? 0 : 2      // coordinator : representative
                            } else if gb == gc {
                                role = 1                     // gatekeeper
                            } else if ga == gc {
                                role = 3                     // itinerant
                            } else {
                                role = 4                     // liaison
                            }
                            counts[5 * b + role] += 1
                        }
                    }
                }
            }
        }}}}}
        func column(_ role: Int) -> [Int] { (0..<n).map { counts[5 * $0 + role] } }
        return BrokerageResult(coordinator: column(0), gatekeeper: column(1), representative: column(2),
                               itinerant: column(3), liaison: column(4))
    }
}
