import Foundation

/// Text folding shared by the normalisers, and the phone normaliser.
///
/// Bills and ledgers write the same number as `+86 138 0535 1234`, `0086-138-0535-1234`,
/// `(138)05351234` or with full-width digits `１３８０５３５１２３４`. Folding applies Unicode NFKC
/// (full-width digits, letters and `＊` become ASCII) and drops the separators people type.
enum Fold {
    /// NFKC, skipped for text that it leaves unchanged. O(n) in the length of `text`.
    static func nfkc(_ text: String) -> String {
        // ASCII and CJK unified ideographs are unchanged by NFKC: skip ICU for them (names, numbers).
        if text.unicodeScalars.allSatisfy({ $0.value < 0x80 || (0x4E00...0x9FFF).contains($0.value) }) { return text }
        return text.precomposedStringWithCompatibilityMapping
    }

    /// NFKC, then removes whitespace and the separators `-`, `.`, `(`, `)`, `/`, `_`. O(n).
    static func compact(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {   // ASCII: drop separators byte by byte
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf8.count)
            for b in text.utf8 where !(b == 32 || b == 9 || b == 10 || b == 13 || b == 11 || b == 12 || b == 45 || b == 46 || b == 40 || b == 41 || b == 47 || b == 95) {
                bytes.append(b)
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        var out = String.UnicodeScalarView()
        for scalar in nfkc(text).unicodeScalars {
            switch scalar {
            case " ", "\t", "\n", "\r", "-", ".", "(", ")", "/", "_", "\u{3000}", "\u{00A0}", "\u{2014}", "\u{2013}":
                continue
            default:
                if scalar.properties.isWhitespace { continue }
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Whether every byte is an ASCII digit (and there is at least one).
    static func isDigits(_ text: Substring) -> Bool { !text.isEmpty && text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }
    static func isDigits(_ text: String) -> Bool { isDigits(text[...]) }

    /// Whether `text` holds only ASCII digits and `*`, with at least one `*` and one digit.
    static func isMasked(_ text: String, allowing extra: Set<UInt8> = []) -> Bool {
        var stars = 0, digits = 0
        for byte in text.utf8 {
            if byte == 42 { stars += 1 } else if byte >= 48 && byte <= 57 { digits += 1 }
            else if !extra.contains(byte) { return false }
        }
        return stars > 0 && digits > 0
    }

    /// Collapses each run of `*` into one `*`: bills write `6222 **** **** 1234` whatever the
    /// number of hidden digits.
    static func collapseStars(_ text: String) -> String {
        var out = ""
        var previousStar = false
        for character in text {
            if character == "*" { if !previousStar { out.append("*") }; previousStar = true }
            else { out.append(character); previousStar = false }
        }
        return out
    }
}

/// Mainland China phone numbers.
enum Phone {
    /// What a phone value normalises to.
    enum Parsed: Equatable {
        /// 11 digits, `1[3-9]X…`.
        case mobile(String)
        /// `0AAA-SSSSSSS`: area code (3 digits for 010 and 02X, else 4) and 7-8 digit subscriber.
        case landline(String)
        /// A mobile with hidden digits, 11 positions, e.g. `138****1234`.
        case maskedMobile(String)
    }

    /// Strips a `+86` or `0086` country prefix, or a bare `86` in front of a full mobile (13
    /// digits). Returns "" for another country's `+` prefix. O(n).
    static func stripCountry(_ compact: String) -> String {
        if compact.hasPrefix("+86") { return String(compact.dropFirst(3)) }
        if compact.hasPrefix("+") { return "" }
        if compact.hasPrefix("0086") { return String(compact.dropFirst(4)) }
        if compact.hasPrefix("86"), compact.utf8.count == 13, isMobile(String(compact.dropFirst(2))) {
            return String(compact.dropFirst(2))
        }
        return compact
    }

    /// Parses a phone number in any of the usual forms. O(n). Returns nil when it is not a
    /// mainland mobile, a landline with its area code, or a masked mobile.
    static func parse(_ raw: String) -> Parsed? {
        let compact = Fold.compact(raw)
        guard !compact.isEmpty, compact.utf8.count <= 24 else { return nil }
        let hadCountry = compact.hasPrefix("+") || compact.hasPrefix("0086")
        var d = stripCountry(compact)
        if Fold.isMasked(d) {
            guard d.utf8.count == 11, d.first == "1" || d.first == "*" else { return nil }
            return .maskedMobile(d)
        }
        guard Fold.isDigits(d) else { return nil }
        if isMobile(d) { return .mobile(d) }
        // +86 535 6123456: the trunk 0 of the area code is dropped in international form.
        if hadCountry && !d.hasPrefix("0") { d = "0" + d }
        return landline(d).map { .landline($0) }
    }

    /// `1[3-9]` followed by 9 digits.
    static func isMobile(_ d: String) -> Bool {
        let u = Array(d.utf8)
        return u.count == 11 && u[0] == 49 && u[1] >= 51 && u[1] <= 57 && u.allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    /// `0AAA-SSSSSSS` from digits that start with the trunk 0, or nil.
    static func landline(_ d: String) -> String? {
        guard d.hasPrefix("0"), !d.hasPrefix("00") else { return nil }
        let areaLength = (d.hasPrefix("01") || d.hasPrefix("02")) ? 3 : 4
        let subscriber = d.utf8.count - areaLength
        guard subscriber == 7 || subscriber == 8 else { return nil }
        let subscriberDigits = d.dropFirst(areaLength)
        guard subscriberDigits.first != "0", subscriberDigits.first != "1" else { return nil }
        return d.prefix(areaLength) + "-" + subscriberDigits
    }
}
