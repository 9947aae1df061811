import BrokerCase
import BrokerGraph
import BrokerIdentity
import BrokerInput
import Foundation

/// What one input file contributed.
public struct IngestReport: Sendable, Codable {
    public var file: String
    public var kind: String
    public var sha256: String
    /// Data rows read.
    public var rows: Int
    public var accepted: Int
    public var rejected: Int
    /// New parties created for names no parties file declared.
    public var newParties: Int
    /// True when the same content had been ingested before: nothing was added.
    public var alreadyIngested: Bool
    /// Columns ignored (lenient mode only).
    public var ignoredColumns: [String]
    /// The sheet read (workbooks through a mapping).
    public var sheet: String?
    /// SHA-256 of the mapping the file was read through.
    public var mapping: String?
    /// Rows a mapping set aside (blank rows, skip rules, neutral bill lines), by rule.
    public var skipped: [String: Int] = [:]
    /// Distinct residents per batch, for batch contents (a resident list's record count).
    public var residents: [String: Int] = [:]
    enum CodingKeys: String, CodingKey {
        case file, kind, sha256, rows, accepted, rejected, sheet, mapping, skipped, residents
        case newParties = "new_parties", alreadyIngested = "already_ingested", ignoredColumns = "ignored_columns"
    }
}

/// The kinds of input file.
public enum InputKind: String, Sendable, CaseIterable {
    case transfers, parties, batches

    /// Guesses the kind from a header: a batch contents file has a `subject` column, a parties
    /// file an `aliases`, `occupation` or `identifiers` column.
    static func detect(_ header: [String]) -> InputKind {
        header.contains("subject") ? .batches
            : header.contains("aliases") || header.contains("occupation") || header.contains("identifiers") ? .parties : .transfers
    }

    var schema: Schema {
        switch self {
        case .transfers: TransferRow.schema
        case .parties: PartyRow.schema
        case .batches: BatchRow.schema
        }
    }
}

extension CaseStore {
    /// Ingests files in one transaction.
    ///
    /// Strict mode (the default) stops at the first bad row and throws it: the database is left
    /// exactly as before. Lenient mode stores each bad row with its reason in `rejected_rows` and
    /// goes on. A file whose content was ingested before adds nothing. Memory does not grow with
    /// the number of rows: rows stream from the file into the database.
    /// - Parameter progress: called now and then with the rows read so far, of every file of the run.
    /// - Parameter offsetSeconds: the case's time zone for times without an offset; it can be set
    ///   while the case holds no data, and is kept only if the run succeeds.
    /// - Parameter mapping: reads every file through this mapping (`kind` is then ignored);
    ///   `owner` overrides the mapping's owner.
    public func ingest(paths: [String], kind: InputKind? = nil, mapping: Mapping? = nil, owner: String? = nil,
                       lenient: Bool = false, offsetSeconds: Int? = nil,
                       progress: ((Int) -> Void)? = nil) throws -> [IngestReport] {
        // A larger page cache for the bulk load (bounded: memory does not grow with the rows), and
        // statement journals in memory: each insert of many rows keeps one (to undo itself on a
        // repeated id), a few pages at most, which otherwise went to a temporary file (1M rows:
        // 337,000 writes of a page where the case file needs 21,000).
        try db.execute("PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY")
        defer { try? db.execute("PRAGMA temp_store = DEFAULT") }
        // The first load into a case without transfers writes each page once, through a rollback
        // journal, instead of twice (into the write-ahead log, then back into the file): 20% of
        // SQLite's part of a bulk insert (measured). Only when no other connection has the case open
        // (SQLite refuses the switch otherwise), and back to WAL after, so that later ingests let
        // readers read while they write.
        let rollbackJournal = try isEmptyOfTransfers() && db.setJournalMode("delete")
        defer { if rollbackJournal { _ = try? db.setJournalMode("wal") } }
        try db.execute("BEGIN IMMEDIATE")
        do {
            if let offsetSeconds, offsetSeconds != (try self.offsetSeconds()) {
                guard try ingests().isEmpty else {
                    throw StoreError("\(path): the case already holds data read in time zone \(try setting("timezone") ?? "+08:00"); its zone cannot change")
                }
                try setSetting("timezone", String(CaseTime.dateTime(0, offsetSeconds: offsetSeconds).suffix(6)))
            }
            let session = try IngestSession(store: self, lenient: lenient, progress: progress)
            // Into a case without transfers, strictly: load the first file without the row-id
            // index and build it after (one sort instead of a B-tree insert per row). Building it
            // finds a repeated id; the first repeat is then reported as the row-by-row check would.
            var withoutIndex = try !lenient && mapping == nil && isEmptyOfTransfers()
            if withoutIndex { try db.execute("DROP INDEX transfers_row_id") }
            var reports: [IngestReport] = []
            do {
                for path in paths {
                    if let mapping {
                        reports.append(try session.ingest(path: path, mapping: mapping, owner: owner))
                    } else {
                        reports.append(try session.ingest(path: path, kind: kind))
                    }
                    if withoutIndex {
                        try buildRowIDIndex()
                        withoutIndex = false
                    }
                }
            } catch let error as InputError where withoutIndex {
                // Strict mode stops at the earliest problem: a repeated id in the rows before it.
                if let repeated = try firstRepeatedRowID() { throw repeated }
                throw error
            }
            for report in reports where !report.alreadyIngested {
                try recordAudit("ingest", subject: report.file, sha256: report.sha256,
                                detail: "\(report.kind): \(report.accepted) rows stored, \(report.rejected) rejected")
            }
            try db.execute("COMMIT")
            return reports
        } catch {
            try? db.execute("ROLLBACK")
            throw error
        }
    }

