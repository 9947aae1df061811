import ArgumentParser
import BrokerCase
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
        let data = try store.load()
        let context = ChartContext(data, redact: redact)
        switch format {
        case .graphml: try writeAtomically(Array(Exports.graphML(context).utf8), to: out)
        case .gexf: try writeAtomically(Array(Exports.gexf(context).utf8), to: out)
        case .ftm: try writeAtomically(Array(Exports.followTheMoney(context).utf8), to: out)
        case .dot: try writeAtomically(try GraphvizRenderer.shared.render(Exports.dotChart(context), format: .dot), to: out)
        case .csv, .neo4j:
            do {
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            } catch {
                throw CommandFailure(message: "\(out): cannot create the folder: \(error.localizedDescription)")
            }
            for file in format == .csv ? Exports.csv(context) : Exports.neo4j(context) {
                try writeAtomically(Array(file.text.utf8), to: (out as NSString).appendingPathComponent(file.name))
            }
        }
        try store.recordAudit("export", subject: out, sha256: nil,
                              detail: "\(format.rawValue)\(redact ? ", redacted" : ""): \(data.parties.count) parties, \(data.transfers.count) transfers")
        print("wrote \(out) (\(format.rawValue): \(data.parties.count) parties, \(data.transfers.count) transfers)")
    }
}
