import Testing
@testable import BrokerGraph

/// The compressed sparse rows against an adjacency list built the obvious way.
@Suite struct DigraphTests {
    @Test(arguments: 0..<40)
    func rowsMatchTheEdgeList(seed: Int) {
        var random = SplitMix64(seed: UInt64(seed))
        let n = 1 + Int(random.next() % 30)
        let m = Int(random.next() % 120)
        let sources = (0..<m).map { _ in Int32(random.next() % UInt64(n)) }
        let targets = (0..<m).map { _ in Int32(random.next() % UInt64(n)) }
        let g = Digraph(vertexCount: n, sources: sources, targets: targets)
        #expect(g.vertexCount == n && g.edgeCount == m)
        #expect(g.sources == sources && g.targets == targets)
        for v in 0..<n {
            // Out-edges: every edge leaving v, sorted by (target, edge id); in-edges by (source, edge id).
            let outs = (0..<m).filter { sources[$0] == Int32(v) }.sorted { (targets[$0], $0) < (targets[$1], $1) }
            let ins = (0..<m).filter { targets[$0] == Int32(v) }.sorted { (sources[$0], $0) < (sources[$1], $1) }
            #expect(Array(g.outEdges(of: v)) == outs.map { Int32($0) })
            #expect(Array(g.successors(of: v)) == outs.map { targets[$0] })
            #expect(Array(g.inEdges(of: v)) == ins.map { Int32($0) })
            #expect(Array(g.predecessors(of: v)) == ins.map { sources[$0] })
            #expect(g.outDegree(v) == outs.count && g.inDegree(v) == ins.count)
        }
    }

    @Test func emptyAndIsolated() {
        let empty = Digraph(vertexCount: 0, sources: [], targets: [])
        #expect(empty.vertexCount == 0 && empty.edgeCount == 0 && empty.outStart == [0] && empty.inStart == [0])
        let isolated = Digraph(vertexCount: 3, sources: [2, 2], targets: [0, 0])   // parallel edges kept
        #expect(isolated.outDegree(1) == 0 && isolated.inDegree(1) == 0)
        #expect(Array(isolated.outEdges(of: 2)) == [0, 1] && Array(isolated.inEdges(of: 0)) == [0, 1])
    }
}

/// The heap of the earliest-arrival sweeps against sorting.
@Suite struct TimeHeapTests {
    @Test(arguments: 0..<20)
    func popsInTimeThenIDOrder(seed: Int) {
        var random = SplitMix64(seed: UInt64(seed) &+ 9)
        var heap = TimeHeap()
        var pushed: [(Int64, Int32)] = []
        for _ in 0..<Int(random.next() % 200) {
            let item = (Int64(random.next() % 20) - 10, Int32(random.next() % 15))
            heap.push(item.0, item.1)
            pushed.append(item)
            if random.next() % 4 == 0, let smallest = pushed.min(by: { $0 < $1 }) {
                let popped = heap.pop()
                #expect(popped?.time == smallest.0 && popped?.id == smallest.1)
                pushed.remove(at: pushed.firstIndex { $0 == smallest }!)
            }
        }
        for expected in pushed.sorted(by: { $0 < $1 }) {
            let popped = heap.pop()
            #expect(popped?.time == expected.0 && popped?.id == expected.1)
        }
        #expect(heap.isEmpty && heap.pop() == nil)
        heap.push(1, 1)
        heap.removeAll()
        #expect(heap.isEmpty)
    }
}

/// The one place that runs work on several threads.
@Suite struct ParallelTests {
    @Test(arguments: [0, 1, 2, 3, 8])
    func everyPartRunsOnce(parts: Int) {
        var runs = [Int](repeating: 0, count: max(parts, 1))
        runs.withUnsafeMutableBufferPointer { runs in
            // Disjoint: part p writes only runs[p].
            Parallel.uncheckedRun(parts) { part in runs[part] += 1 }
        }
        #expect(runs == [Int](repeating: 1, count: max(parts, 1)))
    }

    @Test(arguments: [(0, 1), (1, 1), (5, 1), (5, 2), (5, 3), (64, 8), (3, 8)])
    func everyChunkRunsOnceOnAnyThreads(chunks: Int, threads: Int) {
        var runs = [Int](repeating: 0, count: max(chunks, 1))
        runs.withUnsafeMutableBufferPointer { runs in
            // Disjoint: chunk c writes only runs[c].
            Parallel.uncheckedRun(chunks: chunks, threads: threads) { chunk in runs[chunk] += 1 }
        }
        #expect(Array(runs[0..<chunks]) == [Int](repeating: 1, count: chunks))
    }

