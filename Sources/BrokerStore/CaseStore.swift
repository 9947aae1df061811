import BrokerCase
import BrokerInput
import Foundation

/// A case file: the SQLite database that holds one investigation's parties and transfers.
///
/// All SQL of the project lives in this module; the rest sees `CaseData` and plain reports.
public final class CaseStore {
    /// The database file's path.
    public let path: String
    let db: Database
    let environment: [String: String]

    /// The default case file in the working directory.
    public static let defaultPath = "brokergraph.sqlite"

    /// Told of every merge an ingest makes (an undeclared party folded into a declared one), so a
    /// store that stages its ingests here can replay them.
    var mergeObserver: ((_ party: Int64, _ target: Int64) -> Void)?

    /// Whether opening the case created its key file (`<db>.key`).
    public private(set) var createdKeyFile = false

    /// Opens a case file; with `create`, creates it (readable by its owner only) when missing,
    /// together with its secret key file `<db>.key` (unless the key is given through
    /// `BROKERGRAPH_CASE_KEY` or the key file exists already).
    public init(path: String, create: Bool = false,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws(StoreError) {
        self.path = path
        let exists = FileManager.default.fileExists(atPath: path)
        if !create && !exists {
            throw StoreError("\(path): no such case file (run `brokergraph ingest` first)")
        }
        self.environment = environment
        db = try Database(path: path, create: create)
        if create && !exists && environment[CaseKey.environmentVariable] == nil
            && !FileManager.default.fileExists(atPath: CaseKey.path(forDatabase: path)) {
            do { _ = try CaseKey.create(at: CaseKey.path(forDatabase: path)) } catch {
                throw StoreError(error.message)
            }
            createdKeyFile = true
        }
        try db.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
        try migrate()
    }

    private func migrate() throws(StoreError) {
        let exists = try db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'meta'")
        _ = try exists.step()
        let hasMeta = exists.int(0) > 0
        exists.reset()   // an open read of sqlite_master would lock out DROP in a migration
        var version = 0
        if hasMeta {
            let read = try db.prepare("SELECT value FROM meta WHERE key = 'schema_version'")
            if try read.step() { version = Int(read.text(0) ?? "0") ?? 0 }
            read.reset()
        }
        guard version < Migrations.all.count else {
            if version > Migrations.all.count {
                throw StoreError("\(path): made by a newer BrokerGraph (schema \(version)); upgrade the tool")
            }
            return
        }
        try db.execute("BEGIN IMMEDIATE")
        do {
            for migration in Migrations.all[version...] { try db.execute(migration) }
            if version > 0 && version < Migrations.identity { try backfillSightings() }
            let write = try db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)")
            try write.run(["schema_version", String(Migrations.all.count)])
            if version == 0 {
                try write.run(["timezone", "+08:00"])
                try write.run(["created", CaseStore.now()])
            }
            try db.execute("COMMIT")
        } catch {
            try? db.execute("ROLLBACK")
            throw error
        }
    }

    /// A setting from the `meta` table.
    public func setting(_ key: String) throws(StoreError) -> String? { try reader.setting(key) }

    /// Changes a setting in the `meta` table.
    public func setSetting(_ key: String, _ value: String) throws(StoreError) {
        let write = try db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)")
        try write.run([key, value])
    }

    /// The case's time zone in seconds east of UTC.
    public func offsetSeconds() throws(StoreError) -> Int { try reader.offsetSeconds() }

    /// The read code shared with the PostgreSQL store, over this file's connection.
    var reader: CaseReader<Database> { CaseReader(db: db, path: path) }

    static func now() -> String {
        CaseTime.dateTime(Int64(Date().timeIntervalSince1970), offsetSeconds: 0).replacingOccurrences(of: "+00:00", with: "Z")
    }

    // MARK: Reading

    /// Loads the whole case: parties (ordered by id), transfers (ordered by id) and ingests.
    /// - Complexity: one pass over each table.
    public func load() throws(StoreError) -> CaseData {
        try reading { () throws(StoreError) in try reader._load() }
    }

    /// Runs `body` inside one read transaction (unless one is open already): everything it reads
    /// comes from the same snapshot, even while another process commits an ingest (WAL mode lets a
    /// reader go on with the state it started from). Use it around several loads that must agree,
    /// such as `load()` and `loadBatchContents()`.
    public func reading<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        if db.inTransaction { return try body() }
        try db.execute("BEGIN")
        let result: T
        do { result = try body() } catch {
            try? db.execute("ROLLBACK")   // the body's error is the one to report
            throw error
        }
        try db.execute("COMMIT")
        return result
    }

    /// Every completed ingest, oldest first.
    public func ingests() throws(StoreError) -> [IngestInfo] { try reader.ingests() }

    /// A rejected row: where, which column, why.
    public struct RejectedRow: Sendable, Codable {
        public var file: String
        public var line: Int
        public var column: String?
        public var reason: String
    }

    /// Rows set aside by lenient ingests.
    public func rejectedRows() throws(StoreError) -> [RejectedRow] { try reader.rejectedRows() }
}

