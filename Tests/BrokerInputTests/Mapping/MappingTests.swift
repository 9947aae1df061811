import Testing
@testable import BrokerInput
import BrokerCase

@Suite struct MappingTests {
    static func parse(_ text: String) throws(MappingError) -> Mapping {
        try Mapping.parse(Array(text.utf8), file: "m.yaml")
    }

    static func problem(_ text: String) -> String? {
        do { _ = try parse(text); return nil } catch { return error.description }
    }

    static let ledger = """
        reader: {header_row: 3, delimiter: ";"}
        skip:
          - {column: 时间, equals: [合计, 小计]}
        transfers:
          time: {columns: [日期, 时间]}
          from: 卖方
          to: 买方
          records: 条数
          category: {column: 信息类型, map: {房产信息: property}, default: other}
          mode: {value: sale}
        """

    @Test("a YAML mapping: reader, skip rules, fields of every form")
    func yaml() throws {
        let m = try Self.parse(Self.ledger)
        #expect(m.headerRow == 3 && m.delimiter == UInt8(ascii: ";") && m.encoding == "auto")
        #expect(m.skip == [Mapping.SkipRule(name: "时间 = 合计|小计", column: "时间", test: .equals(["合计", "小计"]))])
        let t = try #require(m.outputs.first)
        #expect(t.kind == .transfers)
        #expect(t.fields["time"]?.source == .columns(["日期", "时间"], separator: " "))
        #expect(t.fields["from"]?.source == .column("卖方"))
        #expect(t.fields["category"]?.map == ["房产信息": "property"] && t.fields["category"]?.defaultValue == "other")
        #expect(t.fields["mode"]?.source == .constant("sale"))
        #expect(m.columnsNamed == ["日期", "时间", "卖方", "买方", "条数", "信息类型"])
        #expect(m.sha256.count == 64)
    }

    @Test("JSON is accepted too")
    func json() throws {
        let m = try Self.parse(#"{"transfers": {"time": "t", "from": "a", "to": "b", "records": "n", "category": {"value": "other"}}}"#)
        #expect(m.outputs.first?.fields["to"]?.source == .column("b"))
    }

    @Test("mistakes are named by file, line and key", arguments: [
        ("transfers:\n  time: t\n  form: a\n", "m.yaml:3: transfers.form: unknown key"),
        ("transfers:\n  time: t\n  from: a\n  to: b\n  records: n\n", "m.yaml:2: transfers: field category is required"),
        ("transfers:\n  time: t\n  from: a\n  records: n\n  category: c\n", "m.yaml:2: transfers: needs from and to, or counterparty and direction"),
        ("readr: {}\ntransfers: {}\n", "m.yaml:1: readr: unknown key"),
        ("name: x\n", "m.yaml:1: names no output"),
        ("reader: {encoding: latin1}\nparties: {id: a}\n", "m.yaml:1: reader.encoding: expected auto"),
        ("parties: {id: a}\nskip:\n  - {column: x}\n", "m.yaml:3: skip[1]: give exactly one of"),
        ("transfers: {time: t, from: a, to: b, records: n, category: {column: c, map: {房产: land}}}\n", "m.yaml:1: transfers.category.map.房产: unknown category"),
        ("payments: {time: t, amount: a, counterparty: c, direction: {column: d, map: {收入: inward}}}\n", "m.yaml:1: payments.direction.map.收入: expected in, out or skip"),
        ("transfers: [1, 2]\n", "m.yaml:1: transfers: expected a mapping"),
        ("transfers: {time: {column: a, value: b}}\n", "m.yaml:1: transfers.time: give only one of"),
        ("mapping: 2\nparties: {id: a}\n", "m.yaml:1: mapping: unknown mapping format version"),
        ("parties: {id: a\n", "m.yaml: not valid YAML"),
    ])
    func mistakes(text: String, expected: String) {
        let message = Self.problem(text)
        #expect(message?.hasPrefix(expected) == true, "\(message ?? "no error")")
    }

    @Test("the built-in presets load")
    func presets() throws {
        for name in Mapping.presetNames {
            let m = try Mapping.named(name)
            #expect(m.outputs.map(\.kind) == [.payments])
        }
    }
}
