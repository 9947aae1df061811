import Foundation

/// The Fellegi-Sunter model behind suggestions (Fellegi and Sunter 1969; the form Splink uses).
///
/// Each comparison of two groups falls into one level; a level has `m` = P(level | same person) and
/// `u` = P(level | different people), and contributes the weight log2(m/u) bits. A comparison with no
/// data on one side contributes 0. The score of a pair is the sum of the weights: the log2 Bayes
/// factor. The prior (how rare a true pair is among all pairs) is left out of the score and absorbed
/// into the threshold. The defaults (the table is also in docs/identity.md):
///
/// | comparison | level | m | u | weight |
/// | --- | --- | --- | --- | --- |
/// | name | exact | 0.80 | 0.002 | 8.6 |
/// | name | same pinyin (李晓峰/李小峰) | 0.08 | 0.0005 | 7.3 |
/// | name | one character differs | 0.05 | 0.002 | 4.6 |
/// | name | masked name fits, two or more characters shown (`*建国`) | 0.05 | 0.001 | 5.6 |
/// | name | different | 0.02 | 0.99 | -5.6 |
/// | nickname | same nickname | 0.30 | 0.0005 | 9.2 |
/// | nickname | nickname made from the surname (老牛/牛建国) | 0.30 | 0.01 | 4.9 |
/// | phone | masked phone fits (`138****1234`) | 0.50 | 0.0002 | 11.3 |
/// | phone | full mobiles all differ | 0.30 | 0.95 | -1.7 |
/// | card | masked card fits | 0.50 | 0.0002 | 11.3 |
/// | resident ID | masked number fits (region and last 4 shown) | 0.50 | 0.0002 | 11.3 |
/// | account | masked WeChat/QQ/Alipay/email fits | 0.30 | 0.001 | 8.2 |
/// | landline | same landline | 0.20 | 0.002 | 6.6 |
/// | counterparties | 3 or more shared at the same times | 0.15 | 0.0001 | 10.6 |
/// | counterparties | 2 shared | 0.15 | 0.001 | 7.2 |
/// | counterparties | 1 shared | 0.20 | 0.005 | 5.3 |
/// | counterparties | none shared | 0.50 | 0.979 | -1.0 |
///
/// The u of an exact name is about the share of the most common full names in a population; the
/// m and u of masked values follow from the digits they show (7 of 11 for a phone). The default
/// threshold, 12 bits, lets no single weak comparison through: an exact name alone (8.6) or a masked
/// phone alone (11.3) is not enough, both together (19.9) are. Nickname levels count only when the
/// name comparison found no related full names (a nickname is mostly made from the surname, so
/// beside an equal name it would count the same evidence twice).
public struct MatchModel: Sendable {
    /// Probability of a level among true pairs (m) and among false pairs (u).
    public struct Probabilities: Sendable, Hashable {
        public var m: Double
        public var u: Double
        /// log2(m/u), in bits.
        public var weight: Double { log2(m / u) }
        public init(m: Double, u: Double) { self.m = m; self.u = u }
    }

    public static let defaultThreshold = 12.0

    public var table: [Comparison: [Comparison.Level: Probabilities]]

    public init(table: [Comparison: [Comparison.Level: Probabilities]]) { self.table = table }

    /// The weight of a level, 0 for a level the table lacks.
    public func weight(_ comparison: Comparison, _ level: Comparison.Level) -> Double {
        table[comparison]?[level]?.weight ?? 0
    }

    public static let standard = MatchModel(table: [
        .name: [
            .exact: .init(m: 0.80, u: 0.002), .samePinyin: .init(m: 0.08, u: 0.0005),
            .similar: .init(m: 0.05, u: 0.002), .maskedFits: .init(m: 0.05, u: 0.001),
            .different: .init(m: 0.02, u: 0.99),
        ],
        .nickname: [.exact: .init(m: 0.30, u: 0.0005), .madeFromSurname: .init(m: 0.30, u: 0.01)],
        .phone: [.maskedFits: .init(m: 0.50, u: 0.0002), .different: .init(m: 0.30, u: 0.95)],
        .card: [.maskedFits: .init(m: 0.50, u: 0.0002)],
        .residentID: [.maskedFits: .init(m: 0.50, u: 0.0002)],
        .account: [.maskedFits: .init(m: 0.30, u: 0.001)],
        .landline: [.exact: .init(m: 0.20, u: 0.002)],
        .counterparties: [
            .threeOrMore: .init(m: 0.15, u: 0.0001), .two: .init(m: 0.15, u: 0.001),
            .one: .init(m: 0.20, u: 0.005), .none: .init(m: 0.50, u: 0.979),
        ],
    ])
}

/// What a suggestion compares.
public enum Comparison: String, Sendable, Hashable, CaseIterable {
    case name, nickname, phone, card
    case residentID = "resident_id"
    case account, landline, counterparties

    /// The levels of a comparison; each comparison uses some of them.
    public enum Level: String, Sendable, Hashable {
        case exact
        case samePinyin = "same_pinyin"
        case similar
        case maskedFits = "masked_fits"
        case madeFromSurname = "made_from_surname"
        case different
        case threeOrMore = "three_or_more"
        case two, one, none
    }
}
