/// Party keys and aliases to party ids, for the ingest: open addressing with linear probing on a
/// cheap hash of the name's UTF-8 bytes. An ingest looks up two names per transfer, and a
/// `Dictionary`'s seeded SipHash was its largest single cost (6% of the time, measured).
///
/// The hash is seeded per process, so names chosen to collide cannot be prepared in advance.
/// Names are never removed: an id can only be replaced (`replace(_:with:)`).
struct NameTable {
    private var names: [String?]
    private var ids: [Int64]
    private var mask: Int
    /// Names held.
    private(set) var count = 0

    private static let seed = UInt64.random(in: 0 ... .max) | 1

    init() {
        names = [String?](repeating: nil, count: 1024)
        ids = [Int64](repeating: 0, count: 1024)
        mask = 1023
    }

    /// The id `name` stands for, if any. - Complexity: O(length of the name), expected.
    subscript(name: String) -> Int64? {
        let slot = self.slot(of: name)
        return names[slot] == nil ? nil : ids[slot]
    }

    /// Makes `name` stand for `id` (replacing what it stood for).
    mutating func set(_ name: String, _ id: Int64) {
        var slot = self.slot(of: name)
        if names[slot] == nil {
            if 2 * (count + 1) > names.count {
                grow()
                slot = self.slot(of: name)
            }
            names[slot] = name
            count += 1
        }
        ids[slot] = id
    }

    /// Makes every name that stands for `old` stand for `new` (a merge of two parties).
    /// - Complexity: O(capacity).
    mutating func replace(_ old: Int64, with new: Int64) {
        for slot in ids.indices where names[slot] != nil && ids[slot] == old { ids[slot] = new }
    }

    /// The slot holding `name`, or the empty slot where it would go.
    private func slot(of name: String) -> Int {
        var slot = Self.hash(name) & mask
        while let held = names[slot], held != name { slot = (slot + 1) & mask }
        return slot
    }

    private mutating func grow() {
        let old = (names, ids)
        names = [String?](repeating: nil, count: 2 * old.0.count)
        ids = [Int64](repeating: 0, count: 2 * old.0.count)
        mask = names.count - 1
        for (name, id) in zip(old.0, old.1) {
            guard let name else { continue }
            let slot = slot(of: name)
            names[slot] = name
            ids[slot] = id
        }
    }

    /// FNV-1a over the bytes from a per-process seed, with a final mix so the low bits (the slot)
    /// depend on every byte.
    private static func hash(_ name: String) -> Int {
        var h = seed
        for byte in name.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        h ^= h >> 32
        h = h &* 0xd6e8_feb8_6659_fd93
        h ^= h >> 32
        return Int(truncatingIfNeeded: h)
    }
}
