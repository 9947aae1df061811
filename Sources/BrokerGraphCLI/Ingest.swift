import ArgumentParser
import BrokerCase
import BrokerGraph
import BrokerInput
import BrokerOutput
import BrokerStore
import Foundation

struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read transfer, party or batch contents files (CSV or JSON Lines) into the case database.",
        discussion: """
            Strict by default: the first bad row stops the run with FILE:LINE: column: what is wrong, \
            and the database is left exactly as it was. --lenient keeps going and stores each bad row \
            with its reason. Ingesting the same content twice adds nothing. `-` reads standard input.

            Batch contents (columns batch, subject, optional category; detected by the subject \
            column) list the residents each batch held. Identifiers are never stored: each is \
            replaced by its HMAC-SHA256 under the case's secret key, kept in DB.key (created with \
            the case, readable by its owner only) or given through BROKERGRAPH_CASE_KEY (hex).
            """)

    @Option(name: .customLong("db"), help: "The case database (created when missing): a case file (default ./brokergraph.sqlite) or postgres://… (default: BROKERGRAPH_DB).")
    var dbOption: String?

    @OptionGroup var location: CaseLocation

    var db: String { CaseLocation.database(dbOption) }

    @Option(name: .long, help: "transfers, parties or batches (default: batches when the header has subject, parties when it has aliases or occupation).")
    var kind: InputKind?

    @Option(name: .customLong("map"), help: "Read the files through a mapping (YAML or JSON), or a built-in preset: \(Mapping.presetNames.joined(separator: ", ")).")
    var mapping: String?

    @Option(name: .long, help: "The owner of the phone or ledger a mapped file comes from (for mappings that take direction from a column).")
    var owner: String?

    @Flag(name: .long, help: "Keep going past bad rows, storing each with its reason.")
    var lenient = false

    @Option(name: .long, help: "The case's time zone for times without an offset, e.g. +08:00 (set when the case is created).")
    var timezone: String?

    @Flag(name: .long, help: "Print the report as JSON.")
    var json = false

    @Argument(help: "Files to read (`-` for standard input).")
    var files: [String]

    func validate() throws {
        if let timezone, CaseTime.parseOffset(timezone) == nil {
            throw ValidationError("--timezone: expected an offset such as +08:00")
        }
        if files.isEmpty { throw ValidationError("name at least one file") }
        if mapping != nil && kind != nil { throw ValidationError("--kind and --map exclude each other: the mapping names its kinds") }
        if owner != nil && mapping == nil { throw ValidationError("--owner goes with --map") }
    }

    func run() throws {
        let existed = FileManager.default.fileExists(atPath: db)
        let keyExisted = FileManager.default.fileExists(atPath: CaseKey.path(forDatabase: db))
        let started = Date()
        let reports: [IngestReport]
        let map = try mapping.map { try Mapping.named($0) }
        do {
            let store = try location.open(dbOption, create: true)
            reports = try withProgress("ingest") { progress in
                progress?.begin("rows read")
                var counted = 0
                return try store.ingest(paths: files, kind: kind, mapping: map, owner: owner, lenient: lenient,
                                        offsetSeconds: timezone.flatMap(CaseTime.parseOffset)) { rows in
                    progress?.advance(by: rows - counted)   // the run's rows so far, every file's
                    counted = rows
                }
            }
        } catch {
            // A run that fails leaves no new case file behind.
            if !existed && !PostgresStore.isURL(db) {
                for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: db + suffix) }
                if !keyExisted { try? FileManager.default.removeItem(atPath: CaseKey.path(forDatabase: db)) }
            }
            throw error
        }
        if json { try printJSON(reports); return }
        let seconds = Date().timeIntervalSince(started)
        for r in reports {
            if r.alreadyIngested {
                print("\(terminalSafe(r.file)): already ingested (same content, sha256 \(r.sha256.prefix(12))…): nothing added")
                continue
            }
            let skipped = r.skipped.values.reduce(0, +)
            var line = "\(terminalSafe(r.file))\(r.sheet.map { ":" + terminalSafe($0) } ?? ""): \(r.kind), \(r.accepted) of \(r.rows - skipped) rows stored"
            if r.rejected > 0 { line += ", \(r.rejected) rejected (see rejected_rows)" }
            if skipped > 0 { line += ", \(skipped) skipped" }
            if r.newParties > 0 { line += ", \(r.newParties) new parties" }
            print(line)
            for (rule, n) in r.skipped.sorted(by: { $0.key < $1.key }) { print("  skipped \(n): \(terminalSafe(rule))") }
            for (batch, n) in r.residents.sorted(by: { $0.key < $1.key }) { print("  batch \(terminalSafe(batch)): \(n) distinct residents") }
            if !r.ignoredColumns.isEmpty { print("  ignored columns: \(r.ignoredColumns.map(terminalSafe).joined(separator: ", "))") }
        }
        let rows = reports.reduce(0) { $0 + $1.rows }
        let rejected = reports.reduce(0) { $0 + $1.rejected }
        print(String(format: "%d rows, %d rejected, %.2f s -> %@", rows, rejected, seconds, PostgresStore.isURL(db) ? "\(PostgresStore.redactedURL(db)) case \(String(reflecting: location.caseName ?? ""))" : db))
    }
}

extension InputKind: ExpressibleByArgument {}
