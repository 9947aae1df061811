import BrokerCase
import BrokerInput
import Foundation

/// Moving whole cases between a case file and the server (`case push`, `case pull`), row for row
/// with the same ids, through COPY.
extension PostgresStore {
    /// Copies every row of a case file into this case, which must be new or empty, in one
    /// transaction. The case key is not copied (it never goes into a database). Returns rows per table.
    public func push(from file: CaseStore, source: String) throws -> [String: Int] {
        try writing { id in
            let held = try connection.query("""
                SELECT (SELECT count(*) FROM brokergraph.ingests WHERE case_id = $1) + (SELECT count(*) FROM brokergraph.parties WHERE case_id = $1)
                """, [String(id)])
            _ = held.step()
            guard held.text(0) == "0" else {
                throw StoreError("\(path): the case already holds data; push into a new case name")
            }
            try connection.query("DELETE FROM brokergraph.meta WHERE case_id = $1", [String(id)])
            var counts: [String: Int] = [:]
            try file.reading { () throws(StoreError) in
                for table in PGSchema.tables {
                    do { counts[table.name] = try copy(table, from: file.db, caseID: id) } catch let error as StoreError {
                        throw error
                    } catch {
                        throw StoreError("\(path): \(error)")
                    }
                }
            }
            try checkReferences(caseID: id, above: 0)
            try recordAudit("push", subject: source, sha256: nil,
                            detail: "\(counts["transfers"] ?? 0) transfers, \(counts["parties"] ?? 0) parties from a case file")
            return counts
        }
    }

    /// The columns a push or pull moves (the audit log's ids are the server's own).
    static func moved(_ table: PGSchema.Table) -> [PGSchema.Column] {
        table.name == "audit" ? Array(table.columns.dropFirst()) : table.columns
    }

    private func copy(_ table: PGSchema.Table, from db: Database, caseID: Int64) throws -> Int {
        let columns = Self.moved(table)
        let names = columns.map(\.name).joined(separator: ", ")
        let filter = table.name == "meta" ? " WHERE key <> 'schema_version'" : ""
        let rows = try db.prepare("SELECT \(names) FROM \(table.name)\(filter) ORDER BY \(table.order)")
        var count = 0
        try copyRows(into: table.name, columns: "case_id, \(names)") { writer in
            while try rows.step() {
                try writer.row(caseID: caseID, rows, columns)
                count += 1
            }
        }
        return count
    }

    /// Writes this case into a new case file at `path` (with the same ids; the audit log comes
    /// along and records the pull), from one snapshot. The case key is not in the database: the
    /// file gets no key file (give it `BROKERGRAPH_CASE_KEY`, or put the key in `FILE.key`).
    public func pull(to file: String) throws {
        guard !FileManager.default.fileExists(atPath: file) else {
            throw StoreError("\(file): already exists; pull into a new file")
        }
        do {
            // No key file is made: the key stays where the investigator keeps it.
            let store = try CaseStore(path: file, create: true, environment: [CaseKey.environmentVariable: String(repeating: "0", count: 32)])
            try reader.reading { () throws(StoreError) in
                try store.db.execute("BEGIN IMMEDIATE")
                do throws(StoreError) {
                    for table in PGSchema.tables { try copy(table, into: store.db) }
                    try store.recordAudit("pull", subject: path, sha256: nil, detail: "pulled by database role \(connection.user)")
                    try store.db.execute("COMMIT")
                } catch {
                    try? store.db.execute("ROLLBACK")
                    throw error
                }
            }
            try recordAudit("pull", subject: file, sha256: nil, detail: "whole case to a case file")
        } catch {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: file + suffix) }
            throw error
        }
    }

    private func copy(_ table: PGSchema.Table, into db: Database) throws(StoreError) {
        let columns = Self.moved(table)
        let names = columns.map(\.name).joined(separator: ", ")
        let rows = try connection.prepare("SELECT \(names) FROM \(table.name) ORDER BY \(table.order)") as PGStatement
        let verb = table.name == "meta" ? "INSERT OR REPLACE" : "INSERT"
        let insert = try db.prepare("\(verb) INTO \(table.name)(\(names)) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))")
        while try rows.step() { try insert.run(rows.values(columns)) }
    }
}

extension PGStatement {
    /// The current row's values of `columns` (the statement selected them in that order), typed
    /// for an insert into the case file.
    func values(_ columns: [PGSchema.Column]) -> [any SQLValue] {
        columns.enumerated().map { i, column -> any SQLValue in
            let c = Int32(i)
            switch column.kind {
            case .int: return optionalInt(c)
            case .text: return text(c)
            case .bytes: return isNull(c) ? nil as [UInt8]? : blob(c)
            }
        }
    }
}

extension PostgresStore {
    /// COPYs rows into one of the schema's tables. PostgreSQL refuses COPY FROM into a table under
    /// row-level security for a role it applies to: such a role COPYs into a temporary table (no
    /// policies), whose rows then go in with one INSERT … SELECT that the policies check.
    func copyRows(into table: String, columns: String, _ body: (inout CopyWriter) throws -> Void) throws {
        if try bypassesRowSecurity() {
            try connection.copy("COPY brokergraph.\(table)(\(columns)) FROM STDIN", body)
            return
        }
        let staging = "brokergraph_copy_\(table)"
        try connection.execute("""
            DROP TABLE IF EXISTS pg_temp.\(staging);
            CREATE TEMP TABLE \(staging) AS SELECT \(columns) FROM brokergraph.\(table) WITH NO DATA
            """)
        try connection.copy("COPY pg_temp.\(staging)(\(columns)) FROM STDIN", body)
        try connection.execute("""
            INSERT INTO brokergraph.\(table)(\(columns)) SELECT \(columns) FROM pg_temp.\(staging);
            DROP TABLE pg_temp.\(staging)
            """)
    }
}

extension CopyWriter {
    /// Writes one row: the case's id, then the statement's current row, column by column (text
    /// straight from SQLite's bytes, no String made).
    mutating func row(caseID: Int64, _ rows: Statement, _ columns: [PGSchema.Column]) throws {
        int(caseID)
        for (i, column) in columns.enumerated() {
            let c = Int32(i)
            switch column.kind {
            case .int: int(rows.optionalInt(c))
            case .text:
                let present: Bool? = rows.withText(c) { bytes in text(utf8: bytes); return true }
                if present == nil { text(utf8: nil) }
            case .bytes: bytes(rows.isNull(c) ? nil : rows.blob(c))
            }
        }
        try endRow()
    }
}