    private func isEmptyOfTransfers() throws(StoreError) -> Bool {
        let any = try db.prepare("SELECT NOT EXISTS (SELECT 1 FROM transfers)")
        _ = try any.step()
        return any.int(0) != 0
    }

    /// Creates the row-id index dropped for a bulk load; a repeated row id stops it with the
    /// message the row-by-row check gives (FILE:LINE of the repeat).
    private func buildRowIDIndex() throws {
        var failure: StoreError?
        do { try db.execute("CREATE UNIQUE INDEX transfers_row_id ON transfers(row_id) WHERE row_id IS NOT NULL") } catch {
            failure = error
        }
        guard let failure else { return }
        if failure.isConstraint, let repeated = try firstRepeatedRowID() { throw repeated }
        throw failure
    }

    /// The earliest stored row whose id an earlier row already has, as the ingest error.
    /// - Complexity: one sort of the row ids (only on the way to an error).
    private func firstRepeatedRowID() throws(StoreError) -> InputError? {
        let repeated = try db.prepare("""
            SELECT i.file, t.line FROM transfers t JOIN ingests i ON i.id = t.ingest_id
            JOIN (SELECT row_id, min(id) AS first FROM transfers WHERE row_id IS NOT NULL
                  GROUP BY row_id HAVING count(*) > 1) d ON d.row_id = t.row_id AND t.id > d.first
            ORDER BY t.id LIMIT 1
            """)
        guard try repeated.step() else { return nil }
        return InputError(SourceLocation(file: repeated.text(0) ?? "?", line: Int(repeated.int(1))), column: "id",
                          "this id is already in the case (row ids must be unique)")
    }
}

/// What one ingest's stored transfers add up to (`transfer_totals`), summed as they are stored.
struct TransferTotals {
    var transfers: Int64 = 0
    var records: Int64 = 0
    var amountFen: Int64 = 0
    var first: Int64?
    var last: Int64?

    mutating func add(_ pack: PackedTransfers, _ row: Int) {
        transfers += 1
        records &+= pack.records(row)
        amountFen &+= pack.amountFen(row) ?? 0
        first = min(first ?? pack.earliest(row), pack.earliest(row))
        last = max(last ?? pack.latest(row), pack.latest(row))
    }
}

/// A transfer given its parties, waiting to be stored.
struct PendingTransfer {
    let pack: PackedTransfers
    let row: Int
    let from: Int64
    let to: Int64
}

/// A row the reader rejected, on its way to `reject`.
private struct BadRow: Error {
    var error: InputError
    var raw: String?
}

