import BrokerCase
import BrokerGraph

extension CaseCharts {
    /// At most this many nodes in a timeline (parties and folded groups): the layered layout with
    /// rank constraints gets slow above it. Larger cases fold (see `Folding`) to `timelineKeep` parties.
    public static let timelineLimit = 80
    public static let timelineKeep = 50
    /// Parties per column: a month with more gets several columns.
    public static let timelineColumn = 10

    /// The spread of the data over time, left to right by month.
    ///
    /// One column per calendar month (case time zone), headed by the month with its transfers and
    /// records. Each party stands in the column of the month it first appears: when it first receives
    /// data, or, for a party that never receives (an origin, a source), when it first passes data on.
    /// Edges join supplier and receiver (one per pair; the rows, dates and counts in the tooltip) and
    /// do not move the columns, so a viewer reads who had the data by when.
    /// - Complexity: O(parties log parties + transfers).
    public static func timeline(_ context: ChartContext) -> Chart {
        let data = context.data
        let t = data.transfers
        let folding = Folding(data, roles: context.roles, foldAbove: timelineLimit, maxNodes: timelineLimit, keepTop: timelineKeep)
        func month(_ seconds: Int64) -> String { String(data.date(seconds).prefix(7)) }
        // First appearance per node: first time received, else first time passed on.
        var firstIn = [Int64](repeating: .max, count: folding.nodes.count)
        var firstOut = [Int64](repeating: .max, count: folding.nodes.count)
        var perMonth: [String: (transfers: Int, records: Int64)] = [:]
        for e in 0..<t.count {
            let a = Int(folding.nodeOf[Int(t.from[e])]), b = Int(folding.nodeOf[Int(t.to[e])])
            firstOut[a] = min(firstOut[a], t.time[e].earliest)
            firstIn[b] = min(firstIn[b], t.time[e].earliest)
            perMonth[month(t.time[e].earliest), default: (0, 0)].transfers += 1
            perMonth[month(t.time[e].earliest), default: (0, 0)].records &+= t.records[e]
        }
        let months = fillMonths(perMonth.keys.sorted())
        var title = "Timeline: who had the data by when (\(t.count) transfers, \(months.first ?? "-") .. \(months.last ?? "-"))"
        if folding.level > 0 { title += "\n(large case: \(folding.nodes.count) nodes after folding; see the overview's folding rule)" }
        var chart = base(engine: "dot", title: title)
        chart.attributes += [("newrank", "true"), ("ranksep", "0.5"), ("nodesep", "0.2")]
        chart.edgeDefaults += [("fontsize", "8"), ("fontcolor", "#424242")]
        var column: [String: [String]] = [:]
        for (i, node) in folding.nodes.enumerated() {
            let first = firstIn[i] != .max ? firstIn[i] : firstOut[i]
            guard first != .max else { continue }   // isolated parties take no part in the timeline
            let id = folding.id(i)
            switch node {
            case .party(let v): chart.nodes.append(partyNode(context, Int(v)))
            case .group(let role, let anchor, let count, let records, _):
                chart.nodes.append(groupNode(context, id: id, role: role, anchor: anchor, count: count, records: records))
            }
            column[month(first), default: []].append(id)
        }
        // Each month is one or more columns of at most `timelineColumn` nodes, held in place by a chain
        // of column anchors (the month's header heads its first column; the others are invisible).
        var previous: String?
        for m in months {
            let stats = perMonth[m] ?? (0, 0)
            let members = column[m] ?? []
            let chunks = stride(from: 0, to: max(1, members.count), by: timelineColumn).map {
                Array(members[min($0, members.count)..<min($0 + timelineColumn, members.count)])
            }
            for (k, chunk) in chunks.enumerated() {
                let anchor = k == 0 ? "month-\(m)" : "month-\(m)-\(k + 1)"
                if k == 0 {
                    chart.nodes.append(Chart.Node(id: anchor, [
                        ("label", "\(m)\n\(stats.transfers) transfers\n\(stats.records.grouped) records"),
                        ("shape", "box"), ("style", "filled,bold"), ("fillcolor", "#263238"), ("fontcolor", "white"), ("fontsize", "12"),
                        ("tooltip", "\(m): \(stats.transfers) transfers, \(stats.records.grouped) records; \(members.count) parties first appear"),
                    ]))
                } else {
                    chart.nodes.append(Chart.Node(id: anchor, [("label", ""), ("style", "invis"), ("width", "0.1"), ("height", "0.1")]))
                }
                chart.ranks.append(.init(id: "rank_\(anchor)", rank: "same", nodes: [anchor] + chunk))
                if let previous {
                    let visible = k == 0
                    chart.edges.append(Chart.Edge(id: "\(previous)-\(anchor)", from: previous, to: anchor,
                                                  visible ? [("style", "bold"), ("color", "#263238"), ("weight", "100"), ("arrowhead", "none"), ("penwidth", "3")]
                                                          : [("style", "invis"), ("weight", "100")]))
                }
                previous = anchor
            }
        }
        let groups = EdgeGroup.collect(data, edges: 0..<Int32(t.count), node: { folding.nodeOf[Int($0)] }, byCategory: false)
        let maxRecords = EdgeGroup.maxRecords(groups)
        for g in groups {
            var e = edge(context, g, from: folding.id(Int(g.from)), to: folding.id(Int(g.to)), label: .none, maxRecords: maxRecords)

            e.attributes += [("constraint", "false")]
            chart.edges.append(e)
        }
        return chart
    }

    /// The months from the first to the last, with the empty ones in between (`YYYY-MM`).
    static func fillMonths(_ months: [String]) -> [String] {
        guard let first = months.first, let last = months.last,
              var y = Int(first.prefix(4)), var m = Int(first.suffix(2)) else { return months }
        var out: [String] = []
        while out.count < 1_200 {
            let text = "\(y)-\(m < 10 ? "0" : "")\(m)"
            out.append(text)
            if text >= last { break }
            m += 1
            if m > 12 { m = 1; y += 1 }
        }
        return out
    }
}
