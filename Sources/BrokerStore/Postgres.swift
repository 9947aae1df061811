import CLibPQ
import Foundation

/// One PostgreSQL connection through libpq. This file is the only one that imports libpq.
///
/// libpq reads the conventions PostgreSQL users rely on: the `PG*` environment variables,
/// `~/.pgpass`, `sslmode`, service files and `postgresql://` URIs. Statements take parameters as
/// text (`$1`, `$2`, …; never spliced into SQL); results come back as text. Errors carry the server's
/// message and SQLSTATE, and show the SQL, never bound values (personal data).
final class PGConnection {
    private var handle: OpaquePointer?
    /// A COPY OUT still running: read to its end before the connection runs anything else.
    var activeCopy: PGCopyRows?
    /// `postgres://host:port/database`, without user or password: what messages name.
    let display: String

    /// Connects. - Throws: `StoreError` naming the server and what went wrong (bad URL, refused,
    /// authentication failed); the password never appears.
    init(url: String) throws(StoreError) {
        var parseError: UnsafeMutablePointer<CChar>?
        if let options = PQconninfoParse(url, &parseError) {
            PQconninfoFree(options)
        } else {
            let message = parseError.map { String(cString: $0) } ?? "cannot parse"
            PQfreemem(parseError)
            throw StoreError("\(PGConnection.redacted(url)): not a valid PostgreSQL URL: \(message.trimmed)")
        }
        handle = PQconnectdb(url)
        guard let handle, PQstatus(handle) == CONNECTION_OK else {
            let message = handle.map { String(cString: PQerrorMessage($0)) } ?? "out of memory"
            PQfinish(handle)
            self.handle = nil
            throw StoreError("\(PGConnection.redacted(url)): cannot connect: \(message.trimmed)")
        }
        let host = String(cString: PQhost(handle)), port = String(cString: PQport(handle)), db = String(cString: PQdb(handle))
        display = "postgres://\(host.hasPrefix("/") ? "[\(host)]" : host):\(port)/\(db)"
        // Notices (e.g. "relation already exists, skipping") stay off the user's terminal.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
    }

    deinit { PQfinish(handle) }

