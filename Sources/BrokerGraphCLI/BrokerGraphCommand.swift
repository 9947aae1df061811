import ArgumentParser
import BrokerCase
import BrokerGraph
import BrokerInput
import BrokerOutput
import BrokerStore
import BrokerRender
import Foundation

@main
struct BrokerGraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "brokergraph",
        abstract: "Trace how citizens' personal information is traded: transfer records in, chains, roles and pictures out.",
        version: BrokerGraphCommand.version,
        subcommands: [Ingest.self, Summary.self, Roles.self, ComponentsCommand.self, ChainsCommand.self,
                      Hubs.self, RingsCommand.self, Severity.self, Exposure.self, Render.self, Report.self,
                      Export.self, Parties.self, Serve.self, MapCommand.self, PaymentsCommand.self, CaseCommand.self, Demo.self])

    /// The tool's version, printed by `--version`.
    static let version = "0.2.0"

    /// Case files and outputs hold personal data: everything this process creates is private to its owner.
    static func main() {
        umask(0o077)
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as any UserError {
            FileHandle.standardError.write(Data("brokergraph: \(error)\n".utf8))
            Foundation.exit(1)
        } catch {
            exit(withError: error)
        }
    }
}

/// An error whose description is a message for the user (file, line, what is wrong).
protocol UserError: Error, CustomStringConvertible {}

extension InputError: UserError {}
extension StoreError: UserError {}
extension RuleError: UserError {}
extension CaseKeyError: UserError {}
extension RenderError: UserError {}
extension MappingError: UserError {}

/// A failure with a message for the user.
struct CommandFailure: UserError {
    var message: String
    var description: String { message }
}

/// Options every reading command shares.
struct CaseOptions: ParsableArguments {
    @Option(name: .long, help: "The case database: a case file (default ./brokergraph.sqlite) or postgres://… (default: BROKERGRAPH_DB).")
    var db: String?

    @OptionGroup var location: CaseLocation

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    /// The case these options name (see `CaseLocation.open`).
    func open() throws -> any CaseDatabase { try location.open(db) }

    func load() throws -> CaseData { try open().load() }

    /// The case without the transfers' text (read by row only if printed): for analyses that
    /// compute with parties and the transfers' numbers only.
    func loadCompact(progress: ProgressMeter? = nil) throws -> CaseData { try open().loadCompact(progress: progress) }
}

extension ProgressMeter {
    /// Progress of `command` on standard error: on a terminal one line, rewritten in place and
    /// erased at the end; with `BROKERGRAPH_PROGRESS=lines`, a line per phase and at most one
    /// every 10 seconds, wherever standard error goes (a log); otherwise none.
    static func standardError(_ command: String) -> ProgressMeter? {
        @Sendable func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
        if ProcessInfo.processInfo.environment["BROKERGRAPH_PROGRESS"] == "lines" {
            return ProgressMeter(interval: 10) { write("brokergraph \(command): \($0)\n") }
        }
        guard isatty(STDERR_FILENO) != 0 else { return nil }
        return ProgressMeter(update: { write("\r\(command): \($0)\u{1B}[K") }, end: { write("\r\u{1B}[K") })
    }
}

/// Runs `work` with the progress meter of `command` (`ProgressMeter.standardError`), whose line
/// is gone when it returns or throws, before anything is printed.
func withProgress<T>(_ command: String, _ work: (ProgressMeter?) throws -> T) rethrows -> T {
    let progress = ProgressMeter.standardError(command)
    defer { progress?.finish() }
    return try work(progress)
}

/// The one JSON form of every output, printed or saved: indented, keys sorted, slashes as they are.
func encodeJSON<T: Encodable>(_ value: T) throws -> [UInt8] { try JSONListWriter.encode(value) }

/// Prints `value` as JSON (see `encodeJSON`).
func printJSON<T: Encodable>(_ value: T) throws {
    FileHandle.standardOutput.write(Data(try encodeJSON(value)))
}

/// Prints a list as JSON an element at a time: the bytes of `printJSON(Array(elements))`, without
/// the whole text (or the encoder's tree of it) in memory: a national case lists a million parties.
func printJSONList<Elements: Sequence>(_ elements: Elements) throws where Elements.Element: Encodable {
    var list = JSONListWriter { FileHandle.standardOutput.write(Data($0)) }
    for element in elements { try list.write(element) }
    try list.finish()
}

/// Prints rows as left-aligned columns (numbers right-aligned).
func printTable(_ header: [String], _ rows: [[String]]) {
    var widths = header.map(\.displayWidth)
    for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.displayWidth) } }
    func line(_ cells: [String]) -> String {
        cells.enumerated().map { i, cell in
            let pad = String(repeating: " ", count: widths[i] - cell.displayWidth)
            return cell.first.map { $0.isNumber && cell.allSatisfy { "0123456789.,-".contains($0) } } == true
                ? pad + cell : cell + pad
        }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
    }
    print(line(header))
    for row in rows { print(line(row)) }
}

extension String {
    /// Terminal columns: East Asian wide characters take two.
    var displayWidth: Int {
        unicodeScalars.reduce(0) { width, scalar in
            let v = scalar.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1FAFF).contains(v) || (0x20000...0x3FFFD).contains(v)
            let zero = (0x0300...0x036F).contains(v) || v == 0x200B || v == 0x200E || v == 0x200F || (0x202A...0x202E).contains(v)
            return width + (zero ? 0 : wide ? 2 : 1)
        }
    }
}

/// Makes a text safe for one terminal line: control characters and bidi overrides shown escaped.
func terminalSafe(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
        switch scalar.value {
        case 0..<0x20, 0x7F, 0x202A...0x202E, 0x2066...0x2069: out += "\\u{\(String(scalar.value, radix: 16))}"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out
}

