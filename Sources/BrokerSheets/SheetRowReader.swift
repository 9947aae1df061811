/// One row of a sheet: its 1-based row number in the sheet, and its cells as text from column A
/// to the last cell the row holds ("" for an empty cell).
public struct SheetRow: Sendable, Equatable {
    public var number: Int
    public var cells: [String]
    public init(number: Int, cells: [String]) { self.number = number; self.cells = cells }
}

/// Streams a worksheet's rows (`<sheetData>`), in the order stored, in memory bounded by the
/// widest row.
///
/// - Rows the file does not hold (the row number jumps) are skipped, not yielded as empty: the
///   row `number` tells where each row is. A row the file does hold is yielded even when it has no
///   value (its `cells` then empty, or all "").
/// - Cells the file does not hold (`C5` right after `A5`) are filled with "". Rows are not padded
///   to a common width.
/// - Cell text: shared and inline strings (rich-text runs joined), formula results as stored
///   (formulas are not evaluated), `TRUE`/`FALSE`, error codes such as `#DIV/0!`, numbers as
///   stored (`1500` stays `1500`; see `numberText`), and numbers in a date or time style as
///   `yyyy-MM-dd HH:mm:ss` / `yyyy-MM-dd` / `HH:mm:ss` (see `ExcelDate`).
public final class SheetRowReader {
    public let file: String
    public let sheet: String
    /// Taken out while a row is read, so that the hot loop works on a local value.
    private var parser: SheetParser?
    private var lastRow = 0

    /// Most columns in a row (Excel's limit: XFD).
    static let maxColumns = 16_384
    /// Highest row number (Excel's limit).
    static let maxRow = 1_048_576

    init(file: String, sheet: String, scanner: XMLScanner, sharedStrings: [String], styles: CellStyles, date1904: Bool) {
        self.file = file; self.sheet = sheet
        parser = SheetParser(scanner: scanner, sharedStrings: sharedStrings, styles: styles, date1904: date1904)
    }

    /// The next row, or nil after the last one (and after an error).
    /// - Complexity: O(bytes of the row's XML).
    public func next() throws(SheetError) -> SheetRow? {
        guard var parser = parser.take() else { return nil }
        do {
            let row = try parser.nextRow()
            if let row { lastRow = row.number; self.parser = parser }
            return row
        } catch {
            let row = max(lastRow, parser.lastRow)
            if let source = error.source { throw SheetError(file: file, sheet: sheet, row: row, source.message) }
            throw SheetError(file: file, sheet: sheet, row: row, error.message)
        }
    }

    /// The 1-based column of a reference such as `C5`; nil if it is not one.
    static func column(of ref: ArraySlice<UInt8>) -> Int? { SheetParser.column(of: ref) }

    /// See `SheetParser.numberText`.
    static func numberText(_ text: String, count: Int) -> String { SheetParser.numberText(text, count: count) }
}

/// The row reader's state and its work, as a value (no reference-counting or exclusivity checks in
/// the hot loop).
struct SheetParser {
    private var scanner: XMLScanner
    private let sharedStrings: [String]
    private let styles: CellStyles
    private let date1904: Bool
    private var inSheetData = false
    private(set) var lastRow = 0
    private var value: [UInt8] = []
    private var cells: [String] = []
    private var width = 8

    init(scanner: XMLScanner, sharedStrings: [String], styles: CellStyles, date1904: Bool) {
        self.scanner = scanner; self.sharedStrings = sharedStrings; self.styles = styles; self.date1904 = date1904
        value.reserveCapacity(64)
    }

    private enum Kind { case number, shared, inline, text, boolean }

    mutating func nextRow() throws(XMLError) -> SheetRow? {
        while !inSheetData {
            switch try scanner.next() {
            case .endOfDocument: throw XMLError("not a worksheet (no sheetData)")
            case .start where scanner.nameIs("sheetData"):
                if scanner.isEmptyElement { return nil }
                inSheetData = true
            default: continue
            }
        }
        while true {
            switch try scanner.next() {
            case .endOfDocument: throw XMLError("sheet data ends early (truncated?)")
            case .end where scanner.nameIs("sheetData"):
                return nil
            case .start where scanner.nameIs("row"):
                let number = scanner.intAttribute("r") ?? lastRow + 1
                guard number >= 1 && number <= SheetRowReader.maxRow else { throw XMLError("row number out of range") }
                lastRow = number
                cells = []
                cells.reserveCapacity(width)
                if !scanner.isEmptyElement { try readCells() }
                width = max(width, cells.count)
                return SheetRow(number: number, cells: cells)
            default: continue
            }
        }
    }

    /// Reads the cells of the current row up to `</row>`.
    private mutating func readCells() throws(XMLError) {
        while true {
            switch try scanner.next() {
            case .endOfDocument: throw XMLError("row ends early (truncated?)")
            case .end where scanner.nameIs("row"): return
            case .start where scanner.nameIs("c"): try readCell()
            default: continue
            }
        }
    }

