/// A directed multigraph stored as compressed sparse rows in both directions.
///
/// Vertices are the dense integers `0..<vertexCount`; edges are the dense integers `0..<edgeCount`
/// in the order they were given, so callers keep edge attributes (time, records, category) in
/// parallel arrays indexed by edge. Each vertex's out-edges are sorted by (target, edge id) and its
/// in-edges by (source, edge id), so every traversal is deterministic.
///
/// Memory: 24 bytes per edge and 8 bytes per vertex.
public struct Digraph: Sendable {
    /// Number of vertices.
    public let vertexCount: Int
    /// `sources[e]` and `targets[e]` are the endpoints of edge `e`.
    public let sources: [Int32]
    public let targets: [Int32]
    /// Out-neighbours of `v` are `outNeighbors[outStart[v]..<outStart[v+1]]`, with edge ids in `outEdgeIDs`.
    public let outStart: [Int32]
    public let outNeighbors: [Int32]
    public let outEdgeIDs: [Int32]
    /// In-neighbours of `v` are `inNeighbors[inStart[v]..<inStart[v+1]]`, with edge ids in `inEdgeIDs`.
    public let inStart: [Int32]
    public let inNeighbors: [Int32]
    public let inEdgeIDs: [Int32]

    /// Number of edges.
    public var edgeCount: Int { sources.count }

    /// Builds the graph from parallel endpoint arrays.
    /// - Precondition: every endpoint is in `0..<vertexCount`; fewer than 2^31 edges.
    /// - Complexity: O(V + E) (two counting sorts).
    public init(vertexCount: Int, sources: [Int32], targets: [Int32]) {
        precondition(sources.count == targets.count, "endpoint arrays differ in length")
        precondition(sources.count < Int(Int32.max), "too many edges")
        self.vertexCount = vertexCount
        self.sources = sources
        self.targets = targets
        (outStart, outNeighbors, outEdgeIDs) = Digraph.compress(
            vertexCount: vertexCount, keys: sources, values: targets)
        (inStart, inNeighbors, inEdgeIDs) = Digraph.compress(
            vertexCount: vertexCount, keys: targets, values: sources)
    }

    /// Groups edges by `keys`, each group ordered by (value, edge id): a counting sort by value
    /// followed by a stable counting sort by key.
    private static func compress(vertexCount: Int, keys: [Int32], values: [Int32])
        -> (start: [Int32], neighbors: [Int32], edges: [Int32])
    {
        let edgeCount = keys.count
        let byValue = countingSort(vertexCount: vertexCount, keys: values,
                                   order: Array(0..<Int32(edgeCount)))
        let byKey = countingSort(vertexCount: vertexCount, keys: keys, order: byValue.order)
        var neighbors = [Int32](repeating: 0, count: edgeCount)
        for (slot, edge) in byKey.order.enumerated() { neighbors[slot] = values[Int(edge)] }
        return (byKey.start, neighbors, byKey.order)
    }

    /// Stable counting sort of the edge ids in `order` by `keys[edge]`.
    private static func countingSort(vertexCount: Int, keys: [Int32], order: [Int32])
        -> (start: [Int32], order: [Int32])
    {
        var start = [Int32](repeating: 0, count: vertexCount + 1)
        for key in keys { start[Int(key) + 1] &+= 1 }
        for v in 0..<vertexCount { start[v + 1] &+= start[v] }
        var next = start
        var sorted = [Int32](repeating: 0, count: order.count)
        for edge in order {
            let key = Int(keys[Int(edge)])
            sorted[Int(next[key])] = edge
            next[key] &+= 1
        }
        return (start, sorted)
    }

    /// Out-neighbours of `v`, ordered by vertex id (repeated once per parallel edge).
    @inlinable public func successors(of v: Int) -> ArraySlice<Int32> {
        outNeighbors[Int(outStart[v])..<Int(outStart[v + 1])]
    }

    /// In-neighbours of `v`, ordered by vertex id (repeated once per parallel edge).
    @inlinable public func predecessors(of v: Int) -> ArraySlice<Int32> {
        inNeighbors[Int(inStart[v])..<Int(inStart[v + 1])]
    }

    /// Ids of the edges leaving `v`, ordered by (target, edge id).
    @inlinable public func outEdges(of v: Int) -> ArraySlice<Int32> {
        outEdgeIDs[Int(outStart[v])..<Int(outStart[v + 1])]
    }

    /// Ids of the edges entering `v`, ordered by (source, edge id).
    @inlinable public func inEdges(of v: Int) -> ArraySlice<Int32> {
        inEdgeIDs[Int(inStart[v])..<Int(inStart[v + 1])]
    }

    /// Number of edges leaving `v`. - Complexity: O(1).
    @inlinable public func outDegree(_ v: Int) -> Int { Int(outStart[v + 1] - outStart[v]) }

    /// Number of edges entering `v`. - Complexity: O(1).
    @inlinable public func inDegree(_ v: Int) -> Int { Int(inStart[v + 1] - inStart[v]) }
}