/// The state of one ingest run: the name-to-party map and every statement the run uses, each
/// prepared once when the run starts.
final class IngestSession {
    let store: CaseStore
    let db: Database
    let lenient: Bool
    let offset: Int
    let progress: ((Int) -> Void)?
    /// Rows of the run's files read before the current one (for `progress`).
    var rowsOfEarlierFiles = 0
    /// Party keys and aliases to party ids. One thread at a time touches it (the session's, or the
    /// resolving thread while it runs: `PartyResolver`): without the run-time exclusivity check of
    /// each access (measured: 2% of an ingest).
    @exclusivity(unchecked) var partyByName = NameTable()
    /// Party ids that no parties file declared (created from a transfer's name). Like
    /// `partyByName`, it belongs to the resolving thread while one runs (`PartyResolver`).
    @exclusivity(unchecked) var undeclared: Set<Int64> = []
    /// The id the next party a transfer names gets: one past the largest (as SQLite gives it).
    @exclusivity(unchecked) var nextPartyID: Int64 = 1
    let statements: IngestStatements
    /// The case key, loaded when the first batch contents file is read.
    var key: CaseKey?
    /// Subject ids by keyed hash, filled as residents are met.
    var subjectIDs: [[UInt8]: Int64] = [:]
    /// The transfers the file being read has stored so far.
    @exclusivity(unchecked) var totals = TransferTotals()
    /// Transfers given their parties, waiting to be stored (`store`), with the packs that hold
    /// their values. Touched by the session's thread only.
    @exclusivity(unchecked) private var pending: [PendingTransfer] = []

    init(store: CaseStore, lenient: Bool, progress: ((Int) -> Void)?) throws(StoreError) {
        self.store = store
        db = store.db
        self.lenient = lenient
        self.progress = progress
        offset = try store.offsetSeconds()
        statements = try IngestStatements(db)
        try loadNames()
    }

    /// One file about to be read: what it is stored as, and its checked rows.
    struct FileRead {
        var kind: String
        var file: String
        var sheet: String?
        var mapping: String?
        var needsKey: Bool
        var ignoredColumns: [String]
        var stream: ParsedRowStream
    }

    func ingest(path: String, kind: InputKind?) throws -> IngestReport {
        let input = try ByteInput(path: path)
        var reader = try TableReader(input: input)
        let kind = kind ?? InputKind.detect(reader.header)
        try reader.bind(kind.schema, allowUnknown: lenient)
        let file = input.name, offset = self.offset
        let transfers = kind == .transfers ? TransferLines(file: file, offsetSeconds: offset) : nil
        let stream = ParsedRowStream(reader: reader, threads: Parallel.defaultThreads, transfers: transfers) { row in
            do throws(InputError) {
                switch kind {
                case .parties: return .party(try PartyRow(row, file: file))
                case .batches: return .batch(try BatchRow(row, file: file))
                case .transfers: return .transfer(try TransferRow(row, file: file, offsetSeconds: offset))
                }
            } catch {
                return .bad(error, raw: IngestSession.raw(row, schema: kind.schema))
            }
        }
        return try run(FileRead(kind: kind.rawValue, file: file, sheet: nil, mapping: nil, needsKey: kind == .batches,
                                ignoredColumns: reader.unknownColumns, stream: stream))
    }

    /// Reads a file through a mapping: its kind is the mapping's output kinds (`transfers+payments`).
    func ingest(path: String, mapping: Mapping, owner: String?) throws -> IngestReport {
        let source = try mapping.openSource(path: path)
        let rows = try MappedRows(mapping: mapping, source: source, offsetSeconds: offset, owner: owner)
        let kinds = mapping.outputs.map(\.kind)
        return try run(FileRead(kind: kinds.map(\.rawValue).joined(separator: "+"), file: source.file, sheet: source.sheet,
                                mapping: mapping.sha256, needsKey: kinds.contains(.batches), ignoredColumns: [],
                                stream: ParsedRowStream(producer: rows)))
    }

