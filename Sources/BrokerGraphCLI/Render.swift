import ArgumentParser
import BrokerCase
import BrokerGraph
import BrokerInput
import BrokerOutput
import BrokerRender
import Foundation

/// The pictures `render` can draw.
enum View: String, ExpressibleByArgument, CaseIterable {
    case overview, chain, ring, ego, timeline
}

extension RenderFormat: ExpressibleByArgument {}

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw the case with Graphviz (in-process): SVG, PNG, PDF or DOT.",
        discussion: """
            overview: the whole case (folded above \(CaseCharts.overviewLimit) parties, to at most \(CaseCharts.maxNodes) nodes and the \(CaseCharts.maxEdges) strongest links; sfdp above \(CaseCharts.dotLimit) nodes; --full draws everything).
            chain: a party's upstream provenance and downstream spread (needs --party).
            ring: each strongly connected group as a box, swaps as two-way edges.
            ego: a party and its neighbours up to --depth hops (needs --party).
            timeline: who had the data by when, one column per month.
            --redact: person names as surname + 某 or initials, ids as P<n>, aliases hidden (see docs/pictures.md).
            """)
    @Option(name: .long, help: "The case database: a case file (default ./brokergraph.sqlite) or postgres://….") var db: String?
    @OptionGroup var location: CaseLocation
    @Option(help: "overview, chain, ring, ego or timeline.") var view: View = .overview
    @Option(help: "The party for --view chain or ego (id, name or alias).") var party: String?
    @Option(help: "Hops from the party for --view ego.") var depth = 1
    @Flag(help: "Redact person names and ids, hide aliases (for pictures that leave the unit).") var redact = false
    @Flag(help: "Overview: draw every party and every link (no folding, no link limit; slow and dense on big cases).")
    var full = false
    @Option(help: "svg, png, pdf or dot (default: from the --out extension).") var format: RenderFormat?
    @Option(help: "The file to write.") var out: String

    func validate() throws {
        if (view == .chain || view == .ego) && party == nil { throw ValidationError("--view \(view.rawValue) needs --party") }
        if depth < 1 { throw ValidationError("--depth must be at least 1") }
        if format == nil && RenderFormat(rawValue: (out as NSString).pathExtension.lowercased()) == nil {
            throw ValidationError("--format: say svg, png, pdf or dot (the --out extension does not tell)")
        }
    }

    func run() throws {
        let format = format ?? RenderFormat(rawValue: (out as NSString).pathExtension.lowercased())!
        let chart = try withProgress("render") { progress in
            let data = try location.open(db).loadCompact(progress: progress)   // text is read for the rows a picture shows
            progress?.begin("choosing what to draw")
            let chart = try Render.chart(view, data: data, party: party, depth: depth, redact: redact, full: full)
            progress?.begin("layout and drawing (Graphviz)")
            try writeAtomically(try GraphvizRenderer.shared.render(chart, format: format), to: out)
            return chart
        }
        print("wrote \(out) (\(view.rawValue), \(chart.nodes.count) nodes, \(chart.edges.count) edges, layout \(chart.engine))")
    }

    static func chart(_ view: View, data: CaseData, party: String?, depth: Int = 1, redact: Bool = false,
                      full: Bool = false) throws -> Chart {
        let context = ChartContext(data, redact: redact)
        return switch view {
        case .overview: CaseCharts.overview(context, full: full)
        case .chain: CaseCharts.chains(context, party: try data.vertex(party ?? ""))
        case .ring: CaseCharts.rings(context)
        case .ego: CaseCharts.ego(context, party: try data.vertex(party ?? ""), depth: depth)
        case .timeline: CaseCharts.timeline(context)
        }
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
