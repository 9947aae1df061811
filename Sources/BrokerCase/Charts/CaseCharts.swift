import BrokerGraph

/// Link charts of a case: the overview and a party's chains.
public enum CaseCharts {
    /// Above this many parties the overview folds end users and switches to the `sfdp` layout.
    public static let overviewLimit = 120

    /// Above this many nodes (after folding) the layout is `sfdp`: `dot` takes seconds at 100 nodes
    /// and minutes at 300 on this machine kind.
    public static let dotLimit = 80

    /// The font used for every label; fontconfig falls back to any installed CJK font.
    static let font = "WenQuanYi Zen Hei"

    /// Sources, brokers and end users told apart by shape and colour; edges are drawn per
    /// (supplier, receiver, category) with width by records and a label with the category, the
    /// records and the date range; a legend explains the marks.
    ///
    /// When the case has more than `overviewLimit` parties, end users that receive from one
    /// supplier only are folded, per supplier, into one node ("37 end users, 4,120 records"), and
    /// the layout switches to `sfdp`, which stays fast where `dot` stalls.
    /// - Complexity: O(parties + transfers) to build; layout cost is Graphviz's.
    public static func overview(_ data: CaseData, roles: [PartyRole]) -> Chart {
        let n = data.parties.count
        let fold = n > overviewLimit
        // Folded end users map to a group node named after their single supplier.
        var groupOf = [Int32](repeating: -1, count: n)
        if fold {
            for v in 0..<n where roles[v].role == .endUser {
                let suppliers = Set(data.graph.predecessors(of: v))
                if suppliers.count == 1 { groupOf[v] = suppliers.first! }
            }
        }
        var chart = base(engine: "dot", title: "Overview: \(n) parties, \(data.transfers.count) transfers")
        var groupMembers: [Int32: (count: Int, records: Int64)] = [:]
        for v in 0..<n where groupOf[v] >= 0 {
            groupMembers[groupOf[v], default: (0, 0)].count += 1
            groupMembers[groupOf[v], default: (0, 0)].records += roles[v].inRecords
        }
        for v in 0..<n where groupOf[v] < 0 {
            chart.nodes.append(partyNode(data, v, role: roles[v].role))
        }
        for (supplier, group) in groupMembers.sorted(by: { $0.key < $1.key }) {
            chart.nodes.append(Chart.Node(id: "g\(supplier)", [
                ("label", "\(group.count) end users\n\(group.records.grouped) records"),
                ("shape", "folder"), ("style", "filled"), ("fillcolor", "#dbe9f6"), ("color", "#4a78a8"),
                ("tooltip", "end users who receive only from \(data.parties[Int(supplier)].name)"),
            ]))
        }
        let nodeID: (Int32) -> String = { groupOf[Int($0)] >= 0 ? "g\(groupOf[Int($0)])" : "p\($0)" }
        chart.edges = aggregatedEdges(data, edges: Array(0..<Int32(data.transfers.count)), nodeID: nodeID)
        chart.engine = chart.nodes.count > dotLimit ? "sfdp" : "dot"
        addLegend(&chart)
        return chart
    }

    /// For one party, every chain that reaches it and every chain that leaves it, drawn together.
    /// - Complexity: that of two chain searches (`Chains.longest`) plus the chart size.
    public static func chains(_ data: CaseData, roles: [PartyRole], party: Int32, limit: Int = 30) -> Chart {
        let upstream = ChainsReport(data, to: party, limit: limit)
        let downstream = ChainsReport(data, from: party, limit: limit)
        var edges = Set<Int32>()
        for chain in upstream.chains + downstream.chains { edges.formUnion(chain.edges) }
        var vertices = Set<Int32>([party])
        for e in edges { vertices.insert(data.transfers.from[Int(e)]); vertices.insert(data.transfers.to[Int(e)]) }
        let p = data.parties[Int(party)]
        var chart = base(engine: "dot", title: "Chains through \(p.name) (\(p.key)): \(upstream.chains.count) in, \(downstream.chains.count) out")
        for v in vertices.sorted() {
            var node = partyNode(data, Int(v), role: roles[Int(v)].role)
            if v == party { node.attributes += [("penwidth", "3"), ("color", "#000000")] }
            chart.nodes.append(node)
        }
        chart.edges = aggregatedEdges(data, edges: edges.sorted(), nodeID: { "p\($0)" })
        addLegend(&chart)
        return chart
    }

    static func base(engine: String, title: String) -> Chart {
        Chart(engine: engine,
              attributes: [("rankdir", "LR"), ("label", title), ("labelloc", "t"), ("fontname", font),
                           ("fontsize", "16"), ("overlap", "prism"), ("splines", "true"), ("outputorder", "edgesfirst"),
                           ("bgcolor", "white"), ("nodesep", "0.3"), ("ranksep", "0.9")],
              nodeDefaults: [("fontname", font), ("fontsize", "11"), ("style", "filled")],
              edgeDefaults: [("fontname", font), ("fontsize", "9"), ("color", "#55555599"), ("arrowsize", "0.7")])
    }

