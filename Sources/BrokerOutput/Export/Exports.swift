import BrokerCase
import Foundation
import BrokerGraph

/// The case written in the formats analysts' tools read. Every writer is a pure function of the case
/// (deterministic: same case, same bytes); every string from input is escaped for its format.
///
/// Parties are identified by their key (or `P<n>` when redacted); transfers by their row id.
public enum Exports {
    /// A named file of an export (`csv` and `neo4j` write several).
    public struct File: Sendable {
        public var name: String
        public var text: String
    }

    /// What a writer wrote, as one string (a small case; tests).
    static func text(_ write: (TextOutput) throws -> Void) -> String {
        let bytes = Bytes(), out = TextOutput { bytes.value += $0 }
        try? write(out)   // writing into memory cannot fail
        try? out.close()
        return String(decoding: bytes.value, as: UTF8.self)
    }

    /// The files a writer of several wrote, each as one string.
    static func files(_ write: (_ file: (String) -> TextOutput) throws -> Void) -> [File] {
        var opened: [(name: String, bytes: Bytes, out: TextOutput)] = []
        try? write { name in
            let bytes = Bytes(), out = TextOutput { bytes.value += $0 }
            opened.append((name, bytes, out))
            return out
        }
        return opened.map { file in
            try? file.out.close()
            return File(name: file.name, text: String(decoding: file.bytes.value, as: UTF8.self))
        }
    }

    private final class Bytes { var value: [UInt8] = [] }

    // MARK: GraphML

    /// GraphML for Gephi, yEd and networkx: one node per party, one edge per transfer.
    /// - Complexity: O(parties + transfers).
    public static func graphML(_ context: ChartContext) -> String { text { try graphML(context, to: $0) } }

    /// GraphML written to `out` as it is made (see `graphML(_:)`).
    public static func graphML(_ context: ChartContext, to out: TextOutput) throws {
        let data = context.data, t = data.transfers, x = Escape.xml
        try out.write("""
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
              <key id="name" for="node" attr.name="name" attr.type="string"/>
              <key id="role" for="node" attr.name="role" attr.type="string"/>
              <key id="occupation" for="node" attr.name="occupation" attr.type="string"/>
              <key id="organization" for="node" attr.name="organization" attr.type="string"/>
              <key id="insider" for="node" attr.name="insider" attr.type="boolean"/>
              <key id="aliases" for="node" attr.name="aliases" attr.type="string"/>
              <key id="in_records" for="node" attr.name="in_records" attr.type="long"/>
              <key id="out_records" for="node" attr.name="out_records" attr.type="long"/>
              <key id="time" for="edge" attr.name="time" attr.type="string"/>
              <key id="date" for="edge" attr.name="date" attr.type="string"/>
              <key id="records" for="edge" attr.name="records" attr.type="long"/>
              <key id="category" for="edge" attr.name="category" attr.type="string"/>
              <key id="mode" for="edge" attr.name="mode" attr.type="string"/>
              <key id="amount" for="edge" attr.name="amount" attr.type="double"/>
              <key id="batch" for="edge" attr.name="batch" attr.type="string"/>
              <graph id="case" edgedefault="directed">

            """)
        for v in 0..<data.parties.count {
            let p = data.parties[v], r = context.roles[v]
            var line = "    <node id=\"\(x(context.naming.key(v)))\">"
            line += "<data key=\"name\">\(x(context.naming.name(v)))</data><data key=\"role\">\(r.role.rawValue)</data>"
            if let o = p.occupation { line += "<data key=\"occupation\">\(x(o))</data>" }
            if let o = p.organization { line += "<data key=\"organization\">\(x(o))</data>" }
            line += "<data key=\"insider\">\(r.insider)</data>"
            if !context.naming.redact && !p.aliases.isEmpty { line += "<data key=\"aliases\">\(x(p.aliases.joined(separator: ";")))</data>" }
            try out.write(line + "<data key=\"in_records\">\(r.inRecords)</data><data key=\"out_records\">\(r.outRecords)</data></node>\n")
        }
        try t.forEachText { e, text in
            var line = "    <edge id=\"\(x(text.label))\" source=\"\(x(context.naming.key(Int(t.from[e]))))\" target=\"\(x(context.naming.key(Int(t.to[e]))))\">"
            line += "<data key=\"time\">\(x(text.timeText))</data><data key=\"date\">\(data.date(t.time[e].earliest))</data>"
            line += "<data key=\"records\">\(t.records[e])</data><data key=\"category\">\(t.category[e].rawValue)</data><data key=\"mode\">\(t.mode[e].rawValue)</data>"
            if let fen = t.amountFen[e] { line += "<data key=\"amount\">\(Number.yuan(fen))</data>" }
            if let b = t.batch[e] { line += "<data key=\"batch\">\(x(b))</data>" }
            try out.write(line + "</edge>\n")
        }
        try out.write("  </graph>\n</graphml>\n")
    }

