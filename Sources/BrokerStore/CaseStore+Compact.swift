import BrokerCase
import BrokerGraph
import Foundation

extension CaseStore {
    /// Loads the case for analyses that compute only with parties and the transfers' integer
    /// columns (from, to, time, records, category, mode, amount, batch): the transfers' text
    /// (labels, time as written, channel, evidence, note, source file and line) stays in the file
    /// and is read row by row only if a command asks for it (`TransferTable(text:)`).
    ///
    /// Payments (the few rows of mapped bills) are read whole. Analyses give the same results as on
    /// `load()`; it takes less time and memory.
    /// `progress` counts the transfers read.
    /// - Complexity: one pass over parties and transfers; memory O(parties + transfers) integers.
    public func loadCompact(progress: ProgressMeter?) throws(StoreError) -> CaseData {
        try reading { () throws(StoreError) in
            try reader.loadCompact(progress: progress) { files throws(StoreError) in
                StoredTransferText(path: path, files: files, rows: try FileTransferRows(path: path))
            }
        }
    }
}

extension CaseReader {
    /// The compact load of either store (`CaseStore.loadCompact`): parties whole, transfers' integer
    /// columns only (on PostgreSQL one `COPY … TO STDOUT` of those columns), their text left to
    /// `text`, made from the ingests' source files. Run inside `reading`.
    /// - Complexity: one pass over parties and transfers; memory O(parties + transfers) integers.
    func loadCompact(progress: ProgressMeter?,
                     text makeText: ([Int64: String]) throws(StoreError) -> StoredTransferText) throws(StoreError) -> CaseData {
        progress?.begin("reading the parties")
        let (stored, partyIDs) = try loadParties()
        let vertex = PartyIndex(partyIDs)
        let resolved = try resolvedParties(stored, ids: partyIDs)
        var internalTransfers = 0
        let ingests = try self.ingests()
        let count = try db.prepare("SELECT count(*) FROM transfers")
        _ = try count.step()
        let n = Int(count.int(0))
        count.reset()
        var ids = RowIDs()
        var places = StoredTransferText.Places(reserving: n)
        let fileOf = try sourceFiles(ingests)
        let text = try makeText(fileOf)
        var table = TransferTable(text: text)
        table.reserve(n)
        let categories = CodeBook(Category.allCases), modes = CodeBook(TransferMode.allCases)
        let rows = try db.prepare("""
            SELECT id, from_party, to_party, time_earliest, time_latest, records, category, mode, amount_fen, batch,
                   ingest_id, line, CASE WHEN row_id IS NULL THEN 0 ELSE 1 END
            FROM transfers ORDER BY id
            """)
        progress?.begin("reading the transfers", total: n)
        var read = 0
        while try rows.step() {
            read += 1
            if read & 0xFFFF == 0 { progress?.advance(by: 0x10000) }
            guard let storedFrom = vertex[rows.int(1)], let storedTo = vertex[rows.int(2)] else {
                throw StoreError("\(path): transfer \(rows.int(0)) names a party that does not exist")
            }
            let from = resolved.remap[Int(storedFrom)], to = resolved.remap[Int(storedTo)]
            if from == to { internalTransfers += 1; continue }
            ids.append(rows.int(0))
            places.append(ingest: rows.int(10), line: rows.int(11), hasRowID: rows.int(12) != 0)
            table.appendCompact(from: from, to: to, time: TimeSpan(earliest: rows.int(3), latest: rows.int(4)),
                                records: rows.int(5), category: rows.withText(6) { categories[$0] } ?? .other,
                                mode: rows.withText(7) { modes[$0] } ?? .provide, amountFen: rows.optionalInt(8),
                                batch: rows.text(9))
        }
        text.setRowIDs(ids, places: places)
        let payments = try loadPayments(vertex: vertex, remap: resolved.remap, fileOf: fileOf)
        progress?.begin("building the graph")
        return CaseData(parties: resolved.parties, transfers: table, ingests: ingests, offsetSeconds: try offsetSeconds(),
                        internalTransfers: internalTransfers, payments: payments)
    }
}

extension CaseReader {

