import BrokerIdentity
import Foundation

/// Party keys and aliases to party ids, for the ingest: open addressing with linear probing on a
/// cheap hash of the name's UTF-8 bytes, looked up by bytes. An ingest looks up two names per
/// transfer; a `Dictionary` of strings (seeded SipHash, a string per name) and a second table of
/// what each name reads as were its largest costs beside SQLite (measured). One entry holds the
/// name, its party and what it reads as, so a lookup touches one place in memory.
///
/// The hash is seeded per process, so names chosen to collide cannot be prepared in advance.
/// Names are never removed: an id can only be replaced (`replace(_:with:)`).
final class NameTable {
    private struct Entry {
        var name: String?
        var id: Int64 = 0
        /// What the name reads as in a transfer (`Identifier.detect`): 0 not read yet, -1 nothing,
        /// n > 0 `readings[n - 1]`.
        var reading: Int32 = 0
    }

    // One thread at a time uses a table (the ingest's): no run-time exclusivity checks per access.
    @exclusivity(unchecked) private var entries = Slots(count: 1024)
    @exclusivity(unchecked) private var readings: [Identifier] = []
    /// Names held.
    @exclusivity(unchecked) private(set) var count = 0

    private static let seed = UInt64.random(in: 0 ... .max)

    /// The id `name` stands for, if any. - Complexity: O(length of the name), expected.
    subscript(name: String) -> Int64? { Self.withBytes(name) { id(at: slot(of: $0)) } }

    /// Makes `name` stand for `id` (replacing what it stood for).
    func set(_ name: String, _ id: Int64) {
        let slot = Self.withBytes(name) { self.slot(of: $0) }
        if entries.base[slot].name == nil { insert(name, id, at: slot) } else { entries.base[slot].id = id }
    }

    /// Makes every name that stands for `old` stand for `new` (a merge of two parties).
    /// - Complexity: O(capacity).
    func replace(_ old: Int64, with new: Int64) {
        for slot in 0..<entries.count where entries.base[slot].name != nil && entries.base[slot].id == old { entries.base[slot].id = new }
    }

    /// The slot holding the name with these UTF-8 bytes, or the empty slot where it would go.
    func slot(of name: UnsafeBufferPointer<UInt8>) -> Int {
        let mask = entries.count - 1
        var slot = Self.hash(name) & mask
        while let held = entries.base[slot].name, !Self.equal(held, name) { slot = (slot + 1) & mask }
        return slot
    }

    /// Starts fetching the slot where the name with these bytes would be looked up first, so a
    /// lookup of it a little later finds it in cache (the lookups' cache misses were the largest
    /// cost of the storing thread beside SQLite, measured).
    func prefetch(_ name: UnsafeBufferPointer<UInt8>) {
        let slot = Self.hash(name) & (entries.count - 1)
        BrokerStore.prefetch(entries.base + slot)
    }

    /// The id of the name in `slot`, `nil` for an empty slot.
    func id(at slot: Int) -> Int64? { entries.base[slot].name == nil ? nil : entries.base[slot].id }

    /// Puts `name`, not held, in the empty `slot` that `slot(of:)` gave; returns its slot (another
    /// when the table grew).
    @discardableResult
    func insert(_ name: String, _ id: Int64, at slot: Int) -> Int {
        var slot = slot
        if 2 * (count + 1) > entries.count {
            grow()
            slot = Self.withBytes(name) { self.slot(of: $0) }
        }
        entries.base[slot] = Entry(name: name, id: id)
        count += 1
        return slot
    }

    /// What the name in `slot` reads as (`Identifier.detect`), read once per name.
    func reading(at slot: Int) -> Identifier? {
        switch entries.base[slot].reading {
        case 0:
            guard let identifier = Identifier.detect(entries.base[slot].name ?? "") else {
                entries.base[slot].reading = -1
                return nil
            }
            readings.append(identifier)
            entries.base[slot].reading = Int32(readings.count)
            return identifier
        case -1: return nil
        case let n: return readings[Int(n) - 1]
        }
    }

    private func grow() {
        let old = entries
        entries = Slots(count: 2 * old.count)
        for entry in UnsafeBufferPointer(start: old.base, count: old.count) {
            guard let name = entry.name else { continue }
            entries.base[Self.withBytes(name) { slot(of: $0) }] = entry
        }
    }

    /// The slots' memory. A large table goes on 2 MiB pages where the system allows it: its
    /// random slots then miss the processor's cache of page addresses far less often (at 1M names
    /// the 4 KiB pages made the fetch of a slot most of the time of a lookup, measured).
    private final class Slots {
        let base: UnsafeMutablePointer<Entry>
        let count: Int
        private static let hugePage = 2 << 20

        init(count: Int) {
            self.count = count
            let bytes = count * MemoryLayout<Entry>.stride
            let large = bytes >= Self.hugePage
            var memory: UnsafeMutableRawPointer?
            guard posix_memalign(&memory, large ? Self.hugePage : 64, bytes) == 0, let memory else {
                fatalError("out of memory for \(count) name slots")
            }
            #if os(Linux)
            if large { _ = madvise(memory, bytes, MADV_HUGEPAGE) }
            #endif
            base = memory.bindMemory(to: Entry.self, capacity: count)
            base.initialize(repeating: Entry(), count: count)
        }

        deinit {
            base.deinitialize(count: count)
            free(base)
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