    // MARK: GEXF

    /// GEXF 1.2 with time: a dynamic graph whose edges live from their transfer's first to last
    /// possible moment (as dates) and whose nodes live from their first to their last transfer, for
    /// Gephi's timeline.
    /// - Complexity: O(parties + transfers).
    public static func gexf(_ context: ChartContext) -> String { text { try gexf(context, to: $0) } }

    /// GEXF written to `out` as it is made (see `gexf(_:)`).
    public static func gexf(_ context: ChartContext, to out: TextOutput) throws {
        let data = context.data, t = data.transfers, x = Escape.xml
        var first = [Int64](repeating: .max, count: data.parties.count)
        var last = [Int64](repeating: .min, count: data.parties.count)
        for e in 0..<t.count {
            for v in [Int(t.from[e]), Int(t.to[e])] {
                first[v] = min(first[v], t.time[e].earliest); last[v] = max(last[v], t.time[e].latest)
            }
        }
        try out.write("""
            <?xml version="1.0" encoding="UTF-8"?>
            <gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">
              <meta><creator>brokergraph</creator><description>personal-information transfers</description></meta>
              <graph mode="dynamic" defaultedgetype="directed" timeformat="date">
                <attributes class="node" mode="static">
                  <attribute id="role" title="role" type="string"/>
                  <attribute id="occupation" title="occupation" type="string"/>
                  <attribute id="organization" title="organization" type="string"/>
                  <attribute id="insider" title="insider" type="boolean"/>
                </attributes>
                <attributes class="edge" mode="static">
                  <attribute id="records" title="records" type="long"/>
                  <attribute id="category" title="category" type="string"/>
                  <attribute id="mode" title="mode" type="string"/>
                  <attribute id="amount" title="amount" type="double"/>
                  <attribute id="batch" title="batch" type="string"/>
                </attributes>
                <nodes>

            """)
        for v in 0..<data.parties.count {
            let p = data.parties[v], r = context.roles[v]
            let span = first[v] == .max ? "" : " start=\"\(data.date(first[v]))\" end=\"\(data.date(last[v]))\""
            var line = "      <node id=\"\(x(context.naming.key(v)))\" label=\"\(x(context.naming.name(v).isEmpty ? context.naming.key(v) : context.naming.name(v)))\"\(span)><attvalues>"
            line += "<attvalue for=\"role\" value=\"\(r.role.rawValue)\"/>"
            if let o = p.occupation { line += "<attvalue for=\"occupation\" value=\"\(x(o))\"/>" }
            if let o = p.organization { line += "<attvalue for=\"organization\" value=\"\(x(o))\"/>" }
            try out.write(line + "<attvalue for=\"insider\" value=\"\(r.insider)\"/></attvalues></node>\n")
        }
        try out.write("    </nodes>\n    <edges>\n")
        try t.forEachText { e, text in
            var line = "      <edge id=\"\(x(text.label))\" source=\"\(x(context.naming.key(Int(t.from[e]))))\" target=\"\(x(context.naming.key(Int(t.to[e]))))\""
            line += " start=\"\(data.date(t.time[e].earliest))\" end=\"\(data.date(t.time[e].latest))\" weight=\"\(t.records[e])\"><attvalues>"
            line += "<attvalue for=\"records\" value=\"\(t.records[e])\"/><attvalue for=\"category\" value=\"\(t.category[e].rawValue)\"/>"
            line += "<attvalue for=\"mode\" value=\"\(t.mode[e].rawValue)\"/>"
            if let fen = t.amountFen[e] { line += "<attvalue for=\"amount\" value=\"\(Number.yuan(fen))\"/>" }
            if let b = t.batch[e] { line += "<attvalue for=\"batch\" value=\"\(x(b))\"/>" }
            try out.write(line + "</attvalues></edge>\n")
        }
        try out.write("    </edges>\n  </graph>\n</gexf>\n")
    }

