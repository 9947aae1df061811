import BrokerCase

/// A statement's rows, read by column (0-based) after `step()`: SQLite's `Statement` and
/// PostgreSQL's `PGStatement`. The code that builds a case from rows (`CaseReader`) is written once
/// against this, so both stores load exactly the same `CaseData` from the same rows.
protocol RowCursor: AnyObject {
    func bind(_ values: [any SQLValue])
    func step() throws(StoreError) -> Bool
    func reset()
    func int(_ column: Int32) -> Int64
    func optionalInt(_ column: Int32) -> Int64?
    func text(_ column: Int32) -> String?
    func withText<R>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> R?) -> R?
    func blob(_ column: Int32) -> [UInt8]
}

/// A connection the case reader queries: it prepares statements written in the SQL both stores
/// understand (`?` parameters, the case's tables under their SQLite names) and opens one read
/// snapshot.
protocol CaseSQL: AnyObject {
    associatedtype Rows: RowCursor
    func prepare(_ sql: String) throws(StoreError) -> Rows
    var inTransaction: Bool { get }
    /// Opens a transaction in which every read sees one snapshot.
    func beginRead() throws(StoreError)
    func endRead(commit: Bool) throws(StoreError)
}

extension Statement: RowCursor {}

extension Database: CaseSQL {
    func beginRead() throws(StoreError) { try execute("BEGIN") }
    func endRead(commit: Bool) throws(StoreError) { try execute(commit ? "COMMIT" : "ROLLBACK") }
}

/// Reads a case (parties, transfers, ingests, identities, summary) from either store.
/// `path` names the case in messages.
struct CaseReader<SQL: CaseSQL> {
    let db: SQL
    let path: String

    /// Runs `body` inside one read transaction (unless one is open already).
    func reading<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        if db.inTransaction { return try body() }
        try db.beginRead()
        let result: T
        do { result = try body() } catch {
            try? db.endRead(commit: false)   // the body's error is the one to report
            throw error
        }
        try db.endRead(commit: true)
        return result
    }

    /// A setting from the `meta` table.
    func setting(_ key: String) throws(StoreError) -> String? {
        let read = try db.prepare("SELECT value FROM meta WHERE key = ?")
        read.bind([key])
        return try read.step() ? read.text(0) : nil
    }

    /// The case's time zone in seconds east of UTC.
    func offsetSeconds() throws(StoreError) -> Int {
        try setting("timezone").flatMap(CaseTime.parseOffset) ?? CaseTime.defaultOffset
    }
}
