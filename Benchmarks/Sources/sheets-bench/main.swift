// sheets-bench: reads every row of one sheet of an XLSX workbook with BrokerSheets, once, and
// prints the rows, cells and seconds (scripts/bench-xlsx.sh runs it beside openpyxl).
//
//   sheets-bench FILE [SHEET-INDEX] [--tsv]
//
// `--tsv` prints every row instead (number, then the cells, tab-separated), for comparing the
// text with another reader's.
//
//   sheets-bench --text FILE
//
// decodes a text file (detected encoding) to UTF-8 and prints the bytes in, out and seconds.
import BrokerSheets
import Foundation

#if DEBUG
print("sheets-bench: build with `swift build -c release`; debug timings are meaningless.")
exit(2)
#endif

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: sheets-bench FILE [SHEET-INDEX]")
    exit(2)
}
if arguments[1] == "--text", arguments.count > 2 {
    let start = Date()
    do {
        let decoder = try TextDecoder(path: arguments[2])
        var out = 0
        while true {
            let chunk = try decoder.read()
            if chunk.isEmpty { break }
            out += chunk.count
        }
        let seconds = Date().timeIntervalSince(start)
        print(String(format: "encoding %@ utf8-bytes %d seconds %.3f", decoder.encoding.rawValue, out, seconds))
        exit(0)
    } catch {
        print("sheets-bench: \(error)")
        exit(1)
    }
}
let index = arguments.count > 2 ? Int(arguments[2]) ?? 1 : 1
let tsv = arguments.contains("--tsv")
let start = Date()
do {
    let workbook = try Workbook(path: arguments[1])
    let rows = try workbook.rows(sheetAt: index)
    var count = 0, cells = 0, bytes = 0
    while let row = try rows.next() {
        if tsv { print(([String(row.number)] + row.cells).joined(separator: "\t")) }
        count += 1
        cells += row.cells.count
        for cell in row.cells { bytes += cell.utf8.count }
    }
    let seconds = Date().timeIntervalSince(start)
    if !tsv { print(String(format: "rows %d cells %d text-bytes %d seconds %.3f", count, cells, bytes, seconds)) }
} catch {
    print("sheets-bench: \(error)")
    exit(1)
}