    /// A URL as messages may show it: user and password taken out.
    static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return "PostgreSQL connection string" }
        let rest = url[scheme.upperBound...]
        let afterUser = rest.firstIndex(of: "@").map { rest[rest.index(after: $0)...] } ?? rest
        return String(url[..<scheme.upperBound]) + String(afterUser.prefix { $0 != "?" })
    }

    /// Whether a transaction is open.
    var inTransaction: Bool { PQtransactionStatus(handle) != PQTRANS_IDLE }

    /// The role this connection acts as.
    var user: String { String(cString: PQuser(handle)) }

    /// The server's error for a failed result (or the connection's, when there is no result).
    private func error(_ result: OpaquePointer?, _ sql: String) -> StoreError {
        if PQstatus(handle) != CONNECTION_OK {
            let message = String(cString: PQerrorMessage(handle)).trimmed
            return StoreError("\(display): connection lost: \(message.isEmpty ? "the server closed the connection" : message)",
                              sqlstate: "08006")
        }
        let message = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "M"))) }.map { String(cString: $0) }
            ?? String(cString: PQerrorMessage(handle)).trimmed
        let state = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { String(cString: $0) }
        if state == "57P01" || state == "57P02" || state == "57P03" {
            return StoreError("\(display): connection lost: \(message)", sqlstate: state)
        }
        return StoreError("\(display): \(message) (SQLSTATE \(state ?? "?"); in: \(sql.prefix(200)))", sqlstate: state)
    }

    /// Runs statements without parameters (several may be separated by `;`).
    func execute(_ sql: String) throws(StoreError) {
        try finishCopy()
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard result != nil, status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else { throw error(result, sql) }
    }

    /// Runs one statement with text parameters (`nil` is NULL) and returns its rows.
    @discardableResult
    func query(_ sql: String, _ parameters: [String?] = []) throws(StoreError) -> PGRows {
        try finishCopy()
        var storage: [UnsafeMutablePointer<CChar>?] = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { for p in storage { free(p) } }
        let result = storage.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: max(1, buffer.count)) { values in
                PQexecParams(handle, sql, Int32(parameters.count), nil, parameters.isEmpty ? nil : values, nil, nil, 0)
            }
        }
        let status = PQresultStatus(result)
        guard result != nil, status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            defer { PQclear(result) }
            throw error(result, sql)
        }
        return PGRows(result: result!)
    }

    /// `COPY … FROM STDIN` (text format): `body` writes rows through the writer; the data goes to
    /// the server in 256 KiB chunks. A throw from `body` aborts the COPY (nothing is stored).
    func copyIn(_ sql: String, _ body: (inout CopyWriter) throws -> Void) throws {
        try finishCopy()
        let start = PQexec(handle, sql)
        guard PQresultStatus(start) == PGRES_COPY_IN else {
            defer { PQclear(start) }
            throw error(start, sql)
        }
        PQclear(start)
        var writer = CopyWriter()
        var failure: Error?
        do {
            try body(&writer)
            try writer.flush(force: true) { bytes throws(StoreError) in try self.put(bytes, sql) }
        } catch { failure = error }
        let end = PQputCopyEnd(handle, failure == nil ? nil : "aborted by the client")
        var result = PQgetResult(handle)
        var serverError: StoreError?
        while let r = result {
            if PQresultStatus(r) != PGRES_COMMAND_OK && serverError == nil { serverError = error(r, sql) }
            PQclear(r)
            result = PQgetResult(handle)
        }
        if let failure { throw failure }
        if end != 1 || serverError != nil { throw serverError ?? error(nil, sql) }
    }

    fileprivate func put(_ bytes: [UInt8], _ sql: String) throws(StoreError) {
        let sent = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { PQputCopyData(handle, $0.baseAddress, Int32($0.count)) }
        }
        if sent != 1 { throw error(nil, sql) }
    }

    /// `COPY (query) TO STDOUT` (text format), read row by row.
    func copyOut(_ sql: String) throws(StoreError) -> PGCopyRows {
        try finishCopy()
        let start = PQexec(handle, sql)
        defer { PQclear(start) }
        guard PQresultStatus(start) == PGRES_COPY_OUT else { throw error(start, sql) }
        let rows = PGCopyRows(connection: self, sql: sql)
        activeCopy = rows
        return rows
    }

    /// Reads a running COPY OUT to its end (a cursor left before its last row).
    func finishCopy() throws(StoreError) {
        if let copy = activeCopy {
            activeCopy = nil
            try copy.drain()
        }
    }

    /// The next row of a running COPY OUT as raw text-format bytes (without the newline), or nil at
    /// the end (after checking that the COPY succeeded).
    fileprivate func nextCopyLine(_ sql: String, into buffer: inout [UInt8]) throws(StoreError) -> Bool {
        var data: UnsafeMutablePointer<CChar>?
        let n = PQgetCopyData(handle, &data, 0)
        if n > 0, let data {
            defer { PQfreemem(data) }
            let count = Int(n) - (data[Int(n) - 1] == 10 ? 1 : 0)
            buffer.removeAll(keepingCapacity: true)
            data.withMemoryRebound(to: UInt8.self, capacity: count) { buffer.append(contentsOf: UnsafeBufferPointer(start: $0, count: count)) }
            return true
        }
        var failure: StoreError?
        if n == -2 { failure = error(nil, sql) }
        var result = PQgetResult(handle)
        while let r = result {
            if PQresultStatus(r) != PGRES_COMMAND_OK && failure == nil { failure = error(r, sql) }
            PQclear(r)
            result = PQgetResult(handle)
        }
        if PQstatus(handle) != CONNECTION_OK && failure == nil { failure = error(nil, sql) }
        if let failure { throw failure }
        return false
    }
}

