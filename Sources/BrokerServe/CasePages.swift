import BrokerCase
import BrokerOutput
import BrokerRender
import Foundation

/// The pictures a view can show and export.
enum PictureView: String, Sendable {
    case overview, ego, chain, rings, timeline
}

extension Routes {
    /// The chart of a view, from the same `CaseCharts` functions `render` uses.
    func chart(_ view: PictureView, _ n: Narrowed, v: Int, depth: Int) -> Chart {
        switch view {
        case .overview: CaseCharts.overview(n.context)
        case .ego: CaseCharts.ego(n.context, party: Int32(v), depth: depth)
        case .chain: CaseCharts.chains(n.context, party: Int32(v))
        case .rings: CaseCharts.rings(n.context)
        case .timeline: CaseCharts.timeline(n.context)
        }
    }

    /// A view's picture, rendered by Graphviz (serialised by the renderer) and kept per filter.
    func render(_ view: PictureView, _ n: Narrowed, v: Int = 0, depth: Int = 1, format: RenderFormat = .svg) throws(RequestError) -> [UInt8] {
        do {
            return try n.memo("\(view.rawValue)/\(v)/\(depth)/\(format.rawValue)") {
                try GraphvizRenderer.shared.render(chart(view, n, v: v, depth: depth), format: format)
            }
        } catch {
            throw RequestError(.internalError, "the picture could not be drawn (\(error))")
        }
    }

    func svg(_ view: PictureView, _ n: Narrowed, v: Int = 0, depth: Int = 1) throws(RequestError) -> String {
        String(decoding: try render(view, n, v: v, depth: depth), as: UTF8.self)
    }

    /// `/`: the case in numbers, the busiest parties, and the overview.
    func summary(_ filter: ViewFilter) -> String {
        let n = views.narrowed(filter)
        let s = CaseSummary(n.data)
        var page = Page("Case summary", filter: filter, path: "/")
        page.table(["parties", "transfers", "records", "amount (yuan)", "first", "last"],
                   [[String(s.parties), String(s.transfers), s.records.grouped, String(format: "%.2f", s.amount), s.first ?? "", s.last ?? ""]],
                   numeric: [0, 1, 2, 3])
        var counts: [Role: Int] = [:]
        for r in n.roles { counts[r.role, default: 0] += 1 }
        page.add("<p>" + Role.allCases.map { "\($0.rawValue): \(counts[$0] ?? 0)" }.joined(separator: " · ") + "</p>")
        let top = n.roles.indices.sorted { (-n.roles[$0].outRecords - n.roles[$0].inRecords, $0) < (-n.roles[$1].outRecords - n.roles[$1].inRecords, $1) }.prefix(15)
        page.add("<h2>Busiest parties</h2>")
        page.table(["party", "role", "records in", "records out"], top.map { v in
            [Page.party(n.data, v, filter: filter), n.roles[v].role.rawValue, n.roles[v].inRecords.grouped, n.roles[v].outRecords.grouped]
        }, numeric: [2, 3])
        page.add("<h2>Overview</h2><p class=\"hint\">Click a party to open it, a link to list the rows behind it.</p>")
        do { page.picture(try svg(.overview, n), view: "overview", params: []) } catch { page.add("<p class=\"error\">\(Page.e(error.message))</p>") }
        return page.html()
    }

    /// `/search?q=`: ranked matches by id, name or alias; `fragment=1` gives the list alone (as-you-type).
    func search(_ query: Query, filter: ViewFilter) throws(RequestError) -> ServeResponse {
        let q = query["q"] ?? ""
        guard q.count <= 200 else { throw RequestError(.uriTooLong, "a search is at most 200 characters") }
        let hits = views.search.search(q)
        let data = views.data
        let roles = views.narrowed(ViewFilter()).roles
        var list = "<ul class=\"hits\">"
        for hit in hits {
            let v = Int(hit.party)
            let how = hit.field == "id" ? "" : " <span class=\"via\">\(hit.field): \(Page.e(hit.text))</span>"
            list += "<li>\(Page.party(data, v, filter: filter)) <span class=\"role\">\(roles[v].role.rawValue)</span>\(how)</li>"
        }
        list += hits.isEmpty && !q.isEmpty ? "<li class=\"none\">no party matches</li></ul>" : "</ul>"
        if query["fragment"] == "1" { return .html(list) }
        var page = Page("Search", filter: filter, path: "/search", params: [("q", q)])
        page.add("<p>\(hits.count) best matches (whole id, name or alias first, then beginnings, then anywhere; busier parties first).</p>")
        page.add(list)
        return .html(page.html())
    }