    private func run(_ read: FileRead) throws -> IngestReport {
        let stream = read.stream
        // Stops the stream's threads however this ends (they wait for rows to be taken).
        defer { stream.cancel() }
        if read.needsKey && key == nil {
            let key = try store.caseKey(creating: true)
            try store.recordKeyCheck(key)
            self.key = key
        }
        try db.execute("SAVEPOINT file")
        try statements.beginIngest.run([read.kind, read.file, CaseStore.now(), lenient, read.mapping, read.sheet])
        let ingestID = db.lastInsertID
        var deferred: InputError?
        totals = TransferTotals()
        var report = IngestReport(file: read.file, kind: read.kind, sha256: "", rows: 0, accepted: 0, rejected: 0,
                                  newParties: 0, alreadyIngested: false, ignoredColumns: read.ignoredColumns,
                                  sheet: read.sheet, mapping: read.mapping)
        // Transfers wait in `pending` until enough are there for one insert; every other row,
        // and every error, stores them first, so that rows are stored and judged in file order.
        func flush(all: Bool = true) throws { try store(all: all, ingestID: ingestID, report: &report, deferred: &deferred) }
        nextPartyID = try largestPartyID() + 1
        let resolver = PartyResolver(session: self, stream: stream)
        defer { resolver.cancel() }
        var reported = 0
        while true {
            let unit: PartyResolver.Unit
            do {
                guard let next = try resolver.take() else { break }
                unit = next
            } catch {
                try flush()
                throw error
            }
            switch unit {
            case .resolved(let run):
                report.rows += run.transfers.count + run.payments.count
                report.newParties += run.parties.count
                try store(run, ingestID: ingestID)
                report.accepted += run.payments.count
                // Taken whole when nothing waits (no copy of the rows, no count of their packs).
                if pending.isEmpty { pending = run.transfers } else { pending.append(contentsOf: run.transfers) }
                try flush(all: false)
            case .failed(let error):
                report.rows += 1
                try flush()
                try reject(deferred ?? error, ingestID: ingestID, raw: nil, report: &report)
            case .row(let parsed):
                report.rows += 1
                try flush()
                try add(parsed, ingestID: ingestID, report: &report, deferred: deferred)
            case .barrier:
                // Declarations before it may have added, merged or deleted parties.
                nextPartyID = try largestPartyID() + 1
                resolver.resume()
            }
            // Every 100,000 rows (rows come a run at a time: the round number passed).
            if report.rows / 100_000 > reported {
                reported = report.rows / 100_000
                progress?(rowsOfEarlierFiles + 100_000 * reported)
            }
        }
        try flush()
        report.sha256 = stream.sha256
        let seen = statements.findIngest
        seen.bind([read.kind, report.sha256, read.mapping])
        let ingestedBefore = try seen.step()
        seen.reset()
        rowsOfEarlierFiles += report.rows
        progress?(rowsOfEarlierFiles)
        if ingestedBefore {
            // The same content was ingested before: undo this file, keep the run going.
            try db.execute("ROLLBACK TO file; RELEASE file")
            report.alreadyIngested = true
            report.accepted = 0
            report.rejected = 0
            report.newParties = 0
            report.skipped = [:]
            try loadNames()
            subjectIDs = [:]
            return report
        }
        if let deferred { throw deferred }
        try statements.finishIngest.run([report.sha256, report.rows, report.accepted, report.rejected,
                                         report.skipped.values.reduce(0, +), ingestID])
        try statements.insertTotals.run([ingestID, totals.transfers, totals.records, totals.amountFen,
                                         totals.first, totals.last])
        if read.needsKey { report.residents = try residents(ingestID: ingestID) }
        try db.execute("RELEASE file")
        return report
    }

    /// Strict mode: rethrow. Lenient mode: keep the row and its reason.
    private func reject(_ error: InputError, ingestID: Int64, raw: String?, report: inout IngestReport) throws {
        guard lenient, !error.isFatal else { throw error }
        report.rejected += 1
        try statements.insertRejected.run([ingestID, error.location.line, error.column, error.message, raw])
    }

