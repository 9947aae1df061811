import BrokerCase
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Builds a small case in memory: parties by key (created on first mention), transfers in order.
struct TestCase {
    var parties: [Party] = []
    var table = TransferTable()
    private var index: [String: Int32] = [:]

    mutating func party(_ key: String, name: String? = nil, aliases: [String] = [], occupation: String? = nil) {
        let v = vertex(key)
        parties[Int(v)].name = name ?? key
        parties[Int(v)].aliases = aliases
        parties[Int(v)].occupation = occupation
    }

    mutating func vertex(_ key: String) -> Int32 {
        if let v = index[key] { return v }
        index[key] = Int32(parties.count)
        parties.append(Party(key: key, name: key))
        return Int32(parties.count - 1)
    }

    /// Adds a transfer; `time` as in input files (local time UTC+8 without an offset).
    mutating func add(_ id: String, _ time: String, _ from: String, _ to: String, _ records: Int64,
                      _ category: Category = .property, _ mode: TransferMode = .sale, amountFen: Int64? = nil,
                      batch: String? = nil) {
        table.label.append(id)
        table.source.append(SourceLocation(file: "test.csv", line: table.count + 2))
        table.from.append(vertex(from))
        table.to.append(vertex(to))
        table.time.append(try! CaseTime.parse(time))
        table.timeText.append(time)
        table.records.append(records)
        table.category.append(category)
        table.mode.append(mode)
        table.amountFen.append(amountFen)
        table.batch.append(batch)
        table.channel.append(nil); table.evidence.append(nil); table.note.append(nil)
    }

    var data: CaseData { CaseData(parties: parties, transfers: table) }

    /// A small ring case: an origin, three insiders swapping, brokers and end users.
    static func ring() -> TestCase {
        var c = TestCase()
        c.party("sys", name: "销售系统", occupation: "system")
        c.party("niu", name: "牛建国", aliases: ["13805351234", "老牛"], occupation: "property sales")
        c.party("li", name: "李晓峰", aliases: ["峰哥"], occupation: "estate agent")
        c.party("men", name: "欧阳志强", occupation: "property management")
        c.party("agent", name: "John Smith", aliases: ["js_fang"], occupation: "estate agent")
        c.add("T1", "2025-02-01 10:00", "sys", "niu", 1200, .property, .collect)
        c.add("T2", "2025-02-03 10:00", "niu", "li", 500, .property, .exchange)
        c.add("T3", "2025-02-04 10:00", "li", "niu", 300, .property, .exchange)
        c.add("T4", "2025-02-05 10:00", "li", "men", 200, .property, .exchange)
        c.add("T5", "2025-02-06 10:00", "men", "niu", 100, .property, .exchange)
        c.add("T6", "2025-03-01 10:00", "niu", "agent", 150, .property, .sale, amountFen: 23800)
        c.add("T7", "2025-03-05", "agent", "enduser1", 40, .credit, .sale, amountFen: 5000)
        c.add("T8", "2025-04-05 09:00", "li", "enduser2", 60)
        return c
    }

    /// Names an attacker would choose.
    static let hostileNames = ["\"quoted\" name", "back\\slash\\", "<script>alert(1)</script>", "<<b>x</b>>",
                               "line one\nline two", "Tom & Jerry", "]]> --> <!--"]

    static func hostile() -> TestCase {
        var c = TestCase()
        for (i, name) in hostileNames.enumerated() { c.party("h\(i)", name: name, aliases: [name + "-alias"], occupation: name) }
        for i in 0..<hostileNames.count {
            c.add("R\(i)<&>\"", "2025-05-0\(i + 1) 10:00", "h\(i)", "h\((i + 1) % hostileNames.count)", Int64(10 + i),
                  .property, .sale, amountFen: 100, batch: "b<\(i)>&")
        }
        return c
    }
}

/// Element names and the text of an XML document, or the parser's error.
final class XMLCollector: NSObject, XMLParserDelegate {
    var elements: [String] = []
    var text = ""
    var attributes: [String] = []
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements.append(name)
        self.attributes += attributes.values
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    static func parse(_ bytes: [UInt8]) -> (ok: Bool, collector: XMLCollector, error: String?) {
        let parser = XMLParser(data: Data(bytes))
        let collector = XMLCollector()
        parser.delegate = collector
        let ok = parser.parse()
        return (ok, collector, parser.parserError.map { "\($0)" })
    }
}
