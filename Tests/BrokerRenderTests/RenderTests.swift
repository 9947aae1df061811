import BrokerCase
import BrokerGraph
import BrokerOutput
import BrokerRender
import Foundation
import BrokerTestSupport
import Testing

@Suite struct DeterminismTests {
    @Test("the same case gives byte-identical DOT for every view", arguments: ["overview", "ring", "timeline", "ego", "chain"])
    func dotIsDeterministic(view: String) throws {
        func dot() throws -> [UInt8] {
            let context = ChartContext(CaseBuilder.ring().data)
            let chart = switch view {
            case "overview": CaseCharts.overview(context)
            case "ring": CaseCharts.rings(context)
            case "timeline": CaseCharts.timeline(context)
            case "ego": CaseCharts.ego(context, party: 1, depth: 2)
            default: CaseCharts.chains(context, party: 1)
            }
            return try GraphvizRenderer.shared.render(chart, format: .dot)
        }
        let first = try dot()
        #expect(!first.isEmpty)
        for _ in 0..<3 { #expect(try dot() == first) }
    }

    @Test func largeFoldedOverviewIsDeterministic() throws {
        let data = Generated.hubCase(suppliers: 150, endUsersPerSupplier: 3).data
        let a = try GraphvizRenderer.shared.render(CaseCharts.overview(ChartContext(data)), format: .dot)
        let b = try GraphvizRenderer.shared.render(CaseCharts.overview(ChartContext(data)), format: .dot)
        #expect(a == b)
    }

    @Test func exportsAreDeterministic() {
        let a = ChartContext(CaseBuilder.ring().data), b = ChartContext(CaseBuilder.ring().data)
        #expect(Exports.graphML(a) == Exports.graphML(b))
        #expect(Exports.gexf(a) == Exports.gexf(b))
        #expect(Exports.followTheMoney(a) == Exports.followTheMoney(b))
    }
}

@Suite struct EscapingTests {
    let context = ChartContext(CaseBuilder.hostile().data)

    @Test func dotRoundTripsThroughGraphviz() throws {
        // The DOT text must parse again (Graphviz lays it out from a chart built with these names).
        let chart = CaseCharts.overview(context)
        let dot = String(decoding: try GraphvizRenderer.shared.render(chart, format: .dot), as: UTF8.self)
        #expect(dot.contains("back\\\\slash\\\\"))      // label text: backslashes doubled for Graphviz
        #expect(!dot.contains("line one\nline two"))    // no raw line break inside a value
        _ = try GraphvizRenderer.shared.render(chart, format: .svg)
        _ = try GraphvizRenderer.shared.render(Exports.dotChart(context), format: .svg)
    }

    @Test func svgIsWellFormedAndShowsNamesAsText() throws {
        for chart in [CaseCharts.overview(context), CaseCharts.rings(context), CaseCharts.timeline(context)] {
            let svg = try GraphvizRenderer.shared.render(chart, format: .svg)
            let parsed = XMLCollector.parse(svg)
            #expect(parsed.ok, "SVG does not parse: \(parsed.error ?? "")")
            #expect(!parsed.collector.elements.contains("script"))
            #expect(!parsed.collector.elements.contains("b"))
        }
        let svg = try GraphvizRenderer.shared.render(CaseCharts.overview(context), format: .svg)
        let parsed = XMLCollector.parse(svg).collector
        #expect(parsed.text.contains("<script>alert(1)</script>"))
        #expect(parsed.text.contains("<<b>x</b>>"))
        #expect(parsed.text.contains("Tom & Jerry"))
        #expect(parsed.text.contains("\"quoted\" name"))
        #expect(parsed.text.contains("back\\slash\\"))
    }

    @Test func reportEscapesEveryInputString() throws {
        let report = CaseReport(context.data, title: "<script>title</script>")
        let svg = String(decoding: try GraphvizRenderer.shared.render(CaseCharts.overview(context), format: .svg), as: UTF8.self)
        let html = ReportWriter.html(report, overviewSVG: svg, ringSVG: nil)
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("Tom &amp; Jerry"))
        #expect(!html.contains("<!--"), "a name like ']]> --> <!--' stays text, and the report has no comments")
        let md = ReportWriter.markdown(report)
        #expect(!md.contains("<script"))
        #expect(md.contains("&lt;script&gt;"))
        #expect(!md.contains("line one\nline two"))
    }

    @Test func trailingBackslashKeepsDOTReadable() throws {
        var c = CaseBuilder()
        c.add("T\\", "2025-01-01", "a\\", "b\\\\", 1)
        let context = ChartContext(c.data)
        for chart in [CaseCharts.overview(context), Exports.dotChart(context)] {
            let svg = try GraphvizRenderer.shared.render(chart, format: .svg)
            #expect(XMLCollector.parse(svg).ok)
            #expect(XMLCollector.parse(svg).collector.text.contains("a\\"))
        }
    }

