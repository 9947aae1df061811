import BrokerCase

/// Parsers for values written the way seized ledgers and bills write them: dates such as
/// `2025/3/1 14:03`, `2025年3月1日` or an Excel serial number, counts such as `3000条`, `3千` or
/// `1.2万`, amounts such as `¥1,500.00`, `1500元` or `0.15万元`.
///
/// Each returns the canonical text that the checked rows read (ISO 8601 time, digits, decimal
/// yuan), so the case's own rules (`CaseTime`, `Number`) still decide what is valid: a date
/// without a time spans its day. Problems say what was expected, never the value.
public enum SeizedValue {
    /// Why a value was refused.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    /// Excel serial day numbers read as dates when a time cell holds a plain number: 1954 to 2119.
    static let excelSerials = 20_000.0...80_000.0

    // MARK: - Time

    /// A time as ISO text (`2025-03-01`, `2025-03-01 14:03`, `2025-03-01 14:03:05`, or an ISO
    /// date-time with offset passed on as written).
    ///
    /// Accepts ISO 8601; `Y/M/D`, `Y.M.D`, `Y-M-D` with one- or two-digit month and day;
    /// `Y年M月D日` (or `号`); `YYYYMMDD`; each optionally followed by a time `H:MM`, `H:MM:SS`
    /// (full-width colons too) or `H时M分[S秒]`/`H点M分`; and Excel serial numbers (days since
    /// 1899-12-30, the fraction being the time of day).
    /// - Complexity: O(length of text).
    public static func time(_ raw: String) throws(Problem) -> String {
        // Fast path: ISO text as plain files write it (the row's own check parses it).
        if looksISO(raw) { return raw }
        if let text = slashed(raw) { return text }
        let text = halfWidth(raw).trimmingWhitespace()
        guard !text.isEmpty else { throw Problem("empty") }
        if (try? CaseTime.parse(text)) != nil { return text }
        if let serial = Double(text), text.first?.isNumber == true {
            if text.count == 8, !text.contains("."), let ymd = Int(text) {
                return try canonical(year: ymd / 10_000, month: ymd / 100 % 100, day: ymd % 100, clock: nil)
            }
            guard excelSerials.contains(serial) else {
                throw Problem("a number that is not an Excel date serial (expected a date such as 2025/3/1 14:03, 2025年3月1日 or a serial between 20000 and 80000)")
            }
            return excelSerial(serial)
        }
        // Runs of digits and the text between them: numbers[i] is followed by separators[i].
        var numbers: [Int] = [], separators: [String] = [], digits = "", between = ""
        guard text.first!.isASCII && text.first!.isNumber else { throw unreadable }
        for c in text {
            if c.isASCII && c.isNumber {
                if !between.isEmpty { separators.append(between); between = "" }
                digits.append(c)
                guard digits.count <= 4 else { throw unreadable }
            } else {
                if !digits.isEmpty { numbers.append(Int(digits)!); digits = "" }
                between.append(c)
            }
        }
        if !digits.isEmpty { numbers.append(Int(digits)!) }
        let trailing = between.trimmingWhitespace()
        let seps = separators.map { $0.trimmingWhitespace() }
        guard [3, 5, 6].contains(numbers.count), seps.count == numbers.count - 1, numbers[0] >= 1000 else { throw unreadable }
        guard (seps[0] == "年" && seps[1] == "月") || (["-", "/", "."].contains(seps[0]) && seps[1] == seps[0]) else {
            throw unreadable
        }
        let date = (numbers[0], numbers[1], numbers[2])
        if numbers.count == 3 {
            guard ["", "日", "号"].contains(trailing) else { throw unreadable }
            return try canonical(year: date.0, month: date.1, day: date.2, clock: nil)
        }
        // Between day and hour: white space, `T`, or 日/号.
        guard ["T", "日", "号"].contains(seps[2]) || (seps[2].isEmpty && !separators[2].isEmpty) else { throw unreadable }
        let colon = seps[3] == ":"
        guard colon || seps[3] == "时" || seps[3] == "点" else { throw unreadable }
        var second: Int?
        if numbers.count == 5 {
            guard colon ? trailing.isEmpty : ["", "分"].contains(trailing) else { throw unreadable }
        } else {
            guard colon ? seps[4] == ":" && trailing.isEmpty : seps[4] == "分" && ["", "秒"].contains(trailing) else {
                throw unreadable
            }
            second = numbers[5]
        }
        return try canonical(year: date.0, month: date.1, day: date.2, clock: (numbers[3], numbers[4], second))
    }

