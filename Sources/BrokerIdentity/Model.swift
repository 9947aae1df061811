/// The resolver's input and output: plain values, no store types.

/// An identifier as seen in the evidence: the rows (opaque references, e.g. transfer or parties-file
/// row ids) where it was seen.
public struct Sighting: Hashable, Sendable {
    public var identifier: Identifier
    public var rows: [Int64]

    public init(_ identifier: Identifier, rows: [Int64] = []) {
        self.identifier = identifier
        self.rows = rows
    }
}

/// One party as the evidence names it. The display name is also read for an identifier
/// (`Identifier.fromDisplayName`): a party called `138-0535-1234` carries that mobile.
public struct IdentityParty: Sendable {
    public var id: Int64
    public var displayName: String
    public var identifiers: [Sighting]

    public init(id: Int64, displayName: String, identifiers: [Sighting] = []) {
        self.id = id
        self.displayName = displayName
        self.identifiers = identifiers
    }
}

/// One dealing of a party with a counterparty (another party's id) at a time (seconds since 1970).
public struct Contact: Hashable, Sendable, Comparable {
    public var counterparty: Int64
    public var time: Int64

    public init(counterparty: Int64, time: Int64) {
        self.counterparty = counterparty
        self.time = time
    }

    public static func < (a: Contact, b: Contact) -> Bool { (a.counterparty, a.time) < (b.counterparty, b.time) }
}

/// Everything one resolution reads.
public struct IdentityInput: Sendable {
    public var parties: [IdentityParty]
    /// Each party's dealings, for the "shared counterparties at the same times" signal. Optional.
    public var activity: [Int64: [Contact]]

    public init(parties: [IdentityParty], activity: [Int64: [Contact]] = [:]) {
        self.parties = parties
        self.activity = activity
    }
}

/// Why two parties were put together.
public enum MergeRule: String, Sendable, Hashable {
    /// They hold the same full value of a strong identifier.
    case sharedStrongIdentifier = "shared_strong_identifier"
    /// An investigator's `merge` decision.
    case decision
    /// An investigator accepted a suggestion.
    case acceptedSuggestion = "accepted_suggestion"
}

/// One merge that was made: party `a` (the earlier holder) with party `b`.
public struct Merge: Hashable, Sendable {
    public var a: Int64
    public var b: Int64
    public var rule: MergeRule
    /// The shared identifier, for `sharedStrongIdentifier`.
    public var identifier: Identifier?
    /// A decision's reason, for `decision` and `acceptedSuggestion`.
    public var reason: String?
    /// The rows behind the merge: where each side's shared identifier was seen, or the decision's.
    public var evidence: [Int64]

    public init(a: Int64, b: Int64, rule: MergeRule, identifier: Identifier? = nil, reason: String? = nil, evidence: [Int64] = []) {
        self.a = a; self.b = b; self.rule = rule; self.identifier = identifier; self.reason = reason; self.evidence = evidence
    }
}

/// A merge that was not made because the group would hold two values of an exclusive kind
/// (two resident ID numbers).
public struct Conflict: Hashable, Sendable {
    public var a: Int64
    public var b: Int64
    public var rule: MergeRule
    /// The identifier through which the merge was attempted (nil for a decision).
    public var identifier: Identifier?
    /// The clashing values, sorted.
    public var conflicting: [Identifier]

    public init(a: Int64, b: Int64, rule: MergeRule, identifier: Identifier?, conflicting: [Identifier]) {
        self.a = a; self.b = b; self.rule = rule; self.identifier = identifier; self.conflicting = conflicting
    }
}

/// One piece of weak evidence and its Fellegi-Sunter weight, log2(m/u).
public struct Reason: Hashable, Sendable {
    public var comparison: Comparison
    public var level: Comparison.Level
    public var weight: Double
    /// The values compared, in canonical form (e.g. the masked and the full phone).
    public var left: String
    public var right: String

    public init(comparison: Comparison, level: Comparison.Level, weight: Double, left: String = "", right: String = "") {
        self.comparison = comparison; self.level = level; self.weight = weight; self.left = left; self.right = right
    }
}

/// Two groups that may be one person, scored but not merged. `a` and `b` are each group's lowest
/// party id (`a < b`).
public struct Suggestion: Hashable, Sendable {
    public var a: Int64
    public var b: Int64
    /// The sum of the reasons' weights, in bits (log2 of the Bayes factor).
    public var score: Double
    public var reasons: [Reason]

    /// A suggestion as the store kept it, e.g. to replay an `accept` or `reject` decision: only `a`
    /// and `b` matter to the resolver.
    public init(a: Int64, b: Int64, score: Double = 0, reasons: [Reason] = []) {
        self.a = min(a, b); self.b = max(a, b); self.score = score; self.reasons = reasons
    }
}

/// A block skipped because it was larger than `ResolutionOptions.maxBlockSize`.
public struct SkippedBlock: Hashable, Sendable {
    /// The blocking key's family (`name`, `phone`, `counterparty_day`…), never the value.
    public var family: String
    public var size: Int

    public init(family: String, size: Int) { self.family = family; self.size = size }
}

/// Settings of one resolution run.
public struct ResolutionOptions: Sendable {
    /// Suggestions scoring below this (in bits) are dropped. See `MatchModel`.
    public var threshold: Double = MatchModel.defaultThreshold
    /// Blocks with more members are skipped (a very common name, a hub counterparty); reported.
    public var maxBlockSize: Int = 100
    /// Two dealings with the same counterparty within this many seconds are "at the same time".
    public var contactWindow: Int64 = 86_400
    public var model: MatchModel = .standard

    public init() {}
}
