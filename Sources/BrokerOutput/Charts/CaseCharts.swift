import BrokerCase
import BrokerGraph

/// What every view needs: the case, the roles, how parties are named, and facts for short labels.
public struct ChartContext: Sendable {
    public let data: CaseData
    public let roles: [PartyRole]
    package let naming: PartyNaming
    /// The category with the most records: edge labels name a category only when it is another one.
    public let mainCategory: Category
    /// Whether every transfer falls in one calendar year (then labels show months without the year).
    public let singleYear: Bool

    /// - Complexity: O(parties + transfers).
    public init(_ data: CaseData, roles: [PartyRole]? = nil, redact: Bool = false) {
        self.data = data
        let roles = roles ?? PartyRole.all(data)
        self.roles = roles
        naming = PartyNaming(data, roles: roles, redact: redact)
        var perCategory = [Int64](repeating: 0, count: Category.allCases.count)
        for (i, c) in data.transfers.category.enumerated() { perCategory[c.sortIndex] &+= data.transfers.records[i] }
        mainCategory = Category.allCases[perCategory.indices.max { perCategory[$0] < perCategory[$1] || (perCategory[$0] == perCategory[$1] && $0 > $1) } ?? 0]
        let first = data.transfers.time.earliest.min().map { data.date($0).prefix(4) }
        let last = data.transfers.time.latest.max().map { data.date($0).prefix(4) }
        singleYear = first == last
    }

    /// `Feb`, `Feb–Jun`, or with years when the case spans more than one: `2025-11–2026-02`.
    func monthRange(_ first: Int64, _ last: Int64) -> String {
        let a = String(data.date(first).prefix(7)), b = String(data.date(last).prefix(7))
        func short(_ month: String) -> String {
            singleYear ? CaseCharts.monthNames[(Int(month.suffix(2)) ?? 1) - 1] : month
        }
        return a == b ? short(a) : "\(short(a))–\(short(b))"
    }
}

/// Link charts of a case. Each view is a function returning a `Chart` (see the files
/// `Overview.swift`, `RingChart.swift`, `EgoChart.swift`, `TimelineChart.swift`); this file holds the
/// marks they share and the chain view.
public enum CaseCharts {
    /// Above this many parties the overview folds end users (see `Folding`): about what fits on
    /// a printed page with readable labels.
    public static let overviewLimit = 80

    /// At most this many nodes after folding are drawn with `dot` (layered, left to right): `dot`
    /// takes seconds at 100 nodes and minutes at 300 on this machine kind; above it `sfdp`.
    public static let dotLimit = 80
    /// `dot` is also kept off pictures with more edges than this (it stalls on dense ones).
    public static let dotEdgeLimit = 400

    /// The overview draws at most this many nodes (see `Folding` step 2, which keeps at most
    /// `keepTop` parties single) and `maxEdges` edges, the strongest by records: beyond that a
    /// picture of a case is a hairball nobody can read. `render --full` draws everything.
    public static let maxNodes = 150
    public static let keepTop = 100
    public static let maxEdges = 400

