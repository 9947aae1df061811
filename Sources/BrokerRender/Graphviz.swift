import BrokerCase
import BrokerOutput
import CGraphviz
import Foundation

/// Output formats.
public enum RenderFormat: String, Sendable, CaseIterable {
    case svg, png, pdf, dot
}

/// Errors from layout and rendering.
public struct RenderError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Lays out and renders charts in-process through Graphviz's C library: the chart is written as DOT
/// text (deterministic: same chart, same bytes), cgraph reads it, gvc lays it out and renders it.
/// This file is the only one that imports Graphviz.
///
/// Why text and not cgraph's API: cgraph orders named subgraphs by the address of their interned
/// names, so a graph built through the API writes clusters in a different order from run to run, and
/// dot in Graphviz 2.43 lays out some API-built graphs differently from the same graph read from text.
///
/// Graphviz is not reentrant: one context for the process, every call under one lock.
public final class GraphvizRenderer: @unchecked Sendable {
    public static let shared = GraphvizRenderer()
    private let context: OpaquePointer
    private let lock = NSLock()

    private init() {
        context = gvContext()
    }

    deinit { gvFreeContext(context) }

    /// Renders `chart` to bytes in `format`. `dot` gives the DOT source without layout, so the same
    /// chart always gives the same bytes.
    public func render(_ chart: Chart, format: RenderFormat) throws -> [UInt8] {
        let text = GraphvizRenderer.dot(chart)
        if format == .dot { return Array(text.utf8) }
        lock.lock()
        defer { lock.unlock() }
        guard let graph = text.withCString({ agmemread($0) }) else {
            throw RenderError(message: "Graphviz could not read the graph")
        }
        defer { agclose(graph) }
        guard gvLayout(context, graph, chart.engine) == 0 else {
            throw RenderError(message: "Graphviz layout '\(chart.engine)' failed (are Graphviz's plugins registered? run scripts/setup.sh)")
        }
        defer { gvFreeLayout(context, graph) }
        var data: UnsafeMutablePointer<CChar>?
        var length = 0
        let device = format == .png ? "png:cairo" : format == .pdf ? "pdf:cairo" : "svg"
        guard cgraphviz_render_data(context, graph, device, &data, &length) == 0, let data else {
            throw RenderError(message: "Graphviz could not render \(format.rawValue)")
        }
        defer { gvFreeRenderData(data) }
        return Array(UnsafeRawBufferPointer(start: data, count: length))
    }

    /// Text for a Graphviz attribute: backslashes doubled (Graphviz reads `\N`, `\n`, `\l` as escapes
    /// in labels), line breaks as `\n`, control characters dropped (SVG is XML), and in text that
    /// Graphviz shows (labels, tooltips) `&` as an entity (it decodes entities there).
    static func escaped(_ text: String, key: String) -> String {
        let shown = ["label", "tooltip", "xlabel", "headlabel", "taillabel", "URL", "comment"].contains(key)
        let control: (Character) -> Bool = { $0.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } }
        guard text.contains(where: { $0 == "\\" || $0 == "&" || $0.isNewline || control($0) }) else { return text }
        var out = ""
        for c in text {
            switch c {
            case "\\": out += "\\\\"
            case "&" where shown: out += "&amp;"
            case "\n", "\r\n", "\r", "\u{2028}", "\u{2029}", "\u{85}", "\u{0B}", "\u{0C}": out += "\\n"
            default: if !control(c) { out.append(c) }
            }
        }
        return out
    }

    /// A DOT string literal. Inside quotes DOT only knows `\"`; a value ending in a backslash would
    /// escape the closing quote, so it gets a trailing space.
    static func quoted(_ text: String) -> String {
        var body = text.replacingOccurrences(of: "\"", with: "\\\"")
        if body.hasSuffix("\\") { body += " " }
        return "\"" + body + "\""
    }

    static func attributeList(_ attributes: [(String, String)]) -> String {
        attributes.map { "\(quoted($0.0))=\(quoted(escaped($0.1, key: $0.0)))" }.joined(separator: ", ")
    }

    /// The chart as DOT: graph attributes and defaults, then nodes (in chart order: the layout's
    /// input order), clusters, rank groups, edges. Later duplicates of a graph attribute win.
    public static func dot(_ chart: Chart) -> String {
        var graphAttributes: [(String, String)] = []
        for (key, value) in chart.attributes {
            if let i = graphAttributes.firstIndex(where: { $0.0 == key }) { graphAttributes[i].1 = value } else { graphAttributes.append((key, value)) }
        }
        func merged(_ list: [(String, String)]) -> [(String, String)] {
            var out: [(String, String)] = []
            for (key, value) in list {
                if let i = out.firstIndex(where: { $0.0 == key }) { out[i].1 = value } else { out.append((key, value)) }
            }
            return out
        }
        var out = "digraph brokergraph {\n"
        if !graphAttributes.isEmpty { out += "  graph [\(attributeList(graphAttributes))];\n" }
        if !chart.nodeDefaults.isEmpty { out += "  node [\(attributeList(merged(chart.nodeDefaults)))];\n" }
        if !chart.edgeDefaults.isEmpty { out += "  edge [\(attributeList(merged(chart.edgeDefaults)))];\n" }
        for n in chart.nodes {
            out += "  \(quoted(n.id)) [\(attributeList([("id", n.id)] + merged(n.attributes)))];\n"
        }
        for cluster in chart.clusters {
            out += "  subgraph \(quoted(cluster.id)) {\n"
            if !cluster.attributes.isEmpty { out += "    graph [\(attributeList(merged(cluster.attributes)))];\n" }
            for id in cluster.nodes { out += "    \(quoted(id));\n" }
            out += "  }\n"
        }
        for group in chart.ranks {
            out += "  subgraph \(quoted(group.id)) {\n    graph [rank=\(quoted(group.rank))];\n"
            for id in group.nodes { out += "    \(quoted(id));\n" }
            out += "  }\n"
        }
        // Graphviz 2.43's dot double-frees the labels of flat edges (both ends on one rank) when the
        // layout is freed: an edge that may be flat (it does not constrain the ranks, or both ends are
        // held on one rank) gets its label as an `xlabel`, which is placed after layout instead.
        var sameRank: [String: Int] = [:]
        if chart.engine == "dot" {
            for (i, group) in chart.ranks.enumerated() where group.rank == "same" || group.rank == "min" || group.rank == "max" {
                for id in group.nodes { sameRank[id] = i }
            }
        }
        for e in chart.edges {
            var attributes = merged(e.attributes)
            if chart.engine == "dot" {
                let flat = attributes.contains { $0.0 == "constraint" && $0.1 == "false" }
                    || (sameRank[e.from] != nil && sameRank[e.from] == sameRank[e.to])
                if flat { attributes = attributes.map { $0.0 == "label" ? ("xlabel", $0.1) : $0 } }
            }
            out += "  \(quoted(e.from)) -> \(quoted(e.to)) [\(attributeList([("id", e.id)] + attributes))];\n"
        }
        return out + "}\n"
    }
}
