/// One transfer record as read from an input file, checked but not yet tied to the case's parties.
public struct TransferRow: Sendable, Equatable {
    public var location: SourceLocation
    /// The row's own id, when the file gives one.
    public var id: String?
    public var timeText: String
    public var time: TimeSpan
    public var from: String
    public var to: String
    public var records: Int64
    public var category: Category
    public var mode: TransferMode
    /// Price paid by `to` to `from`, in fen (hundredths of a yuan).
    public var amountFen: Int64?
    public var batch: String?
    public var channel: String?
    public var evidence: String?
    public var note: String?

    /// The columns of a transfers file; `time`, `from`, `to`, `records` and `category` are required.
    public static let schema = Schema(
        kind: "transfers",
        columns: ["id", "time", "from", "to", "records", "category", "mode", "amount", "batch",
                  "channel", "evidence", "note"],
        required: ["time", "from", "to", "records", "category"])

    /// Checks one row. - Throws: `InputError` naming the file, line and column.
    public init(_ row: TableReader.Row, file: String, offsetSeconds: Int) throws(InputError) {
        location = SourceLocation(file: file, line: row.line)
        let location = self.location
        func field(_ i: Int, _ name: String) throws(InputError) -> String {
            guard let value = row[i]?.trimmingWhitespace(), !value.isEmpty else {
                throw InputError(location, column: name, "missing (required)")
            }
            return value
        }
        func optional(_ i: Int) -> String? {
            guard let value = row[i]?.trimmingWhitespace(), !value.isEmpty else { return nil }
            return value
        }
        id = optional(0)
        timeText = try field(1, "time")
        do { time = try CaseTime.parse(timeText, offsetSeconds: offsetSeconds) } catch {
            throw InputError(location, column: "time", error.description)
        }
        from = try field(2, "from")
        to = try field(3, "to")
        if from == to { throw InputError(location, column: "to", "same party as from (a self-transfer)") }
        let recordsText = try field(4, "records")
        do { records = try Number.count(recordsText) } catch {
            throw InputError(location, column: "records", error.description)
        }
        let categoryText = try field(5, "category")
        guard let category = Category(parsing: categoryText) else {
            throw InputError(location, column: "category", "unknown category (expected one of \(Category.allCases.map(\.rawValue).joined(separator: ", ")) or the Chinese terms)")
        }
        self.category = category
        if let modeText = optional(6) {
            guard let mode = TransferMode(rawValue: modeText.lowercased()) else {
                throw InputError(location, column: "mode", "unknown mode (expected sale, exchange, provide or collect)")
            }
            self.mode = mode
        } else {
            mode = .provide
        }
        if let amountText = optional(7) {
            do { amountFen = try Number.fen(amountText) } catch {
                throw InputError(location, column: "amount", error.description)
            }
        }
        batch = optional(8)
        channel = optional(9)
        evidence = optional(10)
        note = optional(11)
    }
}

/// One party as described in a parties file.
public struct PartyRow: Sendable, Equatable {
    public var location: SourceLocation
    public var key: String
    public var name: String
    public var aliases: [String]
    public var occupation: String?
    public var insider: Bool
    public var organization: String?

    /// The columns of a parties file; `id` is required.
    public static let schema = Schema(
        kind: "parties", columns: ["id", "name", "aliases", "occupation", "insider", "organization"],
        required: ["id"])

    /// Checks one row. - Throws: `InputError` naming the file, line and column.
    public init(_ row: TableReader.Row, file: String) throws(InputError) {
        location = SourceLocation(file: file, line: row.line)
        guard let key = row[0]?.trimmingWhitespace(), !key.isEmpty else {
            throw InputError(location, column: "id", "missing (required)")
        }
        self.key = key
        name = row[1]?.trimmingWhitespace() ?? ""
        if name.isEmpty { name = key }
        var aliases: [String] = []
        for alias in (row[2] ?? "").split(separator: ";") {
            let alias = String(alias).trimmingWhitespace()
            if !alias.isEmpty && alias != key && !aliases.contains(alias) { aliases.append(alias) }
        }
        self.aliases = aliases
        occupation = row[3]?.trimmingWhitespace()
        switch row[4]?.trimmingWhitespace().lowercased() ?? "" {
        case "", "false", "no", "0", "n", "否": insider = false
        case "true", "yes", "1", "y", "是": insider = true
        default: throw InputError(location, column: "insider", "expected true or false")
        }
        organization = row[5]?.trimmingWhitespace()
    }
}

