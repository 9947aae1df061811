import ArgumentParser
import BrokerCase
import BrokerGraph
import BrokerInput
import BrokerOutput
import BrokerStore
import Foundation

struct Severity: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Legal screening: per party, records counted per category, gains, and the thresholds they reach.",
        discussion: """
            A screening aid for an investigator, not a legal finding (Fa Shi [2017] No. 10 by default). \
            Items 3-7 test everything at the full thresholds; item 8 tests an insider's duty data sold \
            or provided (collected, passed on without a recorded receipt, or marked with --duty) at \
            half. Counting follows art. 11: each record once if obtained, once per distinct recipient \
            if more; exact where batch contents list the residents, otherwise the lower bound the rows \
            prove decides and the upper bound is shown beside it. \
            --rules FILE replaces the built-in rule set (cn-2017) with a JSON rule file.
            """)
    @OptionGroup var options: CaseOptions
    @Option(name: .long, help: "A JSON rule file (default: the built-in cn-2017).") var rules: String?
    @Option(name: .long, help: "Only this party (id, name or alias).") var party: String?
    @Option(name: .long, help: ArgumentHelp("Mark a batch as a party's duty data (art. 5 para. 1 item 8), as PARTY=BATCH; repeatable.",
                                            valueName: "party=batch")) var duty: [String] = []

    func validate() throws {
        for d in duty where d.split(separator: "=", maxSplits: 1).count != 2 {
            throw ValidationError("--duty: expected PARTY=BATCH, got '\(terminalSafe(d))'")
        }
    }

    func run() throws {
        let rules = try self.rules.map { path throws(RuleError) in try RuleSet.load(path: path) } ?? RuleSet.cn2017
        let store = try options.open()
        let (data, contents) = try withProgress("severity") { progress in
            try store.reading { () throws(StoreError) in (try store.loadCompact(progress: progress), try store.loadBatchContents()) }
        }
        var marks: [String: Set<String>] = [:]
        for d in duty {
            let parts = d.split(separator: "=", maxSplits: 1).map(String.init)
            marks[data.parties[Int(try data.vertex(parts[0]))].key, default: []].insert(parts[1].trimmingWhitespace())
        }
        if let party {
            let v = Int(try data.vertex(party))
            guard let screening = SeverityReport.screen(data, party: v, rules: rules, contents: contents, duty: marks) else {
                throw CommandFailure(message: "'\(terminalSafe(party))' is not screened (a pure origin or a system, or in no transfer)")
            }
            if options.json { try printJSON([screening]); return }
            printText(rows: [Self.row(screening)], details: [ScreeningText.lines(screening)], rules: rules)
            return
        }
        // Parties are screened a batch at a time in the list's order, so memory holds one batch
        // of screenings, not one per party of a national case.
        if options.json {
            var list = JSONListWriter { FileHandle.standardOutput.write(Data($0)) }
            try SeverityReport.screenInOrder(data, rules: rules, contents: contents, duty: marks) { batch in
                for screening in batch { try list.write(screening) }
            }
            try list.finish()
            return
        }
        var rows: [[String]] = [], details: [[String]] = []
        SeverityReport.screenInOrder(data, rules: rules, contents: contents, duty: marks) { batch in
            rows += batch.map(Self.row)
            details += batch.filter { $0.level != .none || $0.art6 != nil }.map(ScreeningText.lines)
        }
        printText(rows: rows, details: details, rules: rules)
    }

    /// A party's line in the text table.
    static func row(_ s: Screening) -> [String] {
        [terminalSafe(s.party), terminalSafe(s.name), s.level.words, s.levelUpper == s.level ? "" : s.levelUpper.words,
         s.insider ? "yes" : "",
         s.counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "),
         "\(s.gains)", s.flags]
    }

    /// The notice, the table, each detail (a party's lines), and what the rules leave out.
    private func printText(rows: [[String]], details: [[String]], rules: RuleSet) {
        print("NOTICE: screening aid for an investigator, not a legal finding; rules \(rules.id); every number below is traced to its rows.")
        print("rules: \(rules.title)")
        if !rules.assumptions.isEmpty {
            print("Assumed:")
            for line in rules.assumptions { print("  - \(line)") }
        }
        print("")
        printTable(["party", "name", "level", "upper bound", "insider", "counted", "gains", "flags"], rows)
        for lines in details {
            print("")
            for line in lines { print(terminalSafe(line)) }
        }
        if !rules.notModelled.isEmpty {
            print("")
            print("Not screened by these rules:")
            for line in rules.notModelled { print("  - \(line)") }
        }
    }
}

/// The text of one party's screening: both tests, the bounds and rows behind each count, flags.
enum ScreeningText {
    static func lines(_ s: Screening) -> [String] {
        var out = ["\(s.party) \(s.name): \(s.level.words)" + (s.levelUpper == s.level ? "" : " (upper bound: \(s.levelUpper.words))")
                   + (s.insider ? ", insider (\(s.insiderBecause.joined(separator: ", ")))" : "")]
        for line in s.basis { out.append("  - \(line)") }
        if s.basis.isEmpty { out.append("  - no threshold reached (sum of shares \(String(format: "%.2f", s.shares["serious"] ?? 0)))") }
        for test in s.tests {
            out.append("  \(test.test)\(test.factor == 1 ? " (full thresholds)" : " (thresholds × \(test.factor), duty data sold or provided)"): \(test.level.words)"
                       + (test.levelUpper == test.level ? "" : ", upper bound \(test.levelUpper.words)"))
            for (c, b) in test.bounds.sorted(by: { $0.key < $1.key }) {
                let exact = b.exact.map { "exact \($0) (residents listed), " } ?? ""
                out.append("    \(c): \(exact)lower \(b.lower), upper \(b.upper) (obtained once \(b.obtainedOnce), provided per recipient \(b.providedPerRecipient), largest hand-over \(b.largestHandover)); decided on \(b.decidedBy) \(b.decided)")
                out.append("      rows: \((test.rows[c] ?? []).joined(separator: ", "))")
            }
            if !test.gainsRows.isEmpty { out.append("    gains \(test.gains) yuan from \(test.gainsRows.count) sales: \(test.gainsRows.joined(separator: ", "))") }
        }
        if !s.duty.isEmpty {
            out.append("  duty data passed on: " + s.duty.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.joined(separator: ", "))" }.joined(separator: "; "))
        }
        if let a = s.art6 { out.append("  flag: \(a.reason) (\(a.cite): \(a.note))") }
        for (category, rows) in s.rows.sorted(by: { $0.key < $1.key }) {
            out.append("  \(category): obtained \(s.obtained[category] ?? 0) on \(rows.obtained.count) rows, provided \(s.provided[category] ?? 0) on \(rows.provided.count) rows")
        }
        for w in s.warnings { out.append("  warning: \(w)") }
        for note in s.notes { out.append("  note: \(note)") }
        return out
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
        let store = try options.open()
        let (data, contents) = try withProgress("exposure") { progress in
            try store.reading { () throws(StoreError) in (try store.loadCompact(progress: progress), try store.loadBatchContents()) }
        }
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
