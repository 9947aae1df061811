import BrokerCase

extension CaseReport {
    /// Identity resolution in the report: which parties were merged and why, and every decision.
    public struct IdentitySection: Sendable, Encodable {
        /// One merge: the two parties (keys), the rule, the shared identifier or the reason, and where
        /// the evidence was seen (`file:line`).
        public struct MergeEntry: Sendable, Encodable, Equatable {
            public var parties: [String]
            public var rule: String
            public var identifier: String?
            public var reason: String?
            public var evidence: [String]
            public init(parties: [String], rule: String, identifier: String?, reason: String?, evidence: [String]) {
                self.parties = parties; self.rule = rule; self.identifier = identifier; self.reason = reason
                self.evidence = evidence
            }
        }
        /// A merge refused because the group would hold two resident ID numbers.
        public struct ConflictEntry: Sendable, Encodable, Equatable {
            public var parties: [String]
            public var identifier: String?
            public init(parties: [String], identifier: String?) { self.parties = parties; self.identifier = identifier }
        }
        /// A decision as kept in the case file.
        public struct DecisionEntry: Sendable, Encodable, Equatable {
            public var id: Int64
            public var time: String
            public var kind: String
            public var parties: [String]
            public var reason: String
            public init(id: Int64, time: String, kind: String, parties: [String], reason: String) {
                self.id = id; self.time = time; self.kind = kind; self.parties = parties; self.reason = reason
            }
        }
        public var merges: [MergeEntry]
        public var conflicts: [ConflictEntry]
        public var decisions: [DecisionEntry]
        public init(merges: [MergeEntry], conflicts: [ConflictEntry], decisions: [DecisionEntry]) {
            self.merges = merges; self.conflicts = conflicts; self.decisions = decisions
        }
    }
}

extension ReportDocument {
    /// The "Identities" section: merges with their rule and evidence, conflicts, decisions.
    static func identitySection(_ identity: CaseReport.IdentitySection) -> Section {
        var section = Section(id: "identities", title: "Identities")
        if identity.merges.isEmpty {
            section.blocks.append(.paragraph("No parties merged: every party is analysed as ingested."))
        } else {
            section.blocks.append(.paragraph("Parties analysed as one person, and why (identity resolution; brokergraph parties shows and changes it)."))
            section.blocks.append(.table(header: ["parties", "rule", "identifier or reason", "seen at"], rows: identity.merges.map {
                [Cell($0.parties.joined(separator: " + ")), Cell($0.rule), Cell($0.identifier ?? $0.reason ?? ""),
                 Cell(lines: $0.evidence)]
            }))
        }
        if !identity.conflicts.isEmpty {
            section.blocks.append(.paragraph("Merges refused: the parties hold different resident ID numbers."))
            section.blocks.append(.table(header: ["parties", "through"], rows: identity.conflicts.map {
                [Cell($0.parties.joined(separator: " + ")), Cell($0.identifier ?? "decision")]
            }))
        }
        if !identity.decisions.isEmpty {
            section.blocks.append(.table(header: ["decision", "time", "kind", "parties", "reason"], rows: identity.decisions.map {
                [.number(Int($0.id)), Cell($0.time), Cell($0.kind), Cell($0.parties.joined(separator: " + ")), Cell($0.reason)]
            }))
        }
        return section
    }
}
