import BrokerIdentity
import BrokerInput
import Foundation

/// Gives a file's transfers their parties on a thread of its own while the session's thread stores
/// them: the storing thread then runs little beyond SQLite's inserts (the names' lookups, their
/// cache misses and what new names read as were a fifth of its time, measured at 10M rows).
///
/// The resolving thread takes the file's checked rows in order and hands over, in the same order,
/// runs of transfers and payments with their party ids, the parties they create (ids assigned in
/// order, as SQLite would: one past the largest) and the identifiers their names read as. The
/// session's names (`partyByName`, `undeclared`, `nextPartyID`) belong to the resolving thread
/// while it runs, except after rows that declare parties (which may merge parties): the storing
/// thread stores those, and before the next transfer or payment the resolving thread hands over a
/// barrier and waits until the storing thread reaches it (`resume`), so that one thread touches
/// the names at a time and a run of declarations costs one wait, not one a row.
final class PartyResolver: @unchecked Sendable {
    /// What the resolving thread hands over, in file order.
    enum Unit {
        case resolved(ResolvedRows)
        /// A row that names no party (a bad row, a batch row) or declares one.
        case row(ParsedRow)
        /// Declarations came before: the resolving thread waits for `resume()`.
        case barrier
        /// A transfer or payment that cannot be stored (its two names are one party, through an alias).
        case failed(InputError)
    }

    /// Transfers and payments given their parties, with what to store before them.
    struct ResolvedRows {
        var transfers: [PendingTransfer] = []
        var payments: [(row: PaymentRow, payer: Int64, payee: Int64)] = []
        /// Parties first named by these transfers: id and name.
        var parties: [(id: Int64, name: String)] = []
        /// Identifiers the names read as (a party named by a phone number), in order.
        var sightings: [(identifier: Identifier, party: Int64, source: String, line: Int)] = []

        init(reserving capacity: Int) { transfers.reserveCapacity(capacity) }
    }

    /// Transfers per hand-over, at most; units waiting, at most.
    private static let runLength = 1024
    private static let capacity = 16

    private let condition = NSCondition()
    /// Handed over, not yet taken (at most `capacity`).
    private var units: [Unit] = []
    private var finished = false
    private var cancelled = false
    private var waiting = false
    private var fatal: InputError?

    /// Starts resolving `stream`'s rows for `session` on a new thread.
    init(session: IngestSession, stream: ParsedRowStream) {
        nonisolated(unsafe) let session = session
        let thread = Thread { [self] in self.run(session, stream) }
        thread.stackSize = 1 << 22
        thread.start()
    }

    /// The next unit, or `nil` at the end. Throws a fatal read error after the units before it.
    func take() throws(InputError) -> Unit? {
        condition.lock()
        defer { condition.unlock() }
        while units.isEmpty && !finished { condition.wait() }
        guard !units.isEmpty else {
            if let fatal { throw fatal }
            return nil
        }
        condition.broadcast()
        return units.removeFirst()
    }

    /// Lets the resolving thread go on past a barrier (the rows before it are stored).
    func resume() {
        condition.lock()
        waiting = false
        condition.broadcast()
        condition.unlock()
    }

    /// Stops the resolving thread (the storing thread stopped at an error).
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// Queues a unit (waiting while the queue is full, and after a barrier until `resume`); false
    /// once cancelled.
    private func hand(_ unit: Unit) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while units.count >= Self.capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        units.append(unit)
        if case .barrier = unit { waiting = true }
        condition.broadcast()
        while waiting && !cancelled { condition.wait() }
        return !cancelled
    }

    /// The resolving thread.
    private func run(_ session: IngestSession, _ stream: ParsedRowStream) {
        var run = ResolvedRows(reserving: Self.runLength)
        func handRun() -> Bool {
            // Parties made by a row that then failed are handed over too.
            guard !run.transfers.isEmpty || !run.payments.isEmpty || !run.parties.isEmpty else { return true }
            defer { run = ResolvedRows(reserving: Self.runLength) }
            return hand(.resolved(run))
        }
        // Whether declarations were handed over since the last barrier.
        var declared = false
        func beforeNames() -> Bool {
            guard declared else { return true }
            declared = false
            return handRun() && hand(.barrier)
        }
        var fatal: InputError?
        reading: while true {
            let pack: PackedTransfers
            do {
                switch try stream.next() {
                case nil: break reading
                case .transfers(let packed)?: pack = packed
                case .other(.transfer(let transfer))?:
                    // The stream packs every transfer; one not packed is resolved the same way.
                    pack = PackedTransfers(file: transfer.location.file, rows: 1)
                    pack.append(transfer)
                case .other(.payment(let payment))?:
                    guard beforeNames() else { return }
                    do {
                        run.payments.append(try session.resolve(payment, into: &run))
                    } catch {
                        guard handRun(), hand(.failed(error)) else { return }
                    }
                    if run.payments.count == Self.runLength { guard handRun() else { return } }
                    continue reading
                case .other(let other)?:
                    if case .party = other { declared = true }
                    guard handRun(), hand(.row(other)) else { return }
                    continue reading
                }
            } catch {
                fatal = error
                break
            }
            guard beforeNames() else { return }
            for row in 0..<pack.count {
                do {
                    run.transfers.append(try session.resolve(pack, row, into: &run))
                } catch {
                    guard handRun(), hand(.failed(error)) else { return }
                }
                if run.transfers.count == Self.runLength { guard handRun() else { return } }
            }
        }
        guard handRun() else { return }
        condition.lock()
        self.fatal = fatal
        finished = true
        condition.broadcast()
        condition.unlock()
    }
}
