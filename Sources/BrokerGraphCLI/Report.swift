import ArgumentParser
import BrokerCase
import BrokerGraph
import BrokerInput
import BrokerOutput
import BrokerRender
import BrokerStore
import Foundation

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the case report: report.html (self-contained), report.md and report.json, with the pictures.",
        discussion: """
            Sections: case summary, overview picture, roles, longest chains, components and rings, hubs, \
            screening (built-in rules cn-2017) and exposure (when the case \
            has batch contents), identities (merged parties and why, decisions), and where each input came from (file, SHA-256, rows, rejected rows). \
            report.html has inline CSS and inline SVG, no script and no request to any network resource.
            """)
    @Option(name: .long, help: "The case database: a case file (default ./brokergraph.sqlite) or postgres://….") var db: String?
    @OptionGroup var location: CaseLocation
    @Option(help: "The folder to write into (created when missing).") var out: String
    @Option(help: "The report's title.") var title = "BrokerGraph case report"

    func run() throws {
        let written = try withProgress("report") { progress in
            try Report.write(store: try location.open(db), to: out, title: title, progress: progress)
        }
        print("wrote \(written.joined(separator: ", "))")
    }

    /// Writes the report files into `out`; returns their paths. `progress` names each section as
    /// it is computed.
    static func write(store: any CaseDatabase, to out: String, title: String,
                      progress: ProgressMeter? = nil) throws -> [String] {
        // One snapshot for everything the report shows, even while an ingest commits.
        let (data, rejectedRows, contents, summary, identities, audit) = try store.reading { () throws(StoreError) in
            (try store.loadCompact(progress: progress), try store.rejectedRows(), try store.loadBatchContents(),
             try store.summary(), try store.resolveIdentities(activity: false), try store.auditLog())
        }
        progress?.begin("roles")
        let roles = PartyRole.all(data)
        let rejected = rejectedRows.map { CaseReport.Rejected(file: $0.file, line: $0.line, column: $0.column, reason: $0.reason) }
        let rules = RuleSet.cn2017
        progress?.begin("screening")
        let screened = SeverityReport.screen(data, rules: rules, contents: contents, roles: roles,
                                             keep: CaseReport.listLimit)
        let screening = CaseReport.ScreeningSection(rules: rules.id, title: rules.title, notice: rules.notice,
                                                    parties: screened.parties, notModelled: rules.notModelled,
                                                    assumptions: rules.assumptions, screened: screened.screened)
        var exposure: CaseReport.ExposureSection?
        if !contents.isEmpty {
            progress?.begin("exposure")
            let report = ExposureReport(data, contents: contents)
            exposure = CaseReport.ExposureSection(residents: report.residents.count, sources: report.sources,
                                                  untrackedTransfers: report.untrackedTransfers,
                                                  batchesWithoutContents: report.batchesWithoutContents)
        }
        let hubs = HubsReport(data, top: 15, progress: progress)
        let hubEntries = zip(hubs.hubs, hubs.scores).map { CaseReport.HubEntry(hub: $0, score: $1) }
        progress?.begin("rings")
        let rings = RingsReport(data).rings
        progress?.begin("chains, components and the rest")
        var report = CaseReport(data, title: title, roles: roles, rejected: rejected, screening: screening, exposure: exposure,
                                hubs: hubEntries, rings: rings)
        report.summary = summary   // every transfer of the case, internal ones too
        report.identity = PartiesView(identities).section
        report.audit = audit
        progress?.begin("pictures")
        let context = ChartContext(data, roles: roles)
        let overview = try GraphvizRenderer.shared.render(CaseCharts.overview(context), format: .svg)
        let ring = try GraphvizRenderer.shared.render(CaseCharts.rings(context), format: .svg)
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure(message: "\(out): cannot create the folder: \(error.localizedDescription)")
        }
        func path(_ name: String) -> String { (out as NSString).appendingPathComponent(name) }
        progress?.begin("writing the files")
        try writeAtomically(overview, to: path("overview.svg"))
        try writeAtomically(ring, to: path("ring.svg"))
        try writeAtomically(try encodeJSON(report), to: path("report.json"))
        try writeAtomically(Array(ReportWriter.markdown(report).utf8), to: path("report.md"))
        let html = ReportWriter.html(report, overviewSVG: String(decoding: overview, as: UTF8.self),
                                     ringSVG: String(decoding: ring, as: UTF8.self))
        try writeAtomically(Array(html.utf8), to: path("report.html"))
        return ["report.html", "report.md", "report.json", "overview.svg", "ring.svg"].map(path)
    }
}
