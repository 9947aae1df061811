import BrokerCase
import BrokerGraph

/// Everything the case report shows, as one value: written as `report.json` as is, and as
/// `report.md` and `report.html` by `ReportWriter` (same content, same order).
public struct CaseReport: Sendable, Encodable {
    /// A row set aside by a lenient ingest.
    public struct Rejected: Sendable, Encodable, Equatable {
        public var file: String
        public var line: Int
        public var column: String?
        public var reason: String
        public init(file: String, line: Int, column: String?, reason: String) {
            self.file = file; self.line = line; self.column = column; self.reason = reason
        }
    }

    /// Connected groups and rings.
    public struct Groups: Sendable, Encodable {
        /// Number of weakly connected groups, and the size of the largest.
        public var weak: Int
        public var largest: Int
        /// Sizes of the weakly connected groups, largest first (at most 20).
        public var sizes: [Int]
        /// Rings: strongly connected groups of more than one party (party keys), the first
        /// `CaseReport.listLimit` rings and of each the first `CaseReport.listLimit` members.
        public var rings: [[String]]
        /// Every ring's size, in the order of `rings` (nil when every ring is listed whole).
        public var ringSizes: [Int]?
        enum CodingKeys: String, CodingKey { case weak, largest, sizes, rings, ringSizes = "ring_sizes" }
    }

    /// The legal screening, when the case can be screened.
    public struct ScreeningSection: Sendable, Encodable {
        public var rules: String
        public var title: String
        public var notice: String
        public var parties: [Screening]
        public var notModelled: [String]
        /// What the screening takes for granted (the rule file's `assumptions`).
        public var assumptions: [String]
        /// Parties screened, when `parties` lists only the first of them (nil: all are listed).
        public var screened: Int?
        enum CodingKeys: String, CodingKey { case rules, title, notice, parties, assumptions, screened, notModelled = "not_modelled" }
        public init(rules: String, title: String, notice: String, parties: [Screening], notModelled: [String], assumptions: [String] = [],
                    screened: Int? = nil) {
            self.rules = rules; self.title = title; self.notice = notice; self.parties = parties; self.notModelled = notModelled
            self.assumptions = assumptions
            self.screened = screened.flatMap { $0 > parties.count ? $0 : nil }
        }
    }

    /// Who held residents' records, when the case has batch contents.
    public struct ExposureSection: Sendable, Encodable {
        public var residents: Int
        public var sources: [ExposureReport.SourceReach]
        public var untrackedTransfers: Int
        public var batchesWithoutContents: [String]
        public init(residents: Int, sources: [ExposureReport.SourceReach], untrackedTransfers: Int, batchesWithoutContents: [String]) {
            self.residents = residents; self.sources = sources; self.untrackedTransfers = untrackedTransfers
            self.batchesWithoutContents = batchesWithoutContents
        }
        enum CodingKeys: String, CodingKey {
            case residents, sources
            case untrackedTransfers = "untracked_transfers", batchesWithoutContents = "batches_without_contents"
        }
    }

    /// A hub: its broker score and the measures behind it (see `HubsReport`).
    public struct HubEntry: Sendable, Encodable {
        public var hub: Hub
        public var score: Double
        enum CodingKeys: String, CodingKey { case hub, score }
        public init(hub: Hub, score: Double) { self.hub = hub; self.score = score }
    }

    public var title: String
    public var summary: CaseSummary
    /// Parties per role.
    public var roleCounts: [String: Int]
    /// Every party's role, ordered by role then records passed on.
    public var roles: [PartyRole]
    /// Parties with a role, when `roles` lists only the first `listLimit` (nil: all are listed).
    public var rolesTotal: Int?
    /// The longest chains (at most `chainLimit`), and whether more exist.
    public var chains: [ChainReport]
    public var chainsTruncated: Bool
    public var groups: Groups
    /// The top hubs by broker score; `nil` when not computed.
    public var hubs: [HubEntry]?
    /// Rings with their kind and flows (the first `listLimit` rings, of each the first
    /// `listLimit` members); `nil` when not computed.
    public var rings: [RingReport]?
    /// Every listed ring's number of members, in the order of `rings` (nil when every ring's
    /// members are listed whole).
    public var ringMembers: [Int]?
    public var screening: ScreeningSection?
    public var exposure: ExposureSection?
    /// Merged parties and identity decisions; `nil` when not given.
    public var identity: IdentitySection?
    /// Where each input came from.
    public var inputs: [IngestInfo]
    /// Rejected rows (at most `rejectedLimit` listed) and their total.
    public var rejectedRows: [Rejected]
    public var rejectedTotal: Int
    /// The pictures written beside the report (file names).
    public var pictures: [String: String]
    /// The case's audit log (who ingested, decided, exported, pushed, pulled or granted what, when);
    /// `nil` when not given.
    public var audit: [AuditEntry]?

