import CSQLite
import Foundation

/// Errors from the case database. Messages show the SQL, never bound values (personal data).
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public var message: String
    /// The SQLite result code, when SQLite raised it.
    public var code: Int32?
    /// The SQLSTATE, when PostgreSQL raised it (`08006` when the connection was lost).
    public var sqlstate: String?
    public init(_ message: String, code: Int32? = nil) { self.message = message; self.code = code }
    public init(_ message: String, sqlstate: String?) { self.message = message; self.sqlstate = sqlstate }
    public var description: String { message }
    /// Whether this is a constraint violation (a duplicate key, say).
    public var isConstraint: Bool { code.map { $0 & 0xff == SQLITE_CONSTRAINT } ?? false }
}

/// One SQLite connection. This file is the only one that imports the SQLite C library.
final class Database {
    /// The connection (a constant: reading it costs no run-time exclusivity check per call).
    let handle: OpaquePointer?
    let path: String

    /// Opens (and, with `create`, creates readable by its owner only) the database at `path`.
    init(path: String, create: Bool, readOnly: Bool = false) throws(StoreError) {
        self.path = path
        if create && !FileManager.default.fileExists(atPath: path) {
            let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw StoreError("\(path): cannot create: \(String(cString: strerror(errno)))") }
            close(fd)
        }
        let flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0))
        var handle: OpaquePointer?
        let status = sqlite3_open_v2(path, &handle, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard status == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close_v2(handle)
            throw StoreError("\(path): \(message)", code: status)
        }
        self.handle = handle
        sqlite3_busy_timeout(handle, 10_000)
        sqlite3_extended_result_codes(handle, 1)
    }

    deinit { sqlite3_close_v2(handle) }

    /// Runs one or more statements without parameters.
    func execute(_ sql: String) throws(StoreError) {
        var error: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &error)
        if status != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? "error \(status)"
            sqlite3_free(error)
            throw StoreError("\(message) (in: \(sql.prefix(200)))", code: status)
        }
    }

    func prepare(_ sql: String) throws(StoreError) -> Statement { try Statement(database: self, sql: sql) }

    /// Switches the journal mode (`wal`, `delete`); false when SQLite keeps the mode it had (another
    /// connection has the database open, say). A rollback journal is synced in full (`FULL`), the
    /// write-ahead log at commits only (`NORMAL`, safe in WAL mode): either way a crash leaves the
    /// last committed state.
    func setJournalMode(_ mode: String) throws(StoreError) -> Bool {
        let pragma = try prepare("PRAGMA journal_mode=\(mode)")
        var switched = false
        do { switched = try pragma.step() && pragma.text(0) == mode } catch {
            guard error.code.map({ $0 & 0xff == SQLITE_BUSY }) ?? false else { throw error }
        }
        pragma.reset()
        guard switched else { return false }
        try execute(mode == "wal" ? "PRAGMA synchronous=NORMAL" : "PRAGMA synchronous=FULL")
        return true
    }

    /// The rowid of the last insert.
    var lastInsertID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Whether a transaction is open on this connection.
    var inTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Rows changed by the last statement.
    var changes: Int { Int(sqlite3_changes(handle)) }

    fileprivate func error(_ status: Int32, _ sql: String) -> StoreError {
        StoreError("\(String(cString: sqlite3_errmsg(handle))) (in: \(sql.prefix(200)))", code: status)
    }
}

/// A prepared statement. Values are bound from an array (parameter `i + 1` takes element `i`) and
/// read by column (0-based).
final class Statement {
    private let handle: OpaquePointer?
    private let database: Database
    private let sql: String

    fileprivate init(database: Database, sql: String) throws(StoreError) {
        self.database = database
        self.sql = sql
        var handle: OpaquePointer?
        let status = sqlite3_prepare_v2(database.handle, sql, -1, &handle, nil)
        guard status == SQLITE_OK else {
            sqlite3_finalize(handle)
            throw database.error(status, sql)
        }
        self.handle = handle
    }

    deinit { sqlite3_finalize(handle) }

    /// Binds `values` to parameters 1, 2, … in order (a `nil` binds NULL), after clearing
    /// earlier bindings. - Complexity: O(values).
    func bind(_ values: [any SQLValue]) {
        sqlite3_clear_bindings(handle)
        for (i, value) in values.enumerated() { value.bind(to: self, at: Int32(i + 1)) }
    }

    /// Binds `values` (see `bind(_:)`), runs to completion and resets.
    func run(_ values: [any SQLValue]) throws(StoreError) {
        bind(values)
        try run()
    }

    /// Binds one parameter (1-based) in place, without `bind(_:)`'s array of values: for the
    /// ingest's per-row statements. Bindings left unset keep their last value.
    func bind(_ index: Int32, _ value: Int64) { sqlite3_bind_int64(handle, index, value) }

