/// Resident ID numbers (居民身份证号, GB 11643-1999) and bank cards (ISO/IEC 7812, Luhn).
public enum ResidentIDNumber {
    /// Weights of the 17 body digits: 2^(17-i) mod 11 (ISO 7064 MOD 11-2).
    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]

    /// The check character of 17 body digits (ISO 7064 MOD 11-2, GB 11643-1999 §5.4): `0`-`9` or
    /// `X`, or nil when `body` is not 17 ASCII digits. O(1).
    public static func checkCharacter(_ body: String) -> Character? {
        let digits = Array(body.utf8)
        guard digits.count == 17, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        var sum = 0
        for i in 0..<17 { sum += Int(digits[i] - 48) * weights[i] }
        let check = (12 - sum % 11) % 11
        return check == 10 ? "X" : Character(String(check))
    }

    /// The normalised 18-character number, or nil when the value is not a valid number.
    ///
    /// Accepts the 18-character form (a lower-case `x` check is upper-cased) when its check character
    /// and birth date are valid, and the legacy 15-digit form (1984-1999 cards: `RRRRRRYYMMDDSSS`),
    /// upgraded by inserting the century `19` and computing the check character. O(1).
    public static func normalise(_ raw: String) -> String? {
        let compact = Fold.compact(raw).uppercased()
        let bytes = Array(compact.utf8)
        if bytes.count == 15 {
            guard Fold.isDigits(compact), bytes[0] != 48 else { return nil }
            let body = String(compact.prefix(6)) + "19" + String(compact.dropFirst(6))
            guard validBirthDate(body), let check = checkCharacter(body) else { return nil }
            return body + String(check)
        }
        guard bytes.count == 18, bytes[0] != 48 else { return nil }
        let body = String(compact.prefix(17))
        guard let check = checkCharacter(body), compact.last == check, validBirthDate(body) else { return nil }
        return compact
    }

    /// A masked number as bills print it (`370602********123X`): 18 positions of digits, `X` last,
    /// and `*`, with at least one `*` and at least four visible characters.
    static func masked(_ raw: String) -> String? {
        let compact = Fold.compact(raw).uppercased()
        guard compact.utf8.count == 18 else { return nil }
        var visible = 0, stars = 0
        for (i, byte) in compact.utf8.enumerated() {
            if byte == 42 { stars += 1 } else if (byte >= 48 && byte <= 57) || (byte == 88 && i == 17) { visible += 1 }
            else { return nil }
        }
        return stars > 0 && visible >= 4 ? compact : nil
    }

    /// Whether positions 6..<14 of `body` are a real date `YYYYMMDD` from 1800 to 2099.
    static func validBirthDate(_ body: String) -> Bool {
        let d = Array(body.utf8).map { Int($0) - 48 }
        guard d.count >= 14 else { return false }
        let year = d[6] * 1000 + d[7] * 100 + d[8] * 10 + d[9]
        let month = d[10] * 10 + d[11], day = d[12] * 10 + d[13]
        guard (1800...2099).contains(year), (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day <= days
    }
}

/// Bank card numbers: 12-19 digits passing the Luhn check.
public enum BankCardNumber {
    /// Whether the digits pass the Luhn (mod 10) check. O(n).
    public static func luhnValid(_ digits: String) -> Bool {
        guard Fold.isDigits(digits) else { return false }
        var sum = 0
        for (i, byte) in digits.utf8.reversed().enumerated() {
            var v = Int(byte - 48)
            if i % 2 == 1 { v *= 2; if v > 9 { v -= 9 } }
            sum += v
        }
        return sum % 10 == 0
    }

    /// The card's digits, or nil unless 12-19 digits pass Luhn. O(n).
    public static func normalise(_ raw: String) -> String? {
        let compact = Fold.compact(raw)
        guard (12...19).contains(compact.utf8.count), luhnValid(compact) else { return nil }
        return compact
    }

    /// A masked card (`6222 **** **** 1234`) with runs of `*` collapsed to one (`6222*1234`): the
    /// number of stars printed rarely equals the number of digits hidden. Needs 4 visible digits.
    static func masked(_ raw: String) -> String? {
        let compact = Fold.compact(raw)
        guard compact.utf8.count <= 40, Fold.isMasked(compact) else { return nil }
        let collapsed = Fold.collapseStars(compact)
        return collapsed.utf8.count - collapsed.utf8.filter({ $0 == 42 }).count >= 4 ? collapsed : nil
    }
}
