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
        var upper = ""
        /// "items 3-7", "item 8" -> (level, thresholds reached)
        var tests: [String: (level: String, reached: [String])] = [:]
        /// category -> (obtained, provided, N, S, lower, upper, counted)
        var numbers: [String: [Int64]] = [:]
        var gains = ""
        /// tier id -> level, for real_estate
        var placements: [String: String] = [:]
        var art6 = false
        var warnings = 0
        /// "credit obtained", "credit counted", "credit item 8", "gains (sales)" -> row ids
        var rows: [String: [String]] = [:]
    }

    /// Reads the section "#### `party` ..." of samples/yantai-ring/README.md.
    static func expected(_ party: String) throws -> Expected {
        let text = try String(contentsOfFile: path("README.md"), encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.hasPrefix("#### `\(party)`") }) else {
            throw CocoaError(.fileReadCorruptFile)
        }
        func reached(_ rest: Substring) -> (String, [String]) {
            let level = String(rest.prefix { $0 != "*" })
            guard let open = rest.firstIndex(of: "("), let close = rest.firstIndex(of: ")") else { return (level, []) }
            return (level, rest[rest.index(after: open)..<close].components(separatedBy: "; ").filter { $0 != "no threshold reached" })
        }
        var e = Expected()
        e.insider = lines[start].contains("insider")
        for line in lines[(start + 1)...] {
            if line.hasPrefix("####") || line.hasPrefix("Notes on") { break }
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            if line.hasPrefix("| "), cells.count == 8, case let n = cells[1...].compactMap({ Int64($0) }), n.count == 7 {
                e.numbers[cells[0]] = n
            } else if line.hasPrefix("- gains: **") {
                e.gains = String(line.dropFirst("- gains: **".count).prefix { $0 != " " })
            } else if line.hasPrefix("- items 3-7 (full thresholds): **") {
                e.tests["items 3-7"] = reached(line.dropFirst("- items 3-7 (full thresholds): **".count))
            } else if line.hasPrefix("- item 8 (duty data sold or provided, thresholds × 0.5): **") {
                e.tests["item 8"] = reached(line.dropFirst("- item 8 (duty data sold or provided, thresholds × 0.5): **".count))
            } else if line.hasPrefix("- level: **") {
                let rest = line.dropFirst("- level: **".count)
                e.level = String(rest.prefix { $0 != "*" })
                e.upper = String(rest.components(separatedBy: "upper bound: ").last ?? "")
            } else if line.hasPrefix("- real_estate by tier: ") {
                for item in line.dropFirst("- real_estate by tier: ".count).components(separatedBy: ", ") {
                    let words = item.split(separator: " ", maxSplits: 1).map(String.init)
                    e.placements[words[0]] = words[1]
                }
            } else if line.hasPrefix("- art. 6 may apply") {
                e.art6 = true
            } else if line.hasPrefix("- warning: ") {
                e.warnings += 1
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
        #expect(s.level.words == e.level && s.levelUpper.words == e.upper)
        #expect(s.insider == e.insider)
        if e.insider { #expect(s.insiderBecause == ["declared", "collected"]) }
        #expect(String(format: "%.2f", NSDecimalNumber(decimal: s.gains).doubleValue) == e.gains)
        #expect(Set(s.counts.keys) == Set(e.numbers.keys))
        for (category, n) in e.numbers {
            let b = try #require(s.bounds[category])
            #expect([s.obtained[category]!, s.provided[category]!, b.obtainedOnce, b.providedPerRecipient, b.lower, b.upper,
                     s.counts[category]!] == n, "\(party) \(category)")
            #expect(s.rows[category]?.obtained == e.rows["\(category) obtained"], "\(party) \(category) obtained rows")
            #expect(s.rows[category]?.provided == e.rows["\(category) provided"], "\(party) \(category) provided rows")
            #expect(s.rows[category]?.counted == e.rows["\(category) counted"], "\(party) \(category) counted rows")
        }
        #expect(s.gainsRows == e.rows["gains (sales)"])
        #expect(s.placements["real_estate"]?.mapValues(\.words) == (e.placements.isEmpty ? nil : e.placements))
        #expect((s.art6 != nil) == e.art6 && s.warnings.count == e.warnings)
        // Both tests: their levels, and every threshold the README says is reached is a line of
        // the test's basis, and no more.
        #expect(s.tests.map(\.test) == (e.tests["item 8"] == nil ? ["items 3-7"] : ["items 3-7", "item 8"]))
        for test in s.tests {
            let want = try #require(e.tests[test.test])
            #expect(test.level.words == want.level, "\(party) \(test.test)")
            let what = test.test == "item 8" ? "duty data sold or provided" : "counted"
            for item in want.reached {
                let words = item.components(separatedBy: " ")
                let match: (String) -> Bool
                if item.hasPrefix("mixed shares") {
                    let x = words.first { $0.contains(".") } ?? ""
                    match = { $0.contains("mixed categories") && $0.contains("\(x) >= 1 (art. 5 para. 1 item 6") }
                } else if words[0] == "gains" {
                    match = { $0.contains("gains \(words[1]) yuan >= \(words[3]) ") }
                } else {
                    match = { $0.contains(": \(words[0]) \(words[1]) \(what) >= \(words[3]) ") }
                }
                #expect(test.basis.contains(where: match), "\(party) \(test.test): '\(item)' not in \(test.basis)")
            }
            #expect(test.basis.count == want.reached.count, "\(party) \(test.test)")
            if test.test == "item 8" {
                for (category, rows) in test.rows { #expect(rows == e.rows["\(category) item 8"], "\(party) \(category) item 8 rows") }
                #expect(test.gainsRows == e.rows["item 8 gains (sales)"])
            }
        }
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
    /// their residents (300 of 1,200 ...), which never lowers a count; the small ones list
    /// exactly as many distinct residents as their rows say, so an exact count equals the bound.
    @Test func batchContentsLeaveTheSampleCountsAlone() throws {
        let temp = try TemporaryCase()
        let store = try Sample.ingest(into: temp.db)
        let data = try store.load()
        let with = SeverityReport.screen(data, rules: .cn2017, contents: try store.loadBatchContents())
        let without = SeverityReport.screen(data, rules: .cn2017)
        #expect(with.map(\.counts) == without.map(\.counts))
        #expect(with.map(\.level) == without.map(\.level))
        #expect(!with.contains { $0.notes.contains { $0.contains("distinct residents") } })
        // The systems are not screened; every other party in a transfer is.
        #expect(!with.contains { $0.party.hasPrefix("sys-") } && with.count == data.parties.count - 3)
    }

    /// The README's summary lists every party that reaches a level, with its level, upper-bound
    /// level and level under each placement of real_estate.
    @Test func summaryMatchesEveryParty() throws {
        let temp = try TemporaryCase()
        let store = try Sample.ingest(into: temp.db)
        let report = SeverityReport.screen(try store.load(), rules: .cn2017, contents: try store.loadBatchContents())
        let text = try String(contentsOfFile: Sample.path("README.md"), encoding: .utf8)
        var listed = Set<String>()
        for line in text.components(separatedBy: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 6, let key = cells[0].split(separator: "`").first.map(String.init) else { continue }
            let s = try #require(report.first { $0.party == key }, "\(key)")
            listed.insert(key)
            #expect(cells[1] == "**\(s.level.words)**" && cells[2] == s.levelUpper.words, "\(key)")
            let placed = s.placements["real_estate"].map { p in ["A", "B", "C"].map { p[$0]!.words }.joined(separator: " / ") } ?? "-"
            #expect(cells[4] == placed, "\(key)")
            #expect(cells[5].contains("art. 6 may apply") == (s.art6 != nil), "\(key)")
        }
        let reaching = Set(report.filter { $0.level != .none || $0.art6 != nil }.map(\.party))
        #expect(reaching.isSubset(of: listed))
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