    /// Every party (ordered by id, with aliases) and the database id of each.
    /// - Complexity: one pass over parties and aliases.
    func loadParties() throws(StoreError) -> ([Party], [Int64]) {
        var parties: [Party] = []
        var ids: [Int64] = []
        var vertex: [Int64: Int] = [:]
        let partyRows = try db.prepare("SELECT id, key, name, occupation, organization, insider FROM parties ORDER BY id")
        while try partyRows.step() {
            vertex[partyRows.int(0)] = parties.count
            ids.append(partyRows.int(0))
            parties.append(Party(key: partyRows.text(1) ?? "", name: partyRows.text(2) ?? "",
                                 occupation: partyRows.text(3), organization: partyRows.text(4),
                                 insider: partyRows.int(5) != 0))
        }
        let aliasRows = try db.prepare("SELECT party_id, alias FROM aliases ORDER BY party_id, alias")
        while try aliasRows.step() {
            if let v = vertex[aliasRows.int(0)] { parties[v].aliases.append(aliasRows.text(1) ?? "") }
        }
        return (parties, ids)
    }
}

/// Party database ids to vertices: a flat array when ids are dense (they are rowids), else a
/// dictionary. - Complexity: O(1) per lookup.
struct PartyIndex {
    private var flat: [Int32] = []
    private var sparse: [Int64: Int32] = [:]
    private let isFlat: Bool

    init(_ ids: [Int64]) {
        let maxID = ids.max() ?? 0
        isFlat = ids.allSatisfy { $0 >= 0 } && maxID <= Int64(4 * ids.count + 1024)
        if isFlat {
            flat = [Int32](repeating: -1, count: Int(maxID) + 1)
            for (v, id) in ids.enumerated() { flat[Int(id)] = Int32(v) }
        } else {
            for (v, id) in ids.enumerated() { sparse[id] = Int32(v) }
        }
    }

    subscript(id: Int64) -> Int32? {
        if isFlat { return id >= 0 && id < flat.count && flat[Int(id)] >= 0 ? flat[Int(id)] : nil }
        return sparse[id]
    }
}

/// Values of a `String`-backed enum found by their raw value's bytes, without making a `String`.
/// - Complexity: O(cases) byte comparisons per lookup (a handful).
struct CodeBook<Value: RawRepresentable> where Value.RawValue == String {
    private let entries: [([UInt8], Value)]
    init(_ values: [Value]) { entries = values.map { (Array($0.rawValue.utf8), $0) } }
    subscript(bytes: UnsafeBufferPointer<UInt8>) -> Value? {
        for (raw, value) in entries where raw.count == bytes.count {
            if raw.elementsEqual(bytes) { return value }
        }
        return nil
    }
}

/// The text of a compactly loaded case, read from the case file by transfer id when a row is
/// first asked for, then kept. It reads through its own read-only connection (the store's may be
/// busy on another thread); transfers' text never changes once stored, so it agrees with the
/// snapshot the numbers came from.
///
/// A row's place (file and line) is kept in memory from the load (4 bytes and a bit per row), so
/// its label (the file's row id, or FILE:LINE when it has none) and source need no read at all
/// for a row without an id, and one small read (no cache) for a row with one: analyses that name
/// every row behind a figure (screening) do not fill a cache with the whole case's text.
final class StoredTransferText: TransferTextSource, @unchecked Sendable {
    /// Where each row was read: its line, the ingest its run of rows came from, and whether it has
    /// a row id of its own. - Complexity: O(1) amortised per row; 4 bytes and a bit per row.
    struct Places {
        var lines: [Int32] = []
        /// Bit `row` set: the label is the stored row id (or the line did not fit 32 bits): read it.
        var readLabel: [UInt64] = []
        /// (first row, ingest id) for each run of rows from one ingest.
        var runs: [(row: Int, ingest: Int64)] = []

        init(reserving n: Int) {
            lines.reserveCapacity(n)
            readLabel.reserveCapacity(n / 64 + 1)
        }

        mutating func append(ingest: Int64, line: Int64, hasRowID: Bool) {
            let row = lines.count
            if runs.last?.ingest != ingest { runs.append((row, ingest)) }
            if row % 64 == 0 { readLabel.append(0) }
            let fits = line >= 0 && line <= Int64(Int32.max)
            lines.append(fits ? Int32(line) : 0)
            if hasRowID || !fits { readLabel[row / 64] |= 1 << UInt64(row % 64) }
        }

        func ingest(of row: Int) -> Int64 {
            var lo = 0, hi = runs.count   // the last run starting at or before `row`
            while hi - lo > 1 {
                let mid = (lo + hi) / 2
                if runs[mid].row <= row { lo = mid } else { hi = mid }
            }
            return runs[lo].ingest
        }

