import BrokerCase
import BrokerOutput
import BrokerTestSupport
import Foundation
import Testing

@Suite struct ExportTests {
    let context = ChartContext(CaseBuilder.hostile().data)

    @Test func graphMLAndGEXFParse() {
        for (name, text) in [("graphml", Exports.graphML(context)), ("gexf", Exports.gexf(context))] {
            let parsed = XMLCollector.parse(Array(text.utf8))
            #expect(parsed.ok, "\(name): \(parsed.error ?? "")")
            #expect(parsed.collector.elements.filter { $0 == "node" }.count == context.data.parties.count)
            #expect(parsed.collector.elements.filter { $0 == "edge" }.count == context.data.transfers.count)
            #expect(parsed.collector.text.contains("<script>alert(1)</script>") || parsed.collector.attributes.contains("<script>alert(1)</script>"))
        }
    }

    @Test func followTheMoneyLinesAreJSON() throws {
        let lines = Exports.followTheMoney(context).split(separator: "\n")
        #expect(lines.count == context.data.parties.count + context.data.transfers.count)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["schema"] != nil && object?["id"] != nil)
        }
        #expect(lines.contains { $0.contains("\"schema\":\"Payment\"") })
    }

    @Test func csvAndNeo4jHeaders() {
        let files = Exports.csv(context)
        #expect(files.map(\.name) == ["nodes.csv", "edges.csv"])
        #expect(files[1].text.hasPrefix("id,source,target,time,start,end,records"))
        let neo = Exports.neo4j(context)
        #expect(neo[0].text.hasPrefix("partyId:ID(Party),"))
        #expect(neo[0].text.split(separator: "\n")[0].hasSuffix(":LABEL"))
        #expect(neo[1].text.hasPrefix(":START_ID(Party),:END_ID(Party),:TYPE,"))
    }

    @Test("cells a spreadsheet would run as formulas are neutralised, in CSV and Neo4j exports")
    func formulaInjection() {
        for text in ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            let field = Exports.csvField(text)
            #expect(field.hasPrefix("\"'"), "\(text.debugDescription) -> \(field)")
        }
        #expect(Exports.csvField("a,\"b\"") == "\"a,\"\"b\"\"\"")
        #expect(Exports.csvField("plain") == "plain")
        #expect(Exports.csvField("2025-03-01") == "2025-03-01")
        // Line breaks, a CRLF too (one Character, equal to neither "\r" nor "\n"), and edge spaces are quoted.
        #expect(Exports.csvField("a\r\nb") == "\"a\r\nb\"" && Exports.csvField("a\nb") == "\"a\nb\"")
        #expect(Exports.csvField(" x") == "\" x\"" && Exports.csvField("x ") == "\"x \"")
        #expect(Exports.csvField("") == "" && Exports.csvField("老牛，李") == "老牛，李")

        var c = CaseBuilder()
        c.party("evil", name: "=cmd|' /C calc'!A0")
        c.add("T1", "2025-03-01", "evil", "@buyer", 5)
        let context = ChartContext(c.data)
        for file in Exports.csv(context) + Exports.neo4j(context) where file.name.hasSuffix(".csv") {
            for line in file.text.split(separator: "\n") {
                for cell in line.split(separator: ",") {
                    let cell = cell.hasPrefix("\"") ? cell.dropFirst() : cell
                    #expect(!(cell.first.map { "=+-@".contains($0) } ?? false), "\(file.name): \(line)")
                }
            }
        }
    }
}

/// The rings picture of a big case stays readable: rings are drawn largest first within a member
/// budget, and the title says how many were left out.
@Suite struct RingChartBudgetTests {
    @Test func ringsBeyondTheBudgetAreLeftOutAndCounted() {
        var b = CaseBuilder()
        for (from, to) in [("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "x")] { b.add(from: from, to: to) }
        let context = ChartContext(b.data)
        let all = CaseCharts.rings(context)
        #expect(all.clusters.count == 2)
        let cut = CaseCharts.rings(context, maxMembers: 4)   // 3 + 2 > 4: the pair is left out
        #expect(cut.clusters.count == 1 && cut.clusters[0].nodes.count == 3)
        let title = cut.attributes.first { $0.0 == "label" }?.1 ?? ""
        #expect(title.contains("2 groups") && title.contains("1 not drawn"))
        let small = CaseCharts.rings(context, maxMembers: 2)  // the triangle does not fit, the pair does
        #expect(small.clusters.count == 1 && small.clusters[0].nodes.count == 2)
    }
}
