/// Account identifiers (WeChat, QQ, email, Alipay) and names. Each normaliser is O(n) in the
/// length of the value and returns nil for a value that cannot be one of its kind.
enum Account {
    /// WeChat ID, case-folded: 6-20 characters, a letter first, then letters, digits, `_` or `-`
    /// (WeChat's rule for IDs users choose; the `wxid_…` IDs WeChat assigns fit it too).
    static func wechat(_ raw: String) -> String? {
        let value = Fold.nfkc(raw).trimmingSpaces().lowercased()
        let bytes = Array(value.utf8)
        guard (6...20).contains(bytes.count), bytes[0] >= 97, bytes[0] <= 122 else { return nil }
        let ok = bytes.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 || $0 == 45 }
        return ok ? value : nil
    }

    /// QQ number: 5-11 digits, not starting with 0.
    static func qq(_ raw: String) -> String? {
        let value = Fold.compact(raw)
        guard (5...11).contains(value.utf8.count), Fold.isDigits(value), !value.hasPrefix("0") else { return nil }
        return value
    }

    /// Email, lower-cased: one `@`, a non-empty local part, a dotted domain, no spaces.
    static func email(_ raw: String) -> String? {
        let value = Fold.nfkc(raw).trimmingSpaces().lowercased()
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, value.utf8.count <= 254,
              parts[1].contains("." as Character), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !value.unicodeScalars.contains(where: { $0.properties.isWhitespace }) else { return nil }
        return value
    }

    /// Alipay account: a mobile (its 11 digits), an email (lower-cased), or another login name
    /// (lower-cased, no spaces, up to 64 characters).
    static func alipay(_ raw: String) -> String? {
        if case .mobile(let digits)? = Phone.parse(raw) { return digits }
        if let email = email(raw) { return email }
        let value = Fold.nfkc(raw).trimmingSpaces().lowercased()
        guard !value.isEmpty, value.count <= 64, !value.contains("*" as Character),
              !value.unicodeScalars.contains(where: { $0.properties.isWhitespace }) else { return nil }
        return value
    }

    /// Person name: NFKC, whitespace removed, Latin letters lower-cased, `•`/`.` between parts of
    /// a transcribed name written `·`. 1-64 characters; `*` marks a hidden character (`*建国`).
    static func name(_ raw: String) -> String? {
        var out = ""
        for character in Fold.nfkc(raw) {
            if character.isWhitespace { continue }
            if character == "•" || character == "." || character == "・" { out.append("·"); continue }
            out.append(contentsOf: character.lowercased())
        }
        guard !out.isEmpty, out.count <= 64, out.contains(where: { $0 != "*" && $0 != "·" }) else { return nil }
        return out
    }

    /// Nickname: as a name, 1-64 characters.
    static func nickname(_ raw: String) -> String? { name(raw) }
}

extension String {
    /// The string without leading and trailing whitespace. O(n).
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
