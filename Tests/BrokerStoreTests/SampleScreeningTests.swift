import BrokerCase
import BrokerInput
import BrokerStore
import Foundation
import Testing

/// Temporary case files, removed afterwards.
final class TemporaryCase {
    let directory: URL
    var db: String { directory.appendingPathComponent("case.sqlite").path }
    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("brokergraph-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: directory) }
}

enum Sample {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("samples/yantai-ring")
    static func path(_ file: String) -> String { directory.appendingPathComponent(file).path }

    /// What the sample's README says about one screened party.
    struct Expected {
        var insider = false
        var level = ""
        var reached: [String] = []
        /// category -> (obtained, provided, counted, max rule)
        var numbers: [String: [Int64]] = [:]
        var gains = ""
        /// "credit obtained", "credit counted (batch rule)", "gains (sales)" -> row ids
        var rows: [String: [String]] = [:]
    }

    /// Reads the section "#### `party` ..." of samples/yantai-ring/README.md.
    static func expected(_ party: String) throws -> Expected {
        let text = try String(contentsOfFile: path("README.md"), encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.hasPrefix("#### `\(party)`") }) else {
            throw CocoaError(.fileReadCorruptFile)
        }
        var e = Expected()
        e.insider = lines[start].contains("insider")
        for line in lines[(start + 1)...] {
            if line.hasPrefix("####") || line.hasPrefix("Notes on") { break }
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            if line.hasPrefix("| "), cells.count >= 5, let o = Int64(cells[1]), let p = Int64(cells[2]),
               let c = Int64(cells[3]), let m = Int64(cells[4]) {
                e.numbers[cells[0]] = [o, p, c, m]
            } else if line.hasPrefix("- gains: **") {
                e.gains = String(line.dropFirst("- gains: **".count).prefix { $0 != " " })
            } else if line.hasPrefix("- level (batch rule): **") {
                let rest = line.dropFirst("- level (batch rule): **".count)
                e.level = String(rest.prefix { $0 != "*" })
                if let open = rest.firstIndex(of: "("), let close = rest.firstIndex(of: ")") {
                    e.reached = rest[rest.index(after: open)..<close].components(separatedBy: "; ")
                        .filter { $0 != "no threshold reached" }
                }
            } else if line.hasPrefix("  - "), let colon = line.range(of: ": ") {
                let key = String(line[line.index(line.startIndex, offsetBy: 4)..<colon.lowerBound])
                let ids = line[colon.upperBound...].trimmingCharacters(in: .whitespaces)
                e.rows[key] = ids == "-" ? [] : ids.components(separatedBy: ", ")
            }
        }
        return e
    }

    /// The sample case ingested into a fresh case file.
    static func ingest(into db: String, batches: Bool = true, environment: [String: String] = [:]) throws -> CaseStore {
        let store = try CaseStore(path: db, create: true, environment: environment)
        _ = try store.ingest(paths: [path("parties.csv"), path("transfers.csv")] + (batches ? [path("batches.csv")] : []))
        return store
    }
}

