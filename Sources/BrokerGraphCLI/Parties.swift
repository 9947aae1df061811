import ArgumentParser
import BrokerIdentity
import BrokerStore
import Foundation

/// `brokergraph parties`: the resolved parties, suggestions, and the investigator's decisions.
struct Parties: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Resolved parties and their identifiers; suggestions; merge, accept, reject and split decisions.",
        discussion: """
            Parties holding the same full strong identifier (mobile, resident ID, bank card, WeChat, QQ, \
            Alipay, email) are merged automatically, unless the group would hold two resident ID numbers \
            (a conflict, reported). Decisions are kept in the case file with their time and reason, and \
            every analysis runs on the resolved parties.
            """,
        subcommands: [PartiesList.self, PartiesShow.self, PartiesSuggest.self, PartiesMerge.self, PartiesAccept.self,
                      PartiesReject.self, PartiesSplit.self],
        defaultSubcommand: PartiesList.self)
}

/// Resolves the case for one `parties` command.
private func view(_ store: any CaseDatabase, activity: Bool = false, minScore: Double? = nil) throws -> PartiesView {
    var options = ResolutionOptions()
    if let minScore { options.threshold = minScore }
    return PartiesView(try store.resolveIdentities(activity: activity, options: options))
}

struct PartiesList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Every resolved party with its identifiers.")
    @OptionGroup var options: CaseOptions

    func run() throws {
        let view = try view(options.open())
        let entries = view.groups.map(view.entry)
        if options.json { try printJSONList(entries); return }
        printTable(["party", "name", "members", "identifiers"], entries.map {
            [terminalSafe($0.party), terminalSafe($0.name), terminalSafe($0.members.joined(separator: " ")),
             terminalSafe($0.identifiers.joined(separator: "; "))]
        })
        let conflicts = view.identities.resolution.conflicts.count
        if conflicts > 0 { print("\(conflicts) merge(s) refused by conflicting resident ID numbers: see `parties show`") }
    }
}

struct PartiesShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Where each identifier of a party was seen, and why its members were merged.")
    @OptionGroup var options: CaseOptions
    @Argument(help: "The party: key, name or alias.") var party: String

    func run() throws {
        let store = try options.open()
        let view = try view(store)
        let shown = view.show(try view.group(named: party, store: store))
        if options.json { try printJSON(shown); return }
        print("\(terminalSafe(shown.party))  \(terminalSafe(shown.name))  members: \(terminalSafe(shown.members.joined(separator: " ")))")
        printTable(["identifier", "party", "seen at", "column"], shown.identifiers.map {
            [terminalSafe($0.identifier + ($0.partial ? " (masked)" : "")), terminalSafe($0.party), terminalSafe($0.seen), $0.column]
        })
        for m in shown.merges {
            let why = m.identifier ?? m.reason ?? ""
            print("merged \(terminalSafe(m.parties.joined(separator: " + "))): \(m.rule) \(terminalSafe(why)) [\(terminalSafe(m.evidence.joined(separator: ", ")))]")
        }
        for c in shown.conflicts {
            print("not merged \(terminalSafe(c.parties.joined(separator: " + "))) through \(terminalSafe(c.identifier ?? "a decision")): different resident ID numbers")
        }
    }
}

struct PartiesSuggest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest", abstract: "Parties that may be one person, scored in bits (log2 Bayes factor).",
        discussion: "Each suggestion's number is derived from its two parties' keys: it stays the same across runs.")
    @OptionGroup var options: CaseOptions
    @Option(name: .customLong("min-score"), help: "Leave out suggestions scoring below this (bits).")
    var minScore: Double = MatchModel.defaultThreshold

    func run() throws {
        let view = try view(options.open(), activity: true, minScore: minScore)
        let entries = view.identities.resolution.suggestions.map(view.entry)
        if options.json { try printJSON(entries); return }
        if entries.isEmpty { print("no suggestions at or above \(minScore) bits"); return }
        printTable(["suggestion", "parties", "names", "score", "reasons"], entries.map { e in
            [String(e.suggestion), terminalSafe(e.parties.joined(separator: " + ")), terminalSafe(e.names.joined(separator: " / ")),
             String(format: "%.1f", e.score),
             terminalSafe(e.reasons.map { "\($0.comparison) \($0.level) \(String(format: "%+.1f", $0.weight))" }.joined(separator: ", "))]
        })
    }
}

/// Records a decision and checks its effect in one transaction: a decision the check refuses (a
/// merge blocked by a conflict) is not kept. Prints the decision.
private func decide(_ store: any CaseDatabase, json: Bool, check: @escaping (PartiesView) throws -> Void,
                    _ record: () throws -> StoredDecision) throws {
    let d = try store.deciding { () throws -> StoredDecision in
        let decision = try record()
        do { try check(view(store)) } catch { throw StoreError("\(error)") }
        return decision
    }
    if json { try printJSON(d); return }
    print("decision \(d.id): \(d.kind.rawValue) \(terminalSafe(([d.partyA] + (d.partyB.map { [$0] } ?? [])).joined(separator: " + ")))")
}

