import ArgumentParser
import BrokerCase
import BrokerInput
import BrokerOutput
import BrokerStore
import Foundation

struct Severity: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Legal screening: per party, records counted per category, gains, and the thresholds they reach.",
        discussion: """
            A screening aid for an investigator, not a legal finding. Counting follows art. 11 of \
            Fa Shi [2017] No. 10 by default: records obtained and then passed on are not counted \
            twice; the same records passed to two recipients count twice. With batch ids: a batch the \
            party passed on counts once per recipient, a batch it only received counts once. Without: \
            max(obtained, provided). Insiders (declared, or collecting) need half the thresholds. \
            --rules FILE replaces the built-in rule set (cn-2017) with a JSON rule file.
            """)
    @OptionGroup var options: CaseOptions
    @Option(name: .long, help: "A JSON rule file (default: the built-in cn-2017).") var rules: String?
    @Option(name: .long, help: "Only this party (id, name or alias).") var party: String?

    func run() throws {
        let rules = try self.rules.map { path throws(RuleError) in try RuleSet.load(path: path) } ?? RuleSet.cn2017
        let store = try CaseStore(path: options.db)
        let (data, contents) = try store.reading { () throws(StoreError) in (try store.load(), try store.loadBatchContents()) }
        var report = SeverityReport.screen(data, rules: rules, contents: contents)
        if let party {
            let key = data.parties[Int(try data.vertex(party))].key
            report = report.filter { $0.party == key }
            if report.isEmpty { throw CommandFailure(message: "'\(terminalSafe(party))' is not screened (an origin, or in no transfer)") }
        }
        if options.json { try printJSON(report); return }
        print("NOTICE: screening aid for an investigator, not a legal finding; rules \(rules.id); every number below is traced to its rows.")
        print("rules: \(rules.title)")
        print("")
        printTable(["party", "name", "level", "insider", "counted", "gains"], report.map { s in
            [terminalSafe(s.party), terminalSafe(s.name), s.level.words, s.insider ? "yes" : "",
             s.counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "),
             "\(s.gains)"]
        })
        for s in report where s.level != .none || party != nil {
            print("")
            print("\(terminalSafe(s.party)) \(terminalSafe(s.name)): \(s.level.words)")
            for line in s.basis { print("  - \(line)") }
            if s.basis.isEmpty {
                print("  - no threshold reached (sum of shares \(String(format: "%.2f", s.shares["serious"] ?? 0)))")
            }
            for (category, rows) in s.rows.sorted(by: { $0.key < $1.key }) {
                print("  \(category): obtained \(s.obtained[category] ?? 0), provided \(s.provided[category] ?? 0), counted \(s.counts[category] ?? 0) (\(s.counting[category] ?? "")); max rule \(s.maxRule[category] ?? 0)")
                print("    counted rows: \(rows.counted.map(terminalSafe).joined(separator: ", "))")
            }
            if !s.gainsRows.isEmpty { print("  gains \(s.gains) yuan from \(s.gainsRows.count) sales: \(s.gainsRows.map(terminalSafe).joined(separator: ", "))") }
            for note in s.notes { print("  note: \(terminalSafe(note))") }
        }
        if !rules.notModelled.isEmpty {
            print("")
            print("Not screened by these rules:")
            for line in rules.notModelled { print("  - \(line)") }
        }
    }
}

struct Exposure: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Per resident: every party that held their record, since when and through which chain; per source: how many residents its data reached.",
        discussion: """
            Needs batch contents (brokergraph ingest a file with columns batch, subject). A batch's \
            records travel only along transfers carrying its batch id, in time order; transfers without \
            a batch id are not followed (which residents they carried is unknown). --subject looks one \
            resident up by the identifier (phone number, ID-card number...), hashed with the case key.
            """)
    @OptionGroup var options: CaseOptions
    @Option(name: .long, help: "One resident's identifier, e.g. a phone number (needs the case key).") var subject: String?
    @Option(name: .long, help: "Text output: list at most this many residents.") var limit = 20

    func run() throws {
        let store = try CaseStore(path: options.db)
        let (data, contents) = try store.reading { () throws(StoreError) in (try store.load(), try store.loadBatchContents()) }
        if contents.isEmpty {
            throw CommandFailure(message: "no batch contents in the case: ingest a file with columns batch, subject (and optional category)")
        }
        var index: Int32?
        if let subject {
            let key = try store.caseKey()
            guard let hash = key.hash(identifier: subject) else { throw CommandFailure(message: "--subject: empty identifier") }
            guard let i = contents.subjects.firstIndex(of: hash) else {
                throw CommandFailure(message: "--subject: this identifier is in no batch of the case")
            }
            index = Int32(i)
        }
        let report = ExposureReport(data, contents: contents, subject: index)
        if options.json { try printJSON(report); return }
        if index != nil {
            for resident in report.residents {
                print("resident \(resident.subject) (keyed-hash pseudonym), in batches \(resident.batches.map(terminalSafe).joined(separator: ", "))")
                printTable(["party", "name", "first", "batch", "whole", "chain"], resident.holders.map { h in
                    [terminalSafe(h.party), terminalSafe(h.name), h.first ?? "(origin)", terminalSafe(h.batch), h.whole ? "yes" : "extract",
                     h.chain.isEmpty ? "" : "\(h.parties.map(terminalSafe).joined(separator: " -> ")) (\(h.chain.map(terminalSafe).joined(separator: ", ")))"]
                })
            }
        } else {
            print("Sources: distinct residents in their batches, and how far they went (set union, not a sum of copies)")
            printTable(["source", "name", "origins", "batches", "residents", "reached", "parties", "exposures"], report.sources.map { s in
                [terminalSafe(s.source), terminalSafe(s.name), s.origins.map(terminalSafe).joined(separator: ", "), String(s.batches.count),
                 String(s.residents), String(s.reached), String(s.parties), String(s.exposures)]
            })
            print("")
            let ranked = report.residents.sorted { ($1.holders.count, $0.subject) < ($0.holders.count, $1.subject) }
            print("\(report.residents.count) residents; most widely held (first \(min(limit, ranked.count))):")
            print("(holders: every party that got a batch holding the record; whole: through whole batches only, so certainly)")
            printTable(["resident", "holders", "whole", "batches"], ranked.prefix(limit).map {
                [$0.subject, String($0.holders.count), String($0.holders.filter(\.whole).count),
                 $0.batches.map(terminalSafe).joined(separator: ", ")]
            })
        }
        if report.untrackedTransfers > 0 {
            print("(\(report.untrackedTransfers) transfers without a batch id were not followed: their residents are unknown)")
        }
        if !report.batchesWithoutContents.isEmpty {
            print("(batches with no listed residents: \(report.batchesWithoutContents.map(terminalSafe).joined(separator: ", ")))")
        }
        if !report.contentsWithoutTransfers.isEmpty {
            print("(listed batches that no transfer carries: \(report.contentsWithoutTransfers.map(terminalSafe).joined(separator: ", ")))")
        }
    }
}
