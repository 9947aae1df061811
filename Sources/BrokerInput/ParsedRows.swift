import BrokerCase
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

/// A row as `ParsedRowStream` hands it over: transfers packed, any other row as read.
package enum StreamedRow {
    /// Row `row` of a pack of transfers.
    case transfer(PackedTransfers, row: Int)
    /// Any row but a transfer.
    case other(ParsedRow)
}

/// Produces checked rows one at a time on the reading thread: `nil` at the end; a fatal error
/// stops the file, any other error becomes a bad row.
package protocol ParsedRowProducer: AnyObject {
    func nextParsed() throws(InputError) -> ParsedRow?
    /// SHA-256 of the input's bytes, once all were read.
    var sha256: String { get }
}

/// Reads and checks rows on a second thread while the caller stores them, handing them over in
/// batches through a bounded queue: two cores work, and memory stays bounded by the queue.
/// Transfers are handed over packed (`PackedTransfers`), as `.packed` rows.
package final class ParsedRowStream: @unchecked Sendable {
    /// Rows per batch handed over.
    static let batchSize = 2048
    /// Batches that may wait in the queue.
    static let capacity = 8

    /// What a batch holds: rows, and runs of transfers packed.
    private enum Item {
        case row(ParsedRow)
        case pack(PackedTransfers)
    }

    private let condition = NSCondition()
    private var queue: [[Item]] = []
    private var finished = false
    private var cancelled = false
    private var fatal: InputError?
    /// The batch being taken, in reverse order (each item is moved out with `popLast`, not copied).
    private var current: [Item] = []
    /// The pack being taken and its next row.
    private var pack: PackedTransfers?
    private var packRow = 0
    private let reader: any ParsedRowProducer
    /// SHA-256 of the input, known once every row was read.
    package private(set) var sha256 = ""

    /// Starts reading `reader` (already bound to a schema) on a new thread.
    /// - Parameter parse: turns a row into a checked row (runs on the reading thread).
    package convenience init(reader: TableReader, parse: @escaping @Sendable (TableReader.Row) -> ParsedRow) {
        self.init(producer: TableProducer(reader, parse: parse))
    }

    /// Starts reading `producer` on a new thread; it is only touched there from now on.
    package init(producer: any ParsedRowProducer) {
        self.reader = producer
        // The thread holds the stream only while it runs; the stream does not hold the thread
        // (keeping it made a cycle, stream -> thread -> closure -> stream, that leaked every stream
        // and its last batch of rows: LeakSanitizer).
        let thread = Thread { [self] in self.produce() }
        thread.stackSize = 1 << 22
        thread.start()
    }

    deinit { cancel() }

    /// The next row, or `nil` at the end. Throws a fatal read error (the file cannot be read on).
    package func next() throws(InputError) -> StreamedRow? {
        if let pack {
            if packRow < pack.count {
                packRow += 1
                return .transfer(pack, row: packRow - 1)
            }
            self.pack = nil
        }
        if current.isEmpty {
            condition.lock()
            while queue.isEmpty && !finished { condition.wait() }
            if queue.isEmpty {
                let error = fatal
                condition.unlock()
                if let error { throw error }
                return nil
            }
            current = queue.removeFirst()
            condition.broadcast()
            condition.unlock()
        }
        switch current.removeLast() {
        case .row(let row): return .other(row)
        case .pack(let pack):
            self.pack = pack
            packRow = 1
            return .transfer(pack, row: 0)
        }
    }

    /// Stops the reading thread (for instance after a strict-mode error).
    package func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    private func produce() {
        var batch: [Item] = []
        var rows = 0
        var pack: PackedTransfers?
        var fatal: InputError?
        func add(_ row: ParsedRow) {
            if case .transfer(let transfer) = row {
                if pack == nil { pack = PackedTransfers(file: transfer.location.file, rows: Self.batchSize - rows) }
                pack!.append(transfer)
            } else {
                if let full = pack { batch.append(.pack(full)) }
                pack = nil
                batch.append(.row(row))
            }
            rows += 1
        }
        func hand() -> Bool {
            if let full = pack { batch.append(.pack(full)) }
            pack = nil
            let items = Array(batch.reversed())
            batch.removeAll(keepingCapacity: true)
            rows = 0
            condition.lock()
            defer { condition.unlock() }
            while queue.count >= Self.capacity && !cancelled { condition.wait() }
            if cancelled { return false }
            queue.append(items)
            condition.broadcast()
            return true
        }
        reading: while true {
            do {
                guard let row = try reader.nextParsed() else { break }
                add(row)
            } catch {
                if error.isFatal { fatal = error; break reading }
                add(.bad(error, raw: nil))
            }
            if rows == Self.batchSize {
                guard hand() else { return }
            }
        }
        if rows > 0 { _ = hand() }
        condition.lock()
        sha256 = reader.sha256
        self.fatal = fatal
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// A table reader and the check of its rows, as a producer.
    private final class TableProducer: ParsedRowProducer {
        var reader: TableReader
        let parse: (TableReader.Row) -> ParsedRow
        init(_ reader: TableReader, parse: @escaping (TableReader.Row) -> ParsedRow) { self.reader = reader; self.parse = parse }
        func nextParsed() throws(InputError) -> ParsedRow? { try reader.next().map(parse) }
        var sha256: String { reader.input.sha256 }
    }
}
