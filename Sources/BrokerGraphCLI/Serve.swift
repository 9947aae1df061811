import ArgumentParser
import BrokerCase
import BrokerGraph
import BrokerServe
import BrokerStore
import Foundation

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explore the case in the browser: a local, read-only web view on 127.0.0.1 with a per-run token.",
        discussion: """
            Prints the address to open (with a random token; every request without it is refused). \
            Pages: summary, search, party, chains, rings, timeline, screening, resident; pictures drawn \
            by Graphviz in-process; from/to/category narrow every view and stay in its address.
            """)
    @Option(name: .long, help: "The case database: a case file (default ./brokergraph.sqlite) or postgres://….") var db: String?
    @OptionGroup var location: CaseLocation
    @Option(name: .long, help: "The port on 127.0.0.1 (0: any free port).") var port: UInt16 = 8_765

    func run() throws {
        let started = Date()
        let store = try location.open(db)
        // The compact form: a row's text is read from the case when a page shows it.
        let (data, contents) = try withProgress("serve") { progress in
            try store.reading { () throws(StoreError) in (try store.loadCompact(progress: progress), try store.loadBatchContents()) }
        }
        // Without the key the resident page says so; the other pages work.
        let key = contents.isEmpty ? nil : try? store.caseKey()
        let views = CaseViews(data: data, contents: contents, key: key)
        let server = try CaseServer(views: views, port: port)
        let summary = "\(data.parties.count) parties, \(data.transfers.count) transfers loaded in \(String(format: "%.1f", Date().timeIntervalSince(started))) s"
        Task {
            do {
                let bound = try await server.start()
                // Written straight to the file handle: the address must show at once, also into a pipe.
                FileHandle.standardOutput.write(Data("""
                    brokergraph serve: \(summary)
                    open http://127.0.0.1:\(bound)/?token=\(server.routes.token)
                    (read-only; loopback only; stop with Ctrl-C)

                    """.utf8))
            } catch {
                FileHandle.standardError.write(Data("brokergraph: cannot listen on 127.0.0.1:\(port): \(error)\n".utf8))
                Foundation.exit(1)
            }
        }
        dispatchMain()
    }
}
