/// Strict number parsing for counts and money.
public enum Number {
    public enum Problem: Error, CustomStringConvertible {
        case notInteger, negative, tooLarge, notDecimal, tooManyDecimals
        public var description: String {
            switch self {
            case .notInteger: "not a whole number (digits only, e.g. 120)"
            case .negative: "negative"
            case .tooLarge: "too large"
            case .notDecimal: "not a decimal number (e.g. 1200 or 1200.50)"
            case .tooManyDecimals: "more than two decimal places (amounts are in yuan and fen)"
            }
        }
    }

    /// A record count: digits only (thousands separators `,` and `_` are not accepted), >= 0, < 2^63.
    public static func count(_ text: String) throws(Problem) -> Int64 {
        var text = text
        return try text.withUTF8 { utf8 in Result { () throws(Problem) in try count(utf8: utf8) } }.get()
    }

    /// `count(_:)` of text given as UTF-8 bytes.
    public static func count(utf8: UnsafeBufferPointer<UInt8>) throws(Problem) -> Int64 {
        var bytes = utf8[...]
        if bytes.first == UInt8(ascii: "-") {
            if bytes.count > 1, bytes.dropFirst().allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { throw .negative }
            throw .notInteger
        }
        if bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        guard !bytes.isEmpty, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { throw .notInteger }
        var value: Int64 = 0
        for b in bytes {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int64(b - 0x30))
            if o1 || o2 { throw .tooLarge }
            value = s
        }
        return value
    }

    /// An amount in yuan with at most two decimals (more only when they are zeros), returned in fen.
    public static func fen(_ text: String) throws(Problem) -> Int64 {
        var text = text
        return try text.withUTF8 { utf8 in Result { () throws(Problem) in try fen(utf8: utf8) } }.get()
    }

    /// `fen(_:)` of text given as UTF-8 bytes.
    public static func fen(utf8: UnsafeBufferPointer<UInt8>) throws(Problem) -> Int64 {
        var yuan: Int64 = 0, fen: Int64 = 0
        var digitsBefore = 0, digitsAfter = 0
        var seenPoint = false
        for b in utf8 {
            switch b {
            case 0x2D where digitsBefore == 0 && !seenPoint: throw .negative
            case 0x2E where !seenPoint: seenPoint = true
            case 0x30...0x39:
                let digit = Int64(b - 0x30)
                if !seenPoint {
                    let (m, o1) = yuan.multipliedReportingOverflow(by: 10)
                    let (s, o2) = m.addingReportingOverflow(digit)
                    if o1 || o2 { throw .tooLarge }
                    yuan = s
                    digitsBefore += 1
                } else {
                    digitsAfter += 1
                    if digitsAfter <= 2 { fen = fen * 10 + digit } else if digit != 0 { throw .tooManyDecimals }
                }
            default: throw .notDecimal
            }
        }
        guard digitsBefore + digitsAfter > 0, !seenPoint || digitsAfter > 0 else { throw .notDecimal }
        if digitsAfter == 1 { fen *= 10 }
        let (m, o1) = yuan.multipliedReportingOverflow(by: 100)
        let (s, o2) = m.addingReportingOverflow(fen)
        if o1 || o2 { throw .tooLarge }
        return s
    }

    /// Formats fen as yuan: `1200.5` for 120050, `800` for 80000.
    public static func yuan(_ fen: Int64) -> String {
        let whole = fen / 100, part = fen % 100
        if part == 0 { return String(whole) }
        return part % 10 == 0 ? "\(whole).\(part / 10)" : "\(whole).\(part < 10 ? "0" : "")\(part)"
    }
}