    /// `YYYY-MM-DD` followed only by ISO time characters: left to `CaseTime.parse`.
    @inline(__always) static func looksISO(_ text: String) -> Bool {
        var i = 0
        for b in text.utf8 {
            switch i {
            case 4, 7: guard b == 0x2D else { return false }
            case 0..<10: guard b >= 0x30 && b <= 0x39 else { return false }
            default:
                guard (b >= 0x30 && b <= 0x3A) || b == 0x20 || b == 0x54 || b == 0x2B || b == 0x2D || b == 0x2E || b == 0x5A else { return false }
            }
            i += 1
        }
        return i >= 10
    }

    /// `Y/M/D`, `Y.M.D` or `Y-M-D` with one- or two-digit month and day, optionally followed by a
    /// space and `H:MM` or `H:MM:SS`, in ASCII: the common seized forms, read byte by byte.
    /// `nil` for anything else (the general reader decides).
    static func slashed(_ text: String) -> String? {
        var numbers = (0, 0, 0, 0, 0, -1), index = 0, digits = 0, separator: UInt8 = 0
        func set(_ value: Int) {
            switch index { case 0: numbers.0 = value; case 1: numbers.1 = value; case 2: numbers.2 = value
            case 3: numbers.3 = value; case 4: numbers.4 = value; default: numbers.5 = value }
        }
        var value = 0
        for b in text.utf8 {
            if b >= 0x30 && b <= 0x39 {
                value = value * 10 + Int(b - 0x30); digits += 1
                guard digits <= (index == 0 ? 4 : 2) else { return nil }
                continue
            }
            guard digits > 0, index < 5 else { return nil }
            switch index {
            case 0: guard digits == 4, b == 0x2F || b == 0x2E || b == 0x2D else { return nil }; separator = b
            case 1: guard b == separator else { return nil }
            case 2: guard b == 0x20 else { return nil }
            default: guard b == 0x3A, digits == 2 || index == 3 else { return nil }
            }
            set(value); index += 1; value = 0; digits = 0
        }
        guard digits > 0 else { return nil }
        set(value)
        guard index == 2 || index == 4 || index == 5, index < 4 || digits == 2 else { return nil }
        let clock: (Int, Int, Int?)? = index >= 4 ? (numbers.3, numbers.4, index == 5 ? numbers.5 : nil) : nil
        return try? canonical(year: numbers.0, month: numbers.1, day: numbers.2, clock: clock)
    }

    /// Digits with at most one point and two decimals (what `Number.fen` takes as is).
    @inline(__always) static func isPlainDecimal(_ text: String) -> Bool {
        var digits = 0, point = false, decimals = 0
        for b in text.utf8 {
            if b >= 0x30 && b <= 0x39 { if point { decimals += 1 } else { digits += 1 } }
            else if b == 0x2E && !point { point = true } else { return false }
        }
        return digits > 0 && digits <= 15 && decimals <= 2 && (!point || decimals > 0)
    }

    private static let unreadable = Problem("not a date or date-time (expected e.g. 2025-03-01 14:03, 2025/3/1 14:03, 2025年3月1日, 2025.03.01 or an Excel date serial)")