    /// `/party?v=N&depth=K`: who the party is, its role and measures, its screening, and its ego picture.
    func party(_ query: Query, filter: ViewFilter) throws(RequestError) -> String {
        let v = try vertex(query)
        let depth = try query.int("depth", in: 1...4) ?? 1
        let n = views.narrowed(filter)
        let p = n.data.parties[v], r = n.roles[v]
        var page = Page(p.name == p.key ? p.key : "\(p.name) (\(p.key))", filter: filter, path: "/party",
                        params: [("v", String(v)), ("depth", String(depth))])
        var facts: [[String]] = [["id", Page.e(p.key)], ["name", Page.e(p.name)], ["role", r.role.rawValue],
                                 ["insider", r.insider ? "yes" : "no"]]
        if !p.aliases.isEmpty { facts.append(["aliases", p.aliases.map(Page.e).joined(separator: ", ")]) }
        if let o = p.occupation { facts.append(["occupation", Page.e(o)]) }
        if let o = p.organization { facts.append(["organization", Page.e(o)]) }
        let g = n.data.graph
        facts += [["records in / out", "\(r.inRecords.grouped) / \(r.outRecords.grouped)"],
                  ["transfers in / out", "\(r.inTransfers) / \(r.outTransfers)"],
                  ["suppliers / buyers", "\(Set(g.predecessors(of: v)).count) / \(Set(g.successors(of: v)).count)"]]
        var gains: Int64 = 0
        for e in g.outEdges(of: v) { gains &+= n.data.transfers.amountFen[Int(e)] ?? 0 }
        if gains > 0 { facts.append(["received for sales", "\(Number.yuan(gains)) yuan"]) }
        page.add("<div class=\"cols\"><div>")
        page.table(["", ""], facts)
        if let s = n.screening(of: v) {
            let scope = filter.isEmpty ? "" : " <span class=\"hint\">(transfers in \(Page.e(filter.words)) only)</span>"
            page.add("<h2>Screening: \(Page.e(s.level.words))\(scope)</h2><p class=\"notice\">\(Page.e(views.rules.notice))</p>")
            let basis = s.basis.isEmpty ? ["no threshold reached"] : s.basis
            page.add("<ul>" + basis.map { "<li>\(Page.e($0))</li>" }.joined() + "</ul>")
            page.table(["category", "obtained", "provided", "counted"], s.counts.keys.sorted().map { c in
                [Page.e(c), (s.obtained[c] ?? 0).grouped, (s.provided[c] ?? 0).grouped, (s.counts[c] ?? 0).grouped]
            }, numeric: [1, 2, 3])
        } else {
            page.add("<h2>Screening</h2><p>Not screened (an origin, or in no transfer in this window).</p>")
        }
        let more = depth < 4 ? "<a href=\"\(page.href("/party", [("v", String(v)), ("depth", String(depth + 1))]))\">expand neighbours (\(depth + 1) hops)</a>" : ""
        let less = depth > 1 ? "<a href=\"\(page.href("/party", [("v", String(v)), ("depth", String(depth - 1))]))\">collapse (\(depth - 1) hop\(depth == 2 ? "" : "s"))</a>" : ""
        let chains = "<a href=\"\(page.href("/chain", [("v", String(v))]))\">chains: where its records came from and went</a>"
        page.add("</div><div><h2>Neighbours</h2><p class=\"actions\">\([more, less, chains].filter { !$0.isEmpty }.joined(separator: " · "))</p>")
        page.picture(try svg(.ego, n, v: v, depth: depth), view: "ego", params: [("v", String(v)), ("depth", String(depth))])
        page.add("</div></div>")
        page.add("<h2>Transfers</h2>")
        let edges = (Array(g.inEdges(of: v)) + Array(g.outEdges(of: v))).sorted { n.data.transfers.time[Int($0)].earliest < n.data.transfers.time[Int($1)].earliest }
        page.add(rowsTable(n.data, edges.prefix(Routes.rowLimit).map(Int.init), filter: filter))
        if edges.count > Routes.rowLimit { page.add("<p>… and \(edges.count - Routes.rowLimit) more.</p>") }
        return page.html()
    }

    static let rowLimit = 200

