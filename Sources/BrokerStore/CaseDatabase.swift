import BrokerCase
import BrokerGraph
import BrokerIdentity
import BrokerInput

/// What commands do with a case, whichever store holds it: a case file (`CaseStore`) or a named
/// case on a PostgreSQL server (`PostgresStore`).
public protocol CaseDatabase: AnyObject {
    /// How messages name the case (a file path, or `postgres://host:port/db case "NAME"`).
    var path: String { get }
    func load() throws(StoreError) -> CaseData
    /// The case for analyses (see `CaseStore.loadCompact`); `progress` counts the transfers read.
    func loadCompact(progress: ProgressMeter?) throws(StoreError) -> CaseData
    func summary() throws(StoreError) -> CaseSummary
    func ingests() throws(StoreError) -> [IngestInfo]
    func rejectedRows() throws(StoreError) -> [CaseStore.RejectedRow]
    func loadBatchContents() throws(StoreError) -> BatchContents
    func sightings() throws(StoreError) -> [StoredSighting]
    func identityDecisions() throws(StoreError) -> [StoredDecision]
    func partyKey(named text: String) throws(StoreError) -> String?
    func resolveIdentities(activity: Bool, options: ResolutionOptions) throws(StoreError) -> ResolvedIdentities
    func setting(_ key: String) throws(StoreError) -> String?
    func offsetSeconds() throws(StoreError) -> Int
    func auditLog() throws(StoreError) -> [AuditEntry]
    /// Runs `body` on one snapshot.
    func reading<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T
    /// Runs `body` in one transaction that may write (a decision and the check of its effect).
    func deciding<T>(_ body: () throws -> T) throws -> T
    func caseKey(creating: Bool) throws -> CaseKey
    func recordDecision(_ kind: StoredDecision.Kind, _ a: String, _ b: String?, reason: String,
                        evidence: String?, suggestion: Int64?) throws -> StoredDecision
    func recordAudit(_ action: String, subject: String?, sha256: String?, detail: String?) throws
    func ingest(paths: [String], kind: InputKind?, mapping: Mapping?, owner: String?, lenient: Bool,
                offsetSeconds: Int?, progress: ((Int) -> Void)?) throws -> [IngestReport]
}

extension CaseDatabase {
    public func resolveIdentities(activity: Bool = true) throws(StoreError) -> ResolvedIdentities {
        try resolveIdentities(activity: activity, options: ResolutionOptions())
    }
    public func caseKey() throws -> CaseKey { try caseKey(creating: false) }
    @discardableResult
    public func recordDecision(_ kind: StoredDecision.Kind, _ a: String, _ b: String?, reason: String) throws -> StoredDecision {
        try recordDecision(kind, a, b, reason: reason, evidence: nil, suggestion: nil)
    }
}

extension CaseStore: CaseDatabase {
    public func deciding<T>(_ body: () throws -> T) throws -> T {
        try reading { () throws(StoreError) -> T in
            do { return try body() } catch let error as StoreError { throw error } catch { throw StoreError("\(error)") }
        }
    }
}

extension PostgresStore: CaseDatabase {
    public func deciding<T>(_ body: () throws -> T) throws -> T {
        try writing { _ in try body() }
    }
}

extension CaseDatabase {
    /// The case for analyses, without progress.
    public func loadCompact() throws(StoreError) -> CaseData { try loadCompact(progress: nil) }
}
