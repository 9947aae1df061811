import Foundation
import BrokerGraph

/// Legal screening of every party of a case (Fa Shi [2017] No. 10 by default; see `RuleSet`).
///
/// Per party, two tests of art. 5 para. 1, and the higher level stands:
/// - items 3-7 on everything the party obtained, sold or provided, at the full thresholds;
/// - item 8, for an insider, on **duty data sold or provided** only, at the insider thresholds:
///   batches the party collected, batches it passes on without any recorded receipt of them, and
///   batches the investigator marks as its duty data. Data it bought, received or swapped is
///   not duty data; duty data collected and never passed on is illegal obtaining (art. 4) and
///   counts only in items 3-7.
/// Counting follows art. 11 (see `CategoryCount`): the level is decided on the exact count where
/// batch contents list every resident, otherwise on the lower bound the rows prove; the level of
/// the upper bound is shown beside it. Gains: the sum of `amount` over the party's `sale` rows.
public enum SeverityReport {
    /// Screens every party that takes part in a transfer, except pure origins (every row an
    /// outgoing `collect`) and parties whose occupation the rules exclude (`system`). `duty`
    /// maps a party key to batch ids the investigator marks as that party's duty data.
    /// Sorted by level (highest first), then party key.
    /// - Complexity: O(transfers · log transfers + batch contents), times the disputed placements.
    public static func screen(_ data: CaseData, rules: RuleSet, contents: BatchContents? = nil,
                              duty: [String: Set<String>] = [:]) -> [Screening] {
        screen(data, rules: rules, contents: contents, duty: duty, keep: Int.max).parties
    }

    /// The first `keep` screenings in the order of `screen` (level, then party key), and how many
    /// parties were screened: every party is screened, but only `keep` results are written out
    /// (a report of a national case lists the first hundreds, not millions).
    ///
    /// When `keep` is below the number of parties, every party's level is first found from its
    /// numbers alone (`counted(party:)`, `level`: no labels, notes or basis), the first `keep` are
    /// chosen by it, and only those are screened in full (`ranked`). The result does not depend on
    /// the thread count.
    /// `roles` are `PartyRole.all(data)` when the caller has them already.
    /// - Complexity: that of `screen`, plus O(screened · log keep); memory O(keep) per range.
    public static func screen(_ data: CaseData, rules: RuleSet, contents: BatchContents? = nil,
                              duty: [String: Set<String>] = [:], roles: [PartyRole]? = nil,
                              keep: Int) -> (parties: [Screening], screened: Int) {
        let know = BatchKnowledge(data.transfers, contents: contents)
        // Every party is kept: levels come from the full screening, no ranking first.
        let byNumbers = keep < data.parties.count
        let (chosen, screened) = ranked(data, rules: rules, know: know, duty: duty, roles: roles ?? PartyRole.all(data),
                                        keep: keep, byNumbers: byNumbers)
        var result = screenFully(chosen, data: data, rules: rules, know: know, duty: duty, checkLevels: byNumbers)
        if !byNumbers { result.sort { ($1.level, $0.party) < ($0.level, $1.party) } }
        return (result, screened)
    }

    /// Every screened party in the order of `screen` (level, then party key), screened in full
    /// `batch` parties at a time and handed to `body` batch by batch in that order: memory holds
    /// `batch` screenings, not one per party (the `severity` list of a national case). The levels
    /// are ranked from the numbers first (`ranked`), as `screen(keep:)` does.
    /// - Complexity: that of `screen`, plus O(screened · log screened) for the ranking.
    public static func screenInOrder(_ data: CaseData, rules: RuleSet, contents: BatchContents? = nil,
                                     duty: [String: Set<String>] = [:], batch: Int = 4096,
                                     _ body: ([Screening]) throws -> Void) rethrows {
        let know = BatchKnowledge(data.transfers, contents: contents)
        let (order, _) = ranked(data, rules: rules, know: know, duty: duty, roles: PartyRole.all(data),
                                keep: Int.max, byNumbers: true)
        for start in stride(from: 0, to: order.count, by: max(1, batch)) {
            let part = Array(order[start..<min(order.count, start + max(1, batch))])
            try body(screenFully(part, data: data, rules: rules, know: know, duty: duty, checkLevels: true))
        }
    }

