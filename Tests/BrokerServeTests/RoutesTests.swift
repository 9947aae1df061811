import BrokerCase
import BrokerServe
import BrokerTestSupport
import Foundation
import Testing

/// The routes answered in-process: the token, the limits, every page, the filter, the resident lookup.
@Suite("Serve routes") struct RoutesTests {
    static let token = String(repeating: "ab", count: 32)
    static let routes = Routes(views: CaseViews(data: CaseBuilder.ring().data), token: token)

    /// A GET as a browser sends it after the first visit: the token in the cookie.
    static func get(_ routes: Routes, _ path: String, _ query: String = "", token: String? = RoutesTests.token,
                    headers: [String: String] = [:]) -> ServeResponse {
        var all = ["Host": "127.0.0.1:8765"]
        if let token { all["Cookie"] = "brokergraph_token=\(token)" }
        return routes.respond(ServeRequest(path: path, rawQuery: query, headers: all.merging(headers) { $1 }))
    }

    static func text(_ r: ServeResponse) -> String { String(decoding: r.body, as: UTF8.self) }

    @Test("Without the token, with a wrong one or one of another length, every address is refused (403)")
    func tokenRefused() {
        for path in ["/", "/party", "/static/app.js", "/nowhere"] {
            #expect(Self.get(Self.routes, path, token: nil).status == .forbidden)
            #expect(Self.get(Self.routes, path, token: String(repeating: "ab", count: 31) + "ac").status == .forbidden)
            #expect(Self.get(Self.routes, path, token: "ab").status == .forbidden)
            #expect(Self.get(Self.routes, path, "token=" + String(repeating: "ab", count: 31) + "ac", token: nil).status == .forbidden)
            #expect(Self.get(Self.routes, path, "token=", token: nil).status == .forbidden)
        }
        #expect(!Self.text(Self.get(Self.routes, "/", token: nil)).contains(Self.token))
    }

