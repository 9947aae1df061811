import Testing
@testable import BrokerGraph

/// Reachability closure by repeated squaring-free BFS on the dense matrix.
func reachable(_ a: [[Bool]]) -> [[Bool]] {
    let n = a.count
    var r = a
    for v in 0..<n { r[v][v] = true }
    for k in 0..<n { for i in 0..<n where r[i][k] { for j in 0..<n where r[k][j] { r[i][j] = true } } }
    return r
}

/// Component ids numbered by smallest member, from an equivalence given as a predicate.
func numberedClasses(_ n: Int, _ same: (Int, Int) -> Bool) -> [Int32] {
    var label = [Int32](repeating: -1, count: n)
    var next: Int32 = 0
    for v in 0..<n where label[v] < 0 {
        for w in v..<n where same(v, w) { label[w] = next }
        next += 1
    }
    return label
}

@Suite struct ComponentsTests {
    @Test(arguments: 0..<60)
    func matchWarshallClosure(seed: Int) {
        var random = SplitMix64(seed: UInt64(seed) &+ 3)
        let n = 1 + random.below(25)
        let g = randomGraph(seed: UInt64(seed), vertices: n, edges: random.below(2 * n))
        let a = adjacency(g)
        var sym = a
        for i in 0..<n { for j in 0..<n where a[i][j] { sym[j][i] = true } }
        let r = reachable(a), rs = reachable(sym)
        #expect(Components.weak(g) == numberedClasses(n) { rs[$0][$1] })
        #expect(Components.strong(g) == numberedClasses(n) { r[$0][$1] && r[$1][$0] })
    }
}
