import BrokerGraph

/// A party to the trade: a person, a firm, or an origin (a system or customer pool harvested from).
public struct Party: Sendable, Equatable {
    /// The party's id in the case (from the parties file, or the name it first appeared under).
    public var key: String
    public var name: String
    public var aliases: [String]
    public var occupation: String?
    public var organization: String?
    /// Declared an insider in the parties file (collecting is detected separately).
    public var insider: Bool
    public init(key: String, name: String, aliases: [String] = [], occupation: String? = nil,
                organization: String? = nil, insider: Bool = false) {
        self.key = key; self.name = name; self.aliases = aliases; self.occupation = occupation
        self.organization = organization; self.insider = insider
    }
}

/// Where an ingested file came from.
public struct IngestInfo: Sendable, Codable, Equatable {
    public var id: Int64
    public var kind: String
    public var file: String
    public var sha256: String
    public var ingestedAt: String
    public var rows: Int
    public var accepted: Int
    public var rejected: Int
    public init(id: Int64, kind: String, file: String, sha256: String, ingestedAt: String, rows: Int, accepted: Int, rejected: Int) {
        self.id = id; self.kind = kind; self.file = file; self.sha256 = sha256; self.ingestedAt = ingestedAt
        self.rows = rows; self.accepted = accepted; self.rejected = rejected
    }
    enum CodingKeys: String, CodingKey {
        case id, kind, file, sha256, rows, accepted, rejected
        case ingestedAt = "ingested_at"
    }
}

/// One transfer, as read and checked: the unit `TransferTable.append` takes.
public struct Transfer: Sendable, Equatable {
    /// The row id shown to users: the file's own `id`, else `FILE:LINE`.
    public var label: String
    /// Where the row was read (file and line).
    public var source: SourceLocation
    /// Supplier and receiver, as vertices of the case graph.
    public var from: Int32
    public var to: Int32
    public var time: TimeSpan
    /// The time as written in the file.
    public var timeText: String
    public var records: Int64
    public var category: Category
    public var mode: TransferMode
    /// Price paid by `to` to `from`, in fen (hundredths of a yuan).
    public var amountFen: Int64?
    public var batch: String?
    public var channel: String?
    public var evidence: String?
    public var note: String?

    public init(label: String, source: SourceLocation, from: Int32, to: Int32, time: TimeSpan, timeText: String,
                records: Int64, category: Category, mode: TransferMode, amountFen: Int64? = nil,
                batch: String? = nil, channel: String? = nil, evidence: String? = nil, note: String? = nil) {
        self.label = label; self.source = source; self.from = from; self.to = to; self.time = time
        self.timeText = timeText; self.records = records; self.category = category; self.mode = mode
        self.amountFen = amountFen; self.batch = batch; self.channel = channel; self.evidence = evidence
        self.note = note
    }
}

/// The transfers of a case as parallel columns; index `i` is edge `i` of the case graph.
///
/// Columns are read-only: `append` is the one way to add a row, so every column always has
/// `count` entries.
public struct TransferTable: Sendable {
    public private(set) var label: [String] = []
    public private(set) var source: [SourceLocation] = []
    public private(set) var from: [Int32] = []
    public private(set) var to: [Int32] = []
    public private(set) var time: [TimeSpan] = []
    public private(set) var timeText: [String] = []
    public private(set) var records: [Int64] = []
    public private(set) var category: [Category] = []
    public private(set) var mode: [TransferMode] = []
    public private(set) var amountFen: [Int64?] = []
    public private(set) var batch: [String?] = []
    public private(set) var channel: [String?] = []
    public private(set) var evidence: [String?] = []
    public private(set) var note: [String?] = []

    public init() {}

    public var count: Int { from.count }

    /// Adds one row at the end. - Complexity: amortised O(1).
    public mutating func append(_ t: Transfer) {
        label.append(t.label); source.append(t.source); from.append(t.from); to.append(t.to)
        time.append(t.time); timeText.append(t.timeText); records.append(t.records); category.append(t.category)
        mode.append(t.mode); amountFen.append(t.amountFen); batch.append(t.batch); channel.append(t.channel)
        evidence.append(t.evidence); note.append(t.note)
    }

    /// Row `i` as one value.
    public subscript(_ i: Int) -> Transfer {
        Transfer(label: label[i], source: source[i], from: from[i], to: to[i], time: time[i], timeText: timeText[i],
                 records: records[i], category: category[i], mode: mode[i], amountFen: amountFen[i], batch: batch[i],
                 channel: channel[i], evidence: evidence[i], note: note[i])
    }

    public mutating func reserve(_ n: Int) {
        label.reserveCapacity(n); source.reserveCapacity(n); from.reserveCapacity(n); to.reserveCapacity(n)
        time.reserveCapacity(n); timeText.reserveCapacity(n); records.reserveCapacity(n); category.reserveCapacity(n)
        mode.reserveCapacity(n); amountFen.reserveCapacity(n); batch.reserveCapacity(n); channel.reserveCapacity(n)
        evidence.reserveCapacity(n); note.reserveCapacity(n)
    }
}

/// Everything an analysis needs: parties (index = vertex), transfers (index = edge), the graph.
///
/// Immutable once built, so the graph always matches the parties and transfers it was built from.
public struct CaseData: Sendable {
    public let parties: [Party]
    public let transfers: TransferTable
    public let ingests: [IngestInfo]
    /// The case's time zone, in seconds east of UTC.
    public let offsetSeconds: Int
    /// Parties as vertices and transfers as edges, in the same order.
    public let graph: Digraph
    /// Payments between parties (bill lines), in the order stored.
    public let payments: [Payment]
    /// For each payment, the transfer it most likely paid for (`PaymentLinks`), or `nil`.
    public let paymentLinks: [Int?]
    /// Transfer index to the payment linked to it.
    public let paymentOfTransfer: [Int: Int]

    public init(parties: [Party], transfers: TransferTable, ingests: [IngestInfo] = [],
                offsetSeconds: Int = CaseTime.defaultOffset, payments: [Payment] = []) {
        self.parties = parties
        self.transfers = transfers
        self.ingests = ingests
        self.offsetSeconds = offsetSeconds
        graph = Digraph(vertexCount: parties.count, sources: transfers.from, targets: transfers.to)
        self.payments = payments
        paymentLinks = PaymentLinks.link(payments, transfers: transfers, graph: graph)
        var byTransfer: [Int: Int] = [:]
        for (p, e) in paymentLinks.enumerated() { if let e { byTransfer[e] = p } }
        paymentOfTransfer = byTransfer
    }

    /// The vertex of a party given by key, name or alias.
    public func party(named text: String) -> Int32? {
        let text = text.trimmingWhitespace()
        if let i = parties.firstIndex(where: { $0.key == text }) { return Int32(i) }
        if let i = parties.firstIndex(where: { $0.aliases.contains(text) || $0.name == text }) { return Int32(i) }
        return nil
    }

    /// The chain search's view of the transfers: time intervals and category as label.
    public var edgeTimes: Chains.EdgeTimes {
        Chains.EdgeTimes(earliest: transfers.time.map(\.earliest), latest: transfers.time.map(\.latest),
                         label: transfers.category.map { Int32(Category.allCases.firstIndex(of: $0)!) })
    }

    /// Formats a time span in the case's zone.
    public func format(_ span: TimeSpan) -> String { CaseTime.format(span, offsetSeconds: offsetSeconds) }

    /// Formats a moment as a date in the case's zone.
    public func date(_ seconds: Int64) -> String { CaseTime.date(seconds, offsetSeconds: offsetSeconds) }
}