    @Test("The first visit moves the token into an HttpOnly SameSite=Strict cookie, which then opens every page")
    func tokenCookie() throws {
        let first = Self.get(Self.routes, "/", "from=2025-02-01&token=\(Self.token)", token: nil)
        #expect(first.status == .seeOther)
        #expect(first.header("Location") == "/?from=2025-02-01")
        let cookie = try #require(first.header("Set-Cookie"))
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.hasPrefix("brokergraph_token=\(Self.token)"))
        let page = Self.get(Self.routes, "/screening", token: nil, headers: ["Cookie": "a=b; brokergraph_token=\(Self.token)"])
        #expect(page.status == .ok)
    }

    @Test("Limits: long address 414, large body 413, unknown path 404, bad date 400, other methods 405, other hosts 403")
    func limits() {
        #expect(Self.get(Self.routes, "/search", "q=" + String(repeating: "a", count: 5_000)).status == .uriTooLong)
        #expect(Self.get(Self.routes, "/search", "q=" + String(repeating: "a", count: 300)).status == .uriTooLong)
        let big = ServeRequest(method: "POST", path: "/resident", headers: ["Cookie": "brokergraph_token=\(Self.token)"],
                               body: Array(repeating: 0x61, count: Routes.maxBody + 1))
        #expect(Self.routes.respond(big).status == .payloadTooLarge)
        #expect(Self.get(Self.routes, "/etc/passwd").status == .notFound)
        #expect(Self.get(Self.routes, "/party", "v=999").status == .notFound)
        #expect(Self.get(Self.routes, "/party", "v=-1").status == .badRequest)
        #expect(Self.get(Self.routes, "/", "from=2025-13-45").status == .badRequest)
        #expect(Self.get(Self.routes, "/", "cat=<b>").status == .badRequest)
        #expect(Self.routes.respond(ServeRequest(method: "DELETE", path: "/", headers: ["Cookie": "brokergraph_token=\(Self.token)"])).status == .methodNotAllowed)
        #expect(Self.get(Self.routes, "/", headers: ["Host": "attacker.example:8765"]).status == .forbidden)
        // The message never echoes what was asked.
        #expect(!Self.text(Self.get(Self.routes, "/party", "p=%3Cscript%3E")).contains("<script>"))
    }

    @Test("Every page answers with the strict CSP and shows the case")
    func pages() throws {
        let niu = "v=1"
        for (path, query, expected) in [("/", "", "Busiest parties"), ("/search", "q=niu", "牛建国"), ("/party", niu, "property sales"),
                                        ("/party", "p=%E8%80%81%E7%89%9B&depth=2", "牛建国"), ("/chain", niu, "Where its records went"),
                                        ("/rings", "", "swap_ring"), ("/timeline", "", "<svg"), ("/screening", "", "cn-2017"),
                                        ("/resident", "", "no batch contents"), ("/rows", "a=1&b=2", "T2"),
                                        ("/static/app.js", "", "use strict"), ("/static/app.css", "", "body")] {
            let r = Self.get(Self.routes, path, query)
            #expect(r.status == .ok, "\(path)?\(query)")
            #expect(Self.text(r).contains(expected), "\(path)?\(query) shows \(expected)")
            let csp = try #require(r.header("Content-Security-Policy"))
            #expect(csp.contains("default-src 'none'") && csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"))
            #expect(r.header("X-Content-Type-Options") == "nosniff")
        }
        let party = Self.text(Self.get(Self.routes, "/party", niu))
        #expect(party.contains("test.csv:3"), "rows show file:line")
        #expect(party.contains("class=\"node\""), "the ego picture is inline SVG")
        #expect(party.contains("expand neighbours"))
        for format in ["svg", "png", "pdf"] {
            let r = Self.get(Self.routes, "/picture", "view=ego&v=1&format=\(format)")
            #expect(r.status == .ok && r.body.count > 100, "\(format)")
            #expect(r.header("Content-Disposition")?.contains("attachment") == true)
        }
    }

    @Test("Search ranks a whole match first, then beginnings, then anywhere; by alias and phone number too")
    func search() {
        let hits = Self.text(Self.get(Self.routes, "/search", "fragment=1&q=13805351234"))
        #expect(hits.contains("牛建国") && hits.contains("alias"))
        let ranked = Self.text(Self.get(Self.routes, "/search", "fragment=1&q=li"))
        let li = ranked.range(of: "v=2\"")?.lowerBound, other = ranked.range(of: "js_fang")?.lowerBound
        #expect(li != nil)
        if let li, let other { #expect(li < other, "whole id before a match inside another name") }
        #expect(Self.text(Self.get(Self.routes, "/search", "fragment=1&q=nobody-at-all")).contains("no party matches"))
    }

    @Test("A time window and a category narrow the views and stay in their links")
    func filter() {
        let whole = Self.text(Self.get(Self.routes, "/party", "v=2"))
        let march = Self.text(Self.get(Self.routes, "/party", "v=2&from=2025-03-01&to=2025-03-31"))
        #expect(whole.contains(">T2<") && !march.contains(">T2<"))
        #expect(march.contains("from=2025-03-01&amp;to=2025-03-31"))
        let credit = Self.text(Self.get(Self.routes, "/rows", "a=4&b=5&cat=credit"))
        #expect(credit.contains("T7"))
        #expect(Self.text(Self.get(Self.routes, "/rows", "a=4&b=5&cat=property")).contains("0 transfers"))
    }

    @Test("Adding a view to the report puts its picture into the report file")
    func report() {
        let pinned = Self.routes.respond(ServeRequest(method: "POST", path: "/report/add", rawQuery: "token=\(Self.token)",
                                                      body: Array("view=%2Fparty%3Fv%3D2%26depth%3D1".utf8)))
        #expect(pinned.status == .seeOther)
        let bad = Self.routes.respond(ServeRequest(method: "POST", path: "/report/add", rawQuery: "token=\(Self.token)",
                                                   body: Array("view=https%3A%2F%2Fexample.com".utf8)))
        #expect(bad.status == .badRequest)
        let report = Self.text(Self.get(Self.routes, "/report"))
        #expect(report.contains("Views added in the web view") && report.contains("李晓峰"))
    }

    @Test("Resident lookup hashes the identifier with the case key and never shows it")
    func resident() throws {
        var c = CaseBuilder.ring()
        c.add("T9", "2025-04-06 09:00", "li", "enduser3", 5, .property, .sale, batch: "B1")
        let key = CaseKey(bytes: CaseKey.random(), origin: "test")
        let identifier = "13900000001"
        let hash = try #require(key.hash(identifier: identifier))
        let contents = BatchContents(subjects: [hash], batches: ["B1": [.init(subject: 0, category: .property)]])
        let routes = Routes(views: CaseViews(data: c.data, contents: contents, key: key), token: Self.token)
        let answer = routes.respond(ServeRequest(method: "POST", path: "/resident", rawQuery: "token=\(Self.token)",
                                                 body: Array("id=\(identifier)".utf8)))
        #expect(answer.status == .seeOther)
        let location = try #require(answer.header("Location"))
        #expect(location == "/resident?h=\(contents.pseudonym(0))" && !location.contains(identifier))
        let page = Self.text(Self.get(routes, "/resident", "h=\(contents.pseudonym(0))"))
        #expect(page.contains("enduser3") && !page.contains(identifier))
        let unknown = routes.respond(ServeRequest(method: "POST", path: "/resident", rawQuery: "token=\(Self.token)", body: Array("id=13900000002".utf8)))
        let query = String(unknown.header("Location")?.split(separator: "?").last ?? "")
        let none = Self.text(Self.get(routes, "/resident", query))
        #expect(none.contains("in no batch"))
    }
}
