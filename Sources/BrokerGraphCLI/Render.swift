import ArgumentParser
import BrokerCase
import BrokerRender
import Foundation

/// The pictures `render` can draw.
enum View: String, ExpressibleByArgument, CaseIterable {
    case overview, chain
}

extension RenderFormat: ExpressibleByArgument {}

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw the case with Graphviz (in-process): SVG, PNG, PDF or DOT.",
        discussion: """
            overview: the whole case; sources, brokers and end users by shape and colour, edge width by
            records. chain: a party's upstream provenance and downstream spread (needs --party).
            """)
    @Option(name: .long, help: "The case database.") var db: String = "brokergraph.sqlite"
    @Option(help: "overview or chain.") var view: View = .overview
    @Option(help: "The party for --view chain (id, name or alias).") var party: String?
    @Option(help: "svg, png, pdf or dot (default: from the --out extension).") var format: RenderFormat?
    @Option(help: "The file to write.") var out: String

    func validate() throws {
        if view == .chain && party == nil { throw ValidationError("--view chain needs --party") }
        if format == nil && RenderFormat(rawValue: (out as NSString).pathExtension.lowercased()) == nil {
            throw ValidationError("--format: say svg, png, pdf or dot (the --out extension does not tell)")
        }
    }

    func run() throws {
        let data = try CaseStoreLoader.load(db)
        let roles = PartyRole.all(data)
        let chart: Chart = switch view {
        case .overview: CaseCharts.overview(data, roles: roles)
        case .chain: CaseCharts.chains(data, roles: roles, party: try data.vertex(party!))
        }
        let format = format ?? RenderFormat(rawValue: (out as NSString).pathExtension.lowercased())!
        try writeAtomically(try GraphvizRenderer.shared.render(chart, format: format), to: out)
        print("wrote \(out) (\(view.rawValue), \(chart.nodes.count) nodes, \(chart.edges.count) edges, layout \(chart.engine))")
    }
}

/// Writes through a temporary file and a rename, so a failed write never leaves half a file.
func writeAtomically(_ bytes: [UInt8], to path: String) throws {
    let url = URL(fileURLWithPath: path)
    do {
        try Data(bytes).write(to: url, options: .atomic)
    } catch {
        throw CommandFailure(message: "\(path): cannot write: \(error.localizedDescription)")
    }
}
