import BrokerCase
import Foundation

extension CaseStore {
    /// Loads the case for analyses that compute only with parties and the transfers' integer
    /// columns (from, to, time, records, category, mode, amount, batch): the transfers' text
    /// (labels, time as written, channel, evidence, note, source file and line) stays in the file
    /// and is read row by row only if a command asks for it (`TransferTable(text:)`).
    ///
    /// Analyses give the same results as on `load()`; it takes less time and memory.
    /// - Complexity: one pass over parties and transfers; memory O(parties + transfers) integers.
    public func loadCompact() throws(StoreError) -> CaseData {
        try reading { () throws(StoreError) in try _loadCompact() }
    }

    private func _loadCompact() throws(StoreError) -> CaseData {
        let (stored, partyIDs) = try reader.loadParties()
        let vertex = PartyIndex(partyIDs)
        let resolved = try reader.resolvedParties(stored, ids: partyIDs)
        var internalTransfers = 0
        let ingests = try self.ingests()
        let count = try db.prepare("SELECT count(*) FROM transfers")
        _ = try count.step()
        let n = Int(count.int(0))
        var ids: [Int64] = []
        ids.reserveCapacity(n)
        let text = try StoredTransferText(path: path, files: Dictionary(uniqueKeysWithValues: ingests.map { ($0.id, $0.file) }))
        var table = TransferTable(text: text)
        table.reserve(n)
        let categories = CodeBook(Category.allCases), modes = CodeBook(TransferMode.allCases)
        let rows = try db.prepare("""
            SELECT id, from_party, to_party, time_earliest, time_latest, records, category, mode, amount_fen, batch
            FROM transfers ORDER BY id
            """)
        while try rows.step() {
            guard let storedFrom = vertex[rows.int(1)], let storedTo = vertex[rows.int(2)] else {
                throw StoreError("\(path): transfer \(rows.int(0)) names a party that does not exist")
            }
            let from = resolved.remap[Int(storedFrom)], to = resolved.remap[Int(storedTo)]
            if from == to { internalTransfers += 1; continue }
            ids.append(rows.int(0))
            table.appendCompact(from: from, to: to, time: TimeSpan(earliest: rows.int(3), latest: rows.int(4)),
                                records: rows.int(5), category: rows.withText(6) { categories[$0] } ?? .other,
                                mode: rows.withText(7) { modes[$0] } ?? .provide, amountFen: rows.optionalInt(8),
                                batch: rows.text(9))
        }
        text.setRowIDs(ids)
        return CaseData(parties: resolved.parties, transfers: table, ingests: ingests, offsetSeconds: try offsetSeconds(),
                        internalTransfers: internalTransfers)
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
final class StoredTransferText: TransferTextSource, @unchecked Sendable {
    private let lock = NSLock()
    private let path: String
    private var firstID: Int64 = 0
    /// Transfer ids by row; empty when they are `firstID, firstID + 1, …` (the usual case).
    private var ids: [Int64] = []
    private let files: [Int64: String]
    private let db: Database
    private let select: Statement
    private var cache: [Int: TransferText] = [:]

    init(path: String, files: [Int64: String]) throws(StoreError) {
        self.path = path
        self.files = files
        db = try Database(path: path, create: false, readOnly: true)
        select = try db.prepare("SELECT row_id, ingest_id, line, time, channel, evidence, note FROM transfers WHERE id = ?")
    }

    /// The transfer id of each row, once the load has read them all.
    func setRowIDs(_ rowIDs: [Int64]) {
        lock.lock()
        defer { lock.unlock() }
        firstID = rowIDs.first ?? 0
        let contiguous = rowIDs.last.map { $0 - firstID == Int64(rowIDs.count - 1) } ?? true
        ids = contiguous ? [] : rowIDs
    }

    /// - Complexity: one primary-key lookup the first time a row is asked for, O(1) after.
    /// A case file that can no longer be read at all (an I/O error) stops the program with
    /// SQLite's message: the row's text cannot be made up.
    func text(at row: Int) -> TransferText {
        lock.lock()
        defer { lock.unlock() }
        if let text = cache[row] { return text }
        let id = ids.isEmpty ? firstID + Int64(row) : ids[row]
        do throws(StoreError) {
            select.bind([id])
            defer { select.reset() }
            guard try select.step() else { throw StoreError("\(path): transfer \(id) is no longer in the case") }
            let source = SourceLocation(file: files[select.int(1)] ?? "?", line: Int(select.int(2)))
            let text = TransferText(label: select.text(0) ?? source.description, source: source,
                                    timeText: select.text(3) ?? "", channel: select.text(4),
                                    evidence: select.text(5), note: select.text(6))
            cache[row] = text
            return text
        } catch {
            preconditionFailure("\(path): cannot read a transfer's text: \(error.message)")
        }
    }
}
