import Dispatch
import Testing
@testable import BrokerGraph

/// Lines a meter handed over, kept for the checks.
final class Lines: @unchecked Sendable {
    private let lock = DispatchSemaphore(value: 1)
    private var lines: [String] = []
    private(set) var ends = 0
    func add(_ line: String) { lock.wait(); lines.append(line); lock.signal() }
    func end() { lock.wait(); ends += 1; lock.signal() }
    var all: [String] { lock.wait(); defer { lock.signal() }; return lines }
    /// A line without its elapsed seconds (", N s").
    var phases: [String] { all.map { String($0[..<$0.range(of: ", ", options: .backwards)!.lowerBound]) } }
}

@Suite struct ProgressMeterTests {
    @Test("a phase shows when it begins; counted steps as done/total and percent; nothing after finish")
    func lines() {
        let lines = Lines()
        let meter = ProgressMeter(interval: 0, update: lines.add, end: lines.end)
        meter.begin("reading", total: 4)
        meter.advance()
        meter.advance(by: 2)
        meter.begin("PageRank")
        meter.advance(by: 5)
        meter.begin("empty", total: 0)
        meter.finish()
        meter.finish()
        meter.begin("after")
        meter.advance()
        #expect(lines.phases == ["reading 0/4 (0%)", "reading 1/4 (25%)", "reading 3/4 (75%)", "PageRank", "PageRank 5", "empty"])
        #expect(lines.all.allSatisfy { $0.hasSuffix(" s") })
        #expect(lines.ends == 1)
    }

    @Test("within the interval only a phase's beginning shows")
    func interval() {
        let lines = Lines()
        let meter = ProgressMeter(interval: 3600, update: lines.add)
        meter.begin("sweeps", total: 1000)
        for _ in 0..<1000 { meter.advance() }
        meter.begin("next")
        #expect(lines.phases == ["sweeps 0/1000 (0%)", "next"])
    }

    @Test("steps counted from several threads at once all count", arguments: [1, 3])
    func threads(threads: Int) {
        let lines = Lines()
        let meter = ProgressMeter(interval: 0, update: lines.add)
        meter.begin("work", total: 4000)
        Parallel.uncheckedRun(threads) { _ in for _ in 0..<4000 / threads { meter.advance() } }
        let done = 4000 / threads * threads
        #expect(lines.all.count == done + 1)
        #expect(lines.phases.last == "work \(done)/4000 (\(done * 100 / 4000)%)")
    }

    @Test("betweenness counts every source it searches; reach every sweep")
    func algorithms() {
        var random = SplitMix64(seed: 7)
        let n = 40
        let sources = (0..<200).map { _ in Int32(random.below(n)) }, targets = (0..<200).map { _ in Int32(random.below(n)) }
        let graph = Digraph(vertexCount: n, sources: sources, targets: targets)
        for (samples, exactLimit, searched) in [(8, 10, 8), (8, 100, n)] {
            let lines = Lines()
            let meter = ProgressMeter(interval: 0, update: lines.add)
            let result = Centrality.betweenness(graph, samples: samples, exactLimit: exactLimit, progress: meter)
            #expect(result == Centrality.betweenness(graph, samples: samples, exactLimit: exactLimit))
            #expect(lines.phases.last == "betweenness, sources searched \(searched)/\(searched) (100%)")
        }
        let times = Chains.EdgeTimes(earliest: [Int64](repeating: 0, count: 200), latest: [Int64](repeating: 10, count: 200),
                                     label: [Int32](repeating: 0, count: 200))
        let lines = Lines()
        _ = Chains.reach(of: [0, 1, 2], in: graph, times: times, progress: ProgressMeter(interval: 0, update: lines.add))
        #expect(lines.phases.last == "reach, sweeps 6/6 (100%)")
        let chainLines = Lines()
        let meter = ProgressMeter(interval: 0, update: chainLines.add)
        let chains = Chains.longest(in: graph, times: times, limit: 5, budget: 200_000, progress: meter)
        #expect(chains.chains == Chains.longest(in: graph, times: times, limit: 5, budget: 200_000).chains)
        #expect(Array(chainLines.phases.prefix(2)) == ["chains: hand-overs and length bounds", "chains: search, steps of the budget 0/200000 (0%)"])
    }
}
