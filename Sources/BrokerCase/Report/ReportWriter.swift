import Foundation

/// Escaping for the text formats the report and the exports write. Every string that comes from an
/// input file passes through one of these before it is written.
public enum Escape {
    /// Text for HTML element content and quoted attribute values: `& < > " '` as entities.
    public static func html(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Text for XML content and attributes: as HTML, and characters XML 1.0 forbids dropped
    /// (control characters other than tab, line feed and carriage return; lone surrogates cannot occur
    /// in a Swift string). Line breaks inside attributes are kept as `&#10;` so readers keep them.
    public static func xml(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c.value {
            case 0x26: out += "&amp;"
            case 0x3C: out += "&lt;"
            case 0x3E: out += "&gt;"
            case 0x22: out += "&quot;"
            case 0x27: out += "&apos;"
            case 0x0A: out += "&#10;"
            case 0x0D: out += "&#13;"
            case 0x09: out += "&#9;"
            case 0..<0x20, 0xFFFE, 0xFFFF: continue
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Text for a Markdown table cell or paragraph: Markdown punctuation backslash-escaped, HTML
    /// characters as entities (Markdown passes raw HTML through), line breaks as spaces.
    public static func markdown(_ text: String) -> String {
        var out = ""
        for c in text.unicodeScalars {
            switch c {
            case "\\", "`", "*", "_", "[", "]", "|", "#", "~", "!", "{", "}", "(", ")": out += "\\"; out.unicodeScalars.append(c)
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\n", "\r": out += " "
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}

/// Writes a `CaseReport` as Markdown and as one self-contained HTML page (inline CSS, inline SVG, no
/// script, no request to any network resource).
public enum ReportWriter {
    /// A Graphviz SVG document made ready to sit inside HTML: the XML prolog, doctype and comments
    /// dropped, the fixed size replaced by a width that follows the page.
    public static func inlineSVG(_ svg: String) -> String {
        guard let start = svg.range(of: "<svg") else { return "" }
        var body = String(svg[start.lowerBound...])
        // Graphviz writes comments with node names; names are our ids, but drop them anyway.
        while let open = body.range(of: "<!--"), let close = body.range(of: "-->", range: open.upperBound..<body.endIndex) {
            body.removeSubrange(open.lowerBound..<close.upperBound)
        }
        if let tagEnd = body.firstIndex(of: ">") {
            var tag = String(body[..<tagEnd])
            for attribute in ["width", "height"] {
                if let r = tag.range(of: " \(attribute)=\"[^\"]*\"", options: .regularExpression) { tag.removeSubrange(r) }
            }
            body = tag + " class=\"picture\" role=\"img\"" + body[tagEnd...]
        }
        return body
    }

    // MARK: Markdown

    public static func markdown(_ r: CaseReport) -> String {
        let names = r.names
        func who(_ key: String) -> String {
            let name = names[key] ?? key
            return name == key ? Escape.markdown(key) : "\(Escape.markdown(name)) (\(Escape.markdown(key)))"
        }
        func table(_ header: [String], _ rows: [[String]]) -> String {
            var lines = ["| " + header.joined(separator: " | ") + " |", "|" + header.map { _ in " --- |" }.joined()]
            for row in rows { lines.append("| " + row.joined(separator: " | ") + " |") }
            return lines.joined(separator: "\n") + "\n"
        }
        var md = "# \(Escape.markdown(r.title))\n\n"
        let s = r.summary
        md += "## Case summary\n\n"
        md += table(["parties", "transfers", "records", "amount (yuan)", "first", "last"],
                    [[String(s.parties), String(s.transfers), String(s.records), String(format: "%.2f", s.amount), s.first ?? "-", s.last ?? "-"]])
        md += "\n## Overview picture\n\n![Overview](\(r.pictures["overview"] ?? "overview.svg"))\n\n"
        md += "## Roles\n\n"
        md += table(["role", "parties"], Role.allCases.compactMap { role in r.roleCounts[role.rawValue].map { [role.rawValue, String($0)] } })
        md += "\n"
        md += table(["party", "role", "in records", "out records", "in", "out"], r.roles.filter { $0.role != .isolated }.map {
            [who($0.party), $0.role.rawValue, String($0.inRecords), String($0.outRecords), String($0.inTransfers), String($0.outTransfers)]
        })
        md += "\n## Longest chains\n\n"
        if r.chains.isEmpty { md += "No chains.\n" }
        for (i, c) in r.chains.enumerated() {
            md += "\(i + 1). \(c.parties.map(who).joined(separator: " → ")): \(c.category.rawValue), \(c.start) .. \(c.end), up to \(c.records) records; rows \(c.transfers.map(Escape.markdown).joined(separator: ", "))\n"
        }
        if r.chainsTruncated { md += "\n(more chains exist; `brokergraph chains` lists them)\n" }
        md += "\n## Components and rings\n\n"
        md += "\(r.groups.weak) weakly connected group\(r.groups.weak == 1 ? "" : "s"); largest \(r.groups.largest) parties.\n\n"
        if r.groups.rings.isEmpty { md += "No rings.\n" }
        for (i, ring) in r.groups.rings.enumerated() { md += "- Ring \(i + 1): \(ring.map(who).joined(separator: ", "))\n" }
        md += "\n![Rings](\(r.pictures["ring"] ?? "ring.svg"))\n"
        if let rings = r.rings, !rings.isEmpty {
            md += "\n" + table(RingColumns.names, rings.map { ring in
                [ring.members.map(who).joined(separator: ", "), ring.kind] + RingColumns.numbers(ring)
            })
        }
        md += "\n## Hubs\n\n"
        if let hubs = r.hubs {
            md += table(HubColumns.names, hubs.map { HubColumns.cells($0).enumerated().map { $0.offset == 0 ? who($0.element) : $0.element } })
        } else {
            md += "Not computed.\n"
        }
        md += "\n## Screening\n\n\n"
        if let sc = r.screening {
            md += "**\(Escape.markdown(sc.notice))**\n\nRules: \(Escape.markdown(sc.rules)), \(Escape.markdown(sc.title)).\n\n"
            if !sc.assumptions.isEmpty { md += "Assumed:\n\n" + sc.assumptions.map { "- \(Escape.markdown($0))\n" }.joined() + "\n" }
            md += table(["party", "level", "upper bound", "insider", "counted", "gains (yuan)", "basis", "disputed tiers, flags", "evidence rows"], sc.parties.map { p in
                [who(p.party), p.level.words, p.levelUpper.words, p.insider ? "yes" : "",
                 p.counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "),
                 "\(p.gains)", Escape.markdown(p.basis.joined(separator: "; ")), Escape.markdown(p.flags),
                 Escape.markdown(p.rowsBehindLevel.joined(separator: ", "))]
            })
            if !sc.notModelled.isEmpty { md += "\nNot screened by these rules:\n\n" + sc.notModelled.map { "- \(Escape.markdown($0))\n" }.joined() }
        } else {
            md += "Not screened.\n"
        }
        md += "\n## Exposure\n\n\n"
        if let ex = r.exposure {
            md += "\(ex.residents) residents listed in batch contents; \(ex.untrackedTransfers) transfers without a batch id are not followed.\n\n"
            md += table(["source", "origins", "batches", "residents", "reached", "parties", "exposures"], ex.sources.map {
                [who($0.source), $0.origins.map(Escape.markdown).joined(separator: ", "), $0.batches.map(Escape.markdown).joined(separator: ", "),
                 String($0.residents), String($0.reached), String($0.parties), String($0.exposures)]
            })
        } else {
            md += "No batch contents in the case: exposure not computed.\n"
        }
        md += "\n## Inputs\n\n"
        md += table(["file", "kind", "sha256", "ingested", "rows", "accepted", "rejected"], r.inputs.map {
            [Escape.markdown($0.file), $0.kind, "`\($0.sha256)`", $0.ingestedAt, String($0.rows), String($0.accepted), String($0.rejected)]
        })
        if r.rejectedTotal > 0 {
            md += "\nRejected rows (\(r.rejectedTotal)\(r.rejectedTotal > r.rejectedRows.count ? ", first \(r.rejectedRows.count) listed" : "")):\n\n"
            md += table(["file", "line", "column", "reason"], r.rejectedRows.map {
                [Escape.markdown($0.file), String($0.line), Escape.markdown($0.column ?? ""), Escape.markdown($0.reason)]
            })
        } else {
            md += "\nNo rejected rows.\n"
        }
        return md
    }

    // MARK: HTML

    static let css = """
        body{font-family:"WenQuanYi Zen Hei","Noto Sans CJK SC",sans-serif;margin:2em auto;max-width:1200px;color:#212121;padding:0 1em}
        h1{font-size:1.6em;border-bottom:2px solid #b71c1c;padding-bottom:.3em}
        h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ccc}
        table{border-collapse:collapse;margin:.5em 0;font-size:.9em}
        th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
        th{background:#f5f5f5}
        td.n{text-align:right;font-variant-numeric:tabular-nums}
        .picture{width:100%;height:auto;border:1px solid #eee}
        .notice{background:#fff3e0;border-left:4px solid #e65100;padding:.5em 1em}
        .pending{color:#757575;font-style:italic}
        code{font-size:.85em;word-break:break-all}
        ol li{margin:.3em 0}
        @media print{body{max-width:none;margin:0}h2{page-break-after:avoid}.picture{page-break-inside:avoid}}
        """

    /// The whole page. `overviewSVG` and `ringSVG` are Graphviz SVG documents (see `inlineSVG`).
    public static func html(_ r: CaseReport, overviewSVG: String, ringSVG: String?) -> String {
        let names = r.names
        let e = Escape.html
        func who(_ key: String) -> String {
            let name = names[key] ?? key
            return name == key ? e(key) : "\(e(name)) (\(e(key)))"
        }
        func table(_ header: [String], _ rows: [[(String, Bool)]]) -> String {
            var out = "<table><thead><tr>" + header.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead><tbody>\n"
            for row in rows {
                out += "<tr>" + row.map { cell, numeric in numeric ? "<td class=\"n\">\(cell)</td>" : "<td>\(cell)</td>" }.joined() + "</tr>\n"
            }
            return out + "</tbody></table>\n"
        }
        func n(_ x: Int) -> (String, Bool) { (Int64(x).grouped, true) }
        func n(_ x: Int64) -> (String, Bool) { (x.grouped, true) }
        func t(_ x: String) -> (String, Bool) { (x, false) }
        let s = r.summary
        var h = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(r.title))</title>
            <style>\(css)</style>
            </head><body>
            <h1>\(e(r.title))</h1>

            """
        h += "<section id=\"summary\"><h2>Case summary</h2>\n"
        h += table(["parties", "transfers", "records", "amount (yuan)", "first", "last"],
                   [[n(s.parties), n(s.transfers), n(s.records), (String(format: "%.2f", s.amount), true), t(e(s.first ?? "-")), t(e(s.last ?? "-"))]])
        h += "</section>\n<section id=\"overview\"><h2>Overview</h2>\n\(inlineSVG(overviewSVG))\n</section>\n"
        h += "<section id=\"roles\"><h2>Roles</h2>\n"
        h += table(["role", "parties"], Role.allCases.compactMap { role in r.roleCounts[role.rawValue].map { [t(role.rawValue), n($0)] } })
        h += table(["party", "role", "in records", "out records", "in", "out"], r.roles.filter { $0.role != .isolated }.map {
            [t(who($0.party)), t($0.role.rawValue), n($0.inRecords), n($0.outRecords), n($0.inTransfers), n($0.outTransfers)]
        })
        h += "</section>\n<section id=\"chains\"><h2>Longest chains</h2>\n"
        if r.chains.isEmpty { h += "<p>No chains.</p>\n" } else {
            h += "<ol>\n"
            for c in r.chains {
                h += "<li>\(c.parties.map(who).joined(separator: " → "))<br><small>\(e(c.category.rawValue)), \(e(c.start)) .. \(e(c.end)), up to \(c.records.grouped) records; rows \(c.transfers.map(e).joined(separator: ", "))</small></li>\n"
            }
            h += "</ol>\n"
        }
        if r.chainsTruncated { h += "<p>More chains exist: <code>brokergraph chains</code> lists them.</p>\n" }
        h += "</section>\n<section id=\"groups\"><h2>Components and rings</h2>\n"
        h += "<p>\(r.groups.weak) weakly connected group\(r.groups.weak == 1 ? "" : "s"); the largest has \(r.groups.largest) parties.</p>\n"
        if r.groups.rings.isEmpty { h += "<p>No rings.</p>\n" } else {
            h += "<ul>\n" + r.groups.rings.enumerated().map { "<li>Ring \($0.offset + 1): \($0.element.map(who).joined(separator: ", "))</li>" }.joined(separator: "\n") + "\n</ul>\n"
        }
        if let ringSVG, !r.groups.rings.isEmpty { h += inlineSVG(ringSVG) + "\n" }
        if let rings = r.rings, !rings.isEmpty {
            h += table(RingColumns.names, rings.map { ring in
                [t(ring.members.map(who).joined(separator: ", ")), t(e(ring.kind))] + RingColumns.numbers(ring).map { ($0, true) }
            })
        }
        h += "</section>\n<section id=\"hubs\"><h2>Hubs</h2>\n"
        if let hubs = r.hubs {
            h += "<p>Broker score: the mean of betweenness, brokerage and PageRank, each relative to the case's largest.</p>\n"
            h += table(HubColumns.names, hubs.map { HubColumns.cells($0).enumerated().map { $0.offset == 0 ? t(who($0.element)) : ($0.element, true) } })
        } else {
            h += "<p class=\"pending\">Not computed.</p>\n"
        }
        h += "</section>\n<section id=\"screening\"><h2>Screening</h2>\n\n"
        if let sc = r.screening {
            h += "<p class=\"notice\">\(e(sc.notice))</p>\n<p>Rules: \(e(sc.rules)), \(e(sc.title)).</p>\n"
            if !sc.assumptions.isEmpty { h += "<p>Assumed:</p><ul>" + sc.assumptions.map { "<li>\(e($0))</li>" }.joined() + "</ul>\n" }
            h += table(["party", "level", "upper bound", "insider", "counted", "gains (yuan)", "basis", "disputed tiers, flags", "evidence rows"], sc.parties.map { p in
                [t(who(p.party)), t(e(p.level.words)), t(e(p.levelUpper.words)), t(p.insider ? "yes" : ""),
                 t(p.counts.sorted { $0.key < $1.key }.map { "\(e($0.key)) \($0.value)" }.joined(separator: "<br>")),
                 (e("\(p.gains)"), true), t(p.basis.map(e).joined(separator: "<br>")), t(e(p.flags)),
                 t(e(p.rowsBehindLevel.joined(separator: ", ")))]
            })
            if !sc.notModelled.isEmpty { h += "<p>Not screened by these rules:</p><ul>" + sc.notModelled.map { "<li>\(e($0))</li>" }.joined() + "</ul>\n" }
        } else {
            h += "<p class=\"pending\">Not screened.</p>\n"
        }
        h += "</section>\n<section id=\"exposure\"><h2>Exposure</h2>\n\n"
        if let ex = r.exposure {
            h += "<p>\(ex.residents) residents listed in batch contents; \(ex.untrackedTransfers) transfers without a batch id are not followed.</p>\n"
            h += table(["source", "origins", "batches", "residents", "reached", "parties", "exposures"], ex.sources.map {
                [t(who($0.source)), t($0.origins.map(e).joined(separator: ", ")), t($0.batches.map(e).joined(separator: ", ")),
                 n($0.residents), n($0.reached), n($0.parties), n($0.exposures)]
            })
        } else {
            h += "<p class=\"pending\">No batch contents in the case: exposure not computed.</p>\n"
        }
        h += "</section>\n<section id=\"inputs\"><h2>Inputs</h2>\n"
        h += table(["file", "kind", "sha256", "ingested", "rows", "accepted", "rejected"], r.inputs.map {
            [t(e($0.file)), t(e($0.kind)), t("<code>\(e($0.sha256))</code>"), t(e($0.ingestedAt)), n($0.rows), n($0.accepted), n($0.rejected)]
        })
        if r.rejectedTotal > 0 {
            h += "<p>Rejected rows: \(r.rejectedTotal)\(r.rejectedTotal > r.rejectedRows.count ? " (first \(r.rejectedRows.count) listed)" : "").</p>\n"
            h += table(["file", "line", "column", "reason"], r.rejectedRows.map { [t(e($0.file)), n($0.line), t(e($0.column ?? "")), t(e($0.reason))] })
        } else {
            h += "<p>No rejected rows.</p>\n"
        }
        h += "</section>\n<footer><p><small>Written by brokergraph report. Self-contained: no scripts, no external resources.</small></p></footer>\n</body></html>\n"
        return h
    }

    static func format3(_ x: Double) -> String {
        let thousandths = Int((x * 1000).rounded())
        let frac = abs(thousandths % 1000)
        return "\(thousandths / 1000).\(frac < 10 ? "00" : frac < 100 ? "0" : "")\(frac)"
    }
}

/// The hub table's columns, shared by the Markdown and HTML reports.
enum HubColumns {
    static let names = ["party", "score", "PageRank", "betweenness", "brokerage", "records in", "records out"]
    static func cells(_ entry: CaseReport.HubEntry) -> [String] {
        let h = entry.hub
        return [h.party, ReportWriter.format3(entry.score), ReportWriter.format3(h.pagerank), ReportWriter.format3(h.betweenness), String(h.brokerage.total),
                h.inRecords.grouped, h.outRecords.grouped]
    }
}

/// The ring table's columns, shared by the Markdown and HTML reports.
enum RingColumns {
    static let names = ["ring", "kind", "internal", "swaps", "in", "out", "shared sources", "shared buyers"]
    /// The numeric cells, after the members and the kind.
    static func numbers(_ ring: RingReport) -> [String] {
        [String(ring.internalTransfers), String(ring.reciprocalPairs), ring.inflowRecords.grouped,
         ring.outflowRecords.grouped, String(ring.sharedSources), String(ring.sharedBuyers)]
    }
}
