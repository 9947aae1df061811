import Foundation
import Testing
import BrokerTestSupport

/// End to end: the binary on the sample case, checked against what its README says.
@Suite struct SampleCaseTests {
    /// One case database for the suite's checks, built once.
    static let scratch = try! Scratch()
    static let ingested: Binary.Output = {
        try! scratch.run(["ingest", "--db", "case.sqlite",
                          Repository.sample.appendingPathComponent("parties.csv").path,
                          Repository.sample.appendingPathComponent("transfers.csv").path])
    }()

    static func json(_ arguments: [String]) throws -> Any { try run(arguments).json() }

    static func run(_ arguments: [String]) throws -> Binary.Output {
        #expect(ingested.status == 0, "\(ingested.stderr)")
        let out = try scratch.run(arguments + ["--db", "case.sqlite", "--json"])
        #expect(out.status == 0, "\(out.stderr)")
        return out
    }

    /// Chains printed by `brokergraph chains ... --json`, and whether the search was complete
    /// and the list uncut (said on standard error).
    static func chains(_ arguments: [String]) throws -> (chains: [[String: Any]], complete: Bool, cut: Bool) {
        let out = try run(["chains"] + arguments)
        let chains = try #require(try out.json() as? [[String: Any]])
        return (chains, !out.stderr.contains("step budget"), out.stderr.contains("list cut at"))
    }

    @Test("ingest reports what it stored; the case file is private")
    func ingest() throws {
        #expect(Self.ingested.status == 0)
        #expect(Self.ingested.stdout.contains("parties, 42 of 42 rows stored"))
        #expect(Self.ingested.stdout.contains("transfers, 261 of 261 rows stored, 4 new parties"))
        let mode = try FileManager.default.attributesOfItem(atPath: Self.scratch.path("case.sqlite"))[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test("summary: the documented keys and the sample's size and dates")
    func summary() throws {
        let s = try #require(try Self.json(["summary"]) as? [String: Any])
        #expect(Set(["parties", "transfers", "records", "amount", "first", "last"]).isSubset(of: Set(s.keys)))
        #expect(s["parties"] as? Int == 46 && s["transfers"] as? Int == 261)
        #expect(s["first"] as? String == "2025-02-12" && s["last"] as? String == "2025-08-24")
        #expect(s["records"] is Int && s["amount"] is NSNumber)
    }

    @Test("roles: origins, sources, brokers and end users as the README lists them")
    func roles() throws {
        let list = try #require(try Self.json(["roles"]) as? [[String: Any]])
        let keys: Set<String> = ["party", "name", "role", "in_records", "out_records", "in_transfers", "out_transfers"]
        #expect(list.allSatisfy { keys.isSubset(of: Set($0.keys)) })
        var byRole: [String: Set<String>] = [:]
        for r in list { byRole[r["role"] as! String, default: []].insert(r["party"] as! String) }
        #expect(byRole["origin"] == ["sys-agency", "sys-crm", "sys-pm"])
        #expect(byRole["source"] == ["li", "men", "niu"])
        #expect(byRole["broker"] == Set((1...14).map { String(format: "agent%02d", $0) } + ["loan04", "loan06", "loan11", "reno01", "reno04", "reno08"]))
        #expect(byRole["end_user"] == ["13356781234", "18853590017", "ins01", "ins02", "loan01", "loan02", "loan03", "loan05",
                                       "loan07", "loan08", "loan09", "loan10", "reno02", "reno03", "reno05", "reno06", "reno07",
                                       "reno09", "wx_daikuan88", "装修小王"])
        #expect(byRole["isolated"] == nil)
        #expect(Set(byRole.keys).isSubset(of: ["origin", "source", "broker", "end_user", "isolated"]))
        let sysCRM = try #require(list.first { $0["party"] as? String == "sys-crm" })
        #expect(sysCRM["in_transfers"] as? Int == 0 && sysCRM["out_transfers"] as? Int == 5)
    }

