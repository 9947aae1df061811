import BrokerCase
import BrokerGraph

extension CaseCharts {
    /// The whole case on one page.
    ///
    /// Parties are told apart by shape and colour per role and, in the layered (`dot`) layout,
    /// ranked left to right: origins first, then sources, brokers by how far down the trade they
    /// sit, end users last. One edge per (supplier, receiver): width by records, colour by the main
    /// category, a short label (records and months; the category only when it is not the case's
    /// main one), and a tooltip with the rows behind it.
    ///
    /// Large cases are folded (see `Folding`: above `overviewLimit` parties, then to at most
    /// `maxNodes` nodes) and drawn with `sfdp` (above `dotLimit` nodes or `dotEdgeLimit` edges),
    /// without edge labels (the rows stay in the tooltips). Edges are aggregated before layout, so a
    /// hub with thousands of suppliers gives one edge per supplier node, never one per transfer; of
    /// those, the `maxEdges` with the most records are drawn, and the title says how many were left
    /// out and below which number of records. With `full`, every party and every edge is drawn.
    /// - Complexity: O(parties log parties + transfers) to build; layout cost is Graphviz's.
    public static func overview(_ context: ChartContext, full: Bool = false) -> Chart {
        let data = context.data
        let folding = full
            ? Folding(data, roles: context.roles, foldAbove: .max, maxNodes: .max, keepTop: .max)
            : Folding(data, roles: context.roles, foldAbove: overviewLimit, maxNodes: maxNodes, keepTop: keepTop)
        var groups = EdgeGroup.collect(data, edges: 0..<Int32(data.transfers.count), node: { folding.nodeOf[Int($0)] }, byCategory: false)
        var leftOut: (edges: Int, records: Int64, threshold: Int64)?
        if !full && groups.count > maxEdges {
            // The strongest edges by records; ties by the order edges were collected in.
            let order = groups.indices.sorted { groups[$0].records != groups[$1].records ? groups[$0].records > groups[$1].records : $0 < $1 }
            let keep = Set(order.prefix(maxEdges))
            let dropped = order.dropFirst(maxEdges)
            leftOut = (dropped.count, dropped.reduce(Int64(0)) { $0 &+ groups[$1].records }, groups[order[maxEdges - 1]].records)
            groups = groups.indices.filter { keep.contains($0) }.map { groups[$0] }
        }
        let layered = folding.nodes.count <= dotLimit && groups.count <= dotEdgeLimit
        let summary = CaseSummary(data)
        var title = "Overview: \(summary.parties) parties, \(summary.transfers) transfers, \(summary.records.grouped) records"
        if let first = summary.first, let last = summary.last { title += ", \(first) .. \(last)" }
        switch folding.level {
        case 1: title += "\n(end users who receive from one supplier only are folded into one node per supplier)"
        case 2: title += "\n(the \(folding.kept) parties with the most records drawn singly; the others grouped by role next to the nearest of them)"
        default: break
        }
        if let leftOut {
            let drawn = "\(groups.count) strongest links drawn, each of at least \(leftOut.threshold.grouped) records"
            let dropped = "\(Int64(leftOut.edges).grouped) weaker links with \(leftOut.records.grouped) records left out"
            title += "\n(\(drawn); \(dropped): render --full draws them)"
        }
        var chart = base(engine: layered ? "dot" : "sfdp", title: title)
        if layered {
            chart.attributes += [("newrank", "true"), ("ranksep", "1.1"), ("nodesep", "0.18")]
        } else {
            chart.attributes = chart.attributes.filter { $0.0 != "splines" && $0.0 != "overlap" }
            chart.attributes += [("splines", "false"), ("overlap", "prism"), ("overlap_scaling", "-4"), ("K", "0.6"),
                                 ("repulsiveforce", "1.5"), ("smoothing", "none")]
        }
        var byRole: [Role: [String]] = [:]
        for i in folding.nodes.indices {
            let id = folding.id(i)
            switch folding.nodes[i] {
            case .party(let v):
                chart.nodes.append(partyNode(context, Int(v)))
                byRole[context.roles[Int(v)].role, default: []].append(id)
            case .group(let role, let anchor, let count, let records, _):
                chart.nodes.append(groupNode(context, id: id, role: role, anchor: anchor, count: count, records: records))
                byRole[role, default: []].append(id)
            }
        }
        let maxRecords = EdgeGroup.maxRecords(groups)
        let label: EdgeLabel = layered ? .short : .none   // force-directed layouts place labels on top of each other
        chart.edges = groups.map {
            edge(context, $0, from: folding.id(Int($0.from)), to: folding.id(Int($0.to)), label: label, maxRecords: maxRecords)
        }
        if layered {
            chart.edgeDefaults += [("fontsize", "8"), ("fontcolor", "#424242")]
            // Origins first, sources next, end users last; brokers fall in between by their position in the trade.
            if let origins = byRole[.origin] { chart.ranks.append(.init(id: "rank_origins", rank: "min", nodes: origins)) }
            // (Sources are not forced onto one rank: swaps between them would be flat edges with labels,
            // on which Graphviz 2.43's in-process dot corrupts its heap.)
            if let endUsers = byRole[.endUser] { chart.ranks.append(.init(id: "rank_end_users", rank: "max", nodes: endUsers)) }
            let present = Category.allCases.filter { c in groups.contains { $0.perCategory[c.sortIndex] > 0 } }
            addLegend(&chart, categories: true, present: present,
                      note: "Legend: edge width = records; label = records and months (category named when not \(context.mainCategory.rawValue)); hover for the rows")
        } else {
            chart.attributes = chart.attributes.map { $0.0 == "label" ? ($0.0, $0.1 + "\nshapes: cylinder = origin, double octagon = source, diamond = broker, ellipse = end user, folder/box = folded group; edge width = records; hover for the rows") : $0 }
        }
        return chart
    }
}
