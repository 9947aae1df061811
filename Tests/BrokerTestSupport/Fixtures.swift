import BrokerCase
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Small cases the tests draw, export and screen.
extension CaseBuilder {
    /// A small ring case: an origin, three insiders swapping, brokers and end users.
    public static func ring() -> CaseBuilder {
        var c = CaseBuilder()
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
    public static let hostileNames = ["\"quoted\" name", "back\\slash\\", "<script>alert(1)</script>", "<<b>x</b>>",
                               "line one\nline two", "Tom & Jerry", "]]> --> <!--"]

    public static func hostile() -> CaseBuilder {
        var c = CaseBuilder()
        for (i, name) in hostileNames.enumerated() { c.party("h\(i)", name: name, aliases: [name + "-alias"], occupation: name) }
        for i in 0..<hostileNames.count {
            c.add("R\(i)<&>\"", "2025-05-0\(i + 1) 10:00", "h\(i)", "h\((i + 1) % hostileNames.count)", Int64(10 + i),
                  .property, .sale, amountFen: 100, batch: "b<\(i)>&")
        }
        return c
    }
}

/// Element names and the text of an XML document, or the parser's error.
public final class XMLCollector: NSObject, XMLParserDelegate {
    public var elements: [String] = []
    public var text = ""
    public var attributes: [String] = []
    public func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements.append(name)
        self.attributes += attributes.values
    }
    public func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    public static func parse(_ bytes: [UInt8]) -> (ok: Bool, collector: XMLCollector, error: String?) {
        let parser = XMLParser(data: Data(bytes))
        let collector = XMLCollector()
        parser.delegate = collector
        let ok = parser.parse()
        return (ok, collector, parser.parserError.map { "\($0)" })
    }
}
