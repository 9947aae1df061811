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
            guard let mode = TransferMode(rawValue: modeText) ?? TransferMode(rawValue: modeText.lowercased()) else {
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

    /// An amount in yuan with at most two decimals (more are accepted when they are zeros),
    /// returned in fen. - Complexity: one pass over the text.
    public static func fen(_ text: String) throws(Problem) -> Int64 {
        var yuan: Int64 = 0, cents: Int64 = 0
        var integerDigits = 0, fractionDigits = 0
        var dot = false, overflow = false, nonZeroBeyondCents = false
        for (i, b) in text.utf8.enumerated() {
            if b == UInt8(ascii: "-") && i == 0 { throw .negative }
            if b == UInt8(ascii: ".") {
                if dot { throw .notDecimal }
                dot = true
                continue
            }
            guard b >= 0x30 && b <= 0x39 else { throw .notDecimal }
            let digit = Int64(b - 0x30)
            if dot {
                fractionDigits += 1
                if fractionDigits <= 2 { cents = cents * 10 + digit } else if digit != 0 { nonZeroBeyondCents = true }
            } else {
                integerDigits += 1
                let (m, o1) = yuan.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(digit)
                if o1 || o2 { overflow = true } else { yuan = s }
            }
        }
        if integerDigits == 0 && !dot { throw .notDecimal }   // empty
        if dot && fractionDigits == 0 { throw .notDecimal }   // "5." or "."
        if nonZeroBeyondCents { throw .tooManyDecimals }
        if overflow { throw .tooLarge }
        if fractionDigits == 1 { cents *= 10 }
        let (m, o1) = yuan.multipliedReportingOverflow(by: 100)
        let (s, o2) = m.addingReportingOverflow(cents)
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
