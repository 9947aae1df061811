import Testing
@testable import BrokerGraph

/// `Chains.longest` against a brute force that enumerates every chain of small random temporal
/// graphs: same label, linked, simple, times non-decreasing within each edge's interval.
@Suite struct ChainsTests {
    /// SplitMix64: a small deterministic generator, so every seed gives the same graph everywhere.
    struct Random {
        var state: UInt64
        init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 0x1234_5678 }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    }

    /// A small temporal multigraph. Times are drawn from a few days so that ties, same-day
    /// date-only transfers and hand-overs that go back in time are all common.
    struct Case {
        var graph: Digraph
        var times: EdgeTimes

        /// `hubPercent`: the share of edges that leave or enter vertex 0 (half each), so that one
        /// vertex has many hand-overs through it.
        init(seed: UInt64, vertices: Int? = nil, edges: Int? = nil, labels: Int? = nil, hubPercent: Int = 0) {
            var random = Random(seed: seed)
            let n = vertices ?? 3 + random.below(5)
            let m = edges ?? n + random.below(2 * n + 2)
            let labelCount = labels ?? 1 + random.below(2)
            var sources: [Int32] = [], targets: [Int32] = []
            var earliest: [Int64] = [], latest: [Int64] = [], label: [Int32] = []
            let day: Int64 = 86_400
            for _ in 0..<m {
                let hub = random.chance(hubPercent)
                let s = hub && random.chance(50) ? 0 : random.below(n)
                var t = hub && s != 0 ? 0 : random.below(n)
                if t == s && !random.chance(10) { t = (s + 1 + random.below(n - 1)) % n }   // a few self-loops
                sources.append(Int32(s)); targets.append(Int32(t))
                let d = Int64(random.below(3))
                if random.chance(30) {
                    // Known only by its date: the whole day.
                    earliest.append(d * day); latest.append(d * day + day - 1)
                } else {
                    // A moment; hours from a small set so that exact ties happen.
                    let moment = d * day + Int64([0, 6, 12, 12, 18][random.below(5)]) * 3600
                    earliest.append(moment); latest.append(moment)
                }
                label.append(Int32(random.below(labelCount)))
            }
            graph = Digraph(vertexCount: n, sources: sources, targets: targets)
            times = EdgeTimes(earliest: earliest, latest: latest, label: label)
        }

        init(vertexCount: Int, edges: [(Int32, Int32, Int64, Int64, Int32)]) {
            graph = Digraph(vertexCount: vertexCount, sources: edges.map(\.0), targets: edges.map(\.1))
            times = EdgeTimes(earliest: edges.map(\.2), latest: edges.map(\.3), label: edges.map(\.4))
        }

        /// Whether `edges` form a chain, checked from the definition (independent of `Chains.isChain`):
        /// there are times t1 <= t2 <= ... with t_i in edge i's interval.
        func isChain(_ edges: [Int32]) -> Bool {
            guard let first = edges.first else { return false }
            var vertices = [graph.sources[Int(first)]]
            var t = Int64.min
            for (i, e) in edges.map({ Int($0) }).enumerated() {
                if i > 0 && graph.sources[e] != vertices.last! { return false }
                if times.label[e] != times.label[Int(first)] { return false }
                if vertices.contains(graph.targets[e]) { return false }
                vertices.append(graph.targets[e])
                t = max(t, times.earliest[e])
                if t > times.latest[e] { return false }
            }
            return true
        }

        /// Every chain of the graph, by depth-first extension of every single-edge chain.
        func allChains() -> [[Int32]] {
            var result: [[Int32]] = []
            var stack: [[Int32]] = (0..<Int32(graph.edgeCount)).map { [$0] }.filter(isChain)
            while let chain = stack.popLast() {
                result.append(chain)
                let head = Int(graph.targets[Int(chain.last!)])
                for f in graph.outEdges(of: head) where isChain(chain + [f]) { stack.append(chain + [f]) }
            }
            return result
        }

        func extendsAtEnd(_ chain: [Int32]) -> Bool {
            (0..<Int32(graph.edgeCount)).contains { isChain(chain + [$0]) }
        }

        func extendsAtFront(_ chain: [Int32]) -> Bool {
            (0..<Int32(graph.edgeCount)).contains { isChain([$0] + chain) }
        }

        func start(_ chain: [Int32]) -> Int64 { times.earliest[Int(chain[0])] }

        /// Every chain in ranking order (length desc, start asc, edge ids), with whether it can be
        /// extended at its end and at its front.
        func rankedChains() -> [(edges: [Int32], extendsAtEnd: Bool, extendsAtFront: Bool)] {
            allChains().sorted { a, b in
                if a.count != b.count { return a.count > b.count }
                if start(a) != start(b) { return start(a) < start(b) }
                return a.lexicographicallyPrecedes(b)
            }.map { ($0, extendsAtEnd($0), extendsAtFront($0)) }
        }

        /// The chains `Chains.longest` must report, in its order, before the limit.
        func expected(from: Int32?, to: Int32?,
                      ranked: [(edges: [Int32], extendsAtEnd: Bool, extendsAtFront: Bool)]? = nil) -> [[Int32]] {
            (ranked ?? rankedChains()).filter { chain in
                let first = graph.sources[Int(chain.edges.first!)], last = graph.targets[Int(chain.edges.last!)]
                switch (from, to) {
                case (nil, nil): return !chain.extendsAtEnd && !chain.extendsAtFront
                case (let f?, nil): return first == f && !chain.extendsAtEnd
                case (nil, let t?): return last == t && !chain.extendsAtFront
                case (let f?, let t?): return first == f && last == t
                }
            }.map(\.edges)
        }

        /// Runs the search and checks it against the brute force.
        func check(from: Int32? = nil, to: Int32? = nil, limit: Int, seed: UInt64,
                   ranked: [(edges: [Int32], extendsAtEnd: Bool, extendsAtFront: Bool)]? = nil,
                   sourceLocation: SourceLocation = #_sourceLocation) {
            let expected = expected(from: from, to: to, ranked: ranked)
            let result = Chains.longest(in: graph, times: times, from: from, to: to, limit: limit)
            let context = Comment(rawValue: "seed \(seed) from \(from.map(String.init) ?? "-") to \(to.map(String.init) ?? "-") limit \(limit)")
            #expect(result.complete, context, sourceLocation: sourceLocation)
            for chain in result.chains {
                #expect(isChain(chain.edges), context, sourceLocation: sourceLocation)
                #expect(Chains.isChain(chain.edges, graph: graph, times: times), context, sourceLocation: sourceLocation)
                var vertices = [graph.sources[Int(chain.edges[0])]]
                vertices += chain.edges.map { graph.targets[Int($0)] }
                #expect(chain.vertices == vertices, context, sourceLocation: sourceLocation)
                #expect(chain.start == start(chain.edges), context, sourceLocation: sourceLocation)
                if from == nil || to == nil {
                    if to == nil { #expect(!extendsAtEnd(chain.edges), context, sourceLocation: sourceLocation) }
                    if from == nil { #expect(!extendsAtFront(chain.edges), context, sourceLocation: sourceLocation) }
                }
            }
            #expect(result.chains.map(\.edges) == Array(expected.prefix(limit)), context, sourceLocation: sourceLocation)
            if expected.count > limit { #expect(result.truncated, context, sourceLocation: sourceLocation) }
            #expect(result.found >= result.chains.count, context, sourceLocation: sourceLocation)
        }
    }

    @Test("all maximal chains equal the brute force", arguments: 0..<400)
    func maximalChains(seed: UInt64) {
        let c = Case(seed: seed)
        c.check(limit: 1_000, seed: seed)
    }

    @Test("the top N equal the brute force's top N", arguments: 0..<300)
    func limitedChains(seed: UInt64) {
        let c = Case(seed: seed)
        let ranked = c.rankedChains()
        for limit in [1, 2, 3, 5] { c.check(limit: limit, seed: seed, ranked: ranked) }
    }

    @Test("--from, --to and both equal the brute force", arguments: 0..<200)
    func endpointVariants(seed: UInt64) {
        let c = Case(seed: seed)
        let n = Int32(c.graph.vertexCount)
        let ranked = c.rankedChains()
        for v in 0..<n {
            for limit in [1, 3, 1_000] {
                c.check(from: v, limit: limit, seed: seed, ranked: ranked)
                c.check(to: v, limit: limit, seed: seed, ranked: ranked)
                c.check(from: v, to: (v + 1) % n, limit: limit, seed: seed, ranked: ranked)
            }
        }
    }

    @Test("denser graphs with one label", arguments: 0..<60)
    func denseOneLabel(seed: UInt64) {
        let c = Case(seed: 10_000 + seed, vertices: 6, edges: 22, labels: 1)
        let ranked = c.rankedChains()
        c.check(limit: 1_000, seed: seed, ranked: ranked)
        c.check(limit: 4, seed: seed, ranked: ranked)
        c.check(from: 0, limit: 4, seed: seed, ranked: ranked)
        c.check(to: 5, limit: 4, seed: seed, ranked: ranked)
    }

    @Test("a path that is connected only when time is ignored is not a chain")
    func timeReversedPath() {
        // 0 -> 1 on day 5, 1 -> 2 on day 2 (earlier): 0 -> 1 -> 2 is not a chain.
        let day: Int64 = 86_400
        let c = Case(vertexCount: 3, edges: [(0, 1, 5 * day, 5 * day, 0), (1, 2, 2 * day, 2 * day, 0)])
        #expect(!Chains.isChain([0, 1], graph: c.graph, times: c.times))
        let all = Chains.longest(in: c.graph, times: c.times)
        #expect(all.chains.map(\.edges) == [[1], [0]])   // edge 1 starts earlier
        #expect(Chains.longest(in: c.graph, times: c.times, from: 0).chains.map(\.edges) == [[0]])
        #expect(Chains.longest(in: c.graph, times: c.times, to: 2).chains.map(\.edges) == [[1]])
        #expect(Chains.longest(in: c.graph, times: c.times, from: 0, to: 2).chains.isEmpty)
    }

    @Test("two transfers known only by the same date may follow each other in either order")
    func sameDay() {
        let day: Int64 = 86_400
        // 1 -> 2 at noon of day 3, 0 -> 1 on day 3 (date only): the data may have arrived in the morning.
        let c = Case(vertexCount: 3, edges: [(0, 1, 3 * day, 4 * day - 1, 0), (1, 2, 3 * day + 43_200, 3 * day + 43_200, 0)])
        #expect(Chains.longest(in: c.graph, times: c.times).chains.map(\.edges) == [[0, 1]])
        // But a moment before a date-only day is not after it.
        let d = Case(vertexCount: 3, edges: [(0, 1, 3 * day, 4 * day - 1, 0), (1, 2, 3 * day - 1, 3 * day - 1, 0)])
        #expect(Chains.longest(in: d.graph, times: d.times).chains.map(\.edges) == [[1], [0]])
    }

    @Test("equal times chain; different labels do not")
    func tiesAndLabels() {
        let c = Case(vertexCount: 4, edges: [(0, 1, 100, 100, 0), (1, 2, 100, 100, 0), (2, 3, 100, 100, 1)])
        #expect(Chains.longest(in: c.graph, times: c.times).chains.map(\.edges) == [[0, 1], [2]])
    }

    @Test("a party appears at most once: a ring is cut")
    func ring() {
        let c = Case(vertexCount: 3, edges: [(0, 1, 1, 1, 0), (1, 2, 2, 2, 0), (2, 0, 3, 3, 0), (0, 1, 4, 4, 0)])
        for chain in Chains.longest(in: c.graph, times: c.times).chains {
            #expect(Set(chain.vertices).count == chain.vertices.count)
        }
        #expect(Chains.longest(in: c.graph, times: c.times).chains.map(\.edges) == [[0, 1], [1, 2], [2, 3]])
    }

    @Test("the step budget stops the search and says so")
    func budget() {
        // A complete graph on 9 vertices with one time for every edge: 9! paths of length 8.
        let n: Int32 = 9
        var edges: [(Int32, Int32, Int64, Int64, Int32)] = []
        for a in 0..<n { for b in 0..<n where a != b { edges.append((a, b, 0, 0, 0)) } }
        let c = Case(vertexCount: Int(n), edges: edges)
        let cut = Chains.longest(in: c.graph, times: c.times, limit: 5, budget: 1_000)
        #expect(!cut.complete)
        for chain in cut.chains { #expect(c.isChain(chain.edges)) }
        let full = Chains.longest(in: c.graph, times: c.times, from: 0, to: 1, limit: 3, budget: 10_000_000)
        #expect(full.complete)
        #expect(full.chains.allSatisfy { $0.edges.count == 8 })
        #expect(full.truncated)
    }

    /// The longest chain beginning with each edge, by brute force.
    static func longestFrom(_ c: Case) -> [Int] {
        var longest = [Int](repeating: 0, count: c.graph.edgeCount)
        for chain in c.allChains() { longest[Int(chain[0])] = max(longest[Int(chain[0])], chain.count) }
        return longest
    }

    @Test("the length bound never undercuts a chain", arguments: 0..<200)
    func boundsAreUpperBounds(seed: UInt64) {
        let c = Case(seed: 20_000 + seed)
        let bound = Chains.lengthBounds(in: c.graph, times: c.times)
        for chain in c.allChains() {
            #expect(Int(bound[Int(chain[0])]) >= chain.count, "seed \(seed) chain \(chain)")
        }
    }

    @Test("the O(E) bound is at least the longest chain from every edge, with hubs and same-day dates",
          arguments: 0..<300)
    func boundsAtHubs(seed: UInt64) {
        // Small enough for the brute force, dense around vertex 0, with one to three labels.
        var random = Random(seed: 50_000 + seed)
        let n = 4 + random.below(5)
        let c = Case(seed: 30_000 + seed, vertices: n, edges: 2 * n + random.below(3 * n),
                     labels: 1 + random.below(3), hubPercent: [0, 30, 60][random.below(3)])
        let bound = Chains.lengthBounds(in: c.graph, times: c.times)
        let longest = Self.longestFrom(c)
        for e in 0..<c.graph.edgeCount {
            #expect(Int(bound[e]) >= longest[e], "seed \(seed) edge \(e): bound \(bound[e]) < \(longest[e])")
            if c.graph.sources[e] == c.graph.targets[e] { #expect(bound[e] == 0, "seed \(seed) self-loop \(e)") }
            else { #expect(bound[e] >= 1, "seed \(seed) edge \(e)") }
        }
    }

    @Test("the bound is exact on a time-ordered path and counts a swap ring's receivers once")
    func boundShapes() {
        // 0 -> 1 -> 2 -> 3 at times 1, 2, 3, plus a late 1 -> 2 that nothing can follow.
        let path = Case(vertexCount: 4, edges: [(0, 1, 1, 1, 0), (1, 2, 2, 2, 0), (2, 3, 3, 3, 0), (1, 2, 9, 9, 0)])
        #expect(Chains.lengthBounds(in: path.graph, times: path.times) == [3, 2, 1, 1])
        // A ring of three swapping on one day, then 2 -> 3: three receivers in the ring, plus one.
        let ring = Case(vertexCount: 4, edges: [(0, 1, 0, 99, 0), (1, 2, 0, 99, 0), (2, 0, 0, 99, 0), (2, 3, 50, 50, 0)])
        #expect(Chains.lengthBounds(in: ring.graph, times: ring.times) == [4, 4, 4, 1])
    }

    @Test("same chains as the former O(Σ in·out) implementation on larger random graphs with hubs",
          arguments: 0..<120)
    func sameAsReference(seed: UInt64) {
        var random = Random(seed: 70_000 + seed)
        let n = 8 + random.below(25)
        let c = Case(seed: 60_000 + seed, vertices: n, edges: 2 * n + random.below(4 * n),
                     labels: 1 + random.below(3), hubPercent: [0, 20, 50][random.below(3)])
        func compare(from: Int32? = nil, to: Int32? = nil, limit: Int) {
            let context = Comment(rawValue: "seed \(seed) from \(from.map(String.init) ?? "-") to \(to.map(String.init) ?? "-") limit \(limit)")
            let new = Chains.longest(in: c.graph, times: c.times, from: from, to: to, limit: limit, budget: 50_000_000)
            let old = ReferenceChains.longest(in: c.graph, times: c.times, from: from, to: to, limit: limit, budget: 50_000_000)
            #expect(new.complete && old.complete, context)
            #expect(new.chains == old.chains, context)
            if new.chains.count == limit || old.chains.count == limit { return }
            #expect(new.truncated == old.truncated, context)
        }
        for limit in [1, 5, 40] {
            compare(limit: limit)
            for v: Int32 in [0, 1, Int32(n - 1)] {
                compare(from: v, limit: limit)
                compare(to: v, limit: limit)
                compare(from: v, to: (v + 1) % Int32(n), limit: limit)
            }
        }
    }

    @Test("labels at the ends of Int32 are lists like any other", arguments: 0..<40)
    func extremeLabels(seed: UInt64) {
        var c = Case(seed: 80_000 + seed, vertices: 6, edges: 18, labels: 3, hubPercent: 30)
        c.times.label = c.times.label.map { [Int32.min, Int32.max, 7][Int($0)] }
        let ranked = c.rankedChains()
        c.check(limit: 1_000, seed: seed, ranked: ranked)
        for v: Int32 in 0..<6 {
            c.check(from: v, limit: 3, seed: seed, ranked: ranked)
            c.check(to: v, limit: 3, seed: seed, ranked: ranked)
        }
        let bound = Chains.lengthBounds(in: c.graph, times: c.times)
        let longest = Self.longestFrom(c)
        for e in 0..<c.graph.edgeCount { #expect(Int(bound[e]) >= longest[e], "seed \(seed) edge \(e)") }
    }

    @Test("an edge whose dates contradict each other is in no chain")
    func contradictoryDates() {
        // 1 -> 2 says it happened from 9 to 5: it cannot have happened.
        let c = Case(vertexCount: 4, edges: [(0, 1, 1, 1, 0), (1, 2, 9, 5, 0), (2, 3, 10, 10, 0)])
        #expect(Chains.lengthBounds(in: c.graph, times: c.times) == [1, 0, 1])
        #expect(Chains.longest(in: c.graph, times: c.times).chains.map(\.edges) == [[0], [2]])
        #expect(Chains.longest(in: c.graph, times: c.times, from: 1).chains.isEmpty)
        #expect(Chains.longest(in: c.graph, times: c.times, to: 2).chains.isEmpty)
    }

    @Test("the budget bounds the work at a hub, not only the number of frames")
    func budgetAtHub() {
        // Vertex 0 passes to 20,000 parties that all pass back to one of 50 others on one day,
        // and 0 receives from 100: entering 0 means looking at 20,000 candidates.
        var edges: [(Int32, Int32, Int64, Int64, Int32)] = []
        for i: Int32 in 1...20_000 { edges.append((0, i, 0, 99, 0)); edges.append((i, 20_001 + i % 50, 0, 99, 0)) }
        for i: Int32 in 0..<100 { edges.append((20_100 + i, 0, 0, 99, 0)) }
        let c = Case(vertexCount: 20_200, edges: edges)
        let cut = Chains.longest(in: c.graph, times: c.times, limit: 10, budget: 1_000)
        #expect(!cut.complete)
        let hub = Chains.longest(in: c.graph, times: c.times, from: 0, limit: 10, budget: 1_000)
        #expect(!hub.complete)
        for chain in cut.chains + hub.chains { #expect(c.isChain(chain.edges)) }
        let full = Chains.longest(in: c.graph, times: c.times, from: 20_100, limit: 3)
        #expect(full.complete)
        #expect(full.chains.map(\.edges.count) == [3, 3, 3])
    }

    @Test("an empty graph has no chains")
    func empty() {
        let c = Case(vertexCount: 2, edges: [])
        let r = Chains.longest(in: c.graph, times: c.times)
        #expect(r.chains.isEmpty && r.complete && !r.truncated && r.found == 0)
        #expect(!Chains.isChain([], graph: c.graph, times: c.times))
    }
}
