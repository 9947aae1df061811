import BrokerCase
import Foundation

/// Applies a mapping to the rows of a source: finds the header, skips what the rules say, and
/// turns every data row into the same checked rows (`TransferRow`, `PartyRow`, `BatchRow`,
/// `PaymentRow`) that plain input files give, so storing, strictness and idempotence carry over.
///
/// Reading (`nextSourceRow`) and checking (`check`) are apart, so that `ParsedRowStream` reads
/// on one thread and checks on several; `nextParsed` does both, one row at a time.
///
/// Messages read `FILE[:SHEET]:ROW: field (column header): what`, never echoing a cell.
package final class MappedRows: ParsedRowProducer {
    /// Rows looked at for the header when the mapping does not say which row it is.
    static let headerSearchRows = 200

    let mapping: Mapping
    let source: RowSource
    /// The header's row number (0 when the mapping reads by position and has no header).
    package let headerRow: Int
    /// Header texts, trimmed, as found.
    package let header: [String]
    /// What is done with every row read.
    package let check: Check
    /// The rows `nextParsed` has checked but not yet handed over, from `pendingIndex` on.
    private var pending: [ParsedRow] = []
    private var pendingIndex = 0

    /// Opens the mapping over `source` and reads up to its header.
    /// - Parameter owner: the phone's or ledger's owner, overriding the mapping's.
    /// - Throws: a fatal `InputError` when the header is not found or an owner is needed and missing.
    package init(mapping: Mapping, source: RowSource, offsetSeconds: Int, owner: String? = nil) throws(InputError) {
        var mapping = mapping
        if let owner { mapping.owner = owner }
        self.mapping = mapping
        self.source = source
        (headerRow, header) = try MappedRows.findHeader(mapping: mapping, source: source)
        check = try Check(mapping: mapping, header: header, headerRow: headerRow, source: source, offsetSeconds: offsetSeconds)
    }

    package var sha256: String { source.sha256 }

    /// Header cells as compared: trimmed, without a byte-order mark, case-folded.
    static func key(_ cell: String) -> String {
        var t = cell.trimmingWhitespace()
        if t.hasPrefix("\u{FEFF}") { t = String(t.dropFirst()).trimmingWhitespace() }
        return t.lowercased()
    }

    /// Reads `source` up to its header: the header's row and cells. Messages name `source.displayName`.
    private static func findHeader(mapping: Mapping, source: RowSource) throws(InputError) -> (Int, [String]) {
        func location(_ row: Int) -> SourceLocation { SourceLocation(file: source.displayName, line: row) }
        let wanted = mapping.columnsNamed.map(MappedRows.key)
        if wanted.isEmpty && mapping.headerRow == nil { return (0, []) }   // by position, no header
        var best: (row: Int, missing: [String])?
        while let row = try source.next() {
            let cells = Set(row.cells.map(MappedRows.key))
            if let explicit = mapping.headerRow {
                if row.number < explicit { continue }
                guard row.number == explicit else { break }
            } else if row.number > MappedRows.headerSearchRows {
                break
            }
            let missing = zip(wanted, mapping.columnsNamed).filter { !cells.contains($0.0) }.map(\.1)
            if missing.isEmpty { return (row.number, row.cells.map { $0.trimmingWhitespace() }) }
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

    /// The next data row as read, not yet checked (`check` does that); `nil` at the end.
    /// - Throws: the source's errors: fatal when the file cannot be read on.
    package func nextSourceRow() throws(InputError) -> SourceRow? { try source.next() }

    /// The next checked row, `nil` at the end: `nextSourceRow` and `check` on this thread.
    package func nextParsed() throws(InputError) -> ParsedRow? {
        while pendingIndex == pending.count {
            guard let row = try nextSourceRow() else { return nil }
            pending.removeAll(keepingCapacity: true)
            pendingIndex = 0
            check.check(row, into: &pending)
        }
        pendingIndex += 1
        return pending[pendingIndex - 1]
    }

    /// What the mapping makes of one row read, once the header is known: a blank row and a row a
    /// skip rule matches are set aside; any other gives one checked row per output, in the
    /// mapping's order. Holds nothing that changes, so any number of threads check rows with one.
    package struct Check: SourceRowCheck {
        let mapping: Mapping
        let plans: [Plan]
        /// `FILE[:SHEET]`, as messages name the file.
        let file: String
        let offsetSeconds: Int
        /// For each skip rule: the index of the column it tests, `nil` for every cell, -1 when
        /// the header lacks its column (the rule never matches).
        let skipColumns: [Int?]
        /// The byte path, when the mapping's one output is transfers with no direction: a row's
        /// values, as `Plan.parse` gives them to `TransferRow`, written as one line and checked
        /// by `TransferLines` laid out as `lineLayout`.
        package let transfers: TransferLines?
        let lineLayout: TableReader.Layout
        /// Between the values of a line: a byte that no value holds (else the row takes `check`).
        static let separator: UInt8 = 0x1F

        init(mapping: Mapping, header: [String], headerRow: Int, source: RowSource, offsetSeconds: Int) throws(InputError) {
            self.mapping = mapping
            file = source.displayName
            self.offsetSeconds = offsetSeconds
            let location = SourceLocation(file: file, line: headerRow)
            var plans: [Plan] = []
            for output in mapping.outputs { plans.append(try Plan(output, mapping: mapping, header: header, at: location, file: source.file)) }
            self.plans = plans
            skipColumns = mapping.skip.map { rule in
                rule.column.map { column in header.firstIndex { MappedRows.key($0) == MappedRows.key(column) } ?? -1 }
            }
            let columns = TransferRow.schema.columns
            lineLayout = TableReader.Layout(name: file, delimiter: Check.separator, header: columns,
                                            slot: Array(columns.indices), width: columns.count)
            transfers = plans.count == 1 && plans[0].kind == .transfers && plans[0].direction == nil
                ? TransferLines(file: file, offsetSeconds: offsetSeconds) : nil
        }

        package func pack(_ row: SourceRow, to pack: PackedTransfers, scratch: inout [UInt8]) -> Bool {
            guard let transfers, !isBlank(row), mapping.skip.isEmpty || skipRule(for: row) == nil else { return false }
            scratch.removeAll(keepingCapacity: true)
            guard plans[0].write(row, mapping: mapping, separator: Check.separator, to: &scratch) else { return false }
            return scratch.withUnsafeBufferPointer { transfers.append($0, line: row.number, layout: lineLayout, to: pack) }
        }

        /// Whether every cell is empty, white space or a null value.
        func isBlank(_ row: SourceRow) -> Bool {
            row.cells.allSatisfy { cell in
                if cell.isEmpty { return true }
                let t = cell.trimmingWhitespace()
                return t.isEmpty || (!mapping.nullValues.isEmpty && mapping.nullValues.contains(t))
            }
        }

        /// Appends the rows that `row` gives to `rows`.
        package func check(_ row: SourceRow, into rows: inout [ParsedRow]) {
            if isBlank(row) {
                rows.append(.skipped(rule: "blank row"))
                return
            }
            if !mapping.skip.isEmpty, let rule = skipRule(for: row) {
                rows.append(.skipped(rule: rule))
                return
            }
            for plan in plans { rows.append(plan.parse(row, mapping: mapping, file: file, offsetSeconds: offsetSeconds)) }
        }

        /// The name of the first skip rule that matches the row, if any.
        func skipRule(for row: SourceRow) -> String? {
            for (rule, column) in zip(mapping.skip, skipColumns) {
                let cells: [String]
                if let column {
                    guard column >= 0 else { continue }
                    cells = [column < row.cells.count ? row.cells[column] : ""]
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
}
