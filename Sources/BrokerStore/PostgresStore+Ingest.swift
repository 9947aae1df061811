import BrokerCase
import BrokerInput
import Foundation

/// Ingest into a PostgreSQL case: the files are read by the case file's own ingest (every check,
/// every message, strict and lenient alike) into a private staging file seeded with what the case
/// already holds that an ingest consults (settings, ingests and their hashes, parties, aliases,
/// residents' hashes, row ids); the rows it adds and the parties it changes or merges are then
/// written to the server with COPY, in the same transaction that holds the case's advisory lock.
/// Two ingests into one case run one after the other; the second sees the first's files.
extension PostgresStore {
    public func ingest(paths: [String], kind: InputKind? = nil, mapping: Mapping? = nil, owner: String? = nil,
                       lenient: Bool = false, offsetSeconds: Int? = nil,
                       progress: ((Int) -> Void)? = nil) throws -> [IngestReport] {
        PostgresStore.removeAbandonedStages()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("brokergraph-stage-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        let stagePath = folder.appendingPathComponent("stage.sqlite").path
        var stageEnvironment = environment
        let key = try loadKey()
        if let key { stageEnvironment[CaseKey.environmentVariable] = key.bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() }
        return try writing { id in
            let stage = try CaseStore(path: stagePath, create: true, environment: stageEnvironment)
            let seeded = try seed(stage)
            var merges: [(Int64, Int64)] = []
            stage.mergeObserver = { merges.append(($0, $1)) }
            let reports = try stage.ingest(paths: paths, kind: kind, mapping: mapping, owner: owner, lenient: lenient,
                                           offsetSeconds: offsetSeconds, progress: progress)
            let residents = try stage.db.prepare("SELECT count(*) FROM batch_contents WHERE id > ?")
            residents.bind([seeded.maxID["batch_contents"] ?? 0])
            _ = try residents.step()
            if key == nil && residents.int(0) > 0 {
                throw CaseKeyError("\(path): batch contents need the case key, which is never stored in the database: set \(CaseKey.environmentVariable) (e.g. `openssl rand -hex 32`, kept safe) or pass --key-file")
            }
            try apply(stage, seeded: seeded, merges: merges, caseID: id)
            for report in reports where !report.alreadyIngested {
                try recordAudit("ingest", subject: report.file, sha256: report.sha256,
                                detail: "\(report.kind): \(report.accepted) rows stored, \(report.rejected) rejected")
            }
            return reports
        }
    }

    /// Removes the staging folders of ingests whose process is gone (killed: its transaction left
    /// nothing on the server, but its staging file, private to its user, stayed behind).
    static func removeAbandonedStages() {
        let temporary = FileManager.default.temporaryDirectory
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: temporary.path) else { return }
        for name in names where name.hasPrefix("brokergraph-stage-") {
            let parts = name.split(separator: "-")
            guard parts.count > 3, let pid = Int32(parts[2]), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
        }
    }

    /// What the staging file was seeded with: each table's highest id, parties' and aliases' rows.
    struct Seeded {
        var maxID: [String: Int64] = [:]
        var parties: [Int64: [String?]] = [:]
        var aliases: [String: Int64] = [:]
        var meta: [String: String] = [:]
    }

