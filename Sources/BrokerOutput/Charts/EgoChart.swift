import BrokerCase
import BrokerGraph

extension CaseCharts {
    /// At most this many parties in an ego picture: the nearest ones (fewest hops, then position in
    /// the case) are kept, the cut is said in the title.
    public static let egoLimit = 150

    /// A party and its neighbours up to `depth` hops away (edge direction ignored), with every
    /// transfer among them, one edge per (supplier, receiver, category).
    /// - Complexity: O(parties + transfers) for the search; the picture holds at most `egoLimit` parties.
    public static func ego(_ context: ChartContext, party: Int32, depth: Int) -> Chart {
        let data = context.data
        var distance = [Int32](repeating: -1, count: data.parties.count)
        distance[Int(party)] = 0
        var order: [Int32] = [party]
        var head = 0
        while head < order.count {
            let v = Int(order[head]); head += 1
            if distance[v] >= depth { continue }
            var next = Array(data.graph.successors(of: v)) + Array(data.graph.predecessors(of: v))
            next.sort()
            for w in next where distance[Int(w)] < 0 {
                distance[Int(w)] = distance[v] + 1
                order.append(w)
            }
        }
        let reached = order.count
        let kept = Array(order.prefix(egoLimit))
        var inPicture = [Bool](repeating: false, count: data.parties.count)
        for v in kept { inPicture[Int(v)] = true }
        let v = Int(party)
        var title = "\(context.naming.name(v).isEmpty ? context.naming.key(v) : context.naming.name(v)) (\(context.naming.key(v))) and neighbours up to \(depth) hop\(depth == 1 ? "" : "s"): \(kept.count) parties"
        if reached > kept.count { title += " (the \(kept.count) nearest of \(reached))" }
        var edges: [Int32] = []
        for w in kept { for e in data.graph.outEdges(of: Int(w)) where inPicture[Int(data.transfers.to[Int(e)])] { edges.append(e) } }
        edges.sort()
        let groups = EdgeGroup.collect(data, edges: edges, node: { $0 }, byCategory: true)
        let layered = kept.count <= dotLimit && groups.count <= dotEdgeLimit
        var chart = base(engine: layered ? "dot" : "sfdp", title: title)
        if !layered { chart.attributes += [("K", "0.8")] }
        for w in kept.sorted() {
            var node = partyNode(context, Int(w))
            if w == party { node.attributes += [("penwidth", "3"), ("color", "#000000")] }
            chart.nodes.append(node)
        }
        let maxRecords = EdgeGroup.maxRecords(groups)
        chart.edges = groups.map { edge(context, $0, from: "p\($0.from)", to: "p\($0.to)", label: layered ? .short : .none, maxRecords: maxRecords) }
        if layered { addLegend(&chart, categories: false, note: "Legend: edge width = records; label = records and months; hover for the rows") }
        return chart
    }
}
