import BrokerCase
import BrokerOutput
import Foundation

extension Routes {
    /// `/rings`: swap rings and groups (strongly connected groups and Louvain communities), drawn as boxes.
    func ringsPage(_ filter: ViewFilter) throws(RequestError) -> String {
        let n = views.narrowed(filter)
        var page = Page("Rings and groups", filter: filter, path: "/rings")
        let rings = n.rings.rings
        if rings.isEmpty { page.add("<p>No ring or group in this window.</p>") }
        page.table(["members", "kind", "internal transfers", "reciprocal pairs", "records in", "records out"], rings.map { r in
            [r.members.map { key in n.data.party(named: key).map { Page.party(n.data, Int($0), filter: filter) } ?? Page.e(key) }.joined(separator: ", "),
             r.kind, String(r.internalTransfers), String(r.reciprocalPairs), r.inflowRecords.grouped, r.outflowRecords.grouped]
        }, numeric: [2, 3, 4, 5])
        page.picture(try svg(.rings, n), view: "rings", params: [])
        return page.html()
    }

    /// `/timeline`: parties by the month they first got data.
    func timelinePage(_ filter: ViewFilter) throws(RequestError) -> String {
        let n = views.narrowed(filter)
        var page = Page("Timeline", filter: filter, path: "/timeline")
        page.add("<p class=\"hint\">Parties left to right by the month they first got data.</p>")
        page.picture(try svg(.timeline, n), view: "timeline", params: [])
        return page.html()
    }

    /// `/screening`: every screened party with its level and the rule lines that fired.
    func screeningPage(_ filter: ViewFilter) -> String {
        let n = views.narrowed(filter)
        var page = Page("Screening (\(views.rules.id))", filter: filter, path: "/screening")
        page.add("<p class=\"notice\">\(Page.e(views.rules.notice))</p>")
        let list = n.screeningList.sorted { ($1.level, $0.party) < ($0.level, $1.party) }
        page.table(["party", "level", "insider", "counted", "gains (yuan)", "basis"], list.map { s in
            [n.data.party(named: s.party).map { Page.party(n.data, Int($0), filter: filter) } ?? Page.e(s.party),
             Page.e(s.level.words), s.insider ? "yes" : "",
             s.counts.sorted { $0.key < $1.key }.map { "\(Page.e($0.key)) \($0.value.grouped)" }.joined(separator: ", "),
             Page.e("\(s.gains)"), s.basis.map(Page.e).joined(separator: "<br>")]
        })
        return page.html()
    }

    /// `/resident`: the lookup form, or with `h=` (a keyed-hash pseudonym) every party that held that
    /// resident's record. The identifier itself only ever travels in a POST body and is never shown.
    func resident(_ query: Query, filter: ViewFilter) throws(RequestError) -> String {
        var page = Page("Resident", filter: filter, path: "/resident")
        let form = """
            <form method="post" action="/resident" autocomplete="off"><label>identifier (phone, ID-card number…) \
            <input name="id" type="password" maxlength="100"></label> <button type="submit">Look up</button></form>
            <p class="hint">Hashed with the case key as <code>exposure --subject</code> does; the identifier is not kept, logged or shown.</p>
            """
        if views.contents.isEmpty {
            page.add("<p>This case has no batch contents: ingest a file with columns batch, subject.</p>")
            return page.html()
        }
        if views.key == nil { page.add("<p>The case key is not available (CASE.sqlite.key or BROKERGRAPH_CASE_KEY): lookups cannot be hashed.</p>") }
        guard let h = query["h"], !h.isEmpty else { page.add(form); return page.html() }
        guard let subject = subjectIndex(pseudonym: h) else {
            page.add("<p>This identifier is in no batch of the case.</p>" + form)
            return page.html()
        }
        page.params = [("h", h)]
        let n = views.narrowed(filter)
        let report = ExposureReport(n.data, contents: views.contents, subject: Int32(subject))
        for r in report.residents {
            page.add("<h2>Resident \(Page.e(r.subject)) <span class=\"hint\">(keyed-hash pseudonym)</span></h2>")
            page.add("<p>In batches \(r.batches.map(Page.e).joined(separator: ", ")); held by \(r.holders.count) parties.</p>")
            page.table(["party", "first", "batch", "whole", "chain"], r.holders.map { hold in
                [n.data.party(named: hold.party).map { Page.party(n.data, Int($0), filter: filter) } ?? Page.e(hold.party),
                 Page.e(hold.first ?? "(origin)"), Page.e(hold.batch), hold.whole ? "yes" : "extract",
                 hold.chain.isEmpty ? "" : "\(hold.parties.map(Page.e).joined(separator: " → ")) (\(hold.chain.map(Page.e).joined(separator: ", ")))"]
            })
        }
        page.add(form)
        return page.html()
    }

