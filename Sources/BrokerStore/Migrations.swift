/// The case database's schema, as append-only migrations: a shipped migration is never changed;
/// a new version appends one. `meta.schema_version` says how many have run.
enum Migrations {
    /// The number of the migration that adds the identity tables (a file upgraded past it gets its
    /// parties' names and aliases read as sightings, `CaseStore.backfillSightings`).
    static let identity = 3

    static let all: [String] = [
        """
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE ingests(
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            file TEXT NOT NULL,
            sha256 TEXT,
            ingested_at TEXT NOT NULL,
            rows INTEGER NOT NULL DEFAULT 0,
            accepted INTEGER NOT NULL DEFAULT 0,
            rejected INTEGER NOT NULL DEFAULT 0,
            lenient INTEGER NOT NULL DEFAULT 0);
        CREATE UNIQUE INDEX ingests_content ON ingests(kind, sha256);
        CREATE TABLE parties(
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            occupation TEXT,
            organization TEXT,
            insider INTEGER NOT NULL DEFAULT 0,
            declared INTEGER NOT NULL DEFAULT 0,
            ingest_id INTEGER REFERENCES ingests(id),
            line INTEGER);
        CREATE TABLE aliases(
            alias TEXT PRIMARY KEY,
            party_id INTEGER NOT NULL REFERENCES parties(id)) WITHOUT ROWID;
        CREATE TABLE transfers(
            id INTEGER PRIMARY KEY,
            row_id TEXT,
            ingest_id INTEGER NOT NULL REFERENCES ingests(id),
            line INTEGER NOT NULL,
            time TEXT NOT NULL,
            time_earliest INTEGER NOT NULL,
            time_latest INTEGER NOT NULL,
            from_party INTEGER NOT NULL REFERENCES parties(id),
            to_party INTEGER NOT NULL REFERENCES parties(id),
            records INTEGER NOT NULL,
            category TEXT NOT NULL,
            mode TEXT NOT NULL,
            amount_fen INTEGER,
            batch TEXT,
            channel TEXT,
            evidence TEXT,
            note TEXT);
        CREATE UNIQUE INDEX transfers_row_id ON transfers(row_id) WHERE row_id IS NOT NULL;
        CREATE TABLE rejected_rows(
            id INTEGER PRIMARY KEY,
            ingest_id INTEGER NOT NULL REFERENCES ingests(id),
            line INTEGER NOT NULL,
            column_name TEXT,
            reason TEXT NOT NULL,
            raw TEXT);
        """,
        // 2: batch contents. Residents appear only as keyed hashes (HMAC-SHA256 under the case key,
        // which is not in the database), never in clear.
        """
        CREATE TABLE subjects(
            id INTEGER PRIMARY KEY,
            hash BLOB NOT NULL UNIQUE);
        CREATE TABLE batch_contents(
            id INTEGER PRIMARY KEY,
            ingest_id INTEGER NOT NULL REFERENCES ingests(id),
            line INTEGER NOT NULL,
            batch TEXT NOT NULL,
            subject_id INTEGER NOT NULL REFERENCES subjects(id),
            category TEXT);
        CREATE INDEX batch_contents_batch ON batch_contents(batch);
        CREATE INDEX batch_contents_subject ON batch_contents(subject_id);
        """,
        // 3: identity. Where each party's identifiers were seen (suspects' identifiers are evidence
        // and stay readable; residents' stay keyed hashes in `subjects`), and the investigator's
        // decisions, append-only, naming parties by key (stable across ingests).
        """
        CREATE TABLE identifiers(
            id INTEGER PRIMARY KEY,
            party_id INTEGER NOT NULL REFERENCES parties(id),
            kind TEXT NOT NULL,
            value TEXT NOT NULL,
            partial INTEGER NOT NULL DEFAULT 0,
            ingest_id INTEGER REFERENCES ingests(id),
            line INTEGER,
            source TEXT NOT NULL);
        CREATE INDEX identifiers_party ON identifiers(party_id);
        CREATE TABLE identity_decisions(
            id INTEGER PRIMARY KEY,
            made_at TEXT NOT NULL,
            kind TEXT NOT NULL,
            party_a TEXT NOT NULL,
            party_b TEXT,
            reason TEXT NOT NULL,
            evidence TEXT,
            suggestion INTEGER);
        """,
        // 4: files read through a mapping. An ingest keeps the mapping's SHA-256 and the sheet it
        // read (so every stored row traces to file, sheet, row and mapping), and the rows its skip
        // rules set aside; the same file under another mapping is another ingest. Payments (bill
        // lines) are the evidence of gains.
        """
        ALTER TABLE ingests ADD COLUMN mapping_sha256 TEXT;
        ALTER TABLE ingests ADD COLUMN sheet TEXT;
        ALTER TABLE ingests ADD COLUMN skipped INTEGER NOT NULL DEFAULT 0;
        DROP INDEX ingests_content;
        CREATE UNIQUE INDEX ingests_content ON ingests(kind, sha256, ifnull(mapping_sha256, ''));
        CREATE TABLE payments(
            id INTEGER PRIMARY KEY,
            ingest_id INTEGER NOT NULL REFERENCES ingests(id),
            line INTEGER NOT NULL,
            time TEXT NOT NULL,
            time_earliest INTEGER NOT NULL,
            time_latest INTEGER NOT NULL,
            payer INTEGER NOT NULL REFERENCES parties(id),
            payee INTEGER NOT NULL REFERENCES parties(id),
            amount_fen INTEGER NOT NULL,
            reference TEXT,
            note TEXT);
        CREATE INDEX payments_pair ON payments(payee, payer);
        """,
        // 5: the audit log, append-only: who (the operating-system user) ingested which file (with
        // its SHA-256), merged or split parties, exported, pushed or pulled the case, and when.
        """
        CREATE TABLE audit(
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            who TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT,
            sha256 TEXT,
            detail TEXT);
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        """,
        // 6: running totals of each ingest's transfers (count, sums wrapping as Swift's `&+`,
        // first and last instant), written by the ingest in its own transaction, so `summary`
        // reads one row per ingest instead of every transfer. Ingests made before this migration
        // have no row; `summary` then scans the transfers as before.
        """
        CREATE TABLE transfer_totals(
            ingest_id INTEGER PRIMARY KEY REFERENCES ingests(id),
            transfers INTEGER NOT NULL,
            records INTEGER NOT NULL,
            amount_fen INTEGER NOT NULL,
            first INTEGER,
            last INTEGER);
        """,
    ]
}
