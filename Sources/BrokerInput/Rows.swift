import BrokerCase
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
    /// The `identifiers` column as written (`phone:…;wechat:…`), checked by the store.
    public var identifiers: String?

    /// The columns of a parties file; `id` is required.
    public static let schema = Schema(
        kind: "parties", columns: ["id", "name", "aliases", "occupation", "insider", "organization", "identifiers"],
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
        identifiers = row[6]?.trimmingWhitespace()
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