    /// `YYYY-MM-DD[ HH:MM[:SS]]`, checked to exist.
    static func canonical(year: Int, month: Int, day: Int, clock: (Int, Int, Int?)?) throws(Problem) -> String {
        guard (1...12).contains(month), day >= 1, day <= CaseTime.daysIn(month: month, year: year) else {
            throw Problem("no such date (month or day out of range)")
        }
        guard (0...9999).contains(year) else { throw Problem("year out of range") }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(19)
        func two(_ n: Int) { bytes.append(0x30 + UInt8(n / 10)); bytes.append(0x30 + UInt8(n % 10)) }
        two(year / 100); two(year % 100); bytes.append(0x2D); two(month); bytes.append(0x2D); two(day)
        if let (h, m, s) = clock {
            guard h < 24, m < 60, (s ?? 0) < 60 else { throw Problem("time of day out of range") }
            bytes.append(0x20); two(h); bytes.append(0x3A); two(m)
            if let s { bytes.append(0x3A); two(s) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// An Excel serial (days since 1899-12-30, fraction = time of day, to the nearest second) as ISO text.
    static func excelSerial(_ serial: Double) -> String {
        let seconds = Int64((serial * 86_400).rounded())
        let days = Int(seconds / 86_400), secondOfDay = Int(seconds % 86_400)
        let (y, m, d) = CaseTime.civilFromDays(days - 25_569)
        var text = "\(CaseTime.pad(y, 4))-\(CaseTime.pad(m, 2))-\(CaseTime.pad(d, 2))"
        if secondOfDay != 0 || serial != serial.rounded(.down) {
            text += " \(CaseTime.pad(secondOfDay / 3600, 2)):\(CaseTime.pad(secondOfDay / 60 % 60, 2))"
            if secondOfDay % 60 != 0 { text += ":\(CaseTime.pad(secondOfDay % 60, 2))" }
        }
        return text
    }

    // MARK: - Counts and amounts

    /// A record count as digits: `3000`, `3,000`, `3000条`, `3千`, `1.2万`, `2w`; the result must be whole.
    public static func count(_ raw: String) throws(Problem) -> String {
        if !raw.isEmpty, raw.utf8.count <= 18, raw.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return raw }   // digits only
        if let value = digitsAndUnit(raw) { return String(value) }
        var text = Substring(halfWidth(raw).trimmingWhitespace())
        for unit in countUnits where text.utf8.count > unit.count && text.utf8.suffix(unit.count).elementsEqual(unit) {
            text = Substring(String(decoding: text.utf8.dropLast(unit.count), as: UTF8.self).trimmingWhitespace()); break
        }
        let (value, _) = try scaled(text, decimals: 0, what: "count", example: "3000, 3000条, 3千 or 1.2万")
        return String(value)
    }

    /// 1 to 18 ASCII digits and one of `countUnits` (`1200条`), read byte by byte; `nil` for
    /// anything else (the general reader decides).
    static func digitsAndUnit(_ raw: String) -> Int64? {
        var value: Int64 = 0, digits = 0
        for b in raw.utf8 {
            guard b >= 0x30 && b <= 0x39 else { break }
            digits += 1
            guard digits <= 18 else { return nil }
            value = value * 10 + Int64(b - 0x30)
        }
        guard digits > 0 else { return nil }
        let unit = raw.utf8.dropFirst(digits)
        return countUnits.contains { unit.elementsEqual($0) } ? value : nil
    }

    /// Units written after a count, as UTF-8 (longest first).
    private static let countUnits: [[UInt8]] = ["条记录", "条数据", "条", "人", "户", "个", "份"].map { Array($0.utf8) }
    /// Currency signs before an amount and units after it, as UTF-8.
    private static let currencyPrefixes: [[UInt8]] = ["¥", "￥", "RMB", "CNY"].map { Array($0.utf8) }
    private static let currencySuffixes: [[UInt8]] = ["元", "RMB", "CNY"].map { Array($0.utf8) }

    /// An amount in yuan as decimal text (`1500`, `1500.5`): `1500`, `¥1,500.00`, `1500元`,
    /// `0.15万元`, `RMB 1500`. A leading minus (a bill's expense) is refused unless `signed`.
    public static func amount(_ raw: String, signed: Bool = false) throws(Problem) -> String {
        if isPlainDecimal(raw) { return raw }
        if let fen = currencyDecimal(raw) { return Number.yuan(fen) }
        var text = Substring(halfWidth(raw).trimmingWhitespace())
        var negative = false
        if text.hasPrefix("-") || text.hasPrefix("−") { negative = true; text = text.dropFirst() }
        else if text.hasPrefix("+") { text = text.dropFirst() }
        for prefix in currencyPrefixes where text.utf8.starts(with: prefix) {
            text = Substring(String(decoding: text.utf8.dropFirst(prefix.count), as: UTF8.self).trimmingWhitespace()); break
        }
        if text.hasPrefix("-") { negative = true; text = text.dropFirst() }
        for suffix in currencySuffixes where text.utf8.count > suffix.count && text.utf8.suffix(suffix.count).elementsEqual(suffix) {
            text = Substring(String(decoding: text.utf8.dropLast(suffix.count), as: UTF8.self).trimmingWhitespace()); break
        }
        if negative && !signed { throw Problem("negative (amounts are what was paid, 0 or more)") }
        let (fen, _) = try scaled(text, decimals: 2, what: "amount", example: "1500, ¥1,500.00, 1500元 or 0.15万元")
        return Number.yuan(fen)
    }

    /// `¥` or `￥`, then digits with at most one point and two decimals (`¥1500.00`), read byte by
    /// byte, in fen; `nil` for anything else (the general reader decides).
    static func currencyDecimal(_ raw: String) -> Int64? {
        let utf8 = raw.utf8
        let sign = utf8.starts(with: [0xC2, 0xA5]) ? 2 : utf8.starts(with: [0xEF, 0xBF, 0xA5]) ? 3 : 0
        guard sign > 0 else { return nil }
        var whole: Int64 = 0, fen: Int64 = 0, digits = 0, decimals = 0, point = false
        for b in utf8.dropFirst(sign) {
            if b >= 0x30 && b <= 0x39 {
                if point {
                    decimals += 1
                    guard decimals <= 2 else { return nil }
                    fen += Int64(b - 0x30) * (decimals == 1 ? 10 : 1)
                } else {
                    digits += 1
                    guard digits <= 15 else { return nil }
                    whole = whole * 10 + Int64(b - 0x30)
                }
            } else if b == 0x2E && !point && digits > 0 {
                point = true
            } else {
                return nil
            }
        }
        guard digits > 0, !point || decimals > 0 else { return nil }
        return whole * 100 + fen
    }

    /// A decimal with optional thousands separators and a 千/万/k/w multiplier, as an integer
    /// in units of 10^-decimals; exact or refused.
    private static func scaled(_ text: Substring, decimals: Int, what: String, example: String) throws(Problem) -> (Int64, Bool) {
        var body = text
        var multiplier: Int64 = 1
        // A multiplier at the end: k/K 千 (E5 8D 83), w/W 万 (E4 B8 87), 亿 (E4 BA BF), 百 (E7 99 BE).
        let tail = Array(body.utf8.suffix(3))
        switch tail.last {
        case UInt8(ascii: "k"), UInt8(ascii: "K"): multiplier = 1_000; body = body.dropLast()
        case UInt8(ascii: "w"), UInt8(ascii: "W"): multiplier = 10_000; body = body.dropLast()
        default:
            if tail.count == 3 {
                switch (tail[0], tail[1], tail[2]) {
                case (0xE5, 0x8D, 0x83): multiplier = 1_000
                case (0xE4, 0xB8, 0x87): multiplier = 10_000
                case (0xE4, 0xBA, 0xBF): multiplier = 100_000_000
                case (0xE7, 0x99, 0xBE): multiplier = 100
                default: break
                }
                if multiplier != 1 { body = body.dropLast() }
            }
        }
        var bad: Problem { Problem("not a \(what) (expected e.g. \(example))") }
        guard !body.isEmpty else { throw bad }
        var whole: Int64 = 0, fraction: Int64 = 0, fractionDigits = 0, seenPoint = false, groupDigits = 0, grouped = false
        for c in body.utf8 {
            switch c {
            case 0x30...0x39:
                if seenPoint {
                    fractionDigits += 1
                    guard fractionDigits <= 12 else { throw bad }
                    fraction = fraction * 10 + Int64(c - 0x30)
                } else {
                    let (m, o1) = whole.multipliedReportingOverflow(by: 10)
                    let (s, o2) = m.addingReportingOverflow(Int64(c - 0x30))
                    if o1 || o2 { throw Problem("too large") }
                    whole = s
                    groupDigits += 1
                }
            case 0x2C where !seenPoint:   // thousands separator: groups of three after the first
                guard groupDigits > 0, !grouped || groupDigits == 3 else { throw bad }
                if grouped || groupDigits <= 3 { grouped = true; groupDigits = 0 } else { throw bad }
            case 0x2E where !seenPoint:
                guard !grouped || groupDigits == 3 else { throw bad }
                seenPoint = true
            default: throw bad
            }
        }
        guard groupDigits > 0 || seenPoint, !grouped || seenPoint || groupDigits == 3,
              !seenPoint || fractionDigits > 0 else { throw bad }
        // value = (whole + fraction / 10^fd) * multiplier * 10^decimals, which must be whole.
        var scale: Int64 = 1
        for _ in 0..<fractionDigits { scale *= 10 }
        var unit = multiplier
        for _ in 0..<decimals { unit *= 10 }
        let (wholeUnits, o1) = whole.multipliedReportingOverflow(by: unit)
        let (fractionUnits, o2) = fraction.multipliedReportingOverflow(by: unit)
        if o1 || o2 { throw Problem("too large") }
        guard fractionUnits % scale == 0 else {
            throw Problem(decimals == 0 ? "not a whole number of records" : "more than two decimal places (amounts are in yuan and fen)")
        }
        let (total, o3) = wholeUnits.addingReportingOverflow(fractionUnits / scale)
        if o3 { throw Problem("too large") }
        return (total, multiplier != 1)
    }

    /// Full-width digits, letters, signs and the ideographic space as ASCII.
    static func halfWidth(_ text: String) -> String {
        // U+FF01...U+FF5E are EF BC 81 ... EF BD 9E in UTF-8; U+3000 is E3 80 80.
        var previous: UInt8 = 0, any = false
        for b in text.utf8 {
            if (previous == 0xEF && (b == 0xBC || b == 0xBD)) || (previous == 0xE3 && b == 0x80) { any = true; break }
            previous = b
        }
        guard any, text.unicodeScalars.contains(where: { $0.value == 0x3000 || (0xFF01...0xFF5E).contains($0.value) }) else {
            return text
        }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if (0xFF01...0xFF5E).contains(s.value) && s.value != 0xFFE5 { out.append(Unicode.Scalar(s.value - 0xFEE0)!) }
            else if s.value == 0x3000 { out.append(" ") } else { out.append(s) }
        }
        return String(out)
    }
}