    @Test("components: one weak group of everyone; niu, li and men are the only strong group")
    func components() throws {
        let c = try #require(try Self.json(["components"]) as? [String: Any])
        #expect(Set(c.keys).isSuperset(of: ["weak", "strong"]))
        let weak = try #require(c["weak"] as? [[String]])
        #expect(weak.count == 1 && weak[0].count == 46)
        #expect(c["strong"] as? [[String]] == [["li", "men", "niu"]])
    }

    @Test("hubs --reach-limit: reach for the first parties listed, nulls after, and a note saying so")
    func hubsReachLimit() throws {
        let out = try Self.run(["hubs", "--reach-limit", "2"])
        let list = try #require(try out.json() as? [[String: Any]])
        #expect(list.count == 46)
        #expect(list.prefix(2).allSatisfy { $0["reach"] is Int && $0["reached_by"] is Int })
        #expect(list.dropFirst(2).allSatisfy { $0["reach"] is NSNull && $0["reached_by"] is NSNull })
        #expect(out.stderr.contains("reach: for the first 2 of 46 parties listed"))
        let all = try #require(try Self.json(["hubs"]) as? [[String: Any]])
        #expect(all.allSatisfy { $0["reach"] is Int })
        #expect(all.prefix(2).map { $0["reach"] as? Int } == list.prefix(2).map { $0["reach"] as? Int })
    }

    @Test("chains: a list with the documented keys; the longest have 6 transfers, the README's first")
    func chains() throws {
        let (chains, complete, _) = try Self.chains([])
        #expect(complete)
        #expect(chains.allSatisfy { Set(["parties", "transfers", "start", "end", "records"]).isSubset(of: Set($0.keys)) })
        let first = try #require(chains.first)
        #expect(first["transfers"] as? [String] == ["T004", "T006", "T014", "T018", "T197", "T217"])
        #expect(first["parties"] as? [String] == ["sys-pm", "men", "niu", "li", "agent03", "agent10", "loan11"])
        #expect(first["start"] as? String == "2025-02-21")
        let lengths = chains.map { ($0["transfers"] as! [String]).count }
        #expect(lengths.first == 6 && lengths.filter { $0 == 6 }.count == 7)
        #expect(lengths == lengths.sorted(by: >))
        #expect(chains.allSatisfy { ($0["parties"] as! [String]).count == ($0["transfers"] as! [String]).count + 1 })
    }

    /// Whether `list` holds `a, b, c` in a row.
    static func consecutive(_ list: [String], _ run: [String]) -> Bool {
        list.count >= run.count && (0...(list.count - run.count)).contains { Array(list[$0..<($0 + run.count)]) == run }
    }

    @Test("the time-reversed path li -> agent05 -> loan05 is never a chain")
    func timeReversed() throws {
        for arguments in [["chains", "--limit", "100000"], ["chains", "--to", "loan05", "--limit", "1000"],
                          ["chains", "--from", "li", "--limit", "100000"], ["chains", "--from", "agent05"]] {
            let (chains, complete, cut) = try Self.chains(Array(arguments.dropFirst()))
            #expect(complete && !cut)
            #expect(!chains.isEmpty)
            for chain in chains {
                #expect(!Self.consecutive(chain["parties"] as! [String], ["li", "agent05", "loan05"]), "\(arguments)")
                #expect(!Self.consecutive(chain["transfers"] as! [String], ["T171", "T021"]), "\(arguments)")
            }
        }
        // Where loan05's data came from: agent05's own batch only, never li.
        let chains = try Self.chains(["--to", "loan05"]).chains
        #expect(chains.map { $0["transfers"] as! [String] } == [["T021"]])
        #expect(chains.allSatisfy { !($0["parties"] as! [String]).contains("li") })
    }

