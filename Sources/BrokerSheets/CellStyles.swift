/// Which cell styles (`s="N"`, an index into `cellXfs` of `xl/styles.xml`) show numbers as dates
/// or times, and how a date serial number becomes text.
struct CellStyles {
    /// Indexed by style; true when the style's number format is a date or time format.
    private(set) var isDate: [Bool] = []

    func isDateStyle(_ index: Int) -> Bool { index >= 0 && index < isDate.count && isDate[index] }

    /// Reads `xl/styles.xml`: custom `numFmts`, then the number format of each `cellXfs/xf`.
    static func read(_ scanner: inout XMLScanner) throws(XMLError) -> CellStyles {
        var custom: [Int: Bool] = [:]
        var styles = CellStyles()
        var inCellXfs = false
        while true {
            switch try scanner.next() {
            case .endOfDocument: return styles
            case .start:
                if scanner.nameIs("numFmt"), let id = scanner.intAttribute("numFmtId") {
                    custom[id] = isDateFormat(try scanner.attribute("formatCode") ?? "")
                    guard custom.count <= 1 << 16 else { throw XMLError("too many number formats") }
                } else if scanner.nameIs("cellXfs") {
                    inCellXfs = !scanner.isEmptyElement
                } else if inCellXfs && scanner.nameIs("xf") {
                    let id = scanner.intAttribute("numFmtId") ?? 0
                    styles.isDate.append(custom[id] ?? isBuiltInDate(id))
                    guard styles.isDate.count <= 1 << 20 else { throw XMLError("too many cell styles") }
                }
            case .end:
                if scanner.nameIs("cellXfs") { inCellXfs = false }
            case .text: continue
            }
        }
    }

    /// Built-in date and time formats: 14-22 and 45-47 in every locale, 27-36 and 50-58 in the
    /// East Asian ones (`yyyy"年"m"月"d"日"` and the like in a Chinese Excel).
    static func isBuiltInDate(_ id: Int) -> Bool {
        (14...22).contains(id) || (27...36).contains(id) || (45...47).contains(id) || (50...58).contains(id)
    }

    /// True when a custom format code shows a date or time: its first section has `y m d h s`
    /// outside quoted text, `[...]` brackets (colours, locales) and escaped characters.
    static func isDateFormat(_ code: String) -> Bool {
        var iterator = code.unicodeScalars.makeIterator()
        while let c = iterator.next() {
            switch c {
            case ";": return false
            case "\"": while let d = iterator.next(), d != "\"" {}
            case "[": while let d = iterator.next(), d != "]" {}
            case "\\", "_", "*": _ = iterator.next()
            case "y", "Y", "m", "M", "d", "D", "h", "H", "s", "S": return true
            default: continue
            }
        }
        return false
    }
}

/// Excel's date serial numbers as text.
enum ExcelDate {
    /// `yyyy-MM-dd HH:mm:ss`, or `yyyy-MM-dd` when the time is midnight, or `HH:mm:ss` for a
    /// time alone (a serial below 1 in the 1900 system); nil outside years 1900-9999.
    ///
    /// The 1900 system counts 1 as 1900-01-01 and keeps Lotus 1-2-3's fictitious 1900-02-29
    /// (serial 60): serials below 60 are one day later than a plain count from 1899-12-30, as
    /// openpyxl reads them. The 1904 system counts 0 as 1904-01-01. Times round to the second.
    static func text(serial: Double, date1904: Bool) -> String? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        var day = serial.rounded(.down)
        var seconds = ((serial - day) * 86_400).rounded()
        if seconds >= 86_400 { day += 1; seconds -= 86_400 }
        let secondsOfDay = Int(seconds)
        let time = two(secondsOfDay / 3600) + ":" + two(secondsOfDay / 60 % 60) + ":" + two(secondsOfDay % 60)
        if !date1904 && day < 1 { return time }
        var days = Int(day) + (date1904 ? -24_107 : -25_569)   // days from 1970-01-01
        if !date1904 && serial < 60 { days += 1 }
        let (y, m, d) = civil(days)
        let date = String(y) + "-" + two(m) + "-" + two(d)
        return secondsOfDay == 0 ? date : date + " " + time
    }

    private static func two(_ n: Int) -> String { n < 10 ? "0" + String(n) : String(n) }

    /// Year, month, day of a count of days from 1970-01-01 (Howard Hinnant's `civil_from_days`).
    static func civil(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
