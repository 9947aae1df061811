import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one place BrokerGraph runs work on several threads.
///
/// Kernels split their work into a fixed number of chunks that does not depend on the thread
/// count (`reductionChunks`), give each running chunk its own scratch memory, and combine partial
/// results in chunk order. So a result is bitwise the same for any number of threads and any
/// thread timing; threads only decide how many chunks run at once.
public enum Parallel {
    /// Threads used when a caller does not say: `BROKERGRAPH_THREADS` when set to a positive
    /// integer, else the processors this process may run on (its CPU affinity), else the online
    /// processors. Read once per process.
    public static let defaultThreads: Int = threads(
        environment: getenv("BROKERGRAPH_THREADS").map { String(cString: $0) }, processors: activeProcessors())

    /// The thread count for an environment value (nil when unset) on a machine with `processors`
    /// active processors: the value when it is a positive integer (at most 1,024), else `processors`.
    /// - Complexity: O(1).
    public static func threads(environment: String?, processors: Int) -> Int {
        if let environment, let value = Int(environment), value > 0 {
            return min(value, 1_024)
        }
        return max(1, processors)
    }

    /// Processors this process may run on: the CPUs in its affinity mask (as `nproc` counts them,
    /// respecting `taskset` and container limits), else the online processors.
    static func activeProcessors() -> Int {
        #if os(Linux)
        // glibc declares sched_getaffinity only under _GNU_SOURCE, which the Glibc module does
        // not set: look it up by name (RTLD_DEFAULT is the null handle).
        typealias GetAffinity = @convention(c) (pid_t, Int, UnsafeMutableRawPointer) -> Int32
        if let symbol = dlsym(nil, "sched_getaffinity") {
            var mask = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0),
                        UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))  // 1,024 CPUs
            let count = withUnsafeMutableBytes(of: &mask) { bytes -> Int in
                guard unsafeBitCast(symbol, to: GetAffinity.self)(0, bytes.count, bytes.baseAddress!) == 0 else { return 0 }
                return bytes.reduce(0) { $0 + $1.nonzeroBitCount }
            }
            if count > 0 { return count }
        }
        #endif
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// Chunks a floating-point reduction is split into, whatever the thread count: partial sums
    /// are formed per chunk and added in chunk order, so sums do not change with the machine.
    public static let reductionChunks = 64

    /// `body(chunk)` for every `chunk` in `0..<chunks`, run on at most `threads` threads, returned
    /// in chunk order: the safe form for callers outside the kernels (each chunk returns a value
    /// instead of writing shared memory), deterministic whenever `body` is.
    /// - Complexity: the cost of the slowest worker's chunks plus a few microseconds.
    public static func map<T>(chunks: Int, threads: Int = defaultThreads, _ body: (Int) -> T) -> [T] {
        var results = [T?](repeating: nil, count: chunks)
        results.withUnsafeMutableBufferPointer { slots in
            // Safe: chunk i writes slot i only.
            uncheckedRun(chunks: chunks, threads: threads) { chunk in slots[chunk] = body(chunk) }
        }
        return results.map { $0! }
    }

    /// Runs `body(chunk)` for every `chunk` in `0..<chunks` on at most `threads` threads: worker
    /// `w` runs chunks `w, w + threads, ...` in order. What each chunk computes must not depend on
    /// which worker runs it; the caller combines per-chunk results in chunk order.
    ///
    /// Unchecked, as `uncheckedRun(_:_:)`: each caller states why its chunks write disjoint memory.
    /// - Complexity: the cost of the slowest worker's chunks plus a few microseconds.
    static func uncheckedRun(chunks: Int, threads: Int, _ body: (Int) -> Void) {
        let workers = max(1, min(threads, chunks))
        if workers == 1 { for chunk in 0..<chunks { body(chunk) }; return }
        uncheckedRun(workers) { worker in
            var chunk = worker
            while chunk < chunks { body(chunk); chunk += workers }
        }
    }

    /// Runs `body(part)` for `part` in `0..<parts`, concurrently when `parts > 1`.
    ///
    /// Unchecked, and named so at every call: `body` goes to other threads without `Sendable`
    /// checking, because kernels capture unsafe buffers. Each caller states at the call why it is
    /// safe: parts write disjoint memory (each part owns its slice of the output and its own
    /// scratch) and only read what no part writes.
    /// - Complexity: the cost of the slowest part plus a few microseconds.
    static func uncheckedRun(_ parts: Int, _ body: (Int) -> Void) {
        if parts <= 1 { body(0); return }
        withoutActuallyEscaping(body) { body in
            let shared = unsafeBitCast(body, to: (@Sendable (Int) -> Void).self)
            DispatchQueue.concurrentPerform(iterations: parts, execute: shared)
        }
    }

    /// Splits vertices `0..<n` into `parts` contiguous ranges of about equal work, where vertex `v`
    /// costs `1 + (start[v+1] - start[v])` (itself plus its edges in a CSR row index).
    /// - Complexity: O(parts · log n).
    static func balancedRanges(_ n: Int, start: [Int32], parts: Int) -> [Range<Int>] {
        let parts = max(1, min(parts, max(n, 1)))
        let total = n + Int(start[n])
        var bounds = [0]
        for p in 1..<parts {
            let goal = total * p / parts
            // Smallest v with v + start[v] >= goal.
            var lo = bounds[bounds.count - 1], hi = n
            while lo < hi {
                let mid = (lo + hi) / 2
                if mid + Int(start[mid]) < goal { lo = mid + 1 } else { hi = mid }
            }
            bounds.append(lo)
        }
        bounds.append(n)
        return (0..<parts).map { bounds[$0]..<bounds[$0 + 1] }
    }
}
