// chains-bench: times the chain search's length bound (before and after the O(E) representation)
// and the whole `Chains.longest` on a seeded random temporal transfer graph with hubs.
//
//   chains-bench [--vertices N] [--edges M] [--size 1m|3m|10m] [--hubs H] [--hub-percent P]
//                [--runs R] [--seed S] [--old-pairs-limit X] [--only a,b,...]
//
// Prints one line per measure with the median and minimum of R runs (the graph is built outside
// the timed block) and the peak resident memory of the process. The former bound walks
// Σ_v in(v)·out(v) hand-over pairs; it is skipped when that sum exceeds `--old-pairs-limit`
// (default 5e9: 4.5e9 pairs took 264 s of CPU), and the sum is printed either way.
import BrokerGraph
import BrokerGraphReference
import Foundation

#if DEBUG
print("chains-bench: build with `swift build -c release`; debug timings are meaningless.")
exit(2)
#endif

var vertices = 1_000_000, edges = 1_000_000, runs = 3, seed: UInt64 = 42
var hubs = 20, hubPercent = 10, oldPairsLimit = 5e9
var only: Set<String>? = nil
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
        case "1m": (vertices, edges) = (1_000_000, 1_000_000)
        case "3m": (vertices, edges) = (1_000_000, 3_000_000)
        case "10m": (vertices, edges) = (1_000_000, 10_000_000)
        default: print("--size is 1m, 3m or 10m"); exit(2)
        }
    case "--hubs": hubs = Int(value())!
    case "--hub-percent": hubPercent = Int(value())!
    case "--runs": runs = Int(value())!
    case "--seed": seed = UInt64(value())!
    case "--old-pairs-limit": oldPairsLimit = Double(value())!
    case "--only": only = Set(value().split(separator: ",").map(String.init))
    default: print("unknown flag \(flag)"); exit(2)
    }
}

/// A temporal transfer graph: each endpoint is one of the `hubs` first vertices with probability
/// `hubPercent` %, otherwise uniform (no self-loops); times over one year, 30 % known only by
/// their date (the whole day), the rest to the second; 8 data categories.
func generate(vertices n: Int, edges m: Int, hubs: Int, hubPercent: Int, seed: UInt64)
    -> (sources: [Int32], targets: [Int32], times: EdgeTimes)
{
    var random = SplitMix64(seed: seed)
    var s = [Int32](repeating: 0, count: m), t = [Int32](repeating: 0, count: m)
    var earliest = [Int64](repeating: 0, count: m), latest = [Int64](repeating: 0, count: m)
    var label = [Int32](repeating: 0, count: m)
    func endpoint() -> Int { random.below(100) < hubPercent ? random.below(hubs) : random.below(n) }
    for e in 0..<m {
        let a = endpoint()
        var b = endpoint()
        if a == b { b = (b + 1) % n }
        s[e] = Int32(a); t[e] = Int32(b)
        let day = Int64(random.below(365)) * 86_400
        if random.below(100) < 30 {
            earliest[e] = day; latest[e] = day + 86_399
        } else {
            let moment = day + Int64(random.below(86_400))
            earliest[e] = moment; latest[e] = moment
        }
        label[e] = Int32(random.below(8))
    }
    return (s, t, EdgeTimes(earliest: earliest, latest: latest, label: label))
}

func peakRSSMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
        return kb / 1024
    }
    return 0
}

func clock(_ id: clockid_t) -> Double {
    var ts = timespec()
    clock_gettime(id, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func median(_ values: [Double]) -> Double {
    let v = values.sorted()
    return v.count % 2 == 1 ? v[v.count / 2] : (v[v.count / 2 - 1] + v[v.count / 2]) / 2
}

func say(_ text: String) { FileHandle.standardOutput.write((text + "\n").data(using: .utf8)!) }

/// Runs `body` `runs` times and prints the median and minimum of the wall-clock time and the
/// median of the thread's CPU time (steadier on a machine shared with other work; the code timed
/// is single-threaded); `body` returns a note.
@MainActor func measure(_ name: String, runs: Int = runs, _ body: () -> String) {
    if let only, !only.contains(name) { return }
    var wall: [Double] = [], cpu: [Double] = []
    var note = ""
    for _ in 0..<runs {
        let (wallStart, cpuStart) = (clock(CLOCK_MONOTONIC), clock(CLOCK_THREAD_CPUTIME_ID))
        note = body()
        wall.append(clock(CLOCK_MONOTONIC) - wallStart)
        cpu.append(clock(CLOCK_THREAD_CPUTIME_ID) - cpuStart)
    }
    say(String(format: "%-18@ wall median %8.3f s  min %8.3f s | cpu median %8.3f s (%d runs)  %@",
               name as NSString, median(wall), wall.min()!, median(cpu), runs, note as NSString))
}

/// Mean and largest bound over edges with a positive bound.
func summary(_ bound: [Int32]) -> String {
    var sum = 0, count = 0, largest: Int32 = 0
    for b in bound where b > 0 { sum += Int(b); count += 1; largest = max(largest, b) }
    return String(format: "mean bound %.1f, largest %d", Double(sum) / Double(max(count, 1)), largest)
}

func describe(_ r: Chains.Result) -> String {
    let lengths = r.chains.map { String($0.edges.count) }.joined(separator: ",")
    return "complete \(r.complete), truncated \(r.truncated), found \(r.found), lengths [\(lengths)]"
}

say("chains-bench: \(vertices) vertices, \(edges) edges, \(hubs) hubs (\(hubPercent) % of endpoints), seed \(seed)")
let data = generate(vertices: vertices, edges: edges, hubs: hubs, hubPercent: hubPercent, seed: seed)
let graph = Digraph(vertexCount: vertices, sources: data.sources, targets: data.targets)
let pairs = (0..<vertices).reduce(0.0) { $0 + Double(graph.inDegree($1)) * Double(graph.outDegree($1)) }
say(String(format: "Σ in·out = %.3g hand-over pairs; hub 0: in %d, out %d", pairs, graph.inDegree(0), graph.outDegree(0)))

if pairs <= oldPairsLimit {
    measure("old_bound", runs: 1) { summary(pairwiseLengthBounds(graph: graph, times: data.times)) }
} else if only == nil || only!.contains("old_bound") {
    say(String(format: "old_bound            skipped: %.3g pairs > --old-pairs-limit %.3g", pairs, oldPairsLimit))
}
measure("new_bound") { summary(Chains.lengthBounds(in: graph, times: data.times)) }
measure("longest_limit10") { describe(Chains.longest(in: graph, times: data.times, limit: 10)) }
measure("longest_from_hub") { describe(Chains.longest(in: graph, times: data.times, from: 0, limit: 10)) }
measure("longest_to_hub") { describe(Chains.longest(in: graph, times: data.times, to: 0, limit: 10)) }
let ordinary = Int32(vertices - 1)
measure("longest_from_leaf") { describe(Chains.longest(in: graph, times: data.times, from: ordinary, limit: 10)) }
measure("longest_budget0") { describe(Chains.longest(in: graph, times: data.times, limit: 10, budget: 0)) }
say(String(format: "peak RSS %.0f MiB", peakRSSMiB()))
