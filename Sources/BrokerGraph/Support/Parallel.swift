import Dispatch

/// The one place BrokerGraph runs work on several threads.
///
/// Kernels split their work into a fixed number of parts, give each part its own scratch memory,
/// and combine partial results in part order, so a result depends on the number of parts but never
/// on thread timing.
public enum Parallel {
    /// Parts used when a caller does not say: this machine kind has 2 cores.
    public static let defaultThreads = 2

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