    @Test func escapeFunctions() {
        #expect(Escape.html("<a href=\"x\">&'") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;")
        #expect(Escape.xml("a\u{1}b\nc") == "ab&#10;c")
        #expect(Escape.markdown("a|b*c<d>") == "a\\|b\\*c&lt;d&gt;")
        #expect(Exports.csvField("a,\"b\"") == "\"a,\"\"b\"\"\"")
        #expect(Exports.csvField("plain") == "plain")
    }

    @Test func inlineSVGDropsPrologAndFixedSize() {
        let svg = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<!-- p0 -->\n<svg width=\"100pt\" height=\"50pt\" viewBox=\"0 0 100 50\"><g/></svg>"
        let inline = ReportWriter.inlineSVG(svg)
        #expect(inline.hasPrefix("<svg"))
        #expect(!inline.contains("width=\"100pt\"") && inline.contains("viewBox"))
        #expect(!inline.contains("<!--"))
    }
}

@Suite struct RedactionTests {
    @Test func names() {
        #expect(PartyNaming.redactedName("牛建国") == "牛某")
        #expect(PartyNaming.redactedName("欧阳志强") == "欧阳某")
        #expect(PartyNaming.redactedName("欧阳") == "欧某")
        #expect(PartyNaming.redactedName("John Smith") == "J. S.")
        #expect(PartyNaming.redactedName("wx_daikuan88") == "W. D.")
        #expect(PartyNaming.redactedName("13805351234") == "")
        #expect(PartyNaming.redactedName("") == "")
    }

    @Test func redactedPicturesShowNoNamesAliasesOrIds() throws {
        let data = CaseBuilder.ring().data
        let context = ChartContext(data, redact: true)
        for chart in [CaseCharts.overview(context), CaseCharts.rings(context), CaseCharts.timeline(context),
                      CaseCharts.ego(context, party: 1, depth: 2), CaseCharts.chains(context, party: 1)] {
            let dot = String(decoding: try GraphvizRenderer.shared.render(chart, format: .dot), as: UTF8.self)
            for secret in ["牛建国", "李晓峰", "欧阳志强", "John", "Smith", "13805351234", "老牛", "峰哥", "js_fang", "\"niu\"", "agent\\n"] {
                #expect(!dot.contains(secret), "\(secret) leaks")
            }
            #expect(!dot.contains("label=niu"))
        }
        let dot = String(decoding: try GraphvizRenderer.shared.render(CaseCharts.overview(context), format: .dot), as: UTF8.self)
        #expect(dot.contains("牛某"))
        #expect(dot.contains("欧阳某"))
        #expect(dot.contains("J. S."))
        #expect(dot.contains("销售系统"))     // an origin keeps its name
        let export = Exports.graphML(context) + Exports.followTheMoney(context) + Exports.csv(context).map(\.text).joined()
        for secret in ["牛建国", "13805351234", "老牛", "js_fang", "John"] { #expect(!export.contains(secret)) }
    }
}

@Suite struct FoldingTests {
    @Test func smallCasesAreNotFolded() {
        let data = CaseBuilder.ring().data
        let folding = Folding(data, roles: PartyRole.all(data), foldAbove: CaseCharts.overviewLimit, maxNodes: 1000, keepTop: 300)
        #expect(folding.level == 0)
        #expect(folding.nodes.count == data.parties.count)
    }

    @Test func endUsersOfOneSupplierFoldPerSupplier() {
        // 30 suppliers; supplier 0 has 37 end users, the others 2 each; one end user buys from two suppliers.
        var c = CaseBuilder()
        c.add("X0", "2025-01-01", "origin", "s0", 10, .property, .collect)
        for s in 0..<30 {
            let users = s == 0 ? 37 : 2
            for u in 0..<users { c.add("S\(s)-\(u)", "2025-02-01", "s\(s)", "u\(s)-\(u)", 100 + Int64(u)) }
        }
        c.add("M1", "2025-02-02", "s1", "both", 5)
        c.add("M2", "2025-02-02", "s2", "both", 5)
        let data = c.data
        #expect(data.parties.count > CaseCharts.overviewLimit)
        let roles = PartyRole.all(data)
        let folding = Folding(data, roles: roles, foldAbove: CaseCharts.overviewLimit, maxNodes: CaseCharts.maxNodes, keepTop: CaseCharts.keepTop)
        #expect(folding.level == 1)
        let s0 = data.party(named: "s0")!
        let group = folding.nodes.first { if case .group(_, let anchor, _, _, _) = $0 { return anchor == s0 }; return false }
        guard case .group(let role, _, let count, let records, let members)? = group else { Issue.record("no group for s0"); return }
        #expect(role == .endUser && count == 37 && members.count == 37)
        #expect(records == (0..<37).reduce(Int64(0)) { $0 + 100 + Int64($1) })
        // The end user with two suppliers stays single; every party is drawn by exactly one node.
        let both = Int(data.party(named: "both")!)
        #expect(folding.nodes[Int(folding.nodeOf[both])] == .party(Int32(both)))
        #expect(folding.nodes.count == 1 + 30 + 30 + 1)
        let chart = CaseCharts.overview(ChartContext(data))
        let label = "37 end users\n\(records.grouped) records received"
        #expect(chart.nodes.contains { n in n.attributes.contains { $0 == ("label", label) } })
    }

