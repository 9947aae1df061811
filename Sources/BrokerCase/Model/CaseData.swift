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

/// The transfers of a case as parallel columns; index `i` is edge `i` of the case graph.
public struct TransferTable: Sendable {
    /// The row id shown to users: the file's own `id`, else `FILE:LINE`.
    public var label: [String] = []
    /// Where each row was read (file and line).
    public var source: [SourceLocation] = []
    public var from: [Int32] = []
    public var to: [Int32] = []
    public var time: [TimeSpan] = []
    public var timeText: [String] = []
    public var records: [Int64] = []
    public var category: [Category] = []
    public var mode: [TransferMode] = []
    public var amountFen: [Int64?] = []
    public var batch: [String?] = []
    public var channel: [String?] = []
    public var evidence: [String?] = []
    public var note: [String?] = []

    public init() {}

    public var count: Int { from.count }

    public mutating func reserve(_ n: Int) {
        label.reserveCapacity(n); source.reserveCapacity(n); from.reserveCapacity(n); to.reserveCapacity(n)
        time.reserveCapacity(n); timeText.reserveCapacity(n); records.reserveCapacity(n); category.reserveCapacity(n)
        mode.reserveCapacity(n); amountFen.reserveCapacity(n); batch.reserveCapacity(n); channel.reserveCapacity(n)
        evidence.reserveCapacity(n); note.reserveCapacity(n)
    }
}

/// Everything an analysis needs: parties (index = vertex), transfers (index = edge), the graph.
public struct CaseData: Sendable {
    public var parties: [Party]
    public var transfers: TransferTable
    public var ingests: [IngestInfo]
    /// The case's time zone, in seconds east of UTC.
    public var offsetSeconds: Int
    /// Parties as vertices and transfers as edges, in the same order.
    public let graph: Digraph

    public init(parties: [Party], transfers: TransferTable, ingests: [IngestInfo] = [],
                offsetSeconds: Int = CaseTime.defaultOffset) {
        self.parties = parties
        self.transfers = transfers
        self.ingests = ingests
        self.offsetSeconds = offsetSeconds
        graph = Digraph(vertexCount: parties.count, sources: transfers.from, targets: transfers.to)
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
