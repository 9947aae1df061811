import BrokerCase
import BrokerGraph
import Foundation

/// One input row after checking: a transfer, a party, a batch contents row, or a rejection with its reason.
package enum ParsedRow: Sendable {
    case transfer(TransferRow)
    case party(PartyRow)
    /// A batch contents row (its identifier is hashed before it is stored).
    case batch(BatchRow)
    /// A payment between two parties (mapped bills and ledgers).
    case payment(PaymentRow)
    /// A row a mapping's skip rule (or a blank row) set aside: counted under the rule's name, not stored.
    case skipped(rule: String)
    /// A bad row: why, and its values as JSON (`nil` when the row could not even be split).
    case bad(InputError, raw: String?)
}

/// What `ParsedRowStream` hands over: consecutive transfers packed, any other row as read.
package enum StreamedRow {
    /// A pack of transfers (its rows in file order).
    case transfers(PackedTransfers)
    /// Any row but a transfer.
    case other(ParsedRow)
}

/// Rows of a source read on one thread (`nextSourceRow`) and checked on others (`check`).
package protocol ParsedRowProducer: AnyObject {
    associatedtype Check: SourceRowCheck
    /// The next row as read, on the reading thread: `nil` at the end; a fatal error stops the
    /// file, any other error becomes a bad row.
    func nextSourceRow() throws(InputError) -> SourceRow?
    /// What turns a row read into checked rows (on the checking threads).
    var check: Check { get }
    /// SHA-256 of the input's bytes, once all were read.
    var sha256: String { get }
}

/// Turns a row read into checked rows; run on several threads at once.
package protocol SourceRowCheck: Sendable {
    /// The file that `pack` packs transfers under; `nil` when `pack` takes no rows.
    var transfers: TransferLines? { get }
    /// Checks `row` straight into `pack` when it gives exactly one transfer that a byte path
    /// takes (`scratch` is room to work in); `false`, and the pack unchanged, when `check` must
    /// read it.
    func pack(_ row: SourceRow, to pack: PackedTransfers, scratch: inout [UInt8]) -> Bool
    /// Appends the checked rows that `row` gives (one or more, in order) to `rows`.
    func check(_ row: SourceRow, into rows: inout [ParsedRow])
}