    @Test(arguments: [1, 2, 3, 8])
    func mapReturnsEveryChunkInOrderOnAnyThreads(threads: Int) {
        #expect(Parallel.map(chunks: 0, threads: threads) { $0 }.isEmpty)
        #expect(Parallel.map(chunks: 37, threads: threads) { "chunk \($0)" } == (0..<37).map { "chunk \($0)" })
    }

    @Test func threadsFromTheEnvironmentOrTheMachine() {
        #expect(Parallel.threads(environment: nil, processors: 6) == 6)
        #expect(Parallel.threads(environment: "3", processors: 6) == 3)
        #expect(Parallel.threads(environment: "0", processors: 6) == 6)
        #expect(Parallel.threads(environment: "-2", processors: 6) == 6)
        #expect(Parallel.threads(environment: "many", processors: 6) == 6)
        #expect(Parallel.threads(environment: nil, processors: 0) == 1)
        #expect(Parallel.activeProcessors() >= 1)
        #expect(Parallel.defaultThreads >= 1)
    }

    @Test(arguments: 0..<20)
    func balancedRangesCoverEveryVertexOnce(seed: Int) {
        var random = SplitMix64(seed: UInt64(seed))
        let n = Int(random.next() % 50)
        var start: [Int32] = [0]
        for _ in 0..<n { start.append(start.last! + Int32(random.next() % 10)) }
        for parts in 1...5 {
            let ranges = Parallel.balancedRanges(n, start: start, parts: parts)
            #expect(ranges.count == max(1, min(parts, max(n, 1))))
            #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == n)
            for (a, b) in zip(ranges, ranges.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
            // No range costs more than an even share plus its heaviest single vertex.
            let total = n + Int(start[n])
            var heaviest = 0
            for v in 0..<n { heaviest = max(heaviest, 1 + Int(start[v + 1] - start[v])) }
            for r in ranges {
                let cost = r.count + Int(start[r.upperBound] - start[r.lowerBound])
                #expect(cost <= total / ranges.count + heaviest + 1, "\(r) of \(ranges)")
            }
        }
    }
}

/// Results that reduce floating-point values across threads are bitwise the same for any thread
/// count: the work is split into chunks that do not depend on it and summed in chunk order.
@Suite struct ThreadCountTests {
    static let threadCounts = [1, 2, 3, 8]

    @Test(arguments: 0..<6)
    func pageRankIsBitwiseEqual(seed: Int) {
        let g = randomGraph(seed: UInt64(seed) &+ 77, vertices: 200 + 150 * seed, edges: 3_000)
        var random = SplitMix64(seed: UInt64(seed))
        let weights = (0..<g.edgeCount).map { _ in Double(random.below(7)) / 3 }
        for w in [nil, weights] {
            let results = Self.threadCounts.map { Centrality.pageRank(g, weights: w, threads: $0) }
            for r in results.dropFirst() {
                #expect(r.scores.map(\.bitPattern) == results[0].scores.map(\.bitPattern))
                #expect(r.iterations == results[0].iterations)
                #expect(r.residual.bitPattern == results[0].residual.bitPattern)
            }
        }
    }

    @Test(arguments: 0..<6)
    func betweennessIsBitwiseEqual(seed: Int) {
        let g = randomGraph(seed: UInt64(seed) &+ 500, vertices: 300, edges: 1_500)
        for (samples, limit) in [(64, 0), (7, 0), (0, 5_000)] {
            let results = Self.threadCounts.map {
                Centrality.betweenness(g, samples: samples, seed: UInt64(seed), exactLimit: limit, threads: $0)
            }
            for r in results.dropFirst() {
                #expect(r.scores.map(\.bitPattern) == results[0].scores.map(\.bitPattern))
            }
        }
    }

    @Test(arguments: 0..<3)
    func brokerageAndReachAreEqual(seed: Int) {
        let g = randomGraph(seed: UInt64(seed) &+ 900, vertices: 120, edges: 400)
        var random = SplitMix64(seed: UInt64(seed))
        let groups = (0..<g.vertexCount).map { _ in Int32(random.below(4)) }
        let start = (0..<g.edgeCount).map { _ in Int64(random.below(100)) }
        let times = EdgeTimes(earliest: start, latest: start.map { $0 + Int64(random.below(3)) },
                              label: (0..<g.edgeCount).map { _ in Int32(random.below(2)) })
        let brokerage = Self.threadCounts.map { Centrality.brokerage(g, groups: groups, threads: $0) }
        let reach = Self.threadCounts.map { Chains.reach(in: g, times: times, threads: $0) }
        for i in 1..<Self.threadCounts.count {
            #expect(brokerage[i] == brokerage[0])
            #expect(reach[i] == reach[0])
        }
    }
}
