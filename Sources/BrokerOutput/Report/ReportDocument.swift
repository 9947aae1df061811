import BrokerCase
import Foundation

/// The report as a document: titled sections of blocks holding plain (unescaped) text. Built once
/// from a `CaseReport` and written as Markdown or HTML by `ReportWriter`, so both formats show the
/// same tables in the same order, and escaping happens in one place per format.
struct ReportDocument {
    /// A table cell: lines of text (written on separate lines in HTML, joined with "; " in
    /// Markdown); numbers are right-aligned in HTML; code is set in a fixed font.
    struct Cell {
        var lines: [String]
        var numeric = false
        var code = false
        init(_ text: String) { lines = [text] }
        init(lines: [String]) { self.lines = lines }
        static func number(_ x: Int64) -> Cell { var c = Cell(x.grouped); c.numeric = true; return c }
        static func number(_ x: Int) -> Cell { number(Int64(x)) }
        static func decimal(_ text: String) -> Cell { var c = Cell(text); c.numeric = true; return c }
        static func code(_ text: String) -> Cell { var c = Cell(text); c.code = true; return c }
    }

    enum Block {
        case paragraph(String)
        /// A paragraph set apart: the screening notice.
        case notice(String)
        /// Something not computed for this case.
        case pending(String)
        case table(header: [String], rows: [[Cell]])
        case list(ordered: Bool, items: [[String]])
        /// A picture: `file` for Markdown, the inline SVG document for HTML (nil: link only).
        case picture(title: String, file: String, svg: String?)
    }

    struct Section {
        var id: String
        var title: String
        var blocks: [Block] = []
    }

    var title: String
    var sections: [Section] = []
}

extension ReportDocument {
    /// The document of a case report; `overviewSVG` and `ringSVG` are inlined into HTML.
    init(_ r: CaseReport, overviewSVG: String?, ringSVG: String?) {
        title = r.title
        let names = r.names
        func who(_ key: String) -> String {
            let name = names[key] ?? key
            return name == key ? key : "\(name) (\(key))"
        }
        let s = r.summary
        sections.append(Section(id: "summary", title: "Case summary", blocks: [
            .table(header: ["parties", "transfers", "records", "amount (yuan)", "first", "last"],
                   rows: [[.number(s.parties), .number(s.transfers), .number(s.records),
                           .decimal(String(format: "%.2f", s.amount)), Cell(s.first ?? "-"), Cell(s.last ?? "-")]]),
        ]))
        sections.append(Section(id: "overview", title: "Overview", blocks: [
            .picture(title: "Overview", file: r.pictures["overview"] ?? "overview.svg", svg: overviewSVG),
        ]))
        sections.append(Section(id: "roles", title: "Roles", blocks: [
            .table(header: ["role", "parties"], rows: Role.allCases.compactMap { role in
                r.roleCounts[role.rawValue].map { [Cell(role.rawValue), .number($0)] }
            }),
            .table(header: ["party", "role", "in records", "out records", "in", "out"],
                   rows: r.roles.filter { $0.role != .isolated }.map {
                       [Cell(who($0.party)), Cell($0.role.rawValue), .number($0.inRecords), .number($0.outRecords),
                        .number($0.inTransfers), .number($0.outTransfers)]
                   }),
        ]))
        if let total = r.rolesTotal {
            sections[sections.count - 1].blocks.append(
                .paragraph("The first \(r.roles.count) of \(Int64(total).grouped) parties: `brokergraph roles` lists them all."))
        }

        var chains = Section(id: "chains", title: "Longest chains")
        if r.chains.isEmpty { chains.blocks.append(.paragraph("No chains.")) } else {
            chains.blocks.append(.list(ordered: true, items: r.chains.map { c in
                [c.parties.map(who).joined(separator: " → "),
                 "\(c.category.rawValue), \(c.start) .. \(c.end), up to \(c.records.grouped) records; rows \(c.transfers.joined(separator: ", "))"]
            }))
        }
        if r.chainsTruncated { chains.blocks.append(.paragraph("More chains exist: `brokergraph chains` lists them.")) }
        sections.append(chains)

        var groups = Section(id: "groups", title: "Components and rings")
        groups.blocks.append(.paragraph("\(r.groups.weak) weakly connected group\(r.groups.weak == 1 ? "" : "s"); the largest has \(r.groups.largest) parties."))
        if r.groups.rings.isEmpty { groups.blocks.append(.paragraph("No rings.")) } else {
            groups.blocks.append(.list(ordered: false, items: r.groups.rings.enumerated().map {
                let size = r.groups.ringSizes?[$0.offset] ?? $0.element.count
                let more = size > $0.element.count ? " … and \(Int64(size - $0.element.count).grouped) more (\(Int64(size).grouped) parties)" : ""
                return ["Ring \($0.offset + 1): \($0.element.map(who).joined(separator: ", "))\(more)"]
            }))
            if let sizes = r.groups.ringSizes, sizes.count > r.groups.rings.count {
                groups.blocks.append(.paragraph("The first \(r.groups.rings.count) of \(Int64(sizes.count).grouped) rings: `brokergraph components` lists them all."))
            }
            groups.blocks.append(.picture(title: "Rings", file: r.pictures["ring"] ?? "ring.svg", svg: ringSVG))
        }
        if let rings = r.rings, !rings.isEmpty {
            groups.blocks.append(.table(
                header: ["ring", "kind", "internal", "swaps", "in", "out", "shared sources", "shared buyers"],
                rows: rings.enumerated().map { i, ring in
                    let size = r.ringMembers?[i] ?? ring.members.count
                    let more = size > ring.members.count ? " … and \(Int64(size - ring.members.count).grouped) more (\(Int64(size).grouped) parties)" : ""
                    return [Cell(ring.members.map(who).joined(separator: ", ") + more), Cell(ring.kind), .number(ring.internalTransfers),
                     .number(ring.reciprocalPairs), .number(ring.inflowRecords), .number(ring.outflowRecords),
                     .number(ring.sharedSources), .number(ring.sharedBuyers)]
                }))
        }
        sections.append(groups)

        var hubs = Section(id: "hubs", title: "Hubs")
        if let entries = r.hubs {
            hubs.blocks.append(.paragraph("Broker score: the mean of betweenness, brokerage and PageRank, each relative to the case's largest."))
            hubs.blocks.append(.table(
                header: ["party", "score", "PageRank", "betweenness", "brokerage", "records in", "records out"],
                rows: entries.map { entry in
                    let h = entry.hub
                    return [Cell(who(h.party)), .decimal(Self.format3(entry.score)), .decimal(Self.format3(h.pagerank)),
                            .decimal(Self.format3(h.betweenness)), .number(h.brokerage.total), .number(h.inRecords), .number(h.outRecords)]
                }))
        } else {
            hubs.blocks.append(.pending("Not computed."))
        }
        sections.append(hubs)

        var screening = Section(id: "screening", title: "Screening")
        if let sc = r.screening {
            screening.blocks.append(.notice(sc.notice))
            screening.blocks.append(.paragraph("Rules: \(sc.rules), \(sc.title)."))
            if !sc.assumptions.isEmpty {
                screening.blocks.append(.paragraph("Assumed:"))
                screening.blocks.append(.list(ordered: false, items: sc.assumptions.map { [$0] }))
            }
            screening.blocks.append(.table(
                header: ["party", "level", "upper bound", "insider", "counted", "gains (yuan)", "basis", "disputed tiers, flags",
                         "evidence rows"],
                rows: sc.parties.map { p in
                    [Cell(who(p.party)), Cell(p.level.words), Cell(p.levelUpper.words), Cell(p.insider ? "yes" : ""),
                     Cell(lines: p.counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }),
                     .decimal("\(p.gains)"), Cell(lines: p.basis), Cell(p.flags),
                     Cell(p.rowsBehindLevel.joined(separator: ", "))]
                }))
            if let screened = sc.screened {
                screening.blocks.append(.paragraph("The first \(sc.parties.count) of \(Int64(screened).grouped) parties screened, highest level first: `brokergraph severity` lists them all."))
            }
            if !sc.notModelled.isEmpty {
                screening.blocks.append(.paragraph("Not screened by these rules:"))
                screening.blocks.append(.list(ordered: false, items: sc.notModelled.map { [$0] }))
            }
        } else {
            screening.blocks.append(.pending("Not screened."))
        }
        sections.append(screening)

