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
    /// The text of the rows `rows`, in order, without keeping it (a command that writes every row
    /// reads the case a run of rows at a time: `text(at:)` row by row unless the source has a cheaper way).
    func texts(_ rows: Range<Int>) -> [TransferText]
}

extension TransferTextSource {
    public func label(at row: Int) -> String { text(at: row).label }
    public func source(at row: Int) -> SourceLocation { text(at: row).source }
    public func texts(_ rows: Range<Int>) -> [TransferText] { rows.map(text(at:)) }
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

    /// Rows `rows` of this column, in that order; a column read by row still reads from its
    /// source (row `i` is this column's row `rows[i]`). - Complexity: O(rows.count).
    func selecting(_ rows: [Int]) -> TextColumn {
        var column = TextColumn()
        if let fetched {
            column.fetched = { fetched(rows[$0]) }
        } else {
            column.values = rows.map { values[$0] }
        }
        column.count = rows.count
        return column
    }
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
    private var index: [String: Int32] = [:]

    public var startIndex: Int { 0 }
    public var endIndex: Int { ids.count }

    /// Row `i`'s batch, if it has one. - Complexity: O(1).
    public subscript(position: Int) -> String? {
        let id = ids[position]
        return id < 0 ? nil : names[Int(id)]
    }

    /// Adds a row. - Complexity: amortised O(1) (one hash lookup; after `dropLookup`, the first
    /// append rebuilds the lookup in O(names)).
    mutating func append(_ batch: String?) {
        guard let batch else { ids.append(-1); return }
        if index.isEmpty && !names.isEmpty {
            for (id, name) in names.enumerated() { index[name] = Int32(id) }
        }
        if let id = index[batch] { ids.append(id); return }
        let id = Int32(names.count)
        names.append(batch)
        index[batch] = id
        ids.append(id)
    }

    mutating func reserve(_ n: Int) { ids.reserveCapacity(n) }

    /// Rows `rows` of this column, in that order, names numbered again by first appearance.
    /// - Complexity: O(rows.count).
    func selecting(_ rows: [Int]) -> BatchColumn {
        var column = BatchColumn()
        column.reserve(rows.count)
        for row in rows { column.append(self[row]) }
        column.dropLookup()
        return column
    }

    /// Frees the name lookup that appending needs (about 60 bytes per distinct batch): a table
    /// that is done growing only reads names by id.
    mutating func dropLookup() { index = [:] }

    public static func == (a: BatchColumn, b: BatchColumn) -> Bool { a.elementsEqual(b) }
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

    /// Rows `rows` of this column, in that order. - Complexity: O(rows.count).
    func selecting(_ rows: [Int]) -> TimeColumn {
        var column = TimeColumn()
        column.earliest = rows.map { earliest[$0] }
        column.latest = rows.map { latest[$0] }
        return column
    }
}

/// The amount column of `TransferTable`: fen, or `nil` for a row without an amount, in 8 bytes
/// a row (an array of `Int64?` takes 16).
public struct AmountColumn: RandomAccessCollection, Sendable, Equatable {
    /// `Int64.min` marks a row without an amount: no amount read reaches it (`Number.fen` refuses
    /// 2^63 fen or more, so a negated amount stops above it).
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

    /// Rows `rows` of this column, in that order. - Complexity: O(rows.count).
    func selecting(_ rows: [Int]) -> AmountColumn {
        var column = AmountColumn()
        column.fen = rows.map { fen[$0] }
        return column
    }
}
