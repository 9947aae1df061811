import ArgumentParser
import BrokerCase
import BrokerInput
import Foundation

struct MapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Draft and check mappings, which read files in the shape they were seized.",
        subcommands: [MapSuggest.self, MapCheck.self])
}

/// `map suggest FILE`: a draft mapping from the file's header and first rows.
struct MapSuggest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest",
        abstract: "Print a draft mapping for a file (header found by known Chinese and English column names).")

    @Option(name: .long, help: "The sheet of a workbook (name or 1-based position).")
    var sheet: String?

    @Argument(help: "The seized file (CSV, TSV or XLSX).")
    var file: String

    func run() throws {
        let format = Mapping.guessFormat(file)
        var reader = ""
        let delimiter: UInt8? = format == .xlsx ? nil : Mapping.sniffDelimiter(path: file)
        if let delimiter, delimiter != 0x2C { reader += "  delimiter: \(delimiter == 0x09 ? "tab" : "\";\"")\n" }
        let sheetReference = sheet.map { Int($0).map(Mapping.SheetReference.index) ?? .name($0) }
        let source = try Mapping.openSource(path: file, format: format, delimiter: delimiter, encoding: "auto", sheet: sheetReference)
        if let sheet = source.sheet { reader += "  sheet: \"\(sheet)\"\n" }
        print(try MappingSuggestion.draft(source, readerLines: reader), terminator: "")
    }
}

/// `map check MAPPING FILE`: the first rows as they would be stored, and every problem in the file.
struct MapCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Show the first rows of a file as a mapping would store them, and every problem in the whole file; stores nothing.",
        discussion: "Exits with status 1 when any row has a problem. Alias and self-transfer checks that need the case happen at ingest.")

    @Option(name: .long, help: "Rows to show.")
    var rows = 10

    @Option(name: .long, help: "The owner of the phone or ledger (for mappings that take direction from a column).")
    var owner: String?

    @Option(name: .long, help: "The case's time zone for times without an offset.")
    var timezone = "+08:00"

    @Flag(name: .long, help: "Print JSON: {header_row, rows, problems, skipped}.")
    var json = false

    @Argument(help: "The mapping file, or a preset name.")
    var mapping: String

    @Argument(help: "The seized file.")
    var file: String

    struct Report: Encodable {
        var headerRow: Int
        var rows: [[String: String]]
        var problems: [String]
        var skipped: [String: Int]
        var readable: Int
        enum CodingKeys: String, CodingKey { case rows, problems, skipped, readable, headerRow = "header_row" }
    }

    func run() throws {
        guard let offset = CaseTime.parseOffset(timezone) else { throw ValidationError("--timezone: expected an offset such as +08:00") }
        let map = try Mapping.named(mapping)
        let reader = try MappedRows(mapping: map, source: try map.openSource(path: file), offsetSeconds: offset, owner: owner)
        var report = Report(headerRow: reader.headerRow, rows: [], problems: [], skipped: [:], readable: 0)
        while let row = try reader.nextParsed() {
            var shown: [String: String]?
            switch row {
            case .transfer(let t):
                shown = ["row": "\(t.location.line)", "kind": "transfer", "time": t.timeText, "from": t.from, "to": t.to,
                         "records": "\(t.records)", "category": t.category.rawValue, "mode": t.mode.rawValue,
                         "amount": t.amountFen.map(Number.yuan) ?? "", "id": t.id ?? "", "batch": t.batch ?? ""]
            case .payment(let p):
                shown = ["row": "\(p.location.line)", "kind": "payment", "time": p.timeText, "payer": p.payer, "payee": p.payee,
                         "amount": Number.yuan(p.amountFen), "reference": p.reference ?? ""]
            case .party(let p):
                shown = ["row": "\(p.location.line)", "kind": "party", "id": p.key, "name": p.name,
                         "aliases": p.aliases.joined(separator: ";"), "insider": p.insider ? "true" : "false"]
            case .batch(let b):
                shown = ["row": "\(b.location.line)", "kind": "batch", "batch": b.batch, "subject": "(hashed at ingest)",
                         "category": b.category?.rawValue ?? ""]
            case .skipped(let rule): report.skipped[rule, default: 0] += 1
            case .bad(let error, _): report.problems.append(error.description)
            }
            if let shown {
                report.readable += 1
                if report.rows.count < rows { report.rows.append(shown) }
            }
        }
        if json { try printJSON(report) } else { printText(report) }
        if !report.problems.isEmpty { throw ExitCode(1) }
    }

    func printText(_ report: Report) {
        print("header: row \(report.headerRow)")
        let order = ["row", "kind", "id", "time", "from", "to", "payer", "payee", "records", "category", "mode", "amount",
                     "reference", "batch", "subject", "name", "aliases", "insider"]
        let columns = order.filter { key in report.rows.contains { !($0[key] ?? "").isEmpty } }
        if !columns.isEmpty {
            printTable(columns, report.rows.map { row in columns.map { terminalSafe(row[$0] ?? "") } })
        }
        print("\(report.readable) rows would be stored, \(report.problems.count) with problems, \(report.skipped.values.reduce(0, +)) skipped")
        for (rule, n) in report.skipped.sorted(by: { $0.key < $1.key }) { print("  skipped \(n): \(terminalSafe(rule))") }
        for problem in report.problems { print(terminalSafe(problem)) }
    }
}