        var exposure = Section(id: "exposure", title: "Exposure")
        if let ex = r.exposure {
            exposure.blocks.append(.paragraph("\(ex.residents) residents listed in batch contents; \(ex.untrackedTransfers) transfers without a batch id are not followed."))
            exposure.blocks.append(.table(
                header: ["source", "origins", "batches", "residents", "reached", "parties", "exposures"],
                rows: ex.sources.map {
                    [Cell(who($0.source)), Cell($0.origins.joined(separator: ", ")), Cell($0.batches.joined(separator: ", ")),
                     .number($0.residents), .number($0.reached), .number($0.parties), .number($0.exposures)]
                }))
        } else {
            exposure.blocks.append(.pending("No batch contents in the case: exposure not computed."))
        }
        sections.append(exposure)
        if let identity = r.identity { sections.append(ReportDocument.identitySection(identity)) }

        var inputs = Section(id: "inputs", title: "Inputs")
        inputs.blocks.append(.table(
            header: ["file", "kind", "sha256", "ingested", "rows", "accepted", "rejected"],
            rows: r.inputs.map {
                [Cell($0.file), Cell($0.kind), .code($0.sha256), Cell($0.ingestedAt), .number($0.rows), .number($0.accepted), .number($0.rejected)]
            }))
        if r.rejectedTotal > 0 {
            let listed = r.rejectedTotal > r.rejectedRows.count ? " (first \(r.rejectedRows.count) listed)" : ""
            inputs.blocks.append(.paragraph("Rejected rows: \(r.rejectedTotal)\(listed)."))
            inputs.blocks.append(.table(header: ["file", "line", "column", "reason"], rows: r.rejectedRows.map {
                [Cell($0.file), .number($0.line), Cell($0.column ?? ""), Cell($0.reason)]
            }))
        } else {
            inputs.blocks.append(.paragraph("No rejected rows."))
        }
        sections.append(inputs)
        if let audit = r.audit {
            var section = Section(id: "audit", title: "Audit log")
            section.blocks.append(.paragraph("Who ingested, decided, exported, pushed, pulled or granted what, and when (append-only)."))
            section.blocks.append(.table(header: ["at", "who", "action", "subject", "sha256", "detail"], rows: audit.map {
                [Cell($0.at), Cell($0.who), Cell($0.action), Cell($0.subject ?? ""), .code($0.sha256 ?? ""), Cell($0.detail ?? "")]
            }))
            sections.append(section)
        }
    }

    /// A number with three decimals, for scores.
    static func format3(_ x: Double) -> String {
        let thousandths = Int((x * 1000).rounded())
        let frac = abs(thousandths % 1000)
        return "\(thousandths / 1000).\(frac < 10 ? "00" : frac < 100 ? "0" : "")\(frac)"
    }
}
