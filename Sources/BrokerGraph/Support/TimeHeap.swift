/// A binary min-heap of (time, id) pairs, ordered by time then id: the queue of the earliest-arrival
/// sweeps (`EarliestArrival`, `Chains.reach`). Stale entries are the caller's to skip.
struct TimeHeap {
    private var items: [(time: Int64, id: Int32)] = []

    var isEmpty: Bool { items.isEmpty }

    @inline(__always) private static func less(_ a: (time: Int64, id: Int32), _ b: (time: Int64, id: Int32)) -> Bool {
        a.time != b.time ? a.time < b.time : a.id < b.id
    }

    /// - Complexity: O(log n).
    mutating func push(_ time: Int64, _ id: Int32) {
        items.append((time, id))
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard Self.less(items[i], items[parent]) else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    /// The smallest pair, or `nil` when empty. - Complexity: O(log n).
    mutating func pop() -> (time: Int64, id: Int32)? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var smallest = i
                if l < items.count && Self.less(items[l], items[smallest]) { smallest = l }
                if r < items.count && Self.less(items[r], items[smallest]) { smallest = r }
                if smallest == i { break }
                items.swapAt(i, smallest)
                i = smallest
            }
        }
        return top
    }

    /// Empties the heap, keeping its storage for the next sweep.
    mutating func removeAll() { items.removeAll(keepingCapacity: true) }
}