    @Test func secondStepBoundsTheNodeCount() {
        let data = Generated.hubCase(suppliers: 60, endUsersPerSupplier: 1).data
        let roles = PartyRole.all(data)
        let folding = Folding(data, roles: roles, foldAbove: 10, maxNodes: 20, keepTop: 5)
        #expect(folding.level == 2)
        #expect(folding.nodes.count <= 20)
        #expect(folding.kept <= 5)
        #expect(folding.nodeOf.allSatisfy { $0 >= 0 && Int($0) < folding.nodes.count })
        var covered = 0
        for node in folding.nodes {
            switch node {
            case .party: covered += 1
            case .group(_, _, let count, _, let members): covered += count; #expect(members.count == count)
            }
        }
        #expect(covered == data.parties.count)
    }

    @Test func hubWithHundredsOfSuppliersIsAggregatedAndLaidOutWithSfdp() throws {
        let data = Generated.hubCase(suppliers: 400, endUsersPerSupplier: 0, transfersPerSupplier: 3).data
        let full = CaseCharts.overview(ChartContext(data), full: true)
        #expect(full.engine == "sfdp")
        #expect(full.nodes.count == data.parties.count)
        #expect(full.edges.count == 401)          // one per supplier (and the hub's sale), not one per transfer
        let chart = CaseCharts.overview(ChartContext(data))
        #expect(chart.nodes.count <= CaseCharts.maxNodes && chart.edges.count <= CaseCharts.maxEdges)
        let start = Date()
        let svg = try GraphvizRenderer.shared.render(chart, format: .svg)
        #expect(!svg.isEmpty)
        #expect(Date().timeIntervalSince(start) < 30)
    }

    /// A random case far above the budgets: the default overview stays within about 150 nodes and
    /// 400 edges, keeps the heaviest links, and says in its title what it left out.
    @Test func bigOverviewStaysWithinItsBudget() {
        var random = SplitMix64(seed: 11)
        var c = CaseBuilder()
        for i in 0..<6_000 {
            let from = Int(random.next() % 2_000), to = (from + 1 + Int(random.next() % 1_999)) % 2_000
            c.add("R\(i)", "2025-03-01", "p\(from)", "p\(to)", 1 + Int64(random.next() % 500))
        }
        let data = c.data
        let context = ChartContext(data)
        let chart = CaseCharts.overview(context)
        #expect(chart.nodes.count <= CaseCharts.maxNodes)
        #expect(chart.edges.count <= CaseCharts.maxEdges)
        let title = chart.attributes.first { $0.0 == "label" }?.1 ?? ""
        #expect(title.contains("strongest links drawn") && title.contains("left out"), "\(title)")
        #expect(title.contains("parties with the most records drawn singly"))
        let full = CaseCharts.overview(context, full: true)
        #expect(full.nodes.count == data.parties.count)
        // The full picture aggregates parallel transfers only: every (supplier, receiver) pair once.
        let pairs = Set((0..<data.transfers.count).map { [data.transfers.from[$0], data.transfers.to[$0]] })
        #expect(full.edges.count == pairs.count)
    }
}

/// Generated cases for the folding and layout tests.
enum Generated {
    /// `suppliers` sources all selling to one hub broker, which sells on to one end user; each
    /// supplier also sells to its own end users.
    static func hubCase(suppliers: Int, endUsersPerSupplier: Int, transfersPerSupplier: Int = 1) -> CaseBuilder {
        var c = CaseBuilder()
        var row = 0
        for s in 0..<suppliers {
            for k in 0..<transfersPerSupplier {
                row += 1
                c.add("H\(row)", "2025-03-\(10 + k % 9) 10:00", "s\(s)", "hub", 10 + Int64(s % 7))
            }
            for u in 0..<endUsersPerSupplier {
                row += 1
                c.add("U\(row)", "2025-04-01", "s\(s)", "u\(s)-\(u)", 5)
            }
        }
        c.add("END", "2025-05-01", "hub", "buyer", 100)
        return c
    }
}
