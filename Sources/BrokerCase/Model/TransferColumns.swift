import Foundation

/// The text of one transfer that analyses do not compute with: what a command prints about a row.
public struct TransferText: Sendable, Equatable {
    public var label: String
    public var source: SourceLocation
    public var timeText: String
    public var channel: String?
    public var evidence: String?
    public var note: String?
    public init(label: String, source: SourceLocation, timeText: String, channel: String? = nil,
                evidence: String? = nil, note: String? = nil) {
        self.label = label; self.source = source; self.timeText = timeText; self.channel = channel
        self.evidence = evidence; self.note = note
    }
}

/// Where a compact table's text columns come from (the case file, read by row when a command
/// prints that row). Implementations must be safe to call from any thread.
public protocol TransferTextSource: AnyObject, Sendable {
    /// The text of row `row` (edge `row` of the case graph).
    func text(at row: Int) -> TransferText
    /// Row `row`'s label alone (`text(at:).label` unless the source has a cheaper way): analyses
    /// that name the rows behind a figure (screening, exposure) ask for many labels.
    func label(at row: Int) -> String
    /// Where row `row` was read (`text(at:).source` unless the source has a cheaper way).
    func source(at row: Int) -> SourceLocation
}

extension TransferTextSource {
    public func label(at row: Int) -> String { text(at: row).label }
    public func source(at row: Int) -> SourceLocation { text(at: row).source }
}

/// A text column of `TransferTable`: held in memory (a loaded or built table), or read by row
/// from a `TransferTextSource` (a compact load, which holds no text).
public struct TextColumn<Value: Sendable>: RandomAccessCollection, Sendable {
    private var values: [Value] = []
    private var fetched: (@Sendable (Int) -> Value)?
    public private(set) var count = 0

    init() {}

    /// A column whose row `i` is `fetch(i)`.
    init(fetch: @escaping @Sendable (Int) -> Value) {
        fetched = fetch
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    /// Row `i`'s value. - Complexity: O(1) in memory; one lookup in the source when fetched.
    public subscript(position: Int) -> Value {
        precondition(position >= 0 && position < count, "row out of range")
        if let fetched { return fetched(position) }
        return values[position]
    }

    mutating func append(_ value: Value) {
        precondition(fetched == nil, "a compact table holds no text: rows are added with appendCompact")
        values.append(value)
        count += 1
    }

    /// One more row, whose value the source holds.
    mutating func appendFetched() { count += 1 }

    mutating func reserve(_ n: Int) { if fetched == nil { values.reserveCapacity(n) } }
}

extension TextColumn: Equatable where Value: Equatable {
    public static func == (a: TextColumn, b: TextColumn) -> Bool { a.elementsEqual(b) }
}

/// The batch column of `TransferTable`: each distinct batch name stored once, rows hold its id.
public struct BatchColumn: RandomAccessCollection, Sendable, Equatable {
    /// Per row: index into `names`, or -1 for a row without a batch.
    public private(set) var ids: [Int32] = []
    /// Distinct batch names, in order of first appearance.
    public private(set) var names: [String] = []
    /// Finds a name's id by its UTF-8 bytes (a compact load hands bytes, not strings).
    private var lookup = NameLookup()

    public var startIndex: Int { 0 }
    public var endIndex: Int { ids.count }

    /// Row `i`'s batch, if it has one. - Complexity: O(1).
    public subscript(position: Int) -> String? {
        let id = ids[position]
        return id < 0 ? nil : names[Int(id)]
    }

    /// Adds a row. - Complexity: amortised O(length of the name).
    mutating func append(_ batch: String?) {
        guard let batch else { ids.append(-1); return }
        var utf8 = batch
        utf8.withUTF8 { append(utf8: $0, name: batch) }
    }

    /// Adds a row whose batch name is `bytes` (UTF-8), or `nil` for none.
    /// - Complexity: amortised O(bytes.count); a `String` is made only for a name not seen before.
    mutating func append(utf8 bytes: UnsafeBufferPointer<UInt8>?) {
        guard let bytes else { ids.append(-1); return }
        append(utf8: bytes, name: nil)
    }

    private mutating func append(utf8 bytes: UnsafeBufferPointer<UInt8>, name: String?) {
        if lookup.isEmpty && !names.isEmpty {
            for (id, name) in names.enumerated() { var name = name; name.withUTF8 { lookup.insert($0, id: Int32(id)) } }
        }
        if let id = lookup.find(bytes) { ids.append(id); return }
        let id = Int32(names.count)
        names.append(name ?? String(decoding: bytes, as: UTF8.self))
        lookup.insert(bytes, id: id)
        ids.append(id)
    }

    mutating func reserve(_ n: Int) { ids.reserveCapacity(n) }

    /// Frees the name lookup that appending needs: a table that is done growing only reads names
    /// by id (the next append rebuilds it).
    mutating func dropLookup() { lookup = NameLookup() }

