import BrokerCase
import Foundation

/// Applies a mapping to the rows of a source: finds the header, skips what the rules say, and
/// turns every data row into the same checked rows (`TransferRow`, `PartyRow`, `BatchRow`,
/// `PaymentRow`) that plain input files give, so storing, strictness and idempotence carry over.
///
/// Messages read `FILE[:SHEET]:ROW: field (column header): what`, never echoing a cell.
package final class MappedRows: ParsedRowProducer {
    /// Rows looked at for the header when the mapping does not say which row it is.
    static let headerSearchRows = 200

    let mapping: Mapping
    let source: RowSource
    /// `FILE[:SHEET]`, computed once.
    private let displayName: String
    let offsetSeconds: Int
    /// The header's row number (0 when the mapping reads by position and has no header).
    package private(set) var headerRow = 0
    /// Header texts, trimmed, as found.
    package private(set) var header: [String] = []
    private var plans: [Plan] = []
    private var pending: [ParsedRow] = []
    private var waiting: SourceRow?

    /// Opens the mapping over `source` and reads up to its header.
    /// - Parameter owner: the phone's or ledger's owner, overriding the mapping's.
    /// - Throws: a fatal `InputError` when the header is not found or an owner is needed and missing.
    package init(mapping: Mapping, source: RowSource, offsetSeconds: Int, owner: String? = nil) throws(InputError) {
        var mapping = mapping
        if let owner { mapping.owner = owner }
        self.mapping = mapping
        self.source = source
        displayName = source.displayName
        self.offsetSeconds = offsetSeconds
        try findHeader()
        for output in mapping.outputs { plans.append(try Plan(output, mapping: mapping, header: header, at: location(headerRow), file: source.file)) }
    }

    package var sha256: String { source.sha256 }

    func location(_ row: Int) -> SourceLocation { SourceLocation(file: source.displayName, line: row) }

    /// Header cells as compared: trimmed, without a byte-order mark, case-folded.
    static func key(_ cell: String) -> String {
        var t = cell.trimmingWhitespace()
        if t.hasPrefix("\u{FEFF}") { t = String(t.dropFirst()).trimmingWhitespace() }
        return t.lowercased()
    }

    private func findHeader() throws(InputError) {
        let wanted = mapping.columnsNamed.map(MappedRows.key)
        if wanted.isEmpty && mapping.headerRow == nil { return }   // by position, no header
        var best: (row: Int, missing: [String])?
        while let row = try source.next() {
            let cells = Set(row.cells.map(MappedRows.key))
            if let explicit = mapping.headerRow {
                if row.number < explicit { continue }
                guard row.number == explicit else { break }
            } else if row.number > MappedRows.headerSearchRows {
                waiting = row
                break
            }
            let missing = zip(wanted, mapping.columnsNamed).filter { !cells.contains($0.0) }.map(\.1)
            if missing.isEmpty {
                headerRow = row.number
                header = row.cells.map { $0.trimmingWhitespace() }
                return
            }
            if mapping.headerRow != nil || best == nil || missing.count < best!.missing.count { best = (row.number, missing) }
            if mapping.headerRow != nil { break }
        }
        let columns = mapping.columnsNamed.joined(separator: ", ")
        if let explicit = mapping.headerRow {
            let detail = best.map { " (it lacks \($0.missing.joined(separator: ", ")))" } ?? " (the file has fewer rows)"
            throw InputError(location(explicit), "header row \(explicit) does not hold every column \(mapping.file) names\(detail)", fatal: true)
        }
        let closest = best.map { "; the closest, row \($0.row), lacks \($0.missing.joined(separator: ", "))" } ?? ""
        throw InputError(location(0), "no header row found in the first \(MappedRows.headerSearchRows) rows: none holds every column \(mapping.file) names (\(columns))\(closest)", fatal: true)
    }

    package func nextParsed() throws(InputError) -> ParsedRow? {
        if !pending.isEmpty { return pending.removeFirst() }
        let row: SourceRow
        if let w = waiting { row = w; waiting = nil } else {
            guard let r = try source.next() else { return nil }
            row = r
        }
        if row.cells.allSatisfy({ cell in
            if cell.isEmpty { return true }
            let t = cell.trimmingWhitespace()
            return t.isEmpty || (!mapping.nullValues.isEmpty && mapping.nullValues.contains(t))
        }) {
            return .skipped(rule: "blank row")
        }
        if !mapping.skip.isEmpty, let rule = skipRule(for: row) { return .skipped(rule: rule) }
        if plans.count == 1 { return plans[0].parse(row, mapping: mapping, file: displayName, offsetSeconds: offsetSeconds) }
        var out: [ParsedRow] = []
        for plan in plans { out.append(plan.parse(row, mapping: mapping, file: displayName, offsetSeconds: offsetSeconds)) }
        let first = out.removeFirst()
        pending = out
        return first
    }

    /// The name of the first skip rule that matches the row, if any.
    func skipRule(for row: SourceRow) -> String? {
        rules: for rule in mapping.skip {
            let cells: [String]
            if let column = rule.column {
                guard let i = header.firstIndex(where: { MappedRows.key($0) == MappedRows.key(column) }) else { continue }
                cells = [i < row.cells.count ? row.cells[i] : ""]
            } else {
                cells = row.cells
            }
            for raw in cells {
                let cell = raw.trimmingWhitespace()
                let hit: Bool
                switch rule.test {
                case .empty: hit = cell.isEmpty || mapping.nullValues.contains(cell)
                case .equals(let values): hit = values.contains(cell)
                case .contains(let values): hit = values.contains { cell.contains($0) }
                case .startsWith(let values): hit = values.contains { cell.hasPrefix($0) }
                }
                if hit { return rule.name }
            }
        }
        return nil
    }
}
