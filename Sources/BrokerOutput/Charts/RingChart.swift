import BrokerCase
import BrokerGraph

extension CaseCharts {
    /// Each ring (a strongly connected group of more than one party: everyone's data can reach
    /// everyone) as a box. Pairs that pass data both ways are drawn as one two-way edge (a swap), bold
    /// when some of the rows are marked `exchange`; one-way edges inside the ring as usual. Around each
    /// ring: the outside parties that supply it (one node each), and per member one node for the
    /// outside parties it passes data to ("→ 12 parties, 3,400 records").
    ///
    /// At most `maxMembers` ring members are drawn (default 150, as the overview): rings are taken
    /// largest first, and a ring that would not fit is left out, the title saying how many were.
    /// - Complexity: O(parties + transfers).
    public static func rings(_ context: ChartContext, maxMembers: Int = 150) -> Chart {
        let data = context.data
        let labels = Components.strong(data.graph)
        let all = Components.groups(labels).filter { $0.count > 1 }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0[0] < $1[0] }   // members ascending
        var rings: [[Int32]] = [], members = 0
        for ring in all where members + ring.count <= maxMembers {
            rings.append(ring.sorted())
            members += ring.count
        }
        let left = all.count - rings.count
        var title = all.isEmpty
            ? "Rings: none (no group of parties passes data around in a cycle)"
            : "Rings: \(all.count) group\(all.count == 1 ? "" : "s") of parties that pass data around in a cycle"
        if left > 0 {
            title += "; \(left) not drawn (more than \(maxMembers) parties together; `brokergraph rings` lists them)"
        }
        var chart = base(engine: "dot", title: title)
        chart.attributes += [("compound", "true"), ("newrank", "true")]
        var ringOf = [Int](repeating: -1, count: data.parties.count)
        for (i, ring) in rings.enumerated() { for v in ring { ringOf[Int(v)] = i } }
        var outside = Set<Int32>()
        var edgesIn: [Int32] = []          // supplier outside -> member, and inside the ring
        var buyers: [Int32: (parties: Set<Int32>, records: Int64, transfers: Int)] = [:]
        for (i, ring) in rings.enumerated() {
            for v in ring {
                for e in data.graph.inEdges(of: Int(v)) {
                    let u = data.transfers.from[Int(e)]
                    if ringOf[Int(u)] != i { outside.insert(u) }
                    edgesIn.append(e)
                }
                for e in data.graph.outEdges(of: Int(v)) {
                    let w = data.transfers.to[Int(e)]
                    if ringOf[Int(w)] == i { continue }
                    buyers[v, default: ([], 0, 0)].parties.insert(w)
                    buyers[v, default: ([], 0, 0)].records &+= data.transfers.records[Int(e)]
                    buyers[v, default: ([], 0, 0)].transfers += 1
                }
            }
        }
        for (i, ring) in rings.enumerated() {
            let records = edgesIn.filter { ringOf[Int(data.transfers.from[Int($0)])] == i && ringOf[Int(data.transfers.to[Int($0)])] == i }
                .reduce(Int64(0)) { $0 &+ data.transfers.records[Int($1)] }
            chart.clusters.append(Chart.Cluster(id: "cluster_ring_\(i + 1)", nodes: ring.map { "p\($0)" }, [
                ("label", "Ring \(i + 1): \(ring.count) parties, \(records.grouped) records passed inside"),
                ("style", "rounded,filled"), ("fillcolor", "#fff8e1"), ("color", "#ff8f00"), ("penwidth", "2"), ("fontsize", "12"),
            ]))
            for v in ring { chart.nodes.append(partyNode(context, Int(v))) }
        }
        for u in outside.sorted() { chart.nodes.append(partyNode(context, Int(u))) }
        let groups = EdgeGroup.collect(data, edges: edgesIn.sorted(), node: { $0 }, byCategory: false)
        let maxRecords = EdgeGroup.maxRecords(groups)
        var byPair: [Int64: EdgeGroup] = [:]
        for g in groups { byPair[Int64(g.from) << 32 | Int64(g.to)] = g }
        for g in groups {
            let inside = ringOf[Int(g.from)] >= 0 && ringOf[Int(g.from)] == ringOf[Int(g.to)]
            let back = byPair[Int64(g.to) << 32 | Int64(g.from)]
            if inside, let back {
                if g.from > g.to { continue }   // drawn once, from the lower vertex
                var both = g
                both.count += back.count; both.records &+= back.records; both.exchange += back.exchange
                both.first = min(g.first, back.first); both.last = max(g.last, back.last)
                for c in both.perCategory.indices { both.perCategory[c] &+= back.perCategory[c] }
                let a = context.naming.key(Int(g.from)), b = context.naming.key(Int(g.to))
                var e = edge(context, both, from: "p\(g.from)", to: "p\(g.to)", label: .none, maxRecords: maxRecords,
                             id: "e-p\(g.from)-p\(g.to)-both")
                e.attributes = e.attributes.map { $0.0 == "tooltip" ? ($0.0, "\(a) → \(b): " + g.tooltip(data) + "\n\(b) → \(a): " + back.tooltip(data)) : $0 }
                let kind = both.exchange > 0 ? "swap" : "both ways"
                e.attributes += [("dir", "both"), ("arrowtail", "normal"),
                                 ("label", "\(kind), \(context.monthRange(both.first, both.last))\n\(a)→\(b) \(g.records.grouped)\n\(b)→\(a) \(back.records.grouped)")]
                chart.edges.append(e)
            } else {
                chart.edges.append(edge(context, g, from: "p\(g.from)", to: "p\(g.to)", label: .short, maxRecords: maxRecords))
            }
        }
        for (v, b) in buyers.sorted(by: { $0.key < $1.key }) {
            let id = "buyers-p\(v)"
            chart.nodes.append(Chart.Node(id: id, [
                ("label", "→ \(b.parties.count) part\(b.parties.count == 1 ? "y" : "ies")\n\(b.records.grouped) records"),
                ("shape", "folder"), ("fillcolor", "#dbe9f6"), ("color", "#4a78a8"), ("fontsize", "10"),
                ("tooltip", "\(context.naming.tooltip(Int(v))) passes \(b.records.grouped) records in \(b.transfers) transfers to \(b.parties.count) parties outside the ring"),
            ]))
            chart.edges.append(Chart.Edge(id: "e-p\(v)-\(id)", from: "p\(v)", to: id, [
                ("penwidth", format2(0.6 + 4.4 * (Double(b.records).squareRoot() / Double(max(1, maxRecords)).squareRoot()).clamped(to: 0...1))),
                ("style", "dashed"), ("color", "#4a78a8aa"),
            ]))
        }
        if !rings.isEmpty {
            chart.attributes = chart.attributes.map { $0.0 == "label" ? ($0.0, $0.1 + "\ntwo-way edge: data passed both ways (swap when rows say exchange); dashed: passed on to parties outside the ring; edge width = records") : $0 }
        }
        return chart
    }
}

extension Double {
    func clamped(to range: ClosedRange<Double>) -> Double { Swift.min(range.upperBound, Swift.max(range.lowerBound, self)) }
}
