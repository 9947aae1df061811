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
    private var index: [String: Int32] = [:]

    public var startIndex: Int { 0 }
    public var endIndex: Int { ids.count }

    /// Row `i`'s batch, if it has one. - Complexity: O(1).
    public subscript(position: Int) -> String? {
        let id = ids[position]
        return id < 0 ? nil : names[Int(id)]
    }

    /// Adds a row. - Complexity: amortised O(1) (one hash lookup).
    mutating func append(_ batch: String?) {
        guard let batch else { ids.append(-1); return }
        if let id = index[batch] { ids.append(id); return }
        let id = Int32(names.count)
        names.append(batch)
        index[batch] = id
        ids.append(id)
    }

    mutating func reserve(_ n: Int) { ids.reserveCapacity(n) }

    public static func == (a: BatchColumn, b: BatchColumn) -> Bool { a.elementsEqual(b) }
}
