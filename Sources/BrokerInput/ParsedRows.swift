import BrokerCase
import Foundation

/// One input row after checking: a transfer, a party, a batch contents row, or a rejection with its reason.
package enum ParsedRow: Sendable {
    case transfer(TransferRow)
    case party(PartyRow)
    /// A batch contents row (its identifier is hashed before it is stored).
    case batch(BatchRow)
    /// A bad row: why, and its values as JSON (`nil` when the row could not even be split).
    case bad(InputError, raw: String?)
}

/// Reads and checks rows on a second thread while the caller stores them, handing them over in
/// batches through a bounded queue: two cores work, and memory stays bounded by the queue.
package final class ParsedRowStream: @unchecked Sendable {
    /// Rows per batch handed over.
    static let batchSize = 2048
    /// Batches that may wait in the queue.
    static let capacity = 8

    private let condition = NSCondition()
    private var queue: [[ParsedRow]] = []
    private var finished = false
    private var cancelled = false
    private var fatal: InputError?
    private var current: [ParsedRow] = []
    private var position = 0
    private let reader: UnsafeReader
    /// SHA-256 of the input, known once every row was read.
    package private(set) var sha256 = ""

    /// Starts reading `reader` (already bound to a schema) on a new thread.
    /// - Parameter parse: turns a row into a checked row (runs on the reading thread).
    package init(reader: TableReader, parse: @escaping @Sendable (TableReader.Row) -> ParsedRow) {
        self.reader = UnsafeReader(reader)
        // The thread holds the stream only while it runs; the stream does not hold the thread
        // (keeping it made a cycle, stream -> thread -> closure -> stream, that leaked every stream
        // and its last batch of rows: LeakSanitizer).
        let thread = Thread { [self] in self.produce(parse) }
        thread.stackSize = 1 << 22
        thread.start()
    }

    deinit { cancel() }

    /// The next row, or `nil` at the end. Throws a fatal read error (the file cannot be read on).
    package func next() throws(InputError) -> ParsedRow? {
        if position == current.count {
            condition.lock()
            while queue.isEmpty && !finished { condition.wait() }
            if queue.isEmpty {
                let error = fatal
                condition.unlock()
                if let error { throw error }
                return nil
            }
            current = queue.removeFirst()
            position = 0
            condition.broadcast()
            condition.unlock()
        }
        position += 1
        return current[position - 1]
    }

    /// Stops the reading thread (for instance after a strict-mode error).
    package func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    private func produce(_ parse: (TableReader.Row) -> ParsedRow) {
        var batch: [ParsedRow] = []
        batch.reserveCapacity(Self.batchSize)
        var fatal: InputError?
        func hand(_ rows: [ParsedRow]) -> Bool {
            condition.lock()
            defer { condition.unlock() }
            while queue.count >= Self.capacity && !cancelled { condition.wait() }
            if cancelled { return false }
            queue.append(rows)
            condition.broadcast()
            return true
        }
        reading: while true {
            do {
                guard let row = try reader.value.next() else { break }
                batch.append(parse(row))
            } catch {
                if error.isFatal { fatal = error; break reading }
                batch.append(.bad(error, raw: nil))
            }
            if batch.count == Self.batchSize {
                guard hand(batch) else { return }
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { _ = hand(batch) }
        condition.lock()
        sha256 = reader.value.input.sha256
        self.fatal = fatal
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The reader moves to the reading thread and is only touched there.
    private final class UnsafeReader: @unchecked Sendable {
        var value: TableReader
        init(_ value: TableReader) { self.value = value }
    }
}