    /// Transfers as a table: row id with file:line, time, parties, records, category, mode, amount, batch, evidence.
    func rowsTable(_ data: CaseData, _ edges: [Int], filter: ViewFilter) -> String {
        var page = Page("", filter: filter, path: "/")
        let t = data.transfers
        page.table(["row", "file:line", "time", "from", "to", "records", "category", "mode", "amount", "batch", "evidence"], edges.map { e in
            [Page.e(t.label[e]), Page.e("\(t.source[e].file):\(t.source[e].line)"), Page.e(t.timeText[e]),
             Page.party(data, Int(t.from[e]), filter: filter), Page.party(data, Int(t.to[e]), filter: filter),
             t.records[e].grouped, t.category[e].rawValue, t.mode[e].rawValue, t.amountFen[e].map(Number.yuan) ?? "",
             Page.e(t.batch[e] ?? ""), Page.e(t.evidence[e] ?? "")]
        }, numeric: [5, 8])
        return page.body
    }

    /// `/rows?a=N&b=M[&cat=...]`: the transfers behind an edge of a picture (`fragment=1`: the table alone).
    func rows(_ query: Query, filter: ViewFilter) throws(RequestError) -> ServeResponse {
        let count = views.data.parties.count
        guard let a = try query.int("a", in: 0...Int(Int32.max)), let b = try query.int("b", in: 0...Int(Int32.max)),
              a < count, b < count else { throw RequestError(.notFound, "no such link") }
        let n = views.narrowed(filter)
        let edges = n.data.graph.outEdges(of: a).map(Int.init).filter { Int(n.data.transfers.to[$0]) == b }
        let shown = Array(edges.prefix(Routes.rowLimit))
        let title = "\(edges.count) transfer\(edges.count == 1 ? "" : "s") from \(n.data.parties[a].key) to \(n.data.parties[b].key)"
        let table = rowsTable(n.data, shown, filter: filter)
        if query["fragment"] == "1" { return .html("<h2>\(Page.e(title))</h2>\(table)") }
        var page = Page(title, filter: filter, path: "/rows", params: [("a", String(a)), ("b", String(b))])
        page.add(table)
        return .html(page.html())
    }

    /// `/chain?v=N`: chains that reach the party and chains that leave it, listed and drawn.
    func chain(_ query: Query, filter: ViewFilter) throws(RequestError) -> String {
        let v = try vertex(query)
        let n = views.narrowed(filter)
        let p = n.data.parties[v]
        var page = Page("Chains through \(p.name) (\(p.key))", filter: filter, path: "/chain", params: [("v", String(v))])
        let upstream = n.memo("chains-to/\(v)") { ChainsReport(n.data, to: Int32(v), limit: 30) }
        let downstream = n.memo("chains-from/\(v)") { ChainsReport(n.data, from: Int32(v), limit: 30) }
        page.picture(try svg(.chain, n, v: v), view: "chain", params: [("v", String(v))])
        for (heading, report) in [("Where its records came from", upstream), ("Where its records went", downstream)] {
            page.add("<h2>\(heading)</h2>")
            if report.chains.isEmpty { page.add("<p>No chain.</p>"); continue }
            page.table(["chain", "category", "records", "start", "end", "rows"], report.chains.map { c in
                [c.parties.map { key in n.data.party(named: key).map { Page.party(n.data, Int($0), filter: filter) } ?? Page.e(key) }.joined(separator: " → "),
                 c.category.rawValue, c.records.grouped, Page.e(c.start), Page.e(c.end), c.transfers.map(Page.e).joined(separator: ", ")]
            }, numeric: [2])
            if report.truncated || !report.complete { page.add("<p>(list cut: the longest shown)</p>") }
        }
        return page.html()
    }

    /// `/picture?view=...&format=svg|png|pdf`: a view's picture as a file to save.
    func picture(_ query: Query, filter: ViewFilter) throws(RequestError) -> ServeResponse {
        guard let view = PictureView(rawValue: query["view"] ?? "") else { throw RequestError(.notFound, "no such view") }
        guard let format = RenderFormat(rawValue: query["format"] ?? "svg"), format != .dot else {
            throw RequestError(.badRequest, "format: svg, png or pdf")
        }
        let v = view == .ego || view == .chain ? try vertex(query) : 0
        let depth = try query.int("depth", in: 1...4) ?? 1
        let bytes = try render(view, views.narrowed(filter), v: v, depth: depth, format: format)
        let type = format == .svg ? "image/svg+xml" : format == .png ? "image/png" : "application/pdf"
        return ServeResponse(type: type, body: bytes,
                             headers: [("Content-Disposition", "attachment; filename=\"\(view.rawValue)\(view == .ego || view == .chain ? "-\(v)" : "").\(format.rawValue)\"")])
    }
}