    /// One party's screening, or `nil` when it is not screened (a pure origin, a system, in no
    /// transfer). - Complexity: O(parties + transfers) for the roles, then the party's rows.
    public static func screen(_ data: CaseData, party v: Int, rules: RuleSet, contents: BatchContents? = nil,
                              duty: [String: Set<String>] = [:]) -> Screening? {
        guard screened(v, data: data, role: PartyRole.all(data)[v].role, rules: rules) else { return nil }
        return screen(party: v, data: data, rules: rules, know: BatchKnowledge(data.transfers, contents: contents),
                      marked: duty[data.parties[v].key] ?? [])
    }

    /// The screened parties, with their level from the numbers when `byNumbers` (else `.none`),
    /// in the order of `screen` when `byNumbers`, and how many were screened; the first `keep`.
    ///
    /// Parties are taken in 64 fixed ranges run on every core; each range keeps its own first
    /// `keep` and the ranges' lists are merged by the same order (party keys are unique, so the
    /// order is total): the result does not depend on the thread count.
    private static func ranked(_ data: CaseData, rules: RuleSet, know: BatchKnowledge, duty: [String: Set<String>],
                               roles: [PartyRole], keep: Int, byNumbers: Bool) -> (parties: [(level: Level, party: Int)], screened: Int) {
        let n = data.parties.count
        /// Parties in the order of `screen`: level (highest first), then party key.
        func keepFirst(_ keep: Int, of result: inout [(level: Level, party: Int)]) {
            result.sort { ($1.level, data.parties[$0.party].key) < ($0.level, data.parties[$1.party].key) }
            if result.count > keep { result.removeLast(result.count - keep) }
        }
        let chunks = max(1, min(Parallel.reductionChunks, n))
        let parts = Parallel.map(chunks: chunks) { chunk in
            var result: [(level: Level, party: Int)] = [], count = 0
            for v in (n * chunk / chunks)..<(n * (chunk + 1) / chunks)
            where screened(v, data: data, role: roles[v].role, rules: rules) {
                count += 1
                guard byNumbers else { result.append((.none, v)); continue }
                result.append((level(counted(party: v, data: data, know: know, marked: duty[data.parties[v].key] ?? []), rules: rules), v))
                if keep < n && result.count >= 2 * max(keep, 1) { keepFirst(keep, of: &result) }
            }
            if byNumbers { keepFirst(keep, of: &result) }
            return (result, count)
        }
        var chosen = parts.flatMap(\.0)
        if byNumbers { keepFirst(keep, of: &chosen) }
        return (chosen, parts.reduce(0) { $0 + $1.1 })
    }

    /// The full screening of `parties`, in their order, on every core.
    private static func screenFully(_ parties: [(level: Level, party: Int)], data: CaseData, rules: RuleSet,
                                    know: BatchKnowledge, duty: [String: Set<String>], checkLevels: Bool) -> [Screening] {
        let pieces = max(1, min(Parallel.reductionChunks, parties.count))
        return Parallel.map(chunks: pieces) { chunk in
            parties[(parties.count * chunk / pieces)..<(parties.count * (chunk + 1) / pieces)].map { first in
                let full = screen(party: first.party, data: data, rules: rules, know: know, marked: duty[data.parties[first.party].key] ?? [])
                assert(!checkLevels || full.level == first.level, "the level from the numbers alone differs from the screening's")
                return full
            }
        }.flatMap { $0 }
    }

