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
/// Columns are read-only: `append` (or, for a compact table, `appendCompact`) is the one way to
/// add a row, so every column always has `count` entries. A compact table (`init(text:)`) holds
/// only the columns analyses compute with; its text columns read each row from a
/// `TransferTextSource` when asked, so a command that prints a few rows reads only those.
public struct TransferTable: Sendable {
    public private(set) var label = TextColumn<String>()
    public private(set) var source = TextColumn<SourceLocation>()
    public private(set) var from: [Int32] = []
    public private(set) var to: [Int32] = []
    public private(set) var time = TimeColumn()
    public private(set) var timeText = TextColumn<String>()
    public private(set) var records: [Int64] = []
    public private(set) var category: [Category] = []
    public private(set) var mode: [TransferMode] = []
    public private(set) var amountFen = AmountColumn()
    /// Batch names, interned: `batch.ids` is the integer column.
    public private(set) var batch = BatchColumn()
    public private(set) var channel = TextColumn<String?>()
    public private(set) var evidence = TextColumn<String?>()
    public private(set) var note = TextColumn<String?>()
    /// Where a compact table's text columns read (nil when they are in memory, or selected rows).
    private var textSource: (any TransferTextSource)?

    /// An empty table that holds every column in memory.
    public init() {}

    /// An empty compact table: rows are added with `appendCompact`, and the text columns read
    /// row `i` from `text` when asked.
    public init(text: any TransferTextSource) {
        textSource = text
        label = TextColumn { text.label(at: $0) }
        source = TextColumn { text.source(at: $0) }
        timeText = TextColumn { text.text(at: $0).timeText }
        channel = TextColumn { text.text(at: $0).channel }
        evidence = TextColumn { text.text(at: $0).evidence }
        note = TextColumn { text.text(at: $0).note }
    }

    public var count: Int { from.count }

    /// Adds one row at the end (not to a compact table). - Complexity: amortised O(1).
    public mutating func append(_ t: Transfer) {
        label.append(t.label); source.append(t.source); timeText.append(t.timeText)
        channel.append(t.channel); evidence.append(t.evidence); note.append(t.note)
        appendNumbers(from: t.from, to: t.to, time: t.time, records: t.records, category: t.category, mode: t.mode,
                      amountFen: t.amountFen, batch: t.batch)
    }

    /// Adds one row to a compact table: the columns analyses compute with; the text stays with
    /// the table's source. - Complexity: amortised O(1).
    public mutating func appendCompact(from: Int32, to: Int32, time: TimeSpan, records: Int64, category: Category,
                                       mode: TransferMode, amountFen: Int64?, batch: String?) {
        label.appendFetched(); source.appendFetched(); timeText.appendFetched()
        channel.appendFetched(); evidence.appendFetched(); note.appendFetched()
        appendNumbers(from: from, to: to, time: time, records: records, category: category, mode: mode,
                      amountFen: amountFen, batch: batch)
    }

    private mutating func appendNumbers(from: Int32, to: Int32, time: TimeSpan, records: Int64, category: Category,
                                        mode: TransferMode, amountFen: Int64?, batch: String?) {
        self.from.append(from); self.to.append(to); self.time.append(time); self.records.append(records)
        self.category.append(category); self.mode.append(mode); self.amountFen.append(amountFen)
        self.batch.append(batch)
    }

    /// Row `i` as one value (for a compact table, its text is read from the source).
    public subscript(_ i: Int) -> Transfer {
        Transfer(label: label[i], source: source[i], from: from[i], to: to[i], time: time[i], timeText: timeText[i],
                 records: records[i], category: category[i], mode: mode[i], amountFen: amountFen[i], batch: batch[i],
                 channel: channel[i], evidence: evidence[i], note: note[i])
    }

    /// The text of each row, in order, a run of rows at a time: a compact table reads each run from
    /// its source in one pass and keeps none of it, so writing every row of a national case never
    /// holds the case's text. - Complexity: O(count) and O(`run`) memory.
    public func forEachText(run: Int = 16_384, _ body: (Int, TransferText) throws -> Void) rethrows {
        var start = 0
        while start < count {
            let rows = start..<min(count, start + run)
            let texts = textSource?.texts(rows) ?? rows.map { i in
                TransferText(label: label[i], source: source[i], timeText: timeText[i], channel: channel[i],
                             evidence: evidence[i], note: note[i])
            }
            for (i, text) in zip(rows, texts) { try body(i, text) }
            start = rows.upperBound
        }
    }

    /// Rows `rows` of this table, in that order, as a table of its own (a case narrowed to a
    /// time window): a compact table's text is still read from its source, by the row it was.
    /// - Complexity: O(rows.count).
    public func selecting(_ rows: [Int]) -> TransferTable {
        var table = TransferTable()
        table.label = label.selecting(rows); table.source = source.selecting(rows)
        table.timeText = timeText.selecting(rows); table.channel = channel.selecting(rows)
        table.evidence = evidence.selecting(rows); table.note = note.selecting(rows)
        table.from = rows.map { from[$0] }; table.to = rows.map { to[$0] }; table.time = time.selecting(rows)
        table.records = rows.map { records[$0] }; table.category = rows.map { category[$0] }
        table.mode = rows.map { mode[$0] }; table.amountFen = amountFen.selecting(rows); table.batch = batch.selecting(rows)
        return table
    }

    /// Frees what only appending needs (the batch name lookup): for a table that is done growing.
    mutating func finishAppending() { batch.dropLookup() }

    public mutating func reserve(_ n: Int) {
        label.reserve(n); source.reserve(n); from.reserveCapacity(n); to.reserveCapacity(n)
        time.reserve(n); timeText.reserve(n); records.reserveCapacity(n); category.reserveCapacity(n)
        mode.reserveCapacity(n); amountFen.reserve(n); batch.reserve(n); channel.reserve(n)
        evidence.reserve(n); note.reserve(n)
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
    /// Transfers of the case left out of `transfers` because both ends are one resolved party
    /// (parties merged by identity resolution): they stay in the case file.
    public let internalTransfers: Int
    /// Payments between parties (bill lines), in the order stored.
    public let payments: [Payment]
    /// For each payment, the transfer it most likely paid for (`PaymentLinks`), or `nil`.
    public let paymentLinks: [Int?]
    /// Transfer index to the payment linked to it.
    public let paymentOfTransfer: [Int: Int]

    public init(parties: [Party], transfers: TransferTable, ingests: [IngestInfo] = [],
                offsetSeconds: Int = CaseTime.defaultOffset, internalTransfers: Int = 0, payments: [Payment] = []) {
        self.parties = parties
        self.internalTransfers = internalTransfers
        var transfers = transfers
        transfers.finishAppending()
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

    /// The chain search's view of the transfers: time intervals (the table's own columns, shared)
    /// and category as label. - Complexity: O(E) for the labels, 4 bytes per transfer.
    public var edgeTimes: Chains.EdgeTimes {
        let code = Dictionary(uniqueKeysWithValues: Category.allCases.enumerated().map { ($1, Int32($0)) })
        return Chains.EdgeTimes(earliest: transfers.time.earliest, latest: transfers.time.latest,
                                label: transfers.category.map { code[$0]! })
    }

    /// Formats a time span in the case's zone.
    public func format(_ span: TimeSpan) -> String { CaseTime.format(span, offsetSeconds: offsetSeconds) }

    /// Formats a moment as a date in the case's zone.
    public func date(_ seconds: Int64) -> String { CaseTime.date(seconds, offsetSeconds: offsetSeconds) }
}
