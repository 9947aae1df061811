import BrokerCase
import Foundation

extension CaseReader {
    /// The audit log, oldest first.
    func auditLog() throws(StoreError) -> [AuditEntry] {
        let rows = try db.prepare("SELECT at, who, action, subject, sha256, detail FROM audit ORDER BY id")
        var out: [AuditEntry] = []
        while try rows.step() {
            out.append(AuditEntry(at: rows.text(0) ?? "", who: rows.text(1) ?? "", action: rows.text(2) ?? "",
                                  subject: rows.text(3), sha256: rows.text(4), detail: rows.text(5)))
        }
        return out
    }
}

extension CaseStore {
    /// The audit log, oldest first.
    public func auditLog() throws(StoreError) -> [AuditEntry] { try reader.auditLog() }

    /// Appends to the audit log, as the operating-system user, now.
    public func recordAudit(_ action: String, subject: String?, sha256: String?, detail: String?) throws(StoreError) {
        let insert = try db.prepare("INSERT INTO audit(at, who, action, subject, sha256, detail) VALUES (?, ?, ?, ?, ?, ?)")
        try insert.run([CaseStore.now(), CaseStore.osUser, action, subject, sha256, detail])
    }

    /// The operating-system user running the tool.
    static var osUser: String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "uid \(geteuid())"
    }
}
