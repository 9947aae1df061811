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

    /// Warms the whole case's screening, so the first party page answers as fast as the next.
    public func prepare() { _ = narrowed(ViewFilter()).screening }
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
        let list = SeverityReport.screen(data, rules: rules, contents: contents.isEmpty ? nil : contents)
        _screeningList = list
        _screening = Dictionary(list.map { ($0.party, $0) }, uniquingKeysWith: { a, _ in a })
        return list
    }

    /// Screening by party key.
    var screening: [String: Screening] {
        _ = screeningList
        lock.lock(); defer { lock.unlock() }
        return _screening ?? [:]
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
