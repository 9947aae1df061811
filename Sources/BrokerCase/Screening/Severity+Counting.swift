/// Art. 11 counting for one party and one category: the bounds the transfer rows prove, and the
/// exact count where batch contents list every resident of every row.
///
/// Art. 11 counts a record once if it was obtained, or once per distinct recipient, whichever is
/// more: per resident, max(1 if obtained, number of distinct recipients). Without the residents:
/// - obtained N: each batch received counted once (its largest row in), however often; each
///   row without a batch id counted on its own;
/// - provided S: per recipient, each batch sent to it counted once (the largest row to it); each
///   row without a batch id counted on its own;
/// - lower bound max(N, S): the records passed on may all come from the obtained stock, spread
///   over the recipients;
/// - upper bound S + max(0, N − the largest single hand-over): at least the largest hand-over
///   came from the stock.
/// A row's size is the number of distinct residents of its batch when the batch's listing is
/// complete (at least as many entries as the batch's largest row) and smaller (proven duplicates,
/// art. 11 para. 3); a shorter listing is a sample and never lowers a count.
public struct CategoryCount: Sendable, Encodable, Equatable {
    /// N: records obtained, each batch once.
    public var obtainedOnce: Int64 = 0
    /// S: records passed on, each batch once per recipient.
    public var providedPerRecipient: Int64 = 0
    /// The largest single hand-over (one batch to one recipient).
    public var largestHandover: Int64 = 0
    public var lower: Int64 = 0
    public var upper: Int64 = 0
    /// Per resident, when every row carries a whole batch whose listing is complete.
    public var exact: Int64?
    /// `exact` or `lower`: which number decides the level.
    public var decidedBy: String = "lower"
    /// Rows behind the lower bound, the upper bound, and the exact count.
    public var lowerRows: [String] = []
    public var upperRows: [String] = []
    public var exactRows: [String] = []

    /// The count the level is decided on.
    public var decided: Int64 { exact ?? lower }

    enum CodingKeys: String, CodingKey {
        case lower, upper, exact
        case obtainedOnce = "obtained_once", providedPerRecipient = "provided_per_recipient"
        case largestHandover = "largest_handover", decidedBy = "decided_by"
        case lowerRows = "lower_rows", upperRows = "upper_rows", exactRows = "exact_rows"
    }
}

/// What the counting knows about batches: sizes with proven duplicates removed, and residents.
struct BatchKnowledge {
    /// Per (batch, category): distinct residents when the listing is complete.
    var distinct: [BatchKey: [Int32]] = [:]
    /// Per (batch, category): the largest row.
    var largest: [BatchKey: Int64] = [:]

    init(_ t: TransferTable, contents: BatchContents?) {
        // Without contents every row counts its records: there is nothing to know.
        guard let contents, !contents.isEmpty else { return }
        for e in 0..<t.count {
            guard let b = t.batch[e] else { continue }
            let key = BatchKey(b, t.category[e])
            largest[key] = max(largest[key] ?? 0, t.records[e])
        }
        for (key, size) in largest {
            if let m = contents.members(batch: key.batch, category: key.category), m.listed >= size {
                distinct[key] = m.distinct
            }
        }
    }

    /// A row's size: its records, or the batch's distinct residents when fewer and the listing is complete.
    func size(_ e: Int, _ t: TransferTable) -> Int64 {
        guard !distinct.isEmpty, let b = t.batch[e], let d = distinct[BatchKey(b, t.category[e])] else { return t.records[e] }
        return min(t.records[e], Int64(d.count))
    }

    /// The residents a row carried: known only when its batch's listing is complete and the row
    /// is the whole batch (as large as its largest row, and at least as many records as the
    /// listing has distinct residents: a listing longer than any row is not all carried).
    func residents(_ e: Int, _ t: TransferTable) -> [Int32]? {
        guard !distinct.isEmpty, let b = t.batch[e] else { return nil }
        let key = BatchKey(b, t.category[e])
        guard let d = distinct[key], let big = largest[key], t.records[e] >= max(big, Int64(d.count)) else { return nil }
        return d
    }
}

