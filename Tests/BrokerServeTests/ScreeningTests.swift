import BrokerCase
import BrokerServe
import BrokerStore
import BrokerTestSupport
import Foundation
import Testing

/// The party page screens one party from its own rows; it must say what screening the whole case says.
@Suite("Serve: one party's screening") struct ScreeningTests {
    static func encoded(_ s: Screening?) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(s), as: UTF8.self)
    }

    /// Every party of `data`, in the whole case and in `filter`, against `SeverityReport` on the same rows.
    static func check(_ data: CaseData, contents: BatchContents = BatchContents(), filter: ViewFilter = ViewFilter()) throws {
        let whole = SeverityReport.screen(filter.apply(data), rules: .cn2017, contents: contents)
        let byKey = Dictionary(whole.map { ($0.party, $0) }, uniquingKeysWith: { a, _ in a })
        let views = CaseViews(data: data, contents: contents)
        for v in data.parties.indices {
            let one = views.screening(of: v, filter: filter)
            #expect(try encoded(one) == encoded(byKey[data.parties[v].key]), "\(data.parties[v].key) in \(filter)")
        }
    }

    @Test("The sample case with its batch contents, whole and in March")
    func sample() throws {
        let s = try Scratch()
        let db = s.path("case.sqlite")
        let folder = Repository.sample
        #expect(try s.run(["ingest", "--db", db, folder.appendingPathComponent("parties.csv").path,
                           folder.appendingPathComponent("transfers.csv").path]).status == 0)
        #expect(try s.run(["ingest", "--db", db, "--kind", "batches", folder.appendingPathComponent("batches.csv").path]).status == 0)
        let store = try CaseStore(path: db)
        let data = try store.load(), contents = try store.loadBatchContents()
        #expect(!contents.isEmpty)
        try Self.check(data, contents: contents)
        try Self.check(data, contents: contents, filter: ViewFilter(from: "2025-03-01", to: "2025-03-31"))
        try Self.check(data, contents: contents, filter: ViewFilter(category: .other))
    }

    @Test("The ring and hostile cases")
    func small() throws {
        try Self.check(CaseBuilder.ring().data)
        try Self.check(CaseBuilder.hostile().data)
    }
}
