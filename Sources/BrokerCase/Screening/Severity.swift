import Foundation

/// The level a party's recorded transfers reach under a rule set.
public enum Level: String, Sendable, Codable, CaseIterable, Comparable {
    case none
    case serious
    case especiallySerious = "especially_serious"

    var rank: Int { Level.allCases.firstIndex(of: self)! }
    public static func < (a: Level, b: Level) -> Bool { a.rank < b.rank }
    /// In words, for text output.
    public var words: String { self == .especiallySerious ? "especially serious" : rawValue }
}

/// Rows behind the numbers of one category.
public struct RowsBehind: Sendable, Encodable, Equatable {
    public var obtained: [String] = []
    public var provided: [String] = []
    public var counted: [String] = []
}

/// One party's screening: counts per category, gains, the level reached, and the rule lines and
/// transfer rows behind it.
public struct Screening: Sendable, Encodable {
    public var party: String
    public var name: String
    public var level: Level
    public var insider: Bool
    /// Why the party is an insider: `declared` (parties file) and/or `collected` (a collect row).
    public var insiderBecause: [String]
    /// Records counted per category (art. 11 counting: see `SeverityReport`).
    public var counts: [String: Int64]
    /// Records received or collected, per category.
    public var obtained: [String: Int64]
    /// Records passed on (sold, swapped, given), added over every recipient, per category.
    public var provided: [String: Int64]
    /// max(obtained, provided) per category: the count when no batch ids are known, for comparison.
    public var maxRule: [String: Int64]
    /// How each category was counted: `batch`, `max`, or `batch+max` (some rows without batch id).
    public var counting: [String: String]
    /// Sum of `amount` on the party's sale rows, in yuan.
    public var gains: Decimal
    /// The rule lines that fired, in words.
    public var basis: [String]
    /// Every row behind any number above (row ids, in input order).
    public var evidence: [String]
    /// The rows behind each number, by category.
    public var rows: [String: RowsBehind]
    /// Sale rows behind `gains`.
    public var gainsRows: [String]
    /// Collect rows that make the party an insider.
    public var insiderRows: [String]
    /// Where each evidence row was read (`FILE:LINE`).
    public var locations: [String: String]
    /// Sums of shares n / threshold over the categories with a tier: of the serious thresholds,
    /// and of the especially-serious thresholds (insider factor applied).
    public var shares: [String: Double]
    /// Counting notes: batches counted by their distinct residents, and the like.
    public var notes: [String]

    enum CodingKeys: String, CodingKey {
        case party, name, level, insider, counts, obtained, provided, gains, basis, evidence, rows, locations, shares, notes, counting
        case insiderBecause = "insider_because", maxRule = "max_rule", gainsRows = "gains_rows", insiderRows = "insider_rows"
    }
}

/// Legal screening of every party of a case (Fa Shi [2017] No. 10 by default; see `RuleSet`).
///
/// Counting, per party and category (art. 11):
/// - obtained: records received (sale, swap, gift) or collected;
/// - provided: records sold, swapped or given, added over every recipient;
/// - counted, rows with a batch id: a batch the party passed on counts once per recipient (the
///   largest row to that recipient); a batch it only received counts once (the largest row in);
///   when it passed on less of a batch, over all recipients, than it received, the received count
///   stands (records obtained and not passed on are still obtained): per batch,
///   max(largest row in, sum over recipients of the largest row out);
/// - counted, rows without a batch id: max(obtained, provided) over those rows (what was passed on
///   is assumed to come from what was obtained);
/// - with batch contents that list at least as many entries as the batch's largest row, a row of
///   that batch counts at most the batch's distinct residents (duplicates are not counted twice);
///   a shorter listing is taken as a sample and the rows' counts stand.
/// Gains: the sum of `amount` over the party's `sale` rows.
public enum SeverityReport {
    /// Screens every party that takes part in a transfer and whose role the rules do not exclude.
    /// Sorted by level (highest first), then party key.
    /// - Complexity: O(transfers · log transfers + batch contents).
    public static func screen(_ data: CaseData, rules: RuleSet, contents: BatchContents? = nil) -> [Screening] {
        let t = data.transfers
        let roles = PartyRole.all(data)
        // Per (batch, category): the largest row, and the distinct residents when the listing is complete.
        var largest: [BatchKey: Int64] = [:]
        for e in 0..<t.count { if let b = t.batch[e] { largest[BatchKey(b, t.category[e]), default: 0] = max(largest[BatchKey(b, t.category[e])] ?? 0, t.records[e]) } }
        var exact: [BatchKey: Int64] = [:]
        if let contents, !contents.isEmpty {
            for (key, size) in largest {
                if let m = contents.members(batch: key.batch, category: key.category), m.listed >= size {
                    exact[key] = Int64(m.distinct.count)
                }
            }
        }
        var result: [Screening] = []
        for v in 0..<data.parties.count {
            let role = roles[v].role
            if role == .isolated || rules.excludedRoles.contains(role) { continue }
            result.append(screen(party: v, data: data, rules: rules, exact: exact, largest: largest))
        }
        return result.sorted { ($1.level, $0.party) < ($0.level, $1.party) }
    }