extension SeverityReport {
    /// Counts one category of one party and names the rows behind the numbers (see `tally`);
    /// notes each row whose batch has fewer distinct residents than the row's records.
    /// - Complexity: O(rows · log rows + residents of the rows, when they are known).
    static func count(rin: [Int], rout: [Int], t: TransferTable, know: BatchKnowledge, notes: inout [String]) -> CategoryCount {
        var (c, nRows, sRows) = tally(rin: rin, rout: rout, t: t, know: know)
        for e in nRows + sRows {
            let n = know.size(e, t)
            if n < t.records[e], let b = t.batch[e] {
                let line = "\(t.label[e]): \(t.records[e]) records on the row, \(n) distinct residents in batch \(b): \(n) counted"
                if !notes.contains(line) { notes.append(line) }
            }
        }
        let label = { (rows: [Int]) in rows.sorted().map { t.label[$0] } }
        c.lowerRows = label(c.providedPerRecipient >= c.obtainedOnce && !sRows.isEmpty ? sRows : nRows)
        c.upperRows = label(nRows + sRows)
        if c.exact != nil { c.exactRows = label(rin + rout) }
        return c
    }

    /// The numbers of one category of one party, without text: `rin` are rows into the party,
    /// `rout` rows out of it (edge indices, sorted); also the rows behind N and S.
    /// - Complexity: O(rows · log rows + residents of the rows, when they are known).
    static func tally(rin: [Int], rout: [Int], t: TransferTable, know: BatchKnowledge)
        -> (count: CategoryCount, nRows: [Int], sRows: [Int])
    {
        var c = CategoryCount()
        let batch = t.batch.ids
        /// Per group (a batch, or a batch to one recipient): its largest row, ties to the first;
        /// rows without a batch id each stand alone.
        func once(_ rows: [Int], by key: (Int) -> Int64?) -> [Int] {
            var best: [Int64: Int] = [:]
            var alone: [Int] = []
            for e in rows {
                guard let k = key(e) else { alone.append(e); continue }
                if let b = best[k], know.size(b, t) >= know.size(e, t) { continue }
                best[k] = e
            }
            return (Array(best.values) + alone).sorted()
        }
        // N: each batch once (largest row in), rows without a batch id each.
        let nRows = once(rin) { batch[$0] < 0 ? nil : Int64(batch[$0]) }
        c.obtainedOnce = nRows.reduce(0) { $0 + know.size($1, t) }
        // S: per recipient, each batch once (largest row to it); rows without a batch id each.
        let sRows = once(rout) { batch[$0] < 0 ? nil : Int64(t.to[$0]) << 32 | Int64(batch[$0]) }
        c.providedPerRecipient = sRows.reduce(0) { $0 + know.size($1, t) }
        c.largestHandover = sRows.map { know.size($0, t) }.max() ?? 0
        c.lower = max(c.obtainedOnce, c.providedPerRecipient)
        c.upper = c.providedPerRecipient + max(0, c.obtainedOnce - c.largestHandover)
        // Exact, per resident, when every row's residents are known.
        let all = rin + rout
        if !all.isEmpty, all.allSatisfy({ know.residents($0, t) != nil }) {
            var obtained = Set<Int32>()
            for e in rin { obtained.formUnion(know.residents(e, t)!) }
            var recipients: [Int32: Set<Int32>] = [:]
            for e in rout { for s in know.residents(e, t)! { recipients[s, default: []].insert(t.to[e]) } }
            var n: Int64 = 0
            for s in obtained.union(recipients.keys) { n += Int64(max(obtained.contains(s) ? 1 : 0, recipients[s]?.count ?? 0)) }
            c.exact = n
            c.decidedBy = "exact"
        }
        return (c, nRows, sRows)
    }
}
