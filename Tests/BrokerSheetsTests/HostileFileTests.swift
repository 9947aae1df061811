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

    @Test("not a zip, truncated, missing file, a zip that is not a workbook")
    func notAZip() {
        #expect(failure("not-a-zip.xlsx") == "not-a-zip.xlsx: not a zip file (an XLSX workbook is a zip archive)")
        #expect(failure("truncated.xlsx") == "truncated.xlsx: broken zip: no end of central directory (truncated?)")
        #expect(failure("no-such.xlsx") == "no-such.xlsx: no such file")
        #expect(failure("alipay-gb18030.csv") == "alipay-gb18030.csv: not a zip file (an XLSX workbook is a zip archive)")
        #expect(failure("zipped-csv.xlsx") == "zipped-csv.xlsx: not an XLSX workbook (no xl/workbook.xml)")
        #expect(failure("document.xlsx") == "document.xlsx: not an XLSX workbook (no sheets in word/document.xml)")
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

    @Test("encrypted entries, CRC mismatches, too many entries, too many shared strings")
    func damaged() {
        #expect(failure("encrypted.xlsx")
                == "encrypted.xlsx: xl/worksheets/sheet1.xml: encrypted entries are not supported (password-protected file)")
        #expect(failure("crc-mismatch.xlsx") == "crc-mismatch.xlsx:Sheet1: broken zip: xl/worksheets/sheet1.xml: CRC mismatch (damaged file)")
        var few = Workbook.Limits()
        few.zip.maxEntries = 3
        #expect(failure("ledger-openpyxl.xlsx", limits: few) == "ledger-openpyxl.xlsx: too many entries (10, at most 3)")
        var strings = Workbook.Limits()
        strings.maxSharedStringBytes = 100
        #expect(failure("ledger-xlsxwriter.xlsx", limits: strings)
                == "ledger-xlsxwriter.xlsx: xl/sharedStrings.xml: shared strings larger than 100 bytes in all")
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

    @Test("a workbook with random bytes changed reads or fails cleanly (seeded, 600 mutants)")
    func mutatedZip() throws {
        let whole = try [UInt8](Data(contentsOf: fixtures.appendingPathComponent("ledger-xlsxwriter.xlsx")))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("brokersheets-mutant-\(getpid()).xlsx")
        defer { try? FileManager.default.removeItem(at: path) }
        var state: UInt64 = 7
        func random(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        for seed in 0..<600 {
            var bytes = whole
            // Mostly in the central directory and local headers, where sizes and offsets live.
            let tail = max(0, bytes.count - 1_200)
            for _ in 0...(seed % 4) {
                let at = random(2) == 0 ? tail + random(bytes.count - tail) : random(bytes.count)
                bytes[at] = random(4) == 0 ? 0xFF : UInt8(truncatingIfNeeded: random(256))
            }
            try Data(bytes).write(to: path)
            let error = sheetError {
                let workbook = try Workbook(path: path.path, name: "m.xlsx")
                for index in workbook.sheets.indices { _ = try allRows(try workbook.rows(sheetAt: index + 1)) }
            }
            #expect(error == nil || error?.file == "m.xlsx")
        }
    }

    @Test("sheet XML with random bytes changed reads or fails cleanly (seeded, 2,000 mutants)")
    func mutatedXML() throws {
        let archive = try ZipArchive(path: fixture("ledger-xlsxwriter.xlsx"))
        let original = try archive.contents(of: try #require(archive.entry(named: "xl/worksheets/sheet1.xml")), maxBytes: 1 << 20)
        var state: UInt64 = 2025
        func random(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        let interesting = Array("<>/=\"'&;#x0123456789:!?[]ABCZ".utf8) + [0x00, 0xFF, 0xE4]
        for seed in 0..<2_000 {
            var bytes = original
            for _ in 0...(seed % 8) {
                let at = random(bytes.count)
                switch random(3) {
                case 0: bytes[at] = interesting[random(interesting.count)]
                case 1: bytes.remove(at: at)
                default: bytes.insert(interesting[random(interesting.count)], at: at)
                }
            }
            let reader = SheetRowReader(file: "m.xlsx", sheet: "S", scanner: XMLScanner(MemoryChunks(bytes, chunkSize: 1 + seed % 300)),
                                        sharedStrings: ["a", "b"], styles: CellStyles(), date1904: false)
            let error = sheetError { _ = try allRows(reader) }
            #expect(error == nil || (error?.file == "m.xlsx" && error?.sheet == "S"))
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