    /// Whether a party is screened: in a transfer, not a pure origin, occupation and role not excluded.
    static func screened(_ v: Int, data: CaseData, role: Role, rules: RuleSet) -> Bool {
        if role == .isolated { return false }
        if let occupation = data.parties[v].occupation?.trimmingWhitespace().lowercased(),
           rules.excludedOccupations.contains(occupation) { return false }
        if role == .origin {
            // Only a party whose every row is an outgoing collect is an origin and left out: a
            // person who collects once and also sells is screened.
            let g = data.graph, t = data.transfers
            let pure = g.inEdges(of: v).isEmpty && g.outEdges(of: v).allSatisfy { t.mode[Int($0)] == .collect }
            return !(pure && rules.excludedRoles.contains(.origin))
        }
        return !rules.excludedRoles.contains(role)
    }

    /// What the counting found for one party, independent of the rules.
    struct Counted {
        var all: [(Category, CategoryCount)] = []
        var duty: [(Category, CategoryCount)] = []
        var gainsFen: Int64 = 0
        var dutyGainsFen: Int64 = 0
        var sales: [Int] = []
        var dutySales: [Int] = []
        var insider = false
    }

    /// Where a party's rows in of one category came from, by batch: collected by the party, or
    /// bought, received or swapped (`bought`, whose batches are `received`).
    struct Receipts {
        var collected: Set<String>
        var bought: [Int]
        var received: Set<String>

        init(_ rin: [Int], t: TransferTable) {
            collected = Set(rin.filter { t.mode[$0] == .collect }.compactMap { t.batch[$0] })
            bought = rin.filter { t.mode[$0] != .collect }
            received = Set(bought.compactMap { t.batch[$0] })
        }

        /// Whether row `e` out carried duty data (item 8): a batch collected, passed on without any
        /// recorded receipt, or marked; a row without a batch id only when nothing was bought.
        func duty(_ e: Int, t: TransferTable, marked: Set<String>) -> Bool {
            if let b = t.batch[e] { return collected.contains(b) || !received.contains(b) || marked.contains(b) }
            return bought.isEmpty
        }
    }

    /// The numbers `screen(party:)` decides the level on, without any text (no labels, notes or
    /// basis): the same rows, counts and gains.
    static func counted(party v: Int, data: CaseData, know: BatchKnowledge, marked: Set<String>) -> Counted {
        let t = data.transfers
        let inEdges = data.graph.inEdges(of: v).map(Int.init).sorted()
        let outEdges = data.graph.outEdges(of: v).map(Int.init).sorted().filter { t.mode[$0] != .collect }
        var k = Counted()
        k.insider = data.parties[v].insider || inEdges.contains { t.mode[$0] == .collect } || !marked.isEmpty
        var dutyRows: [Int] = []
        for c in Set(inEdges.map { t.category[$0] } + outEdges.map { t.category[$0] }).sorted() {
            let rin = inEdges.filter { t.category[$0] == c }, rout = outEdges.filter { t.category[$0] == c }
            k.all.append((c, tally(rin: rin, rout: rout, t: t, know: know).count))
            guard k.insider else { continue }
            let receipts = Receipts(rin, t: t)
            let dutyOut = rout.filter { receipts.duty($0, t: t, marked: marked) }
            guard !dutyOut.isEmpty else { continue }
            k.duty.append((c, tally(rin: [], rout: dutyOut, t: t, know: know).count))
            dutyRows += dutyOut
        }
        k.sales = outEdges.filter { t.mode[$0] == .sale }
        k.dutySales = dutyRows.filter { t.mode[$0] == .sale }.sorted()
        (k.gainsFen, k.dutyGainsFen) = gains(k, data: data, linked: LinkedGains.payments(for: k.sales, in: data))
        return k
    }

