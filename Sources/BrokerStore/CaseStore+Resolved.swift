import BrokerCase
import BrokerIdentity

/// The parties as analyses see them: each group of merged parties is one vertex.
///
/// - The vertex takes the **representative's key** (the group's lowest party id: the party the
///   case met first) and the **chosen name**: the name of the group's first declared party (lowest
///   id), else the representative's name. Occupation and organisation come from the same party,
///   else from the first member that has one; a group is an insider when any member is.
/// - The other members' keys, names and aliases become the vertex's aliases, so every name still
///   finds it.
/// - Vertices keep the order of their representatives: with no merges the parties are exactly as
///   stored, and a split restores them.
/// - A transfer between two members of one group is internal to one person: it stays in the case
///   file (and in `summary`'s counts) but is left out of the graph (`CaseData.internalTransfers`).
struct ResolvedParties {
    var parties: [Party]
    /// Stored party index (order of `ids`) to resolved vertex.
    var remap: [Int32]

    init(parties stored: [Party], ids: [Int64], representatives: [Int64: Int64], declared: Set<Int64>) {
        if representatives.isEmpty {
            parties = stored
            remap = (0..<Int32(stored.count)).map { $0 }
            return
        }
        var vertexOfID: [Int64: Int32] = [:]
        var members: [[Int]] = []
        remap = []
        remap.reserveCapacity(stored.count)
        for (i, id) in ids.enumerated() {
            let rep = representatives[id] ?? id
            if let v = vertexOfID[rep] {
                remap.append(v); members[Int(v)].append(i)
            } else {
                let v = Int32(members.count)
                vertexOfID[rep] = v; remap.append(v); members.append([i])
            }
        }
        parties = members.map { group in
            if group.count == 1 { return stored[group[0]] }
            let chosen = group.first { declared.contains(ids[$0]) } ?? group[0]
            var party = stored[group[0]]
            party.name = stored[chosen].name
            party.occupation = stored[chosen].occupation ?? group.lazy.compactMap { stored[$0].occupation }.first
            party.organization = stored[chosen].organization ?? group.lazy.compactMap { stored[$0].organization }.first
            party.insider = group.contains { stored[$0].insider }
            var aliases = party.aliases
            for i in group {
                for text in [stored[i].key, stored[i].name] + stored[i].aliases
                where text != party.key && text != party.name && !aliases.contains(text) { aliases.append(text) }
            }
            party.aliases = aliases
            return party
        }
    }
}

extension CaseReader {
    /// The stored parties resolved for analysis (see `ResolvedParties`).
    func resolvedParties(_ parties: [Party], ids: [Int64]) throws(StoreError) -> ResolvedParties {
        let representatives = try representatives()
        var declared = Set<Int64>()
        if !representatives.isEmpty {
            let rows = try db.prepare("SELECT id FROM parties WHERE declared = 1")
            while try rows.step() { declared.insert(rows.int(0)) }
        }
        return ResolvedParties(parties: parties, ids: ids, representatives: representatives, declared: declared)
    }
}

extension CaseReader {
    /// Counts resolved parties once and the transfers internal to one resolved party (see
    /// `ResolvedParties`); leaves the summary as it is when nothing is merged.
    /// - Complexity: one pass over transfers when some parties are merged.
    func countResolution(into summary: inout CaseSummary) throws(StoreError) {
        let representatives = try representatives()
        guard !representatives.isEmpty else { return }
        let merged = representatives.filter { $0.key != $0.value }.count
        var internalTransfers = 0
        let rows = try db.prepare("SELECT from_party, to_party FROM transfers")
        while try rows.step() {
            let from = rows.int(0), to = rows.int(1)
            if (representatives[from] ?? from) == (representatives[to] ?? to) { internalTransfers += 1 }
        }
        summary.parties -= merged
        summary.mergedParties = merged
        summary.internalTransfers = internalTransfers > 0 ? internalTransfers : nil
    }
}