    // MARK: CSV

    /// A CSV field (RFC 4180): quoted when it holds a comma, quote, line break or leading/trailing space.
    ///
    /// A text that a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a
    /// carriage return) gets a leading `'` and is quoted, as OWASP's "CSV injection" advice says, so
    /// opening the export shows the name instead of running it. Numbers we write never start so
    /// (counts and amounts are not negative).
    /// - Complexity: O(text) byte comparisons (by bytes, not characters: a `\r\n` in a field is one
    ///   `Character`, equal to neither `\r` nor `\n`, and must still be quoted).
    public static func csvField(_ text: String) -> String {
        let bytes = text.utf8
        guard let first = bytes.first else { return text }
        if first == UInt8(ascii: "=") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-") || first == UInt8(ascii: "@")
            || first == UInt8(ascii: "\t") || first == UInt8(ascii: "\r") {
            return "\"'" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        let needs = first == UInt8(ascii: " ") || bytes.last == UInt8(ascii: " ") || bytes.contains { byte in
            byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
        }
        return needs ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    static func csvLine(_ fields: [String]) -> String { fields.map(csvField).joined(separator: ",") + "\n" }

    /// `nodes.csv` and `edges.csv`.
    public static func csv(_ context: ChartContext) -> [File] { files { try csv(context, file: $0) } }

    /// `nodes.csv` and `edges.csv`, each written to the output `file(name)` gives as it is made.
    public static func csv(_ context: ChartContext, file: (String) throws -> TextOutput) throws {
        let data = context.data, t = data.transfers
        let nodes = try file("nodes.csv")
        try nodes.write(csvLine(["id", "name", "role", "occupation", "organization", "insider", "aliases", "in_records", "out_records", "in_transfers", "out_transfers"]))
        for v in 0..<data.parties.count {
            let p = data.parties[v], r = context.roles[v]
            try nodes.write(csvLine([context.naming.key(v), context.naming.name(v), r.role.rawValue, p.occupation ?? "", p.organization ?? "",
                                     String(r.insider), context.naming.redact ? "" : p.aliases.joined(separator: ";"),
                                     String(r.inRecords), String(r.outRecords), String(r.inTransfers), String(r.outTransfers)]))
        }
        let edges = try file("edges.csv")
        try edges.write(csvLine(["id", "source", "target", "time", "start", "end", "records", "category", "mode", "amount", "batch", "channel", "evidence"]))
        try t.forEachText { e, text in
            try edges.write(csvLine([text.label, context.naming.key(Int(t.from[e])), context.naming.key(Int(t.to[e])), text.timeText,
                                     CaseTime.dateTime(t.time[e].earliest, offsetSeconds: data.offsetSeconds),
                                     CaseTime.dateTime(t.time[e].latest, offsetSeconds: data.offsetSeconds),
                                     String(t.records[e]), t.category[e].rawValue, t.mode[e].rawValue, t.amountFen[e].map(Number.yuan) ?? "",
                                     t.batch[e] ?? "", text.channel ?? "", text.evidence ?? ""]))
        }
    }

    // MARK: neo4j

    /// CSV files with the headers `neo4j-admin database import full` reads (`:ID`, `:LABEL`,
    /// `:START_ID`, `:END_ID`, `:TYPE`, typed columns, `;` between array elements), and the command.
    public static func neo4j(_ context: ChartContext) -> [File] { files { try neo4j(context, file: $0) } }

    /// `parties.csv`, `transfers.csv` and `import.sh`, each written to the output `file(name)` gives as it is made.
    public static func neo4j(_ context: ChartContext, file: (String) throws -> TextOutput) throws {
        let data = context.data, t = data.transfers
        let nodes = try file("parties.csv")
        try nodes.write(csvLine(["partyId:ID(Party)", "name", "role", "occupation", "organization", "insider:boolean", "aliases:string[]",
                                 "inRecords:long", "outRecords:long", ":LABEL"]))
        for v in 0..<data.parties.count {
            let p = data.parties[v], r = context.roles[v]
            let label = "Party;" + (r.role == .endUser ? "EndUser" : r.role.rawValue.capitalized)
            try nodes.write(csvLine([context.naming.key(v), context.naming.name(v), r.role.rawValue, p.occupation ?? "", p.organization ?? "",
                                     String(r.insider), context.naming.redact ? "" : p.aliases.joined(separator: ";"),
                                     String(r.inRecords), String(r.outRecords), label]))
        }
        let edges = try file("transfers.csv")
        try edges.write(csvLine([":START_ID(Party)", ":END_ID(Party)", ":TYPE", "rowId", "time", "date:date", "records:long", "category",
                                 "mode", "amount:double", "batch"]))
        try t.forEachText { e, text in
            try edges.write(csvLine([context.naming.key(Int(t.from[e])), context.naming.key(Int(t.to[e])), "TRANSFERRED", text.label, text.timeText,
                                     data.date(t.time[e].earliest), String(t.records[e]), t.category[e].rawValue, t.mode[e].rawValue,
                                     t.amountFen[e].map(Number.yuan) ?? "", t.batch[e] ?? ""]))
        }
        try file("import.sh").write("""
            #!/bin/sh
            # Load into an empty Neo4j 5 database named brokergraph (stop the database first).
            neo4j-admin database import full --nodes=parties.csv --relationships=transfers.csv \\
              --array-delimiter=';' --overwrite-destination brokergraph

            """)
    }

    // MARK: FollowTheMoney

    /// FollowTheMoney entities, one JSON object per line.
    ///
    /// Parties: `Person` when the parties file describes them as people (an occupation other than
    /// `system`), else `LegalEntity` (FtM's "person or organisation": origins, systems and names that
    /// only appear in transfers). Transfers: a `Payment` when a price was paid (payer = the receiver of
    /// the records, beneficiary = the supplier, amount in CNY), else an `UnknownLink` (subject = supplier,
    /// object = receiver). Both carry the date, the row id (`recordId`) and a summary of what was passed
    /// on. Entity ids: `bg-` and the first 20 hex digits of SHA-256 of the party key or row id.
    public static func followTheMoney(_ context: ChartContext) -> String { text { try followTheMoney(context, to: $0) } }

    /// FollowTheMoney entities written to `out` as they are made (see `followTheMoney(_:)`).
    public static func followTheMoney(_ context: ChartContext, to out: TextOutput) throws {
        let data = context.data, t = data.transfers
        var ids: [String] = []
        for v in 0..<data.parties.count { ids.append(entityID("party", context.naming.key(v))) }
        for v in 0..<data.parties.count {
            let p = data.parties[v]
            let person = (p.occupation.map { !$0.isEmpty && $0.lowercased() != "system" } ?? false) && context.roles[v].role != .origin
            var properties: [(String, [String])] = [("name", [context.naming.name(v).isEmpty ? context.naming.key(v) : context.naming.name(v)])]
            if !context.naming.redact && !p.aliases.isEmpty { properties.append(("alias", p.aliases)) }
            let description = [p.occupation, p.organization].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
            if !description.isEmpty { properties.append(("description", [description])) }
            properties.append(("summary", ["\(context.roles[v].role.rawValue) in the case"]))
            try out.write(entity(id: ids[v], schema: person ? "Person" : "LegalEntity", properties) + "\n")
        }
        try t.forEachText { e, text in
            let from = ids[Int(t.from[e])], to = ids[Int(t.to[e])]
            let summary = "\(t.records[e]) \(t.category[e].rawValue) records, \(t.mode[e].rawValue)"
            let date = data.date(t.time[e].earliest)
            if let fen = t.amountFen[e] {
                try out.write(entity(id: entityID("transfer", text.label), schema: "Payment", [
                    ("payer", [to]), ("beneficiary", [from]), ("amount", [Number.yuan(fen)]), ("currency", ["CNY"]),
                    ("date", [date]), ("purpose", [summary]), ("recordId", [text.label]),
                ]) + "\n")
            } else {
                try out.write(entity(id: entityID("transfer", text.label), schema: "UnknownLink", [
                    ("subject", [from]), ("object", [to]), ("role", ["supplied personal information (\(t.mode[e].rawValue))"]),
                    ("date", [date]), ("summary", [summary]), ("recordId", [text.label]),
                ]) + "\n")
            }
        }
    }

    static func entityID(_ kind: String, _ key: String) -> String {
        "bg-" + String(SHA256.hash(Array("\(kind):\(key)".utf8)).hexString.prefix(20))
    }

    /// One FollowTheMoney entity, as its JSON line: `{"id", "properties", "schema"}` with keys sorted.
    struct Entity: Encodable {
        var id: String
        var schema: String
        var properties: [String: [String]]
    }

    /// Compact JSON, keys sorted: one entity per line.
    static let lineEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func entity(id: String, schema: String, _ properties: [(String, [String])]) -> String {
        let value = Entity(id: id, schema: schema, properties: Dictionary(properties, uniquingKeysWith: +))
        // Encoding strings and string arrays cannot fail.
        return (try? lineEncoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    // MARK: DOT

    /// The whole case as a graph for Graphviz or any DOT reader: every party and every transfer (no
    /// folding, no aggregation), with the data as attributes. Render it with `GraphvizRenderer` (`.dot`).
    public static func dotChart(_ context: ChartContext) -> Chart {
        let data = context.data, t = data.transfers
        var chart = Chart(engine: "sfdp", attributes: [("label", "brokergraph case: \(data.parties.count) parties, \(t.count) transfers")],
                          nodeDefaults: [("fontname", CaseCharts.font)], edgeDefaults: [("fontname", CaseCharts.font)])
        for v in 0..<data.parties.count {
            chart.nodes.append(Chart.Node(id: "p\(v)", [("label", context.naming.label(v)), ("key", context.naming.key(v)),
                                                          ("role", context.roles[v].role.rawValue)] + CaseCharts.marks(context.roles[v].role)))
        }
        t.forEachText { e, text in
            var attributes: [(String, String)] = [("row", text.label), ("time", text.timeText), ("records", String(t.records[e])),
                                                  ("category", t.category[e].rawValue), ("mode", t.mode[e].rawValue)]
            if let fen = t.amountFen[e] { attributes.append(("amount", Number.yuan(fen))) }
            if let b = t.batch[e] { attributes.append(("batch", b)) }
            chart.edges.append(Chart.Edge(id: "t\(e)", from: "p\(t.from[e])", to: "p\(t.to[e])", attributes))
        }
        return chart
    }
}