/// A merge check: the two parties ended in one group.
private func merged(_ a: String, _ b: String) -> (PartiesView) throws -> Void {
    { view in
        guard let ia = view.identities.idOfKey[a], let ib = view.identities.idOfKey[b], view.groupOf[ia] == view.groupOf[ib] else {
            throw CommandFailure(message: "\(terminalSafe(a)) and \(terminalSafe(b)) cannot be merged: their groups hold different resident ID numbers (nothing recorded)")
        }
    }
}

struct PartiesMerge: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "merge", abstract: "Decide that two parties are one person.")
    @OptionGroup var options: CaseOptions
    @Argument(help: "A party: key, name or alias.") var a: String
    @Argument(help: "Another party.") var b: String
    @Option(help: "Why (kept with the decision).") var reason: String

    func run() throws {
        let store = try options.open()
        let view = try view(store)
        let ga = try view.group(named: a, store: store), gb = try view.group(named: b, store: store)
        if ga == gb { throw CommandFailure(message: "\(terminalSafe(a)) and \(terminalSafe(b)) are already one party") }
        let ka = view.key(ga[0]), kb = view.key(gb[0])
        try decide(store, json: options.json, check: merged(ka, kb)) { () throws in
            try store.recordDecision(.merge, ka, kb, reason: reason)
        }
    }
}

/// The current suggestion with number `n` (among all scored pairs, whatever their score).
private func suggestion(_ n: Int64, _ store: any CaseDatabase) throws -> (PartiesView, Suggestion) {
    let view = try view(store, activity: true, minScore: -Double.greatestFiniteMagnitude)
    let found = view.identities.resolution.suggestions.filter { view.identities.number(of: $0) == n }
    guard found.count == 1 else {
        throw CommandFailure(message: found.isEmpty
            ? "no current suggestion \(n) (see `brokergraph parties suggest`)"
            : "suggestion \(n) is ambiguous: use `brokergraph parties merge A B --reason ...`")
    }
    return (view, found[0])
}

/// A suggestion's evidence as kept with the decision: score and reasons (JSON).
private func evidence(_ view: PartiesView, _ s: Suggestion) throws -> String {
    String(decoding: try encodeJSON(view.entry(s)), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}

/// Accepts or rejects suggestion `number`, keeping its score and reasons as the evidence; `check`
/// gives, for the pair's keys, what must hold of the resolution after the decision.
private func decideSuggestion(_ kind: StoredDecision.Kind, _ number: Int64, options: CaseOptions, reason: String,
                              check: (String, String) -> (PartiesView) throws -> Void) throws {
    let store = try options.open()
    let (view, s) = try suggestion(number, store)
    let ka = view.key(s.a), kb = view.key(s.b), evidence = try evidence(view, s)
    try decide(store, json: options.json, check: check(ka, kb)) { () throws in
        try store.recordDecision(kind, ka, kb, reason: reason, evidence: evidence, suggestion: number)
    }
}

struct PartiesAccept: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "accept", abstract: "Accept suggestion N: its parties are one person.")
    @OptionGroup var options: CaseOptions
    @Argument(help: "The suggestion's number.") var number: Int64
    @Option(help: "Why (kept with the decision).") var reason = ""

    func run() throws {
        try decideSuggestion(.accept, number, options: options, reason: reason) { ka, kb in merged(ka, kb) }
    }
}

struct PartiesReject: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reject", abstract: "Reject suggestion N: it is not shown again.")
    @OptionGroup var options: CaseOptions
    @Argument(help: "The suggestion's number.") var number: Int64
    @Option(help: "Why (kept with the decision).") var reason = ""

    func run() throws {
        try decideSuggestion(.reject, number, options: options, reason: reason) { _, _ in { _ in } }
    }
}

struct PartiesSplit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "split", abstract: "Undo the merges of a party: the decisions naming it, else its automatic merges.")
    @OptionGroup var options: CaseOptions
    @Argument(help: "The party: key, name or alias.") var party: String
    @Option(help: "Why (kept with the decision).") var reason = ""

    func run() throws {
        let store = try options.open()
        let view = try view(store)
        let group = try view.group(named: party, store: store)
        guard group.count > 1, let key = try store.partyKey(named: party) else {
            throw CommandFailure(message: "\(terminalSafe(party)) is not merged with any other party")
        }
        try decide(store, json: options.json, check: { _ in }) { () throws in
            try store.recordDecision(.split, key, nil, reason: reason)
        }
    }
}
