import BrokerCase
/// A picture to draw, independent of the drawing library: nodes, edges, clusters, attributes.
///
/// Attribute values are plain text: the renderer escapes them for the target format, so text
/// from input files is always shown, never interpreted.
public struct Chart: Sendable, Equatable {
    public struct Node: Sendable, Equatable {
        /// A stable id, used as the element id in SVG output.
        public var id: String
        public var attributes: [(String, String)]
        public init(id: String, _ attributes: [(String, String)]) { self.id = id; self.attributes = attributes }
        public static func == (a: Node, b: Node) -> Bool { a.id == b.id && a.attributes.elementsEqual(b.attributes, by: ==) }
    }
    public struct Edge: Sendable, Equatable {
        public var id: String
        public var from: String
        public var to: String
        public var attributes: [(String, String)]
        public init(id: String, from: String, to: String, _ attributes: [(String, String)]) {
            self.id = id; self.from = from; self.to = to; self.attributes = attributes
        }
        public static func == (a: Edge, b: Edge) -> Bool {
            a.id == b.id && a.from == b.from && a.to == b.to && a.attributes.elementsEqual(b.attributes, by: ==)
        }
    }
    /// A boxed group of nodes.
    public struct Cluster: Sendable, Equatable {
        public var id: String
        public var nodes: [String]
        public var attributes: [(String, String)]
        public init(id: String, nodes: [String], _ attributes: [(String, String)]) { self.id = id; self.nodes = nodes; self.attributes = attributes }
        public static func == (a: Cluster, b: Cluster) -> Bool {
            a.id == b.id && a.nodes == b.nodes && a.attributes.elementsEqual(b.attributes, by: ==)
        }
    }

    /// Nodes kept on one rank (a plain, non-cluster subgraph with `rank=same|min|max|source|sink`):
    /// only the `dot` layout reads it.
    public struct RankGroup: Sendable, Equatable {
        public var id: String
        public var rank: String
        public var nodes: [String]
        public init(id: String, rank: String, nodes: [String]) { self.id = id; self.rank = rank; self.nodes = nodes }
    }

    /// The layout engine to use: `dot` for small layered pictures, `sfdp` for large ones.
    public var engine: String
    public var attributes: [(String, String)]
    public var nodeDefaults: [(String, String)]
    public var edgeDefaults: [(String, String)]
    public var nodes: [Node] = []
    public var edges: [Edge] = []
    public var clusters: [Cluster] = []
    public var ranks: [RankGroup] = []

    public init(engine: String = "dot", attributes: [(String, String)] = [], nodeDefaults: [(String, String)] = [],
                edgeDefaults: [(String, String)] = []) {
        self.engine = engine; self.attributes = attributes; self.nodeDefaults = nodeDefaults; self.edgeDefaults = edgeDefaults
    }

    public static func == (a: Chart, b: Chart) -> Bool {
        a.engine == b.engine && a.attributes.elementsEqual(b.attributes, by: ==) && a.nodes == b.nodes
            && a.edges == b.edges && a.clusters == b.clusters && a.ranks == b.ranks
    }
}
