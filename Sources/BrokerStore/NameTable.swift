import BrokerIdentity

/// Party keys and aliases to party ids, for the ingest: open addressing with linear probing on a
/// cheap hash of the name's UTF-8 bytes, looked up by bytes. An ingest looks up two names per
/// transfer; a `Dictionary` of strings (seeded SipHash, a string per name) and a second table of
/// what each name reads as were its largest costs beside SQLite (measured). One entry holds the
/// name, its party and what it reads as, so a lookup touches one place in memory.
///
/// The hash is seeded per process, so names chosen to collide cannot be prepared in advance.
/// Names are never removed: an id can only be replaced (`replace(_:with:)`).
struct NameTable {
    private struct Entry {
        var name: String?
        var id: Int64 = 0
        /// What the name reads as in a transfer (`Identifier.detect`): 0 not read yet, -1 nothing,
        /// n > 0 `readings[n - 1]`.
        var reading: Int32 = 0
    }

    private var entries = [Entry](repeating: Entry(), count: 1024)
    private var readings: [Identifier] = []
    /// Names held.
    private(set) var count = 0

    private static let seed = UInt64.random(in: 0 ... .max)

    /// The id `name` stands for, if any. - Complexity: O(length of the name), expected.
    subscript(name: String) -> Int64? { Self.withBytes(name) { id(at: slot(of: $0)) } }

    /// Makes `name` stand for `id` (replacing what it stood for).
    mutating func set(_ name: String, _ id: Int64) {
        let slot = Self.withBytes(name) { self.slot(of: $0) }
        if entries[slot].name == nil { insert(name, id, at: slot) } else { entries[slot].id = id }
    }

    /// Makes every name that stands for `old` stand for `new` (a merge of two parties).
    /// - Complexity: O(capacity).
    mutating func replace(_ old: Int64, with new: Int64) {
        for slot in entries.indices where entries[slot].name != nil && entries[slot].id == old { entries[slot].id = new }
    }

    /// The slot holding the name with these UTF-8 bytes, or the empty slot where it would go.
    func slot(of name: UnsafeBufferPointer<UInt8>) -> Int {
        let mask = entries.count - 1
        var slot = Self.hash(name) & mask
        while let held = entries[slot].name, !Self.equal(held, name) { slot = (slot + 1) & mask }
        return slot
    }

    /// Starts fetching the slot where the name with these bytes would be looked up first, so a
    /// lookup of it a little later finds it in cache (the lookups' cache misses were the largest
    /// cost of the storing thread beside SQLite, measured).
    func prefetch(_ name: UnsafeBufferPointer<UInt8>) {
        let slot = Self.hash(name) & (entries.count - 1)
        entries.withUnsafeBufferPointer { BrokerStore.prefetch($0.baseAddress! + slot) }
    }

    /// The id of the name in `slot`, `nil` for an empty slot.
    func id(at slot: Int) -> Int64? { entries[slot].name == nil ? nil : entries[slot].id }

    /// Puts `name`, not held, in the empty `slot` that `slot(of:)` gave; returns its slot (another
    /// when the table grew).
    @discardableResult
    mutating func insert(_ name: String, _ id: Int64, at slot: Int) -> Int {
        var slot = slot
        if 2 * (count + 1) > entries.count {
            grow()
            slot = Self.withBytes(name) { self.slot(of: $0) }
        }
        entries[slot] = Entry(name: name, id: id)
        count += 1
        return slot
    }

    /// What the name in `slot` reads as (`Identifier.detect`), read once per name.
    mutating func reading(at slot: Int) -> Identifier? {
        switch entries[slot].reading {
        case 0:
            guard let identifier = Identifier.detect(entries[slot].name ?? "") else {
                entries[slot].reading = -1
                return nil
            }
            readings.append(identifier)
            entries[slot].reading = Int32(readings.count)
            return identifier
        case -1: return nil
        case let n: return readings[Int(n) - 1]
        }
    }

    private mutating func grow() {
        let old = entries
        entries = [Entry](repeating: Entry(), count: 2 * old.count)
        for entry in old {
            guard let name = entry.name else { continue }
            entries[Self.withBytes(name) { slot(of: $0) }] = entry
        }
    }

    private static func withBytes<R>(_ name: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        var name = name
        return name.withUTF8(body)
    }

    private static func equal(_ held: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        held.utf8.count == bytes.count && withBytes(held) { $0.elementsEqual(bytes) }
    }

    /// FNV-1a over the bytes from a per-process seed, with a final mix so the low bits (the slot)
    /// depend on every byte.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var h = seed ^ 0xcbf2_9ce4_8422_2325
        for byte in bytes { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        h ^= h >> 32
        h = h &* 0xd6e8_feb8_6659_fd93
        h ^= h >> 32
        return Int(truncatingIfNeeded: h)
    }
}
