/// One entry of the append-only audit log: who did what to the case, when.
public struct AuditEntry: Sendable, Codable, Equatable {
    public var at: String
    /// The database role (PostgreSQL) or the operating-system user (case file).
    public var who: String
    /// `ingest`, `parties merge`, `parties split`, `parties accept`, `parties reject`, `export`,
    /// `report`, `push`, `pull`, `grant`, `revoke`.
    public var action: String
    /// What it acted on: a file, parties, a role.
    public var subject: String?
    public var sha256: String?
    public var detail: String?
    public init(at: String, who: String, action: String, subject: String?, sha256: String?, detail: String?) {
        self.at = at; self.who = who; self.action = action; self.subject = subject; self.sha256 = sha256; self.detail = detail
    }
}
