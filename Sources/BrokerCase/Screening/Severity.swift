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

/// One test of art. 5: items 3-7 on everything at the full thresholds, or item 8 on duty data
/// sold or provided at the insider thresholds.
public struct ScreeningTest: Sendable, Encodable, Equatable {
    /// `items 3-7` or `item 8`.
    public var test: String
    /// The factor applied to every threshold (1, or the insider factor).
    public var factor: Double
    public var level: Level
    /// The level the upper bounds of the counts would reach.
    public var levelUpper: Level
    /// The count each category is decided on (exact, else the lower bound).
    public var counts: [String: Int64]
    public var bounds: [String: CategoryCount]
    /// Gross proceeds of the sale rows this test looks at, yuan.
    public var gains: Decimal
    public var gainsRows: [String]
    /// The rule lines that fired.
    public var basis: [String]
    public var shares: [String: Double]
    /// The rows behind each decided count, by category.
    public var rows: [String: [String]]

    enum CodingKeys: String, CodingKey {
        case test, factor, level, counts, bounds, gains, basis, shares, rows
        case levelUpper = "level_upper", gainsRows = "gains_rows"
    }
}

/// A party that art. 6 (business buyers) may cover: flagged, its level is not changed.
public struct BusinessBuyerFlag: Sendable, Encodable, Equatable {
    public var reason: String
    public var note: String
    public var cite: String
}

/// One party's screening: counts per category, gains, the level reached, and the rule lines and
/// transfer rows behind it.
public struct Screening: Sendable, Encodable {
    public var party: String
    public var name: String
    /// The higher of the levels of `tests`.
    public var level: Level
    /// The level the upper bounds would reach (shown beside `level`, never deciding it).
    public var levelUpper: Level
    public var insider: Bool
    /// Why the party is an insider: `declared` (parties file), `collected` (a collect row),
    /// `marked` (the investigator marked batches as its duty data).
    public var insiderBecause: [String]
    /// Records counted per category for items 3-7: exact where known, else the lower bound.
    public var counts: [String: Int64]
    /// Art. 11 bounds (and exact count) per category, items 3-7.
    public var bounds: [String: CategoryCount]
    /// Records received or collected, per category (row sums).
    public var obtained: [String: Int64]
    /// Records passed on (sold, swapped, given), added over every row, per category.
    public var provided: [String: Int64]
    /// max(obtained, provided) per category, for comparison.
    public var maxRule: [String: Int64]
    /// How each category was counted: `exact` (residents listed) or `bounds`.
    public var counting: [String: String]
    /// Sum of `amount` on the party's sale rows, in yuan (gross proceeds).
    public var gains: Decimal
    /// The rule lines that fired, in words, over both tests.
    public var basis: [String]
    /// Items 3-7, and item 8 for an insider.
    public var tests: [ScreeningTest]
    /// Duty batches passed on, by category (`(no batch id)` for rows without one).
    public var duty: [String: [String]]
    /// Rows out that carried duty data.
    public var dutyRows: [String]
    /// Per disputed category the party holds: the level under each placement, by tier id.
    public var placements: [String: [String: Level]]
    /// Set when art. 6 (business buyers) may apply.
    public var art6: BusinessBuyerFlag?
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
    /// Sums of shares n / threshold over the categories with a tier, items 3-7.
    public var shares: [String: Double]
    /// Counting notes: batches counted by their distinct residents, open tier lists, and the like.
    public var notes: [String]
    /// Things an investigator should check (e.g. a batch passed on that was never received).
    public var warnings: [String]
    /// What the screening takes for granted (from the rule file).
    public var assumptions: [String]

    enum CodingKeys: String, CodingKey {
        case party, name, level, insider, counts, bounds, obtained, provided, gains, basis, tests, duty, placements, art6
        case evidence, rows, locations, shares, notes, counting, warnings, assumptions
        case levelUpper = "level_upper", insiderBecause = "insider_because", maxRule = "max_rule", gainsRows = "gains_rows"
        case insiderRows = "insider_rows", dutyRows = "duty_rows"
    }
}

extension Screening {
    /// The rows behind the counts of both tests: items 3-7 by category, then item 8's rows not
    /// already listed.
    public var rowsBehindLevel: [String] {
        var seen = Set<String>()
        var out: [String] = []
        for test in tests {
            for (_, rows) in test.rows.sorted(by: { $0.key < $1.key }) {
                for r in rows where seen.insert(r).inserted { out.append(r) }
            }
        }
        return out
    }

    /// One line for tables: art. 6, the level under each disputed placement, the warnings.
    public var flags: String {
        var out: [String] = []
        if art6 != nil { out.append("art. 6 may apply") }
        for (c, byTier) in placements.sorted(by: { $0.key < $1.key }) {
            out.append("\(c) by tier: " + byTier.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.words)" }.joined(separator: ", "))
        }
        if !warnings.isEmpty { out.append("\(warnings.count) warning\(warnings.count == 1 ? "" : "s")") }
        return out.joined(separator: "; ")
    }
}
