/// A moment or a day, as seconds since 1970-01-01 UTC: `earliest...latest`.
///
/// A transfer known to the minute or second is a single point; one known only by its date spans
/// the whole day in the case's time zone, so a chain may pass between two transfers of that day.
public struct TimeSpan: Sendable, Equatable, Hashable {
    public var earliest: Int64
    public var latest: Int64
    public init(earliest: Int64, latest: Int64) { self.earliest = earliest; self.latest = latest }

    /// Whether this span covers a whole day rather than a moment.
    public var isDay: Bool { latest > earliest }
}

/// Parses and formats the ISO 8601 times of input files.
public enum CaseTime {
    /// The default case time zone: UTC+8 (China Standard Time), in seconds east of UTC.
    public static let defaultOffset = 8 * 3600

    /// Reasons a time is rejected.
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case notISO8601
        case noSuchDate
        case outOfRange(String)
        public var description: String {
            switch self {
            case .notISO8601:
                "not an ISO 8601 date or date-time (expected e.g. 2025-02-14, 2025-02-14 10:30 or 2025-02-14T10:30:00+08:00)"
            case .noSuchDate: "no such date (month or day out of range)"
            case .outOfRange(let what): "\(what) out of range"
            }
        }
    }

    /// Parses `YYYY-MM-DD`, or that followed by `T` or a space, `HH:MM`, optional `:SS` and
    /// fraction, and an optional offset (`Z`, `+08:00`, `+0800`, `+08`). A time without an offset is
    /// in the zone `offsetSeconds` east of UTC.
    /// - Complexity: O(length of text).
    public static func parse(_ text: String, offsetSeconds: Int = defaultOffset) throws(Problem) -> TimeSpan {
        var text = text
        return try text.withUTF8 { utf8 in
            Result { () throws(Problem) in try parse(utf8: utf8, offsetSeconds: offsetSeconds) }
        }.get()
    }

    /// `parse(_:offsetSeconds:)` of text given as UTF-8 bytes.
    public static func parse(utf8 text: UnsafeBufferPointer<UInt8>, offsetSeconds: Int = defaultOffset) throws(Problem) -> TimeSpan {
        var start = 0, end = text.count
        while end > start, text[end - 1] == 0x20 || text[end - 1] == 0x09 { end -= 1 }
        while start < end, text[start] == 0x20 || text[start] == 0x09 { start += 1 }
        let utf8 = UnsafeBufferPointer(rebasing: text[start..<end])
        var i = 0
        func number(_ digits: Int) throws(Problem) -> Int {
            guard i + digits <= utf8.count else { throw .notISO8601 }
            var value = 0
            for k in i..<(i + digits) {
                let c = utf8[k]
                guard c >= 0x30 && c <= 0x39 else { throw .notISO8601 }
                value = value * 10 + Int(c - 0x30)
            }
            i += digits
            return value
        }
        func expect(_ c: UInt8) throws(Problem) {
            guard i < utf8.count, utf8[i] == c else { throw .notISO8601 }
            i += 1
        }
        let year = try number(4); try expect(0x2D)
        let month = try number(2); try expect(0x2D)
        let day = try number(2)
        guard (1...12).contains(month) else { throw .noSuchDate }
        guard day >= 1 && day <= daysIn(month: month, year: year) else { throw .noSuchDate }
        let dayStart = Int64(daysFromCivil(year: year, month: month, day: day)) * 86_400
        if i == utf8.count {
            let start = dayStart - Int64(offsetSeconds)
            return TimeSpan(earliest: start, latest: start + 86_399)
        }
        guard utf8[i] == 0x54 || utf8[i] == 0x20 || utf8[i] == 0x74 else { throw .notISO8601 }
        i += 1
        let hour = try number(2); try expect(0x3A)
        let minute = try number(2)
        var second = 0
        if i < utf8.count && utf8[i] == 0x3A {
            i += 1
            second = try number(2)
            if i < utf8.count && (utf8[i] == 0x2E || utf8[i] == 0x2C) {
                i += 1
                let digitsStart = i
                while i < utf8.count && utf8[i] >= 0x30 && utf8[i] <= 0x39 { i += 1 }
                guard i > digitsStart else { throw .notISO8601 }
            }
        }
        guard hour < 24 && minute < 60 && second < 60 else { throw .outOfRange("time of day") }
        var offset = offsetSeconds
        if i < utf8.count {
            if utf8[i] == 0x5A || utf8[i] == 0x7A {
                offset = 0
                i += 1
            } else if utf8[i] == 0x2B || utf8[i] == 0x2D {
                let sign = utf8[i] == 0x2D ? -1 : 1
                i += 1
                let hours = try number(2)
                var minutes = 0
                if i < utf8.count {
                    if utf8[i] == 0x3A { i += 1 }
                    minutes = try number(2)
                }
                guard hours <= 14 && minutes < 60 else { throw .outOfRange("offset") }
                offset = sign * (hours * 3600 + minutes * 60)
            }
            guard i == utf8.count else { throw .notISO8601 }
        }
        let moment = dayStart + Int64(hour * 3600 + minute * 60 + second) - Int64(offset)
        return TimeSpan(earliest: moment, latest: moment)
    }

    /// Formats seconds since 1970 as `YYYY-MM-DD` in the zone `offsetSeconds` east of UTC.
    public static func date(_ seconds: Int64, offsetSeconds: Int = defaultOffset) -> String {
        let local = seconds + Int64(offsetSeconds)
        let days = Int(local >= 0 ? local / 86_400 : (local - 86_399) / 86_400)
        let (y, m, d) = civilFromDays(days)
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    /// Formats seconds since 1970 as `YYYY-MM-DDTHH:MM:SS+HH:MM` in the given zone.
    public static func dateTime(_ seconds: Int64, offsetSeconds: Int = defaultOffset) -> String {
        let local = seconds + Int64(offsetSeconds)
        let secondOfDay = Int(((local % 86_400) + 86_400) % 86_400)
        let sign = offsetSeconds < 0 ? "-" : "+"
        let off = abs(offsetSeconds)
        return date(seconds, offsetSeconds: offsetSeconds)
            + "T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
            + "\(sign)\(pad(off / 3600, 2)):\(pad(off / 60 % 60, 2))"
    }

    /// Formats a span: its date when it covers a day, else its date-time.
    public static func format(_ span: TimeSpan, offsetSeconds: Int = defaultOffset) -> String {
        span.isDay ? date(span.earliest, offsetSeconds: offsetSeconds)
            : dateTime(span.earliest, offsetSeconds: offsetSeconds)
    }

    /// Parses an offset written `+08:00`, `-0530`, `+8` or `UTC+8`, in seconds east of UTC.
    public static func parseOffset(_ text: String) -> Int? {
        var t = Substring(text.trimmingWhitespace().uppercased())
        if t.hasPrefix("UTC") { t = t.dropFirst(3) }
        if t.isEmpty || t == "Z" { return 0 }
        guard let sign = t.first, sign == "+" || sign == "-" else { return nil }
        let body = t.dropFirst()
        // Digits and one colon only: `Int` alone would also take a second sign ("+-8").
        guard body.allSatisfy({ ("0"..."9").contains($0) || $0 == ":" }) else { return nil }
        let parts = body.split(separator: ":", omittingEmptySubsequences: false)
        var hours = 0, minutes = 0
        if parts.count == 2 {
            guard let h = Int(parts[0]), let m = Int(parts[1]) else { return nil }
            hours = h; minutes = m
        } else if body.count == 4, let hm = Int(body) {
            hours = hm / 100; minutes = hm % 100
        } else if let h = Int(body), body.count <= 2 {
            hours = h
        } else { return nil }
        guard hours <= 14, minutes < 60 else { return nil }
        return (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
    }

    package static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    package static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    package static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp + (mp < 10 ? 3 : -9)
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