    /// Reads one `<c>` element at its start tag and appends its text to `cells`.
    private mutating func readCell() throws(XMLError) {
        var column = cells.count + 1
        if let ref = scanner.withAttribute("r", Self.column(of:)) {
            guard let ref else { throw XMLError("bad cell reference") }
            column = ref
        }
        guard column > cells.count else { throw XMLError("cells out of order") }
        guard column <= SheetRowReader.maxColumns else { throw XMLError("column beyond XFD") }
        let kind = scanner.withAttribute("t", Self.kind(of:)) ?? .number
        let style = scanner.intAttribute("s") ?? 0
        value.removeAll(keepingCapacity: true)
        if !scanner.isEmptyElement {
            // Text counts inside <v>, and inside <is>'s <t> outside phonetic runs <rPh>.
            var inValue = false, inInline = false, inText = false
            var phonetic = 0
            loop: while true {
                switch try scanner.next() {
                case .endOfDocument: throw XMLError("cell ends early (truncated?)")
                case .start:
                    if scanner.isEmptyElement { continue }
                    if scanner.nameIs("v") { inValue = true }
                    else if scanner.nameIs("is") { inInline = true }
                    else if scanner.nameIs("rPh") { phonetic += 1 }
                    else if scanner.nameIs("t") { inText = inInline && phonetic == 0 }
                case .end:
                    if scanner.nameIs("c") { break loop }
                    if scanner.nameIs("v") { inValue = false }
                    else if scanner.nameIs("is") { inInline = false }
                    else if scanner.nameIs("rPh") { phonetic -= 1 }
                    else if scanner.nameIs("t") { inText = false }
                case .text:
                    if (inValue && !inInline) || inText { try scanner.appendText(to: &value) }
                }
            }
        }
        while cells.count < column - 1 { cells.append("") }
        cells.append(try text(kind, style: style))
    }

    /// The cell's text from its collected value.
    private func text(_ kind: Kind, style: Int) throws(XMLError) -> String {
        if value.isEmpty { return "" }
        switch kind {
        case .shared:
            guard let index = Self.integer(value), index < sharedStrings.count else { throw XMLError("shared string index out of range") }
            return sharedStrings[index]
        case .boolean:
            return value == [UInt8(ascii: "1")] ? "TRUE" : value == [UInt8(ascii: "0")] ? "FALSE" : String(decoding: value, as: UTF8.self)
        case .inline, .text:
            return String(decoding: value, as: UTF8.self)
        case .number:
            let text = String(decoding: value, as: UTF8.self)
            if styles.isDateStyle(style), let serial = Double(text), let date = ExcelDate.text(serial: serial, date1904: date1904) {
                return date
            }
            return Self.numberText(text, count: value.count)
        }
    }

    /// The number as stored, unless it is a fraction printed with more digits than a double holds
    /// (`99.98999999999999`, `0.15000000000000002`: binary noise from the writer), which is given in
    /// its shortest form (`99.99`), the value Excel shows and openpyxl reads. Whole numbers are
    /// never touched (`1500` stays `1500`, a long id number stays as stored).
    static func numberText(_ text: String, count: Int) -> String {
        guard count > 16, text.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 | 0x20 == UInt8(ascii: "e") }),
              let number = Double(text), number.isFinite else { return text }
        let shortest = number.description
        return shortest.hasSuffix(".0") ? String(shortest.dropLast(2)) : shortest
    }

    private static func kind(of t: ArraySlice<UInt8>) -> Kind {
        switch t.count {
        case 1:
            switch t.first {
            case UInt8(ascii: "s"): return .shared
            case UInt8(ascii: "b"): return .boolean
            case UInt8(ascii: "n"): return .number
            default: return .text   // "e" error, "d" ISO 8601 date: the stored text
            }
        case 9: return .inline       // inlineStr
        default: return .text        // str (formula string)
        }
    }

    /// The 1-based column of a reference such as `C5`; nil if it is not one.
    static func column(of ref: ArraySlice<UInt8>) -> Int? {
        var column = 0
        var letters = 0
        for byte in ref {
            let upper = byte & 0xDF
            if upper >= UInt8(ascii: "A") && upper <= UInt8(ascii: "Z") && byte >= 0x41 {
                column = column * 26 + Int(upper - UInt8(ascii: "A")) + 1
                letters += 1
                if letters > 3 { return nil }
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") || byte == UInt8(ascii: "$") {
                continue
            } else {
                return nil
            }
        }
        return letters == 0 ? nil : column
    }

    private static func integer(_ bytes: [UInt8]) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        var n = 0
        for byte in bytes {
            guard byte >= 48 && byte <= 57 else { return nil }
            n = n * 10 + Int(byte - 48)
        }
        return n
    }
}