    /// The subject whose pseudonym (the first 8 bytes of its hash, as hex) is `text`.
    func subjectIndex(pseudonym text: String) -> Int? {
        guard text.utf8.count == 16, text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else { return nil }
        let bytes = stride(from: 0, to: 16, by: 2).map { i in
            UInt8(String(text.dropFirst(i).prefix(2)), radix: 16)!
        }
        return views.contents.subjects.firstIndex { $0.count >= 8 && Array($0.prefix(8)) == bytes }
    }

    /// POST `/resident` with `id=`: hashes the identifier with the case key and opens its pseudonym's page.
    func residentLookup(_ form: Query) throws(RequestError) -> ServeResponse {
        guard let key = views.key else { throw RequestError(.unavailable, "the case key is not available") }
        guard let id = form["id"], let hash = key.hash(identifier: id) else { throw RequestError(.badRequest, "empty identifier") }
        guard let i = views.contents.subjects.firstIndex(of: hash) else {
            return .redirect("/resident?h=none")
        }
        return .redirect("/resident?h=" + views.contents.pseudonym(Int32(i)))
    }

    /// POST `/report/add` with `view=`: adds a view's address to this run's report.
    func pin(_ form: Query) throws(RequestError) -> ServeResponse {
        guard let view = form["view"], Routes.pinnable(view) else { throw RequestError(.badRequest, "view: the address of a view") }
        pins.add(view)
        return .redirect(view)
    }

    /// Views whose picture can go into the report.
    static func pinnable(_ address: String) -> Bool {
        let path = String(address.prefix { $0 != "?" })
        return ["/", "/party", "/chain", "/rings", "/timeline"].contains(path)
    }

    /// `/report`: the case report as `report` writes it, with the pictures of the views added this run,
    /// as a file to save.
    func report() throws(RequestError) -> ServeResponse {
        let n = views.narrowed(ViewFilter())
        let report = CaseReport(n.data, title: "BrokerGraph case report", roles: n.roles,
                                screening: CaseReport.ScreeningSection(rules: views.rules.id, title: views.rules.title, notice: views.rules.notice,
                                                                       parties: n.screeningList, notModelled: views.rules.notModelled),
                                rings: n.rings.rings)
        var html = ReportWriter.html(report, overviewSVG: try svg(.overview, n), ringSVG: try svg(.rings, n))
        var added = "<section id=\"views\"><h2>Views added in the web view</h2>"
        if pins.all.isEmpty { added += "<p>None: use “add to report” under a picture.</p>" }
        for address in pins.all {
            let parts = address.split(separator: "?", maxSplits: 1)
            let query = Query(parts.count > 1 ? String(parts[1]) : "")
            let filter = try ViewFilter(query: query)
            let view: PictureView = switch String(parts.first ?? "/") {
            case "/party": .ego
            case "/chain": .chain
            case "/rings": .rings
            case "/timeline": .timeline
            default: .overview
            }
            let v = view == .ego || view == .chain ? try vertex(query) : 0
            let depth = try query.int("depth", in: 1...4) ?? 1
            let svg = try svg(view, views.narrowed(filter), v: v, depth: depth)
            added += "<h3>\(Page.e(view.rawValue)) · \(Page.e(filter.words))</h3>\(ReportWriter.inlineSVG(svg))"
        }
        added += "</section>"
        if let end = html.range(of: "</body>", options: .backwards) { html.insert(contentsOf: added, at: end.lowerBound) } else { html += added }
        return ServeResponse(type: "text/html; charset=utf-8", body: Array(html.utf8),
                             headers: [("Content-Disposition", "attachment; filename=\"report.html\"")])
    }
}