/// Strict number parsing for counts and money.
public enum Number {
    public enum Problem: Error, CustomStringConvertible {
        case notInteger, negative, tooLarge, notDecimal, tooManyDecimals
        public var description: String {
            switch self {
            case .notInteger: "not a whole number (digits only, e.g. 120)"
            case .negative: "negative"
            case .tooLarge: "too large"
            case .notDecimal: "not a decimal number (e.g. 1200 or 1200.50)"
            case .tooManyDecimals: "more than two decimal places (amounts are in yuan and fen)"
            }
        }
    }

    /// A record count: digits only (thousands separators `,` and `_` are not accepted), >= 0, < 2^63.
    public static func count(_ text: String) throws(Problem) -> Int64 {
        var bytes = Substring(text).utf8[...]
        if bytes.first == UInt8(ascii: "-") {
            if bytes.count > 1, bytes.dropFirst().allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { throw .negative }
            throw .notInteger
        }
        if bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        guard !bytes.isEmpty, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { throw .notInteger }
        var value: Int64 = 0
        for b in bytes {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int64(b - 0x30))
            if o1 || o2 { throw .tooLarge }
            value = s
        }
        return value
    }

    /// An amount in yuan with at most two decimals (more only when they are zeros), returned in fen.
    public static func fen(_ text: String) throws(Problem) -> Int64 {
        var yuan: Int64 = 0, fen: Int64 = 0
        var digitsBefore = 0, digitsAfter = 0
        var seenPoint = false
        for b in text.utf8 {
            switch b {
            case 0x2D where digitsBefore == 0 && !seenPoint: throw .negative
            case 0x2E where !seenPoint: seenPoint = true
            case 0x30...0x39:
                let digit = Int64(b - 0x30)
                if !seenPoint {
                    let (m, o1) = yuan.multipliedReportingOverflow(by: 10)
                    let (s, o2) = m.addingReportingOverflow(digit)
                    if o1 || o2 { throw .tooLarge }
                    yuan = s
                    digitsBefore += 1
                } else {
                    digitsAfter += 1
                    if digitsAfter <= 2 { fen = fen * 10 + digit } else if digit != 0 { throw .tooManyDecimals }
                }
            default: throw .notDecimal
            }
        }
        guard digitsBefore + digitsAfter > 0, !seenPoint || digitsAfter > 0 else { throw .notDecimal }
        if digitsAfter == 1 { fen *= 10 }
        let (m, o1) = yuan.multipliedReportingOverflow(by: 100)
        let (s, o2) = m.addingReportingOverflow(fen)
        if o1 || o2 { throw .tooLarge }
        return s
    }

    /// Formats fen as yuan: `1200.5` for 120050, `800` for 80000.
    public static func yuan(_ fen: Int64) -> String {
        let whole = fen / 100, part = fen % 100
        if part == 0 { return String(whole) }
        return part % 10 == 0 ? "\(whole).\(part / 10)" : "\(whole).\(part < 10 ? "0" : "")\(part)"
    }
}

/// One line of a batch contents file: a resident (data subject) that a batch held.
///
/// The identifier is normalised here (see `CaseKey.normalise`) and must be hashed before it is
/// stored anywhere; messages never show it.
public struct BatchRow: Sendable, Equatable {
    public var location: SourceLocation
    public var batch: String
    /// The normalised identifier, in clear: hash it with the case key, never store it.
    public var subject: String
    public var category: Category?

    /// The columns of a batch contents file; `batch` and `subject` are required.
    public static let schema = Schema(kind: "batches", columns: ["batch", "subject", "category"],
                                      required: ["batch", "subject"])

    /// Checks one row. - Throws: `InputError` naming the file, line and column (never the value).
    public init(_ row: TableReader.Row, file: String) throws(InputError) {
        location = SourceLocation(file: file, line: row.line)
        guard let batch = row[0]?.trimmingWhitespace(), !batch.isEmpty else {
            throw InputError(location, column: "batch", "missing (required)")
        }
        self.batch = batch
        guard let raw = row[1], let subject = CaseKey.normalise(raw) else {
            throw InputError(location, column: "subject", "missing (required: a phone number, ID-card number or other identifier)")
        }
        self.subject = subject
        if let text = row[2]?.trimmingWhitespace(), !text.isEmpty {
            guard let category = Category(parsing: text) else {
                throw InputError(location, column: "category", "unknown category (expected one of \(Category.allCases.map(\.rawValue).joined(separator: ", ")) or the Chinese terms)")
            }
            self.category = category
        }
    }
}
