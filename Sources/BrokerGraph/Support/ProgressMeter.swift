import Dispatch

/// How far long work has come, for the person waiting on it: the phase it is in (`begin`) and,
/// where the phase is counted, how many of its steps are done (`advance`), with the seconds since
/// the meter was made.
///
/// Any thread may call it. A line goes to `update` when a phase begins, then at most once per
/// `interval` as steps are done, so counting inside a loop costs a lock and a clock read.
public final class ProgressMeter: @unchecked Sendable {
    private let update: @Sendable (String) -> Void
    private let end: @Sendable () -> Void
    private let interval: UInt64
    private let started = DispatchTime.now().uptimeNanoseconds
    /// Guards everything below (a semaphore: BrokerGraph does without Foundation's locks).
    private let lock = DispatchSemaphore(value: 1)
    private var phase = ""
    private var done = 0
    private var total: Int?
    private var lastLine: UInt64 = 0
    private var finished = false

    /// - Parameters:
    ///   - interval: seconds at least between two lines of one phase.
    ///   - update: shows a line (`"betweenness 37/256 (14%), 412 s"`).
    ///   - end: called once by `finish` (a terminal erases its line).
    public init(interval: Double = 0.5, update: @escaping @Sendable (String) -> Void,
                end: @escaping @Sendable () -> Void = {}) {
        self.interval = UInt64(max(0, interval) * 1e9)
        self.update = update
        self.end = end
    }

    /// Starts a phase; `total` counts its steps when they are known.
    public func begin(_ phase: String, total: Int? = nil) {
        locked {
            self.phase = phase
            self.total = total
            done = 0
            show(now: DispatchTime.now().uptimeNanoseconds)
        }
    }

    /// Counts `steps` more steps of the current phase done.
    public func advance(by steps: Int = 1) {
        locked {
            done += steps
            let now = DispatchTime.now().uptimeNanoseconds
            if now - lastLine >= interval { show(now: now) }
        }
    }

    /// The work is over: no line after this one.
    public func finish() {
        locked {
            if !finished { end() }
            finished = true
        }
    }

    /// The current line, handed to `update` (under the lock, so lines keep their order).
    private func show(now: UInt64) {
        guard !finished else { return }
        lastLine = now
        var line = phase
        if let total, total > 0 {
            let shown = min(done, total)
            line += " \(shown)/\(total) (\(shown * 100 / total)%)"
        } else if done > 0 {
            line += " \(done)"
        }
        update(line + ", \((now - started) / 1_000_000_000) s")
    }

    private func locked(_ body: () -> Void) {
        lock.wait()
        defer { lock.signal() }
        body()
    }
}
