import Testing
@testable import BrokerStore

/// The ingest's name table: names by text or bytes, growth, merges, and what a name reads as.
@Suite struct NameTableTests {
    static func slot(_ table: NameTable, _ name: String) -> Int {
        var name = name
        return name.withUTF8 { table.slot(of: $0) }
    }

    @Test("names stand for their ids through growth; unknown names stand for nothing")
    func lookups() {
        let table = NameTable()
        for i in 0..<5_000 { table.set("party \(i)", Int64(i)) }
        table.set("张三", 9_999)
        table.set("party 7", 70)   // replaced, not added
        #expect(table.count == 5_001)
        #expect(table["party 0"] == 0 && table["party 4999"] == 4_999 && table["party 7"] == 70 && table["张三"] == 9_999)
        #expect(table["party 5000"] == nil && table[""] == nil && table["张"] == nil)
        #expect(table.id(at: Self.slot(table, "party 123")) == 123)
        #expect(table.id(at: Self.slot(table, "nobody")) == nil)
    }

    @Test("inserting at the slot a lookup gave; a merge moves every name of one party to another")
    func insertAndReplace() {
        let table = NameTable()
        for i in 0..<3_000 {
            let name = "n\(i)"
            let slot = Self.slot(table, name)
            #expect(table.id(at: slot) == nil)
            let stored = table.insert(name, Int64(i % 10), at: slot)
            #expect(table.id(at: stored) == Int64(i % 10))
        }
        table.replace(3, with: 4)
        #expect((0..<3_000).allSatisfy { table["n\($0)"] == ($0 % 10 == 3 ? 4 : Int64($0 % 10)) })
    }

    @Test("what a name reads as is read once and kept: a phone number is an identifier, a name none")
    func readings() {
        let table = NameTable()
        table.set("13805351234", 1)
        table.set("王五", 2)
        let phone = Self.slot(table, "13805351234"), name = Self.slot(table, "王五")
        let first = table.reading(at: phone), again = table.reading(at: phone)
        let none = table.reading(at: name), stillNone = table.reading(at: name)
        #expect(first?.kind == .mobile && first == again)
        #expect(none == nil && stillNone == nil)
    }
}
