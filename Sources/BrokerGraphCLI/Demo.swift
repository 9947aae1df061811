import ArgumentParser
import BrokerCase
import BrokerInput
import BrokerOutput
import BrokerRender
import BrokerStore
import Foundation

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the whole job on the bundled sample case: ingest, analyses, pictures.")
    @Option(help: "Where to write the outputs.") var out = "brokergraph-out"
    @Option(help: "The sample case folder.") var sample: String?

    func run() throws {
        let folder = try sample ?? Demo.findSample()
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let db = (out as NSString).appendingPathComponent("yantai-ring.sqlite")
        for suffix in ["", "-wal", "-shm", ".key"] { try? FileManager.default.removeItem(atPath: db + suffix) }
        let store = try CaseStore(path: db, create: true)
        let files = ["parties.csv", "transfers.csv"].map { (folder as NSString).appendingPathComponent($0) }
        let batches = (folder as NSString).appendingPathComponent("batches.csv")
        let reports = try store.ingest(paths: files)
            + (FileManager.default.fileExists(atPath: batches) ? try store.ingest(paths: [batches], kind: .batches) : [])
        for r in reports { print("ingested \(r.file): \(r.accepted) rows") }
        let data = try store.load()
        let roles = PartyRole.all(data)
        var written: [String] = []
        func save(_ name: String, _ bytes: [UInt8]) throws {
            let path = (out as NSString).appendingPathComponent(name)
            try writeAtomically(bytes, to: path)
            written.append(path)
        }
        try save("summary.json", try encodeJSON(CaseSummary(data)))
        try save("roles.json", try encodeJSON(roles))
        try save("components.json", try encodeJSON(ComponentsReport(data)))
        let chains = ChainsReport(data, limit: 20)
        try save("chains.json", try encodeJSON(chains))
        let hubs = HubsReport(data, top: 20)
        try save("hubs.json", try encodeJSON(hubs.hubs))
        let rings = RingsReport(data)
        try save("rings.json", try encodeJSON(rings.rings))
        let screening = SeverityReport.screen(data, rules: RuleSet.cn2017, contents: try store.loadBatchContents())
        try save("severity.json", try encodeJSON(screening))
        let context = ChartContext(data, roles: roles)
        let overview = CaseCharts.overview(context)
        for format in [RenderFormat.svg, .png, .pdf, .dot] {
            try save("overview.\(format.rawValue)", try GraphvizRenderer.shared.render(overview, format: format))
        }
        if let niu = data.party(named: "niu") {
            let chart = CaseCharts.chains(context, party: niu)
            try save("chain-niu.svg", try GraphvizRenderer.shared.render(chart, format: .svg))
            try save("chain-niu.png", try GraphvizRenderer.shared.render(chart, format: .png))
        }
        for (name, chart) in [("ring", CaseCharts.rings(context)), ("timeline", CaseCharts.timeline(context))] {
            try save("\(name).svg", try GraphvizRenderer.shared.render(chart, format: .svg))
            try save("\(name).png", try GraphvizRenderer.shared.render(chart, format: .png))
        }
        written += try Report.write(store: store, to: out, title: "Sample case: the Yantai ring (invented)")
        let summary = CaseSummary(data)
        print("case: \(summary.parties) parties, \(summary.transfers) transfers, \(summary.records) records, \(summary.first ?? "-") .. \(summary.last ?? "-")")
        let ring = ComponentsReport(data).strong.first.map { $0.joined(separator: ", ") } ?? "none"
        print("swap ring (strongly connected): \(ring)")
        if let longest = chains.chains.first {
            print("longest chain (\(longest.transfers.count) transfers): \(longest.parties.joined(separator: " -> "))")
        }
        let insiders = screening.filter(\.insider).map { "\($0.party) \($0.level.rawValue)" }
        print("screening of insiders (an aid, not a legal finding): \(insiders.joined(separator: ", "))")
        print("outputs in \(out)/:")
        for path in written { print("  \(path)") }
        print("case database: \(db) (try: brokergraph chains --db \(db) --to loan11)")
    }

    /// The sample case shipped with the source: next to the working directory, or near the binary.
    static func findSample() throws -> String {
        let relative = "samples/yantai-ring"
        var candidates = [FileManager.default.currentDirectoryPath]
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 { candidates.append(url.path); url.deleteLastPathComponent() }
        for base in candidates {
            let path = (base as NSString).appendingPathComponent(relative)
            if FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("transfers.csv")) { return path }
        }
        throw CommandFailure(message: "cannot find \(relative); run from the project folder or pass --sample")
    }
}
