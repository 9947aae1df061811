import BrokerIdentity
import BrokerOutput
import BrokerStore
import Foundation

/// The resolved parties as the `parties` commands and the report show them.
struct PartiesView {
    let identities: ResolvedIdentities
    /// Resolved parties: each group's members (ascending id; the first is the representative), in the
    /// order of their representatives.
    let groups: [[Int64]]
    let groupOf: [Int64: Int]

    init(_ identities: ResolvedIdentities) {
        self.identities = identities
        let representatives = identities.resolution.representatives
        var groups: [[Int64]] = [], groupOf: [Int64: Int] = [:], slot: [Int64: Int] = [:]
        for id in identities.parties.keys.sorted() {
            let rep = representatives[id] ?? id
            if let g = slot[rep] { groups[g].append(id); groupOf[id] = g; continue }
            slot[rep] = groups.count; groupOf[id] = groups.count; groups.append([id])
        }
        self.groups = groups
        self.groupOf = groupOf
    }

    func key(_ id: Int64) -> String { identities.parties[id]?.key ?? "?" }

    /// The chosen name: the group's first declared party's name, else the representative's.
    func name(ofGroup members: [Int64]) -> String {
        let chosen = members.first { identities.parties[$0]?.declared == true } ?? members[0]
        return identities.parties[chosen]?.name ?? ""
    }

    /// The group holding the party named `text` (key, alias or name). - Throws: when none does.
    func group(named text: String, store: any CaseDatabase) throws -> [Int64] {
        guard let key = try store.partyKey(named: text), let id = identities.idOfKey[key], let g = groupOf[id] else {
            throw CommandFailure(message: "no party named \(terminalSafe(text)) in the case")
        }
        return groups[g]
    }

    /// A group's distinct identifiers (`kind:value`, masked ones marked), in identifier order.
    func identifiers(of members: [Int64]) -> [String] {
        let all = Set(members.flatMap { (identities.sightings[$0] ?? []).map(\.identifier) })
        return all.sorted().map { $0.description + ($0.isPartial ? " (masked)" : "") }
    }

    /// Where a sighting was seen: `file:line`.
    func place(_ s: StoredSighting) -> String { s.line.map { "\(s.file):\($0)" } ?? s.file }

    /// Evidence rows (sighting ids) as places.
    func places(_ rows: [Int64]) -> [String] {
        var byID: [Int64: StoredSighting] = [:]
        for list in identities.sightings.values { for s in list { byID[s.id] = s } }
        return rows.compactMap { byID[$0].map(place) }
    }

    /// The merges, conflicts and decisions for the report and `parties show`.
    var section: CaseReport.IdentitySection {
        let r = identities.resolution
        return CaseReport.IdentitySection(
            merges: r.merges.map {
                .init(parties: [key($0.a), key($0.b)], rule: $0.rule.rawValue, identifier: $0.identifier?.description,
                      reason: $0.reason, evidence: places($0.evidence))
            },
            conflicts: r.conflicts.map { .init(parties: [key($0.a), key($0.b)], identifier: $0.identifier?.description) },
            decisions: identities.decisions.map {
                .init(id: $0.id, time: $0.madeAt, kind: $0.kind.rawValue, parties: [$0.partyA] + ($0.partyB.map { [$0] } ?? []),
                      reason: $0.reason)
            })
    }

    // MARK: JSON

    struct PartyEntry: Encodable {
        var party: String
        var name: String
        var members: [String]
        var identifiers: [String]
    }

    struct SightingEntry: Encodable {
        var identifier: String
        var partial: Bool
        var party: String
        var seen: String
        var column: String
    }

    struct ShowEntry: Encodable {
        var party: String
        var name: String
        var members: [String]
        var identifiers: [SightingEntry]
        var merges: [CaseReport.IdentitySection.MergeEntry]
        /// Merges refused for this party: the group would hold two resident ID numbers.
        var conflicts: [CaseReport.IdentitySection.ConflictEntry]
    }

    struct SuggestionEntry: Encodable {
        struct ReasonEntry: Encodable {
            var comparison: String, level: String, weight: Double, left: String, right: String
        }
        var suggestion: Int64
        var parties: [String]
        var names: [String]
        var score: Double
        var reasons: [ReasonEntry]
    }

    func entry(_ members: [Int64]) -> PartyEntry {
        PartyEntry(party: key(members[0]), name: name(ofGroup: members), members: members.map(key),
                   identifiers: identifiers(of: members))
    }

    func show(_ members: [Int64]) -> ShowEntry {
        let set = Set(members)
        let sightings = members.flatMap { id in (identities.sightings[id] ?? []).map { (id, $0) } }
            .sorted { ($0.1.identifier, $0.1.id) < ($1.1.identifier, $1.1.id) }
        return ShowEntry(
            party: key(members[0]), name: name(ofGroup: members), members: members.map(key),
            identifiers: sightings.map { SightingEntry(identifier: $0.1.identifier.description, partial: $0.1.identifier.isPartial,
                                                      party: key($0.0), seen: place($0.1), column: $0.1.source) },
            merges: zip(identities.resolution.merges, section.merges).filter { set.contains($0.0.a) }.map(\.1),
            conflicts: zip(identities.resolution.conflicts, section.conflicts)
                .filter { set.contains($0.0.a) || set.contains($0.0.b) }.map(\.1))
    }

    func entry(_ s: Suggestion) -> SuggestionEntry {
        let ga = groupOf[s.a].map { groups[$0] } ?? [s.a], gb = groupOf[s.b].map { groups[$0] } ?? [s.b]
        return SuggestionEntry(
            suggestion: identities.number(of: s), parties: [key(s.a), key(s.b)], names: [name(ofGroup: ga), name(ofGroup: gb)],
            score: (s.score * 1000).rounded() / 1000,
            reasons: s.reasons.map { .init(comparison: $0.comparison.rawValue, level: $0.level.rawValue,
                                           weight: ($0.weight * 1000).rounded() / 1000, left: $0.left, right: $0.right) })
    }
}
