import CSQLite
import Foundation

/// Errors from the case database. Messages show the SQL, never bound values (personal data).
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public var message: String
    /// The SQLite result code, when SQLite raised it.
    public var code: Int32?
    public init(_ message: String, code: Int32? = nil) { self.message = message; self.code = code }
    public var description: String { message }
    /// Whether this is a constraint violation (a duplicate key, say).
    public var isConstraint: Bool { code.map { $0 & 0xff == SQLITE_CONSTRAINT } ?? false }
}

/// One SQLite connection. This file is the only one that imports the SQLite C library.
final class Database {
    private(set) var handle: OpaquePointer?
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
        let status = sqlite3_open_v2(path, &handle, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard status == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close_v2(handle)
            handle = nil
            throw StoreError("\(path): \(message)", code: status)
        }
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

    /// The rowid of the last insert.
    var lastInsertID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last statement.
    var changes: Int { Int(sqlite3_changes(handle)) }

    fileprivate func error(_ status: Int32, _ sql: String) -> StoreError {
        StoreError("\(String(cString: sqlite3_errmsg(handle))) (in: \(sql.prefix(200)))", code: status)
    }
}

/// A prepared statement. Values are bound by position (1-based) and read by column (0-based).
final class Statement {
    private var handle: OpaquePointer?
    private let database: Database
    private let sql: String

    fileprivate init(database: Database, sql: String) throws(StoreError) {
        self.database = database
        self.sql = sql
        let status = sqlite3_prepare_v2(database.handle, sql, -1, &handle, nil)
        guard status == SQLITE_OK else { throw database.error(status, sql) }
    }

    deinit { sqlite3_finalize(handle) }

    func bind(_ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    func bind(_ index: Int32, _ value: Int?) { bind(index, value.map(Int64.init)) }

    func bind(_ index: Int32, _ value: String?) {
        guard var text = value else { sqlite3_bind_null(handle, index); return }
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

    func bind(_ index: Int32, _ value: [UInt8]) {
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

    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    func int(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func optionalInt(_ column: Int32) -> Int64? { isNull(column) ? nil : int(column) }

    func text(_ column: Int32) -> String? {
        guard let pointer = sqlite3_column_text(handle, column) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    func blob(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard let pointer = sqlite3_column_blob(handle, column), count > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}
