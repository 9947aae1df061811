import BrokerOutput
import Testing

/// A list written element by element is byte for byte the list encoded whole.
@Suite struct JSONListWriterTests {
    struct Item: Codable {
        var name: String
        var rows: [String]
        var counts: [String: Int]
        var nested: [[Int]]
        var note: String?
    }

    static let items = [
        Item(name: "li/李", rows: [], counts: [:], nested: [[]], note: "two\nlines \"quoted\" \\ tab\t"),
        Item(name: "", rows: ["a", "b"], counts: ["x": 1, "a": 2], nested: [[1, 2], []], note: nil),
        Item(name: "</script>", rows: ["\u{2028}"], counts: ["k": -3], nested: [], note: ""),
    ]

    @Test("element by element = the whole array", arguments: 0...3)
    func sameBytes(count: Int) throws {
        let list = Array(Self.items.prefix(count))
        var written: [UInt8] = []
        var writer = JSONListWriter { written += $0 }
        for item in list { try writer.write(item) }
        try writer.finish()
        #expect(written == (try JSONListWriter.encode(list)))
    }
}