        func needsRead(_ row: Int) -> Bool { readLabel[row / 64] & (1 << UInt64(row % 64)) != 0 }
    }

    private let lock = NSLock()
    private let path: String
    private var ids = RowIDs()
    private let files: [Int64: String]
    private let rows: any TransferRowSource
    private var cache: [Int: TransferText] = [:]
    private var places = Places(reserving: 0)

    init(path: String, files: [Int64: String], rows: any TransferRowSource) {
        self.path = path
        self.files = files
        self.rows = rows
    }

    /// The transfer id and place of each row, once the load has read them all.
    func setRowIDs(_ rowIDs: RowIDs, places: Places) {
        lock.lock()
        defer { lock.unlock() }
        self.places = places
        ids = rowIDs
    }

    /// - Complexity: O(log ingests) for a row without a row id; else one primary-key lookup.
    func label(at row: Int) -> String {
        if let place = place(row) { return place.description }
        let stored = read(row, labelOnly: true)
        return stored.rowID ?? SourceLocation(file: files[stored.ingest] ?? "?", line: Int(stored.line)).description
    }

    /// - Complexity: O(log ingests) unless the line did not fit the in-memory column.
    func source(at row: Int) -> SourceLocation {
        lock.lock()
        let fits = places.lines.indices.contains(row) && (places.lines[row] != 0 || !places.needsRead(row))
        let place = fits ? SourceLocation(file: files[places.ingest(of: row)] ?? "?", line: Int(places.lines[row])) : nil
        lock.unlock()
        return place ?? text(at: row).source
    }

    /// The place of a row without a row id of its own (its label), nil when it must be read.
    private func place(_ row: Int) -> SourceLocation? {
        lock.lock()
        defer { lock.unlock() }
        guard places.lines.indices.contains(row), !places.needsRead(row) else { return nil }
        return SourceLocation(file: files[places.ingest(of: row)] ?? "?", line: Int(places.lines[row]))
    }

    /// One row read from the store (not cached). A store that can no longer be read (a case file's
    /// I/O error, a server gone away) ends the command with the store's message and status 1:
    /// the row's text cannot be made up, and the text API cannot throw.
    private func read(_ row: Int, labelOnly: Bool) -> StoredTransferRow {
        lock.lock()
        defer { lock.unlock() }
        return unlockedRead(row, labelOnly: labelOnly)
    }

    private func unlockedRead(_ row: Int, labelOnly: Bool) -> StoredTransferRow {
        let id = ids[row]
        do throws(StoreError) {
            guard let stored = try rows.read(id, labelOnly: labelOnly) else {
                throw StoreError("\(path): transfer \(id) is no longer in the case")
            }
            return stored
        } catch {
            Self.stop("cannot read a transfer's text: \(error.message)")
        }
    }

    /// Rows `rows`' text in one range read of their ids, not cached.
    /// - Complexity: one scan of the primary key from the first row's id to the last's.
    func texts(_ rows: Range<Int>) -> [TransferText] {
        guard let first = rows.first else { return [] }
        lock.lock()
        defer { lock.unlock() }
        let stored: [(id: Int64, row: StoredTransferRow)]
        do throws(StoreError) {
            stored = try self.rows.read(from: ids[first], through: ids[rows.upperBound - 1])
        } catch {
            Self.stop("cannot read the transfers' text: \(error.message)")
        }
        // Ids rise with rows; ids between them that are no row (transfers inside one resolved party) are passed over.
        var next = stored.startIndex
        return rows.map { row in
            let id = ids[row]
            while next < stored.endIndex && stored[next].id < id { next += 1 }
            guard next < stored.endIndex, stored[next].id == id else {
                Self.stop("\(path): transfer \(id) is no longer in the case")
            }
            return text(of: stored[next].row)
        }
    }

    /// Ends the command with `message` and status 1: a row's text that cannot be read cannot be made
    /// up, and the text API cannot throw.
    private static func stop(_ message: String) -> Never {
        FileHandle.standardError.write(Data("brokergraph: \(message)\n".utf8))
        exit(1)
    }

