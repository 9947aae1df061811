/// A statement on a PostgreSQL case, read through `RowCursor` like SQLite's: `?` parameters become
/// `$1`, `$2`, … (values always bound, never spliced); a statement without parameters streams its
/// rows with `COPY (…) TO STDOUT` (memory does not grow with the rows), one with parameters runs
/// as one query.
final class PGStatement: RowCursor {
    private let connection: PGConnection
    private let sql: String
    private var parameters: [String?] = []
    private var rows: PGRows?
    private var copy: PGCopyRows?
    private var started = false

    init(connection: PGConnection, sql: String) {
        self.connection = connection
        self.sql = PGStatement.numbered(sql)
    }

    /// `?` placeholders (outside quotes) as `$1`, `$2`, ….
    static func numbered(_ sql: String) -> String {
        var out = "", n = 0, quoted = false
        for c in sql {
            if c == "'" { quoted.toggle() }
            if c == "?" && !quoted { n += 1; out += "$\(n)" } else { out.append(c) }
        }
        return out
    }

    func bind(_ values: [any SQLValue]) {
        reset()
        parameters = values.map(PGStatement.text(of:))
    }

    /// A bound value as PostgreSQL's text form (`nil` for NULL; bytes as bytea hex).
    static func text(of value: any SQLValue) -> String? {
        switch value {
        case let v as Int64: String(v)
        case let v as Int: String(v)
        case let v as Bool: v ? "1" : "0"
        case let v as String: v
        case let v as [UInt8]: "\\x" + v.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        default: nil
        }
    }

    func step() throws(StoreError) -> Bool {
        if !started {
            started = true
            if parameters.isEmpty && sql.uppercased().hasPrefix("SELECT") {
                copy = try connection.copyOut("COPY (\(sql)) TO STDOUT")
            } else {
                rows = try connection.query(sql, parameters)
            }
        }
        if let copy { return try copy.step() }
        return rows?.step() ?? false
    }

    func reset() {
        if let copy, connection.activeCopy === copy { try? connection.finishCopy() }
        copy = nil
        rows = nil
        started = false
    }

    /// Runs to completion with `values` bound.
    func run(_ values: [any SQLValue]) throws(StoreError) {
        bind(values)
        while try step() {}
        reset()
    }

    func withText<R>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> R?) -> R? {
        if let copy {
            guard Int(column) < copy.fields.count, let range = copy.fields[Int(column)] else { return nil }
            return copy.bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range])) }
        }
        return rows?.withBytes(column, body)
    }

    func isNull(_ column: Int32) -> Bool {
        withText(column) { _ in true } == nil
    }

    /// An integer column (wrapping past 64 bits, as SQLite's sums in Swift do); NULL reads as 0.
    func int(_ column: Int32) -> Int64 { optionalInt(column) ?? 0 }

    func optionalInt(_ column: Int32) -> Int64? {
        withText(column) { bytes -> Int64? in
            var value: Int64 = 0, negative = false
            for b in bytes {
                if b == UInt8(ascii: "-") { negative = true; continue }
                if b == UInt8(ascii: ".") { break }
                if b == UInt8(ascii: "t") { return 1 }
                if b == UInt8(ascii: "f") { return 0 }
                value = value &* 10 &+ Int64(b &- 48)
            }
            return negative ? 0 &- value : value
        }
    }

    func text(_ column: Int32) -> String? {
        withText(column) { String(decoding: $0, as: UTF8.self) }
    }

    /// A bytea column (text form `\x…`).
    func blob(_ column: Int32) -> [UInt8] {
        withText(column) { bytes -> [UInt8]? in
            guard bytes.count >= 2, bytes[0] == 92, bytes[1] == UInt8(ascii: "x") else { return Array(bytes) }
            var out: [UInt8] = []
            out.reserveCapacity((bytes.count - 2) / 2)
            var i = 2
            while i + 1 < bytes.count {
                out.append(UInt8((CopyText.hexDigit(bytes[i]) ?? 0) * 16 + (CopyText.hexDigit(bytes[i + 1]) ?? 0)))
                i += 2
            }
            return out
        } ?? []
    }
}

extension PGConnection: CaseSQL {
    func prepare(_ sql: String) throws(StoreError) -> PGStatement { PGStatement(connection: self, sql: sql) }

    func beginRead() throws(StoreError) { try execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") }

    func endRead(commit: Bool) throws(StoreError) { try execute(commit ? "COMMIT" : "ROLLBACK") }
}
