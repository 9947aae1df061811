import BrokerCase

/// Checked transfers packed for storing: numbers in arrays, text bytes in one buffer. A checking
/// thread fills a pack (from `TransferRow`s, or straight from a line's bytes) and hands it over; from then on it is only read, and
/// the storing thread binds each value straight from its memory (no Swift string per field and no
/// copy of a row: those were most of an ingest's time beside SQLite's own).
package final class PackedTransfers: @unchecked Sendable {
    /// The text columns of a transfer.
    package enum Text: Int { case id, time, from, to, category, mode, batch, channel, evidence, note }
    private static let columns = 10

    /// The file the rows come from (a pack holds rows of one file).
    package let file: String
    // Filled by one thread, then read by another after the hand-over (a lock between them): no
    // access overlaps, and the run-time exclusivity checks cost 5% of an ingest (measured).
    @exclusivity(unchecked) package private(set) var count = 0
    @exclusivity(unchecked) private var lines: [Int] = []
    /// earliest, latest, records, amount (fen) per row.
    @exclusivity(unchecked) private var numbers: [Int64] = []
    @exclusivity(unchecked) private var hasAmount: [Bool] = []
    /// Per row and text column: start in `bytes` and length (-1: none).
    @exclusivity(unchecked) private var spans: [Int32] = []
    @exclusivity(unchecked) private var bytes: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var used = 0
    @exclusivity(unchecked) private var capacity: Int

    package init(file: String, rows: Int) {
        self.file = file
        capacity = max(64, rows * 64)
        bytes = .allocate(capacity: capacity)
        lines.reserveCapacity(rows)
        numbers.reserveCapacity(4 * rows)
        spans.reserveCapacity(2 * Self.columns * rows)
    }

    deinit { bytes.deallocate() }

    /// Adds a checked row (on a checking thread, before the pack is handed over).
    package func append(_ row: TransferRow) {
        lines.append(row.location.line)
        numbers.append(row.time.earliest)
        numbers.append(row.time.latest)
        numbers.append(row.records)
        numbers.append(row.amountFen ?? 0)
        hasAmount.append(row.amountFen != nil)
        add(row.id)
        add(row.timeText)
        add(row.from)
        add(row.to)
        add(row.category.rawValue)
        add(row.mode.rawValue)
        add(row.batch)
        add(row.channel)
        add(row.evidence)
        add(row.note)
        count += 1
    }

    /// Adds a row checked from bytes (on a checking thread, before the pack is handed over):
    /// `text` gives each text column's UTF-8 bytes, `nil` for none; it is asked in the order of `Text`.
    package func append(line: Int, time: TimeSpan, records: Int64, amountFen: Int64?,
                        text: (Text) -> UnsafeBufferPointer<UInt8>?) {
        lines.append(line)
        numbers.append(time.earliest)
        numbers.append(time.latest)
        numbers.append(records)
        numbers.append(amountFen ?? 0)
        hasAmount.append(amountFen != nil)
        // The row's spans appended at once (each append costs a uniqueness check).
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * Self.columns) { row in
            for column in 0..<Self.columns {
                (row[2 * column], row[2 * column + 1]) = store(text(Text(rawValue: column)!))
            }
            spans.append(contentsOf: row)
        }
        count += 1
    }

    /// Appends one text column's span (in the order of `Text`).
    private func add(_ text: String?) {
        var text = text
        let (start, length) = text?.withUTF8 { store($0) } ?? (0, -1)
        spans.append(start)
        spans.append(length)
    }

    /// Copies a text column's bytes into the buffer: their start and length (-1: none).
    private func store(_ utf8: UnsafeBufferPointer<UInt8>?) -> (Int32, Int32) {
        guard let utf8 else { return (0, -1) }
        if used + utf8.count > capacity {
            capacity = 2 * (used + utf8.count)
            let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            larger.update(from: bytes, count: used)
            bytes.deallocate()
            bytes = larger
        }
        if let base = utf8.baseAddress { (bytes + used).update(from: base, count: utf8.count) }
        used += utf8.count
        return (Int32(used - utf8.count), Int32(utf8.count))
    }

    package func line(_ row: Int) -> Int { lines[row] }
    package func location(_ row: Int) -> SourceLocation { SourceLocation(file: file, line: lines[row]) }
    package func earliest(_ row: Int) -> Int64 { numbers[4 * row] }
    package func latest(_ row: Int) -> Int64 { numbers[4 * row + 1] }
    package func records(_ row: Int) -> Int64 { numbers[4 * row + 2] }
    package func amountFen(_ row: Int) -> Int64? { hasAmount[row] ? numbers[4 * row + 3] : nil }

    /// A text column's UTF-8 bytes (valid while the pack lives), `nil` when the row has none.
    package func text(_ row: Int, _ column: Text) -> UnsafeBufferPointer<UInt8>? {
        let at = 2 * (Self.columns * row + column.rawValue)
        let length = spans[at + 1]
        guard length >= 0 else { return nil }
        return UnsafeBufferPointer(start: bytes + Int(spans[at]), count: Int(length))
    }
}
