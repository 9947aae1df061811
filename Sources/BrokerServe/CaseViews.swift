import BrokerCase
import BrokerOutput
import Foundation

/// The case as the server holds it: loaded once (a case is immutable), with what each view needs
/// computed once per filter and kept.
public final class CaseViews: @unchecked Sendable {
    /// The whole case, as loaded.
    public let data: CaseData
    let contents: BatchContents
    /// The case key, to hash a resident's identifier as `exposure --subject` does; nil when the key is
    /// not available (then the resident page says so).
    let key: CaseKey?
    let rules: RuleSet
    let search: SearchIndex

    private let lock = NSLock()
    private var cache: [ViewFilter: Narrowed] = [:]
    private var order: [ViewFilter] = []
    /// Narrowed cases kept at once (the whole case is always kept).
    static let cacheSize = 4

    public init(data: CaseData, contents: BatchContents = BatchContents(), key: CaseKey? = nil, rules: RuleSet = .cn2017) {
        self.data = data; self.contents = contents; self.key = key; self.rules = rules
        let whole = Narrowed(data, contents: contents, rules: rules)
        search = SearchIndex(data, roles: whole.context.roles)
        cache[ViewFilter()] = whole
    }

    /// The case narrowed by `filter`, with its roles and naming.
    /// - Complexity: O(parties + transfers) the first time for a filter, O(1) while it is cached.
    func narrowed(_ filter: ViewFilter) -> Narrowed {
        lock.lock()
        if let hit = cache[filter] { lock.unlock(); return hit }
        lock.unlock()
        let made = Narrowed(filter.apply(data), contents: contents, rules: rules)
        lock.lock()
        defer { lock.unlock() }
        if let hit = cache[filter] { return hit }
        cache[filter] = made
        order.append(filter)
        if order.count > CaseViews.cacheSize { cache[order.removeFirst()] = nil }
        return made
    }

    /// One party's screening in the case narrowed by `filter` (what the party page shows); nil when
    /// the party is not screened (an origin, or in no transfer).
    public func screening(of v: Int, filter: ViewFilter = ViewFilter()) -> Screening? {
        narrowed(filter).screening(of: v)
    }
}

/// One narrowed case and what its views share; analyses that not every page needs are made on first use.
final class Narrowed: @unchecked Sendable {
    let data: CaseData
    let context: ChartContext
    private let contents: BatchContents
    private let rules: RuleSet
    private let lock = NSLock()
    private var _screening: [String: Screening]?
    private var _screeningList: [Screening]?
    private var _rings: RingsReport?
    private var memos: [String: any Sendable] = [:]

    init(_ data: CaseData, contents: BatchContents, rules: RuleSet) {
        self.data = data; self.contents = contents; self.rules = rules
        context = ChartContext(data)
    }

    var roles: [PartyRole] { context.roles }

    /// The screening of every party, in the order `SeverityReport` gives.
    var screeningList: [Screening] {
        lock.lock(); defer { lock.unlock() }
        if let list = _screeningList { return list }
        let list = SeverityReport.screen(data, rules: rules, contents: contents)
        _screeningList = list
        _screening = Dictionary(list.map { ($0.party, $0) }, uniquingKeysWith: { a, _ in a })
        return list
    }

    /// One party's screening: from the whole list when it was made, else from the rows the party
    /// takes part in (and, with batch contents, every row of the batches they carry: a batch's size is
    /// its largest row anywhere in the case). Art. 11 counts a party's own rows only, so this is the
    /// same screening in O(its rows) instead of O(transfers) (checked against the whole list in the tests).
    func screening(of v: Int) -> Screening? {
        lock.lock()
        if let all = _screening { lock.unlock(); return all[data.parties[v].key] }
        lock.unlock()
        return memo("screening/\(v)") { OneScreening(value: screenAlone(v)) }.value
    }

    private struct OneScreening: Sendable { var value: Screening? }

    private func screenAlone(_ v: Int) -> Screening? {
        let g = data.graph, t = data.transfers
        var edges = Array(g.inEdges(of: v)) + Array(g.outEdges(of: v))
        if !contents.isEmpty {
            let rows = batchRows
            var seen = Set(edges)
            for e in edges { if let b = t.batch[Int(e)] { for r in rows[b] ?? [] where seen.insert(r).inserted { edges.append(r) } } }
        }
        edges.sort()
        var local: [Int32: Int32] = [:]
        var parties: [Party] = []
        func vertex(_ w: Int32) -> Int32 {
            if let i = local[w] { return i }
            local[w] = Int32(parties.count)
            parties.append(data.parties[Int(w)])
            return Int32(parties.count - 1)
        }
        _ = vertex(Int32(v))
        var table = TransferTable()
        table.reserve(edges.count)
        for e in edges {
            var row = t[Int(e)]
            row.from = vertex(row.from); row.to = vertex(row.to)
            table.append(row)
        }
        let alone = CaseData(parties: parties, transfers: table, offsetSeconds: data.offsetSeconds)
        let key = data.parties[v].key
        return SeverityReport.screen(alone, rules: rules, contents: contents).first { $0.party == key }
    }

    /// The rows of each batch id (made once, when batch contents make batch sizes matter).
    private var batchRows: [String: [Int32]] {
        memo("batch-rows") {
            var rows: [String: [Int32]] = [:]
            for (e, b) in data.transfers.batch.enumerated() { if let b { rows[b, default: []].append(Int32(e)) } }
            return rows
        }
    }

    /// A value made once per narrowed case under `key` (rendered pictures of the costly views).
    func memo<T: Sendable>(_ key: String, _ make: () throws -> T) rethrows -> T {
        lock.lock()
        if let hit = memos[key] as? T { lock.unlock(); return hit }
        lock.unlock()
        let made = try make()
        lock.lock(); memos[key] = made; lock.unlock()
        return made
    }

    var rings: RingsReport {
        lock.lock(); defer { lock.unlock() }
        if let rings = _rings { return rings }
        let rings = RingsReport(data)
        _rings = rings
        return rings
    }
}
