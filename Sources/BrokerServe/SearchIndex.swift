import BrokerCase
import Foundation

/// Finds parties by id, name, alias (phone numbers, accounts) as one types.
///
/// Every party's searchable texts are lower-cased and laid end to end in one byte buffer, separated
/// by a newline, with the start offset of each text and the party it belongs to. A query is one
/// `memchr`/`memcmp` scan of that buffer (gigabytes per second), so a case of a million parties answers in
/// milliseconds without a per-party loop over Swift strings.
struct SearchIndex: Sendable {
    /// One search result: the party, how the query matched, and the text it matched.
    struct Hit: Sendable, Equatable {
        var party: Int32
        /// 0: the whole text; 1: the start of the text; 2: inside it.
        var rank: Int
        /// Which text matched: `id`, `name` or `alias`.
        var field: String
        var text: String
    }

    private let buffer: [UInt8]
    private let starts: [Int]
    private let owners: [Int32]
    private let fields: [UInt8]
    /// Records in + out per party: busier parties rank first among equal matches.
    private let weight: [Int64]

    static let fieldNames = ["id", "name", "alias"]

    /// - Complexity: O(total length of ids, names and aliases).
    init(_ data: CaseData, roles: [PartyRole]) {
        var buffer: [UInt8] = [], starts: [Int] = [], owners: [Int32] = [], fields: [UInt8] = []
        for (v, party) in data.parties.enumerated() {
            func add(_ text: String, _ field: UInt8) {
                let lower = SearchIndex.fold(text)
                guard !lower.isEmpty else { return }
                starts.append(buffer.count); owners.append(Int32(v)); fields.append(field)
                buffer += lower.utf8.map { $0 == 0x0A ? 0x20 : $0 }
                buffer.append(0x0A)
            }
            add(party.key, 0)
            if party.name != party.key { add(party.name, 1) }
            for alias in party.aliases { add(alias, 2) }
        }
        starts.append(buffer.count)
        self.buffer = buffer; self.starts = starts; self.owners = owners; self.fields = fields
        weight = roles.map { $0.inRecords &+ $0.outRecords }
    }

    /// The form texts and queries are compared in: lower case, no surrounding spaces.
    static func fold(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() }

    /// The first position at or after `start` where `needle` occurs in `hay`: `memchr` finds candidates
    /// for the first byte, `memcmp` checks the rest (memmem is not in Glibc's Swift module).
    static func find(_ needle: UnsafeRawBufferPointer, in hay: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard let base = hay.baseAddress, let pin = needle.baseAddress, needle.count > 0 else { return nil }
        let first = Int32(needle[0])
        var at = start
        while at + needle.count <= hay.count {
            guard let hit = memchr(base + at, first, hay.count - needle.count + 1 - at) else { return nil }
            at = base.distance(to: UnsafeRawPointer(hit))
            if memcmp(base + at, pin, needle.count) == 0 { return at }
            at += 1
        }
        return nil
    }

    /// The best `limit` parties for `query`, one hit per party: whole-text matches first, then
    /// prefixes, then substrings; within a rank the party with more records first, then by vertex.
    /// - Complexity: O(parties + buffer length + matching texts · log(gap between them)).
    func search(_ query: String, limit: Int = 20) -> [Hit] {
        let needle = Array(SearchIndex.fold(query).utf8)
        guard !needle.isEmpty, !needle.contains(0x0A) else { return [] }
        // Best match per party: a rank per vertex, and the vertices touched (reset-free scratch).
        var rankOf = [UInt8](repeating: .max, count: weight.count)
        var entryOf = [Int32](repeating: -1, count: weight.count)
        var touched: [Int32] = []
        buffer.withUnsafeBytes { hay in
            needle.withUnsafeBytes { pin in
                var offset = 0, lo = 0
                let last = starts.count - 2
                while let at = SearchIndex.find(pin, in: hay, from: offset) {
                    // The text holding the match: the last start at or before it. Matches come in
                    // order, so gallop forward from the previous one, then bisect.
                    var step = 1
                    while lo + step <= last && starts[lo + step] <= at { lo += step; step *= 2 }
                    var hi = min(lo + step, last)
                    while lo < hi { let mid = (lo + hi + 1) / 2; if starts[mid] <= at { lo = mid } else { hi = mid - 1 } }
                    let length = starts[lo + 1] - 1 - starts[lo]
                    let rank: UInt8 = at == starts[lo] ? (needle.count == length ? 0 : 1) : 2
                    let v = owners[lo]
                    if rankOf[Int(v)] == .max { touched.append(v) }
                    if rank < rankOf[Int(v)] { rankOf[Int(v)] = rank; entryOf[Int(v)] = Int32(lo) }
                    // The first match in a text is its best: go on with the next text.
                    offset = starts[lo + 1]
                }
            }
        }
        func before(_ a: Int32, _ b: Int32) -> Bool {
            (rankOf[Int(a)], -weight[Int(a)], a) < (rankOf[Int(b)], -weight[Int(b)], b)
        }
        // Top `limit` by insertion into a short sorted list: O(touched · limit) at worst, O(touched) usually.
        var top: [Int32] = []
        for v in touched where top.count < limit || before(v, top[top.count - 1]) {
            let i = top.firstIndex { before(v, $0) } ?? top.count
            top.insert(v, at: i)
            if top.count > limit { top.removeLast() }
        }
        return top.map { v in
            let entry = Int(entryOf[Int(v)])
            let bytes = buffer[starts[entry]..<(starts[entry + 1] - 1)]
            return Hit(party: v, rank: Int(rankOf[Int(v)]), field: SearchIndex.fieldNames[Int(fields[entry])],
                       text: String(decoding: bytes, as: UTF8.self))
        }
    }
}