    /// Marks per role: shape, fill, border.
    static func marks(_ role: Role) -> [(String, String)] {
        switch role {
        case .origin: [("shape", "cylinder"), ("fillcolor", "#e0e0e0"), ("color", "#616161")]
        case .source: [("shape", "doubleoctagon"), ("fillcolor", "#f4b6b6"), ("color", "#b71c1c")]
        case .broker: [("shape", "diamond"), ("fillcolor", "#ffd59e"), ("color", "#e65100")]
        case .endUser: [("shape", "ellipse"), ("fillcolor", "#dbe9f6"), ("color", "#4a78a8")]
        case .isolated: [("shape", "plaintext"), ("fillcolor", "white"), ("color", "#9e9e9e")]
        }
    }

    static func partyNode(_ data: CaseData, _ v: Int, role: Role) -> Chart.Node {
        let party = data.parties[v]
        let label = party.name == party.key ? party.name : "\(party.name)\n\(party.key)"
        var tooltip = "\(party.name) (\(party.key)), \(role.rawValue)"
        if let occupation = party.occupation { tooltip += ", \(occupation)" }
        if let organization = party.organization { tooltip += ", \(organization)" }
        return Chart.Node(id: "p\(v)", [("label", label), ("tooltip", tooltip)] + marks(role))
    }

    /// One edge per (from node, to node, category): width by records, label with count and dates,
    /// tooltip listing the rows behind it.
    static func aggregatedEdges(_ data: CaseData, edges: [Int32], nodeID: (Int32) -> String) -> [Chart.Edge] {
        struct Key: Hashable { var from: String; var to: String; var category: Category }
        var groups: [Key: [Int32]] = [:]
        var order: [Key] = []
        let t = data.transfers
        for e in edges {
            let key = Key(from: nodeID(t.from[Int(e)]), to: nodeID(t.to[Int(e)]), category: t.category[Int(e)])
            if key.from == key.to { continue }
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(e)
        }
        let maxRecords = max(1, groups.values.map { $0.reduce(Int64(0)) { $0 + t.records[Int($1)] } }.max() ?? 1)
        return order.map { key in
            let rows = groups[key]!
            let records = rows.reduce(Int64(0)) { $0 + t.records[Int($1)] }
            let first = rows.map { t.time[Int($0)].earliest }.min()!
            let last = rows.map { t.time[Int($0)].latest }.max()!
            let dates = data.date(first) == data.date(last) ? data.date(first) : "\(data.date(first))..\(data.date(last))"
            let width = 0.6 + 4.4 * (Double(records).squareRoot() / Double(maxRecords).squareRoot())
            let shown = rows.prefix(12).map { "\(t.label[Int($0)]) \(data.date(t.time[Int($0)].earliest)) \(t.records[Int($0)])" }
            let tooltip = "\(key.category.rawValue): \(rows.count) transfer\(rows.count == 1 ? "" : "s"), \(records.grouped) records\n"
                + shown.joined(separator: "\n") + (rows.count > 12 ? "\n… \(rows.count - 12) more" : "")
            return Chart.Edge(id: "e-\(key.from)-\(key.to)-\(key.category.rawValue)", from: key.from, to: key.to, [
                ("label", "\(key.category.rawValue) \(records.grouped)\n\(dates)"),
                ("penwidth", String(format2(width))), ("tooltip", tooltip),
                ("color", color(key.category)),
            ])
        }
    }

    static func color(_ category: Category) -> String {
        switch category {
        case .property: "#c62828cc"
        case .other: "#757575cc"
        case .credit: "#6a1b9acc"
        case .accommodation: "#2e7d32cc"
        case .communicationRecord, .communicationContent: "#1565c0cc"
        case .whereabouts: "#ef6c00cc"
        case .health: "#00838fcc"
        case .transaction: "#4e342ecc"
        }
    }

    static func addLegend(_ chart: inout Chart) {
        var ids: [String] = []
        for role in [Role.origin, .source, .broker, .endUser] {
            let id = "legend-\(role.rawValue)"
            ids.append(id)
            let label = switch role {
            case .origin: "origin (system harvested)"
            case .source: "source / insider"
            case .broker: "broker (buys and resells)"
            case .endUser: "end user"
            case .isolated: "isolated"
            }
            chart.nodes.append(Chart.Node(id: id, [("label", label), ("fontsize", "10")] + marks(role)))
        }
        chart.clusters.append(Chart.Cluster(id: "cluster_legend", nodes: ids, [
            ("label", "Legend: edge width = records; label = category, records, dates"), ("fontsize", "10"),
            ("style", "rounded"), ("color", "#bdbdbd"),
        ]))
    }

    static func format2(_ x: Double) -> String {
        let hundredths = Int((x * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }
}

extension Int64 {
    /// With thousands separators: 4,120.
    var grouped: String {
        let digits = String(self.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return self < 0 ? "-" + out : out
    }
}
