import BrokerCase
import BrokerOutput

/// HTML building: one layout for every page, links that keep the view's filter, and `e()` for every
/// string that comes from the case (names, ids, notes): nothing from the case is ever markup.
struct Page {
    var title: String
    var filter: ViewFilter
    /// The route and parameters (without the filter) that reopen this view: for the filter form and
    /// "add to report".
    var path: String
    var params: [(String, String)] = []
    var body = ""

    init(_ title: String, filter: ViewFilter, path: String, params: [(String, String)] = []) {
        self.title = title; self.filter = filter; self.path = path; self.params = params
    }

    /// Escapes text from the case for HTML content and quoted attributes.
    static func e(_ text: String) -> String { Escape.html(text) }

    /// An address on this server that keeps `filter` (escaped for an attribute).
    static func href(_ path: String, _ params: [(String, String)] = [], filter: ViewFilter) -> String {
        let items = params + filter.items
        return e(items.isEmpty ? path : path + "?" + Query.string(items))
    }

    func href(_ path: String, _ params: [(String, String)] = []) -> String { Page.href(path, params, filter: filter) }

    /// This view's own address (with its filter), unescaped.
    var address: String {
        let items = params + filter.items
        return items.isEmpty ? path : path + "?" + Query.string(items)
    }

    mutating func add(_ html: String) { body += html; body += "\n" }

    /// A table; cells are HTML already (escape what comes from the case before).
    mutating func table(_ header: [String], _ rows: [[String]], numeric: Set<Int> = []) {
        var html = "<table>"
        if header.contains(where: { !$0.isEmpty }) { html += "<thead><tr>" + header.map { "<th>\(Page.e($0))</th>" }.joined() + "</tr></thead>" }
        html += "<tbody>"
        for row in rows {
            html += "<tr>" + row.enumerated().map { i, cell in numeric.contains(i) ? "<td class=\"num\">\(cell)</td>" : "<td>\(cell)</td>" }.joined() + "</tr>"
        }
        add(html + "</tbody></table>")
    }

    /// A rendered picture with its export links (SVG, PNG, PDF) and "add to report".
    mutating func picture(_ svg: String, view: String, params: [(String, String)]) {
        add("<div class=\"picture\">\(Page.inline(svg))</div>")
        let links = ["svg", "png", "pdf"].map { "<a download href=\"\(href("/picture", [("view", view)] + params + [("format", $0)]))\">\($0.uppercased())</a>" }
        add("""
            <form class="export" method="post" action="/report/add">save as \(links.joined(separator: " · ")) · \
            <input type="hidden" name="view" value="\(Page.e(address))"><button type="submit">add to report</button></form>
            """)
    }

    /// Graphviz's SVG without its XML prolog and doctype, to sit inside the page.
    static func inline(_ svg: String) -> String {
        guard let start = svg.range(of: "<svg") else { return "" }
        return String(svg[start.lowerBound...])
    }

    /// A link to a party, showing its name and id.
    static func party(_ data: CaseData, _ v: Int, filter: ViewFilter) -> String {
        let p = data.parties[v]
        let label = p.name == p.key ? e(p.key) : "\(e(p.name)) <span class=\"key\">\(e(p.key))</span>"
        return "<a href=\"\(href("/party", [("v", String(v))], filter: filter))\">\(label)</a>"
    }

    /// The whole document: header with navigation, search and the filter form, then the body.
    func html() -> String {
        let categories = Category.allCases.map { c in
            "<option value=\"\(c.rawValue)\"\(filter.category == c ? " selected" : "")>\(c.rawValue)</option>"
        }.joined()
        let hidden = params.map { "<input type=\"hidden\" name=\"\(Page.e($0.0))\" value=\"\(Page.e($0.1))\">" }.joined()
        let nav = [("/", "Summary"), ("/screening", "Screening"), ("/rings", "Rings"), ("/timeline", "Timeline"),
                   ("/resident", "Resident"), ("/report", "Report")]
            .map { "<a href=\"\(href($0.0))\">\($0.1)</a>" }.joined(separator: " ")
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(Page.e(title)) · BrokerGraph</title>
            <meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
            <link rel="stylesheet" href="/static/app.css"><script src="/static/app.js" defer></script></head>
            <body data-filter="\(Page.e(Query.string(filter.items)))">
            <header><nav><strong>BrokerGraph</strong> \(nav)</nav>
            <form id="search" method="get" action="/search" autocomplete="off"><input id="q" name="q" type="search" \
            placeholder="name, alias, phone, id" maxlength="200">\(filter.items.map { "<input type=\"hidden\" name=\"\($0.0)\" value=\"\(Page.e($0.1))\">" }.joined())\
            <button type="submit">Search</button><div id="hits"></div></form>
            <form id="filter" method="get" action="\(Page.e(path))">\(hidden)\
            <label>from <input type="date" name="from" value="\(Page.e(filter.from ?? ""))"></label>
            <label>to <input type="date" name="to" value="\(Page.e(filter.to ?? ""))"></label>
            <label>category <select name="cat"><option value="">all</option>\(categories)</select></label>
            <button type="submit">Apply</button> <span class="filter-now">showing: \(Page.e(filter.words))</span></form>
            </header>
            <main><h1>\(Page.e(title))</h1>
            \(body)
            <aside id="rows"></aside></main></body></html>
            """
    }
}