    /// Gains of both tests in fen: the amounts of the sales, a sale without one counting its
    /// linked payment (`LinkedGains`).
    static func gains(_ k: Counted, data: CaseData, linked: [Int: Payment]) -> (all: Int64, duty: Int64) {
        let t = data.transfers
        return (k.sales.reduce(0) { $0 + (t.amountFen[$1] ?? linked[$1]?.amountFen ?? 0) },
                k.dutySales.reduce(0) { $0 + (t.amountFen[$1] ?? linked[$1]?.amountFen ?? 0) })
    }

    /// The level `screen(party:)` finds from the same numbers: the higher of the two tests'.
    static func level(_ k: Counted, rules: RuleSet) -> Level {
        let all = judge(counted: k.all.map { ($0.0, $0.1.decided) }, gainsFen: k.gainsFen, item8: false, rules: rules, text: false).0
        guard k.insider && (!k.duty.isEmpty || !k.dutySales.isEmpty) else { return all }
        return max(all, judge(counted: k.duty.map { ($0.0, $0.1.decided) }, gainsFen: k.dutyGainsFen, item8: true, rules: rules, text: false).0)
    }

    static func screen(party v: Int, data: CaseData, rules: RuleSet, know: BatchKnowledge, marked: Set<String>) -> Screening {
        let t = data.transfers
        let party = data.parties[v]
        let inEdges = data.graph.inEdges(of: v).map(Int.init).sorted()
        // A collect row out of a party is harvesting by the other party, not providing (an
        // organisation that hands data over is entered as provide or sale, art. 3 para. 2).
        let allOut = data.graph.outEdges(of: v).map(Int.init).sorted()
        let outEdges = allOut.filter { t.mode[$0] != .collect }
        let collectRows = inEdges.filter { t.mode[$0] == .collect }
        var because: [String] = []
        if party.insider { because.append("declared") }
        if !collectRows.isEmpty { because.append("collected") }
        if !marked.isEmpty { because.append("marked") }
        var k = Counted()
        k.insider = !because.isEmpty
        var notes: [String] = [], warnings: [String] = []
        var obtained: [String: Int64] = [:], provided: [String: Int64] = [:], maxRule: [String: Int64] = [:]
        var rows: [String: RowsBehind] = [:], duty: [String: [String]] = [:]
        var dutyRows: [Int] = []
        let harvested = allOut.filter { t.mode[$0] == .collect }
        if !harvested.isEmpty {
            notes.append("collected from by others in \(harvested.map { t.label[$0] }.joined(separator: ", ")): not counted as providing (enter a hand-over as provide or sale)")
        }
        let categories = Set(inEdges.map { t.category[$0] } + outEdges.map { t.category[$0] }).sorted()
        for c in categories {
            let rin = inEdges.filter { t.category[$0] == c }, rout = outEdges.filter { t.category[$0] == c }
            let count = count(rin: rin, rout: rout, t: t, know: know, notes: &notes)
            k.all.append((c, count))
            let key = c.rawValue
            obtained[key] = rin.reduce(0) { $0 + t.records[$1] }
            provided[key] = rout.reduce(0) { $0 + t.records[$1] }
            maxRule[key] = max(obtained[key]!, provided[key]!)
            rows[key] = RowsBehind(obtained: rin.map { t.label[$0] }, provided: rout.map { t.label[$0] },
                                   counted: count.exact != nil ? count.exactRows : count.lowerRows)
            // Which rows out carried duty data, and batches passed on that were never received.
            let receipts = Receipts(rin, t: t)
            let received = receipts.received
            let unreceived = Set(rout.compactMap { t.batch[$0] }).subtracting(received).subtracting(receipts.collected).sorted()
            if !received.isEmpty && !unreceived.isEmpty {
                warnings.append("\(key): passes on \(unreceived.joined(separator: ", ")) without any recorded receipt, while it received \(received.sorted().joined(separator: ", ")): possibly resold under a new label; the count uses bounds\(k.insider ? ", and item 8 treats the batch as duty data" : "")")
            }
            guard k.insider else { continue }
            let dutyOut = rout.filter { receipts.duty($0, t: t, marked: marked) }
            if rout.contains(where: { t.batch[$0] == nil }) && !receipts.bought.isEmpty {
                notes.append("\(key): rows out without a batch id cannot be told apart from data received; item 8 leaves them out (items 3-7 count them)")
            }
            guard !dutyOut.isEmpty else { continue }
            var ignored: [String] = []
            k.duty.append((c, SeverityReport.count(rin: [], rout: dutyOut, t: t, know: know, notes: &ignored)))
            duty[key] = Set(dutyOut.map { t.batch[$0] ?? "(no batch id)" }).sorted()
            dutyRows += dutyOut
        }
        k.sales = outEdges.filter { t.mode[$0] == .sale }
        k.dutySales = dutyRows.filter { t.mode[$0] == .sale }.sorted()
        // A sale without an amount counts the payment linked to it, if any (LinkedGains).
        let linked = LinkedGains.payments(for: k.sales, in: data)
        (k.gainsFen, k.dutyGainsFen) = gains(k, data: data, linked: linked)
        let tests = evaluate(k, t: t, rules: rules)
        let level = tests.map(\.level).max() ?? Level.none
        var basis: [String] = []
        if let item8 = tests.first(where: { $0.test == "item 8" }), !item8.basis.isEmpty {
            let how = [party.insider ? "declared in the parties file" : nil,
                       collectRows.isEmpty ? nil : "collected: \(collectRows.map { t.label[$0] }.joined(separator: ", "))",
                       marked.isEmpty ? nil : "duty batches marked: \(marked.sorted().joined(separator: ", "))"]
                .compactMap { $0 }.joined(separator: "; ")
            basis.append("insider (\(how)): item 8 tests duty data sold or provided, every threshold × \(format(rules.insiderFactor)) (\(rules.insiderCite))")
            basis += item8.basis
        }
        basis += tests[0].basis
        if let line = LinkedGains.basis(linked, data: data) { basis.append(line); notes.append(line) }
        // Disputed placements: the level under each tier the category may be placed in.
        var placements: [String: [String: Level]] = [:]
        for d in rules.disputed where categories.contains(d.category) {
            var byTier: [String: Level] = [:]
            var art6Under: [String] = []
            for tier in d.tiers {
                let placed = rules.placing(d.category, inTier: tier)
                let level = evaluate(k, t: t, rules: placed).map(\.level).max() ?? Level.none
                byTier[tier] = level
                if businessBuyer(k, level: level, inEdges: inEdges, outEdges: outEdges, t: t, rules: placed) != nil { art6Under.append(tier) }
            }
            placements[d.category.rawValue] = byTier
            notes.append("\(d.category.rawValue): \(d.note); level by placement: \(d.tiers.map { "\($0) \(byTier[$0]!.words)" }.joined(separator: ", "))"
                         + (art6Under.isEmpty ? "" : "; art. 6 may apply if placed in tier \(art6Under.joined(separator: ", "))"))
        }
        for tier in rules.tiers {
            guard let open = tier.open else { continue }
            let residual = categories.filter { c in rules.tier(of: c).map { $0.serious > tier.serious } ?? false }
            if !residual.isEmpty { notes.append("tier \(tier.id): \(open) (used here: \(residual.map(\.rawValue).joined(separator: ", ")))") }
        }
        let art6 = businessBuyer(k, level: level, inEdges: inEdges, outEdges: outEdges, t: t, rules: rules)
        var evidence = Set(inEdges + outEdges)
        evidence.formUnion(k.sales)
        let ordered = evidence.sorted()
        return Screening(
            party: party.key, name: party.name, level: level,
            levelUpper: tests.map(\.levelUpper).max() ?? Level.none, insider: k.insider, insiderBecause: because,
            counts: tests[0].counts, bounds: tests[0].bounds, obtained: obtained, provided: provided, maxRule: maxRule,
            counting: Dictionary(uniqueKeysWithValues: k.all.map { ($0.0.rawValue, $0.1.exact != nil ? "exact" : "bounds") }),
            gains: Decimal(k.gainsFen) / 100, basis: level == .none ? [] : basis, tests: tests, duty: duty,
            dutyRows: dutyRows.sorted().map { t.label[$0] }, placements: placements, art6: art6,
            evidence: ordered.map { t.label[$0] }, rows: rows, gainsRows: k.sales.map { t.label[$0] },
            insiderRows: collectRows.map { t.label[$0] },
            locations: Dictionary(ordered.map { (t.label[$0], t.source[$0].description) }, uniquingKeysWith: { a, _ in a }),
            shares: tests[0].shares, notes: notes, warnings: warnings, assumptions: rules.assumptions)
    }

