import Foundation
import Testing
@testable import BrokerSheets

@Suite struct ZipArchiveTests {
    @Test("lists entries and streams each one with its CRC checked")
    func entries() throws {
        let archive = try ZipArchive(path: fixture("ledger-xlsxwriter.xlsx"))
        #expect(archive.entries.contains { $0.name == "xl/workbook.xml" })
        for entry in archive.entries {
            let bytes = try drain(try archive.open(entry))
            #expect(UInt64(bytes.count) == entry.uncompressedSize)
        }
        let zip64 = try ZipArchive(path: fixture("zip64.xlsx"))
        #expect(zip64.entries.map(\.name) == (try ZipArchive(path: fixture("ledger-openpyxl.xlsx"))).entries.map(\.name))
    }

    @Test("an end record that defers to a zip64 record that is not there")
    func missingZip64() throws {
        var bytes = try [UInt8](Data(contentsOf: fixtures.appendingPathComponent("ledger-xlsxwriter.xlsx")))
        let end = try #require((0...(bytes.count - 22)).last { bytes[$0..<($0 + 4)] == [0x50, 0x4B, 5, 6] })
        for i in 8..<12 { bytes[end + i] = 0xFF }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("brokersheets-zip64-\(getpid()).xlsx")
        defer { try? FileManager.default.removeItem(at: path) }
        try Data(bytes).write(to: path)
        #expect(sheetError { _ = try ZipArchive(path: path.path, name: "z.xlsx") }?.description == "z.xlsx: broken zip: zip64 locator missing")
    }
}