    enum CodingKeys: String, CodingKey {
        case title, summary, roles, chains, groups, hubs, rings, screening, exposure, inputs, pictures, identity, audit
        case roleCounts = "role_counts", chainsTruncated = "chains_truncated", rolesTotal = "roles_total"
        case ringMembers = "ring_members"
        case rejectedRows = "rejected_rows", rejectedTotal = "rejected_total"
    }

    public static let chainLimit = 10
    /// Lists of parties (roles, screening, rings and their members) show at most this many: a
    /// national case has millions of parties; the commands list them all.
    public static let listLimit = 200
    public static let rejectedLimit = 200

    /// Builds the report. `screening` and `exposure` come from the caller (they need rule sets
    /// and batch contents from the case file); pass `nil` to leave their sections empty.
    /// - Complexity: that of the roles, components and a chain search with `chainLimit`.
    public init(_ data: CaseData, title: String, roles: [PartyRole]? = nil, rejected: [Rejected] = [],
                screening: ScreeningSection? = nil, exposure: ExposureSection? = nil, hubs: [HubEntry]? = nil,
                rings: [RingReport]? = nil) {
        let roles = roles ?? PartyRole.all(data)
        self.title = title
        summary = CaseSummary(data)
        var counts: [String: Int] = [:]
        for r in roles { counts[r.role.rawValue, default: 0] += 1 }
        roleCounts = counts
        let ranked = roles.sorted { ($0.role.sortIndex, -$0.outRecords, -$0.inRecords, $0.party) < ($1.role.sortIndex, -$1.outRecords, -$1.inRecords, $1.party) }
        self.roles = Array(ranked.prefix(CaseReport.listLimit))
        rolesTotal = ranked.count > CaseReport.listLimit ? ranked.count : nil
        names = Dictionary(data.parties.lazy.filter { $0.name != $0.key }.map { ($0.key, $0.name) },
                           uniquingKeysWith: { a, _ in a })
        let chainReport = ChainsReport(data, limit: CaseReport.chainLimit)
        chains = chainReport.chains
        chainsTruncated = chainReport.truncated
        let components = ComponentsReport(data)
        let cut = components.strong.count > CaseReport.listLimit || components.strong.contains { $0.count > CaseReport.listLimit }
        groups = Groups(weak: components.weak.count, largest: components.weak.first?.count ?? 0,
                        sizes: Array(components.weak.prefix(20).map(\.count)),
                        rings: components.strong.prefix(CaseReport.listLimit).map { Array($0.prefix(CaseReport.listLimit)) },
                        ringSizes: cut ? components.strong.map(\.count) : nil)
        self.hubs = hubs
        let listed = rings.map { Array($0.prefix(CaseReport.listLimit)) }
        self.rings = listed?.map { ring in
            var ring = ring
            ring.members = Array(ring.members.prefix(CaseReport.listLimit))
            return ring
        }
        ringMembers = listed.flatMap { $0.contains { $0.members.count > CaseReport.listLimit } ? $0.map(\.members.count) : nil }
        self.screening = screening
        self.exposure = exposure
        inputs = data.ingests
        rejectedRows = Array(rejected.prefix(CaseReport.rejectedLimit))
        rejectedTotal = rejected.count
        pictures = ["overview": "overview.svg", "ring": "ring.svg"]
    }

    /// Party names by key, for tables that list keys: the parties whose name is not their key.
    public var names: [String: String] = [:]
}