    /// Binds an integer or NULL.
    func bind(_ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    /// Binds text (copied by SQLite) or NULL.
    func bind(_ index: Int32, _ value: String?) {
        if let value { bindText(index, value) } else { sqlite3_bind_null(handle, index) }
    }

    /// Binds text without a copy, or NULL: the bytes must stay as they are until the statement
    /// has run (`clearBindings` then unbinds them).
    func bindStatic(_ index: Int32, _ value: UnsafeBufferPointer<UInt8>?) {
        guard let value else {
            sqlite3_bind_null(handle, index)
            return
        }
        value.withMemoryRebound(to: CChar.self) { chars in
            if let base = chars.baseAddress {
                _ = sqlite3_bind_text(handle, index, base, Int32(chars.count), nil)
            } else {
                _ = sqlite3_bind_text(handle, index, "", 0, csqlite_transient())
            }
        }
    }

    /// Unbinds every parameter (after `bindStatic`, whose bytes may not outlive the bindings).
    func clearBindings() { sqlite3_clear_bindings(handle) }

    fileprivate func bindNull(_ index: Int32) { sqlite3_bind_null(handle, index) }

    fileprivate func bindInt(_ index: Int32, _ value: Int64) { sqlite3_bind_int64(handle, index, value) }

    fileprivate func bindText(_ index: Int32, _ value: String) {
        var text = value
        text.withUTF8 { utf8 in
            utf8.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress {
                    _ = sqlite3_bind_text(handle, index, base, Int32(chars.count), csqlite_transient())
                } else {
                    _ = sqlite3_bind_text(handle, index, "", 0, csqlite_transient())
                }
            }
        }
    }

    fileprivate func bindBlob(_ index: Int32, _ value: [UInt8]) {
        value.withUnsafeBytes { bytes in
            _ = sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), csqlite_transient())
        }
    }

    /// Steps once: true while a row is available.
    @discardableResult
    func step() throws(StoreError) -> Bool {
        let status = sqlite3_step(handle)
        if status == SQLITE_ROW { return true }
        if status == SQLITE_DONE { return false }
        throw database.error(status, sql)
    }

    /// Runs to completion and resets, keeping the statement for the next use.
    func run() throws(StoreError) {
        defer { reset() }
        while try step() {}
    }

    /// Ends the current run (keeps the bindings: `bind(_:)` replaces them all).
    func reset() { sqlite3_reset(handle) }

    func int(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    /// Columns in the result.
    var columnCount: Int32 { sqlite3_column_count(handle) }

    /// A column's value with its type, for dumps: `null`, `i:42`, `r:1.5`, `t:text`, `b:hex`.
    func describe(_ column: Int32) -> String {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_NULL: "null"
        case SQLITE_INTEGER: "i:\(int(column))"
        case SQLITE_FLOAT: "r:\(sqlite3_column_double(handle, column))"
        case SQLITE_BLOB: "b:" + blob(column).map { String($0, radix: 16) }.joined(separator: ",")
        default: "t:" + String(reflecting: text(column) ?? "")
        }
    }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func optionalInt(_ column: Int32) -> Int64? { isNull(column) ? nil : int(column) }

    func text(_ column: Int32) -> String? {
        guard let pointer = sqlite3_column_text(handle, column) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// Calls `body` with a column's UTF-8 bytes (valid only inside `body`; `nil` for NULL).
    func withText<R>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> R?) -> R? {
        guard let pointer = sqlite3_column_text(handle, column) else { return nil }
        return body(UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, column))))
    }

    func blob(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard let pointer = sqlite3_column_blob(handle, column), count > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}

/// Starts fetching the memory at `address` into the processor's cache, without waiting for it.
func prefetch(_ address: UnsafeRawPointer) { csqlite_prefetch(address) }

/// A value that can be bound to a statement parameter: integers, text, bytes, and `nil` (NULL).
protocol SQLValue {
    func bind(to statement: Statement, at index: Int32)
}

extension Int64: SQLValue {
    func bind(to statement: Statement, at index: Int32) { statement.bindInt(index, self) }
}

extension Int: SQLValue {
    func bind(to statement: Statement, at index: Int32) { statement.bindInt(index, Int64(self)) }
}

extension Bool: SQLValue {
    func bind(to statement: Statement, at index: Int32) { statement.bindInt(index, self ? 1 : 0) }
}

extension String: SQLValue {
    func bind(to statement: Statement, at index: Int32) { statement.bindText(index, self) }
}

extension Array: SQLValue where Element == UInt8 {
    func bind(to statement: Statement, at index: Int32) { statement.bindBlob(index, self) }
}

extension Optional: SQLValue where Wrapped: SQLValue {
    func bind(to statement: Statement, at index: Int32) {
        if let value = self { value.bind(to: statement, at: index) } else { statement.bindNull(index) }
    }
}
