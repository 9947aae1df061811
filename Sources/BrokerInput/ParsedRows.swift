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

/// Reads rows on one thread and checks them on `workers` threads while the caller stores them,
/// handing them over in batches, in file order, through a bounded queue: every core works, and
/// memory stays bounded by the queue. The rows handed over are the same, in the same order, for any
/// number of workers.
package final class ParsedRowStream: @unchecked Sendable {
    /// Rows per batch handed over.
    static let batchSize = 2048
    /// Batches that may be read ahead of the caller (waiting to be checked, being checked, or checked).
    static let capacity = 8

    /// A row as read, before it is checked: a row, or a reading error that is not fatal.
    private enum Read { case row(TableReader.Row), bad(InputError) }

    private let condition = NSCondition()
    /// Batches read and not yet taken by a worker, by sequence number.
    private var unchecked: [(sequence: Int, rows: [Read])] = []
    /// Batches checked and not yet taken by the caller, by sequence number.
    private var checked: [Int: [ParsedRow]] = [:]
    /// Batches read so far; the caller's next batch is `taken`.
    private var readCount = 0
    private var taken = 0
    private var finished = false
    private var cancelled = false
    private var fatal: InputError?
    private var current: [ParsedRow] = []
    private var position = 0
    private let reader: UnsafeReader
    /// SHA-256 of the input, known once every row was read.
    package private(set) var sha256 = ""

    /// Starts reading `reader` (already bound to a schema) on a new thread, and `workers` threads
    /// that check the rows it reads.
    /// - Parameter parse: turns a row into a checked row (runs on the workers).
    package init(reader: TableReader, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                 parse: @escaping @Sendable (TableReader.Row) -> ParsedRow) {
        self.reader = UnsafeReader(reader)
        // Threads hold the stream only while they run; the stream does not hold them (keeping them
        // made a cycle, stream -> thread -> closure -> stream, that leaked every stream and its last
        // batch of rows: LeakSanitizer).
        let thread = Thread { [self] in self.produce() }
        thread.stackSize = 1 << 22
        thread.start()
        for _ in 0..<max(1, workers) {
            let worker = Thread { [self] in self.check(parse) }
            worker.stackSize = 1 << 22
            worker.start()
        }
    }

    deinit { cancel() }

    /// The next row, or `nil` at the end. Throws a fatal read error (the file cannot be read on).
    package func next() throws(InputError) -> ParsedRow? {
        if position == current.count {
            condition.lock()
            while checked[taken] == nil && !(finished && taken == readCount) { condition.wait() }
            guard let batch = checked.removeValue(forKey: taken) else {
                let error = fatal
                condition.unlock()
                if let error { throw error }
                return nil
            }
            taken += 1
            current = batch
            position = 0
            condition.broadcast()
            condition.unlock()
        }
        position += 1
        return current[position - 1]
    }

    /// Stops the reading and checking threads (for instance after a strict-mode error).
    package func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// The reading thread: splits the input into rows, in batches numbered in file order.
    private func produce() {
        var batch: [Read] = []
        batch.reserveCapacity(Self.batchSize)
        var fatal: InputError?
        func hand(_ rows: [Read]) -> Bool {
            condition.lock()
            defer { condition.unlock() }
            while readCount - taken >= Self.capacity && !cancelled { condition.wait() }
            if cancelled { return false }
            unchecked.append((readCount, rows))
            readCount += 1
            condition.broadcast()
            return true
        }
        reading: while true {
            do {
                guard let row = try reader.value.next() else { break }
                batch.append(.row(row))
            } catch {
                if error.isFatal { fatal = error; break reading }
                batch.append(.bad(error))
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

    /// A checking thread: takes read batches, checks each row, files the result by batch number.
    /// Ends when reading has finished and no batch is left, or when cancelled.
    private func check(_ parse: (TableReader.Row) -> ParsedRow) {
        while true {
            condition.lock()
            while unchecked.isEmpty && !finished && !cancelled { condition.wait() }
            if cancelled || unchecked.isEmpty {
                condition.unlock()
                return
            }
            let (sequence, rows) = unchecked.removeFirst()
            condition.unlock()
            let parsed = rows.map { read -> ParsedRow in
                switch read {
                case .row(let row): parse(row)
                case .bad(let error): .bad(error, raw: nil)
                }
            }
            condition.lock()
            checked[sequence] = parsed
            condition.broadcast()
            condition.unlock()
        }
    }

    /// The reader moves to the reading thread and is only touched there.
    private final class UnsafeReader: @unchecked Sendable {
        var value: TableReader
        init(_ value: TableReader) { self.value = value }
    }
}