    /// The row's values as a JSON object, for the rejected-rows table. A resident's identifier
    /// (`subject`) is left out: it must never be stored in clear.
    static func raw(_ row: TableReader.Row, schema: Schema) -> String {
        var object: [String: String] = [:]
        for (i, column) in schema.columns.enumerated() where column != "subject" { if let v = row[i] { object[column] = v } }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// Stores a row that is not a transfer. Strict mode throws a bad row; lenient mode keeps it
    /// with its reason.
    private func add(_ parsed: ParsedRow, ingestID: Int64, report: inout IngestReport, deferred: InputError?) throws {
        do {
            switch parsed {
            case .transfer, .payment: preconditionFailure("the resolving thread gives every transfer and payment its parties")
            case .party(let row): try add(row, ingestID: ingestID)
            case .batch(let row): try add(row, ingestID: ingestID)
            case .skipped(let rule):
                report.skipped[rule, default: 0] += 1
                return
            case .bad(let error, let raw): throw BadRow(error: error, raw: raw)
            }
            report.accepted += 1
        } catch let bad as BadRow {
            // Strict mode stops at the earliest problem (a held-back duplicate id comes first).
            try reject(deferred ?? bad.error, ingestID: ingestID, raw: bad.raw, report: &report)
        } catch let error as InputError {
            try reject(deferred ?? error, ingestID: ingestID, raw: nil, report: &report)
        }
    }

    /// The largest party id of the case (0 when it has none).
    private func largestPartyID() throws(StoreError) -> Int64 {
        let largest = statements.largestPartyID
        defer { largest.reset() }
        _ = try largest.step()
        return largest.int(0)
    }

    /// How many rows ahead `resolve` fetches names into cache.
    private static let prefetchDistance = 4

    /// On the resolving thread (`PartyResolver`): row `row` of a pack with its parties; parties
    /// it creates and identifiers its names read as go into `run`, to be stored before it.
    func resolve(_ pack: PackedTransfers, _ row: Int, into run: inout PartyResolver.ResolvedRows) throws(InputError) -> PendingTransfer {
        // Rows come back to back: fetch the names of a row a few ahead, so that their slots are
        // in cache when that row comes (a random slot of a large table is a cache miss).
        if row + Self.prefetchDistance < pack.count {
            partyByName.prefetch(pack.text(row + Self.prefetchDistance, .from)!)
            partyByName.prefetch(pack.text(row + Self.prefetchDistance, .to)!)
        }
        let (from, fromReading) = party(pack.text(row, .from)!, into: &run)
        let (to, toReading) = party(pack.text(row, .to)!, into: &run)
        if from == to {
            throw InputError(pack.location(row), column: "to", "names the same party as from (through an alias): a self-transfer")
        }
        let line = pack.line(row)
        if let fromReading { run.sightings.append((fromReading, from, "from", line)) }
        if let toReading { run.sightings.append((toReading, to, "to", line)) }
        return PendingTransfer(pack: pack, row: row, from: from, to: to)
    }

    /// On the resolving thread: a payment with its payer and payee (created in `run` when new).
    func resolve(_ payment: PaymentRow, into run: inout PartyResolver.ResolvedRows) throws(InputError) -> (row: PaymentRow, payer: Int64, payee: Int64) {
        func party(_ name: String) -> Int64 {
            var name = name
            return name.withUTF8 { self.party($0, into: &run).id }
        }
        let payer = party(payment.payer), payee = party(payment.payee)
        if payer == payee {
            throw InputError(payment.location, column: "payee", "names the same party as payer (through an alias)")
        }
        return (payment, payer, payee)
    }

    /// The party a transfer names by `name` (UTF-8), created (in `run`) when no party has that
    /// name, and what the name reads as (a strong identifier is a sighting).
    private func party(_ name: UnsafeBufferPointer<UInt8>, into run: inout PartyResolver.ResolvedRows) -> (id: Int64, reading: Identifier?) {
        var slot = partyByName.slot(of: name)
        if let id = partyByName.id(at: slot) { return (id, partyByName.reading(at: slot)) }
        let id = nextPartyID
        nextPartyID += 1
        let text = String(decoding: name, as: UTF8.self)
        slot = partyByName.insert(text, id, at: slot)
        undeclared.insert(id)
        run.parties.append((id, text))
        return (id, partyByName.reading(at: slot))
    }

    /// Stores what goes before a run's transfers: the parties it created (`rowsPerInsert` to a
    /// statement), the identifiers their names read as, and its payments.
    private func store(_ run: PartyResolver.ResolvedRows, ingestID: Int64) throws(StoreError) {
        func bind(_ party: (id: Int64, name: String), to insert: Statement, at offset: Int32) {
            insert.bind(offset + 1, party.id)
            insert.bind(offset + 2, party.name)
            insert.bind(offset + 3, party.name)
        }
        let many = statements.insertParties, each = IngestStatements.rowsPerInsert
        var next = 0
        while run.parties.count - next >= each {
            for i in 0..<each { bind(run.parties[next + i], to: many, at: Int32(3 * i)) }
            try many.run()
            next += each
        }
        for party in run.parties[next...] {
            bind(party, to: statements.insertParty, at: 0)
            try statements.insertParty.run()
        }
        for seen in run.sightings {
            try recordSighting(seen.identifier, party: seen.party, source: seen.source, line: seen.line, ingestID: ingestID)
        }
        for (row, payer, payee) in run.payments {
            try statements.insertPayment.run([ingestID, row.location.line, row.timeText, row.time.earliest, row.time.latest,
                                              payer, payee, row.amountFen, row.reference, row.note])
        }
    }

    /// Stores the queued transfers, `rowsPerInsert` to a statement; with `all`, the rows
    /// left over too (else they wait for more). A row id already in the case fails the whole
    /// statement (SQLite undoes it); its rows are then stored one at a time, and the repeated id
    /// is rejected (lenient) or held in `deferred` (strict: a row id already in the case may mean
    /// that this very content was ingested before, known only at the end).
    private func store(all: Bool, ingestID: Int64, report: inout IngestReport, deferred: inout InputError?) throws {
        var next = 0
        let many = statements.insertTransfers, each = IngestStatements.rowsPerInsert
        while pending.count - next >= each {
            for i in 0..<each { bind(pending[next + i], to: many, at: Int32(16 * i), ingestID: ingestID) }
            if try inserted(many) {
                for row in pending[next..<next + each] { totals.add(row.pack, row.row) }
                report.accepted += each
            } else {
                for row in pending[next..<next + each] { try store(row, ingestID: ingestID, report: &report, deferred: &deferred) }
            }
            next += each
        }
        if all {
            for row in pending[next...] { try store(row, ingestID: ingestID, report: &report, deferred: &deferred) }
            next = pending.count
        }
        pending.removeFirst(next)
        // The bindings point into the packs, which may go once they are stored.
        many.clearBindings()
        statements.insertTransfer.clearBindings()
    }

    /// Stores one transfer (see `store(all:...)`).
    private func store(_ row: PendingTransfer, ingestID: Int64, report: inout IngestReport, deferred: inout InputError?) throws {
        bind(row, to: statements.insertTransfer, at: 0, ingestID: ingestID)
        if try inserted(statements.insertTransfer) {
            totals.add(row.pack, row.row)
            report.accepted += 1
            return
        }
        let repeated = InputError(row.pack.location(row.row), column: "id", "this id is already in the case (row ids must be unique)")
        if lenient { try reject(repeated, ingestID: ingestID, raw: nil, report: &report) } else { deferred = deferred ?? repeated }
    }

    /// Runs an insert of transfers: false when a row's id is already in the case (nothing stored).
    private func inserted(_ insert: Statement) throws(StoreError) -> Bool {
        do { try insert.run() } catch {
            guard error.isConstraint else { throw error }
            return false
        }
        return true
    }

    /// Binds a queued transfer's 16 columns to parameters `offset + 1 ...`, its text straight
    /// from the pack's memory.
    private func bind(_ queued: PendingTransfer, to insert: Statement, at offset: Int32, ingestID: Int64) {
        let pack = queued.pack, row = queued.row
        insert.bindStatic(offset + 1, pack.text(row, .id))
        insert.bind(offset + 2, ingestID)
        insert.bind(offset + 3, Int64(pack.line(row)))
        insert.bindStatic(offset + 4, pack.text(row, .time))
        insert.bind(offset + 5, pack.earliest(row))
        insert.bind(offset + 6, pack.latest(row))
        insert.bind(offset + 7, queued.from)
        insert.bind(offset + 8, queued.to)
        insert.bind(offset + 9, pack.records(row))
        insert.bindStatic(offset + 10, pack.text(row, .category))
        insert.bindStatic(offset + 11, pack.text(row, .mode))
        insert.bind(offset + 12, pack.amountFen(row))
        insert.bindStatic(offset + 13, pack.text(row, .batch))
        insert.bindStatic(offset + 14, pack.text(row, .channel))
        insert.bindStatic(offset + 15, pack.text(row, .evidence))
        insert.bindStatic(offset + 16, pack.text(row, .note))
    }

    /// Declares a party: creates it, or fills in one created earlier from a transfer's name, and
    /// merges into it any undeclared party that one of its aliases names.
    private func add(_ row: PartyRow, ingestID: Int64) throws {
        let identifiers = try Self.identifiers(of: row)
        var id: Int64
        if let existing = partyByName[row.key] {
            id = existing
            let oldKey = try key(of: existing)
            if oldKey != row.key && !undeclared.contains(existing) {
                throw InputError(row.location, column: "id", "names an alias of another declared party")
            }
            try statements.updateParty.run([
                undeclared.contains(existing) ? row.key : oldKey, row.name, row.occupation, row.organization,
                row.insider, ingestID, row.location.line, existing,
            ])
        } else {
            try statements.insertDeclaredParty.run([
                row.key, row.name, row.occupation, row.organization, row.insider, ingestID, row.location.line,
            ])
            id = db.lastInsertID
        }
        undeclared.remove(id)
        partyByName.set(row.key, id)
        for alias in row.aliases + (row.name != row.key ? [row.name] : []) {
            if let other = partyByName[alias] {
                if other == id { continue }
                guard undeclared.contains(other) else {
                    if alias == row.name { continue }   // two declared parties may share a name
                    throw InputError(row.location, column: "aliases", "an alias already names another declared party")
                }
                try merge(other, into: id)
            }
            if alias == row.name && partyByName[alias] != nil { continue }
            try statements.insertAlias.run([alias, id])
            partyByName.set(alias, id)
        }
        try recordSightings(of: row, identifiers: identifiers, party: id, ingestID: ingestID)
    }

    /// Stores one batch contents row: the resident's keyed hash, never the identifier.
    private func add(_ row: BatchRow, ingestID: Int64) throws {
        guard let key else { throw StoreError("internal: batch contents read without the case key") }
        let hash = key.hash(normalised: row.subject)
        var id = subjectIDs[hash]
        if id == nil {
            try statements.insertSubject.run([hash])
            let findSubject = statements.findSubject
            findSubject.bind([hash])
            defer { findSubject.reset() }
            guard try findSubject.step() else { throw StoreError("internal: subject not stored") }
            id = findSubject.int(0)
            subjectIDs[hash] = id
        }
        try statements.insertContent.run([ingestID, row.location.line, row.batch, id, row.category?.rawValue])
    }


    /// Distinct residents per batch read by one ingest.
    private func residents(ingestID: Int64) throws(StoreError) -> [String: Int] {
        let count = try db.prepare("SELECT batch, count(DISTINCT subject_id) FROM batch_contents WHERE ingest_id = ? GROUP BY batch")
        count.bind([ingestID])
        var out: [String: Int] = [:]
        while try count.step() { out[count.text(0) ?? ""] = Int(count.int(1)) }
        return out
    }

    private func key(of id: Int64) throws(StoreError) -> String {
        let read = statements.partyKey
        read.bind([id])
        defer { read.reset() }
        return try read.step() ? read.text(0) ?? "" : ""
    }

    /// Moves every transfer and alias of an undeclared party to `target` and deletes it.
    private func merge(_ party: Int64, into target: Int64) throws(StoreError) {
        for s in statements.merge { try s.run([target, party]) }
        store.mergeObserver?(party, target)
        partyByName.replace(party, with: target)
        undeclared.remove(party)
    }

    /// Reads every party key and alias of the case into `partyByName`.
    private func loadNames() throws(StoreError) {
        partyByName = NameTable()
        undeclared = []
        let names = try db.prepare("SELECT key, id, declared FROM parties")
        while try names.step() {
            partyByName.set(names.text(0) ?? "", names.int(1))
            if names.int(2) == 0 { undeclared.insert(names.int(1)) }
        }
        let aliases = try db.prepare("SELECT alias, party_id FROM aliases")
        while try aliases.step() { partyByName.set(aliases.text(0) ?? "", aliases.int(1)) }
    }
}