    /// Copies into the staging file what an ingest reads, and a placeholder row at each other
    /// table's highest id so new rows get the ids they will have on the server.
    private func seed(_ stage: CaseStore) throws -> Seeded {
        var seeded = Seeded()
        let db = stage.db
        try db.execute("BEGIN IMMEDIATE")
        do {
            try db.execute("DELETE FROM meta WHERE key <> 'schema_version'")
            for name in ["meta", "ingests", "parties", "aliases", "subjects"] {
                let table = PGSchema.tables.first { $0.name == name }!
                let columns = table.columns
                let names = columns.map(\.name).joined(separator: ", ")
                let rows = try connection.prepare("SELECT \(names) FROM \(name) ORDER BY \(table.order)")
                let insert = try db.prepare("INSERT INTO \(name)(\(names)) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))")
                while try rows.step() {
                    try insert.run(rows.values(columns))
                    switch name {
                    case "parties": seeded.parties[rows.int(0)] = (1..<Int32(columns.count)).map { rows.text($0) }
                    case "aliases": seeded.aliases[rows.text(0) ?? ""] = rows.int(1)
                    case "meta": seeded.meta[rows.text(0) ?? ""] = rows.text(1) ?? ""
                    default: break
                    }
                }
            }
            // Row ids already in the case (a repeated id is a duplicate), as placeholder transfers.
            let ids = try connection.prepare("SELECT id, row_id FROM transfers WHERE row_id IS NOT NULL")
            let placeholder = try db.prepare("""
                INSERT INTO transfers(id, row_id, ingest_id, line, time, time_earliest, time_latest, from_party, to_party,
                                      records, category, mode) VALUES (?, ?, 0, 0, '', 0, 0, 0, 0, 0, '', '')
                """)
            while try ids.step() { try placeholder.run([ids.int(0), ids.text(1)]) }
            let sentinels = [
                "transfers": "INSERT OR IGNORE INTO transfers(id, ingest_id, line, time, time_earliest, time_latest, from_party, to_party, records, category, mode) VALUES (?, 0, 0, '', 0, 0, 0, 0, 0, '', '')",
                "payments": "INSERT INTO payments(id, ingest_id, line, time, time_earliest, time_latest, payer, payee, amount_fen) VALUES (?, 0, 0, '', 0, 0, 0, 0, 0)",
                "identifiers": "INSERT INTO identifiers(id, party_id, kind, value, source) VALUES (?, 0, '', '', '')",
                "rejected_rows": "INSERT INTO rejected_rows(id, ingest_id, line, reason) VALUES (?, 0, 0, '')",
                "batch_contents": "INSERT INTO batch_contents(id, ingest_id, line, batch, subject_id) VALUES (?, 0, 0, '', 0)",
            ]
            for name in ["ingests", "parties", "subjects", "transfers", "payments", "identifiers", "rejected_rows", "batch_contents"] {
                let max = try connection.prepare("SELECT coalesce(max(id), 0) FROM \(name)")
                _ = try max.step()
                let value = max.int(0)
                max.reset()
                seeded.maxID[name] = value
                if let sql = sentinels[name], value > 0 { try db.prepare(sql).run([value]) }
            }
            try db.execute("COMMIT")
        } catch {
            try? db.execute("ROLLBACK")
            throw error
        }
        return seeded
    }

    /// Writes to the server what the staged ingest added or changed.
    private func apply(_ stage: CaseStore, seeded: Seeded, merges: [(Int64, Int64)], caseID: Int64) throws {
        let db = stage.db
        let id = String(caseID)
        // Settings (the time zone of a new case, the key check).
        let meta = try db.prepare("SELECT key, value FROM meta WHERE key <> 'schema_version'")
        while try meta.step() {
            let key = meta.text(0) ?? "", value = meta.text(1) ?? ""
            if seeded.meta[key] != value {
                try connection.query("""
                    INSERT INTO brokergraph.meta(case_id, key, value) VALUES ($1, $2, $3)
                    ON CONFLICT (case_id, key) DO UPDATE SET value = excluded.value
                    """, [id, key, value])
            }
        }
        try copyNew("ingests", from: db, above: seeded.maxID["ingests"] ?? 0, caseID: caseID)
        try copyNew("parties", from: db, above: seeded.maxID["parties"] ?? 0, caseID: caseID)
        // Parties declared by this ingest that the case met before (filled in from a parties file).
        let parties = try db.prepare("SELECT id, key, name, occupation, organization, insider, declared, ingest_id, line FROM parties WHERE id <= ?")
        parties.bind([seeded.maxID["parties"] ?? 0])
        while try parties.step() {
            let values = (1..<Int32(9)).map { parties.text($0) }
            guard let before = seeded.parties[parties.int(0)], before != values else { continue }
            try connection.query("""
                UPDATE brokergraph.parties SET key = $3, name = $4, occupation = $5, organization = $6, insider = $7::bigint,
                declared = $8::bigint, ingest_id = $9::bigint, line = $10::bigint WHERE case_id = $1 AND id = $2
                """, [id, String(parties.int(0))] + values)
        }
        try copyNew("subjects", from: db, above: seeded.maxID["subjects"] ?? 0, caseID: caseID)
        // Aliases: new ones, and those a merge or a later declaration points elsewhere.
        var after: [String: Int64] = [:]
        let aliases = try db.prepare("SELECT alias, party_id FROM aliases")
        while try aliases.step() { after[aliases.text(0) ?? ""] = aliases.int(1) }
        for (alias, party) in after where seeded.aliases[alias] != party {
            try connection.query("""
                INSERT INTO brokergraph.aliases(case_id, alias, party_id) VALUES ($1, $2, $3)
                ON CONFLICT (case_id, alias) DO UPDATE SET party_id = excluded.party_id
                """, [id, alias, String(party)])
        }
        for alias in seeded.aliases.keys where after[alias] == nil {
            try connection.query("DELETE FROM brokergraph.aliases WHERE case_id = $1 AND alias = $2", [id, alias])
        }
        // Merges of parties the case held before: their earlier rows move to the party they joined.
        let maxParty = seeded.maxID["parties"] ?? 0
        let stillThere = try db.prepare("SELECT count(*) FROM parties WHERE id = ?")
        var merges = merges
        merges.removeAll { party, _ in   // a merge undone with its file (content ingested before)
            stillThere.bind([party])
            defer { stillThere.reset() }
            return (try? stillThere.step()) == true && stillThere.int(0) > 0
        }
        for (party, target) in merges where party <= maxParty {
            for (table, column) in [("transfers", "from_party"), ("transfers", "to_party"), ("payments", "payer"),
                                    ("payments", "payee"), ("identifiers", "party_id")] {
                try connection.query("UPDATE brokergraph.\(table) SET \(column) = $3 WHERE case_id = $1 AND \(column) = $2",
                                     [id, String(party), String(target)])
            }
        }
        for name in ["transfers", "payments", "identifiers", "rejected_rows", "batch_contents"] {
            try copyNew(name, from: db, above: seeded.maxID[name] ?? 0, caseID: caseID)
        }
        try copyNew("transfer_totals", from: db, above: seeded.maxID["ingests"] ?? 0, caseID: caseID)
        for (party, _) in merges where party <= maxParty {
            try connection.query("DELETE FROM brokergraph.parties WHERE case_id = $1 AND id = $2", [id, String(party)])
        }
        try checkReferences(caseID: caseID, above: seeded.maxID["transfers"] ?? 0)
    }