    struct BatchKey: Hashable {
        var batch: String
        var category: Category
        init(_ batch: String, _ category: Category) { self.batch = batch; self.category = category }
    }

    static func screen(party v: Int, data: CaseData, rules: RuleSet, exact: [BatchKey: Int64],
                       largest: [BatchKey: Int64]) -> Screening {
        let t = data.transfers
        let party = data.parties[v]
        let inEdges = data.graph.inEdges(of: v).map(Int.init).sorted()
        let outEdges = data.graph.outEdges(of: v).map(Int.init).sorted()
        let collectRows = inEdges.filter { t.mode[$0] == .collect }
        var because: [String] = []
        if party.insider { because.append("declared") }
        if !collectRows.isEmpty { because.append("collected") }
        let insider = !because.isEmpty
        var notes: [String] = []
        func effective(_ e: Int) -> Int64 {
            guard let b = t.batch[e], let n = exact[BatchKey(b, t.category[e])], n < t.records[e] else { return t.records[e] }
            notes.append("\(t.label[e]): \(t.records[e]) records on the row, \(n) distinct residents in batch \(b): \(n) counted")
            return n
        }
        var counts: [String: Int64] = [:], obtained: [String: Int64] = [:], provided: [String: Int64] = [:]
        var maxRule: [String: Int64] = [:], counting: [String: String] = [:], rows: [String: RowsBehind] = [:]
        var evidence = Set<Int>()
        var counted: [(Category, Int64)] = []
        let categories = Set(inEdges.map { t.category[$0] } + outEdges.map { t.category[$0] }).sorted()
        for c in categories {
            let rin = inEdges.filter { t.category[$0] == c }, rout = outEdges.filter { t.category[$0] == c }
            let o = rin.reduce(Int64(0)) { $0 + t.records[$1] }, p = rout.reduce(Int64(0)) { $0 + t.records[$1] }
            var n: Int64 = 0
            var behind: [Int] = []
            // Batch rule.
            let batches = Set((rin + rout).compactMap { t.batch[$0] }).sorted()
            for b in batches {
                // Passed on: once per recipient (its largest row). Received: once (the largest
                // row in). The larger stands: records obtained and not all passed on still count.
                var out: Int64 = 0
                var outRows: [Int] = []
                let passed = rout.filter { t.batch[$0] == b }
                for recipient in Set(passed.map { t.to[$0] }).sorted() {
                    let e = passed.filter { t.to[$0] == recipient }.max { (t.records[$0], $1) < (t.records[$1], $0) }!
                    out += effective(e)
                    outRows.append(e)
                }
                if let e = rin.filter({ t.batch[$0] == b }).max(by: { (t.records[$0], $1) < (t.records[$1], $0) }),
                   case let received = effective(e), received > out {
                    n += received
                    behind.append(e)
                    behind.append(contentsOf: outRows)
                } else {
                    n += out
                    behind.append(contentsOf: outRows)
                }
            }
            // Max rule for the rows without a batch id.
            let uin = rin.filter { t.batch[$0] == nil }, uout = rout.filter { t.batch[$0] == nil }
            if !uin.isEmpty || !uout.isEmpty {
                let uo = uin.reduce(Int64(0)) { $0 + t.records[$1] }, up = uout.reduce(Int64(0)) { $0 + t.records[$1] }
                n += max(uo, up)
                behind.append(contentsOf: up >= uo ? uout : uin)
            }
            let key = c.rawValue
            counts[key] = n; obtained[key] = o; provided[key] = p; maxRule[key] = max(o, p)
            counting[key] = batches.isEmpty ? "max" : (uin.isEmpty && uout.isEmpty ? "batch" : "batch+max")
            rows[key] = RowsBehind(obtained: rin.map { t.label[$0] }, provided: rout.map { t.label[$0] },
                                   counted: behind.sorted().map { t.label[$0] })
            evidence.formUnion(rin); evidence.formUnion(rout)
            counted.append((c, n))
        }
        let sales = outEdges.filter { t.mode[$0] == .sale }
        evidence.formUnion(sales)
        // A sale without an amount counts the payment linked to it, if any (LinkedGains).
        let linked = LinkedGains.payments(for: sales, in: data)
        let gainsFen = sales.reduce(Int64(0)) { $0 + (t.amountFen[$1] ?? linked[$1]?.amountFen ?? 0) }
        let (level, basis, shares) = judge(counted: counted, gainsFen: gainsFen, insider: insider, rules: rules)
        var fullBasis = basis
        if let line = LinkedGains.basis(linked, data: data) { fullBasis.append(line); notes.append(line) }
        if insider {
            let how = [party.insider ? "declared in the parties file" : nil,
                       collectRows.isEmpty ? nil : "collected: \(collectRows.map { t.label[$0] }.joined(separator: ", "))"]
                .compactMap { $0 }.joined(separator: "; ")
            fullBasis.insert("insider (\(how)): every threshold × \(format(rules.insiderFactor)) (\(rules.insiderCite))", at: 0)
        }
        let ordered = evidence.sorted()
        return Screening(
            party: party.key, name: party.name, level: level, insider: insider, insiderBecause: because,
            counts: counts, obtained: obtained, provided: provided, maxRule: maxRule, counting: counting,
            gains: Decimal(gainsFen) / 100, basis: level == .none ? [] : fullBasis,
            evidence: ordered.map { t.label[$0] }, rows: rows, gainsRows: sales.map { t.label[$0] },
            insiderRows: collectRows.map { t.label[$0] },
            locations: Dictionary(ordered.map { (t.label[$0], t.source[$0].description) }, uniquingKeysWith: { a, _ in a }),
            shares: shares, notes: notes)
    }

