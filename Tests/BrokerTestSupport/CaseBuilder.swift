import BrokerCase

/// Builds a small case in memory, the one way every test does: parties by key (created on first
/// mention, or declared with `party`), transfers in order through `TransferTable.append`.
public struct CaseBuilder {
    public private(set) var parties: [Party] = []
    public private(set) var table = TransferTable()
    private var index: [String: Int32] = [:]
    /// The file name transfers are said to come from (`FILE:LINE` labels and sources).
    public var file = "test.csv"

    /// A builder whose first parties are `insiders`, declared as insiders.
    public init(insiders: [String] = []) {
        for key in insiders { party(key, insider: true) }
    }

    /// A builder whose first parties are `keys`, in that order (vertex `i` is `keys[i]`).
    public init(parties keys: [String]) {
        for key in keys { vertex(key) }
    }

    /// Declares (or redeclares) a party with its details.
    public mutating func party(_ key: String, name: String? = nil, aliases: [String] = [], occupation: String? = nil,
                               organization: String? = nil, insider: Bool = false) {
        let v = Int(vertex(key))
        parties[v] = Party(key: key, name: name ?? key, aliases: aliases, occupation: occupation,
                           organization: organization, insider: insider)
    }

    /// The vertex of `key`, creating the party (named by its key) on first mention.
    @discardableResult
    public mutating func vertex(_ key: String) -> Int32 {
        if let v = index[key] { return v }
        index[key] = Int32(parties.count)
        parties.append(Party(key: key, name: key))
        return Int32(parties.count - 1)
    }

    /// Adds a transfer; `time` as in input files (local time UTC+8 when it has no offset). The label
    /// defaults to `T<n>`; the source line is the row's line in a file with a header.
    public mutating func add(_ label: String? = nil, _ time: String = "2025-03-01 12:00", _ from: String, _ to: String,
                             _ records: Int64 = 10, _ category: Category = .property, _ mode: TransferMode = .sale,
                             amountFen: Int64? = nil, batch: String? = nil, channel: String? = nil,
                             evidence: String? = nil, note: String? = nil) {
        let span: TimeSpan
        do { span = try CaseTime.parse(time) } catch { preconditionFailure("test time \(time): \(error)") }
        let from = vertex(from), to = vertex(to)
        table.append(Transfer(
            label: label ?? "T\(table.count + 1)", source: SourceLocation(file: file, line: table.count + 2),
            from: from, to: to, time: span, timeText: time, records: records, category: category, mode: mode,
            amountFen: amountFen, batch: batch, channel: channel, evidence: evidence, note: note))
    }

    /// Adds a transfer with the defaults for everything but its parties.
    public mutating func add(from: String, to: String) { add(nil, "2025-03-01 12:00", from, to) }

    /// The case built so far.
    public var data: CaseData { CaseData(parties: parties, transfers: table) }
}