    /// The font used for every label; fontconfig falls back to any installed CJK font.
    static let font = "WenQuanYi Zen Hei"

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// For one party, every chain that reaches it and every chain that leaves it, drawn together.
    /// - Complexity: that of two chain searches (`Chains.longest`) plus the chart size.
    public static func chains(_ context: ChartContext, party: Int32, limit: Int = 30) -> Chart {
        let data = context.data
        let upstream = ChainsReport(data, to: party, limit: limit)
        let downstream = ChainsReport(data, from: party, limit: limit)
        var edges = Set<Int32>()
        for chain in upstream.chains + downstream.chains { edges.formUnion(chain.edges) }
        var vertices = Set<Int32>([party])
        for e in edges { vertices.insert(data.transfers.from[Int(e)]); vertices.insert(data.transfers.to[Int(e)]) }
        let v = Int(party)
        var chart = base(engine: "dot", title: "Chains through \(context.naming.name(v)) (\(context.naming.key(v))): \(upstream.chains.count) in, \(downstream.chains.count) out")
        for w in vertices.sorted() {
            var node = partyNode(context, Int(w))
            if w == party { node.attributes += [("penwidth", "3"), ("color", "#000000")] }
            chart.nodes.append(node)
        }
        let groups = EdgeGroup.collect(data, edges: edges.sorted(), node: { $0 }, byCategory: true)
        chart.edges = groups.map { edge(context, $0, from: "p\($0.from)", to: "p\($0.to)", label: .full, maxRecords: EdgeGroup.maxRecords(groups)) }
        addLegend(&chart, categories: false)
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

    static func partyNode(_ context: ChartContext, _ v: Int) -> Chart.Node {
        Chart.Node(id: "p\(v)", [("label", context.naming.label(v)), ("tooltip", context.naming.tooltip(v))]
            + marks(context.roles[v].role))
    }

    /// A node standing for a folded group of parties.
    static func groupNode(_ context: ChartContext, id: String, role: Role, anchor: Int32?, count: Int, records: Int64) -> Chart.Node {
        let what = role == .endUser ? "records received" : "records in + out"
        let near = anchor.map { " next to \(context.naming.tooltip(Int($0)))" } ?? " not connected to a party drawn singly"
        let tip = role == .endUser && anchor != nil
            ? "\(count) end users who receive only from (or next to) \(context.naming.tooltip(Int(anchor!)))"
            : "\(count) \(role.plural)\(near)"
        var marks = marks(role)
        if role == .endUser { marks[0] = ("shape", "folder") }
        if role == .broker || role == .source { marks[0] = ("shape", "box3d") }
        return Chart.Node(id: id, [("label", "\(count) \(role.plural)\n\(records.grouped) \(what)"), ("tooltip", tip)] + marks)
    }

    /// How much an edge label says.
    enum EdgeLabel { case full, short, none }

    /// An edge for a group of transfers: width by records, colour by its main category, a label
    /// (`full`: category, records, dates; `short`: records and months, the category only when it is not
    /// the case's main one), and a tooltip with the rows behind it (ids, dates, counts).
    static func edge(_ context: ChartContext, _ group: EdgeGroup, from: String, to: String, label: EdgeLabel,
                     maxRecords: Int64, id: String? = nil) -> Chart.Edge {
        let data = context.data
        let category = group.mainCategory
        let width = 0.6 + 4.4 * (Double(group.records).squareRoot() / Double(max(1, maxRecords)).squareRoot())
        var attributes: [(String, String)] = [("penwidth", format2(width)), ("tooltip", group.tooltip(data)),
                                              ("color", color(category))]
        switch label {
        case .full:
            let a = data.date(group.first), b = data.date(group.last)
            attributes.insert(("label", "\(category.rawValue) \(group.records.grouped)\n\(a == b ? a : "\(a)..\(b)")"), at: 0)
        case .short:
            let what = category == context.mainCategory ? "" : "\(category.rawValue) "
            attributes.insert(("label", "\(what)\(group.records.grouped) \(context.monthRange(group.first, group.last))"), at: 0)
        case .none: break
        }
        return Chart.Edge(id: id ?? "e-\(from)-\(to)" + (group.category.map { "-\($0.rawValue)" } ?? ""), from: from, to: to, attributes)
    }

    static func color(_ category: Category) -> String {
        switch category {
        case .property: "#c62828cc"
        case .realEstate: "#ad1457cc"
        case .other: "#757575cc"
        case .credit: "#6a1b9acc"
        case .accommodation: "#2e7d32cc"
        case .communicationRecord, .communicationContent: "#1565c0cc"
        case .whereabouts: "#ef6c00cc"
        case .health: "#00838fcc"
        case .transaction: "#4e342ecc"
        }
    }

    /// A legend cluster: the role marks and, when asked, the colours of the categories present.
    static func addLegend(_ chart: inout Chart, categories: Bool, present: [Category] = [], note: String? = nil) {
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
        if categories {
            for category in present {
                let id = "legend-\(category.rawValue)"
                ids.append(id)
                chart.nodes.append(Chart.Node(id: id, [
                    ("label", category.rawValue), ("shape", "box"), ("style", "filled,rounded"), ("fontsize", "10"),
                    ("fillcolor", color(category)), ("fontcolor", "white"), ("color", color(category)),
                ]))
            }
        }
        chart.clusters.append(Chart.Cluster(id: "cluster_legend", nodes: ids, [
            ("label", note ?? "Legend: edge width = records; label = category, records, dates"), ("fontsize", "10"),
            ("style", "rounded"), ("color", "#bdbdbd"),
        ]))
    }

    static func format2(_ x: Double) -> String {
        let hundredths = Int((x * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }
}

struct EdgeKey: Hashable { var a: Int32; var b: Int32; var c: Int }

/// The transfers between two nodes of a picture (one category, or all), summed up.
struct EdgeGroup {
    var from: Int32
    var to: Int32
    /// Set when the groups are split by category.
    var category: Category?
    var count = 0
    var records: Int64 = 0
    var first = Int64.max
    var last = Int64.min
    var perCategory = [Int64](repeating: 0, count: Category.allCases.count)
    /// The first rows (by edge id), for the tooltip.
    var rows: [Int32] = []
    var exchange = 0

    static let shownRows = 12

    var mainCategory: Category {
        category ?? Category.allCases[perCategory.indices.max { perCategory[$0] < perCategory[$1] || (perCategory[$0] == perCategory[$1] && $0 > $1) }!]
    }

    mutating func add(_ data: CaseData, _ e: Int) {
        let t = data.transfers
        count += 1
        records &+= t.records[e]
        first = min(first, t.time[e].earliest)
        last = max(last, t.time[e].latest)
        perCategory[t.category[e].sortIndex] &+= t.records[e]
        if t.mode[e] == .exchange { exchange += 1 }
        if rows.count < EdgeGroup.shownRows { rows.append(Int32(e)) }
    }

    /// The rows behind the edge: totals, then one line per row (id, date, records, category, mode, amount).
    func tooltip(_ data: CaseData) -> String {
        let t = data.transfers
        let a = data.date(first), b = data.date(last)
        var lines = ["\(count) transfer\(count == 1 ? "" : "s"), \(records.grouped) records, \(a == b ? a : "\(a)..\(b)")"]
        let categories = Category.allCases.filter { perCategory[$0.sortIndex] > 0 }
        if categories.count > 1 { lines.append(categories.map { "\($0.rawValue) \(perCategory[$0.sortIndex].grouped)" }.joined(separator: ", ")) }
        for r in rows {
            let e = Int(r)
            var line = "\(t.label[e]) \(data.date(t.time[e].earliest)) \(t.records[e]) \(t.category[e].rawValue) \(t.mode[e].rawValue)"
            if let fen = t.amountFen[e] { line += " \(Number.yuan(fen)) yuan" }
            lines.append(line)
        }
        if count > rows.count { lines.append("… \(count - rows.count) more") }
        return lines.joined(separator: "\n")
    }

    /// Groups `edges` by (node of from, node of to[, category]), dropping edges inside one node.
    /// Ordered by (from, to, category): deterministic.
    /// - Complexity: O(edges) expected.
    static func collect<S: Sequence>(_ data: CaseData, edges: S, node: (Int32) -> Int32, byCategory: Bool) -> [EdgeGroup] where S.Element == Int32 {
        var index: [EdgeKey: Int] = [:]
        var groups: [EdgeGroup] = []
        let t = data.transfers
        for e32 in edges {
            let e = Int(e32)
            let a = node(t.from[e]), b = node(t.to[e])
            if a == b || a < 0 || b < 0 { continue }
            let c = byCategory ? t.category[e].sortIndex : 0
            let key = EdgeKey(a: a, b: b, c: c)
            if let i = index[key] {
                groups[i].add(data, e)
            } else {
                index[key] = groups.count
                var g = EdgeGroup(from: a, to: b, category: byCategory ? t.category[e] : nil)
                g.add(data, e)
                groups.append(g)
            }
        }
        return groups.sorted { ($0.from, $0.to, $0.category?.sortIndex ?? 0) < ($1.from, $1.to, $1.category?.sortIndex ?? 0) }
    }

    static func maxRecords(_ groups: [EdgeGroup]) -> Int64 { groups.map(\.records).max() ?? 1 }
}

extension Category {
    /// Position in `allCases`.
    public var sortIndex: Int { Category.allCases.firstIndex(of: self)! }
}

extension Int64 {
    /// With thousands separators: 4,120.
    public var grouped: String {
        let digits = String(self.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return self < 0 ? "-" + out : out
    }
}