    public static func == (a: BatchColumn, b: BatchColumn) -> Bool { a.elementsEqual(b) }
}

/// The hash of names looked up by their UTF-8 bytes (batch names here, party names in the
/// ingest's table): FNV-1a from a per-process seed, so names chosen to collide cannot be prepared
/// in advance, with a final mix so the low bits (the slot) depend on every byte.
package enum NameHash {
    private static let seed = UInt64.random(in: 0 ... .max)

    package static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var h = seed ^ 0xcbf2_9ce4_8422_2325
        for byte in bytes { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        h ^= h >> 32
        h = h &* 0xd6e8_feb8_6659_fd93
        h ^= h >> 32
        return Int(truncatingIfNeeded: h)
    }
}

/// Distinct byte strings and their ids: an open-addressing hash table (`NameHash`, linear
/// probing) over one buffer of the strings' bytes. Faster than a `[String: Int32]` for interning
/// millions of names read as bytes (no `String` per lookup, no SipHash), and about 20 bytes per name.
struct NameLookup: Sendable {
    /// Slot -> id + 1 (0: empty). Capacity a power of two, at most half full.
    private var slots: [Int32] = []
    /// The bytes of name `id`: `bytes[ends[id - 1]..<ends[id]]` (from 0 for id 0).
    private var bytes: [UInt8] = []
    private var ends: [Int] = []

    var isEmpty: Bool { ends.isEmpty }

    private func matches(_ id: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = id == 0 ? 0 : ends[id - 1]
        guard ends[id] - start == key.count else { return false }
        return bytes.withUnsafeBufferPointer { all in
            key.isEmpty || memcmp(all.baseAddress! + start, key.baseAddress!, key.count) == 0
        }
    }

    /// The id of `key`, if inserted. - Complexity: O(key.count) expected.
    func find(_ key: UnsafeBufferPointer<UInt8>) -> Int32? {
        guard !slots.isEmpty else { return nil }
        let mask = slots.count - 1
        var i = NameHash.hash(key) & mask
        while slots[i] != 0 {
            let id = Int(slots[i]) - 1
            if matches(id, key) { return Int32(id) }
            i = (i + 1) & mask
        }
        return nil
    }

    /// Adds `key` (not present) as `id`, the next id. - Complexity: amortised O(key.count).
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>, id: Int32) {
        precondition(Int(id) == ends.count, "ids are given in order")
        bytes.append(contentsOf: key)
        ends.append(bytes.count)
        if 2 * ends.count > slots.count { grow() } else { place(Int(id)) }
    }

    private mutating func place(_ id: Int) {
        let start = id == 0 ? 0 : ends[id - 1]
        let mask = slots.count - 1
        var i = bytes.withUnsafeBufferPointer { all in
            NameHash.hash(UnsafeBufferPointer(rebasing: all[start..<ends[id]])) & mask
        }
        while slots[i] != 0 { i = (i + 1) & mask }
        slots[i] = Int32(id + 1)
    }

    private mutating func grow() {
        var capacity = 16
        while capacity < 4 * ends.count { capacity *= 2 }
        slots = [Int32](repeating: 0, count: capacity)
        for id in ends.indices { place(id) }
    }
}

/// The time column of `TransferTable`: each row's interval as two integer columns, which the
/// time-respecting algorithms read directly (`CaseData.edgeTimes` shares them, no copy).
public struct TimeColumn: RandomAccessCollection, Sendable, Equatable {
    public private(set) var earliest: [Int64] = []
    public private(set) var latest: [Int64] = []

    public var startIndex: Int { 0 }
    public var endIndex: Int { earliest.count }

    /// Row `i`'s interval. - Complexity: O(1).
    public subscript(position: Int) -> TimeSpan { TimeSpan(earliest: earliest[position], latest: latest[position]) }

    mutating func append(_ span: TimeSpan) { earliest.append(span.earliest); latest.append(span.latest) }

    mutating func reserve(_ n: Int) { earliest.reserveCapacity(n); latest.reserveCapacity(n) }
}

/// The amount column of `TransferTable`: fen, or `nil` for a row without an amount, in 8 bytes
/// a row (an array of `Int64?` takes 16).
public struct AmountColumn: RandomAccessCollection, Sendable, Equatable {
    /// `Int64.min` marks a row without an amount: no amount reaches it (amounts are at most
    /// 18 digits of fen and not negative).
    private static let missing = Int64.min
    private var fen: [Int64] = []

    public var startIndex: Int { 0 }
    public var endIndex: Int { fen.count }

    /// Row `i`'s amount in fen, if it has one. - Complexity: O(1).
    public subscript(position: Int) -> Int64? {
        let value = fen[position]
        return value == Self.missing ? nil : value
    }

    mutating func append(_ amount: Int64?) {
        precondition(amount != Self.missing, "amount out of range")
        fen.append(amount ?? Self.missing)
    }

    mutating func reserve(_ n: Int) { fen.reserveCapacity(n) }
}