    /// The level reached by counted records per category and gains (in fen), with the lines that fired.
    public static func judge(counted: [(Category, Int64)], gainsFen: Int64, insider: Bool, rules: RuleSet)
        -> (Level, [String], [String: Double])
    {
        let f = insider ? rules.insiderFactor : 1
        let ef = rules.especiallyFactor
        let insiderText = insider ? " × \(format(f)) insider" : ""
        var especially: [String] = [], serious: [String] = []
        var shareS = 0.0, shareX = 0.0
        var terms: [String] = []
        for (c, n) in counted {
            guard let tier = rules.tier(of: c) else { continue }
            let s = tier.serious * f
            let x = (tier.especially ?? tier.serious * ef) * f
            shareS += Double(n) / s
            shareX += Double(n) / x
            if n > 0 { terms.append("\(n)/\(format(s))") }
            if Double(n) >= x {
                let how = tier.especially.map { "tier \(tier.id) especially serious \(format($0))\(insiderText)" }
                    ?? "tier \(tier.id) serious \(format(tier.serious))\(insiderText) × \(format(ef))"
                especially.append("especially serious: \(c.rawValue) \(n) counted >= \(format(x)) (\(how); \(tier.cite), \(rules.especiallyCite))")
            } else if Double(n) >= s {
                serious.append("serious: \(c.rawValue) \(n) counted >= \(format(s)) (tier \(tier.id) serious \(format(tier.serious))\(insiderText); \(tier.cite))")
            }
        }
        var gainsEspecially = false, gainsSerious = false
        if let g = rules.gains {
            let yuan = Double(gainsFen) / 100
            let s = g.serious * f
            let x = (g.especially ?? g.serious * ef) * f
            let text = String(format: "%.2f", yuan)
            if yuan >= x {
                gainsEspecially = true
                especially.append("especially serious: gains \(text) yuan >= \(format(x)) (\(g.especially.map { format($0) } ?? "\(format(g.serious))")\(insiderText)\(g.especially == nil ? " × \(format(ef))" : ""); \(g.cite), \(rules.especiallyCite))")
            } else if yuan >= s {
                gainsSerious = true
                serious.append("serious: gains \(text) yuan >= \(format(s)) (\(format(g.serious))\(insiderText); \(g.cite))")
            }
        }
        // Exact arithmetic is not needed: counts are integers and thresholds have few digits, so a
        // true sum below 1 is far further from 1 than the rounding error allowed for here.
        let one = 1 - 1e-9
        let singleEspecially = especially.count - (gainsEspecially ? 1 : 0) > 0
        let singleSerious = serious.count - (gainsSerious ? 1 : 0) > 0 || singleEspecially
        var mixedLines: [String] = []
        if rules.mixed && rules.especiallyMixed && !singleEspecially && shareX >= one && terms.count > 1 {
            mixedLines.append("especially serious: mixed categories, shares of the especially-serious thresholds add up to \(String(format: "%.2f", shareX)) >= 1 (\(rules.mixedCite), \(rules.especiallyCite))")
        } else if rules.mixed && !singleSerious && shareS >= one && terms.count > 1 {
            mixedLines.append("serious: mixed categories, shares \(terms.joined(separator: " + ")) = \(String(format: "%.2f", shareS)) >= 1 (\(rules.mixedCite))")
        }
        let lines = especially + mixedLines.filter { $0.hasPrefix("especially") } + serious + mixedLines.filter { $0.hasPrefix("serious") }
        let level: Level = lines.contains { $0.hasPrefix("especially") } ? .especiallySerious : lines.isEmpty ? .none : .serious
        return (level, lines, ["serious": (shareS * 100).rounded() / 100, "especially": (shareX * 100).rounded() / 100])
    }

    /// A threshold as written: `25`, `12.5`.
    static func format(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
        var s = String(format: "%.4f", x)
        while s.hasSuffix("0") { s.removeLast() }
        return s
    }
}
