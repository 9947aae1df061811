import Foundation
import Testing
@testable import BrokerSheets

/// Each hostile fixture is refused with a message naming the file, and never crashes the reader.
@Suite struct HostileFileTests {
    /// Opens a workbook and reads every row of every sheet; the error it stops with.
    func failure(_ file: String, limits: Workbook.Limits = Workbook.Limits()) -> String? {
        sheetError {
            let workbook = try Workbook(path: fixture(file), name: file, limits: limits)
            for index in workbook.sheets.indices { _ = try allRows(try workbook.rows(sheetAt: index + 1)) }
        }?.description
    }

    @Test("not a zip, truncated, missing file")
    func notAZip() {
        #expect(failure("not-a-zip.xlsx") == "not-a-zip.xlsx: not a zip file (an XLSX workbook is a zip archive)")
        #expect(failure("truncated.xlsx") == "truncated.xlsx: broken zip: no end of central directory (truncated?)")
        #expect(failure("no-such.xlsx") == "no-such.xlsx: no such file")
        #expect(failure("alipay-gb18030.csv") == "alipay-gb18030.csv: not a zip file (an XLSX workbook is a zip archive)")
    }

    @Test("a zip bomb stops early on its compression ratio")
    func zipBomb() {
        let start = Date()
        #expect(failure("bomb.xlsx") == "bomb.xlsx:Sheet1: xl/worksheets/sheet1.xml: compression ratio above 1000:1 (zip bomb?)")
        #expect(Date().timeIntervalSince(start) < 10)
        var small = Workbook.Limits()
        small.zip.maxEntrySize = 1 << 20
        #expect(failure("bomb.xlsx", limits: small)
                == "bomb.xlsx: xl/worksheets/sheet1.xml: uncompressed size 268435600 bytes is above the limit of 1048576")
        var total = Workbook.Limits()
        total.zip.maxTotalSize = 1 << 20
        #expect(failure("bomb.xlsx", limits: total) == "bomb.xlsx:Sheet1: archive inflates to more than 1048576 bytes in all (zip bomb?)")
    }

    @Test("an entry that inflates past its declared size")
    func lyingSize() {
        #expect(failure("lying-size.xlsx") == "lying-size.xlsx:Sheet1: xl/worksheets/sheet1.xml: inflates past its declared size (zip bomb?)")
    }

    @Test("encrypted entries, CRC mismatches, too many entries")
    func damaged() {
        #expect(failure("encrypted.xlsx")
                == "encrypted.xlsx: xl/worksheets/sheet1.xml: encrypted entries are not supported (password-protected file)")
        #expect(failure("crc-mismatch.xlsx") == "crc-mismatch.xlsx:Sheet1: broken zip: xl/worksheets/sheet1.xml: CRC mismatch (damaged file)")
        var few = Workbook.Limits()
        few.zip.maxEntries = 3
        #expect(failure("ledger-openpyxl.xlsx", limits: few) == "ledger-openpyxl.xlsx: too many entries (10, at most 3)")
    }

    @Test("a document type declaration (billion laughs) is refused")
    func billionLaughs() {
        #expect(failure("billion-laughs.xlsx")
                == "billion-laughs.xlsx:Sheet1: document type or entity declarations are not allowed (<!DOCTYPE, <!ENTITY)")
    }

    @Test("a string far above Excel's cell limit is refused with its row")
    func hugeString() {
        #expect(failure("huge-string.xlsx") == "huge-string.xlsx:Sheet1:2: text longer than 262144 bytes")
    }

    @Test("every prefix of a workbook fails cleanly or reads, never crashes")
    func everyPrefix() throws {
        let whole = try [UInt8](Data(contentsOf: fixtures.appendingPathComponent("ledger-xlsxwriter.xlsx")))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("brokersheets-prefix-\(getpid()).xlsx")
        defer { try? FileManager.default.removeItem(at: path) }
        for cut in stride(from: 0, to: whole.count, by: 97) {
            try Data(whole[0..<cut]).write(to: path)
            let error = sheetError {
                let workbook = try Workbook(path: path.path, name: "cut.xlsx")
                for index in workbook.sheets.indices { _ = try allRows(try workbook.rows(sheetAt: index + 1)) }
            }
            #expect(error?.file == "cut.xlsx")
        }
    }

    @Test("damaged XML and entities are refused with the row")
    func badXML() throws {
        func rows(_ xml: String) throws -> [SheetRow] {
            let reader = SheetRowReader(file: "f.xlsx", sheet: "S", scanner: XMLScanner(MemoryChunks(Array(xml.utf8), chunkSize: 3)),
                                        sharedStrings: ["x"], styles: CellStyles(), date1904: false)
            return try allRows(reader)
        }
        let ok = try rows(#"<worksheet><sheetData><row r="2"><c r="B2" t="inlineStr"><is><t>a&amp;b&#20013;&#x6587;<![CDATA[<&>]]></t></is></c><c r="C2" t="s"><v>0</v></c></row></sheetData></worksheet>"#)
        #expect(ok == [SheetRow(number: 2, cells: ["", "a&b中文<&>", "x"])])
        let bad: [(String, String)] = [
            (#"<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>&foo;</t></is></c></row></sheetData></worksheet>"#, "f.xlsx:S:1: unknown entity reference"),
            (#"<worksheet><sheetData><row r="1"><c t="s"><v>7</v></c></row></sheetData></worksheet>"#, "f.xlsx:S:1: shared string index out of range"),
            (#"<worksheet><sheetData><row r="4"><c r="C4"/><c r="A4"/></row></sheetData></worksheet>"#, "f.xlsx:S:4: cells out of order"),
            (#"<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c>"#, "f.xlsx:S:1: row ends early (truncated?)"),
            (#"<worksheet><sheetData><row r="9999999"/></sheetData></worksheet>"#, "f.xlsx:S: row number out of range"),
            (#"<worksheet></worksheet>"#, "f.xlsx:S: not a worksheet (no sheetData)"),
        ]
        for (xml, message) in bad {
            #expect(sheetError { _ = try rows(xml) }?.description == message)
        }
    }
}
