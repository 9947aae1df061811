import ArgumentParser
import BrokerCase
import BrokerInput
import BrokerOutput
import BrokerGraph
import Foundation

struct Hubs: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Who holds the trade together: PageRank, betweenness and brokerage roles per party.",
        discussion: """
            pagerank: share of attention a party gets from following transfers (high: collects from \
            important parties). betweenness: how many shortest routes between other parties pass \
            through it (exact up to \(Centrality.exactBetweennessLimit) parties, else estimated from \
            --samples sources). brokerage: Gould-Fernandez roles, with --group as the group: \
            coordinator (inside one group), gatekeeper (brings outside data into its group), \
            representative (passes its group's data out), itinerant (an outsider serving one group), \
            liaison (bridges two other groups). reach: parties its data can reach by time-respecting \
            chains; reached_by: parties whose data can reach it. Sorted by broker score = mean of \
            betweenness, brokerage total and PageRank, each divided by the case maximum.
            """)
    @OptionGroup var options: CaseOptions
    @Option(help: "Show the first N parties.") var top: Int?
    @Option(help: "Sources sampled for betweenness above \(Centrality.exactBetweennessLimit) parties.") var samples = 256
    @Option(help: "Seed for the betweenness sample.") var seed: UInt64 = 1
    @Option(help: "Compute reach for the first N parties listed (two sweeps over the case each).") var reachLimit = 1000
    @Option(help: "Group for brokerage roles: organization or occupation.") var group: BrokerageGroup = .organization
    @Flag(help: "Weight PageRank by records instead of counting transfers.") var byRecords = false

    func validate() throws {
        if let top, top < 1 { throw ValidationError("--top must be at least 1") }
        if samples < 1 { throw ValidationError("--samples must be at least 1") }
        if reachLimit < 0 { throw ValidationError("--reach-limit must be 0 or more") }
    }

    func run() throws {
        let report = try withProgress("hubs") { progress in
            HubsReport(try options.loadCompact(progress: progress), top: top, samples: samples, seed: seed,
                       reachLimit: reachLimit, byRecords: byRecords, group: group, progress: progress)
        }
        let notes = report.notes
        if options.json {
            try printJSONList(report.hubs.indices.lazy.map { i in
                HubRow(hub: report.hubs[i], score: report.scores[i], reach: report.reach(at: i))
            })
            for note in notes { FileHandle.standardError.write(Data("brokergraph: \(note)\n".utf8)) }
            return
        }
        printTable(["party", "name", "score", "pagerank", "betweenness", "coord", "gate", "repr", "itin", "liaison",
                    "in", "out", "in_records", "out_records", "reach", "reached_by", "first_reached"],
                   zip(report.hubs.indices, report.hubs).map { i, h in
            let reach = report.reach(at: i)
            return [terminalSafe(h.party), terminalSafe(h.name), String(format: "%.3f", report.scores[i]),
             String(format: "%.4f", h.pagerank), String(format: "%.1f", h.betweenness),
             String(h.brokerage.coordinator), String(h.brokerage.gatekeeper), String(h.brokerage.representative),
             String(h.brokerage.itinerant), String(h.brokerage.liaison), String(h.inDegree), String(h.outDegree),
             String(h.inRecords), String(h.outRecords), reach.map { String($0.reach) } ?? "-",
             reach.map { String($0.reachedBy) } ?? "-", reach?.firstReached ?? "-"]
        })
        for note in notes { print("(\(note))") }
    }
}

extension BrokerageGroup: ExpressibleByArgument {}

extension HubsReport {
    /// How the measures were computed, for the user.
    var notes: [String] {
        var notes = ["pagerank: \(pagerank.iterations) iterations, " + (pagerank.converged ? "converged" : "NOT converged (residual \(pagerank.residual))")]
        notes.append(betweenness.isEstimate
            ? "betweenness: ESTIMATE from \(betweenness.sources) sampled sources (seed \(betweenness.seed ?? 0)), scaled to all parties"
            : "betweenness: exact")
        notes.append("brokerage groups: \(group.rawValue); parties without one are left out of brokerage")
        if reach.count < hubs.count {
            notes.append("reach: for the first \(reach.count) of \(hubs.count) parties listed (two sweeps over the case per party; --reach-limit changes it)")
        }
        return notes
    }
}

struct RingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rings",
        abstract: "Groups that may trade as a ring: strongly connected groups and communities, classified.",
        discussion: """
            Groups: strongly connected groups of 2 or more (everyone's data can come back to them), \
            and Louvain communities (3 or more, record-weighted, seeded) that are not such a group. \
            kind, first match wins: swap_ring = every member exchanges both ways (or by a transfer \
            with mode exchange) with another member, and records leave the group; buyer_cluster = an \
            outside party supplies 2 or more members and more records come in than go out; \
            supply_chain = no exchange in both directions inside; mixed = anything else. \
            shared_sources / shared_buyers: outside parties that supply / buy from 2 or more members.
            """)
    @OptionGroup var options: CaseOptions
    @Option(help: "Seed for the community search.") var seed: UInt64 = 1

    func run() throws {
        let report = try withProgress("rings") { progress in
            let data = try options.loadCompact(progress: progress)
            progress?.begin("strongly connected groups and communities")
            return RingsReport(data, seed: seed)
        }
        let note = String(format: "communities: %d, modularity %.4f (Louvain, seed %llu)", report.communities,
                          report.modularity, seed)
        if options.json {
            try printJSONList(report.rings)
            FileHandle.standardError.write(Data("brokergraph: \(note)\n".utf8))
            return
        }
        for (i, ring) in report.rings.enumerated() {
            print("\(i + 1). \(ring.kind) (\(report.origins[i].replacingOccurrences(of: "_", with: " "))), \(ring.members.count) parties: \(ring.members.prefix(20).map(terminalSafe).joined(separator: ", "))\(ring.members.count > 20 ? ", …" : "")")
            print("   internal transfers \(ring.internalTransfers), reciprocal pairs \(ring.reciprocalPairs), records in \(ring.inflowRecords), out \(ring.outflowRecords), shared sources \(ring.sharedSources), shared buyers \(ring.sharedBuyers)")
        }
        if report.rings.isEmpty { print("no groups") }
        print("(\(note))")
    }
}

/// One line of `hubs --json`: the documented hub keys, then the broker score and time-respecting reach.
struct HubRow: Encodable {
    var hub: Hub
    var score: Double
    /// `nil` beyond the parties reach was computed for (encoded as nulls).
    var reach: PartyReach?

    enum Keys: String, CodingKey { case brokerScore = "broker_score", reach, reachedBy = "reached_by", firstReached = "first_reached" }

    func encode(to encoder: Encoder) throws {
        try hub.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(score, forKey: .brokerScore)
        try c.encode(reach?.reach, forKey: .reach)
        try c.encode(reach?.reachedBy, forKey: .reachedBy)
        try c.encode(reach?.firstReached, forKey: .firstReached)
    }
}
