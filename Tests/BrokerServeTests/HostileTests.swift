import BrokerCase
import BrokerServe
import BrokerTestSupport
import Foundation
import Testing

/// Hostile names from the corpus (`Tests/Fixtures/hostile-names.json`) in every view: shown as text.
@Suite("Serve: hostile text") struct HostileTests {
    static let names: [String] = {
        let url = Repository.root.appendingPathComponent("Tests/Fixtures/hostile-names.json")
        return (try? JSONDecoder().decode([String].self, from: Data(contentsOf: url))) ?? []
    }()

    /// Each name is a party (id, name, alias, occupation) passing records to the next, with notes.
    static func hostileCase() -> CaseData {
        var c = CaseBuilder()
        for name in names {
            c.party(name, name: name, aliases: [name + " alias"], occupation: name, organization: name)
        }
        for (i, name) in names.enumerated() {
            c.add(name, String(format: "2025-03-%02d 10:00", i + 1), name, names[(i + 1) % names.count], Int64(10 + i),
                  .property, .sale, amountFen: 100, batch: name, channel: name, evidence: name, note: name)
        }
        return c.data
    }

    @Test("No hostile name reaches a page as markup; each is there as escaped text")
    func escaped() throws {
        #expect(Self.names.count >= 10)
        let token = Routes.newToken()
        let routes = Routes(views: CaseViews(data: Self.hostileCase()), token: token)
        let markup = ["<script>alert", "<img src=x", "<b>bold</b>", "</svg><img", "onerror=alert(1)>"]
        var pages: [(String, String)] = [("/", ""), ("/rings", ""), ("/timeline", ""), ("/screening", ""), ("/resident", "")]
        for v in Self.names.indices {
            pages += [("/party", "v=\(v)"), ("/chain", "v=\(v)"), ("/rows", "a=\(v)&b=\((v + 1) % Self.names.count)")]
        }
        pages += [("/search", "q=%3Cscript%3E"), ("/search", "q=%3Cb%3E&fragment=1"), ("/search", "q=%22&fragment=1")]
        for (path, query) in pages {
            let r = routes.respond(ServeRequest(path: path, rawQuery: query, headers: ["Host": "127.0.0.1", "Cookie": "brokergraph_token=\(token)"]))
            #expect(r.status == .ok, "\(path)?\(query)")
            let text = String(decoding: r.body, as: UTF8.self)
            for bad in markup { #expect(!text.contains(bad), "\(path)?\(query) holds \(bad)") }
        }
        let party = String(decoding: routes.respond(ServeRequest(path: "/party", rawQuery: "v=6&token=\(token)", headers: ["Host": "127.0.0.1"])).body, as: UTF8.self)
        #expect(party.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), "the name is shown, escaped")
    }
}
