import Foundation
@testable import BrokerSheets

/// The fixtures folder beside this file (made by `Fixtures/make_fixtures.py`).
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

/// `expected.json`, as the fixture script wrote it.
func expectedJSON() -> [String: Any] {
    guard let data = try? Data(contentsOf: fixtures.appendingPathComponent("expected.json")),
          let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
    return json
}

/// Every row of a sheet, read to its end.
func allRows(_ reader: SheetRowReader) throws -> [SheetRow] {
    var rows: [SheetRow] = []
    while let row = try reader.next() { rows.append(row) }
    return rows
}

/// Rows as the fixture script records them: trailing empty cells trimmed, empty rows left out.
func normalized(_ rows: [SheetRow]) -> [SheetRow] {
    rows.compactMap { row in
        var cells = row.cells
        while cells.last == "" { cells.removeLast() }
        return cells.isEmpty ? nil : SheetRow(number: row.number, cells: cells)
    }
}

/// All UTF-8 a chunk reader gives, joined.
func drain(_ reader: ChunkReader) throws -> [UInt8] {
    var bytes: [UInt8] = []
    while true {
        let chunk = try reader.read()
        if chunk.isEmpty { return bytes }
        bytes += chunk
    }
}

/// The error `body` throws, if it is a `SheetError`.
func sheetError(_ body: () throws -> Void) -> SheetError? {
    do { try body() } catch let error as SheetError { return error } catch { return nil }
    return nil
}

