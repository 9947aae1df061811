import Foundation

/// One normalised identifier: a kind and its canonical value.
///
/// A **partial** identifier is a masked value as bills print it (`138****1234`, `*建国`,
/// `6222*1234`, with runs of `*` collapsed where the printed width says nothing). It can support a
/// match (`fits`) but never decides one: the resolver never merges on a partial identifier.
///
/// Canonical values: mobiles as 11 digits, landlines `0AAA-SSSSSSS`, resident ID numbers in the
/// 18-character form, cards as digits, WeChat IDs, emails and Alipay logins lower-cased, names and
/// nicknames NFKC without whitespace. Comparable by kind rank, then value (deterministic order).
public struct Identifier: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let kind: IdentifierKind
    public let value: String
    public let isPartial: Bool

    /// Makes an identifier from a value already in canonical form (no validation).
    public init(canonical value: String, kind: IdentifierKind, isPartial: Bool = false) {
        self.kind = kind
        self.value = value
        self.isPartial = isPartial
    }

    /// Normalises and validates `raw` as a `kind`; nil when it is not a valid value of that kind.
    /// For `.mobile` and `.landline`, the value must be a phone of that kind (`phone(_:)` takes
    /// either). Masked values become partial identifiers. O(n) in the length of `raw`.
    public init?(_ kind: IdentifierKind, _ raw: String) {
        guard raw.utf8.count <= 1024 else { return nil }
        switch kind {
        case .mobile, .landline:
            guard let phone = Identifier.phone(raw), phone.kind == kind else { return nil }
            self = phone
        case .residentID:
            if let full = ResidentIDNumber.normalise(raw) { self.init(canonical: full, kind: kind) }
            else if let masked = ResidentIDNumber.masked(raw) { self.init(canonical: masked, kind: kind, isPartial: true) }
            else { return nil }
        case .bankCard:
            if let full = BankCardNumber.normalise(raw) { self.init(canonical: full, kind: kind) }
            else if let masked = BankCardNumber.masked(raw) { self.init(canonical: masked, kind: kind, isPartial: true) }
            else { return nil }
        case .name, .nickname:
            guard let value = kind == .name ? Account.name(raw) : Account.nickname(raw) else { return nil }
            self.init(canonical: value, kind: kind, isPartial: value.contains("*" as Character))
        case .wechat, .qq, .email, .alipay:
            let normalise: (String) -> String?
            switch kind {
            case .wechat: normalise = Account.wechat
            case .qq: normalise = Account.qq
            case .email: normalise = Account.email
            default: normalise = Account.alipay
            }
            if let value = normalise(raw) { self.init(canonical: value, kind: kind); return }
            // Masked account: valid once each `*` is read as a character the kind allows.
            let starred = Fold.nfkc(raw).trimmingSpaces().lowercased()
            guard starred.contains("*" as Character),
                  normalise(starred.replacingOccurrences(of: "*", with: kind == .qq ? "1" : "a")) != nil
            else { return nil }
            let masked = Fold.collapseStars(starred)
            guard masked.filter({ $0 != "*" }).count >= 3 else { return nil }
            self.init(canonical: masked, kind: kind, isPartial: true)
        }
    }

    /// A phone in any usual form: a mobile, a landline with its area code, or a masked mobile. O(n).
    public static func phone(_ raw: String) -> Identifier? {
        switch Phone.parse(raw) {
        case .mobile(let d)?: return Identifier(canonical: d, kind: .mobile)
        case .landline(let d)?: return Identifier(canonical: d, kind: .landline)
        case .maskedMobile(let d)?: return Identifier(canonical: d, kind: .mobile, isPartial: true)
        case nil: return nil
        }
    }

    /// The identifier a party named by `text` carries, when `text` is one: a resident ID number with
    /// a valid check character, a phone in any usual form (also masked), a bank card passing Luhn, or
    /// an email. Nil for anything else (a name, a nickname): those are not detected. O(n).
    public static func detect(_ text: String) -> Identifier? {
        guard text.utf8.count <= 64 else { return nil }
        // Every detected kind holds ASCII or full-width digits, or an `@`: a plain name is none.
        guard text.unicodeScalars.contains(where: { ("0"..."9").contains($0) || ("０"..."９").contains($0) || $0 == "@" || $0 == "＠" })
        else { return nil }
        let compact = Fold.compact(text)
        guard !compact.isEmpty else { return nil }
        if compact.contains("@" as Character) { return Identifier(.email, text).flatMap { $0.isPartial ? nil : $0 } }
        if let id = ResidentIDNumber.normalise(compact) { return Identifier(canonical: id, kind: .residentID) }
        if let phone = phone(compact) { return phone }
        if let card = BankCardNumber.normalise(compact) { return Identifier(canonical: card, kind: .bankCard) }
        return nil
    }

    /// The kind and value under which strong identifiers are matched: an Alipay account that is a
    /// mobile number or an email matches that mobile or email.
    var matchKey: Identifier {
        guard kind == .alipay, !isPartial else { return self }
        if Phone.isMobile(value) { return Identifier(canonical: value, kind: .mobile) }
        if value.contains("@" as Character) { return Identifier(canonical: value, kind: .email) }
        return self
    }

    /// Whether this (partial) identifier fits the full identifier `other`: same kind and every visible
    /// character agrees. Masked mobiles, resident IDs and names hide one character per `*`; other
    /// kinds collapse runs of `*`, and each `*` stands for one or more characters. A full identifier
    /// fits only an equal one. O(n·m) worst case for collapsed masks, O(n) otherwise.
    public func fits(_ other: Identifier) -> Bool {
        guard matchKey.kind == other.matchKey.kind || kind == other.kind else { return false }
        if !isPartial { return !other.isPartial && matchKey == other.matchKey }
        if other.isPartial { return false }
        let pattern = Array(value), text = Array(other.value)
        switch kind {
        case .mobile, .residentID, .name:
            guard pattern.count == text.count else { return false }
            return zip(pattern, text).allSatisfy { $0 == "*" || $0 == $1 }
        default:
            return Identifier.glob(pattern[...], text[...])
        }
    }

    /// `*` matches one or more characters. Iterative with one backtrack point (linear in practice).
    static func glob(_ pattern: ArraySlice<Character>, _ text: ArraySlice<Character>) -> Bool {
        var p = pattern.startIndex, t = text.startIndex
        var star: Int? = nil, starText = t
        while t < text.endIndex {
            if p < pattern.endIndex, pattern[p] == "*" {
                star = p; p += 1; t += 1; starText = t          // the star takes at least one character
            } else if p < pattern.endIndex, pattern[p] == text[t] {
                p += 1; t += 1
            } else if let s = star {
                p = s + 1; starText += 1; t = starText           // the star takes one more character
            } else {
                return false
            }
        }
        return p == pattern.endIndex
    }

    public static func < (a: Identifier, b: Identifier) -> Bool {
        if a.kind != b.kind { return a.kind < b.kind }
        if a.value != b.value { return a.value < b.value }
        return !a.isPartial && b.isPartial
    }

    /// `kind:value`, the form of a parties-file column.
    public var description: String { "\(kind.rawValue):\(value)" }
}