/// The rows of a finished statement, as text. Also a `RowCursor`: `step()` moves to the next row.
final class PGRows {
    private let result: OpaquePointer
    private var row: Int32 = -1
    let count: Int32

    init(result: OpaquePointer) {
        self.result = result
        count = PQntuples(result)
    }

    deinit { PQclear(result) }

    /// Rows changed by an INSERT, UPDATE or DELETE.
    var changed: Int { Int(String(cString: PQcmdTuples(result))) ?? 0 }

    func step() -> Bool {
        row += 1
        return row < count
    }

    func isNull(_ column: Int32) -> Bool { PQgetisnull(result, row, column) == 1 }

    func text(_ column: Int32) -> String? {
        isNull(column) ? nil : String(cString: PQgetvalue(result, row, column))
    }

    func withBytes<R>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> R?) -> R? {
        guard !isNull(column), let value = PQgetvalue(result, row, column) else { return nil }
        let length = Int(PQgetlength(result, row, column))
        return value.withMemoryRebound(to: UInt8.self, capacity: length) { body(UnsafeBufferPointer(start: $0, count: length)) }
    }
}

/// The rows of a `COPY … TO STDOUT`, decoded from the text format one row at a time (memory does
/// not grow with the number of rows).
final class PGCopyRows {
    private let connection: PGConnection
    private let sql: String
    private var line: [UInt8] = []
    /// The current row's decoded bytes, and each field's range in it (nil for `\N`).
    private(set) var bytes: [UInt8] = []
    private(set) var fields: [Range<Int>?] = []
    private var done = false

    fileprivate init(connection: PGConnection, sql: String) {
        self.connection = connection
        self.sql = sql
    }

    /// Reads the next row; false at the end.
    func step() throws(StoreError) -> Bool {
        if done { return false }
        guard try connection.nextCopyLine(sql, into: &line) else {
            done = true
            if connection.activeCopy === self { connection.activeCopy = nil }
            return false
        }
        CopyText.decode(line, into: &bytes, fields: &fields)
        return true
    }

    /// Reads to the end (a cursor dropped early must still drain the COPY).
    func drain() throws(StoreError) { while try step() {} }
}

/// COPY's text format: fields split by tab, rows by newline, `\N` for NULL, and backslash escapes.
enum CopyText {
    /// Appends `text` escaped as one field (backslash, tab, newline and carriage return escaped).
    static func append(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\\"): out.append(92); out.append(92)
                case 9: out.append(92); out.append(UInt8(ascii: "t"))
                case 10: out.append(92); out.append(UInt8(ascii: "n"))
                case 13: out.append(92); out.append(UInt8(ascii: "r"))
                default: out.append(byte)
                }
            }
        }
    }

    /// Splits a text-format row into fields, undoing the escapes.
    static func decode(_ line: [UInt8], into bytes: inout [UInt8], fields: inout [Range<Int>?]) {
        bytes.removeAll(keepingCapacity: true)
        fields.removeAll(keepingCapacity: true)
        var start = 0, i = 0, isNull = false
        let n = line.count
        while i <= n {
            if i == n || line[i] == 9 {
                fields.append(isNull ? nil : start..<bytes.count)
                start = bytes.count
                isNull = false
                i += 1
                continue
            }
            let byte = line[i]
            if byte == 92 && i + 1 < n {
                let next = line[i + 1]
                i += 2
                switch next {
                case UInt8(ascii: "N"): isNull = true
                case UInt8(ascii: "t"): bytes.append(9)
                case UInt8(ascii: "n"): bytes.append(10)
                case UInt8(ascii: "r"): bytes.append(13)
                case UInt8(ascii: "b"): bytes.append(8)
                case UInt8(ascii: "f"): bytes.append(12)
                case UInt8(ascii: "v"): bytes.append(11)
                case UInt8(ascii: "0")...UInt8(ascii: "7"):
                    var value = Int(next - 48), digits = 1
                    while digits < 3, i < n, (48...55).contains(line[i]) { value = value * 8 + Int(line[i] - 48); i += 1; digits += 1 }
                    bytes.append(UInt8(truncatingIfNeeded: value))
                case UInt8(ascii: "x"):
                    var value = 0, digits = 0
                    while digits < 2, i < n, let d = hexDigit(line[i]) { value = value * 16 + d; i += 1; digits += 1 }
                    bytes.append(UInt8(truncatingIfNeeded: value))
                default: bytes.append(next)
                }
                continue
            }
            bytes.append(byte)
            i += 1
        }
    }

    static func hexDigit(_ byte: UInt8) -> Int? {
        switch byte {
        case 48...57: Int(byte - 48)
        case 97...102: Int(byte - 87)
        case 65...70: Int(byte - 55)
        default: nil
        }
    }
}

