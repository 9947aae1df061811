import ArgumentParser
import BrokerCase
import BrokerGraph
import BrokerInput
import BrokerOutput
import BrokerRender
import BrokerStore
import Foundation

/// The formats `export` writes.
enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
    case graphml, gexf, csv, dot, ftm, neo4j
}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the case for other tools: GraphML, GEXF (with time), CSV, DOT, FollowTheMoney, neo4j-admin import.",
        discussion: """
            graphml, gexf, dot, ftm: --out is a file. csv (nodes.csv, edges.csv) and neo4j (parties.csv, \
            transfers.csv, import.sh): --out is a folder. Parties are identified by their id, transfers by \
            their row id. --redact writes names redacted, ids as P<n> and no aliases, as render does.
            """)
    @Option(name: .long, help: "The case database: a case file (default ./brokergraph.sqlite) or postgres://….") var db: String?
    @OptionGroup var location: CaseLocation
    @Option(help: "graphml, gexf, csv, dot, ftm or neo4j.") var format: ExportFormat
    @Option(help: "The file (or folder, for csv and neo4j) to write.") var out: String
    @Flag(help: "Redact person names and ids, drop aliases.") var redact = false

    func run() throws {
        let store = try location.open(db)
        let (parties, transfers) = try withProgress("export") { (progress: ProgressMeter?) throws -> (Int, Int) in
            // Numbers in memory, each row's text read from the case a run of rows at a time as it is written.
            let data = try store.loadCompact(progress: progress)
            progress?.begin("writing \(format.rawValue)")
            let context = ChartContext(data, redact: redact)
            let files = ExportFiles()
            defer { files.discard() }
            switch format {
            case .graphml: try Exports.graphML(context, to: files.open(out))
            case .gexf: try Exports.gexf(context, to: files.open(out))
            case .ftm: try Exports.followTheMoney(context, to: files.open(out))
            case .dot: try files.open(out).write(try GraphvizRenderer.shared.render(Exports.dotChart(context), format: .dot))
            case .csv, .neo4j:
                do {
                    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
                } catch {
                    throw CommandFailure(message: "\(out): cannot create the folder: \(error.localizedDescription)")
                }
                let folder = out as NSString
                func file(_ name: String) throws -> TextOutput { try files.open(folder.appendingPathComponent(name)) }
                if format == .csv { try Exports.csv(context, file: file) } else { try Exports.neo4j(context, file: file) }
            }
            try files.finish()
            return (data.parties.count, data.transfers.count)
        }
        try store.recordAudit("export", subject: out, sha256: nil,
                              detail: "\(format.rawValue)\(redact ? ", redacted" : ""): \(parties) parties, \(transfers) transfers")
        print("wrote \(out) (\(format.rawValue): \(parties) parties, \(transfers) transfers)")
    }
}

/// The files of one export, each written through a temporary file beside it and renamed into
/// place only when the whole export is written: a failed export leaves none of them half-written.
final class ExportFiles {
    private var files: [(path: String, temporary: String, handle: FileHandle, output: TextOutput)] = []

    /// An output for `path` (written to a temporary file until `finish`).
    func open(_ path: String) throws -> TextOutput {
        let temporary = path + ".part-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
              let handle = FileHandle(forWritingAtPath: temporary) else {
            throw CommandFailure(message: "\(path): cannot write")
        }
        let output = TextOutput { bytes in
            do {
                try handle.write(contentsOf: bytes)
            } catch {
                throw CommandFailure(message: "\(path): cannot write: \(error.localizedDescription)")
            }
        }
        files.append((path, temporary, handle, output))
        return output
    }

    /// Flushes every file and renames each into place.
    func finish() throws {
        for file in files {
            try file.output.close()
            try? file.handle.close()
        }
        for file in files where rename(file.temporary, file.path) != 0 {
            throw CommandFailure(message: "\(file.path): cannot write: \(String(cString: strerror(errno)))")
        }
        files = []
    }

    /// Removes what an unfinished export wrote.
    func discard() {
        for file in files {
            try? file.handle.close()
            try? FileManager.default.removeItem(atPath: file.temporary)
        }
        files = []
    }
}
