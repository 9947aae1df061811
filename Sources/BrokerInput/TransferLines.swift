import BrokerCase

/// The byte path for transfers: checks a plain CSV line (`CSVReader.nextPlainLine`) straight from
/// its bytes into a pack, with no Swift string per field.
///
/// It takes only a line it is sure of: every field valid UTF-8 and within the length limit, every
/// value accepted and read exactly as `TransferRow` reads it. It declines any other line (a
/// problem, white space it cannot trim by bytes, ...), which then takes the string path
/// (`TransferRow`), so values, rejections and messages stay those of `TransferRow`.
package struct TransferLines: Sendable {
    /// The file named in the rows' locations.
    package let file: String
    /// The case's time zone, in seconds east of UTC (times without an offset are in it).
    package let offsetSeconds: Int

    package init(file: String, offsetSeconds: Int) {
        self.file = file
        self.offsetSeconds = offsetSeconds
    }

    /// Checks a plain line of a transfers file laid out as `layout` and appends it to `pack`;
    /// `false` (and the pack unchanged) when the line must take the string path.
    /// - Complexity: O(bytes in the line).
    package func append(_ bytes: UnsafeBufferPointer<UInt8>, line: Int, layout: TableReader.Layout,
                        to pack: PackedTransfers) -> Bool {
        let columns = TransferRow.schema.columns.count
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * columns) { span -> Bool in
            // Per schema column: the trimmed value's start and end in `bytes` (start -1: none).
            for c in 0..<columns { span[2 * c] = -1 }
            var ascii = 0   // bit per schema column: the value is ASCII
            let delimiter = layout.delimiter
            var field = 0, start = 0
            while true {
                var end = start, high: UInt8 = 0
                while end < bytes.count && bytes[end] != delimiter {
                    high |= bytes[end]
                    end += 1
                }
                guard field < layout.slot.count, end - start <= CSVReader.maxFieldBytes,
                      high < 0x80 || Self.isValidUTF8(bytes, start, end) else { return false }
                let column = layout.slot[field]
                if column >= 0 && end > start {
                    guard let (s, e) = Self.trimmed(bytes, start, end, ascii: high < 0x80) else { return false }
                    if e > s { span[2 * column] = s; span[2 * column + 1] = e }
                    if high < 0x80 { ascii |= 1 << column }
                }
                field += 1
                if end == bytes.count { break }
                start = end + 1
            }
            guard field == layout.slot.count else { return false }
            func value(_ column: Int) -> UnsafeBufferPointer<UInt8>? {
                let s = span[2 * column]
                return s < 0 ? nil : UnsafeBufferPointer(rebasing: bytes[s..<span[2 * column + 1]])
            }
            // The columns of `TransferRow.schema`, in its order.
            guard let timeText = value(1), let from = value(2), let to = value(3), let recordsText = value(4),
                  let categoryText = value(5),
                  let time = try? CaseTime.parse(utf8: timeText, offsetSeconds: offsetSeconds),
                  !Self.same(from, to, ascii: ascii & 0b1100 == 0b1100),
                  let records = try? Number.count(utf8: recordsText),
                  let category = Self.category(categoryText) else { return false }
            var mode = Self.modes[TransferMode.provide.index]
            if let modeText = value(6) {
                guard let named = Self.mode(modeText) else { return false }
                mode = named
            }
            var amountFen: Int64?
            if let amountText = value(7) {
                guard let fen = try? Number.fen(utf8: amountText) else { return false }
                amountFen = fen
            }
            pack.append(line: line, time: time, records: records, amountFen: amountFen) { text in
                switch text {
                case .id: value(0)
                case .time: timeText
                case .from: from
                case .to: to
                case .category: category
                case .mode: mode
                case .batch: value(8)
                case .channel: value(9)
                case .evidence: value(10)
                case .note: value(11)
                }
            }
            return true
        }
    }

    /// Whether `from` and `to` name the same party as `String`'s `==` tells (canonical equivalence):
    /// byte for byte when both are ASCII, or hold only ASCII and CJK unified ideographs, which
    /// have no other canonically equivalent spelling; else by comparing them as strings.
    static func same(_ from: UnsafeBufferPointer<UInt8>, _ to: UnsafeBufferPointer<UInt8>, ascii: Bool) -> Bool {
        if equal(from, to) { return true }
        if ascii || (isIdeographic(from) && isIdeographic(to)) { return false }
        return String(decoding: from, as: UTF8.self) == String(decoding: to, as: UTF8.self)
    }

    /// Whether valid UTF-8 holds only ASCII and CJK unified ideographs (U+4E00...U+9FFF).
    static func isIdeographic(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            guard b >= 0xE0 && b < 0xF0 else { return false }
            let scalar = UInt32(b & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
            guard scalar >= 0x4E00 && scalar <= 0x9FFF else { return false }
            i += 3
        }
        return true
    }

    /// Whether `bytes[start..<end]` is valid UTF-8 (what `String(validating:)` accepts).
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        func continuation(_ i: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
            i < end && bytes[i] >= low && bytes[i] <= high
        }
        var i = start
        while i < end {
            let b = bytes[i]
            switch b {
            case 0x00..<0x80: i += 1
            case 0xC2..<0xE0:
                guard continuation(i + 1) else { return false }
                i += 2
            case 0xE0..<0xF0:
                let (low, high): (UInt8, UInt8) = b == 0xE0 ? (0xA0, 0xBF) : b == 0xED ? (0x80, 0x9F) : (0x80, 0xBF)
                guard continuation(i + 1, low, high), continuation(i + 2) else { return false }
                i += 3
            case 0xF0..<0xF5:
                let (low, high): (UInt8, UInt8) = b == 0xF0 ? (0x90, 0xBF) : b == 0xF4 ? (0x80, 0x8F) : (0x80, 0xBF)
                guard continuation(i + 1, low, high), continuation(i + 2), continuation(i + 3) else { return false }
                i += 4
            default: return false
            }
        }
        return true
    }

    /// `bytes[start..<end]` (valid UTF-8, not empty) trimmed as `String.trimmingWhitespace()` trims
    /// it: ASCII text by bytes; other text only when neither end can be white space; else `nil`.
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, ascii: Bool) -> (Int, Int)? {
        let first = bytes[start], last = bytes[end - 1]
        if first > 0x20 && first < 0x80 && last > 0x20 && last < 0x80 { return (start, end) }
        if ascii {
            // Each ASCII byte is a character here (a plain line holds no CR LF).
            func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
            var s = start, e = end
            while s < e && isSpace(bytes[s]) { s += 1 }
            while e > s && isSpace(bytes[e - 1]) { e -= 1 }
            return (s, e)
        }
        // The test of `trimmingWhitespace()`'s second fast path, on the first and last scalars.
        var back = end - 1
        while bytes[back] & 0xC0 == 0x80 { back -= 1 }
        let firstScalar = scalar(bytes, start), lastScalar = scalar(bytes, back)
        if !String.isSpace(firstScalar)
            && ((lastScalar > 0x20 && lastScalar < 0x7F) || (lastScalar >= 0x3001 && lastScalar < 0xFE00)
                || (lastScalar >= 0xFE10 && lastScalar < 0xE0000)) {
            return (start, end)
        }
        return nil
    }

    /// The scalar whose valid UTF-8 starts at `i`.
    static func scalar(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt32 {
        let b = UInt32(bytes[i])
        switch b {
        case 0..<0x80: return b
        case 0xC0..<0xE0: return (b & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
        case 0xE0..<0xF0: return (b & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
        default:
            return (b & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6
                | UInt32(bytes[i + 3] & 0x3F)
        }
    }

    /// A name as UTF-8 in memory that lives as long as the program.
    private static func utf8(_ text: String) -> UnsafeBufferPointer<UInt8> {
        let memory = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: text.utf8.count)
        _ = memory.initialize(from: text.utf8)
        return UnsafeBufferPointer(memory)
    }

    /// Each category's name as stored, in the order of `Category.allCases`.
    nonisolated(unsafe) private static let categories = Category.allCases.map { utf8($0.rawValue) }
    /// Each category's Chinese term, in the same order.
    nonisolated(unsafe) private static let terms = Category.allCases.map { utf8($0.chineseTerm) }
    /// Each mode's name, in the order of `TransferMode.allCases`.
    nonisolated(unsafe) private static let modes = TransferMode.allCases.map { utf8($0.rawValue) }

    /// Whether two byte strings are equal.
    @inline(__always) static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        a.count == b.count && a.elementsEqual(b)
    }

    /// The stored name of the category `text` names, as `Category(parsing:)` reads it; `nil` when none.
    static func category(_ text: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        for i in 0..<categories.count where equal(categories[i], text) || equal(terms[i], text) { return categories[i] }
        return Category(parsing: String(decoding: text, as: UTF8.self)).map { categories[$0.index] }
    }

    /// The stored name of the mode `text` names, as `TransferRow` reads it; `nil` when none.
    static func mode(_ text: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        if let known = modes.first(where: { equal($0, text) }) { return known }
        let string = String(decoding: text, as: UTF8.self)
        return (TransferMode(rawValue: string) ?? TransferMode(rawValue: string.lowercased())).map { modes[$0.index] }
    }
}

extension CaseIterable where Self: Equatable, AllCases == [Self] {
    /// The case's position in `allCases`.
    fileprivate var index: Int { Self.allCases.firstIndex(of: self)! }
}
