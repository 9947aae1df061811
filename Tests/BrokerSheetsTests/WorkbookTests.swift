import Foundation
import Testing
@testable import BrokerSheets

@Suite struct WorkbookTests {
    static let workbooks = ["ledger-openpyxl.xlsx", "ledger-xlsxwriter.xlsx", "dates1904.xlsx", "zip64.xlsx"]

    @Test("each sheet reads back exactly what openpyxl reads back", arguments: workbooks)
    func readsBackWhatOpenpyxlReads(_ file: String) throws {
        let workbooks = try #require(expectedJSON()["workbooks"] as? [String: Any])
        let source = file == "zip64.xlsx" ? "ledger-openpyxl.xlsx" : file   // the same parts, re-zipped
        let sheets = try #require(workbooks[source] as? [[String: Any]])
        let workbook = try Workbook(path: fixture(file), name: file)
        #expect(workbook.sheetNames == sheets.compactMap { $0["name"] as? String })
        for (index, sheet) in sheets.enumerated() {
            let want = try #require(sheet["rows"] as? [[String: Any]]).map {
                SheetRow(number: $0["number"] as? Int ?? 0, cells: $0["cells"] as? [String] ?? [])
            }
            let got = normalized(try allRows(try workbook.rows(sheetAt: index + 1)))
            #expect(got == want, "\(file) sheet \(index + 1)")
            let byName = normalized(try allRows(try workbook.rows(sheet: workbook.sheetNames[index])))
            #expect(byName == want)
        }
    }

    @Test("rows the file does not hold are skipped; gaps in a row are empty cells")
    func gapsAndRowNumbers() throws {
        let workbook = try Workbook(path: fixture("ledger-openpyxl.xlsx"))
        let rows = try allRows(try workbook.rows(sheet: "台账"))
        #expect(rows.map(\.number) == [1, 3, 4, 5, 6, 7, 8, 9, 20])
        let row6 = try #require(rows.first { $0.number == 6 })
        #expect(row6.cells.count == 6 && row6.cells[2] == "")
        #expect(workbook.uses1904 == false)
        #expect(workbook.sheets.map(\.isHidden) == [false, true])
        #expect(try Workbook(path: fixture("dates1904.xlsx")).uses1904)
    }

    @Test("a formula gives its stored result, never the formula")
    func formulas() throws {
        let workbook = try Workbook(path: fixture("ledger-xlsxwriter.xlsx"))
        let total = try #require(try allRows(try workbook.rows(sheetAt: 1)).first { $0.cells.first == "合计" })
        #expect(total.cells == ["合计", "", "", "6581", "共5笔", "16000.64"])
        // openpyxl stores no result: the cell reads empty, as openpyxl reads it.
        let openpyxl = try Workbook(path: fixture("ledger-openpyxl.xlsx"))
        let noResult = try #require(try allRows(try openpyxl.rows(sheetAt: 1)).first { $0.cells.first == "合计" })
        #expect(noResult.cells.allSatisfy { $0 == "合计" || $0 == "" })
    }

    @Test("an unknown sheet names the sheets there are")
    func unknownSheet() throws {
        let workbook = try Workbook(path: fixture("ledger-xlsxwriter.xlsx"), name: "seized.xlsx")
        #expect(sheetError { _ = try workbook.rows(sheet: "Sheet9") }?.description
                == "seized.xlsx: no sheet named \"Sheet9\" (sheets: \"台账\", \"名单\")")
        #expect(sheetError { _ = try workbook.rows(sheetAt: 3) }?.description
                == "seized.xlsx: no sheet 3: the workbook has 2 (\"台账\", \"名单\")")
    }

    @Test("date serials: the 1900 system with its leap-year bug, the 1904 system, times alone")
    func excelDates() {
        #expect(ExcelDate.text(serial: 1, date1904: false) == "1900-01-01")
        #expect(ExcelDate.text(serial: 59, date1904: false) == "1900-02-28")
        #expect(ExcelDate.text(serial: 61, date1904: false) == "1900-03-01")
        #expect(ExcelDate.text(serial: 45717, date1904: false) == "2025-03-01")
        #expect(ExcelDate.text(serial: 45718.604166666664, date1904: false) == "2025-03-02 14:30:00")
        #expect(ExcelDate.text(serial: 45717.99999999, date1904: false) == "2025-03-02")
        #expect(ExcelDate.text(serial: 0.4375, date1904: false) == "10:30:00")
        #expect(ExcelDate.text(serial: 0, date1904: true) == "1904-01-01")
        #expect(ExcelDate.text(serial: 2_958_465, date1904: false) == "9999-12-31")
        #expect(ExcelDate.text(serial: -1, date1904: false) == nil)
        #expect(ExcelDate.text(serial: .nan, date1904: false) == nil)
    }

    @Test("custom number formats that show dates, and those that do not")
    func dateFormats() {
        for code in ["yyyy/m/d", "yyyy/m/d h:mm", "yyyy\"年\"m\"月\"d\"日\"", "[$-804]yyyy-mm-dd", "h:mm:ss", "[h]:mm"] {
            #expect(CellStyles.isDateFormat(code), "\(code)")
        }
        for code in ["General", "0.00", "#,##0", "\"¥\"#,##0.00", "0.00_);[Red](0.00)", "[Red]0", "\\d0", "0;\"yes\""] {
            #expect(!CellStyles.isDateFormat(code), "\(code)")
        }
        #expect(CellStyles.isBuiltInDate(14) && CellStyles.isBuiltInDate(22) && CellStyles.isBuiltInDate(31))
        #expect(!CellStyles.isBuiltInDate(0) && !CellStyles.isBuiltInDate(49))
    }

    @Test("numbers stay as stored, but for binary noise in long fractions")
    func numberText() {
        for (stored, shown) in [("1500", "1500"), ("0.15", "0.15"), ("99.98999999999999", "99.99"), ("0.15000000000000002", "0.15000000000000002"),
                                ("370602199002020022", "370602199002020022"), ("1.5E-7", "1.5E-7"), ("1.2345678901234567E-7", "1.2345678901234566e-07"), ("45718.604166666664", "45718.604166666664")] {
            #expect(SheetRowReader.numberText(stored, count: stored.utf8.count) == shown, "\(stored)")
        }
    }

    @Test("cell references to columns")
    func columns() {
        #expect(SheetRowReader.column(of: Array("A5".utf8)[...]) == 1)
        #expect(SheetRowReader.column(of: Array("AA10".utf8)[...]) == 27)
        #expect(SheetRowReader.column(of: Array("XFD1".utf8)[...]) == 16_384)
        #expect(SheetRowReader.column(of: Array("$C$5".utf8)[...]) == 3)
        #expect(SheetRowReader.column(of: Array("5".utf8)[...]) == nil)
        #expect(SheetRowReader.column(of: Array("ABCD1".utf8)[...]) == nil)
    }
}
