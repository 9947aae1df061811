// graph-bench: times BrokerGraph's measures on a seeded random transfer graph.
//
//   graph-bench [--vertices N] [--edges M] [--size 100k|1m] [--runs R] [--seed S]
//               [--write-edges PATH] [--json PATH] [--only a,b,...]
//
// Prints one line per measure with the median and minimum of R runs (setup outside the timed
// block) and the peak resident memory of the process. `--write-edges` writes the same edge list
// as little-endian Int32 triples (source, target, records) after a header of two Int64 (n, m), so
// that scripts/bench-graph.sh can run igraph and networkit on identical input.
import BrokerGraph
import Foundation

#if DEBUG
print("graph-bench: build with `swift build -c release`; debug timings are meaningless.")
exit(2)
#endif

var vertices = 100_000, edges = 1_000_000, runs = 5, seed: UInt64 = 42
var writeEdges: String? = nil, jsonPath: String? = nil, only: Set<String>? = nil
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let flag = arguments.next() {
    func value() -> String {
        guard let v = arguments.next() else { print("\(flag) needs a value"); exit(2) }
        return v
    }
    switch flag {
    case "--vertices": vertices = Int(value())!
    case "--edges": edges = Int(value())!
    case "--size":
        switch value() {
        case "100k": (vertices, edges) = (100_000, 1_000_000)
        case "1m": (vertices, edges) = (1_000_000, 10_000_000)
        default: print("--size is 100k or 1m"); exit(2)
        }
    case "--runs": runs = Int(value())!
    case "--seed": seed = UInt64(value())!
    case "--write-edges": writeEdges = value()
    case "--json": jsonPath = value()
    case "--only": only = Set(value().split(separator: ",").map(String.init))
    default: print("unknown flag \(flag)"); exit(2)
    }
}

/// A transfer graph: senders skewed towards a few heavy traders (source = n·u², u uniform),
/// receivers uniform, records 1...1000, times over one year, 8 data categories.
func generate(vertices n: Int, edges m: Int, seed: UInt64)
    -> (sources: [Int32], targets: [Int32], records: [Int64], times: EdgeTimes)
{
    var random = SplitMix64(seed: seed)
    var s = [Int32](repeating: 0, count: m), t = [Int32](repeating: 0, count: m)
    var r = [Int64](repeating: 0, count: m)
    var earliest = [Int64](repeating: 0, count: m), latest = [Int64](repeating: 0, count: m)
    var label = [Int32](repeating: 0, count: m)
    for e in 0..<m {
        let u = Double(random.next() >> 11) / Double(1 << 53)
        s[e] = Int32(min(n - 1, Int(Double(n) * u * u)))
        t[e] = Int32(random.below(n))
        r[e] = Int64(1 + random.below(1000))
        let day = Int64(random.below(365)) * 86_400
        earliest[e] = day; latest[e] = day + 86_399
        label[e] = Int32(random.below(8))
    }
    return (s, t, r, EdgeTimes(earliest: earliest, latest: latest, label: label))
}

func peakRSSMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
        return kb / 1024
    }
    return 0
}

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

var results: [(name: String, median: Double, min: Double, note: String)] = []

/// Runs `body` `runs` times and records the median; `body` returns a note (e.g. iterations).
@MainActor func measure(_ name: String, runs: Int = runs, _ body: () -> String) {
    if let only, !only.contains(name) { return }
    var times: [Double] = []
    var note = ""
    for _ in 0..<runs {
        let start = now()
        note = body()
        times.append(now() - start)
    }
    times.sort()
    let median = times.count % 2 == 1 ? times[times.count / 2]
        : (times[times.count / 2 - 1] + times[times.count / 2]) / 2
    results.append((name, median, times[0], note))
    let line = String(format: "%-22@ median %9.4f s   min %9.4f s   %@\n", name as NSString, median, times[0], note)
    FileHandle.standardOutput.write(line.data(using: .utf8)!)
}

print("graph-bench: \(vertices) vertices, \(edges) edges, seed \(seed), median of \(runs) runs, \(Parallel.defaultThreads) threads")
let data = generate(vertices: vertices, edges: edges, seed: seed)

if let writeEdges {
    var bytes = Data()
    bytes.reserveCapacity(16 + 12 * edges)
    withUnsafeBytes(of: Int64(vertices).littleEndian) { bytes.append(contentsOf: $0) }
    withUnsafeBytes(of: Int64(edges).littleEndian) { bytes.append(contentsOf: $0) }
    var triples = [Int32](repeating: 0, count: 3 * edges)
    for e in 0..<edges {
        triples[3 * e] = data.sources[e]; triples[3 * e + 1] = data.targets[e]; triples[3 * e + 2] = Int32(data.records[e])
    }
    triples.withUnsafeBytes { bytes.append(contentsOf: $0) }
    try! bytes.write(to: URL(fileURLWithPath: writeEdges))
}

var graph = Digraph(vertexCount: vertices, sources: data.sources, targets: data.targets)
measure("load") {
    graph = Digraph(vertexCount: vertices, sources: data.sources, targets: data.targets)
    return "CSR both directions from arrays"
}
measure("weak") { "\((Components.weak(graph).max() ?? -1) + 1) components" }
measure("strong") { "\((Components.strong(graph).max() ?? -1) + 1) components" }
measure("pagerank") {
    let r = Centrality.pageRank(graph)
    return "\(r.iterations) iterations, converged \(r.converged), L1 tol 1e-10"
}
measure("betweenness_256") {
    let r = Centrality.betweenness(graph, samples: 256, seed: 1)
    return "estimate \(r.isEstimate), \(r.sources) sources"
}
measure("louvain") {
    let r = Community.louvain(graph, seed: 1)
    return String(format: "%d communities, modularity %.4f, %d levels", r.count, r.modularity, r.levels)
}
let groups = (0..<vertices).map { Int32($0 % 8) }
measure("brokerage") {
    let r = Centrality.brokerage(graph, groups: groups)
    return "\(r.liaison.reduce(0, +)) liaison two-paths"
}
measure("reach_1_source") {
    let a = Chains.earliestArrival(from: 0, in: graph, times: data.times)
    return "\(a.lazy.filter { $0 != nil }.count) reached (incl. state index)"
}
let isSwap = [Bool](repeating: false, count: edges)
measure("rings") {
    let r = Rings.find(in: graph, records: data.records, isSwap: isSwap)
    return "\(r.groups.count) groups"
}
let peak = peakRSSMiB()
print(String(format: "peak RSS %.0f MiB", peak))

if let jsonPath {
    var fields = results.map { "\"\($0.name)\": \($0.median)" }
    fields.append("\"peak_mib\": \(peak)")
    let json = "{\"lib\": \"brokergraph\", " + fields.joined(separator: ", ") + "}\n"
    try! json.write(toFile: jsonPath, atomically: true, encoding: .utf8)
}