    @Test("chains --from and --to, by id, alias or name")
    func endpoints() throws {
        let (chains, _, cut) = try Self.chains(["--from", "老牛", "--limit", "3"])
        #expect(chains.count == 3 && cut)
        #expect(chains.allSatisfy { ($0["parties"] as! [String]).first == "niu" })
        // The designed chain of batch B-NIU-03 ends at 装修小王; asking where its data came from finds it.
        let toChains = try Self.chains(["--to", "装修小王", "--limit", "1000"]).chains
        #expect(toChains.allSatisfy { ($0["parties"] as! [String]).last == "装修小王" })
        #expect(toChains.contains { Self.consecutive($0["transfers"] as! [String], ["T065", "T073", "T090", "T109", "T131"]) })
        let bothChains = try Self.chains(["--from", "sys-pm", "--to", "wx_daikuan88"]).chains
        #expect(bothChains.contains { $0["transfers"] as! [String] == ["T024", "T029", "T038", "T058", "T076"] })
        let unknown = try Self.scratch.run(["chains", "--db", "case.sqlite", "--from", "nobody"])
        #expect(unknown.status != 0 && unknown.stderr.contains("no party named 'nobody'"))
    }

    @Test("long work shows its progress: phases on standard error with BROKERGRAPH_PROGRESS=lines, one erased line on a terminal, none otherwise")
    func progress() throws {
        #expect(Self.ingested.status == 0)
        let binary = try Binary.url().path
        let quiet = try Self.run(["hubs"])
        #expect(!quiet.stderr.contains("reading the transfers"))
        let lines = try Binary.run(["BROKERGRAPH_PROGRESS=lines", binary, "hubs", "--json", "--db", "case.sqlite"],
                                   in: Self.scratch.url, viaEnv: true)
        #expect(lines.status == 0 && lines.stdout == quiet.stdout, "the output is the same")
        for phase in ["reading the parties", "reading the transfers 0/261 (0%)", "building the graph", "PageRank",
                      "betweenness, sources searched 0/46 (0%)", "brokerage", "reach, sweeps 0/92 (0%)"] {
            #expect(lines.stderr.contains("brokergraph hubs: \(phase), "), "\(phase): \(lines.stderr)")
        }
        let report = try Binary.run(["BROKERGRAPH_PROGRESS=lines", binary, "report", "--db", "case.sqlite", "--out", "progress-report"],
                                    in: Self.scratch.url, viaEnv: true)
        #expect(report.status == 0)
        for phase in ["screening", "betweenness", "rings", "pictures", "writing the files"] {
            #expect(report.stderr.contains("brokergraph report: \(phase)"), "\(phase): \(report.stderr)")
        }
        // On a terminal (`script` gives the run one): a line rewritten in place, erased before the table.
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            #expect(!Repository.isCI, "script(1) is needed to check the terminal's progress line")
            return
        }
        let terminal = try Binary.run(["script", "-q", "-e", "-c", "\(binary) hubs --top 3 --db case.sqlite", "/dev/null"],
                                      in: Self.scratch.url, viaEnv: true)
        #expect(terminal.status == 0)
        #expect(terminal.stdout.contains("\rhubs: betweenness, sources searched "))
        #expect(terminal.stdout.contains("\r\u{1B}[K" + "party"), "the line is erased before the table")
    }

    @Test("export writes its files whole, private, with no temporary file left; a path it cannot write is an error")
    func export() throws {
        #expect(Self.ingested.status == 0)
        let csv = try Self.scratch.run(["export", "--db", "case.sqlite", "--format", "csv", "--out", "export-csv"])
        #expect(csv.status == 0 && csv.stdout.contains("261 transfers"), "\(csv.stderr)")
        let folder = Self.scratch.path("export-csv")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["edges.csv", "nodes.csv"])
        let edges = try String(contentsOfFile: folder + "/edges.csv", encoding: .utf8)
        #expect(edges.split(separator: "\n").count == 262 && edges.contains("\nT001,"))
        let mode = try FileManager.default.attributesOfItem(atPath: folder + "/edges.csv")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let bad = try Self.scratch.run(["export", "--db", "case.sqlite", "--format", "graphml", "--out", "case.sqlite/x.graphml"])
        #expect(bad.status != 0 && bad.stderr.contains("case.sqlite/x.graphml: cannot write"), "\(bad.stderr)")
        #expect(try !FileManager.default.contentsOfDirectory(atPath: Self.scratch.url.path).contains { $0.contains(".part-") })
    }
}