/// The sample case's screening matches what samples/yantai-ring/README.md says (and why).
struct SampleScreeningTests {
    @Test(arguments: ["niu", "li", "men", "agent09", "loan07", "loan08", "reno06", "agent05", "loan05"])
    func screeningMatchesTheSampleReadme(party: String) throws {
        let temp = try TemporaryCase()
        let store = try Sample.ingest(into: temp.db)
        let report = SeverityReport.screen(try store.load(), rules: .cn2017, contents: try store.loadBatchContents())
        let s = try #require(report.first { $0.party == party })
        let e = try Sample.expected(party)
        #expect(s.level.words == e.level)
        #expect(s.insider == e.insider)
        if e.insider { #expect(s.insiderBecause == ["declared", "collected"]) }
        #expect(String(format: "%.2f", NSDecimalNumber(decimal: s.gains).doubleValue) == e.gains)
        #expect(Set(s.counts.keys) == Set(e.numbers.keys))
        for (category, n) in e.numbers {
            #expect([s.obtained[category], s.provided[category], s.counts[category], s.maxRule[category]] == n.map { Optional($0) },
                    "\(party) \(category)")
            #expect(s.rows[category]?.obtained == e.rows["\(category) obtained"], "\(party) \(category) obtained rows")
            #expect(s.rows[category]?.provided == e.rows["\(category) provided"], "\(party) \(category) provided rows")
            #expect(s.rows[category]?.counted == e.rows["\(category) counted (batch rule)"], "\(party) \(category) counted rows")
        }
        #expect(s.gainsRows == e.rows["gains (sales)"])
        // Every threshold the README says is reached is a line of the basis, and no more.
        for item in e.reached {
            let words = item.components(separatedBy: " ")
            let match: (String) -> Bool
            if item.hasPrefix("mixed shares") {
                match = { $0.contains("mixed categories") && $0.hasSuffix("= \(words[2]) >= 1 (art. 5 para. 1 item 6)") }
            } else if words[0] == "gains" {
                match = { $0.contains("gains \(words[1]) yuan >= \(words[3]) ") }
            } else {
                match = { $0.contains(": \(words[0]) \(words[1]) counted >= \(words[3]) ") }
            }
            #expect(s.basis.contains(where: match), "\(party): '\(item)' not in \(s.basis)")
        }
        #expect(s.basis.filter { !$0.hasPrefix("insider") }.count == e.reached.count)
        // The evidence is every row behind a number, each with its file and line.
        let behind = Set(s.rows.values.flatMap { $0.obtained + $0.provided + $0.counted } + s.gainsRows)
        #expect(Set(s.evidence) == behind)
        let file = try String(contentsOfFile: Sample.path("transfers.csv"), encoding: .utf8).components(separatedBy: "\n")
        for id in s.evidence {
            let location = try #require(s.locations[id])
            #expect(location.hasPrefix(Sample.path("transfers.csv") + ":"))
            let line = try #require(Int(location.split(separator: ":").last!))
            #expect(file[line - 1].hasPrefix(id + ","), "\(id) at \(location)")
        }
    }

    /// The batch contents do not change the sample's counts: the big batches list a sample of
    /// their residents (300 of 1,200 ...), the others exactly as many as their rows say.
    @Test func batchContentsLeaveTheSampleCountsAlone() throws {
        let temp = try TemporaryCase()
        let store = try Sample.ingest(into: temp.db)
        let data = try store.load()
        let with = SeverityReport.screen(data, rules: .cn2017, contents: try store.loadBatchContents())
        let without = SeverityReport.screen(data, rules: .cn2017)
        #expect(with.map(\.counts) == without.map(\.counts))
        #expect(with.allSatisfy { $0.notes.isEmpty })
    }

    /// Exposure on the sample: one resident in three of li's batches.
    @Test func exposureOnTheSample() throws {
        let temp = try TemporaryCase()
        let store = try Sample.ingest(into: temp.db)
        let contents = try store.loadBatchContents()
        let key = try store.caseKey()
        let hash = try #require(key.hash(identifier: "13700000300"))
        let index = try #require(contents.subjects.firstIndex(of: hash))
        let report = ExposureReport(try store.load(), contents: contents, subject: Int32(index))
        let resident = try #require(report.residents.first)
        #expect(resident.batches == ["B-LI-01", "B-LI-02", "B-LI-04"])
        let li = try #require(resident.holders.first { $0.party == "li" })
        #expect(li.chain == ["T002"] && li.parties == ["sys-agency", "li"])
        // agent05 got B-LI-04 from li only in T171; loan05's B-AG05-OWN (T021) is another batch,
        // so loan05 does not hold this resident through li (the time-reversed pair).
        #expect(resident.holders.contains { $0.party == "agent05" })
        #expect(!resident.holders.contains { $0.party == "loan05" })
        let full = ExposureReport(try store.load(), contents: contents)
        let li2 = try #require(full.sources.first { $0.source == "li" })
        #expect(li2.origins == ["sys-agency"])
        // Set union: li's residents are fewer than the records of its batches' listings added up.
        let listed = li2.batches.map { contents.batches[$0]?.count ?? 0 }.reduce(0, +)
        #expect(li2.residents < listed && li2.reached <= li2.residents)
        // Batches passed on with no recorded origin list no residents (only collected batches do).
        #expect(full.batchesWithoutContents.contains("B-AG05-OWN") && full.batchesWithoutContents.contains("B-LOAN04-01"))
    }
}
