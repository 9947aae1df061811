import BrokerCase
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

/// Lays out and renders charts in-process through Graphviz's C library (cgraph builds the graph,
/// gvc lays it out and renders it). This file is the only one that imports Graphviz.
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
        lock.lock()
        defer { lock.unlock() }
        guard let graph = build(chart) else { throw RenderError(message: "Graphviz could not create the graph") }
        defer { agclose(graph) }
        if format == .dot { return try write(graph) }
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

    /// Text for a Graphviz attribute: backslashes doubled (Graphviz reads `\N`, `\n`, `\l` as escapes),
    /// `&` written as an entity (Graphviz decodes entities in labels), line breaks as `\n`.
    static func escaped(_ text: String, key: String) -> String {
        guard ["label", "tooltip", "xlabel", "headlabel", "taillabel", "URL", "comment"].contains(key) else { return text }
        var out = ""
        for c in text {
            switch c {
            case "\\": out += "\\\\"
            case "&": out += "&amp;"
            case "\n", "\r\n", "\r": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }

    private func build(_ chart: Chart) -> UnsafeMutablePointer<Agraph_t>? {
        let kind = cgraphviz_directed()
        guard let graph = "brokergraph".withCString({ agopen(UnsafeMutablePointer(mutating: $0), kind, nil) }) else { return nil }
        for (key, value) in chart.attributes { set(graph, kind: AGRAPH, key, value) }
        for (key, value) in chart.nodeDefaults { declare(graph, kind: AGNODE, key, value) }
        for (key, value) in chart.edgeDefaults { declare(graph, kind: AGEDGE, key, value) }
        declare(graph, kind: AGNODE, "id", "")
        declare(graph, kind: AGEDGE, "id", "")
        var nodes: [String: UnsafeMutablePointer<Agnode_t>] = [:]
        func node(in parent: UnsafeMutablePointer<Agraph_t>, _ id: String) -> UnsafeMutablePointer<Agnode_t>? {
            id.withCString { agnode(parent, UnsafeMutablePointer(mutating: $0), 1) }
        }
        for cluster in chart.clusters {
            guard let sub = cluster.id.withCString({ agsubg(graph, UnsafeMutablePointer(mutating: $0), 1) }) else { continue }
            for (key, value) in cluster.attributes { set(sub, kind: AGRAPH, key, value) }
            for id in cluster.nodes { if let n = node(in: sub, id) { nodes[id] = n } }
        }
        for n in chart.nodes {
            guard let handle = nodes[n.id] ?? node(in: graph, n.id) else { continue }
            nodes[n.id] = handle
            set(handle, kind: AGNODE, "id", n.id)
            for (key, value) in n.attributes { set(handle, kind: AGNODE, key, value) }
        }
        for e in chart.edges {
            guard let tail = nodes[e.from] ?? node(in: graph, e.from), let head = nodes[e.to] ?? node(in: graph, e.to) else { continue }
            nodes[e.from] = tail
            nodes[e.to] = head
            guard let edge = e.id.withCString({ agedge(graph, tail, head, UnsafeMutablePointer(mutating: $0), 1) }) else { continue }
            set(edge, kind: AGEDGE, "id", e.id)
            for (key, value) in e.attributes { set(edge, kind: AGEDGE, key, value) }
        }
        return graph
    }

    private func declare(_ graph: UnsafeMutablePointer<Agraph_t>, kind: Int32, _ key: String, _ value: String) {
        key.withCString { k in
            GraphvizRenderer.escaped(value, key: key).withCString { v in
                _ = agattr(graph, kind, UnsafeMutablePointer(mutating: k), UnsafeMutablePointer(mutating: v))
            }
        }
    }

    private func set<Object>(_ object: UnsafeMutablePointer<Object>, kind: Int32, _ key: String, _ value: String) {
        key.withCString { k in
            GraphvizRenderer.escaped(value, key: key).withCString { v in
                "".withCString { empty in
                    _ = agsafeset(UnsafeMutableRawPointer(object), UnsafeMutablePointer(mutating: k),
                                  UnsafeMutablePointer(mutating: v), UnsafeMutablePointer(mutating: empty))
                }
            }
        }
    }

    /// The DOT source of a graph, written by cgraph (which quotes every string it needs to).
    private func write(_ graph: UnsafeMutablePointer<Agraph_t>) throws -> [UInt8] {
        var buffer: UnsafeMutablePointer<CChar>?
        var size = 0
        guard let stream = open_memstream(&buffer, &size) else { throw RenderError(message: "out of memory") }
        let status = agwrite(graph, UnsafeMutableRawPointer(stream))
        fclose(stream)
        defer { free(buffer) }
        guard status == 0, let buffer else { throw RenderError(message: "Graphviz could not write DOT") }
        return Array(UnsafeRawBufferPointer(start: buffer, count: size))
    }
}
