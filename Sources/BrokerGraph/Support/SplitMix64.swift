/// A small, fast, seedable pseudo-random generator (Steele, Lea and Flood 2014, "Fast splittable
/// pseudorandom number generators", OOPSLA), used wherever an algorithm needs randomness so that
/// results depend only on the seed passed in, never on the platform's generator.
///
/// Not for cryptography.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    @usableFromInline var state: UInt64

    /// A generator whose whole output is determined by `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits. - Complexity: O(1).
    @inlinable public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0..<bound` (Lemire's multiply-shift; bias below 2^-32 for the bounds used here).
    /// - Complexity: O(1).
    @inlinable public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// `0..<n` in an order drawn uniformly at random (Fisher-Yates). - Complexity: O(n).
    public mutating func permutation(_ n: Int) -> [Int32] {
        var order = Array(0..<Int32(n))
        var i = n - 1
        while i > 0 {
            order.swapAt(i, below(i + 1))
            i -= 1
        }
        return order
    }

    /// `k` distinct values from `0..<n`, drawn uniformly without replacement and returned sorted
    /// (partial Fisher-Yates). - Complexity: O(n + k log k).
    public mutating func sample(_ k: Int, from n: Int) -> [Int32] {
        let k = min(max(k, 0), n)
        var pool = Array(0..<Int32(n))
        for i in 0..<k { pool.swapAt(i, i + below(n - i)) }
        return pool[0..<k].sorted()
    }
}
