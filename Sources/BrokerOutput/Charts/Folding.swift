import BrokerCase
import BrokerGraph

/// Which parties a large picture draws one by one, and which it folds into group nodes.
///
/// The rule, in two steps:
/// 1. A case of at most `foldAbove` parties is drawn whole. Above that, end users that receive from
///    exactly one supplier are folded, per supplier, into one node ("37 end users, 4,120 records")
///    when the supplier has at least two of them.
/// 2. If more than `maxNodes` nodes remain, only the parties with the most records (received plus
///    passed on; ties by position in the case) stay single: at most `keepTop`, and fewer (three
///    quarters at a time) until kept parties and groups together fit in `maxNodes`. Every other
///    party joins the group of its role next to its nearest kept party (fewest hops, edge direction
///    ignored; ties to the kept party reached first by a breadth-first search seeded in order of
///    rank). Parties with no kept party in their connected group fold into one group per role.
/// So the picture has at most `maxNodes` nodes whenever one kept party and its groups fit, and the
/// layout's cost is bounded whatever the case.
package struct Folding: Sendable {
    /// What a node of the folded picture stands for.
    package enum Node: Sendable, Equatable {
        case party(Int32)
        /// `count` parties of `role`, grouped next to `anchor` (a kept party) or not (`nil`).
        case group(role: Role, anchor: Int32?, count: Int, records: Int64, members: [Int32])
    }

    /// The node each party is drawn as, by party vertex.
    package private(set) var nodeOf: [Int32]
    package private(set) var nodes: [Node]
    /// 0: nothing folded; 1: end users folded per supplier; 2: top parties kept, the rest grouped.
    package private(set) var level: Int
    /// How many parties step 2 kept single (0 below step 2).
    package private(set) var kept = 0

    /// - Complexity: O(parties log parties + transfers).
    package init(_ data: CaseData, roles: [PartyRole], foldAbove: Int, maxNodes: Int, keepTop: Int) {
        let n = data.parties.count
        let graph = data.graph
        nodeOf = Array(0..<Int32(n))
        nodes = (0..<Int32(n)).map { Node.party($0) }
        level = 0
        guard n > foldAbove else { return }

        // Step 1: end users with a single supplier, per supplier.
        var supplierOf = [Int32](repeating: -1, count: n)
        var members: [Int32: [Int32]] = [:]
        for v in 0..<n where roles[v].role == .endUser {
            let suppliers = graph.predecessors(of: v)
            guard let first = suppliers.first, suppliers.allSatisfy({ $0 == first }) else { continue }
            supplierOf[v] = first
            members[first, default: []].append(Int32(v))
        }
        var step1: [(key: [Int32], group: [Int32])] = []
        for (supplier, group) in members where group.count >= 2 { step1.append(([supplier], group)) }
        let singles = (0..<n).filter { supplierOf[$0] < 0 || members[supplierOf[$0]]!.count < 2 }
        if singles.count + step1.count <= maxNodes {
            let sorted = step1.sorted { $0.key[0] < $1.key[0] }
            var groups: [(role: Role, anchor: Int32?, members: [Int32])] = []
            for entry in sorted { groups.append((role: Role.endUser, anchor: entry.key[0], members: entry.group)) }
            assign(singles: singles.map { Int32($0) }, groups: groups, roles: roles)
            level = 1
            return
        }

        // Step 2: keep the heaviest parties; the rest join their nearest kept party's groups. Fewer
        // are kept (three quarters each time) until kept parties and groups fit in `maxNodes`.
        let volume = roles.map { $0.inRecords &+ $0.outRecords }
        let ranked = (0..<Int32(n)).sorted { (a: Int32, b: Int32) -> Bool in
            let va = volume[Int(a)], vb = volume[Int(b)]
            return va != vb ? va > vb : a < b
        }
        var keep = max(1, min(keepTop, maxNodes))
        var grouped = Folding.groupAround(Array(ranked.prefix(keep)), graph: graph, roles: roles)
        while keep > 1 && keep + grouped.count > maxNodes {
            keep = max(1, keep * 3 / 4)
            grouped = Folding.groupAround(Array(ranked.prefix(keep)), graph: graph, roles: roles)
        }
        kept = keep
        assign(singles: ranked.prefix(keep).sorted(), groups: grouped, roles: roles)
        level = 2
    }

    /// Every party not in `kept`, grouped by its role and its nearest kept party (fewest hops, edge
    /// direction ignored; ties to the kept party reached first by a breadth-first search seeded in
    /// `kept` order), groups ordered by anchor then role; parties reaching no kept party are
    /// grouped by role alone, last. - Complexity: O(V + E).
    private static func groupAround(_ kept: [Int32], graph: Digraph, roles: [PartyRole])
        -> [(role: Role, anchor: Int32?, members: [Int32])] {
        let n = graph.vertexCount
        var anchor = [Int32](repeating: -1, count: n)
        var queue = ContiguousArray<Int32>()
        queue.reserveCapacity(n)
        for v in kept { anchor[Int(v)] = v; queue.append(v) }
        var head = 0
        while head < queue.count {
            let v = Int(queue[head]); head += 1
            for w in graph.successors(of: v) where anchor[Int(w)] < 0 { anchor[Int(w)] = anchor[v]; queue.append(w) }
            for w in graph.predecessors(of: v) where anchor[Int(w)] < 0 { anchor[Int(w)] = anchor[v]; queue.append(w) }
        }
        let isKept = Set(kept)
        struct Key: Hashable { var anchor: Int32; var role: Role }
        var groups: [Key: [Int32]] = [:]
        for v in 0..<Int32(n) where !isKept.contains(v) {
            groups[Key(anchor: anchor[Int(v)], role: roles[Int(v)].role), default: []].append(v)
        }
        let order = groups.keys.sorted { (a: Key, b: Key) -> Bool in
            let x = a.anchor < 0 ? Int32.max : a.anchor, y = b.anchor < 0 ? Int32.max : b.anchor
            return x != y ? x < y : a.role.sortIndex < b.role.sortIndex
        }
        return order.map { (role: $0.role, anchor: $0.anchor < 0 ? nil : $0.anchor, members: groups[$0]!) }
    }

    private mutating func assign(singles: [Int32], groups: [(role: Role, anchor: Int32?, members: [Int32])], roles: [PartyRole]) {
        nodes = []
        nodes.reserveCapacity(singles.count + groups.count)
        for v in singles {
            nodeOf[Int(v)] = Int32(nodes.count)
            nodes.append(.party(v))
        }
        for group in groups {
            let records = group.members.reduce(Int64(0)) { total, v in
                total &+ (group.role == .endUser ? roles[Int(v)].inRecords : roles[Int(v)].inRecords &+ roles[Int(v)].outRecords)
            }
            for v in group.members { nodeOf[Int(v)] = Int32(nodes.count) }
            nodes.append(.group(role: group.role, anchor: group.anchor, count: group.members.count, records: records,
                                members: group.members))
        }
    }

    /// The element id of node `i`: `p<vertex>` for a party, `g-<role>-<anchor vertex>` for a group.
    package func id(_ i: Int) -> String {
        switch nodes[i] {
        case .party(let v): "p\(v)"
        case .group(let role, let anchor, _, _, _): "g-\(role.rawValue)-\(anchor.map(String.init) ?? "none")"
        }
    }
}

extension Role {
    /// Position in the reading order origin, source, broker, end user, isolated.
    package var sortIndex: Int { Role.allCases.firstIndex(of: self)! }

    /// The plural shown on group nodes.
    package var plural: String {
        switch self {
        case .origin: "origins"
        case .source: "sources"
        case .broker: "brokers"
        case .endUser: "end users"
        case .isolated: "isolated parties"
        }
    }
}