extension CaseReader {
    func _load() throws(StoreError) -> CaseData {
        let (stored, partyIDs) = try loadParties()
        let vertex = PartyIndex(partyIDs)
        let resolved = try resolvedParties(stored, ids: partyIDs)
        var internalTransfers = 0
        let ingests = try self.ingests()
        let fileOf = try sourceFiles(ingests)
        var table = TransferTable()
        let count = try db.prepare("SELECT count(*) FROM transfers")
        _ = try count.step()
        table.reserve(Int(count.int(0)))
        let rows = try db.prepare("""
            SELECT row_id, ingest_id, line, time, time_earliest, time_latest, from_party, to_party, records,
                   category, mode, amount_fen, batch, channel, evidence, note
            FROM transfers ORDER BY id
            """)
        while try rows.step() {
            let source = SourceLocation(file: fileOf[rows.int(1)] ?? "?", line: Int(rows.int(2)))
            guard let storedFrom = vertex[rows.int(6)], let storedTo = vertex[rows.int(7)] else {
                throw StoreError("\(path): transfer at \(source) names a party that does not exist")
            }
            let from = resolved.remap[Int(storedFrom)], to = resolved.remap[Int(storedTo)]
            if from == to { internalTransfers += 1; continue }
            table.append(Transfer(
                label: rows.text(0) ?? source.description, source: source, from: from, to: to,
                time: TimeSpan(earliest: rows.int(4), latest: rows.int(5)), timeText: rows.text(3) ?? "",
                records: rows.int(8), category: Category(rawValue: rows.text(9) ?? "") ?? .other,
                mode: TransferMode(rawValue: rows.text(10) ?? "") ?? .provide, amountFen: rows.optionalInt(11),
                batch: rows.text(12), channel: rows.text(13), evidence: rows.text(14), note: rows.text(15)))
        }
        let payments = try loadPayments(vertex: vertex, remap: resolved.remap, fileOf: fileOf)
        return CaseData(parties: resolved.parties, transfers: table, ingests: ingests, offsetSeconds: try offsetSeconds(),
                        internalTransfers: internalTransfers, payments: payments)
    }

    /// The name each ingest's rows are placed under: the file, or FILE:SHEET for a workbook sheet
    /// (a row read from a sheet is placed as FILE:SHEET:ROW).
    func sourceFiles(_ ingests: [IngestInfo]) throws(StoreError) -> [Int64: String] {
        var fileOf = Dictionary(uniqueKeysWithValues: ingests.map { ($0.id, $0.file) })
        let sheets = try db.prepare("SELECT id, sheet FROM ingests WHERE sheet IS NOT NULL")
        while try sheets.step() { if let file = fileOf[sheets.int(0)] { fileOf[sheets.int(0)] = "\(file):\(sheets.text(1) ?? "")" } }
        return fileOf
    }

    /// Payments between resolved parties, ordered by id (the few rows of mapped bills, read whole).
    func loadPayments(vertex: PartyIndex, remap: [Int32], fileOf: [Int64: String]) throws(StoreError) -> [Payment] {
        var payments: [Payment] = []
        let paymentRows = try db.prepare("""
            SELECT ingest_id, line, time, time_earliest, time_latest, payer, payee, amount_fen, reference, note
            FROM payments ORDER BY id
            """)
        while try paymentRows.step() {
            let source = SourceLocation(file: fileOf[paymentRows.int(0)] ?? "?", line: Int(paymentRows.int(1)))
            guard let storedPayer = vertex[paymentRows.int(5)], let storedPayee = vertex[paymentRows.int(6)] else {
                throw StoreError("\(path): payment at \(source) names a party that does not exist")
            }
            let payer = remap[Int(storedPayer)], payee = remap[Int(storedPayee)]
            if payer == payee { continue }   // within one resolved party: not a payment between parties
            payments.append(Payment(source: source, payer: payer, payee: payee,
                                    time: TimeSpan(earliest: paymentRows.int(3), latest: paymentRows.int(4)),
                                    timeText: paymentRows.text(2) ?? "", amountFen: paymentRows.int(7),
                                    reference: paymentRows.text(8), note: paymentRows.text(9)))
        }
        return payments
    }

    /// Every completed ingest, oldest first.
    func ingests() throws(StoreError) -> [IngestInfo] {
        let rows = try db.prepare("""
            SELECT id, kind, file, sha256, ingested_at, rows, accepted, rejected FROM ingests
            WHERE sha256 IS NOT NULL ORDER BY id
            """)
        var result: [IngestInfo] = []
        while try rows.step() {
            result.append(IngestInfo(id: rows.int(0), kind: rows.text(1) ?? "", file: rows.text(2) ?? "",
                                     sha256: rows.text(3) ?? "", ingestedAt: rows.text(4) ?? "",
                                     rows: Int(rows.int(5)), accepted: Int(rows.int(6)), rejected: Int(rows.int(7))))
        }
        return result
    }

    /// Rows set aside by lenient ingests.
    func rejectedRows() throws(StoreError) -> [CaseStore.RejectedRow] {
        let rows = try db.prepare("""
            SELECT i.file, r.line, r.column_name, r.reason FROM rejected_rows r JOIN ingests i ON i.id = r.ingest_id
            ORDER BY r.id
            """)
        var result: [CaseStore.RejectedRow] = []
        while try rows.step() {
            result.append(CaseStore.RejectedRow(file: rows.text(0) ?? "", line: Int(rows.int(1)), column: rows.text(2), reason: rows.text(3) ?? ""))
        }
        return result
    }
}