/// Reads rows on one thread and checks them on `threads` others while the caller stores them,
/// handing them over in batches, in file order, through a bounded queue: every core works, and
/// memory stays bounded by the queue. Transfers are handed over packed (`PackedTransfers`).
///
/// The reading thread only hashes the bytes and finds where rows end: a plain line (no quote,
/// `CSVReader.nextPlainLine`) goes on as bytes, split and checked on a checking thread; any other
/// row is split on the reading thread. Transfers in plain lines take the byte path
/// (`TransferLines`) when given one, and `parse` when it declines them. A producer's rows (a
/// mapping's) are only read on the reading thread; the checking threads apply the mapping.
///
/// Batches are numbered as read and handed over by number, and each is checked on its own, so the
/// rows handed over (values, order, errors) are the same for any number of threads.
package final class ParsedRowStream: @unchecked Sendable {
    /// Rows per batch.
    static let batchSize = 2048
    /// Batches read but not yet taken by the caller, at most.
    static let capacity = 16
    /// Bytes reserved for a batch's plain lines.
    static let batchBytes = 128 * batchSize

    /// A row as read: a plain line, its bytes at `start..<end` in its batch's bytes; a row split
    /// by the reader; a producer's row (`source`); or a row already checked by the reader (`parsed`).
    private enum Pending {
        case line(Int, start: Int, end: Int)
        case row(TableReader.Row)
        case source(SourceRow)
        case parsed(ParsedRow)
    }

    /// Rows as read, and the bytes of their plain lines.
    private struct Batch {
        var rows: [Pending] = []
        var bytes: [UInt8] = []

        /// An empty batch with room for a full one.
        init() {
            rows.reserveCapacity(ParsedRowStream.batchSize)
            bytes.reserveCapacity(ParsedRowStream.batchBytes)
        }
    }

    /// What a checked batch holds: rows, and runs of transfers packed.
    private enum Item {
        case row(ParsedRow)
        case pack(PackedTransfers)
    }

    private let condition = NSCondition()
    /// Batches read, waiting for a checking thread, by number.
    private var waiting: [(number: Int, batch: Batch)] = []
    /// Checked batches by number, waiting for the caller.
    private var checked: [Int: [Item]] = [:]
    /// Batches read so far; the number of the next batch the caller takes.
    private var read = 0
    private var taken = 0
    private var finished = false
    private var cancelled = false
    private var fatal: InputError?
    /// The batch being taken, in reverse order (each item is moved out with `removeLast`, not copied).
    private var current: [Item] = []
    /// Reads the next row (a plain line's bytes appended to the bytes given).
    private let readRow: (inout [UInt8]) throws(InputError) -> Pending?
    private let readSHA256: () -> String
    private let parse: (@Sendable (TableReader.Row) -> ParsedRow)?
    /// Checks a producer's row, appending what it gives; or packs it (see `SourceRowCheck`).
    private let checkSource: (@Sendable (SourceRow, inout [ParsedRow]) -> Void)?
    private let packSource: (@Sendable (SourceRow, PackedTransfers, inout [UInt8]) -> Bool)?
    /// How the reader's CSV records become rows (for plain lines).
    private let layout: TableReader.Layout?
    private let transfers: TransferLines?
    /// SHA-256 of the input, known once every row was read.
    package private(set) var sha256 = ""

    /// Starts reading `reader` (already bound to a schema) on a new thread and checking its rows
    /// on `threads` others.
    /// - Parameters:
    ///   - transfers: the byte path for a transfers file's plain lines (`reader` bound to
    ///     `TransferRow.schema`); the rows it declines, and all rows without it, go to `parse`.
    ///   - parse: turns a row into a checked row (runs on a checking thread).
    package init(reader: TableReader, threads: Int, transfers: TransferLines? = nil,
                 parse: @escaping @Sendable (TableReader.Row) -> ParsedRow) {
        precondition(transfers == nil || reader.layout.width == TransferRow.schema.columns.count,
                     "the byte path reads transfers")
        nonisolated(unsafe) var reader = reader
        readRow = { (bytes: inout [UInt8]) throws(InputError) -> Pending? in
            let start = bytes.count
            switch try reader.nextRead(appendingTo: &bytes) {
            case .line(let line): return .line(line, start: start, end: bytes.count)
            case .row(let row): return .row(row)
            case nil: return nil
            }
        }
        readSHA256 = { reader.input.sha256 }
        self.parse = parse
        checkSource = nil
        packSource = nil
        layout = reader.layout
        self.transfers = transfers
        start(threads: threads)
    }

    /// Starts reading `producer` on a new thread (it is only touched there from now on) and
    /// checking its rows on `threads` others.
    package init<Producer: ParsedRowProducer>(producer: Producer, threads: Int = Parallel.defaultThreads) {
        readRow = { (_: inout [UInt8]) throws(InputError) -> Pending? in try producer.nextSourceRow().map(Pending.source) }
        readSHA256 = { producer.sha256 }
        parse = nil
        let check = producer.check
        checkSource = { check.check($0, into: &$1) }
        packSource = { check.pack($0, to: $1, scratch: &$2) }
        layout = nil
        transfers = check.transfers
        start(threads: threads)
    }

    /// The threads hold the stream only while they run; the stream does not hold them (keeping
    /// them made a cycle, stream -> thread -> closure -> stream, that leaked every stream and its
    /// last batch of rows: LeakSanitizer).
    private func start(threads: Int) {
        let reading = Thread { [self] in self.produce() }
        reading.stackSize = 1 << 22
        reading.start()
        for _ in 0..<max(1, threads) {
            let checking = Thread { [self] in self.check() }
            checking.stackSize = 1 << 22
            checking.start()
        }
    }

    deinit { cancel() }

    /// The next pack of transfers or other row, or `nil` at the end. Throws a fatal read error
    /// (the file cannot be read on).
    package func next() throws(InputError) -> StreamedRow? {
        if current.isEmpty {
            condition.lock()
            while checked[taken] == nil && !(finished && taken == read) && !cancelled { condition.wait() }
            guard !cancelled, let batch = checked.removeValue(forKey: taken) else {
                let error = fatal
                condition.unlock()
                if let error { throw error }
                return nil
            }
            taken += 1
            current = batch
            condition.broadcast()
            condition.unlock()
        }
        switch current.removeLast() {
        case .row(let row): return .other(row)
        case .pack(let pack): return .transfers(pack)
        }
    }

    /// Stops the reading and checking threads (for instance after a strict-mode error); `next()`
    /// then returns `nil`.
    package func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// The reading thread: numbers batches of rows and queues them for checking.
    private func produce() {
        var batch = Batch()
        var fatal: InputError?
        func hand() -> Bool {
            condition.lock()
            defer { condition.unlock() }
            while read - taken >= Self.capacity && !cancelled { condition.wait() }
            if cancelled { return false }
            waiting.append((read, batch))
            read += 1
            condition.broadcast()
            return true
        }
        reading: while true {
            do {
                guard let row = try readRow(&batch.bytes) else { break }
                batch.rows.append(row)
            } catch {
                if error.isFatal { fatal = error; break reading }
                batch.rows.append(.parsed(.bad(error, raw: nil)))
            }
            if batch.rows.count == Self.batchSize {
                guard hand() else { return }
                // A new batch: the one handed over is the checking thread's now.
                batch = Batch()
            }
        }
        if !batch.rows.isEmpty { guard hand() else { return } }
        let sha256 = readSHA256()
        condition.lock()
        self.sha256 = sha256
        self.fatal = fatal
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// A checking thread: checks and packs queued batches until the reading thread is done.
    private func check() {
        condition.lock()
        while true {
            while waiting.isEmpty && !finished && !cancelled { condition.wait() }
            if cancelled || waiting.isEmpty { break }
            let (number, batch) = waiting.removeFirst()
            condition.unlock()
            let items = pack(batch)
            condition.lock()
            checked[number] = items
            condition.broadcast()
        }
        condition.unlock()
    }

    /// Checks a batch's rows and packs its transfers: its items in reverse order (see `current`).
    private func pack(_ batch: Batch) -> [Item] {
        var items: [Item] = []
        var pack: PackedTransfers?
        /// The pack being filled, opened for `file` if none is.
        func open(_ file: String) -> PackedTransfers {
            if let pack { return pack }
            let opened = PackedTransfers(file: file, rows: batch.rows.count)
            pack = opened
            return opened
        }
        func add(_ row: ParsedRow) {
            if case .transfer(let transfer) = row {
                open(transfer.location.file).append(transfer)
            } else {
                // (An empty pack, left by a line the byte path declined, is kept for the next.)
                if let full = pack, full.count > 0 {
                    items.append(.pack(full))
                    pack = nil
                }
                items.append(.row(row))
            }
        }
        // A producer's checked rows, and room for its byte path, reused from row to row.
        var checked: [ParsedRow] = []
        var scratch: [UInt8] = []
        for pending in batch.rows {
            let row: ParsedRow
            switch pending {
            case .line(let line, let start, let end):
                let taken = batch.bytes.withUnsafeBufferPointer { bytes -> ParsedRow? in
                    let bytes = UnsafeBufferPointer(rebasing: bytes[start..<end])
                    if let transfers, transfers.append(bytes, line: line, layout: layout!, to: open(transfers.file)) { return nil }
                    do throws(InputError) { return parse!(try layout!.row(line: line, bytes: bytes)) } catch {
                        return .bad(error, raw: nil)
                    }
                }
                guard let taken else { continue }
                row = taken
            case .row(let read): row = parse!(read)
            case .source(let read):
                if let transfers, packSource!(read, open(transfers.file), &scratch) { continue }
                checkSource!(read, &checked)
                checked.forEach(add)
                checked.removeAll(keepingCapacity: true)
                continue
            case .parsed(let parsed): row = parsed
            }
            add(row)
        }
        if let full = pack, full.count > 0 { items.append(.pack(full)) }
        return items.reversed()
    }
}
