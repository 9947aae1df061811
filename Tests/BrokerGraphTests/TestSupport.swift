import Foundation
import Testing
@testable import BrokerGraph

/// A random multigraph with self-loops and parallel edges allowed.
func randomGraph(seed: UInt64, vertices n: Int, edges m: Int) -> Digraph {
    var random = SplitMix64(seed: seed)
    var s: [Int32] = [], t: [Int32] = []
    for _ in 0..<m {
        s.append(Int32(random.below(n)))
        t.append(Int32(random.below(n)))
    }
    return Digraph(vertexCount: n, sources: s, targets: t)
}

/// Adjacency matrix of the graph as a simple digraph (parallel edges collapsed).
func adjacency(_ g: Digraph) -> [[Bool]] {
    var a = [[Bool]](repeating: [Bool](repeating: false, count: g.vertexCount), count: g.vertexCount)
    for e in 0..<g.edgeCount { a[Int(g.sources[e])][Int(g.targets[e])] = true }
    return a
}

/// Package root, from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
/// The shared datasets, next to the package (`../shared/datasets`).
let datasets = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/datasets")

/// Whether a test needing these dataset files should run: when they are all there, and always under
/// CI (`CI=true`), where a missing dataset must fail the test instead of skipping it.
/// Use as `@Test(.enabled(if: datasetsAvailable(...)))`, so a skip shows as a skip.
func datasetsAvailable(_ paths: String...) -> Bool {
    ProcessInfo.processInfo.environment["CI"] == "true"
        || paths.allSatisfy { FileManager.default.fileExists(atPath: datasets.appendingPathComponent($0).path) }
}

/// Lines of a text file, without '#' comment lines and without empty lines.
func lines(_ url: URL) throws -> [Substring] {
    let text = try String(contentsOf: url, encoding: .utf8)
    return text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        .filter { !$0.hasPrefix("#") && !$0.isEmpty }
}

/// Fixture rows (after the header line) split on commas.
func fixtureRows(_ name: String) throws -> [[Substring]] {
    try lines(fixtures.appendingPathComponent(name)).dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
}

/// A real network with original vertex labels mapped to dense ids in ascending label order;
/// one edge per distinct (source, target), weight summed.
struct LabelledGraph {
    var graph: Digraph
    var weights: [Double]
    var labels: [Int]
    var id: [Int: Int]

    init(triples: [(Int, Int, Double)]) {
        var sum: [Int64: Double] = [:]
        var order: [Int64] = []
        var nodes = Set<Int>()
        for (s, t, w) in triples {
            nodes.insert(s); nodes.insert(t)
            let key = Int64(s) << 32 | Int64(t)
            if sum[key] == nil { order.append(key) }
            sum[key, default: 0] += w
        }
        labels = nodes.sorted()
        var id: [Int: Int] = [:]
        for (i, l) in labels.enumerated() { id[l] = i }
        self.id = id
        var s: [Int32] = [], t: [Int32] = [], w: [Double] = []
        for key in order {
            s.append(Int32(id[Int(key >> 32)]!)); t.append(Int32(id[Int(key & 0xffff_ffff)]!)); w.append(sum[key]!)
        }
        graph = Digraph(vertexCount: labels.count, sources: s, targets: t)
        weights = w
    }

    static func caviar() throws -> LabelledGraph {
        let rows = try lines(datasets.appendingPathComponent("caviar/DERIVED_caviar_edges_long.csv")).dropFirst()
        return LabelledGraph(triples: rows.map { line in
            let f = line.split(separator: ",")
            return (Int(f[1])!, Int(f[2])!, Double(f[3])!)
        })
    }

    static func bitcoinOTC() throws -> LabelledGraph {
        let rows = try lines(datasets.appendingPathComponent("bitcoin_otc_alpha/soc-sign-bitcoinotc.csv"))
        return LabelledGraph(triples: rows.map { line in
            let f = line.split(separator: ",")
            return (Int(f[0])!, Int(f[1])!, 1)
        })
    }

    static func montagnaPhone() throws -> LabelledGraph {
        let rows = try lines(datasets.appendingPathComponent("montagna_mafia/Montagna_phonecalls_edgelist.csv"))
        return LabelledGraph(triples: rows.map { line in
            let f = line.split(whereSeparator: { $0 == "\t" || $0 == " " })
            return (Int(f[0])!, Int(f[1])!, Double(f[2])!)
        })
    }
}
