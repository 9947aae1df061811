import BrokerCase
import BrokerIdentity
import Foundation

/// Where one identifier of a party was seen: the file and line of the parties-file row or transfer.
public struct StoredSighting: Sendable {
    /// The sighting's id: the evidence rows of a merge are these ids.
    public var id: Int64
    public var partyID: Int64
    public var identifier: Identifier
    public var file: String
    public var line: Int?
    /// The column it came from: `identifiers`, `name`, `aliases` (parties file), `from`, `to` (transfers).
    public var source: String
}

/// One investigator decision as kept in the case file (append-only, parties by key).
public struct StoredDecision: Sendable, Codable {
    public enum Kind: String, Sendable, Codable { case merge, accept, reject, split }
    public var id: Int64
    public var madeAt: String
    public var kind: Kind
    public var partyA: String
    public var partyB: String?
    public var reason: String
    /// What the decision rested on, as recorded (e.g. the suggestion's score and reasons).
    public var evidence: String?
    /// The suggestion number, for `accept` and `reject`.
    public var suggestion: Int64?
    enum CodingKeys: String, CodingKey {
        case id, kind, reason, evidence, suggestion
        case madeAt = "made_at", partyA = "party_a", partyB = "party_b"
    }
}

/// The case's parties after identity resolution, with what the resolution read.
public struct ResolvedIdentities: Sendable {
    public struct PartyInfo: Sendable {
        public var id: Int64
        public var key: String
        public var name: String
        public var declared: Bool
    }
    public var resolution: Resolution
    /// Every party by database id.
    public var parties: [Int64: PartyInfo]
    /// Database ids by party key.
    public var idOfKey: [String: Int64]
    /// Sightings by party id, in id order.
    public var sightings: [Int64: [StoredSighting]]
    public var decisions: [StoredDecision]

    /// The stable number of the suggestion between two parties: derived from their keys alone
    /// (FNV-1a 64 of `keyA NUL keyB`, keys sorted, modulo 10⁹), so it stays the same across runs,
    /// listings and ingests as long as the two groups' lowest parties stay the same.
    public static func suggestionNumber(_ a: String, _ b: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in Array(min(a, b).utf8) + [0] + Array(max(a, b).utf8) {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Int64(hash % 1_000_000_000)
    }

    public func number(of s: Suggestion) -> Int64 {
        Self.suggestionNumber(parties[s.a]?.key ?? "", parties[s.b]?.key ?? "")
    }
}

extension CaseStore {
    /// Every sighting, in id order. - Complexity: one pass over `identifiers`.
    public func sightings() throws(StoreError) -> [StoredSighting] { try reader.sightings() }

    /// Every decision, oldest first.
    public func identityDecisions() throws(StoreError) -> [StoredDecision] { try reader.identityDecisions() }

    /// The key of a party given by key, alias or name (in that order), or nil.
    public func partyKey(named text: String) throws(StoreError) -> String? { try reader.partyKey(named: text) }

    /// Resolves the case's parties (see `CaseReader.resolveIdentities`).
    public func resolveIdentities(activity: Bool = true,
                                  options: ResolutionOptions = ResolutionOptions()) throws(StoreError) -> ResolvedIdentities {
        try reader.resolveIdentities(activity: activity, options: options)
    }

    /// Stored decisions as the resolver's values (see `CaseReader.replay`).
    static func replay(_ decisions: [StoredDecision], _ idOfKey: [String: Int64]) -> [Decision] {
        CaseReader<Database>.replay(decisions, idOfKey)
    }

