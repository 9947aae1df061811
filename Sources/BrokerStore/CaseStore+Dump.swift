import BrokerCase
import BrokerInput

extension CaseStore {
    /// Every table's schema and rows as text, in a stable order: two dumps are equal exactly when
    /// the database holds the same content. For tests and for checking that a failed run changed
    /// nothing. Values are shown with their SQLite type (`i:`, `r:`, `t:`, `b:`, `null`).
    /// - Complexity: reads every row of every table.
    public func dump() throws(StoreError) -> String {
        try reading { () throws(StoreError) in try _dump() }
    }

    private func _dump() throws(StoreError) -> String {
        var out = ""
        let tables = try db.prepare("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")
        var names: [String] = []
        while try tables.step() {
            out += "\(tables.text(0) ?? "") \(tables.text(1) ?? ""): \(tables.text(2) ?? "")\n"
            if tables.text(0) == "table" { names.append(tables.text(1) ?? "") }
        }
        for name in names {
            let quoted = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            let probe = try db.prepare("SELECT * FROM \(quoted) LIMIT 0")
            let columns = probe.columnCount
            let order = (1...max(1, columns)).map(String.init).joined(separator: ", ")
            let rows = try db.prepare("SELECT * FROM \(quoted) ORDER BY \(order)")
            out += "-- \(name)\n"
            while try rows.step() {
                out += (0..<columns).map { rows.describe($0) }.joined(separator: " | ") + "\n"
            }
        }
        return out
    }

    /// The result of `PRAGMA integrity_check`: `ok` when the file is sound.
    public func integrityCheck() throws(StoreError) -> String {
        let check = try db.prepare("PRAGMA integrity_check")
        var lines: [String] = []
        while try check.step() { lines.append(check.text(0) ?? "") }
        return lines.joined(separator: "\n")
    }
}
