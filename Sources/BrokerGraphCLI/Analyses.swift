import ArgumentParser
import BrokerCase
import BrokerGraph
import BrokerInput
import BrokerOutput
import BrokerStore
import Foundation

struct Summary: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Size and time span of the case.")
    @OptionGroup var options: CaseOptions

    func run() throws {
        let summary = try options.open().summary()
        if options.json { try printJSON(summary); return }
        print("""
            parties    \(summary.parties)
            transfers  \(summary.transfers)
            records    \(summary.records)
            amount     \(Number.yuan(Int64((summary.amount * 100).rounded()))) yuan
            first      \(summary.first ?? "-")
            last       \(summary.last ?? "-")
            """)
        if let merged = summary.mergedParties {
            print("merged     \(merged) parties folded into others by identity resolution (see `brokergraph parties`)")
        }
        if let internalTransfers = summary.internalTransfers {
            print("internal   \(internalTransfers) transfers between parties resolved as one: kept in the case, not in the graph")
        }
    }
}

struct Roles: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Each party's role: origin, source, broker, end_user or isolated.",
        discussion: """
            origin: a system or customer pool that a collect row harvests from. source: collects, or \
            passes records on without receiving any. broker: receives and passes on. end_user: receives only.
            """)
    @OptionGroup var options: CaseOptions

    func run() throws {
        let roles = try withProgress("roles") { progress in
            let data = try options.loadCompact(progress: progress)
            progress?.begin("roles")
            return PartyRole.all(data)
        }
            .sorted { ($0.role.order, -$0.outRecords, $0.party) < ($1.role.order, -$1.outRecords, $1.party) }
        if options.json { try printJSONList(roles); return }
        printTable(["party", "name", "role", "in_records", "out_records", "in", "out"], roles.map {
            [terminalSafe($0.party), terminalSafe($0.name), $0.role.rawValue, String($0.inRecords), String($0.outRecords),
             String($0.inTransfers), String($0.outTransfers)]
        })
    }
}

extension Role {
    var order: Int { Role.allCases.firstIndex(of: self)! }
}

struct ComponentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "components",
        abstract: "Weakly connected groups, and strongly connected groups (everyone reaches everyone) of two or more.")
    @OptionGroup var options: CaseOptions

    func run() throws {
        let report = try withProgress("components") { progress in
            let data = try options.loadCompact(progress: progress)
            progress?.begin("components")
            return ComponentsReport(data)
        }
        if options.json { try printJSON(report); return }
        print("weakly connected: \(report.weak.count) groups")
        for (i, group) in report.weak.enumerated() { print("  \(i + 1). \(group.count) parties: \(group.prefix(12).map(terminalSafe).joined(separator: ", "))\(group.count > 12 ? ", …" : "")") }
        print("strongly connected (2 or more): \(report.strong.count) groups")
        for (i, group) in report.strong.enumerated() { print("  \(i + 1). \(group.map(terminalSafe).joined(separator: ", "))") }
    }
}

struct ChainsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chains",
        abstract: "Time-respecting distribution chains, longest first.",
        discussion: """
            A chain is a run of transfers where each receiver passes the same category of data on, \
            no earlier than it received it, and no party appears twice. Without --from/--to: chains \
            that cannot be extended at either end. --from P: chains that start at P. --to P: chains \
            that end at P (where P's data came from).
            """)
    @OptionGroup var options: CaseOptions
    @Option(help: "Only chains that start at this party (id, name or alias).") var from: String?
    @Option(help: "Only chains that end at this party (id, name or alias).") var to: String?
    @Option(help: "At most this many chains.") var limit = 50

    func validate() throws { if limit < 1 { throw ValidationError("--limit must be at least 1") } }

    func run() throws {
        let report = try withProgress("chains") { progress in
            let data = try options.loadCompact(progress: progress)   // labels are read for the printed chains only
            let from = try from.map { try data.vertex($0) }, to = try to.map { try data.vertex($0) }
            return ChainsReport(data, from: from, to: to, limit: limit, progress: progress)
        }
        if options.json {
            // The list itself is the JSON (scripts rely on it); whether it is whole goes to standard error.
            try printJSON(report.chains)
            for note in report.notes(limit: limit) { FileHandle.standardError.write(Data("brokergraph: \(note)\n".utf8)) }
            return
        }
        for (i, chain) in report.chains.enumerated() {
            print("\(i + 1). \(chain.parties.map(terminalSafe).joined(separator: " -> "))")
            print("   \(chain.category.rawValue), \(chain.start) .. \(chain.end), up to \(chain.records) records; rows \(chain.transfers.map(terminalSafe).joined(separator: ", "))")
        }
        if report.chains.isEmpty { print("no chains") }
        for note in report.notes(limit: limit) { print("(\(note))") }
    }
}

extension ChainsReport {
    /// What the user must know about the list: whether it was cut.
    func notes(limit: Int) -> [String] {
        (truncated ? ["list cut at \(limit): more chains exist (raise --limit)"] : [])
            + (complete ? [] : ["search stopped at its step budget: longer chains may exist"])
    }
}

extension CaseData {
    /// The vertex of a party named on the command line, or a failure that says so.
    func vertex(_ name: String) throws -> Int32 {
        guard let v = party(named: name) else { throw CommandFailure(message: "no party named '\(terminalSafe(name))' in the case") }
        return v
    }
}