    /// A stored row's text, its source named by its ingest's file.
    private func text(of stored: StoredTransferRow) -> TransferText {
        let source = SourceLocation(file: files[stored.ingest] ?? "?", line: Int(stored.line))
        return TransferText(label: stored.rowID ?? source.description, source: source, timeText: stored.time ?? "",
                            channel: stored.channel, evidence: stored.evidence, note: stored.note)
    }

    /// - Complexity: one primary-key lookup the first time a row is asked for, O(1) after.
    /// A case file that can no longer be read at all (an I/O error) stops the program with
    /// SQLite's message: the row's text cannot be made up.
    func text(at row: Int) -> TransferText {
        lock.lock()
        defer { lock.unlock() }
        if let text = cache[row] { return text }
        let text = text(of: unlockedRead(row, labelOnly: false))
        cache[row] = text
        return text
    }
}

/// The transfer id of each row of a compact table, in load order: while the ids run on without a
/// gap (the usual case: ingests number transfers in order) only the first is kept; the first gap
/// writes them out. - Complexity: O(1) amortised per row; 8 bytes a row only after a gap.
struct RowIDs {
    private var first: Int64 = 0
    private var count = 0
    /// Every row's id, once a gap has been seen; empty while they run on from `first`.
    private var listed: [Int64] = []

    mutating func append(_ id: Int64) {
        defer { count += 1 }
        if !listed.isEmpty { listed.append(id); return }
        if count == 0 { first = id; return }
        if id == first + Int64(count) { return }
        listed.reserveCapacity(count + 1)
        listed.append(contentsOf: first..<first + Int64(count))
        listed.append(id)
    }

    subscript(row: Int) -> Int64 { listed.isEmpty ? first + Int64(row) : listed[row] }
}

/// One stored transfer's text columns (`time` and after: nil when only the label was asked for).
struct StoredTransferRow {
    var rowID: String?
    var ingest: Int64
    var line: Int64
    var time: String?
    var channel: String?
    var evidence: String?
    var note: String?
}

/// Where `StoredTransferText` reads a row's text, by transfer id. Called under its lock.
protocol TransferRowSource: AnyObject {
    /// Transfer `id`'s text (with `labelOnly`, its row id and place only); nil when it is not there.
    func read(_ id: Int64, labelOnly: Bool) throws(StoreError) -> StoredTransferRow?
    /// The transfers with ids `first` through `last` (their whole text), in id order.
    func read(from first: Int64, through last: Int64) throws(StoreError) -> [(id: Int64, row: StoredTransferRow)]
}

/// A case file's transfers, through a read-only connection of its own (the store's may be busy on
/// another thread); transfers' text never changes once stored, so it agrees with the load's snapshot.
final class FileTransferRows: TransferRowSource {
    private let db: Database
    private let select: Statement
    private let selectLabel: Statement
    private let selectRange: Statement

    init(path: String) throws(StoreError) {
        db = try Database(path: path, create: false, readOnly: true)
        select = try db.prepare("SELECT row_id, ingest_id, line, time, channel, evidence, note FROM transfers WHERE id = ?")
        selectLabel = try db.prepare("SELECT row_id, ingest_id, line FROM transfers WHERE id = ?")
        selectRange = try db.prepare("""
            SELECT id, row_id, ingest_id, line, time, channel, evidence, note FROM transfers
            WHERE id BETWEEN ? AND ? ORDER BY id
            """)
    }

    func read(from first: Int64, through last: Int64) throws(StoreError) -> [(id: Int64, row: StoredTransferRow)] {
        selectRange.bind([first, last])
        defer { selectRange.reset() }
        var rows: [(id: Int64, row: StoredTransferRow)] = []
        while try selectRange.step() {
            rows.append((selectRange.int(0), StoredTransferRow(
                rowID: selectRange.text(1), ingest: selectRange.int(2), line: selectRange.int(3), time: selectRange.text(4),
                channel: selectRange.text(5), evidence: selectRange.text(6), note: selectRange.text(7))))
        }
        return rows
    }

    func read(_ id: Int64, labelOnly: Bool) throws(StoreError) -> StoredTransferRow? {
        let statement = labelOnly ? selectLabel : select
        statement.bind([id])
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        var row = StoredTransferRow(rowID: statement.text(0), ingest: statement.int(1), line: statement.int(2))
        if !labelOnly {
            row.time = statement.text(3)
            row.channel = statement.text(4)
            row.evidence = statement.text(5)
            row.note = statement.text(6)
        }
        return row
    }
}