    /// Items 3-7 at the full thresholds, then item 8 on duty data for an insider.
    static func evaluate(_ k: Counted, t: TransferTable, rules: RuleSet) -> [ScreeningTest] {
        func test(_ name: String, _ counts: [(Category, CategoryCount)], gainsFen: Int64, sales: [Int], item8: Bool) -> ScreeningTest {
            let (level, basis, shares) = judge(counted: counts.map { ($0.0, $0.1.decided) }, gainsFen: gainsFen, item8: item8, rules: rules)
            let upper = judge(counted: counts.map { ($0.0, $0.1.upper) }, gainsFen: gainsFen, item8: item8, rules: rules).0
            return ScreeningTest(
                test: name, factor: item8 ? rules.insiderFactor : 1, level: level, levelUpper: max(level, upper),
                counts: Dictionary(uniqueKeysWithValues: counts.map { ($0.0.rawValue, $0.1.decided) }),
                bounds: Dictionary(uniqueKeysWithValues: counts.map { ($0.0.rawValue, $0.1) }),
                gains: Decimal(gainsFen) / 100, gainsRows: sales.map { t.label[$0] }, basis: basis, shares: shares,
                rows: Dictionary(uniqueKeysWithValues: counts.map { ($0.0.rawValue, $0.1.exact != nil ? $0.1.exactRows : $0.1.lowerRows) }))
        }
        var tests = [test("items 3-7", k.all, gainsFen: k.gainsFen, sales: k.sales, item8: false)]
        if k.insider && (!k.duty.isEmpty || !k.dutySales.isEmpty) {
            tests.append(test("item 8", k.duty, gainsFen: k.dutyGainsFen, sales: k.dutySales, item8: true))
        }
        return tests
    }

    /// Art. 6: the party only bought or received, passed nothing on, and reaches its level only
    /// through the records of the business-buyer tiers.
    static func businessBuyer(_ k: Counted, level: Level, inEdges: [Int], outEdges: [Int], t: TransferTable,
                              rules: RuleSet) -> BusinessBuyerFlag? {
        guard let bb = rules.businessBuyer, level != .none, outEdges.isEmpty, !inEdges.isEmpty,
              inEdges.allSatisfy({ t.mode[$0] != .collect }) else { return nil }
        let inTiers = { (c: Category) in rules.tier(of: c).map { bb.tiers.contains($0.id) } ?? false }
        let rest = k.all.filter { !inTiers($0.0) }
        guard judge(counted: rest.map { ($0.0, $0.1.decided) }, gainsFen: 0, item8: false, rules: rules).0 == .none else { return nil }
        let through = k.all.filter { inTiers($0.0) }.map { "\($0.0.rawValue) \($0.1.decided)" }.joined(separator: ", ")
        return BusinessBuyerFlag(
            reason: "art. 6 may apply: only bought or received, passed nothing on, and reaches \(level.words) only through tier \(bb.tiers.joined(separator: "/")) records (\(through))",
            note: bb.note, cite: bb.cite)
    }
}
