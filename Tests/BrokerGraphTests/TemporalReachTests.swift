import Testing
@testable import BrokerGraph

/// A small random temporal graph: point times with many ties, day-long intervals, and
/// self-contradicting intervals (earliest > latest); two labels.
func randomTemporal(seed: UInt64, vertices n: Int, edges m: Int) -> (Digraph, EdgeTimes) {
    var random = SplitMix64(seed: seed)
    let g = randomGraph(seed: seed &* 31 &+ 7, vertices: n, edges: m)
    var earliest: [Int64] = [], latest: [Int64] = [], label: [Int32] = []
    let day: Int64 = 86_400
    for _ in 0..<m {
        let d = Int64(random.below(3)) * day
        switch random.below(4) {
        case 0, 1:  // to the second, few distinct values: ties
            let t = d + Int64(random.below(3)) * 3_600
            earliest.append(t); latest.append(t)
        case 2:     // known by date only: the whole day
            earliest.append(d); latest.append(d + day - 1)
        default:    // contradictory dates
            earliest.append(d + day); latest.append(d)
        }
        label.append(Int32(random.below(2)))
    }
    return (g, EdgeTimes(earliest: earliest, latest: latest, label: label))
}

/// Brute force: every simple path from `s`, kept while `Chains.isChain` accepts it; the earliest
/// greedy arrival at each vertex over all such chains.
func referenceArrival(_ g: Digraph, _ times: EdgeTimes, from s: Int) -> [Int64?] {
    var best = [Int64?](repeating: nil, count: g.vertexCount)
    var stack: [[Int32]] = g.outEdges(of: s).map { [$0] }
    while let path = stack.popLast() {
        guard Chains.isChain(path, graph: g, times: times) else { continue }
        var t = Int64.min
        for e in path { t = max(t, times.earliest[Int(e)]) }
        let v = Int(g.targets[Int(path.last!)])
        if v != s { best[v] = min(best[v] ?? .max, t) }
        for e in g.outEdges(of: v) { stack.append(path + [e]) }
    }
    return best
}

@Suite struct TemporalReachTests {
    @Test(arguments: 0..<150)
    func matchesBruteForceOverSimplePaths(seed: Int) {
        var random = SplitMix64(seed: UInt64(seed) &+ 5)
        let n = 1 + random.below(7)
        let (g, times) = randomTemporal(seed: UInt64(seed), vertices: n, edges: random.below(3 * n + 1))
        var reach = [Int](repeating: 0, count: n), reachedBy = [Int](repeating: 0, count: n)
        var earliest = [Int64?](repeating: nil, count: n), spread = [Int64?](repeating: nil, count: n)
        for s in 0..<n {
            let expected = referenceArrival(g, times, from: s)
            #expect(Chains.earliestArrival(from: Int32(s), in: g, times: times) == expected, "source \(s)")
            for (v, t) in expected.enumerated() {
                guard let t else { continue }
                reach[s] += 1; reachedBy[v] += 1
                earliest[v] = min(earliest[v] ?? .max, t)
                spread[s] = max(spread[s] ?? .min, t)
            }
        }
        for threads in [1, 2] {
            let r = Chains.reach(in: g, times: times, threads: threads)
            #expect(r.reach == reach)
            #expect(r.reachedBy == reachedBy)
            #expect(r.earliestArrival == earliest)
            #expect(r.spreadBy == spread)
        }
    }

    /// Reach of a subset (forward sweeps, and backward sweeps on the mirrored graph) equals the
    /// all-sources result restricted to the subset.
    @Test(arguments: 0..<60)
    func subsetMatchesAllSources(seed: Int) {
        var random = SplitMix64(seed: UInt64(seed) &+ 99)
        let n = 1 + random.below(9)
        let (g, times) = randomTemporal(seed: UInt64(seed) &+ 500, vertices: n, edges: random.below(3 * n + 1))
        let all = Chains.reach(in: g, times: times)
        let subset = (0..<Int32(n)).filter { _ in random.below(2) == 0 }
        for threads in [1, 3] {
            let some = Chains.reach(of: subset, in: g, times: times, threads: threads)
            #expect(some.reach == subset.map { all.reach[Int($0)] })
            #expect(some.reachedBy == subset.map { all.reachedBy[Int($0)] })
            #expect(some.earliestArrival == subset.map { all.earliestArrival[Int($0)] })
            #expect(some.spreadBy == subset.map { all.spreadBy[Int($0)] })
        }
    }

    @Test func orderAndLabelsMatter() {
        // 0 -> 1 at t=10, 1 -> 2 at t=5: the data arrives at 1 too late to go on.
        let g = Digraph(vertexCount: 4, sources: [0, 1, 1], targets: [1, 2, 3])
        let t = EdgeTimes(earliest: [10, 5, 20], latest: [10, 5, 20], label: [0, 0, 1])
        let r = Chains.reach(in: g, times: t)
        #expect(r.reach == [1, 2, 0, 0])  // 0 reaches only 1 (label 1 on 1 -> 3 differs)
        #expect(r.earliestArrival == [nil, 10, 5, 20])
        // Same day, known by date only: either order is possible.
        let day = EdgeTimes(earliest: [0, 0, 0], latest: [86_399, 86_399, 86_399], label: [0, 0, 0])
        #expect(Chains.reach(in: g, times: day).reach == [3, 2, 0, 0])
    }
}