/// Builds COPY text-format rows and sends them in chunks.
struct CopyWriter {
    private(set) var buffer: [UInt8] = []
    private var first = true
    fileprivate var send: ((_ bytes: [UInt8]) throws(StoreError) -> Void)?

    init() { buffer.reserveCapacity(1 << 18) }

    mutating func null() { separate(); buffer.append(92); buffer.append(UInt8(ascii: "N")) }
    mutating func text(_ value: String?) {
        separate()
        if let value { CopyText.append(value, to: &buffer) } else { buffer.append(92); buffer.append(UInt8(ascii: "N")) }
    }
    /// A field from UTF-8 bytes (`nil`: NULL), escaped; bytes that need no escape go in one copy.
    mutating func text(utf8 value: UnsafeBufferPointer<UInt8>?) {
        separate()
        guard let value else { buffer.append(92); buffer.append(UInt8(ascii: "N")); return }
        if !value.contains(where: { $0 == 92 || $0 == 9 || $0 == 10 || $0 == 13 }) {
            buffer.append(contentsOf: value)
            return
        }
        for byte in value {
            switch byte {
            case 92: buffer.append(92); buffer.append(92)
            case 9: buffer.append(92); buffer.append(UInt8(ascii: "t"))
            case 10: buffer.append(92); buffer.append(UInt8(ascii: "n"))
            case 13: buffer.append(92); buffer.append(UInt8(ascii: "r"))
            default: buffer.append(byte)
            }
        }
    }
    /// An integer in decimal, written digit by digit (no String made).
    mutating func int(_ value: Int64?) {
        separate()
        guard let value else { buffer.append(92); buffer.append(UInt8(ascii: "N")); return }
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let start = buffer.count
        repeat {
            buffer.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        buffer[start...].reverse()
    }
    /// Bytes as a bytea in hex form (`\\x…` once escaped for COPY).
    mutating func bytes(_ value: [UInt8]?) {
        separate()
        guard let value else { buffer.append(92); buffer.append(UInt8(ascii: "N")); return }
        buffer.append(92); buffer.append(92); buffer.append(UInt8(ascii: "x"))
        let hex = Array("0123456789abcdef".utf8)
        for b in value { buffer.append(hex[Int(b >> 4)]); buffer.append(hex[Int(b & 15)]) }
    }
    /// Ends a row; sends the buffer once it is large.
    mutating func endRow() throws {
        buffer.append(10)
        first = true
        if buffer.count >= 1 << 18, let send { try send(buffer); buffer.removeAll(keepingCapacity: true) }
    }

    private mutating func separate() {
        if first { first = false } else { buffer.append(9) }
    }

    fileprivate mutating func flush(force: Bool, _ put: (_ bytes: [UInt8]) throws(StoreError) -> Void) throws(StoreError) {
        if !buffer.isEmpty { try put(buffer); buffer.removeAll(keepingCapacity: true) }
    }
}

extension PGConnection {
    /// `copyIn` with rows sent as the writer fills (the writer's chunks go to the server).
    func copy(_ sql: String, _ body: (inout CopyWriter) throws -> Void) throws {
        try copyIn(sql) { writer in
            writer.send = { bytes throws(StoreError) in try self.put(bytes, sql) }
            try body(&writer)
        }
    }
}

extension String {
    fileprivate var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
