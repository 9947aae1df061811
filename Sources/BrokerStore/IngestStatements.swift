/// Every statement an ingest run uses, prepared once per run (a failure to prepare throws with
/// SQLite's message).
struct IngestStatements {
    /// Rows stored by one `insertTransfers` or `insertParties`.
    static let rowsPerInsert = 32
    /// Stores one transfer (its 16 columns).
    let insertTransfer: Statement
    /// Stores `rowsPerInsert` transfers: a fifth less of SQLite's time than as many runs of
    /// `insertTransfer` (measured: one run's start, end and reset cost as much as a row's insert).
    let insertTransfers: Statement
    /// Creates an undeclared party: id (`NULL`: one past the largest), key, name.
    let insertParty: Statement
    /// Creates `rowsPerInsert` undeclared parties (id, key, name each).
    let insertParties: Statement
    let largestPartyID: Statement
    let insertDeclaredParty: Statement
    let updateParty: Statement
    let partyKey: Statement
    let insertAlias: Statement
    let insertRejected: Statement
    let beginIngest: Statement
    let findIngest: Statement
    let finishIngest: Statement
    let insertTotals: Statement
    let insertPayment: Statement
    let insertSubject: Statement
    let findSubject: Statement
    let insertContent: Statement
    let insertSighting: Statement
    /// Moves an undeclared party's transfers and aliases to another (`?1`) and deletes it (`?2`).
    let merge: [Statement]

    init(_ db: Database) throws(StoreError) {
        let insert = """
            INSERT INTO transfers(row_id, ingest_id, line, time, time_earliest, time_latest, from_party, to_party,
                                  records, category, mode, amount_fen, batch, channel, evidence, note) VALUES
            """
        let row = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        insertTransfer = try db.prepare(insert + row)
        insertTransfers = try db.prepare(insert + repeatElement(row, count: Self.rowsPerInsert).joined(separator: ", "))
        insertParty = try db.prepare("INSERT INTO parties(id, key, name, declared) VALUES (?, ?, ?, 0)")
        insertParties = try db.prepare("INSERT INTO parties(id, key, name, declared) VALUES "
                                        + repeatElement("(?, ?, ?, 0)", count: Self.rowsPerInsert).joined(separator: ", "))
        largestPartyID = try db.prepare("SELECT ifnull(max(id), 0) FROM parties")
        insertDeclaredParty = try db.prepare("""
            INSERT INTO parties(key, name, occupation, organization, insider, declared, ingest_id, line)
            VALUES (?, ?, ?, ?, ?, 1, ?, ?)
            """)
        updateParty = try db.prepare("""
            UPDATE parties SET key = ?, name = ?, occupation = ?, organization = ?, insider = ?, declared = 1,
            ingest_id = ?, line = ? WHERE id = ?
            """)
        partyKey = try db.prepare("SELECT key FROM parties WHERE id = ?")
        insertAlias = try db.prepare("INSERT OR REPLACE INTO aliases(alias, party_id) VALUES (?, ?)")
        insertRejected = try db.prepare("INSERT INTO rejected_rows(ingest_id, line, column_name, reason, raw) VALUES (?, ?, ?, ?, ?)")
        beginIngest = try db.prepare("INSERT INTO ingests(kind, file, ingested_at, lenient, mapping_sha256, sheet) VALUES (?, ?, ?, ?, ?, ?)")
        findIngest = try db.prepare("""
            SELECT ingested_at FROM ingests WHERE kind = ? AND sha256 = ? AND ifnull(mapping_sha256, '') = ifnull(?, '')
            """)
        finishIngest = try db.prepare("UPDATE ingests SET sha256 = ?, rows = ?, accepted = ?, rejected = ?, skipped = ? WHERE id = ?")
        insertTotals = try db.prepare("""
            INSERT INTO transfer_totals(ingest_id, transfers, records, amount_fen, first, last) VALUES (?, ?, ?, ?, ?, ?)
            """)
        insertPayment = try db.prepare("""
            INSERT INTO payments(ingest_id, line, time, time_earliest, time_latest, payer, payee, amount_fen, reference, note)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertSubject = try db.prepare("INSERT OR IGNORE INTO subjects(hash) VALUES (?)")
        findSubject = try db.prepare("SELECT id FROM subjects WHERE hash = ?")
        insertContent = try db.prepare("INSERT INTO batch_contents(ingest_id, line, batch, subject_id, category) VALUES (?, ?, ?, ?, ?)")
        insertSighting = try db.prepare("""
            INSERT INTO identifiers(party_id, kind, value, partial, ingest_id, line, source) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        merge = try ["UPDATE transfers SET from_party = ?1 WHERE from_party = ?2",
                     "UPDATE transfers SET to_party = ?1 WHERE to_party = ?2",
                     "UPDATE payments SET payer = ?1 WHERE payer = ?2",
                     "UPDATE payments SET payee = ?1 WHERE payee = ?2",
                     "UPDATE aliases SET party_id = ?1 WHERE party_id = ?2",
                     "UPDATE identifiers SET party_id = ?1 WHERE party_id = ?2",
                     "DELETE FROM parties WHERE id = ?2 AND ?1 IS NOT NULL"].map { (sql) throws(StoreError) in try db.prepare(sql) }
    }
}
