import BrokerCase
import BrokerGraph
import BrokerIdentity
import BrokerInput
import Foundation

/// One named case in a PostgreSQL database (`--db postgres://… --case NAME`): many cases share the
/// database's tables, told apart by `case_id`; row-level security lets a role see only the cases
/// granted to it.
///
/// Reads go through the same `CaseReader` as the SQLite file, over temporary views that show this
/// case's rows under the file's table names (`CREATE TEMP VIEW transfers AS … WHERE case_id = N`),
/// inside one REPEATABLE READ READ ONLY transaction; rows stream with `COPY … TO STDOUT`.
public final class PostgresStore {
    let connection: PGConnection
    /// The case's name, as given.
    public let caseName: String
    /// The case's id (nil until an ingest or push creates it).
    public private(set) var caseID: Int64?
    let environment: [String: String]
    let keyFile: String?
    /// The URL connected to (kept for the compact load's text reads, which connect on their own).
    private let url: String
    /// Whether this role bypasses row-level security (read once).
    private var bypass: Bool?

    /// `postgres://host:port/db case NAME`: how messages name the case (no password).
    public var path: String { "\(connection.display) case \(String(reflecting: caseName))" }

    /// Whether `text` is a PostgreSQL URL (`postgres://` or `postgresql://`).
    public static func isURL(_ text: String) -> Bool { text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") }

    /// Connects, brings the schema up to date, and finds the case by name among those this role can see.
    /// - Parameter create: a missing case is created by the first ingest or push (not here).
    /// - Parameter keyFile: where the case key is (else `BROKERGRAPH_CASE_KEY`); never in the database.
    public init(url: String, case name: String, create: Bool = false, keyFile: String? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws(StoreError) {
        connection = try PGConnection(url: url)
        self.url = url
        caseName = name
        self.environment = environment
        self.keyFile = keyFile
        try PostgresStore.migrate(connection)
        caseID = try findCase()
        if caseID == nil && !create {
            throw StoreError("\(path): no such case (or it is not granted to role \(String(reflecting: connection.user))); `brokergraph case list` shows yours")
        }
        if caseID != nil { try createViews() }
    }

    /// The role this store acts as.
    public var role: String { connection.user }

    static let schemaLock: Int64 = 0x6272_6f6b_6572   // "broker": serialises migrations

    /// Applies the migrations this database lacks, one transaction, under an advisory lock.
    static func migrate(_ connection: PGConnection) throws(StoreError) {
        func version() throws(StoreError) -> Int? {
            let exists = try connection.query("SELECT to_regclass('brokergraph.schema_migrations') IS NOT NULL")
            _ = exists.step()
            guard exists.text(0) == "t" else { return nil }
            let v = try connection.query("SELECT coalesce(max(version), 0) FROM brokergraph.schema_migrations")
            _ = v.step()
            return Int(v.text(0) ?? "0") ?? 0
        }
        if let v = try version(), v >= PGSchema.migrations.count {
            if v > PGSchema.migrations.count {
                throw StoreError("\(connection.display): made by a newer BrokerGraph (schema \(v)); upgrade the tool")
            }
            return
        }
        try connection.execute("BEGIN")
        do {
            try connection.execute("SELECT pg_advisory_xact_lock(\(schemaLock))")
            try connection.execute("""
                CREATE SCHEMA IF NOT EXISTS brokergraph;
                CREATE TABLE IF NOT EXISTS brokergraph.schema_migrations(
                    version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
                """)
            let current = try version() ?? 0
            for (i, migration) in PGSchema.migrations.enumerated() where i >= current {
                try connection.execute(migration)
                try connection.query("INSERT INTO brokergraph.schema_migrations(version) VALUES ($1)", [String(i + 1)])
            }
            try connection.execute("COMMIT")
        } catch {
            try? connection.execute("ROLLBACK")
            if error.sqlstate == "42501" {
                throw StoreError("\(connection.display): the brokergraph schema is missing or older than this tool, and role \(String(reflecting: connection.user)) may not create or upgrade it: run any brokergraph command once as the schema's owner (\(error.message))", sqlstate: error.sqlstate)
            }
            throw error
        }
    }

    /// The id of the case with this name that this role can see (row-level security hides the rest).
    private func findCase() throws(StoreError) -> Int64? {
        let rows = try connection.query("SELECT id, created_by FROM brokergraph.cases WHERE name = $1 ORDER BY id", [caseName])
        guard rows.count <= 1 else {
            var owners: [String] = []
            while rows.step() { owners.append(rows.text(1) ?? "") }
            throw StoreError("\(path): \(rows.count) cases of this name are visible to you (created by \(owners.joined(separator: ", "))); ask for one to be renamed")
        }
        return rows.step() ? Int64(rows.text(0) ?? "") : nil
    }

    /// Views of this case's rows under the case file's table names, in this session's temporary
    /// schema (searched first). Text columns compare bytewise (`COLLATE "C"`), as SQLite's do.
    private func createViews() throws(StoreError) {
        guard let id = caseID else { return }
        var sql = ""
        for table in PGSchema.tables {
            let columns = table.columns.map { $0.kind == .text ? "\($0.name) COLLATE \"C\" AS \($0.name)" : $0.name }
            sql += "CREATE OR REPLACE TEMP VIEW \(table.name) AS SELECT \(columns.joined(separator: ", ")) FROM brokergraph.\(table.name) WHERE case_id = \(id);\n"
        }
        try connection.execute(sql)
    }

    var reader: CaseReader<PGConnection> { CaseReader(db: connection, path: path) }

    // MARK: Reading

    /// Runs `body` in one REPEATABLE READ READ ONLY transaction: one snapshot for everything it reads.
    public func reading<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T { try reader.reading(body) }

    public func load() throws(StoreError) -> CaseData { try reader.reading { () throws(StoreError) in try reader._load() } }

    /// The case for analyses, as the case file's `loadCompact`: one `COPY … TO STDOUT` of the
    /// transfers' integer columns; a row's text is read from the server when a command asks for
    /// it (`ServerTransferRows`).
    public func loadCompact(progress: ProgressMeter?) throws(StoreError) -> CaseData {
        guard let id = caseID else { return try load() }
        let url = url, path = path
        return try reader.reading { () throws(StoreError) in
            // Rows in id order from the primary key (inserted in id order, so the heap follows it):
            // 0.69 s for 1M rows, where the planner's choice, a scan and a sort spilling to disk at
            // the default work_mem, took 1.4 s (EXPLAIN ANALYZE). For this transaction only.
            try connection.execute("SET LOCAL enable_sort = off")
            return try reader.loadCompact(progress: progress) { files throws(StoreError) in
                StoredTransferText(path: path, files: files, rows: ServerTransferRows(url: url, caseID: id))
            }
        }
    }

    public func summary() throws(StoreError) -> CaseSummary { try reader.summary() }
    public func ingests() throws(StoreError) -> [IngestInfo] { try reader.ingests() }
    public func rejectedRows() throws(StoreError) -> [CaseStore.RejectedRow] { try reader.rejectedRows() }
    public func loadBatchContents() throws(StoreError) -> BatchContents { try reader.loadBatchContents() }
    public func sightings() throws(StoreError) -> [StoredSighting] { try reader.sightings() }
    public func identityDecisions() throws(StoreError) -> [StoredDecision] { try reader.identityDecisions() }
    public func partyKey(named text: String) throws(StoreError) -> String? { try reader.partyKey(named: text) }
    public func resolveIdentities(activity: Bool = true,
                                  options: ResolutionOptions = ResolutionOptions()) throws(StoreError) -> ResolvedIdentities {
        try reader.resolveIdentities(activity: activity, options: options)
    }
    public func setting(_ key: String) throws(StoreError) -> String? { try reader.setting(key) }
    public func offsetSeconds() throws(StoreError) -> Int { try reader.offsetSeconds() }
    public func auditLog() throws(StoreError) -> [AuditEntry] { try reader.auditLog() }

    /// Whether this role bypasses row-level security (a superuser or BYPASSRLS role sees every case).
    public func bypassesRowSecurity() throws(StoreError) -> Bool {
        if let bypass { return bypass }
        let rows = try connection.query("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")
        let value = rows.step() && rows.text(0) == "t"
        bypass = value
        return value
    }

    /// How many cases this role can see.
    public func visibleCases() throws(StoreError) -> Int {
        let rows = try connection.query("SELECT count(*) FROM brokergraph.cases")
        _ = rows.step()
        return Int(rows.text(0) ?? "0") ?? 0
    }

    // MARK: Key

    /// The case key: `BROKERGRAPH_CASE_KEY`, else the key file given; never stored in the database.
    public func caseKey(creating: Bool = false) throws -> CaseKey {
        guard let key = try loadKey() else {
            throw CaseKeyError("\(path): the case key is missing: set \(CaseKey.environmentVariable) or pass --key-file (the key is never stored in the database)")
        }
        if let stored = try setting("case_key_check"), stored != key.check {
            throw CaseKeyError("\(key.origin): not the key this case's residents were hashed with")
        }
        return key
    }

    func loadKey() throws -> CaseKey? {
        if environment[CaseKey.environmentVariable] != nil { return try CaseKey.load(forDatabase: "", environment: environment) }
        guard let keyFile else { return nil }
        guard keyFile.hasSuffix(".key") else { throw CaseKeyError("\(keyFile): a key file's name ends in .key") }
        guard let key = try CaseKey.load(forDatabase: String(keyFile.dropLast(4)), environment: [:]) else {
            throw CaseKeyError("\(keyFile): no such key file")
        }
        return key
    }

    // MARK: Writing

    /// Runs `body` in one read-write transaction holding this case's advisory lock (ingests,
    /// decisions and pushes into one case run one at a time). Creates the case first when missing.
    func writing<T>(_ body: (_ caseID: Int64) throws -> T) throws -> T {
        if connection.inTransaction, let id = caseID { return try body(id) }   // inside `deciding`
        let existed = caseID != nil
        try connection.execute("BEGIN")
        do {
            if caseID == nil {
                // Two first ingests of one new case: the second waits, then finds the case.
                try connection.query("SELECT pg_advisory_xact_lock(hashtextextended(session_user || '/' || $1, 0))", [caseName])
                caseID = try findCase()
                if caseID == nil {
                    let created = try connection.query("SELECT brokergraph.create_case($1)", [caseName])
                    _ = created.step()
                    caseID = Int64(created.text(0) ?? "")
                    for (key, value) in [("timezone", "+08:00"), ("created", CaseStore.now())] {
                        try connection.query("INSERT INTO brokergraph.meta(case_id, key, value) VALUES ($1, $2, $3)",
                                             [String(caseID!), key, value])
                    }
                }
                try createViews()
            }
            let id = caseID!
            try connection.query("SELECT pg_advisory_xact_lock($1)", [String(id)])
            let result = try body(id)
            try connection.execute("COMMIT")
            return result
        } catch {
            try? connection.execute("ROLLBACK")
            if !existed { caseID = nil }   // created in the transaction just rolled back
            throw error
        }
    }

    /// Appends to the audit log as this role (the server stamps `recorded_by` itself).
    public func recordAudit(_ action: String, subject: String?, sha256: String?, detail: String?) throws {
        guard let id = caseID else { return }
        try connection.query("""
            INSERT INTO brokergraph.audit(case_id, at, who, action, subject, sha256, detail)
            VALUES ($1, $2, current_user, $3, $4, $5, $6)
            """, [String(id), CaseStore.now(), action, subject, sha256, detail])
    }

    /// Appends an identity decision (parties by key) and its audit entry.
    @discardableResult
    public func recordDecision(_ kind: StoredDecision.Kind, _ a: String, _ b: String?, reason: String,
                               evidence: String? = nil, suggestion: Int64? = nil) throws -> StoredDecision {
        try writing { id in
            let madeAt = CaseStore.now()
            let next = try connection.query("SELECT coalesce(max(id), 0) + 1 FROM brokergraph.identity_decisions WHERE case_id = $1", [String(id)])
            _ = next.step()
            let decisionID = Int64(next.text(0) ?? "1") ?? 1
            try connection.query("""
                INSERT INTO brokergraph.identity_decisions(case_id, id, made_at, kind, party_a, party_b, reason, evidence, suggestion)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                """, [String(id), String(decisionID), madeAt, kind.rawValue, a, b, reason, evidence, suggestion.map(String.init)])
            try recordAudit("parties \(kind.rawValue)", subject: [a, b].compactMap { $0 }.joined(separator: " + "), sha256: nil, detail: reason)
            return StoredDecision(id: decisionID, madeAt: madeAt, kind: kind, partyA: a, partyB: b, reason: reason,
                                  evidence: evidence, suggestion: suggestion)
        }
    }
}

/// A case as `case list` shows it.
public struct CaseListing: Sendable, Codable {
    public var name: String
    public var createdBy: String
    public var createdAt: String
    public var readOnly: Bool
    enum CodingKeys: String, CodingKey {
        case name
        case createdBy = "created_by", createdAt = "created_at", readOnly = "read_only"
    }
}

extension PostgresStore {
    /// The cases granted to the connecting role (row-level security shows no other).
    public static func list(url: String) throws(StoreError) -> [CaseListing] {
        let connection = try PGConnection(url: url)
        try migrate(connection)
        let rows = try connection.query("""
            SELECT c.name, c.created_by, to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                   coalesce((SELECT g.read_only FROM brokergraph.grants g WHERE g.case_id = c.id AND g.role = current_user), false)
            FROM brokergraph.cases c ORDER BY c.name, c.id
            """)
        var out: [CaseListing] = []
        while rows.step() {
            out.append(CaseListing(name: rows.text(0) ?? "", createdBy: rows.text(1) ?? "", createdAt: rows.text(2) ?? "",
                                   readOnly: rows.text(3) == "t"))
        }
        return out
    }

    /// Grants this case to a role (read-only or read-write); only a read-write holder may.
    public func grant(role: String, readOnly: Bool) throws {
        try writing { id in
            try connection.query("SELECT brokergraph.grant_case($1, $2, $3)", [String(id), role, readOnly ? "true" : "false"])
            try recordAudit("grant", subject: role, sha256: nil, detail: readOnly ? "read-only" : "read-write")
        }
    }

    /// Revokes a role's grant; false when it had none.
    public func revoke(role: String) throws -> Bool {
        try writing { id in
            let rows = try connection.query("SELECT brokergraph.revoke_case($1, $2)", [String(id), role])
            _ = rows.step()
            try recordAudit("revoke", subject: role, sha256: nil, detail: nil)
            return rows.text(0) != "0"
        }
    }
}

extension PostgresStore {
    /// A URL as messages may show it: no user, no password, no options.
    public static func redactedURL(_ url: String) -> String { PGConnection.redacted(url) }
}

/// A PostgreSQL case's transfers for `StoredTransferText`, read through a connection of their own,
/// opened when the first row is asked for (the store's may be busy on another thread; a command
/// that prints no transfer opens none). Transfers' text never changes once stored (merges move
/// only `from_party`/`to_party`, nothing deletes a transfer), so it agrees with the load's
/// snapshot; a server gone away is an error, never a made-up row.
final class ServerTransferRows: TransferRowSource {
    private let url: String
    private let caseID: Int64
    private var connection: PGConnection?

    init(url: String, caseID: Int64) {
        self.url = url
        self.caseID = caseID
    }

    func read(_ id: Int64, labelOnly: Bool) throws(StoreError) -> StoredTransferRow? {
        if connection == nil { connection = try PGConnection(url: url) }
        let columns = labelOnly ? "row_id, ingest_id, line" : "row_id, ingest_id, line, time, channel, evidence, note"
        let rows = try connection!.query("SELECT \(columns) FROM brokergraph.transfers WHERE case_id = $1 AND id = $2",
                                         [String(caseID), String(id)])
        guard rows.step() else { return nil }
        var row = StoredTransferRow(rowID: rows.text(0), ingest: Int64(rows.text(1) ?? "") ?? 0,
                                    line: Int64(rows.text(2) ?? "") ?? 0)
        if !labelOnly {
            row.time = rows.text(3)
            row.channel = rows.text(4)
            row.evidence = rows.text(5)
            row.note = rows.text(6)
        }
        return row
    }

    func read(from first: Int64, through last: Int64) throws(StoreError) -> [(id: Int64, row: StoredTransferRow)] {
        if connection == nil { connection = try PGConnection(url: url) }
        let rows = try connection!.query("""
            SELECT id, row_id, ingest_id, line, time, channel, evidence, note FROM brokergraph.transfers
            WHERE case_id = $1 AND id BETWEEN $2 AND $3 ORDER BY id
            """, [String(caseID), String(first), String(last)])
        var found: [(id: Int64, row: StoredTransferRow)] = []
        while rows.step() {
            found.append((Int64(rows.text(0) ?? "") ?? 0, StoredTransferRow(
                rowID: rows.text(1), ingest: Int64(rows.text(2) ?? "") ?? 0, line: Int64(rows.text(3) ?? "") ?? 0,
                time: rows.text(4), channel: rows.text(5), evidence: rows.text(6), note: rows.text(7))))
        }
        return found
    }
}