    /// Checks, in one pass, that every transfer of the case with an id above `above` names an ingest
    /// and two parties that exist, and that the case exists (the references of `transfers` are not
    /// per-row foreign keys, see PGSchema; a merge moves earlier transfers only to parties that
    /// exist). The NOT EXISTS run as hashed subplans, whatever the planner believes of the rows
    /// just written (not yet analysed: outer joins were planned as nested loops and ran for minutes).
    func checkReferences(caseID: Int64, above: Int64) throws {
        // Its cost estimate (millions of hashed probes) sets off JIT compilation, 0.22 s of the
        // check's 1.2 s at 1M rows, for a plan that runs once: off for the rest of this transaction.
        try connection.execute("SET LOCAL jit = off")
        let rows = try connection.query("""
            SELECT (SELECT count(*) FROM brokergraph.transfers t
                    WHERE t.case_id = $1 AND t.id > $2 AND (
                        NOT EXISTS (SELECT 1 FROM brokergraph.ingests i WHERE i.case_id = $1 AND i.id = t.ingest_id)
                        OR NOT EXISTS (SELECT 1 FROM brokergraph.parties p WHERE p.case_id = $1 AND p.id = t.from_party)
                        OR NOT EXISTS (SELECT 1 FROM brokergraph.parties p WHERE p.case_id = $1 AND p.id = t.to_party))),
                   EXISTS (SELECT 1 FROM brokergraph.cases WHERE id = $1)
            """, [String(caseID), String(above)])
        _ = rows.step()
        guard rows.text(1) == "t" else {
            throw StoreError("\(path): the case is no longer in the database; nothing stored")
        }
        guard rows.text(0) == "0" else {
            throw StoreError("\(path): \(rows.text(0) ?? "?") transfers would name a party or an ingest that does not exist; nothing stored")
        }
    }

    /// COPYs the staged rows with keys (`Table.order`: the id, or the ingest's id for the totals)
    /// above `above` into the server's table.
    private func copyNew(_ name: String, from db: Database, above: Int64, caseID: Int64) throws {
        let table = PGSchema.tables.first { $0.name == name }!
        let columns = table.columns
        let names = columns.map(\.name).joined(separator: ", ")
        let rows = try db.prepare("SELECT \(names) FROM \(name) WHERE \(table.order) > ? ORDER BY \(table.order)")
        rows.bind([above])
        try copyRows(into: name, columns: "case_id, \(names)") { writer in
            while try rows.step() {
                try writer.row(caseID: caseID, rows, columns)
            }
        }
    }
}