    /// Appends a decision (with the time now) and returns it.
    @discardableResult
    public func recordDecision(_ kind: StoredDecision.Kind, _ a: String, _ b: String?, reason: String,
                               evidence: String? = nil, suggestion: Int64? = nil) throws(StoreError) -> StoredDecision {
        let madeAt = CaseStore.now()
        let insert = try db.prepare("""
            INSERT INTO identity_decisions(made_at, kind, party_a, party_b, reason, evidence, suggestion)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        try insert.run([madeAt, kind.rawValue, a, b, reason, evidence, suggestion])
        let id = db.lastInsertID
        try recordAudit("parties \(kind.rawValue)", subject: [a, b].compactMap { $0 }.joined(separator: " + "), sha256: nil,
                        detail: reason)
        return StoredDecision(id: id, madeAt: madeAt, kind: kind, partyA: a, partyB: b, reason: reason,
                              evidence: evidence, suggestion: suggestion)
    }

}

extension CaseReader {
    /// Every sighting, in id order. - Complexity: one pass over `identifiers`.
    func sightings() throws(StoreError) -> [StoredSighting] {
        let rows = try db.prepare("""
            SELECT s.id, s.party_id, s.kind, s.value, s.partial, coalesce(i.file, ''), s.line, s.source
            FROM identifiers s LEFT JOIN ingests i ON i.id = s.ingest_id ORDER BY s.id
            """)
        var out: [StoredSighting] = []
        while try rows.step() {
            guard let kind = IdentifierKind(rawValue: rows.text(2) ?? "") else { continue }
            out.append(StoredSighting(id: rows.int(0), partyID: rows.int(1),
                                      identifier: Identifier(canonical: rows.text(3) ?? "", kind: kind, isPartial: rows.int(4) != 0),
                                      file: rows.text(5) ?? "", line: rows.optionalInt(6).map(Int.init), source: rows.text(7) ?? ""))
        }
        return out
    }

    /// Every decision, oldest first.
    func identityDecisions() throws(StoreError) -> [StoredDecision] {
        let rows = try db.prepare("""
            SELECT id, made_at, kind, party_a, party_b, reason, evidence, suggestion FROM identity_decisions ORDER BY id
            """)
        var out: [StoredDecision] = []
        while try rows.step() {
            guard let kind = StoredDecision.Kind(rawValue: rows.text(2) ?? "") else { continue }
            out.append(StoredDecision(id: rows.int(0), madeAt: rows.text(1) ?? "", kind: kind, partyA: rows.text(3) ?? "",
                                      partyB: rows.text(4), reason: rows.text(5) ?? "", evidence: rows.text(6),
                                      suggestion: rows.optionalInt(7)))
        }
        return out
    }

    /// The key of a party given by key, alias or name (in that order), or nil.
    func partyKey(named text: String) throws(StoreError) -> String? {
        let text = text.trimmingWhitespace()
        for sql in ["SELECT key FROM parties WHERE key = ?",
                    "SELECT p.key FROM aliases a JOIN parties p ON p.id = a.party_id WHERE a.alias = ?",
                    "SELECT key FROM parties WHERE name = ? ORDER BY id LIMIT 1"] {
            let read = try db.prepare(sql)
            read.bind([text])
            if try read.step() { return read.text(0) }
        }
        return nil
    }

    /// Resolves the case's parties: the stored parties and sightings under the stored decisions, in
    /// order (`IdentityResolver.resolve`). With `activity`, each party's dealings feed the
    /// shared-counterparty signal of suggestions.
    /// - Complexity: one pass over parties, identifiers and decisions (and transfers with `activity`),
    ///   plus the resolver's cost.
    func resolveIdentities(activity: Bool = true,
                                  options: ResolutionOptions = ResolutionOptions()) throws(StoreError) -> ResolvedIdentities {
        try reading { () throws(StoreError) in
            var parties: [Int64: ResolvedIdentities.PartyInfo] = [:]
            var idOfKey: [String: Int64] = [:]
            var order: [Int64] = []
            let rows = try db.prepare("SELECT id, key, name, declared FROM parties ORDER BY id")
            while try rows.step() {
                let info = ResolvedIdentities.PartyInfo(id: rows.int(0), key: rows.text(1) ?? "", name: rows.text(2) ?? "",
                                                        declared: rows.int(3) != 0)
                parties[info.id] = info
                idOfKey[info.key] = info.id
                order.append(info.id)
            }
            var sightings: [Int64: [StoredSighting]] = [:]
            for s in try self.sightings() { sightings[s.partyID, default: []].append(s) }
            let decisions = try identityDecisions()
            var contacts: [Int64: [Contact]] = [:]
            if activity {
                let deals = try db.prepare("SELECT from_party, to_party, time_earliest FROM transfers")
                while try deals.step() {
                    contacts[deals.int(0), default: []].append(Contact(counterparty: deals.int(1), time: deals.int(2)))
                    contacts[deals.int(1), default: []].append(Contact(counterparty: deals.int(0), time: deals.int(2)))
                }
            }
            let input = IdentityInput(parties: order.map { id in
                IdentityParty(id: id, displayName: parties[id]!.name,
                              identifiers: (sightings[id] ?? []).map { Sighting($0.identifier, rows: [$0.id]) })
            }, activity: contacts)
            let resolution = IdentityResolver.resolve(input, decisions: Self.replay(decisions, idOfKey),
                                                      options: options)
            return ResolvedIdentities(resolution: resolution, parties: parties, idOfKey: idOfKey, sightings: sightings,
                                      decisions: decisions)
        }
    }

    /// Stored decisions as the resolver's values; decisions naming a party no longer in the case are
    /// left out.
    static func replay(_ decisions: [StoredDecision], _ idOfKey: [String: Int64]) -> [Decision] {
        decisions.compactMap { d in
            guard let a = idOfKey[d.partyA] else { return nil }
            if d.kind == .split { return .split(a) }
            guard let key = d.partyB, let b = idOfKey[key] else { return nil }
            switch d.kind {
            case .merge: return .merge(a, b, reason: d.reason, evidence: [])
            case .accept: return .accept(Suggestion(a: a, b: b))
            case .reject: return .reject(Suggestion(a: a, b: b))
            case .split: return nil
            }
        }
    }

    /// Each merged party's representative (the lowest id of its group), for loading the case.
    /// Only parties that can take part in a merge are handed to the resolver: those with a full
    /// strong identifier (sighted or in their name) and those a decision names; the partition is
    /// the same as over every party. - Complexity: one pass over parties and identifiers.
    func representatives() throws(StoreError) -> [Int64: Int64] {
        let decisions = try identityDecisions()
        let strong = try db.prepare("SELECT count(*) FROM identifiers WHERE partial = 0 AND kind NOT IN ('name', 'nickname', 'landline')")
        _ = try strong.step()
        if strong.int(0) == 0 && decisions.isEmpty { return [:] }
        var candidates: [Int64: IdentityParty] = [:]
        var idOfKey: [String: Int64] = [:]
        let named = Set(decisions.flatMap { [$0.partyA] + ($0.partyB.map { [$0] } ?? []) })
        let rows = try db.prepare("SELECT id, key, name FROM parties ORDER BY id")
        while try rows.step() {
            let id = rows.int(0), key = rows.text(1) ?? "", name = rows.text(2) ?? ""
            idOfKey[key] = id
            if named.contains(key) || Identifier.detect(name).map({ $0.kind.isStrong && !$0.isPartial }) == true {
                candidates[id] = IdentityParty(id: id, displayName: name)
            }
        }
        let sighted = try db.prepare("""
            SELECT s.party_id, s.kind, s.value, p.name FROM identifiers s JOIN parties p ON p.id = s.party_id
            WHERE s.partial = 0 AND s.kind NOT IN ('name', 'nickname', 'landline')
            """)
        while try sighted.step() {
            guard let kind = IdentifierKind(rawValue: sighted.text(1) ?? "") else { continue }
            let id = sighted.int(0)
            candidates[id, default: IdentityParty(id: id, displayName: sighted.text(3) ?? "")]
                .identifiers.append(Sighting(Identifier(canonical: sighted.text(2) ?? "", kind: kind)))
        }
        var options = ResolutionOptions()
        options.threshold = .infinity
        options.maxBlockSize = 1
        let resolution = IdentityResolver.resolve(IdentityInput(parties: Array(candidates.values)),
                                                  decisions: Self.replay(decisions, idOfKey), options: options)
        return resolution.representatives
    }
}

extension CaseStore {
    /// A case file made before the identity tables: its parties' names and aliases are read as
    /// sightings (at the parties-file line where known), as an ingest today would record them, so
    /// loading and `parties` agree. Transfers are not re-read: their lines stay unrecorded.
    func backfillSightings() throws(StoreError) {
        let insert = try db.prepare("""
            INSERT INTO identifiers(party_id, kind, value, partial, ingest_id, line, source) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        var rows: [(Int64, String, Int64?, Int64?, String)] = []
        let parties = try db.prepare("SELECT id, name, ingest_id, line FROM parties")
        while try parties.step() {
            rows.append((parties.int(0), parties.text(1) ?? "", parties.optionalInt(2), parties.optionalInt(3), "name"))
        }
        let aliases = try db.prepare("SELECT a.party_id, a.alias, p.ingest_id, p.line FROM aliases a JOIN parties p ON p.id = a.party_id")
        while try aliases.step() {
            rows.append((aliases.int(0), aliases.text(1) ?? "", aliases.optionalInt(2), aliases.optionalInt(3), "aliases"))
        }
        for (party, text, ingest, line, source) in rows {
            guard let identifier = Identifier.fromDisplayName(text) else { continue }
            try insert.run([party, identifier.kind.rawValue, identifier.value, identifier.isPartial, ingest, line, source])
        }
    }
}
